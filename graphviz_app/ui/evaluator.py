"""Evaluator: the graph evaluated again after its changes, the results published.

Changes come in bursts (a paste adds nodes and edges one by one, an undo replays a whole
command): evaluations are coalesced to one per event-loop turn, or done at once when
`evaluation` is read (an export right after an edit). Moves, and a group collapsed or expanded,
change no value and evaluate nothing.
"""

from __future__ import annotations

from PySide6.QtCore import QObject, QTimer, Signal

from ..core.errors import UserError
from ..core.graph import Graph, GraphEvent, NodeMoved
from ..core.groups import GroupCollapsed


class Evaluator(QObject):
    evaluated = Signal(object)  # the engine's Evaluation
    problem = Signal(str, str)  # a new first problem of the graph (or nan begun), as the messages say it; its fix

    def __init__(self, graph: Graph, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.graph = graph
        self._evaluation = None
        self._pending = False
        self._last_problem: str | None = None
        # the model's changes heard so far: a view built at this count shows the model as it is
        # (every change a view shows arrives as a graph event: a command changing anything else must notify)
        self.changes = 0
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(0)
        self._timer.timeout.connect(self.refresh)
        graph.subscribe(self._on_model)
        self.schedule()

    def detach(self) -> None:
        """Stop following the model (the window is closing)."""
        self.graph.unsubscribe(self._on_model)
        self._timer.stop()

    def _on_model(self, event: GraphEvent) -> None:
        self.changes += 1
        if not isinstance(event, (NodeMoved, GroupCollapsed)):
            self.schedule()

    def schedule(self) -> None:
        """Evaluate on the next event-loop turn (once, however many changes come before)."""
        self._pending = True
        self._timer.start()

    @property
    def pending(self) -> bool:
        """An evaluation is scheduled: `evaluated` follows on the next event-loop turn."""
        return self._pending

    @property
    def evaluation(self):
        """The evaluation of the current graph (computed now if a change is pending)."""
        if self._pending:
            self.refresh()
        return self._evaluation

    def refresh(self) -> None:
        self._timer.stop()
        self._pending = False
        if self._evaluation is None and len(self.graph) == 0:
            return  # nothing evaluated yet and nothing to evaluate: the empty window at launch
        from ..core import engine  # imported here: the window at launch is shown without it

        try:
            evaluation = engine.evaluate(self.graph)
        except UserError as exc:  # only a cycle, which the editor never creates
            self.problem.emit(exc.message, "")
            return
        self._evaluation = evaluation
        # an error first; else where a value became nan or inf, and why (log gets x = −1: ...); else
        # a column against a vector broadcast to n×n (sub: ℝ⁴ˣ¹ − ℝ⁴ broadcasts to ℝ⁴ˣ⁴; did you mean ...)
        first = next(iter(evaluation.errors), None)
        problem = (
            evaluation.errors[first]
            if first
            else next(iter([*evaluation.undefined.values(), *evaluation.notes.values()]), None)
        )
        if problem != self._last_problem:
            self._last_problem = problem
            if problem:
                self.problem.emit(problem, evaluation.fixes.get(first, ""))
        self.evaluated.emit(evaluation)
