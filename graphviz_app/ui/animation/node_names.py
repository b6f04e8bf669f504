"""The names the animation writes for nodes: exactly what the canvas shows on each card.

A named node is its name; an unnamed op is its op title (matmul), with a subscript index when
several unnamed nodes share the op (matmul₁, matmul₂) — never the internal id (n4), which the
canvas never shows. Traces come from the core with Node.label; `relabelled` swaps in these names.
"""
from __future__ import annotations

from collections import Counter
from weakref import WeakKeyDictionary
from dataclasses import replace

from ...core.graph import Graph

_SUBSCRIPTS = str.maketrans("0123456789", "₀₁₂₃₄₅₆₇₈₉")
_LABELS: WeakKeyDictionary = WeakKeyDictionary()  # graph -> ((version, size), its canvas labels)


def _title(node) -> str:
    return node.op if node.kind == "op" and node.op else node.kind


def canvas_labels(graph: Graph) -> dict[str, str]:
    """node id -> the name the canvas shows for it, in formulas' spelling (a fresh dict; computed
    once per graph version: a keyboard step asks for it several times)."""
    key = (graph.version, len(graph))
    cached = _LABELS.get(graph)
    if cached is not None and cached[0] == key:
        return dict(cached[1])
    names = _compute_labels(graph)
    _LABELS[graph] = (key, names)
    return dict(names)


def _compute_labels(graph: Graph) -> dict[str, str]:
    unnamed = [n for n in graph.nodes() if not n.name]
    shared = Counter(_title(n) for n in unnamed)
    seen: Counter = Counter()
    names = {n.id: n.name for n in graph.nodes() if n.name}
    for n in unnamed:
        title = _title(n)
        seen[title] += 1
        names[n.id] = title + (str(seen[title]).translate(_SUBSCRIPTS) if shared[title] > 1 else "")
    return names


def relabelled(graph: Graph, trace):
    """The trace with every node label as the canvas shows it (the same trace when already so)."""
    names = canvas_labels(graph)
    if getattr(trace, "canvas_names", None) == names:
        return trace

    def name(node_id: str, label: str) -> str:
        return names.get(node_id, label)

    steps = [replace(s, label=name(s.node, s.label),
                     inputs=[replace(i, source_label=name(i.source, i.source_label)) for i in s.inputs])
             for s in trace.steps]
    out = replace(trace, steps=steps)
    if hasattr(trace, "output_label"):
        out = replace(out, output_label=name(trace.output, trace.output_label))
    out.canvas_names = names
    return out
