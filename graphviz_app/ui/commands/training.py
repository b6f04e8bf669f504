"""Undoable edits of training: which variables train, and the values a training run puts in."""

from __future__ import annotations

import numpy as np
from PySide6.QtGui import QUndoCommand

from ...core.errors import GraphError
from ...core.graph import Graph
from ...core.naming import describe
from .common import Command, node_title, plural

# the id of the training steps shown: they merge into one undo step
_TRAINING_ID = 0x7472


class SetTrainableCommand(Command):
    """Let gradient descent change variables, or freeze them (one undo step for all of them)."""

    def __init__(self, graph: Graph, node_ids, trainable: bool):
        super().__init__()
        ids = [graph.node(n).id for n in dict.fromkeys(node_ids)]
        for nid in ids:
            if graph.node(nid).kind != "variable":
                raise GraphError(f"{describe(graph, nid)} is not a variable; only variables can be trained", nid)
        if not ids:
            raise GraphError("no variable is selected: only variables can be trained")
        self.graph, self.new = graph, bool(trainable)
        self.old = {nid: graph.node(nid).trainable for nid in ids}
        what = node_title(graph, ids[0]) if len(ids) == 1 else plural(len(ids), "variable")
        self.setText(f"Make {what} trainable" if self.new else f"Freeze {what}")

    def redo(self) -> None:
        for nid in self.old:
            self.graph.set_trainable(nid, self.new)

    def undo(self) -> None:
        for nid, old in self.old.items():
            self.graph.set_trainable(nid, old)


def _put_values(graph: Graph, values: dict[str, np.ndarray]) -> None:
    for nid, value in values.items():
        graph.set_value(nid, value.copy())


class TrainCommand(Command):
    """A training run's values put into the graph: those after step `shown` (the dock's stepping
    merges into it while it is the last edit, so Train and its stepping are one undo step).
    Undo puts back, exactly, the values the trained variables had before."""

    def __init__(self, graph: Graph, result, shown: int, text: str):
        super().__init__(text)
        for nid in result.variables:
            if not graph.node(nid).is_input:
                raise GraphError(f"{describe(graph, nid)} is no longer a variable", nid)
        self.graph, self.result, self.shown = graph, result, int(shown)
        self.start = {nid: graph.node(nid).value.copy() for nid in result.variables}
        self.done = False  # (the training dock asks: a run whose Train is undone cannot be stepped)

    def id(self) -> int:
        return _TRAINING_ID

    def mergeWith(self, other: QUndoCommand) -> bool:
        if isinstance(other, ShowTrainingStepCommand) and other.result is self.result:
            self.shown = other.step
            return True
        return False

    def redo(self) -> None:
        _put_values(self.graph, self.result.values[self.shown])
        self.done = True

    def undo(self) -> None:
        _put_values(self.graph, self.start)
        self.done = False


class ShowTrainingStepCommand(Command):
    """The values of one iteration of a training run (stepping through it: one undo step for a
    run of steps; merged into the Train command itself while that is the last edit)."""

    def __init__(self, graph: Graph, result, step: int):
        super().__init__()
        if not 0 <= step <= result.steps:
            raise GraphError(f"the training run has no step {step} (it has {result.steps})")
        for nid in result.variables:
            if not graph.node(nid).is_input:
                raise GraphError(f"{describe(graph, nid)} is no longer a variable", nid)
        self.graph, self.result, self.step = graph, result, int(step)
        self.before = {nid: graph.node(nid).value.copy() for nid in result.variables}
        self._name()

    def _name(self) -> None:
        self.setText(f"Show training step {self.step} of {self.result.steps}")
        self.said = f"Showing the values after training step {self.step} of {self.result.steps}"

    def id(self) -> int:
        return _TRAINING_ID

    def mergeWith(self, other: QUndoCommand) -> bool:
        if isinstance(other, ShowTrainingStepCommand) and other.result is self.result:
            self.step = other.step
            self._name()
            return True
        return False

    def redo(self) -> None:
        _put_values(self.graph, self.result.values[self.step])

    def undo(self) -> None:
        _put_values(self.graph, self.before)


class ResetTrainingCommand(Command):
    """Put back the values the trained variables had before the run (its step 0)."""

    def __init__(self, graph: Graph, result):
        super().__init__("Reset trained values")
        self.said = "Reset: the trained variables hold their values from before training again"
        for nid in result.variables:
            if not graph.node(nid).is_input:
                raise GraphError(f"{describe(graph, nid)} is no longer a variable", nid)
        self.graph, self.result = graph, result
        self.before = {nid: graph.node(nid).value.copy() for nid in result.variables}

    def redo(self) -> None:
        _put_values(self.graph, self.result.values[0])

    def undo(self) -> None:
        _put_values(self.graph, self.before)
