"""A loss's target in an expression is data: a variable that feeds only the target ports of
losses (OpDef.target_port: softmax_xent's target) starts as a constant holding the op's
target_sample (one-hot rows), not the signed example numbers of a parameter."""

from __future__ import annotations

from collections.abc import Iterable

from .graph import Graph
from .ops import get_op


def start_targets_as_data(graph: Graph, given: Iterable[str] = ()) -> None:
    """In place: each variable not named in `given` (a value the user gave) and fed only into the
    target port of losses becomes a constant with their target sample for its shape (a vector or a
    batch of rows; other shapes, as a shape clash leaves them, are left as they are)."""
    given = set(given)
    for node in list(graph.variables()):
        if node.name in given:
            continue
        ops = _target_ops(graph, node.id)
        shape = () if node.value is None else node.value.shape
        if not ops or len(shape) not in (1, 2) or 0 in shape:
            continue
        graph.set_value(node.id, ops[0].target_sample(tuple(shape)))
        graph.set_kind(node.id, "constant")


def _target_ops(graph: Graph, node_id: str) -> list:
    """The ops node_id feeds, when it feeds only their target ports (else none)."""
    ops = []
    for edge in graph.consumers_of(node_id):
        op = get_op(graph.node(edge.dst).op)
        if op.target_port != edge.port or op.target_sample is None:
            return []
        ops.append(op)
    return ops
