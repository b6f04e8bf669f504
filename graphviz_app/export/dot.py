"""A graph as Graphviz DOT text: nodes named as their cards, values in the labels, shapes on the edges,
groups as clusters.

For people who lay graphs out with Graphviz or feed them to other tools; the program itself
never needs Graphviz. Qt-free.
"""

from __future__ import annotations

import numpy as np

from ..core import engine, number_text
from ..core.graph import Graph
from ..core.naming import display_labels
from ..core.ops import get_op
from ..core.shape_text import shape_text

_SUBSCRIPT_DIGITS = "₀₁₂₃₄₅₆₇₈₉"
_STYLE = {
    "variable": 'shape=ellipse, style=filled, fillcolor="#e8f0fe"',
    "constant": 'shape=ellipse, style="filled,dashed", fillcolor="#f3f3f3"',
    "op": 'shape=box, style="rounded,filled", fillcolor="#ffffff"',
}


def quote(text: str) -> str:
    """A DOT string: quotes and backslashes escaped, line breaks as \\n."""
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\n") + '"'


def graph_dot(graph: Graph, title: str = "graphviz_app") -> str:
    """The DOT text of graph (evaluated, so values and shapes are shown where they exist)."""
    names = display_labels(graph)
    ev = engine.evaluate(graph)
    lines = [
        f"digraph {quote(title)} {{",
        "  rankdir=LR;",
        '  node [fontname="Helvetica", fontsize=11];',
        '  edge [fontname="Helvetica", fontsize=9];',
    ]
    for node in graph.nodes():
        name = names[node.id]
        heading = _heading(name, get_op(node.op).symbol) if node.kind == "op" else name
        value = ev.values.get(node.id)
        problem = ev.problem(node.id)
        detail = f"= {number_text.short(value, 4)}" if value is not None else (problem or "")
        attrs = [f"label={quote(heading + chr(10) + detail if detail else heading)}", _STYLE[node.kind]]
        if node.id == graph.output:
            attrs.append("peripheries=2")
        if node.id in ev.errors:
            attrs.append('color="#c62828"')
        lines.append(f"  {quote(name)} [{', '.join(attrs)}];")
    for edge in sorted(graph.edges(), key=lambda e: (e.dst, e.port)):
        dst = graph.node(edge.dst)
        op = get_op(dst.op)
        value = ev.values.get(edge.src)
        shape = shape_text(np.shape(value)) if value is not None else "?"
        text = f"{op.inputs[edge.port]}: {shape}" if op.arity > 1 else shape
        lines.append(f"  {quote(names[edge.src])} -> {quote(names[edge.dst])} [label={quote(text)}];")
    lines.extend(_clusters(graph, names))
    lines.append("}")
    return "\n".join(lines) + "\n"


def _heading(name: str, symbol: str) -> str:
    """An op's name with its symbol, as its card says what it computes ("h  tanh", "matmul₁  @");
    the name alone when it is the symbol already (a node called "tanh", "tanh₂")."""
    return name if name.rstrip(_SUBSCRIPT_DIGITS) == symbol else f"{name}  {symbol}"


def _clusters(graph: Graph, names: dict[str, str]) -> list[str]:
    """The groups as Graphviz clusters, nested as they are: a frame named as the group's."""
    lines: list[str] = []

    def emit(tree, depth: int) -> None:
        for group, children in tree:
            pad = "  " * depth
            lines.append(f"{pad}subgraph {quote('cluster_' + group.id)} {{")
            lines.append(f'{pad}  label={quote(group.name)}; style="rounded,dashed"; color="#7a869a";')
            inner = set().union(*(child.nodes for child, _ in children)) if children else set()
            own = [nid for nid in graph.node_ids() if nid in group.nodes and nid not in inner]
            if own:
                lines.append(f"{pad}  " + " ".join(f"{quote(names[nid])};" for nid in own))
            emit(children, depth + 1)
            lines.append(f"{pad}}}")

    emit(graph.groups.tree(), 1)
    return lines
