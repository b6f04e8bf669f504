"""Adds the animation's actions, toolbar and docks to the main window."""

from __future__ import annotations

import gc
import importlib
import sys
import threading

from PySide6.QtCore import QObject, Qt, QTimer
from PySide6.QtGui import QAction, QActionGroup, QGuiApplication, QKeySequence
from PySide6.QtWidgets import QDialog

from ...core import conventions as cv
from ...core import engine
from ...core.errors import UserError
from ..app import app_settings
from .chain_view import ChainDock
from .controller import AnimationController
from .dialogs import SeedDialog, TangentDialog
from .gradcheck_dialog import GradCheckDialog
from .inspector import InspectorDock
from .timeline import TimelineBar

SETTINGS_KEY = "animation/convention"
MESSAGE_MS = 8000


WARM_UP_MS = 2000  # after the window is up, so launch time does not pay for it
_warming = False


def install(window) -> None:
    """Called once by MainWindow at the end of its construction."""
    window.animation = AnimationUi(window)
    QTimer.singleShot(WARM_UP_MS, _warm_up_formulas)


def _warm_up_formulas() -> None:
    """Import sympy on a background thread while the user is still looking at the graph: the
    Inspector's formulas need it, and importing it on the first F6 would freeze that step ~0.7 s."""
    global _warming
    if _warming or "sympy" in sys.modules:
        return
    _warming = True
    threading.Thread(target=_import_sympy, name="sympy-warm-up", daemon=True).start()


def _import_sympy() -> None:
    """Python's cycle collector, if it ran on this thread (importing sympy allocates a lot), could
    destroy Qt objects left in cycles (a window closed earlier) off the GUI thread: their timers
    would stay registered and crash the event loop later. So it is paused meanwhile."""
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        importlib.import_module("sympy")
    finally:
        if was_enabled:
            gc.enable()


def _menu(window, key: str, title: str):
    menus = getattr(window, "menus", None)
    if isinstance(menus, dict) and key in menus:
        return menus[key]
    menu = window.menuBar().addMenu(title)
    if isinstance(menus, dict):
        menus[key] = menu
    return menu


class AnimationUi(QObject):
    """Owns the controller, the timeline, the Inspector and Chain rule docks, and their actions."""

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

        self._make_run_actions()
        self._make_playback_actions()
        self._make_layout_actions()

        scene = window.scene
        scene.selectedNodeChanged.connect(self.inspector.on_selected)
        scene.evaluator.evaluated.connect(self._on_evaluated)
        self.controller.started.connect(lambda _m: self._sync_actions())
        self.controller.ended.connect(self._on_ended)
        self._sync_actions()

    # ------------------------------------------------------------- actions
    def _action(self, text: str, slot, shortcut=None, tip: str = "", context=Qt.WindowShortcut) -> QAction:
        action = QAction(text, self.window)
        if shortcut is not None:
            action.setShortcut(QKeySequence(shortcut))
            action.setShortcutContext(context)
        if tip:
            action.setStatusTip(tip)
            action.setToolTip(f"{text} ({QKeySequence(shortcut).toString()})" if shortcut is not None else text)
        action.triggered.connect(lambda _checked=False: slot())
        self.window.addAction(action)
        return action

    def _make_run_actions(self) -> None:
        run = _menu(self.window, "run", "&Run")
        self.forward_values_action = self._action(
            "Forward (values)", self.run_values, Qt.Key_F5, "Animate the evaluation: values flow in topological order"
        )
        self.backward_action = self._action(
            "Backward", self.run_backward, Qt.Key_F6, "Animate backpropagation from the output, step by step"
        )
        self.forward_mode_action = self._action(
            "Forward mode (JVP)…",
            self.run_forward_mode,
            QKeySequence(Qt.SHIFT | Qt.Key_F6),
            "Animate forward-mode differentiation along a chosen direction",
        )
        self.gradcheck_action = self._action(
            "Gradient check", self.run_gradcheck, Qt.Key_F7, "Compare the backward gradients with finite differences"
        )
        self.stop_action = self._action("Stop animation", self.stop, Qt.Key_Escape, "End the animation")
        for a in (self.forward_values_action, self.backward_action, self.forward_mode_action):
            run.addAction(a)
        run.addSeparator()
        run.addAction(self.gradcheck_action)
        run.addAction(self.stop_action)
        toolbar = getattr(self.window, "toolbar", None)
        if toolbar is not None:
            toolbar.addSeparator()
            for a in (
                self.forward_values_action,
                self.backward_action,
                self.forward_mode_action,
                self.gradcheck_action,
            ):
                toolbar.addAction(a)
                # the four runs look alike as pictures alone: their names stay beside the icons
                toolbar.widgetForAction(a).setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextBesideIcon)

    def _make_playback_actions(self) -> None:
        c = self.controller
        run = _menu(self.window, "run", "&Run")
        run.addSeparator()
        self.play_action = self._action("Play / pause", c.toggle_play, Qt.Key_Space)
        self.step_forward_action = self._action("Step forward", self._step_forward, Qt.Key_Right)
        self.step_back_action = self._action("Step back", c.step_back, Qt.Key_Left)
        self.first_action = self._action("First step", c.first, Qt.Key_Home)
        self.last_action = self._action("Last step", c.last, Qt.Key_End)
        self.playback_actions = [
            self.play_action,
            self.step_forward_action,
            self.step_back_action,
            self.first_action,
            self.last_action,
            self.stop_action,
        ]
        for a in self.playback_actions[:-1]:
            run.addAction(a)

    def _step_forward(self) -> None:
        self.controller.pause()
        self.controller.step_forward()

    def _make_layout_actions(self) -> None:
        view = _menu(self.window, "view", "&View")
        view.addSeparator()
        self.layout_group = QActionGroup(self)
        self.layout_group.setExclusive(True)
        self.layout_actions: dict[str, QAction] = {}
        for convention in cv.CONVENTIONS:
            action = QAction(cv.convention_name(convention), self.window)
            action.setCheckable(True)
            action.setStatusTip(cv.convention_explanation(convention))
            action.setChecked(convention == self.controller.convention)
            action.triggered.connect(lambda _checked=False, c=convention: self.set_convention(c))
            self.layout_group.addAction(action)
            view.addAction(action)
            self.layout_actions[convention] = action
        view.addSeparator()
        view.addAction(self.inspector.toggleViewAction())
        view.addAction(self.chain.toggleViewAction())

    def _sync_actions(self) -> None:
        active = self.controller.active
        for a in self.playback_actions:
            a.setEnabled(active)

    # -------------------------------------------------------------- layout
    @staticmethod
    def _saved_convention() -> str:
        value = app_settings().value(SETTINGS_KEY, cv.NUMERATOR)
        return value if value in cv.CONVENTIONS else cv.NUMERATOR

    def set_convention(self, convention: str) -> None:
        self.layout_actions[convention].setChecked(True)
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
        self._sync_actions()
        self.inspector.show()
        self.inspector.raise_()
        self.chain.refresh_variables()
        self.message(text)

    # ------------------------------------------------------------- events
    def _on_ended(self, message: str) -> None:
        self._sync_actions()
        self.inspector.graph = self.window.graph
        self.inspector.refresh()
        if message:
            self.message(message)

    def _on_evaluated(self, evaluation) -> None:
        self.inspector.graph = self.window.graph
        self.inspector.on_evaluated(evaluation)
        if not self.controller.active and self.chain.isVisible():
            self.chain.refresh_variables()
