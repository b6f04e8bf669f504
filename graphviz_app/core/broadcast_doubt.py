"""The shape bug numpy allows: a column ℝⁿˣ¹ against a vector ℝⁿ (X @ w − y) broadcasts to ℝⁿˣⁿ,
and a loss over it is silently wrong. Not an error (evaluation runs): a warning, said in words on
every surface, naming the operands as their cards do. Which shapes are doubtful the elementwise
ops declare (OpDef.outer_by_mistake); a transpose (OpDef.transposes; xᵀ: the pairwise x − xᵀ) is a
row on purpose, and not warned. A row typed as one (a target y given as [[…]] of the column's
length) is the same mistake, and is warned in its own words: did you mean y as a column?"""

from __future__ import annotations

from dataclasses import dataclass

from .naming import describe, message_names
from .ops import fmt_shape, get_op

Shape = tuple[int, ...]


@dataclass(frozen=True)
class BroadcastDoubt:
    """text: the warning whole (status bar, Inspector, command line, Python API); short: what the
    card's footer has room for."""

    text: str
    short: str


def broadcast_doubt(
    graph, nid: str, op, sources: list[str], shapes: list[Shape], out_shape: Shape, names=None, who: str | None = None
):
    """The warning for node nid (of op), whose inputs (sources, of shapes) gave out_shape; None
    when the op declares these shapes fine or the row is a transpose (an outer sum meant).
    names: the operands as the warning names them (default: as their cards, message_names; the
    Python API: as the user's code does, pred, h @ w2); who: what the warning begins with
    (default: the node as its card names it)."""
    found = op.outer_by_mistake(shapes) if op.outer_by_mistake is not None else None
    if found is None:
        return None
    column, other = found
    row = len(shapes[other]) == 2
    row_node = graph.node(sources[other])
    if row and row_node.kind == "op" and get_op(row_node.op).transposes:
        return None
    names = names if names is not None else message_names(graph, nid, list(sources))
    a, b = (fmt_shape(s) for s in shapes)
    short = f"{a} {op.symbol} {b} broadcasts to {fmt_shape(out_shape)}"
    if row and row_node.kind != "op":  # (a row typed as one: it, not the computed column, is to change)
        meant = f"{names[other]} is typed as a row: did you mean {names[other]} as {fmt_shape(shapes[column])}?"
    else:
        meant = (
            f"did you mean {names[other]} as {fmt_shape(shapes[column])} "
            f"or {names[column]} as {fmt_shape(shapes[other])}?"
        )
    return BroadcastDoubt(text=f"{who if who is not None else describe(graph, nid)}: {short}; {meant}", short=short)
