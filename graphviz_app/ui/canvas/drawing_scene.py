"""The canvas scene a picture is drawn on without a window (`graphviz-app export`, the Python
API's pictures): destroyed as soon as the picture is drawn, on the thread that drew it.

A scene is in reference cycles (the graph tells it of each change; its items, evaluator and timers
point back at it). Left to the garbage collector, it outlived its picture, following its graph, and
was destroyed by whichever thread ran a collection once the graph went (a notebook's history
thread, a test runner's): a Qt object destroyed off the GUI thread later crashes the event loop."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

from PySide6.QtGui import QUndoStack
from shiboken6 import delete

from ...core.graph import Graph
from .scene import GraphScene


@contextmanager
def drawing_scene(graph: Graph) -> Iterator[GraphScene]:
    """A scene showing graph, for drawing only; gone (Qt objects and all) on leaving."""
    scene = GraphScene(graph, QUndoStack())
    scene.undo_stack.setParent(scene)  # (goes with it)
    try:
        yield scene
    finally:
        scene.detach()  # (no longer follows graph)
        delete(scene)  # (its items, evaluator and timers with it, here and now)
