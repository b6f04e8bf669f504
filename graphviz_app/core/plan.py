"""The graph compiled for the walks: one typed `PlanStep` per node, in topological order,
cached per graph (outside it) and rebuilt only when the graph's structure changes."""

from __future__ import annotations

import weakref
from dataclasses import dataclass, field, replace
from typing import Any

from .graph import Graph
from .ops import OpDef, get_op


@dataclass(frozen=True)
class PlanStep:
    """One node of the compiled graph."""

    node: str
    op: OpDef | None  # None: an input (variable or constant)
    sources: tuple[str | None, ...] = ()  # the producer in each port, None where nothing is connected
    params: dict[str, Any] = field(default_factory=dict)  # the op's parameters, defaults filled in
    # its value depends on no variable (a constant, or an op on constants only): no gradient flows into it
    constant: bool = False

    @property
    def connected(self) -> bool:
        return None not in self.sources


@dataclass(frozen=True)
class Plan:
    """The graph compiled for the walks: rebuilt only when its structure changes."""

    version: int  # the graph's version it was compiled for
    order: tuple[str, ...]
    steps: tuple[PlanStep, ...]
    _upto: dict[str, tuple[PlanStep, ...]] = field(default_factory=dict, compare=False, repr=False)

    def upto(self, output: str) -> tuple[PlanStep, ...]:
        """The steps output depends on (itself included), in topological order."""
        found = self._upto.get(output)
        if found is None:
            by_node = {step.node: step for step in self.steps}
            needed, todo = {output}, [output]
            while todo:
                for src in by_node[todo.pop()].sources:
                    if src is not None and src not in needed:
                        needed.add(src)
                        todo.append(src)
            found = self._upto[output] = tuple(s for s in self.steps if s.node in needed)
        return found


_PLANS: weakref.WeakKeyDictionary[Graph, Plan] = weakref.WeakKeyDictionary()


def plan(graph: Graph) -> Plan:
    """The graph's plan, compiled again only after a change of its structure (its version)."""
    cached = _PLANS.get(graph)
    if cached is not None and cached.version == graph.version:
        return cached
    order = tuple(graph.topological_order())
    ports: dict[str, dict[int, str]] = {}  # node -> port -> producer (one pass, not a query per node)
    for u, v, k in graph.nx.edges(keys=True):
        ports.setdefault(v, {})[k] = u
    steps = []
    constant: set[str] = set()
    for nid in order:
        step = node_step(graph, nid, ports.get(nid, {}))
        if graph.node(nid).kind == "constant" or (step.op is not None and all(src in constant for src in step.sources)):
            constant.add(nid)
            step = replace(step, constant=True)
        steps.append(step)
    compiled = Plan(graph.version, order, tuple(steps))
    _PLANS[graph] = compiled
    return compiled


def node_step(graph: Graph, nid: str, ports: dict[int, str]) -> PlanStep:
    """The node's step, its inputs' producers by port in `ports` (Graph.inputs_of); its `constant`,
    which only the reverse walks read, is left unset: plan() works it out."""
    node = graph.node(nid)
    if node.kind != "op":
        return PlanStep(nid, None)
    op = get_op(node.op)
    return PlanStep(nid, op, tuple(ports.get(p) for p in range(op.arity)), op.params_with_defaults(node.params))
