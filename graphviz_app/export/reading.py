"""The diagram an export reads: one path for every export (pictures, LaTeX, DOT), so a refusal
is worded the same whatever is written."""

from __future__ import annotations

from .formats import ExportError, check_folder


def read_diagram(path: str, out: str | None):
    """The diagram, with a reading problem told as one (a missing file, not a regular file, too
    large, unreadable: "cannot read", never "cannot write"). The output folder is checked
    between the cheap look at the file and reading it, so no time is spent on a doomed export.
    A file that gives its nodes no places is laid out, as the window opens it. out: None for stdout."""
    from ..core.autolayout import lay_out_if_piled
    from ..core.file_access import cannot_read, check_file
    from ..core.fileformat import load

    try:
        check_file(path)
        if out is not None:
            check_folder(out)
        graph = load(path)
    except OSError as exc:
        raise ExportError(cannot_read(exc, path)) from None
    lay_out_if_piled(graph)
    return graph
