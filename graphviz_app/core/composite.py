"""The composite local Jacobian of a group: one Jacobian for a block of operations.

For a group, each output o and input i (core/groups.py) give ∂o/∂i of shape
o_shape + i_shape, along the paths that stay inside the group: the group's
inputs are treated as independent leaves. The numbers come from the engine run
on a small graph made of the group and its inputs (inputs as variables), one
reverse pass per entry of o, exactly as engine.full_jacobians does.

Each inside path is also written as its factors, the local Jacobians of the
trace (J_layer = J_tanh · J_matmul, (3×3)·(3×(3×2)) = (3×(3×2))), so the inspector
can show how the product is made. As in the trace, a Jacobian with more than
`limit` entries is not written out: its value is None and `structure` describes it.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

import numpy as np

from . import conventions as cv
from . import engine
from .conventions import matrix_text
from .errors import UserError
from .graph import Graph
from .groups import Group
from .naming import display_labels, operand_text
from .trace import InputStep

MAX_PATHS = 20  # inside paths written out as factors for one (output, input) pair
Shape = tuple[int, ...]


@dataclass
class Factor:
    """One local Jacobian of a path: ∂node/∂input (the trace's own numbers)."""

    node: str
    label: str  # as the node's card shows it
    input: str
    input_label: str
    port_name: str
    out_shape: Shape
    in_shape: Shape
    value: np.ndarray | None  # out_shape + in_shape; None when too large
    structure: str
    transposed_structure: str = ""  # structure, written for the transpose the denominator layout shows

    @property
    def shape_text(self) -> str:
        return matrix_text(self.out_shape, self.in_shape)


def jacobian_name(label: str) -> str:
    """A local Jacobian named by its card, as plain text writes it: J_tanh."""
    return f"J_{label}"


@dataclass
class CompositeJacobian:
    group: str
    group_name: str
    output: str
    output_label: str
    input: str
    input_label: str
    out_shape: Shape
    in_shape: Shape
    value: np.ndarray | None  # ∂output/∂input along inside paths; None when larger than the limit
    structure: str  # the factors' structures: "diag(1 − tanh²) · δₖᵢ aⱼ  (I ⊗ aᵀ)"
    paths: list[list[Factor]] = field(default_factory=list)  # factors from the output back to the input
    path_count: int = 0  # inside paths in all (only the first MAX_PATHS are written out)
    transposed_structure: str = ""  # structure, written for the transpose the denominator layout shows

    @property
    def shape(self) -> Shape:
        return self.out_shape + self.in_shape

    @property
    def connected(self) -> bool:
        """False when no inside path joins the input to the output (the Jacobian is zero)."""
        return self.path_count > 0

    @property
    def symbol(self) -> str:
        return f"J_{self.group_name}"

    @property
    def derivative(self) -> str:
        return f"∂{self.output_label}/∂{self.input_label}"

    @property
    def text(self) -> str:
        """J_layer = J_tanh · J_matmul (a sum of such products when several inside paths exist)."""
        return self.text_in(cv.NUMERATOR)

    @property
    def shape_equation(self) -> str:
        """(3×3)·(3×6) = (3×6) for the first inside path (a W of 3×2)."""
        return self.shape_equation_in(cv.NUMERATOR)

    def text_in(self, convention: str, name: Callable[[str], str] = jacobian_name, block: bool = False) -> str:
        """The product as the layout writes it: denominator layout transposes and reverses it,
        J_layerᵀ = J_matmulᵀ · J_tanhᵀ. name writes a Jacobian's name from a card's (J_tanh; a view
        may set the name as a subscript). block: one block of the group's Jacobian among others
        (several outputs or inputs), written as its derivative, ∂x1/∂t = J_sin, never J_group =
        J_sin beside J_group = J_cos."""
        t = "ᵀ" if cv.check(convention) == cv.DENOMINATOR else ""
        lhs = (f"({self.derivative})" if t else self.derivative) if block else name(self.group_name)
        lhs += t
        if not self.paths:
            return f"{lhs} = 0"
        terms = []
        for path in self.paths:
            names = [f"{name(f.label)}{t}" for f in path]
            terms.append(" · ".join(reversed(names) if t else names))
        more = " + …" if self.path_count > len(self.paths) else ""
        return f"{lhs} = " + " + ".join(terms) + more

    def shape_equation_in(self, convention: str) -> str:
        """The first inside path's flattened matrices' sizes in the layout (cv.flat): (3×3)·(3×6) = (3×6)
        in numerator layout, (6×3)·(3×3) = (6×3) in denominator layout, for a W of 3×2."""
        denominator = cv.check(convention) == cv.DENOMINATOR

        def shape(out_shape: Shape, in_shape: Shape) -> str:
            o, i = cv.flat(out_shape), cv.flat(in_shape)
            return f"({i}×{o})" if denominator else f"({o}×{i})"

        result = shape(self.out_shape, self.in_shape)
        if not self.paths:
            return result
        factors = [shape(f.out_shape, f.in_shape) for f in self.paths[0]]
        return "·".join(reversed(factors) if denominator else factors) + " = " + result


@dataclass
class StackedJacobian:
    """A group's whole Jacobian when it has several outputs or inputs: ∂(x1, x2)/∂t, made of one
    block ∂o/∂i per output o (rows, in numerator layout) and input i (columns)."""

    symbol: str  # ∂(x1, x2)/∂t
    shape_text: str  # in the layout: 2×1 (numerator), 1×2 (denominator)
    value: cv.Presented | None  # None when a block is too large to write out
    blocks: str  # "one block per output", "one block per output and input"


def stacked_jacobian(jacobians: list[CompositeJacobian], convention: str) -> StackedJacobian | None:
    """The blocks of composite_jacobians as one matrix: blocks of outputs stacked (numerator layout:
    rows; denominator layout: columns, the whole transposed). None for a group of one block."""
    if len(jacobians) < 2:
        return None
    outputs = list(dict.fromkeys(j.output for j in jacobians))
    inputs = list(dict.fromkeys(j.input for j in jacobians))
    by_pair = {(j.output, j.input): j for j in jacobians}
    out_labels = [by_pair[(o, inputs[0])].output_label for o in outputs]
    in_labels = [by_pair[(outputs[0], i)].input_label for i in inputs]

    def listed(labels: list[str]) -> str:
        return labels[0] if len(labels) == 1 else "(" + ", ".join(labels) + ")"

    symbol = f"∂{listed(out_labels)}/∂{listed(in_labels)}"
    out_size = sum(cv.size(by_pair[(o, inputs[0])].out_shape) for o in outputs)
    in_size = sum(cv.size(by_pair[(outputs[0], i)].in_shape) for i in inputs)
    denominator = cv.check(convention) == cv.DENOMINATOR
    shape_text = f"{in_size}×{out_size}" if denominator else f"{out_size}×{in_size}"
    blocks = "one block per " + " and ".join(w for w, n in (("output", len(outputs)), ("input", len(inputs))) if n > 1)
    if any(j.value is None for j in jacobians):
        return StackedJacobian(symbol, shape_text, None, blocks)
    grid = [
        [cv.jacobian(j.value, j.out_shape, j.in_shape, convention, j.output_label, j.input_label) for j in row]
        for row in ([[by_pair[(o, i)] for i in inputs] for o in outputs])
    ]
    if denominator:  # each block is transposed already: the grid is too
        grid = [list(col) for col in zip(*grid)]
    matrix = np.block([[b.matrix for b in row] for row in grid])
    rows = [label for row in grid for label in row[0].row_labels]
    cols = [label for b in grid[0] for label in b.col_labels]
    caption = "transposed" if denominator else ""
    return StackedJacobian(symbol, shape_text, cv.Presented(matrix, shape_text, rows, cols, caption), blocks)


def composite_jacobians(
    graph: Graph, group_id: str, values: dict[str, np.ndarray] | None = None, limit: int = engine.JACOBIAN_LIMIT
) -> list[CompositeJacobian]:
    """∂o/∂i for every output o and input i of the group, outputs then inputs in the graph's order.

    values: the node values to use (an evaluation's or a trace's); default: evaluate the graph.
    Raises UserError naming the group when its nodes cannot be evaluated.
    """
    group = graph.groups.get(group_id)
    inputs = graph.groups.inputs(group_id)
    outputs = graph.groups.outputs(group_id)
    values = _values(graph, group, inputs, outputs, values)
    inner = _inner_graph(graph, group, inputs, values)
    inputs = [i for i in inputs if graph.node(i).kind != "constant"]  # (a constant gets no gradient)
    ev = engine.evaluate(inner)
    labels = display_labels(graph)
    shapes = {nid: v.shape for nid, v in ev.values.items()}
    result = []
    for out in outputs:
        out_shape = ev.values[out].shape
        written = [i for i in inputs if ev.values[i].size * max(ev.values[out].size, 1) <= limit]
        full = engine.full_jacobians(inner, out, wrt=written, evaluation=ev)
        steps = _local_jacobians(inner, out, ev, limit)
        counts = _path_counts(inner, out, inner.ancestors(out))
        for inp in inputs:
            paths, count = _paths(inner, inp, out, counts, steps, labels, shapes)
            structure = (
                " + ".join(cv.structure_product([f.structure for f in path], len(paths) > 1) for path in paths) or "0"
            )
            factors = [f for path in paths for f in path if f.structure]
            # (one factor: as its op writes its transpose; a product: as a whole)
            one = len(paths) == 1 and len(factors) == 1
            transposed = factors[0].transposed_structure if one else cv.transposed_structure(structure)
            result.append(
                CompositeJacobian(
                    group.id,
                    group.name,
                    out,
                    labels[out],
                    inp,
                    labels[inp],
                    out_shape,
                    ev.values[inp].shape,
                    full.get(inp),
                    structure,
                    paths,
                    count,
                    transposed,
                )
            )
    return result


def _values(graph: Graph, group: Group, inputs, outputs, values) -> dict[str, np.ndarray]:
    if values is None:
        ev = engine.evaluate(graph)
        for nid in outputs:
            problem = ev.problem(nid)
            if problem is not None:
                raise UserError(f'the group "{group.name}" cannot be evaluated: {problem}', nid)
        return ev.values
    missing = [n for n in list(inputs) + list(outputs) if n not in values]
    if missing:
        label = display_labels(graph)[missing[0]]
        raise UserError(f'the group "{group.name}" cannot be evaluated: "{label}" has no value', missing[0])
    return values


def _inner_graph(graph: Graph, group: Group, inputs: list[str], values: dict[str, np.ndarray]) -> Graph:
    """The group alone: its inputs become leaves holding their current values, its own
    variables and constants stay fixed (they are not inputs of the block). Every node keeps the
    name its card shows, so the structures written from this graph name what the user sees."""
    inner = Graph(labels_as_names=True)  # (named as the cards: sin(x) is a label, not a name)
    feeding = set(inputs)
    labels = display_labels(graph)
    for nid in graph.node_ids():
        node = graph.node(nid)
        if nid not in feeding and nid not in group.nodes:
            continue
        name = _shown_name(node, labels[nid] if node.name or node.kind != "op" else operand_text(graph, nid))
        if nid in feeding:
            kind = "constant" if node.kind == "constant" else "variable"
            inner.add_node(kind, value=values[nid], name=name, node_id=nid)
        elif node.kind == "op":
            inner.add_node("op", node.op, params=node.params, name=name, node_id=nid)
        else:
            inner.add_node("constant", value=node.value, name=name, node_id=nid)
    # a part of a graph without cycles: no check needed (it is slow)
    inner.add_edges_unchecked(edge for edge in graph.edges() if edge.dst in group.nodes)
    return inner


def _shown_name(node, label: str) -> str | None:
    """The inner node's name: the outer card's label (an unnamed op: as formulas write it, sin(x)
    or sin₂(…), for the inner structures to read as the outer ones), but none for an unnamed scalar constant,
    which formulas write as its number (2 in 2·x), as they do in the whole graph."""
    if not node.name and node.kind == "constant" and node.value is not None and np.ndim(node.value) == 0:
        return None
    return label


def _local_jacobians(inner: Graph, out: str, ev, limit: int) -> dict[tuple[str, str, int], InputStep]:
    """(consumer, source, port) -> the trace's input step with the local Jacobian (or its structure)."""
    seed = np.zeros(ev.values[out].shape)
    trace = engine.backward(inner, out, seed=seed, evaluation=ev, jacobian_limit=limit)
    return {(step.node, inp.source, inp.port): inp for step in trace.steps for inp in step.inputs}


def _path_counts(inner: Graph, target: str, ancestors: set[str]) -> dict[str, int]:
    """node -> the number of paths from it to target (no recursion: groups may be long chains)."""
    counts = {target: 1}
    for node in reversed(inner.topological_order()):
        if node in ancestors:
            counts[node] = sum(counts.get(e.dst, 0) for e in inner.consumers_of(node))
    return counts


def _paths(inner: Graph, source: str, target: str, counts: dict[str, int], steps, labels, shapes) -> tuple[list, int]:
    """The first MAX_PATHS inside paths from source to target as lists of factors (output end
    first), and the number of paths in all."""
    total = counts.get(source, 0) if source != target else 0
    found: list[list[Factor]] = []
    stack: list[tuple[str, list[Factor]]] = [(source, [])] if total else []
    while stack and len(found) < MAX_PATHS:
        node, factors = stack.pop()
        if node == target:
            found.append(list(reversed(factors)))
            continue
        leads = [e for e in inner.consumers_of(node) if counts.get(e.dst, 0)]
        for edge in reversed(leads):  # popped in the graph's order
            inp = steps[(edge.dst, edge.src, edge.port)]
            factor = Factor(
                edge.dst,
                labels[edge.dst],
                edge.src,
                labels[edge.src],
                inp.port_name,
                shapes[edge.dst],
                inp.in_shape,
                inp.jacobian,
                inp.structure,
                inp.transposed_structure,
            )
            stack.append((edge.dst, [*factors, factor]))
    return found, total
