"""One training run as the window keeps it: core.train's result, and what the diagram was when it
ran, so the dock can tell whether the run still describes the diagram and which of its
iterations the cards show now. Plain data and comparisons, no Qt."""

from __future__ import annotations

import numpy as np

from ...core.graph import Graph
from ...core.number_text import fmt_number
from ...core.optim import OPTIMIZERS
from ...core.train import TrainResult

LOSS_CURVE_SIZE = (800, 450)  # the exported loss curve at 1× (96 dpi); the export's scale multiplies it


def structure(graph: Graph) -> tuple:
    """What graph.version counts changes of (nodes added, removed, connected, renamed, re-kinded,
    their parameters), as a value: equal again when an undo brings the diagram back, where the
    version only grows (its caches must never take one diagram for another)."""
    nodes = frozenset((n.id, n.kind, n.op, n.name, repr(sorted(n.params.items()))) for n in graph.nodes())
    return nodes, frozenset(graph.edges())


class TrainingRun:
    def __init__(self, graph: Graph, result: TrainResult):
        self.result = result
        self.structure = structure(graph)  # the diagram trained, to tell it again after an edit and its undo
        self._seen = (graph.version, True)  # the graph's version last compared, and whether it matched
        self.output = graph.output
        self.trained = set(result.variables)
        # everything else training read: the values of the other inputs, the trainable flags
        self.inputs = {
            n.id: (n.kind, n.trainable, n.value.copy())
            for n in graph.nodes()
            if n.is_input and n.id not in self.trained
        }
        self._index: dict[bytes, int] | None = None  # iteration by its values, built on first need

    @property
    def steps(self) -> int:
        return self.result.steps

    @property
    def title(self) -> str:
        """ "Adam · lr 0.01 · 50 steps"."""
        r = self.result
        steps = f"{r.steps} of {r.steps_asked} steps" if r.steps != r.steps_asked else f"{r.steps} steps"
        return f"{OPTIMIZERS[r.optimizer].title} · learning rate {fmt_number(r.lr)} · {steps}"

    @property
    def loss_name(self) -> str:
        return self.result.labels[self.result.output]

    def describes(self, graph: Graph) -> bool:
        """The diagram is the one trained, but for the trained variables' values: stepping
        through the run shows its numbers."""
        if graph.output != self.output:
            return False
        if graph.version != self._seen[0]:  # (the structure compared only when it may have changed)
            self._seen = (graph.version, structure(graph) == self.structure)
        if not self._seen[1]:
            return False
        for nid in self.trained:
            node = graph.node(nid) if nid in graph else None
            if node is None or not node.is_trainable or node.value.shape != self.result.values[0][nid].shape:
                return False
        for nid, (kind, trainable, value) in self.inputs.items():
            node = graph.node(nid) if nid in graph else None
            if node is None or node.kind != kind or node.trainable != trainable:
                return False
            if node.value.shape != value.shape or not np.array_equal(node.value, value):
                return False
        return True

    def step_shown(self, graph: Graph, hint: int | None = None) -> int | None:
        """The iteration whose values the trained variables hold now (None: values of no iteration)."""
        current = {nid: graph.node(nid).value for nid in self.trained if nid in graph}
        if len(current) != len(self.trained):
            return None
        if hint is not None and 0 <= hint <= self.steps and self._holds(current, hint):
            return hint
        if self._index is None:
            self._index = {}
            for k in range(self.steps, -1, -1):  # the first of equal iterations wins
                self._index[self._key(self.result.values[k])] = k
        k = self._index.get(self._key(current))
        return k if k is not None and self._holds(current, k) else None

    def _holds(self, current: dict, k: int) -> bool:
        values = self.result.values[k]
        return all(current[n].shape == values[n].shape and np.array_equal(current[n], values[n]) for n in current)

    def _key(self, values: dict) -> bytes:
        return b"|".join(np.ascontiguousarray(values[n], dtype=float).tobytes() for n in self.result.variables)
