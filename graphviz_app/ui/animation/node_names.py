"""The names the animation writes for nodes: exactly what the canvas shows on each card
(core.naming), never the internal id (n4), which the canvas never shows. Traces come from the
core with Node.label; `relabelled` swaps in these names.
"""

from __future__ import annotations

from dataclasses import replace

from ...core.graph import Graph
from ...core.naming import display_labels


def canvas_labels(graph: Graph) -> dict[str, str]:
    """node id -> the name the canvas shows for it (core.naming.display_labels)."""
    return display_labels(graph)


def relabelled(graph: Graph, trace):
    """The trace with every node label as the canvas shows it (the same trace when already so)."""
    names = canvas_labels(graph)
    if getattr(trace, "canvas_names", None) == names:
        return trace

    def name(node_id: str, label: str) -> str:
        return names.get(node_id, label)

    steps = [
        replace(
            s,
            label=name(s.node, s.label),
            inputs=[replace(i, source_label=name(i.source, i.source_label)) for i in s.inputs],
        )
        for s in trace.steps
    ]
    out = replace(trace, steps=steps)
    if hasattr(trace, "output_label"):
        out = replace(out, output_label=name(trace.output, trace.output_label))
    out.canvas_names = names
    return out
