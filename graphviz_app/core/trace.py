"""Plain data produced by the engine. The animation and the inspector only read these.

A `BackwardTrace` is the reverse pass written down: one `BackwardStep` per node
of the output's subgraph, in the order the gradients become complete. A step
of an op node lists, for each input, the local Jacobian, the contribution
passed back (gradient · Jacobian) and the input's gradient accumulated so far
over every path (the sum rule). A `ForwardTrace` is the same for forward mode.

A local Jacobian is held densely only when it is small; every one, whatever its
size, can give any window of its entries on demand (`JacobianEntries`), so the
trace's memory grows with what is shown, not with |output| × |input|.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from math import prod

import numpy as np

Shape = tuple[int, ...]


@dataclass(frozen=True)
class JacobianEntries:
    """∂out/∂in of one edge flattened to a |out| × |in| matrix (numerator layout, C order).

    Entries are computed when asked for, one row at a time, so a window of a huge
    Jacobian costs only that window.
    """

    out_shape: Shape
    in_shape: Shape
    row: Callable[[int], np.ndarray]  # row i: the |in| numbers ∂out_i/∂in, flattened

    @property
    def shape(self) -> tuple[int, int]:
        return prod(self.out_shape), prod(self.in_shape)

    def window(self, rows: slice = slice(None), cols: slice = slice(None)) -> np.ndarray:
        """The entries [rows, cols] of the flattened matrix, as a 2-D array."""
        n_rows, n_cols = self.shape
        wanted = range(n_rows)[rows]
        width = len(range(n_cols)[cols])
        out = np.empty((len(wanted), width))
        for k, i in enumerate(wanted):
            out[k] = self.row(i)[cols]
        return out


@dataclass
class InputStep:
    port: int
    port_name: str
    source: str  # producer node id
    source_label: str
    in_shape: Shape
    jacobian: np.ndarray | None  # dense ∂out/∂in, shape out_shape + in_shape; None when too big
    structure: str  # always present: "diag(cos u)", "δₖᵢ aⱼ  (I ⊗ aᵀ)", ...
    contribution: np.ndarray  # what this edge passes back to the source (lead shape + source's shape)
    accumulated: np.ndarray  # the source's gradient after adding this contribution
    path_index: int  # 1-based: this is the k-th contribution the source receives ...
    path_count: int  # ... out of this many consumer edges inside the output's subgraph
    entries: JacobianEntries  # any window of ∂out/∂in on demand, dense or not
    transposed_structure: str = ""  # structure, written for the transpose (∂out/∂in)ᵀ the denominator layout shows


@dataclass
class BackwardStep:
    index: int
    node: str
    label: str
    kind: str  # "seed" (the output), "op", or "leaf" (an input; a backward pass gives constants no step)
    op: str | None
    value: np.ndarray
    out_shape: Shape
    grad: np.ndarray  # complete ∂L/∂(this node) when the step is taken
    inputs: list[InputStep] = field(default_factory=list)  # the ports fed by what gets a gradient (no constant)

    def input_at(self, port: int) -> InputStep | None:
        """The input step of port, None when a constant feeds it (a constant gets no gradient)."""
        return next((inp for inp in self.inputs if inp.port == port), None)


@dataclass
class BackwardTrace:
    output: str
    output_label: str
    output_shape: Shape
    seed: np.ndarray
    # "vjp": a scalar output or a chosen seed; "jacobian": every grad carries the
    # output's shape in front (the full Jacobian, one reverse pass per output entry)
    mode: str
    steps: list[BackwardStep]
    gradients: dict[str, np.ndarray]  # final ∂L/∂node for every node of the subgraph
    values: dict[str, np.ndarray]

    def __len__(self) -> int:
        return len(self.steps)

    def step_of(self, node: str) -> BackwardStep | None:
        for step in self.steps:
            if step.node == node:
                return step
        return None

    def contributions_to(self, node: str, upto: int | None = None) -> list[tuple[int, str, InputStep]]:
        """(step index, consumer id, input step) for each contribution node receives, in order."""
        last = len(self.steps) - 1 if upto is None else upto
        found = []
        for step in self.steps[: last + 1]:
            for inp in step.inputs:
                if inp.source == node:
                    found.append((step.index, step.node, inp))
        return found

    def state_at(self, k: int) -> BackwardState:
        """What has happened after steps 0..k: finished nodes and partial sums (k = -1: nothing)."""
        return self.state_of(range(k + 1), k)

    def state_of(self, steps, k: int) -> BackwardState:
        """What has happened after the given steps (in the trace's order), step k shown as active."""
        done: list[str] = []
        partial: dict[str, np.ndarray] = {}
        for step in (self.steps[j] for j in steps):
            done.append(step.node)
            partial[step.node] = step.grad
            for inp in step.inputs:
                partial[inp.source] = inp.accumulated
        active = self.steps[k].node if 0 <= k < len(self.steps) else None
        return BackwardState(k, active, done, partial)


@dataclass
class BackwardState:
    index: int
    active: str | None
    finished: list[str]  # nodes whose gradient is complete
    partial: dict[str, np.ndarray]  # gradient accumulated so far (complete for finished nodes)


@dataclass
class TangentInput:
    port: int
    port_name: str
    source: str
    source_label: str
    in_shape: Shape
    jacobian: np.ndarray | None  # dense, as in InputStep; None when too big
    structure: str
    tangent_in: np.ndarray  # the source's tangent
    contribution: np.ndarray  # J · tangent_in (this node's shape)
    entries: JacobianEntries  # any window of ∂out/∂in on demand
    transposed_structure: str = ""  # as in InputStep


@dataclass
class ForwardStep:
    index: int
    node: str
    label: str
    kind: str  # "leaf" or "op"
    op: str | None
    value: np.ndarray
    out_shape: Shape
    tangent: np.ndarray  # ∂(this node)/∂t along the chosen tangent direction
    inputs: list[TangentInput] = field(default_factory=list)


@dataclass
class ForwardTrace:
    output: str | None
    tangents: dict[str, np.ndarray]  # the chosen tangent of each variable
    steps: list[ForwardStep]
    values: dict[str, np.ndarray]

    def __len__(self) -> int:
        return len(self.steps)
