"""Copy, cut, paste and duplicate parts of a graph through the system clipboard.

The fragment travels as JSON under its own mime type (and as plain text), so it
can be pasted into another window or another open file. Pasting gives fresh ids
and free names (PasteCommand); edges leaving the fragment are not copied. The groups
whose nodes are all copied travel with them (a collapsed card's hidden nodes are copied
with it: the editor copies what Delete would take).
"""

from __future__ import annotations

import atexit
import json
from collections.abc import Callable

from PySide6.QtCore import QMimeData
from PySide6.QtGui import QGuiApplication, QUndoStack

from ..core.graph import Graph
from ..core.values import kept_number_hooks, to_json_value
from .commands.common import try_push
from .commands.document import REFUSED, PasteCommand
from .commands.nodes import RemoveNodesCommand

MIME_TYPE = "application/x-graphviz-app-fragment"
FORMAT = "graphviz-app-fragment"
NOT_A_FRAGMENT = f"{REFUSED}: the clipboard does not hold a graph fragment"
STEP = 40.0  # each paste of the same fragment lands a little further down-right


def fragment(graph: Graph, node_ids) -> dict:
    ids = [nid for nid in graph.node_ids() if nid in set(node_ids)]
    inside = set(ids)
    nodes = []
    for nid in ids:
        node = graph.node(nid)
        nodes.append(
            {
                "id": nid,
                "kind": node.kind,
                "op": node.op,
                "name": node.name,
                "value": None if node.value is None else to_json_value(node.value),
                "pos": list(node.pos),
                "params": dict(node.params),
                **({"trainable": False} if node.kind == "variable" and not node.trainable else {}),
            }
        )
    edges = [list(e) for e in graph.edges() if e.src in inside and e.dst in inside]
    groups = [
        {"id": g.id, "name": g.name, "nodes": [n for n in ids if n in g.nodes], "collapsed": g.collapsed}
        for g in graph.groups  # (in the order made: of two groups with the same nodes, the outer first)
        if g.nodes <= inside
    ]
    return {"format": FORMAT, "nodes": nodes, "edges": edges, "groups": groups}


_release_registered = False


def _release_at_exit() -> None:
    """PySide6 6.12 crashes at interpreter exit if the clipboard still owns our QMimeData."""
    app = QGuiApplication.instance()
    if app is None:
        return
    mime = app.clipboard().mimeData()
    if mime is not None and mime.hasFormat(MIME_TYPE):
        app.clipboard().clear()


def copy_nodes(graph: Graph, node_ids) -> bool:
    global _release_registered
    if not node_ids:
        return False
    if not _release_registered:
        atexit.register(_release_at_exit)
        _release_registered = True
    text = json.dumps(fragment(graph, node_ids))
    mime = QMimeData()
    mime.setData(MIME_TYPE, text.encode("utf-8"))
    mime.setText(text)
    QGuiApplication.clipboard().setMimeData(mime)
    return True


def clipboard_payload() -> dict | None:
    mime = QGuiApplication.clipboard().mimeData()
    if mime is None:
        return None
    if mime.hasFormat(MIME_TYPE):
        raw = bytes(mime.data(MIME_TYPE)).decode("utf-8", "replace")
    elif mime.hasText():
        raw = mime.text()
    else:
        return None
    try:
        payload = json.loads(raw, **kept_number_hooks(raw))  # (1e400 refused where it is, not read as inf)
    except (json.JSONDecodeError, RecursionError):
        return None
    if not isinstance(payload, dict) or payload.get("format") != FORMAT or not isinstance(payload.get("nodes"), list):
        return None
    return payload


def holds_fragment() -> bool:
    """Whether the clipboard holds something Paste takes (Paste is enabled only then): nodes this
    app copied, or text that reads as such a fragment."""
    mime = QGuiApplication.clipboard().mimeData()
    if mime is not None and mime.hasFormat(MIME_TYPE):
        return True  # (not read again: it is ours, checked whole when pasted)
    return clipboard_payload() is not None


def _positions_problem(payload: dict) -> str | None:
    """Why a copied node or its position cannot be pasted (None: all can): checked before anything is
    worked out from them, as the file reader checks a file's (finite, within ±MAX_COORDINATE)."""
    from ..core.fileformat import pos_problem  # (the file format is not imported to build the window)

    for item in payload["nodes"]:
        if not isinstance(item, dict):
            return NOT_A_FRAGMENT
        problem = pos_problem(item.get("pos", [0.0, 0.0]))
        if problem is not None:
            name = item.get("name")
            what = f'the copied node "{name}"' if isinstance(name, str) and name else "a copied node"
            return f'{REFUSED}: {what}: "pos" {problem}'
    return None


def _place(item: dict) -> tuple[float, float]:
    x, y = item.get("pos", (0.0, 0.0))  # (no "pos": at the origin, as in a file)
    return float(x), float(y)


def _centre(payload: dict) -> tuple[float, float]:
    xs = [_place(n)[0] for n in payload["nodes"]]
    ys = [_place(n)[1] for n in payload["nodes"]]
    return (min(xs) + max(xs)) / 2, (min(ys) + max(ys)) / 2


def _clear_of(graph: Graph, payload: dict, offset: tuple[float, float]) -> tuple[float, float]:
    """The offset moved on by STEP while a pasted card would sit exactly where a card is (a
    second paste at the same spot would hide the first copy under the second)."""
    taken = {(round(n.pos[0]), round(n.pos[1])) for n in graph.nodes()}
    places = [_place(n) for n in payload["nodes"]]
    dx, dy = offset
    for _ in range(100):
        if not any((round(x + dx), round(y + dy)) in taken for x, y in places):
            break
        dx, dy = dx + STEP, dy + STEP
    return dx, dy


def paste_payload(
    graph: Graph,
    stack: QUndoStack,
    payload: dict,
    at: tuple[float, float] | None,
    report: Callable[[str], None] | None = None,
    text: str = "Paste",
) -> PasteCommand | None:
    """Paste a fragment centred at `at`, or shifted by one step from where it was copied."""
    if not payload.get("nodes"):
        return None
    try:
        problem = _positions_problem(payload)
        if problem is not None:
            if report is not None:
                report(problem)
            return None
        if at is None:
            offset = (STEP, STEP)
        else:
            cx, cy = _centre(payload)
            offset = (at[0] - cx, at[1] - cy)
        offset = _clear_of(graph, payload, offset)
        return try_push(stack, lambda: PasteCommand(graph, payload, offset, text=text), report)
    except (KeyError, TypeError, ValueError, IndexError, ArithmeticError):
        if report is not None:
            report(NOT_A_FRAGMENT)
        return None


def paste(graph: Graph, stack: QUndoStack, at=None, report=None) -> PasteCommand | None:
    payload = clipboard_payload()
    if payload is None:
        if report is not None:
            report(f"{REFUSED}: the clipboard holds no nodes: copy some first")
        return None
    return paste_payload(graph, stack, payload, at, report)


def cut_nodes(graph: Graph, stack: QUndoStack, node_ids, report=None) -> bool:
    if not copy_nodes(graph, node_ids):
        return False

    def make():
        command = RemoveNodesCommand(graph, node_ids)
        command.setText("Cut " + command.text().removeprefix("Delete "))
        return command

    return try_push(stack, make, report) is not None


def duplicate_nodes(
    graph: Graph, stack: QUndoStack, node_ids, report=None, offset: tuple[float, float] = (STEP, STEP)
) -> PasteCommand | None:
    """The nodes copied and pasted `offset` from where they are, in one undo step."""
    if not node_ids:
        return None
    payload = fragment(graph, node_ids)
    cx, cy = _centre(payload)
    return paste_payload(graph, stack, payload, (cx + offset[0], cy + offset[1]), report, text="Duplicate")
