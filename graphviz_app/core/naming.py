"""The names people see for nodes: what the canvas shows on each card, never an internal id.

A named node is its name; an unnamed op is its op (matmul), with a subscript index when several
unnamed nodes share the op (matmul₁, matmul₂, in the graph's order); an unnamed input is its
kind. Messages about a node (evaluation errors, refused edits) name it with `describe`.
"""
from __future__ import annotations

from collections import Counter
from weakref import WeakKeyDictionary

_SUBSCRIPTS = str.maketrans("0123456789", "₀₁₂₃₄₅₆₇₈₉")
_LABELS: WeakKeyDictionary = WeakKeyDictionary()  # graph -> ((version, size), its labels)


def _title(node) -> str:
    return node.op if node.kind == "op" and node.op else node.kind


def display_labels(graph) -> dict[str, str]:
    """node id -> the name people see for it (a fresh dict; worked out once per graph version:
    a keyboard step of the animation asks for it several times)."""
    key = (graph.version, len(graph))
    cached = _LABELS.get(graph)
    if cached is not None and cached[0] == key:
        return dict(cached[1])
    names = _compute(graph)
    _LABELS[graph] = (key, names)
    return dict(names)


def display_label(graph, node_id: str) -> str:
    return display_labels(graph).get(node_id, node_id)


def describe(graph, node_id: str) -> str:
    """A node as a message names it: `matmul "h1"`, `variable "x"`, or for an unnamed one what
    its card shows (`add₂`)."""
    node = graph.node(node_id)
    if node.name:
        return f'{_title(node)} "{node.name}"'
    return display_label(graph, node_id)


def _compute(graph) -> dict[str, str]:
    unnamed = [n for n in graph.nodes() if not n.name]
    shared = Counter(_title(n) for n in unnamed)
    seen: Counter = Counter()
    names = {n.id: n.name for n in graph.nodes() if n.name}
    for n in unnamed:
        title = _title(n)
        seen[title] += 1
        names[n.id] = title + (str(seen[title]).translate(_SUBSCRIPTS) if shared[title] > 1 else "")
    return names


# characters a name cannot hold: formulas read them as operators, and --set NAME=VALUE splits at =
_NOT_IN_NAMES = set("=,:;\"'`()[]{}+-*/@^<>!&|%~#\\?$")


def name_problem(graph, node_id: str, name: str) -> str | None:
    """Why `name` cannot be this node's name (None: it can). An empty name takes the name away."""
    name = name.strip()
    if not name:
        return None
    bad = sorted({c for c in name if c in _NOT_IN_NAMES or c.isspace()})
    if bad:
        shown = " ".join("space" if c.isspace() else c for c in bad)
        return f"a name cannot hold {shown}: use letters, digits and _ (θ, x₁ and y_hat are fine)"
    if name[0].isdigit():
        return "a name cannot start with a digit"
    for other in graph.nodes():
        if other.name == name and other.id != node_id:
            what = other.op if other.kind == "op" else other.kind
            return f'"{name}" is already the name of another node (a {what})'
    return None
