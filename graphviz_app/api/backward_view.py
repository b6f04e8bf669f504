"""What `g.backward()` returns: the engine's trace, readable when displayed.

The same data as `core.trace` (the LaTeX export and the pictures read it unchanged: these are its
subclasses), with nodes named as their cards and a text a person can read in a terminal or a
notebook: for each step the gradient arriving, with its shape in numerator layout (a gradient is a
row; the chain rule is gradient · Jacobian), and for each input the product's shape equation
`(1×4)·(4×2) = (1×2)` and what it passes back, as the Inspector writes them. Never an id.
"""

from __future__ import annotations

from dataclasses import dataclass, field, fields

import numpy as np

from ..core import conventions as cv
from ..core import number_text
from ..core.ops import get_op
from ..core.trace import BackwardStep, BackwardTrace, InputStep, Shape

LAYOUT = cv.NUMERATOR  # what the cards and the Inspector show unless asked otherwise
STEPS_SHOWN = 12  # a longer pass lists its first steps; .steps holds them all
ITEMS = 4  # numbers of a value shown, as on the cards' badges


def _fields(obj) -> dict:
    return {f.name: getattr(obj, f.name) for f in fields(obj)}


@dataclass(repr=False)
class StepInput(InputStep):
    """One input of a backward step: its local Jacobian, and what the product passes back to it."""

    consumer_label: str = ""  # the node of the step (sub in ∂sub/∂y)
    gradient_of: str = ""  # what is differentiated: the output (L for a seeded vector output)
    lead_shape: Shape = ()  # the output's shape in front of every gradient of a full Jacobian
    only_input: bool = False  # the op has one input: no port name to tell it apart (u is never shown)

    def text(self) -> str:
        out, node, source = self.gradient_of, self.consumer_label, self.source_label
        arriving = cv.symbol(out, node)
        equation = cv.shape_equation(self.entries.out_shape, self.in_shape, LAYOUT, self.lead_shape)
        passed = cv.gradient(self.contribution, self.in_shape, LAYOUT, self.lead_shape, out, source)
        share = f" ({self.path_index} of {self.path_count})" if self.path_count > 1 else ""
        shown = cv.shown_as(self.in_shape, LAYOUT, self.lead_shape)  # (as the Inspector says it)
        if shown:
            equation += f", {shown}"
        return (
            f"input{'' if self.only_input else ' ' + self.port_name} ← {source}: {arriving} · ∂{node}/∂{source}  {equation}"
            f"  → contribution to {cv.symbol(out, source)}{share}: {cv.short_presented(passed, ITEMS)}"
        )

    def __repr__(self) -> str:
        return self.text()


@dataclass(repr=False)
class Step(BackwardStep):
    """One backward step: a node's complete gradient, passed back through its inputs."""

    gradient_of: str = ""
    lead_shape: Shape = ()
    broadcast: str = ""  # this op broadcast a column against a vector to n×n (X @ w − y), said as g.broadcasts

    @property
    def number(self) -> int:
        """The step as the pictures title it ("step 3 / 7"), counted from 1: what `step=` takes
        (`index` is its place in the trace, from 0)."""
        return self.index + 1

    def lines(self) -> list[str]:
        grad = cv.gradient(self.grad, self.out_shape, LAYOUT, self.lead_shape, self.gradient_of, self.label)
        shape = grad.shape_text
        if len(self.out_shape) == 2 and not self.lead_shape:  # (numerator layout writes a matrix's gradient transposed)
            shape += f", as {self.label}ᵀ"
        what = "seed" if self.kind == "seed" else "gradient"
        head = f"step {self.number}: {self.label}, {what} {cv.symbol(self.gradient_of, self.label)} ({shape})"
        note = [f"  ⚠ {self.broadcast}"] if self.broadcast else []
        return [f"{head} = {cv.short_presented(grad, ITEMS)}"] + note + ["  " + i.text() for i in self.inputs]

    def __repr__(self) -> str:
        return "\n".join(self.lines())


@dataclass(repr=False)
class Backward(BackwardTrace):
    """The reverse pass step by step (a `core.trace.BackwardTrace`), nodes named as their cards."""

    warnings: list[str] = field(default_factory=list)  # where a value or gradient became nan or ±inf, and why
    broadcasts: list[str] = field(default_factory=list)  # ops that broadcast to n×n by mistake (g.broadcasts)

    def __repr__(self) -> str:
        out, value = self.output_label, np.asarray(self.values[self.output])
        if value.shape == ():
            what = f"{out} = {number_text.short(value, ITEMS)}"
        elif self.mode == "jacobian":
            what = (
                f"{out} {_shape(value.shape)} = {number_text.short(value, ITEMS)}, its full Jacobian (a row per entry)"
            )
        else:
            seed = number_text.short(self.seed, ITEMS)
            what = f"L = ⟨s, {out}⟩ with {out} {_shape(value.shape)} = {number_text.short(value, ITEMS)}, the seed s = {seed}"
        noun = "step" if len(self.steps) == 1 else "steps"
        lines = [f"backward pass of {what}: {len(self.steps)} {noun} in {cv.short_name(LAYOUT)} (gradients as rows)"]
        for step in self.steps[:STEPS_SHOWN]:
            lines += ["  " + line for line in step.lines()]
        if len(self.steps) > STEPS_SHOWN:
            lines.append(f"  … {len(self.steps) - STEPS_SHOWN} more steps (all in .steps)")
            lines += [f"  ⚠ {step.broadcast}" for step in self.steps[STEPS_SHOWN:] if step.broadcast]
        return "\n".join(lines)


def _shape(shape: Shape) -> str:
    return "(" + ", ".join(str(n) for n in shape) + ("," if len(shape) == 1 else "") + ")"


def readable(trace: BackwardTrace, names: dict[str, str], broadcasts: dict[str, str] | None = None) -> Backward:
    """The trace with nodes named as their cards (an unnamed node is sin₁, never its id n4).
    broadcasts: node -> its warning of a column against a vector made n×n (Evaluation.notes)."""
    broadcasts = broadcasts or {}
    out = names.get(trace.output, trace.output_label)
    gradient_of = out if trace.output_shape == () or trace.mode == "jacobian" else "L"
    lead = tuple(trace.output_shape) if trace.mode == "jacobian" else ()
    steps = []
    for s in trace.steps:
        label = names.get(s.node, s.label)
        inputs = [
            StepInput(
                **dict(_fields(i), source_label=names.get(i.source, i.source_label)),
                consumer_label=label,
                gradient_of=gradient_of,
                lead_shape=lead,
                only_input=get_op(s.op).arity == 1,  # (not the inputs shown: a constant has none)
            )
            for i in s.inputs
        ]
        broadcast = broadcasts.get(s.node, "")
        steps.append(
            Step(
                **dict(_fields(s), label=label, inputs=inputs),
                gradient_of=gradient_of,
                lead_shape=lead,
                broadcast=broadcast,
            )
        )
    return Backward(**dict(_fields(trace), steps=steps, output_label=out), broadcasts=list(broadcasts.values()))
