"""The op a reader meant, when an op's shapes fail: W·x + b with W 3×2, x 2 reads · as the
element-wise product (OpDef.meant_instead), which broadcasts to 3×2 and makes the sum fail; the
message then says "write W @ x", not that the bias b is wrong. One path for every way in: the
engine's evaluation and the Python API's traced functions (api/tracing.py), where the failing
op has no node yet, so it is given by its op and input nodes."""

from __future__ import annotations

from collections.abc import Mapping

import numpy as np

from .code_text import operands
from .errors import ShapeError
from .graph import Graph
from .ops import OpDef, get_op


def meant_instead_hint(
    graph: Graph, op: OpDef, sources: list[str], values: Mapping[str, np.ndarray], params, python: bool = False
) -> str:
    """What to write instead: for the failing op (op of the input nodes sources, whose values are
    known) itself, its operands {0}, {1} (named and typed by shape_problem); for an input whose
    meant op would make it fit, that input's operands named and typed (code_text; python: as a
    traced function types them); "" when neither."""
    shapes = [values[src].shape for src in sources]
    own = _meant_shape(op, shapes)
    if own is not None:
        return op.meant_instead[1]
    for port, src in enumerate(sources):
        node = graph.node(src)
        if node.kind != "op" or not get_op(node.op).meant_instead:
            continue
        inner = [s for _, s in sorted(graph.inputs_of(src).items())]
        if not all(s in values for s in inner):
            continue
        meant = _meant_shape(get_op(node.op), [values[s].shape for s in inner])
        if meant is not None and _fits(op, [meant if p == port else s for p, s in enumerate(shapes)], params):
            said = get_op(node.op).meant_instead[1].format(*operands(graph, inner, python))
            return said.replace("{", "{{").replace("}", "}}")
    return ""


def _meant_shape(op: OpDef, shapes: list[tuple[int, ...]]) -> tuple[int, ...] | None:
    """The shape the op meant instead gives these operands, when it takes them and they are not scalars."""
    if not op.meant_instead or len(shapes[0]) != 2 or not all(shapes):
        return None  # (a matrix first: x·y of two vectors is element-wise in maths too)
    try:
        return tuple(get_op(op.meant_instead[0]).shape(shapes, {}))
    except ShapeError:
        return None


def _fits(op: OpDef, shapes: list[tuple[int, ...]], params) -> bool:
    try:
        op.shape(shapes, params)
    except ShapeError:
        return False
    return True
