"""The fix a shape message offers, seen from the graph around the failing op rather than from its
operands' shapes alone. One path for every way in: the engine's evaluation (the window, the CLI)
and the Python API's traced functions (api/tracing.py), where the failing op has no node yet, so
it is given by its op and input nodes.

- The op a reader meant (W * x + b: write W @ x), from meant_instead.py.
- A bias added to a product X @ W: X's rows are examples, so the bias is one entry per column
  first, even when its length happens to be the batch's (b ℝ⁴ with 4 examples).
- The product's width comes from its weight: X @ W2 ℝ⁴ˣ⁴ + b2 ℝ³ is b2's fault or W2's, and the
  message names both ("… or, if b2 ℝ³ is right, W2 must be ℝ⁵ˣ³"), never only the bias.
"""

from __future__ import annotations

from collections.abc import Mapping

import numpy as np

from .errors import EitherHint, ShapeError
from .graph import Graph
from .meant_instead import meant_instead_hint
from .naming import operand_text
from .ops import OpDef, fmt_shape
from .ops.elementwise_binary import broadcast_fix

Hint = str | EitherHint


def shape_hint(
    graph: Graph, op: OpDef, sources: list[str], values: Mapping[str, np.ndarray], params, error: ShapeError
) -> Hint:
    """The fix for op of the input nodes sources (whose values are known) failing with error: as
    error.hint, its operands written {0}, {1}, … (or an EitherHint, for shape_problem to choose)."""
    meant = meant_instead_hint(graph, op, sources, values, params)
    if meant:
        return meant
    hint: Hint = error.hint
    if not op.broadcasts or len(sources) != 2:
        return hint
    shapes = [tuple(values[src].shape) for src in sources]
    product = next((p for p in (0, 1) if _weight_of(graph, sources[p], values) is not None), None)
    if product is None or len(shapes[product]) != 2:
        return hint
    if len(shapes[1 - product]) == 1:  # (a bias vector: one entry per column first)
        hint = broadcast_fix(shapes[0], shapes[1], change_b=product == 0, columns_first=True)
    width = _width_fix(graph, op, sources, shapes, values, params, product)
    if not width:
        return hint
    if isinstance(hint, EitherHint):
        return EitherHint(change_b=hint.change_b + width, change_a=hint.change_a + width)
    return (hint or f"{{{1 - product}}} must broadcast with {{{product}}}") + width


def _weight_of(graph: Graph, node_id: str, values: Mapping[str, np.ndarray]) -> str | None:
    """The matrix a product node takes its columns from (W in X @ W), when it is a value a person
    set (a variable or a constant); else None."""
    node = graph.node(node_id)
    if node.kind != "op" or node.op != "matmul":
        return None
    right = graph.inputs_of(node_id).get(1)
    if right is None or right not in values or graph.node(right).kind == "op" or values[right].ndim != 2:
        return None
    return right


def _width_fix(graph, op, sources, shapes, values, params, product: int) -> str:
    """ ", or if {other} is right, W must be ℝᵐˣⁿ (…)": the product's weight resized so its columns
    fit the other operand, when the other operand is a value a person set and that would fit."""
    other = sources[1 - product]
    if graph.node(other).kind == "op" or not shapes[1 - product]:
        return ""
    width = shapes[1 - product][-1]
    rows, columns = shapes[product]
    if width in (1, columns):
        return ""
    resized = [(rows, width) if p == product else s for p, s in enumerate(shapes)]
    try:
        op.shape(resized, params)
    except ShapeError:
        return ""
    weight = _weight_of(graph, sources[product], values)
    name = operand_text(graph, weight).replace("{", "{{").replace("}", "}}")
    weight_shape = fmt_shape((values[weight].shape[0], width))
    kept = f"{{{1 - product}}} {fmt_shape(shapes[1 - product])}"
    return f"; or, if {kept} is right, {name} must be {weight_shape} ({{{product}}} has {name}'s {columns} columns)"
