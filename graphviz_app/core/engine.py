"""The engine's public names in one place: forward evaluation and reverse mode over a Graph.

The graph is compiled once per structure into a `Plan` (core.plan): one `PlanStep` per node,
in topological order. One forward walk serves evaluation, the scalar fast path and forward
mode; one reverse walk serves gradients, full Jacobians and the backward trace, which it
writes down when given a recorder (core.walks).

Gradients always come from vector-Jacobian products, never from dense Jacobians, so they
stay exact and cheap for any size. A dense local Jacobian is built only for a trace, once per
step, and only up to `jacobian_limit` entries; every local Jacobian can also give any window
of its entries on demand (`trace.JacobianEntries`), so a trace's memory grows with what is shown.

Each job has its module: evaluation, gradients, full_jacobian, backward_trace,
default_backward, forward_mode (JVP), shape_problem; this one only gathers their names.
"""

from __future__ import annotations

from .backward_trace import backward
from .default_backward import default_backward
from .evaluation import Evaluation, evaluate, evaluate_added
from .forward_mode import forward_mode
from .full_jacobian import FULL_JACOBIAN_LIMIT, full_jacobians
from .gradients import gradients
from .local_jacobians import JACOBIAN_LIMIT
from .output_choice import resolve_output
from .plan import Plan, PlanStep, plan
from .shape_problem import shape_problem

__all__ = [
    "FULL_JACOBIAN_LIMIT",
    "JACOBIAN_LIMIT",
    "Evaluation",
    "Plan",
    "PlanStep",
    "backward",
    "default_backward",
    "evaluate",
    "evaluate_added",
    "forward_mode",
    "full_jacobians",
    "gradients",
    "plan",
    "resolve_output",
    "shape_problem",
]
