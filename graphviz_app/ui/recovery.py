"""After a crash: offer the unsaved work that autosave kept, and load what the user accepts."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtWidgets import QMessageBox

from ..core.errors import UserError
from ..core.graph import Graph
from . import settings as storage
from .autosave import leftovers
from .commands.document import ReplaceGraphCommand


def offer_recovery(window) -> list:
    """Offer the work every window of the crashed programs kept (the newest in `window`, each
    other one in a window of its own). The windows that show recovered work (none: nothing loaded)."""
    found = leftovers(*storage.recovery_dirs())
    if not found:
        return []
    names = [Path(item.original).name if item.original else "an untitled graph" for item in found]
    what = "the unsaved work it kept" if len(found) == 1 else f"the unsaved work of {len(found)} windows"
    answer = QMessageBox.question(
        window,
        "Recover unsaved work",
        f"graphviz-app did not close normally last time. Recover {what}?\n\n"
        + "\n".join(names[:8])
        + ("\n…" if len(names) > 8 else ""),
    )
    return recover(window, found, answer == QMessageBox.StandardButton.Yes)


def recover(window, found, accept: bool) -> list:
    """Load each leftover (the first into `window`, the others into new ones); the ones that
    cannot be read are set aside and named in one message. Declined: all are dropped.
    The windows loaded, in order."""
    from ..core import fileformat

    windows, unreadable = [], []
    for item in found:
        if accept:
            try:
                graph = fileformat.load(item.file)
            except (UserError, OSError) as exc:
                kept = item.set_aside()  # (not offered again at every start, never deleted)
                unreadable.append(f"{getattr(exc, 'message', None) or exc}" + (f"\n(kept as {kept})" if kept else ""))
                continue
            into = window if not windows else window.new_window()
            _show_recovered(into, graph, Path(item.original) if item.original else None)
            into.autosaver.save_now()  # its own copy first: a crash now loses nothing
            windows.append(into)
        item.discard()
    if len(windows) > 1:  # how many, each in its own window (one names itself: _show_recovered)
        window.status.show(f"Recovered {len(windows)} documents, each in its own window: save to keep the work.", 0)
    if unreadable:
        window.files.show_error("Cannot recover", "\n\n".join(unreadable))
    return windows


def _show_recovered(window, graph: Graph, original: Path | None) -> None:
    window.open_graph(Graph(), original, (original.name if original else "Untitled") + " (recovered)")
    # recovered work is unsaved work: one undoable step makes the document modified
    window.undo_stack.push(ReplaceGraphCommand(window.graph, graph, "Recover unsaved work"))
    window.view.fit_document()
    said = original.name if original else "an untitled graph"
    window.status.show(f"Recovered {said}: save to keep the work.", 0)  # (not the undo step's words)
