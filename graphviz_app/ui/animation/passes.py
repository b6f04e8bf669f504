"""A pass run again on the edited graph, with the choices made when it started.

The animation lives through edits: after a change of a value, a parameter or a connection the
controller asks for the same pass (backward with the same seed, forward mode with the same
tangents, the values) on the new evaluation. The numbers come from core.engine; this module
only decides whether the pass can be shown now, cannot be until the graph is fixed (Broken), or
cannot go on at all (Gone).
"""

from __future__ import annotations

import numpy as np

from ...core import engine
from ...core.engine import Evaluation
from ...core.errors import UserError
from ...core.graph import Graph
from ...core.naming import display_label
from ...core.shape_text import shape_text
from ...core.trace import BackwardTrace, ForwardTrace
from ..key_text import key_text
from . import overlay_builder as ob


class Broken(Exception):
    """The graph cannot be evaluated as the pass needs (a shape error, an output that is no
    longer the shape of the seed chosen): an edit may fix it. `node`: the card the message names."""

    def __init__(self, message: str, node: str | None = None):
        super().__init__(message)
        self.node = node


class Gone(Exception):
    """The pass cannot go on: its output is no longer in the graph (deleted, cut, or its Add undone)."""


def _shape_word(shape) -> str:
    """ "in ℝ³ˣ²", as the cards write a value's shape."""
    return f"in {shape_text(tuple(shape))}"


def _output_value(graph: Graph, ev: Evaluation, output: str | None, deleted: str) -> np.ndarray:
    if output is None or output not in graph:
        raise Gone(deleted)
    problem = ev.problem(output)
    if problem is not None:
        raise Broken(problem, ev.blocked.get(output, output))  # (the card where the problem began)
    return ev.values[output]


def backward_again(graph: Graph, ev: Evaluation, old: BackwardTrace) -> BackwardTrace:
    """The reverse pass from the graph's output with the old trace's seed (or full Jacobian); with
    none set (F6 ran from the only end node), from the old pass's output while it is there: a card
    added or connected during the pass does not end it."""
    gone = "is no longer in the graph" if old.output not in graph else "is no longer chosen"  # (deleted, or undone)
    output = graph.output if graph.output is not None else old.output if old.output in graph else None
    value = _output_value(
        graph,
        ev,
        output,
        f'The output "{old.output_label}" {gone}: the animation ended. Choose an output and press {key_text("backward")}.',
    )
    name = display_label(graph, output)
    seed = "jacobian" if old.mode == "jacobian" else old.seed
    if not isinstance(seed, str) and np.shape(seed) != value.shape:
        if value.shape == ():
            seed = None  # a scalar output needs no seed: ∂output/∂node
        else:
            raise Broken(
                f'The output "{name}" is now {_shape_word(value.shape)}: the seed chosen before does not fit '
                f"(change it back, or press {key_text('backward')} to choose one)",
                output,
            )
    try:
        return engine.backward(graph, output, seed=seed, evaluation=ev)
    except UserError as exc:
        raise Broken(str(exc), exc.node) from None


def forward_again(graph: Graph, ev: Evaluation, old: ForwardTrace) -> ForwardTrace:
    """Forward mode with the old tangents (those of deleted variables dropped)."""
    if graph.output is not None:
        _output_value(graph, ev, graph.output, "")
    tangents = {}
    for nid, tangent in old.tangents.items():
        if nid not in graph or graph.node(nid).kind != "variable":
            continue
        problem = ev.problem(nid)
        if problem is not None:
            raise Broken(problem, ev.blocked.get(nid, nid))
        if np.shape(tangent) != ev.values[nid].shape:
            raise Broken(
                f'"{display_label(graph, nid)}" is now {_shape_word(ev.values[nid].shape)}: the tangent chosen '
                f"for it does not fit (change it back, or press {key_text('forward_mode')} to choose one)",
                nid,
            )
        tangents[nid] = tangent
    try:
        return engine.forward_mode(graph, tangents, evaluation=ev)
    except UserError as exc:
        raise Broken(str(exc), exc.node) from None


def values_again(graph: Graph, ev: Evaluation) -> list[str]:
    """The nodes that have a value, in the order they are computed."""
    order = ob.value_order(graph, ev)
    if not order:
        raise Broken(next(iter(ev.errors.values()), "Nothing can be evaluated."), next(iter(ev.errors), None))
    return order
