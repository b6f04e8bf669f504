"""The animation's part of the main window: its controller, timeline, Inspector and Chain rule docks,
and what the Run menu's actions (declared in ui/actions_table.py) do."""

from __future__ import annotations

from PySide6.QtCore import QObject, Qt
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import QDialog

from ...core import conventions as cv
from ...core import engine
from ...core.errors import UserError
from ..settings import app_settings
from .chain_view import ChainDock
from .controller import AnimationController
from .dialogs import SeedDialog, TangentDialog
from .gradcheck_dialog import GradCheckDialog
from .inspector import InspectorDock
from .timeline import TimelineBar

SETTINGS_KEY = "animation/convention"
MESSAGE_MS = 8000


class AnimationUi(QObject):
    """Owns the controller, the timeline, the Inspector and Chain rule docks."""

    def __init__(self, window):
        super().__init__(window)
        self.window = window
        self.controller = AnimationController(window.scene, self, self._saved_convention())
        self.gradcheck_dialog: GradCheckDialog | None = None

        self.timeline = TimelineBar(self.controller, window)
        window.addToolBar(Qt.BottomToolBarArea, self.timeline)
        self.inspector = InspectorDock(self.controller, window)
        self.inspector.graph = window.graph
        self.chain = ChainDock(self.controller, window)
        window.addDockWidget(Qt.RightDockWidgetArea, self.inspector)
        window.addDockWidget(Qt.RightDockWidgetArea, self.chain)
        window.tabifyDockWidget(self.inspector, self.chain)
        self.inspector.raise_()
        self.chain.set_graph(window.graph)

        scene = window.scene
        scene.selectedNodeChanged.connect(self.inspector.on_selected)
        scene.evaluator.evaluated.connect(self._on_evaluated)
        self.controller.ended.connect(self._on_ended)

    def step_forward(self) -> None:
        """A step from the keyboard: playing stops, so the user reads the step in peace."""
        self.controller.pause()
        self.controller.step_forward()

    # -------------------------------------------------------------- layout
    @staticmethod
    def _saved_convention() -> str:
        value = app_settings().value(SETTINGS_KEY, cv.NUMERATOR)
        return value if value in cv.CONVENTIONS else cv.NUMERATOR

    def set_convention(self, convention: str) -> None:
        app_settings().setValue(SETTINGS_KEY, convention)
        self.controller.set_convention(convention)
        self.message(cv.convention_explanation(convention))

    # --------------------------------------------------------------- runs
    def message(self, text: str) -> None:
        self.window.statusBar().showMessage(text, MESSAGE_MS)

    def _evaluate(self):
        graph = self.window.graph
        ev = engine.evaluate(graph)
        if not ev.values:
            raise UserError("The graph is empty: add a variable and an operation first.")
        return ev

    def _output_value(self, ev):
        graph = self.window.graph
        if graph.output is None:
            raise UserError("No output is chosen: right-click a node and choose it as the output.")
        return ev.require(graph.output)

    def run_values(self) -> None:
        try:
            ev = self._evaluate()
        except UserError as exc:
            return self.message(str(exc))
        self.controller.start_values(self.window.graph, ev)
        self._after_start("Forward: values are computed in topological order.")

    def run_backward(self) -> None:
        graph = self.window.graph
        try:
            ev = self._evaluate()
            value = self._output_value(ev)
            seed = None
            if value.shape != ():
                dialog = SeedDialog(graph.node(graph.output).label, value.shape, self.window)
                if dialog.exec() != QDialog.Accepted:
                    return
                seed = dialog.seed()
            trace = engine.backward(graph, seed=seed, evaluation=ev)
        except UserError as exc:
            return self.message(str(exc))
        self.controller.start_backward(graph, trace)
        self._after_start(f'Backward from "{trace.output_label}": {len(trace)} steps. Space plays, ←/→ step.')

    def run_forward_mode(self) -> None:
        graph = self.window.graph
        try:
            ev = self._evaluate()
            variables = [(n.id, n.label, ev.values[n.id].shape) for n in graph.variables() if n.id in ev.values]
            if not variables:
                raise UserError("Forward mode needs a variable: the graph has none.")
            if graph.output is not None:
                self._output_value(ev)
            dialog = TangentDialog(variables, self.window)
            if dialog.exec() != QDialog.Accepted:
                return
            trace = engine.forward_mode(graph, dialog.tangents(), evaluation=ev)
        except UserError as exc:
            return self.message(str(exc))
        self.controller.start_forward(graph, trace)
        self._after_start(f"Forward mode: {len(trace)} steps; each node's tangent along the chosen direction.")

    def run_gradcheck(self) -> None:
        graph = self.window.graph
        QGuiApplication.setOverrideCursor(Qt.WaitCursor)
        try:
            ev = self._evaluate()
            self._output_value(ev)
            result = engine.gradcheck(graph)
        except UserError as exc:
            return self.message(str(exc))
        finally:
            QGuiApplication.restoreOverrideCursor()
        if self.gradcheck_dialog is not None:
            self.gradcheck_dialog.close()
        self.gradcheck_dialog = GradCheckDialog(result, graph.node(graph.output).label, self.window)
        self.gradcheck_dialog.show()
        self.message("Gradient check " + ("passed." if result.passed else "FAILED: see the dialog."))

    def stop(self) -> None:
        self.controller.stop("Animation ended.")

    def _after_start(self, text: str) -> None:
        self.inspector.show()
        self.inspector.raise_()
        self.chain.refresh_variables()
        self.message(text)

    # ------------------------------------------------------------- events
    def _on_ended(self, message: str) -> None:
        self.inspector.graph = self.window.graph
        self.inspector.refresh()
        if message:
            self.message(message)

    def _on_evaluated(self, evaluation) -> None:
        self.inspector.graph = self.window.graph
        self.inspector.on_evaluated(evaluation)
        if not self.controller.active:
            self.chain.refresh_variables()  # (only when it is shown)
