"""Why a save failed, in words a user can act on (the disk, the folder, a name that cannot be
written): the message boxes of Save and the autosave warning say it."""

from __future__ import annotations

from ..core.errors import UserError
from ..core.file_access import folder_problem
from ..core.naming import describe


def why_not_saved(exc: BaseException, graph=None) -> str:
    """The reason of a failed save, one sentence (without the file's name: the caller names it)."""
    if isinstance(exc, OSError):  # (its folder gone, or a file in the way: as g.save says it)
        problem = folder_problem(exc.filename) if exc.filename else None
        return problem or exc.strerror or str(exc)
    if isinstance(exc, UserError):
        return exc.message
    if isinstance(exc, UnicodeEncodeError):
        bad = exc.object[exc.start : exc.end] if isinstance(exc.object, str) else ""
        code = f"U+{ord(bad[0]):04X}" if bad else "a character"
        where = _node_holding(graph, bad) if bad and graph is not None else None
        return (
            f"{where or 'a name'} holds a character that cannot be written to a file ({code}); rename it and save again"
        )
    return f"{type(exc).__name__}: {exc}"


def _node_holding(graph, text: str) -> str | None:
    for node in graph.nodes():
        if text in (node.name or "") or text in node.id:
            return "the name of " + describe(graph, node.id).replace(text, "\ufffd")
    for group in graph.groups:  # (a node's name cannot hold it: the graph refuses; a group's may)
        if text in group.name:
            return f'the name of the group "{group.name.replace(text, chr(0xFFFD))}"'
    return None
