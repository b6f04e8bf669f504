"""The names the animation writes for nodes: exactly what the canvas shows on each card
(core.naming), never the internal id (n4), which the canvas never shows. Traces come from the
core with Node.label; `relabelled` writes these names into them.
"""

from __future__ import annotations

from ...core.graph import Graph
from ...core.naming import display_label, display_labels


def canvas_labels(graph: Graph) -> dict[str, str]:
    """node id -> the name the canvas shows for it (core.naming.display_labels)."""
    return display_labels(graph)


def canvas_label(graph: Graph, node_id: str) -> str:
    """One node's name as its card shows it."""
    return display_label(graph, node_id)


def relabelled(graph: Graph, trace):
    """The trace with every node label as the canvas shows it, written into the trace itself.

    A trace is plain data made for its reader (engine.backward builds a fresh one per call), so
    its labels are set in place: copying every step cost more than the first overlay at 1000
    nodes. The graph's version is noted, so a second call for the same names does nothing."""
    key = (id(graph), graph.version, len(graph))
    if getattr(trace, "named_for", None) == key:
        return trace
    names = canvas_labels(graph)
    for step in trace.steps:
        step.label = names.get(step.node, step.label)
        for inp in step.inputs:
            inp.source_label = names.get(inp.source, inp.source_label)
    if hasattr(trace, "output_label"):
        trace.output_label = names.get(trace.output, trace.output_label)
    trace.named_for = key
    return trace
