"""The shape bug numpy allows: a column ℝⁿˣ¹ against a vector ℝⁿ (X @ w − y) broadcasts to ℝⁿˣⁿ,
and a loss over it is silently wrong. Not an error (evaluation runs): a warning, said in words on
every surface, naming the operands as their cards do. Which shapes are doubtful the elementwise
ops declare (OpDef.outer_by_mistake); a row the user wrote as one (a 1×n value, or xᵀ: the
pairwise x − xᵀ) is meant, and not warned."""

from __future__ import annotations

from dataclasses import dataclass

from .naming import describe, operand_names
from .ops import fmt_shape

Shape = tuple[int, ...]


@dataclass(frozen=True)
class BroadcastDoubt:
    """text: the warning whole (status bar, Inspector, command line, Python API); short: what the
    card's footer has room for."""

    text: str
    short: str


def broadcast_doubt(graph, nid: str, op, sources: list[str], shapes: list[Shape], out_shape: Shape):
    """The warning for node nid (of op), whose inputs (sources, of shapes) gave out_shape; None
    when the op declares these shapes fine or the row is one the user wrote as a row."""
    found = op.outer_by_mistake(shapes) if op.outer_by_mistake is not None else None
    if found is None:
        return None
    column, other = found
    if len(shapes[other]) == 2 and _written_as_row(graph, sources[other]):
        return None
    names = operand_names(graph, nid, list(sources))
    a, b = (fmt_shape(s) for s in shapes)
    short = f"{a} {op.symbol} {b} broadcasts to {fmt_shape(out_shape)}"
    meant = (
        f"did you mean {names[other]} as {fmt_shape(shapes[column])} or {names[column]} as {fmt_shape(shapes[other])}?"
    )
    return BroadcastDoubt(text=f"{describe(graph, nid)}: {short}; {meant}", short=short)


def _written_as_row(graph, source: str) -> bool:
    """A value typed as a row, or a transpose (xᵀ): a row on purpose, its outer sum meant."""
    node = graph.node(source)
    return node.kind != "op" or node.op == "transpose"
