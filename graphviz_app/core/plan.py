"""The graph compiled for the walks: one typed `PlanStep` per node, in topological order,
cached per graph (outside it) and rebuilt only when the graph's structure changes."""

from __future__ import annotations

import weakref
from dataclasses import dataclass, field
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
    producers = {(v, k): u for u, v, k in graph.nx.edges(keys=True)}  # (one pass, not a query per node)
    steps = []
    constant: set[str] = set()
    for nid in order:
        node = graph.node(nid)
        if node.kind != "op":
            if node.kind == "constant":
                constant.add(nid)
            steps.append(PlanStep(nid, None, constant=nid in constant))
            continue
        op = get_op(node.op)
        sources = tuple(producers.get((nid, p)) for p in range(op.arity))
        if all(src in constant for src in sources):
            constant.add(nid)
        steps.append(PlanStep(nid, op, sources, op.params_with_defaults(node.params), nid in constant))
    compiled = Plan(graph.version, order, tuple(steps))
    _PLANS[graph] = compiled
    return compiled
