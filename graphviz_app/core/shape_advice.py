"""The fix a shape message offers, seen from the graph around the failing op rather than from its
operands' shapes alone. One path for every way in: the engine's evaluation (the window, the CLI)
and the Python API's traced functions (api/tracing.py), where the failing op has no node yet, so
it is given by its op and input nodes.

- The op a reader meant (W * x + b: write W @ x), from meant_instead.py.
- A bias added to a product X @ W: X's rows are examples, so the bias is one entry per column
  first, even when its length happens to be the batch's (b ℝ⁴ with 4 examples).
- The product's width comes from its weight: X @ W2 ℝ⁴ˣ⁴ + b2 ℝ³ is b2's fault or W2's, and the
  message names both ("… or, if b2 ℝ³ is right, W2 must be ℝ⁵ˣ³"), never only the bias.
- A row weight in X @ w (w ℝ¹ˣ³, X ℝ⁴ˣ³): its transpose ℝ³ˣ¹ fits but makes a column ℝ⁴ˣ¹,
  which an element-wise op with a vector y ℝ⁴ silently broadcasts into ℝ⁴ˣ⁴; so where the
  product feeds such an op, w as the vector ℝ³ is the fix, and where what it feeds is not known
  yet (a traced function stops at the product), the vector comes first, the transpose second.
"""

from __future__ import annotations

from collections.abc import Mapping

import numpy as np

from .data_names import is_data_name
from .errors import EitherHint, ShapeError
from .graph import Graph
from .meant_instead import meant_instead_hint
from .naming import describe, message_name
from .ops import OpDef, fmt_shape, get_op
from .ops.elementwise_binary import broadcast_fix

Hint = str | EitherHint


def shape_hint(
    graph: Graph,
    op: OpDef,
    sources: list[str],
    values: Mapping[str, np.ndarray],
    params,
    error: ShapeError,
    node_id: str | None = None,
    python: bool = False,
) -> Hint:
    """The fix for op of the input nodes sources (whose values are known) failing with error: as
    error.hint, its operands written {0}, {1}, … (or an EitherHint, for shape_problem to choose).
    node_id: the failing op's node, where it has one (the engine's), so what its result feeds can
    tell which fix holds further on (a traced function fails before anything uses the result).
    python: code in the advice as a traced function types it (np.tanh(X @ W1)), not an expression."""
    meant = meant_instead_hint(graph, op, sources, values, params, python)
    if meant:
        return meant
    row = _row_weight_hint(graph, op, sources, values, node_id)
    if row:
        return row
    computed = _computed_operand_hint(graph, op, sources, values)
    if computed:
        return computed
    hint: Hint = error.hint
    if not op.broadcasts or len(sources) != 2:
        return hint
    shapes = [tuple(values[src].shape) for src in sources]
    product = next((p for p in (0, 1) if _weight_of(graph, sources[p], values) is not None), None)
    if product is None or len(shapes[product]) != 2:
        return hint
    if len(shapes[1 - product]) == 1:  # (a bias vector: one entry per column first)
        hint = broadcast_fix(shapes[0], shapes[1], change_b=product == 0, columns_first=True)
    resized = _resized_weight(graph, op, sources, shapes, values, params, product)
    if not resized:
        return hint
    weight = (
        f"{resized} ({{{product}}} has {_weight_name(graph, sources[product], values)}'s {shapes[product][1]} columns)"
    )
    if node_id is not None and _weight_is_the_fix(graph, op, node_id, shapes, params, product):
        kept = f"{{{1 - product}}} {fmt_shape(shapes[1 - product])}"  # (the bias fix would fail further on)
        columns = shapes[1 - product][-1]
        return f"{weight}: {_feeds(graph, node_id)} takes {columns} columns, as {kept} has"
    width = f"; or, if {{{1 - product}}} {fmt_shape(shapes[1 - product])} is right, {weight}"
    if isinstance(hint, EitherHint):
        return EitherHint(change_b=hint.change_b + width, change_a=hint.change_a + width)
    return (hint or f"{{{1 - product}}} must broadcast with {{{product}}}") + width


def _computed_operand_hint(graph: Graph, op: OpDef, sources: list[str], values) -> str:
    """A @ B where one operand is a matrix an op computed (tanh(X @ W1)) or data (X: a constant, a
    frozen variable, a name data goes by) and the other a weight the user set (W2, trainable):
    transposing the computed one is never the fix (it would mix the batch with the features), nor
    is transposing the data first (X.T @ W1 fits, runs, and quietly trains on the features as
    examples), so the weight is resized to fit it, or, where its transpose fits, it looks
    transposed; the data's transpose after, then swapped operands. "" where neither operand is so
    (the op's hint holds)."""
    if not op.matrix_product or len(sources) != 2:
        return ""
    made = [graph.node(src).kind == "op" for src in sources]
    data = [not made[p] and _is_data(graph, sources[p]) for p in (0, 1)]
    fixed = [made[p] or data[p] for p in (0, 1)]
    if fixed[0] == fixed[1]:
        return ""
    c = 0 if fixed[0] else 1  # the computed operand or the data, a matrix
    if not made[c] and not _is_weight(graph, sources[1 - c]):
        return ""
    a, b = (tuple(values[src].shape) for src in sources)
    if not (a and b):
        return ""  # (a scalar: the op's own word, use mul, holds)
    if len((a, b)[c]) != 2:
        return ""
    w = 1 - c
    if c == 0:
        fits = f"{{1}} must be {fmt_shape((a[1],) + b[1:])} to match {{0}}'s {a[1]} columns"
        transpose_fits, own_transpose_fits = len(b) == 2 and b[1] == a[1], a[0] == b[0]
    else:
        fits = f"{{0}} must be {fmt_shape(a[:-1] + (b[0],))} to match {{1}}'s {b[0]} rows"
        transpose_fits, own_transpose_fits = len(a) == 2 and a[0] == b[0], a[-1] == b[1]
    if data[c] and (transpose_fits or not own_transpose_fits):
        return ""  # (the op's hint blames the data only where the data's transpose is the one fit)
    others = [fits]
    if transpose_fits:  # (a weight stored the other way round: nothing to resize)
        others.insert(0, f"{{{w}}} looks transposed: its transpose {fmt_shape((a, b)[w][::-1])} fits")
    if data[c] and own_transpose_fits:  # (data typed the other way round: said, but after the weight)
        others.append(f"{{{c}}} looks transposed: its transpose {fmt_shape((a, b)[c][::-1])} fits")
    if len(a) == 2 and len(b) == 2 and b[1] == a[0]:
        others.append("{1:code} @ {0:code}")
    return others[0] + "".join(f" (or {other})" for other in others[1:])


def _is_data(graph: Graph, node_id: str) -> bool:
    """Data rather than a parameter: a constant, a variable training leaves alone, or a variable
    named as data is by convention (X, Y: data_names)."""
    node = graph.node(node_id)
    if node.kind == "constant" or (node.kind == "variable" and not node.trainable):
        return True
    names = [n.name for n in graph.variables()]
    return node.kind == "variable" and is_data_name(node.name, names)


def _is_weight(graph: Graph, node_id: str) -> bool:
    """A parameter training fits: a trainable variable not named as data."""
    node = graph.node(node_id)
    return node.kind == "variable" and node.trainable and not _is_data(graph, node_id)


def _row_weight_hint(graph: Graph, op: OpDef, sources: list[str], values, node_id: str | None) -> str:
    """X ℝⁿˣᵏ @ w ℝ¹ˣᵏ: w as the vector ℝᵏ (X @ w ℝⁿ) rather than its transpose ℝᵏˣ¹ (a column ℝⁿˣ¹)
    where the product feeds an element-wise op with a vector; both, the vector first, where what it
    feeds is not known (node_id None); "" otherwise (the op's own hint holds)."""
    if not op.matrix_product or len(sources) != 2:
        return ""
    a, b = (tuple(values[src].shape) for src in sources)
    if len(a) != 2 or b != (1, a[1]) or a[1] == 1:
        return ""
    vector, column, length = fmt_shape((a[1],)), fmt_shape((a[1], 1)), fmt_shape((a[0],))
    if node_id is None:
        return (
            f"{{1}} looks like a row: as the vector {vector} it fits, and {{0}} @ {{1}} is {length} "
            f"(or its transpose {column}, and {{0}} @ {{1}} is the column {fmt_shape((a[0], 1))})"
        )
    for edge in graph.consumers_of(node_id):
        consumer = get_op(graph.node(edge.dst).op)
        others = [src for port, src in graph.inputs_of(edge.dst).items() if port != edge.port]
        vectors = [src for src in others if src in values and np.ndim(values[src]) == 1 and values[src].size > 1]
        if consumer.broadcasts and vectors:
            y = _braced(message_name(graph, vectors[0]))
            shown_y = f"{y} {fmt_shape(values[vectors[0]].shape)}"
            return (
                f"{{1}} must be the vector {vector}, and {{0}} @ {{1}} is {length} as {shown_y} is "
                f"(its transpose {column} would make the column {fmt_shape((a[0], 1))}, which "
                f"{_braced(describe(graph, edge.dst))} broadcasts with {shown_y} into {fmt_shape((a[0], a[0]))})"
            )
    return ""


def _braced(text: str) -> str:
    return text.replace("{", "{{").replace("}", "}}")


def _weight_of(graph: Graph, node_id: str, values: Mapping[str, np.ndarray]) -> str | None:
    """The matrix a product node takes its columns from (W in X @ W), when it is a value a person
    set (a variable or a constant); else None."""
    node = graph.node(node_id)
    if node.kind != "op" or not get_op(node.op).matrix_product:
        return None
    right = graph.inputs_of(node_id).get(1)
    if right is None or right not in values or graph.node(right).kind == "op" or values[right].ndim != 2:
        return None
    return right


def _weight_name(graph, product_node: str, values) -> str:
    return message_name(graph, _weight_of(graph, product_node, values)).replace("{", "{{").replace("}", "}}")


def _resized_weight(graph, op, sources, shapes, values, params, product: int) -> str:
    """ "W must be ℝᵐˣⁿ": the product's weight resized so its columns fit the other operand, when
    the other operand is a value a person set and that would fit; "" when not."""
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
    return f"{_weight_name(graph, sources[product], values)} must be {fmt_shape((values[weight].shape[0], width))}"


def _fits(op: OpDef, shapes: list, params) -> tuple[int, ...] | None:
    try:
        return tuple(op.shape(shapes, params))
    except ShapeError:
        return None


def _weight_is_the_fix(graph, op, node_id: str, shapes, params, product: int) -> bool:
    """Whether what the failing op's result feeds, with the values a person set beside it, takes
    the result of the resized weight but not the result of the resized bias (softmax_xent of
    X @ W2 + b2 with Y ℝ⁴ˣ³ needs 3 columns: W2 is to change, not b2)."""
    by_bias = tuple(shapes[product])  # (the bias made to fit the product: the product's shape)
    by_weight = _fits(
        op, [(shapes[product][0], shapes[1 - product][-1]) if p == product else s for p, s in enumerate(shapes)], params
    )
    if by_weight is None:
        return False
    return _taken(graph, node_id, by_weight) and not _taken(graph, node_id, by_bias)


def _taken(graph, node_id: str, shape: tuple[int, ...]) -> bool:
    """Whether every op the node feeds takes a result of this shape with its other inputs as set
    (an input computed by an op is not known here: its consumer does not decide)."""
    from .ops import get_op

    for edge in graph.consumers_of(node_id):
        consumer = graph.node(edge.dst)
        inputs = graph.inputs_of(edge.dst)
        shapes = []
        for port in range(len(get_op(consumer.op).inputs)):
            src = inputs.get(port)
            if src == node_id:
                shapes.append(shape)
            elif src is None or graph.node(src).kind == "op" or graph.node(src).value is None:
                break
            else:
                shapes.append(np.shape(graph.node(src).value))
        else:
            if _fits(get_op(consumer.op), shapes, consumer.params) is None:
                return False
    return True


def _feeds(graph, node_id: str) -> str:
    """What the node's result feeds, as its cards show, for a message."""
    from .naming import describe

    return " and ".join(describe(graph, edge.dst) for edge in graph.consumers_of(node_id))
