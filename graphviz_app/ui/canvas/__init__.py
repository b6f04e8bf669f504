"""The canvas: a QGraphicsScene that mirrors the core Graph, and the view that edits it."""

from .scene import GraphScene
from .view import GraphView

__all__ = ["GraphScene", "GraphView"]
