"""The canvas: a QGraphicsScene that mirrors the core Graph, and the view that edits it."""
from graphviz_app.ui import qt_refcount  # noqa: F401  (before any PySide call: see the module)
from .scene import GraphScene
from .view import GraphView

__all__ = ["GraphScene", "GraphView"]
