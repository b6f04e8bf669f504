"""The backward trace with each collapsed group taken as ONE step.

A group step is the chain rule for a block: the gradients arriving at the
group's outputs from outside, its composite local Jacobians (core/composite.py),
and what it passes back to each input, g · J summed over the outputs, with the
input's gradient accumulated so far. "Dive in" is the list of the trace's own
steps for the group's nodes. Grouping changes the order of the sums only, never
the gradients: the numbers passed back are the trace's own contributions added up.

A group is stepped as one only if no path leaves it and comes back in (then
the block's gradients could not be complete in one go); such a group, or one
whose steps interleave with another collapsed group's, stays expanded and
`expanded` says why. Plain data, like core/trace.py: the animation only renders it.
"""

from __future__ import annotations

import heapq
from dataclasses import dataclass, field, replace

import numpy as np

from . import engine
from .composite import CompositeJacobian, composite_jacobians
from .errors import UserError
from .graph import Graph
from .groups import Group
from .naming import display_labels
from .trace import BackwardState, BackwardStep, BackwardTrace

Shape = tuple[int, ...]


@dataclass
class GroupOutput:
    node: str
    label: str
    out_shape: Shape
    grad: np.ndarray  # the gradient arriving here from outside the group (the seed at the graph's output)


@dataclass
class GroupInput:
    source: str
    source_label: str
    in_shape: Shape
    contribution: np.ndarray  # Σ over the outputs of grad · J(output, input): what the group passes back
    accumulated: np.ndarray  # the source's gradient after adding it
    path_index: int  # 1-based: this is the k-th step passing a gradient to the source ...
    path_count: int  # ... out of this many


@dataclass
class GroupStep:
    index: int
    group: str
    name: str
    outputs: list[GroupOutput]
    inputs: list[GroupInput]
    jacobians: list[CompositeJacobian]  # one per (output, input) pair of the trace
    inner: list[BackwardStep]  # "dive in": the trace's steps for the group's nodes, in its order
    note: str = ""  # why the composite Jacobians are missing, if they are
    kind: str = "group"

    @property
    def nodes(self) -> list[str]:
        return [s.node for s in self.inner]


@dataclass
class GroupedTrace:
    trace: BackwardTrace
    steps: list[BackwardStep | GroupStep]
    gradients: dict[str, np.ndarray]  # the same gradients as the trace's, added up in this order
    expanded: dict[str, str] = field(default_factory=dict)  # collapsed group id -> why it is stepped inside

    def __len__(self) -> int:
        return len(self.steps)

    def dive_in(self, k: int) -> list[BackwardStep]:
        """The inner steps of a group step (a node's step is its own inside)."""
        step = self.steps[k]
        return list(step.inner) if isinstance(step, GroupStep) else [step]

    def state_at(self, k: int) -> BackwardState:
        """Finished nodes and partial sums after grouped steps 0..k (the active one is a node or group id)."""
        done: list[str] = []
        partial: dict[str, np.ndarray] = {}
        for step in self.steps[: k + 1]:
            if isinstance(step, GroupStep):
                for inner in step.inner:
                    done.append(inner.node)
                    partial[inner.node] = self.trace.gradients[inner.node]
            else:
                done.append(step.node)
                partial[step.node] = step.grad
            for inp in step.inputs:
                partial[inp.source] = inp.accumulated
        active = None
        if 0 <= k < len(self.steps):
            step = self.steps[k]
            active = step.group if isinstance(step, GroupStep) else step.node
        return BackwardState(k, active, done, partial)


def group_trace(
    graph: Graph, trace: BackwardTrace, groups: list[Group] | None = None, limit: int = engine.JACOBIAN_LIMIT
) -> GroupedTrace:
    """The trace's steps with each group of `groups` (default: the graph's collapsed groups) as one step."""
    in_trace = {s.node: s for s in trace.steps}
    candidates = graph.groups.visible_collapsed() if groups is None else list(groups)
    candidates.sort(key=lambda g: -len(g.nodes))
    expanded: dict[str, str] = {}
    chosen: list[Group] = []
    for group in candidates:
        if any(group.nodes <= outer.nodes for outer in chosen) or not group.nodes & in_trace.keys():
            continue
        way_back = _way_back_in(graph, group)
        if way_back is not None:
            expanded[group.id] = f'a path leaves the group "{group.name}" and comes back in through "{way_back}"'
            continue
        chosen.append(group)
    while True:
        order = _order(trace, chosen)
        if isinstance(order, list):
            break
        stuck = next(g for g in chosen if g.id == order)
        expanded[stuck.id] = f'the steps of the group "{stuck.name}" interleave with another collapsed group\'s'
        chosen.remove(stuck)
    return _build(graph, trace, order, {g.id: g for g in chosen}, expanded, limit)


def _way_back_in(graph: Graph, group: Group) -> str | None:
    """The name of a node outside the group on a path out of it and back in (None: there is none)."""
    below = _reachable(graph.nx.successors, group.nodes)
    above = _reachable(graph.nx.predecessors, group.nodes)
    between = (below & above) - group.nodes
    if not between:
        return None
    labels = display_labels(graph)
    return labels[next(n for n in graph.node_ids() if n in between)]


def _reachable(neighbours, start: frozenset[str]) -> set[str]:
    """Every node reached from the start nodes by one or more steps (one search for all of them)."""
    seen: set[str] = set()
    todo = list(start)
    while todo:
        for nxt in neighbours(todo.pop()):
            if nxt not in seen:
                seen.add(nxt)
                todo.append(nxt)
    return seen


def _order(trace: BackwardTrace, groups: list[Group]) -> list[str] | str:
    """Units (node or group ids) in an order where each comes after every consumer: the trace's
    order as far as possible. A group id alone means its steps cannot be taken together."""
    unit = {s.node: s.node for s in trace.steps}
    for group in groups:
        for nid in group.nodes:
            if nid in unit:
                unit[nid] = group.id
    first: dict[str, int] = {}
    for step in trace.steps:
        first.setdefault(unit[step.node], step.index)
    after: dict[str, set[str]] = {u: set() for u in first}  # unit -> the units that must come after it
    waiting = dict.fromkeys(first, 0)
    for step in trace.steps:
        for inp in step.inputs:
            a, b = unit[step.node], unit[inp.source]
            if a != b and b not in after[a]:
                after[a].add(b)
                waiting[b] += 1
    ready = [(first[u], u) for u, n in waiting.items() if n == 0]
    heapq.heapify(ready)
    order = []
    while ready:
        _, u = heapq.heappop(ready)
        order.append(u)
        for v in after[u]:
            waiting[v] -= 1
            if waiting[v] == 0:
                heapq.heappush(ready, (first[v], v))
    if len(order) < len(first):
        group_ids = {g.id for g in groups}
        return max((u for u in first if u not in order and u in group_ids), key=lambda u: first[u])
    return order


def _build(graph, trace, order, groups: dict[str, Group], expanded, limit) -> GroupedTrace:
    lead: Shape = trace.output_shape if trace.mode == "jacobian" else ()
    labels = display_labels(graph)
    unit = {s.node: s.node for s in trace.steps}
    for group in groups.values():
        for nid in group.nodes:
            if nid in unit:
                unit[nid] = group.id
    by_unit: dict[str, list[BackwardStep]] = {}
    for step in trace.steps:
        by_unit.setdefault(unit[step.node], []).append(step)
    # how many units pass a gradient to each node (the sum rule's count)
    feeders: dict[str, set[str]] = {}
    for step in trace.steps:
        for inp in step.inputs:
            if unit[inp.source] != unit[step.node]:
                feeders.setdefault(inp.source, set()).add(unit[step.node])
    acc: dict[str, np.ndarray] = {trace.output: trace.seed}
    received: dict[str, int] = {}
    steps: list[BackwardStep | GroupStep] = []
    with np.errstate(all="ignore"):
        for u in order:
            if u not in groups:
                step = by_unit[u][0]
                grad = acc.get(step.node, step.grad)
                inputs = []
                for inp in step.inputs:
                    acc[inp.source] = _add(acc.get(inp.source), inp.contribution)
                    received[inp.source] = received.get(inp.source, 0) + 1
                    inputs.append(
                        replace(
                            inp,
                            accumulated=acc[inp.source],
                            path_index=received[inp.source],
                            path_count=len(feeders.get(inp.source, ())),
                        )
                    )
                steps.append(replace(step, index=len(steps), grad=grad, inputs=inputs))
                continue
            group = groups[u]
            inner = by_unit[u]
            members = {s.node for s in inner}
            outputs = []
            for out in graph.groups.outputs(group.id):
                if out not in members:
                    continue
                if out == trace.output:
                    arriving = trace.seed
                else:
                    arriving = np.zeros(lead + trace.values[out].shape)
                    for _k, consumer, inp in trace.contributions_to(out):
                        if unit[consumer] != u:
                            arriving = arriving + inp.contribution
                outputs.append(GroupOutput(out, labels[out], trace.values[out].shape, arriving))
            passed: dict[str, np.ndarray] = {}
            for step in inner:
                for inp in step.inputs:
                    if inp.source not in members:
                        passed[inp.source] = _add(passed.get(inp.source), inp.contribution)
            inputs = []
            for src in (n for n in graph.node_ids() if n in passed):
                acc[src] = _add(acc.get(src), passed[src])
                received[src] = received.get(src, 0) + 1
                inputs.append(
                    GroupInput(
                        src,
                        labels[src],
                        trace.values[src].shape,
                        passed[src],
                        acc[src],
                        received[src],
                        len(feeders.get(src, ())),
                    )
                )
            note = ""
            try:
                jacobians = [
                    j
                    for j in composite_jacobians(graph, group.id, values=trace.values, limit=limit)
                    if j.output in members and j.input in passed
                ]
            except UserError as exc:
                jacobians, note = [], exc.message
            steps.append(GroupStep(len(steps), group.id, group.name, outputs, inputs, jacobians, inner, note))
    gradients = {}
    for nid in trace.gradients:
        gradients[nid] = trace.gradients[nid] if unit.get(nid) in groups else acc.get(nid, trace.gradients[nid])
    return GroupedTrace(trace, steps, gradients, expanded)


def _add(total: np.ndarray | None, part: np.ndarray) -> np.ndarray:
    return np.asarray(part) if total is None else total + part
