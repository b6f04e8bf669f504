"""A node dragged from the palette onto the canvas: accepted while it is one this program makes,
marking the edge it is held over (an op dropped there goes into it), else added where it drops.
Each function answers whether the event was such a drag (the view hands on any other)."""

from __future__ import annotations

from ..catalog import MIME_TYPE
from ..catalog_view import read_node_mime

NODE_MIME = MIME_TYPE  # what the palette's drags carry


def enter(view, event) -> bool:
    if not event.mimeData().hasFormat(NODE_MIME):
        return False
    if read_node_mime(event.mimeData()) is not None:
        event.acceptProposedAction()
    else:
        event.ignore()  # (ours, but no node this program makes: an unknown op)
    return True


def move(view, event) -> bool:
    if not event.mimeData().hasFormat(NODE_MIME):
        return False
    spec = read_node_mime(event.mimeData())
    if spec is None:
        event.ignore()
        return True
    event.acceptProposedAction()  # an op held over an edge marks it (edge_insert.py)
    view.scene().gestures.edge_insert.track_new(*spec, view.mapToScene(event.position().toPoint()))
    return True


def leave(view) -> None:
    view.scene().gestures.edge_insert.clear()


def drop(view, event) -> bool:
    mime = event.mimeData()
    if not mime.hasFormat(NODE_MIME):
        return False
    spec = read_node_mime(mime)
    scene = view.scene()
    if spec is None:
        scene.gestures.edge_insert.clear()
        scene.statusMessage.emit("The dropped item is not a node")
        event.ignore()
        return True
    kind, op = spec
    at = view.mapToScene(event.position().toPoint())
    inserted = scene.gestures.edge_insert.drop_new(kind, op, at)  # onto an edge: into it
    if inserted is not None:
        scene.select_nodes([inserted])
    else:
        view.editor.add_node_inside(kind, op, at)
    event.acceptProposedAction()
    view.setFocus()
    return True
