"""Cutting edges with the knife (Ctrl + right-drag on the canvas): one undo step for every edge cut."""

from __future__ import annotations

from ...core.graph import Graph
from .common import node_title
from .nodes import RemoveNodesCommand


class CutEdgesCommand(RemoveNodesCommand):
    """Remove edges; the Edit menu says "Cut x → sin" for one, "Cut 3 edges" for several."""

    def __init__(self, graph: Graph, edges):
        super().__init__(graph, (), edges)
        if len(self.edges) == 1:
            edge = self.edges[0]
            self.setText(f"Cut {node_title(graph, edge.src)} → {node_title(graph, edge.dst)}")
        else:
            self.setText(f"Cut {len(self.edges)} edges")
