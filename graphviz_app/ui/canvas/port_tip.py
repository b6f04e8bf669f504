"""What a port's tooltip says: its name and card, what feeds it (or where its output goes) with
the shape, and for an input what shapes it takes, from the op's own shape rule (port_fit) given
the other inputs as they are now. The card's own description is the card's tooltip, not a port's."""

from __future__ import annotations

from ...core import port_fit
from ...core.naming import display_label
from ...core.ops import get_op
from .labels import shape_text

SUPERSCRIPT = str.maketrans("0123456789", "⁰¹²³⁴⁵⁶⁷⁸⁹")

# the kinds of value tried at a port with nothing else known (a scalar, a vector, a matrix)
KINDS = (((), "a scalar"), ((2,), "a vector"), ((2, 3), "a matrix"))


def port_tip(scene, port) -> str:
    graph = scene.graph
    node_id = port.node_id
    card = display_label(graph, node_id)
    if port.is_output:
        shape = _shape(scene, node_id)
        value = f" ∈ {shape_text(shape)}" if shape is not None else " (no value yet)"
        fed = [display_label(graph, e.dst) for e in graph.consumers_of(node_id)]
        goes = f"feeds {', '.join(fed)}" if fed else "feeds nothing yet: drag from here to an input"
        return f"{card}: output{value}\n{goes}"
    node = graph.node(node_id)
    op = get_op(node.op)
    lines = [f"{card}.{port.name}: input {port.index + 1} of {len(op.inputs)} of {op.name}"]
    src = graph.inputs_of(node_id).get(port.index)
    if src is None:
        lines.append("not connected: drag an output here")
    else:
        shape = _shape(scene, src)
        lines.append(f"from {display_label(graph, src)}" + (f" ∈ {shape_text(shape)}" if shape is not None else ""))
    lines.append(f"takes {_takes(scene, node_id, op, port.index)}")
    return "\n".join(lines)


def _takes(scene, node_id: str, op, index: int) -> str:
    graph = scene.graph
    params = graph.node(node_id).params
    others = {}
    for p, src in graph.inputs_of(node_id).items():
        shape = _shape(scene, src)
        if p != index and shape is not None:
            others[p] = shape
    if others:
        beside = ", ".join(f"{op.inputs[p]} {shape_text(s)}" for p, s in sorted(others.items()))
        # (sizes 2 and 3 tried too, so that "any size" shows even beside a scalar)
        trials = port_fit.trial_shapes([*others.values(), (2, 3)])
        fits = [shape for shape in trials if port_fit.outputs(op, {**others, index: shape}, params)]
        if not fits:
            return f"no shape beside {beside}"
        known = sorted({d for shape in trials for d in shape})
        return f"{' or '.join(_patterns(fits, known))} beside {beside}"
    kinds = [word for shape, word in KINDS if port_fit.outputs(op, {index: shape}, params)]
    if len(kinds) == len(KINDS):
        return "any shape: a scalar, a vector or a matrix"
    return " or ".join(kinds) if kinds else "no shape"


def _patterns(fits: list[tuple[int, ...]], sizes: list[int]) -> list[str]:
    """The shapes that fit, one pattern per number of dimensions when it can be written as one: a
    size every fitting shape has written out, one that every size tried fits written n (ℝⁿˣ²:
    any number of rows of 2); else each shape that fits."""
    found = []
    for rank in sorted({len(shape) for shape in fits}):
        shapes = [shape for shape in fits if len(shape) == rank]
        dims = []
        for d in range(rank):
            values = {shape[d] for shape in shapes}
            if len(values) == 1:
                dims.append(str(values.pop()).translate(SUPERSCRIPT))
            elif values == set(sizes):
                dims.append("ⁿ")
            else:
                break
        if len(dims) == rank and len(shapes) == _count(dims, sizes):
            if dims.count("ⁿ") == 2:
                dims[0] = "ᵐ"  # (two free sizes: ℝᵐˣⁿ, not a square ℝⁿˣⁿ)
            found.append("ℝ" + "ˣ".join(dims))
        else:  # (the sizes depend on each other: each one)
            found += [shape_text(shape) for shape in shapes]
    return found


def _count(dims: list[str], sizes: list[int]) -> int:
    """How many shapes a pattern stands for among the sizes tried."""
    count = 1
    for dim in dims:
        count *= len(sizes) if dim == "ⁿ" else 1
    return count


def _shape(scene, node_id: str) -> tuple[int, ...] | None:
    evaluation = scene.evaluator.evaluation
    value = evaluation.values.get(node_id) if evaluation is not None else None
    return None if value is None else tuple(value.shape)
