"""The main window: one document (a Graph and its undo stack) on a canvas, with files and menus.

It assembles parts that each do one job: the evaluator (evaluator.Evaluator), the canvas (GraphScene,
showing the evaluator's results, GraphView and its editor), the document's files
(document_files.DocumentFiles), the status bar (window_status.WindowStatus), its size and docks' widths (window_layout.WindowLayout), the animation, the exporter, training,
the palette, and the actions of actions_table with the menus and toolbar made of them."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QEvent, Qt, QTimer
from PySide6.QtGui import QAction, QGuiApplication
from PySide6.QtWidgets import (
    QMainWindow,
    QMenu,
    QMessageBox,
)
from shiboken6 import isValid

from ..core.graph import Graph
from ..export.actions import Exporter
from ..resources_path import example_files
from . import actions_table, clipboard, window_menus, windows
from . import settings as storage
from .animation.setup import AnimationUi
from .autosave import Autosaver
from .canvas import GraphScene, GraphView, drop_place, node_actions
from .canvas.group_actions import GroupActions, target_group
from .canvas.layout_view import LayoutFollower
from .canvas_menus import CanvasMenus
from .collect_on_gui_thread import install as collect_on_gui_thread_only
from .document_files import DocumentFiles
from .evaluator import Evaluator
from .file_drop import FileDrop
from .key_text import key_text
from .loading import drawing
from .palette import PaletteDock
from .pane_focus import PaneFocus
from .selection_summary import SelectionSummary
from .settings import app_settings, remember
from .training.controller import TrainingUi
from .undo_stack import UndoStack
from .window_layout import WindowLayout
from .window_menus import GesturesDialog
from .window_status import WindowStatus

APP_TITLE = "graphviz-app"


class MainWindow(QMainWindow):
    """Its parts, built here in order: the document (graph, undo stack, files), the canvas
    (scene, view), the status bar, the palette, the animation (docks, timeline), the exporter,
    training, then the actions of actions_table with the menus and toolbar made of them, and
    the window's layout as the user left it."""

    def __init__(self, parent=None):
        super().__init__(parent)
        # (a window's Qt objects die on the GUI thread; pictures drawn without one delete their
        # scene themselves, so a script that only draws keeps Python's collector as it was)
        collect_on_gui_thread_only()
        self.setObjectName("MainWindow")
        self.graph = Graph()
        self.undo_stack = UndoStack(self)
        self.settings = app_settings()
        self.settings.setParent(self)  # (destroyed with the window, on its thread, not by a collection anywhere)
        self.files = DocumentFiles(self)  # New, Open, Save, Examples, Open Recent
        self.evaluator = Evaluator(self.graph, self)  # evaluates after each change; the canvas shows its results
        self.scene = GraphScene(self.graph, self.undo_stack, self, evaluator=self.evaluator)
        self.view = GraphView(self.scene, self)
        self.view.zoomed.connect(self.files.view_zoomed)  # (its "out of view" hint goes once all shows)
        self.setCentralWidget(self.view)
        self.status = WindowStatus(self)
        self.layout_follower = LayoutFollower(self.view, self.undo_stack)  # (the view after a layout, its undo)
        self.file_drop = FileDrop(self)  # a diagram file dropped from a file manager opens
        self.palette_dock = PaletteDock(self)
        self.addDockWidget(Qt.DockWidgetArea.LeftDockWidgetArea, self.palette_dock)
        self.animation = AnimationUi(self)
        self.exporter = Exporter(self)
        self.training = TrainingUi(self)  # Run → Train…, the Training dock, Edit → Trainable
        self.group_actions = GroupActions(self.scene, self)  # Ctrl+G, Ctrl+Shift+G, collapse, rename
        self.scene.selectedGroupChanged.connect(self.animation.inspector.show_group)  # its composite Jacobian
        docks = [self.palette_dock, self.animation.inspector, self.animation.chain, self.training.dock]
        self.panes = PaneFocus(self, self.view, docks)  # Ctrl+Tab between the canvas and the docks
        self._actions = window_menus.make_actions(self)
        self.canvas_menus = CanvasMenus(
            self.view, self._actions, self.animation.controller.diving_group
        )  # right-click menus of the same actions
        self.examples_menu = QMenu("E&xamples", self)
        parts = {
            "recent": self.files.recent.menu,
            "examples": self.examples_menu,
            "palette": self.palette_dock.toggleViewAction(),
            "inspector": self.animation.inspector.toggleViewAction(),
            "chain": self.animation.chain.toggleViewAction(),
            "training": self.training.dock.toggleViewAction(),
        }
        self.menus = window_menus.build_menus(self, self._actions, parts)
        self.toolbar = window_menus.build_toolbar(self, self._actions)
        window_menus.apply_icons(self._actions, self.palette())
        window_menus.set_tooltips(self._actions)
        self.animation.timeline.use_actions(self.action)  # (the transports' buttons are the actions)
        self.training.dock.use_actions(self.action)
        self.autosaver = Autosaver(self, storage.autosave_places())
        self.autosaver.trouble.connect(self.status.autosave_trouble)
        self.autosaver.working.connect(self.status.autosave_working)
        self.gestures_dialog: GesturesDialog | None = None
        windows.keep(self)  # (File → Quit closes every window)

        self.undo_stack.cleanChanged.connect(self.update_title)
        self.undo_stack.indexChanged.connect(self._stack_moved)
        self.undo_stack.canUndoChanged.connect(self._actions["undo"].setEnabled)
        self.undo_stack.canRedoChanged.connect(self._actions["redo"].setEnabled)
        self.undo_stack.undoTextChanged.connect(lambda text: self._follow_stack("undo", text))
        self.undo_stack.redoTextChanged.connect(lambda text: self._follow_stack("redo", text))
        self._follow_stack("undo", "")
        self._follow_stack("redo", "")
        self._actions["undo"].setEnabled(False)  # (the stack is empty)
        self._actions["redo"].setEnabled(False)
        self.scene.statusMessage.connect(self.status.show)
        self.evaluator.problem.connect(self.status.problem)
        self.scene.selectionChanged.connect(self._update_actions)
        self.selection_summary = SelectionSummary(self)  # several cards selected: Inspector and status bar say so
        self._clipboard_holds_nodes = clipboard.holds_fragment()  # (read when the clipboard changes only)
        QGuiApplication.clipboard().dataChanged.connect(self._clipboard_changed)
        self.evaluator.evaluated.connect(self.status.show_output)
        self.palette_dock.activated.connect(self._add_from_palette)
        controller = self.animation.controller
        controller.started.connect(lambda _mode: self._update_actions())
        controller.ended.connect(lambda _why: self._update_actions())
        # Dive In / Out follow the step: once a step (a start shows step 1), never for the selection or an edit
        controller.stepChanged.connect(lambda _k: self._update_step_actions())
        controller.updated.connect(self._update_step_actions)
        controller.ended.connect(lambda _why: self._update_step_actions())
        controller.playingChanged.connect(self._show_playing)
        controller.conventionChanged.connect(lambda c: self._actions[f"layout_{c}"].setChecked(True))
        self._actions[f"layout_{controller.convention}"].setChecked(True)
        self._actions["grid"].setChecked(self.settings.value("view/grid", True, type=bool))
        self._actions["snap"].setChecked(self.settings.value("view/snap", False, type=bool))
        self.view.set_grid_visible(self._actions["grid"].isChecked())
        self.scene.snap_enabled = self._actions["snap"].isChecked()
        self._actions["live_gradients"].setChecked(self.animation.live_gradients.on)
        window_menus.fill_examples(self.examples_menu, example_files(), self.files.open_example)
        self.update_title()
        self._update_actions()
        self._update_step_actions()
        self._show_playing()
        self.layout_keeper = WindowLayout(self, self.view, self.palette_dock, self.settings)
        self.layout_keeper.restore()
        QTimer.singleShot(0, self, self.status.tell_storage_problems)  # (once the window shows; not if it is gone)

    def action(self, key: str) -> QAction:
        """The window's action of that id (see actions_table)."""
        return self._actions[key]

    def _follow_stack(self, key: str, text: str) -> None:
        """Undo and Redo say what they would undo or redo: "Undo Delete 2 nodes"."""
        action = self._actions[key]
        spec = actions_table.BY_ID[key]
        action.setText(f"{spec.text} {text}" if text else spec.text)
        shown = action.text().replace("&", "")
        action.setToolTip(f"{shown} ({window_menus.shortcut_texts(spec)[0]})")

    # ============================================================== building
    def _add_from_palette(self, kind: str, op) -> None:
        centre = self.view.mapToScene(self.view.viewport().rect().center())
        self.view.editor.add_node_inside(kind, op or None, centre)  # (the nearest free spot: never on a card)
        self.view.setFocus()

    def update_title(self, *_args) -> None:
        # Qt shows "[*]" as "*" when modified (macOS: a dot in the close button instead)
        self.setWindowTitle(f"{self.files.display_name}[*] — {APP_TITLE}")
        self.setWindowModified(not self.undo_stack.isClean())

    def shown_title(self) -> str:
        """The title as the window system shows it."""
        handle = self.windowHandle()
        return handle.title() if handle is not None else self.windowTitle()

    def _update_actions(self) -> None:
        nodes = self.scene.selected_node_ids()
        edges = self.scene.selected_edge_keys()
        one = nodes[0] if len(nodes) == 1 and nodes[0] in self.graph else None
        taken = self.view.editor.selected_nodes()  # (with the nodes of a selected frame or collapsed card)
        when = {
            actions_table.NODES: bool(taken),
            actions_table.NODES_OR_EDGES: bool(taken or edges),
            actions_table.ONE_NODE: one is not None,
            actions_table.ANIMATING: self.animation.controller.active,
            actions_table.EDGES: bool(edges),
            actions_table.GROUP: target_group(self.scene) is not None,
            actions_table.CLIPBOARD: self._clipboard_holds_nodes,
            actions_table.DIAGRAM: len(self.graph) > 0,
        }
        for spec in actions_table.ACTIONS:
            if spec.enabled_when in when:
                self._actions[spec.id].setEnabled(when[spec.enabled_when])
        a = self._actions
        a["set_output"].setEnabled(one is not None and self.graph.output != one)
        params = one is not None and node_actions.has_params(self.scene, one)
        a["edit_value"].setEnabled(one is not None and (self.graph.node(one).is_input or params))
        a["edit_value"].setText(
            actions_table.EDIT_PARAMETERS_TEXT if params else actions_table.BY_ID["edit_value"].text
        )
        self.training.update_actions()  # (Trainable, Reset Trained Values, the training transport)

    def _update_step_actions(self) -> None:
        """What depends on the animation's step only (run at every step, without the selection's
        work): Play, Step Forward and Last Step but at the last step, Step Back and First Step but at
        the first (none while an error in the edited graph pauses the pass: no step can show), Dive In
        at a group's stop, Dive Out inside one, and the Stop entry's text. The timeline's buttons are
        these actions."""
        controller = self.animation.controller
        stepping = controller.active and controller.count > 0 and not controller.problem  # (seek's own rule)
        when = {
            actions_table.STEPPING: stepping,
            actions_table.GROUP_STOP: controller.can_dive_in(),
            actions_table.LATER_STEP: stepping and controller.k != controller.last_stop,
            actions_table.EARLIER_STEP: stepping and controller.k != controller.first_stop,
            actions_table.INSIDE_GROUP: bool(controller.inside_group()),
        }
        for spec in actions_table.ACTIONS:
            if spec.enabled_when in when:
                self._actions[spec.id].setEnabled(when[spec.enabled_when])
        inside = self.animation.dives.group_inside()  # (the menu entry says what a click does: Esc's rule)
        # in Title Case but the group's name, as written; Stop's own mnemonic
        self._actions["stop"].setText(
            f"Leave {inside.name.replace('&', '&&')} (Esc Again &Stops)" if inside else actions_table.BY_ID["stop"].text
        )

    def _show_playing(self, *_args) -> None:
        """Play / Pause (the timeline's button, the Run menu's entry) shows the pause picture while playing."""
        window_menus.show_playing(self._actions["play"], self.animation.controller.playing, self.palette())

    def _clipboard_changed(self) -> None:
        """Paste is enabled while the clipboard holds copied nodes (from any window or program)."""
        if isValid(self):
            self._clipboard_holds_nodes = clipboard.holds_fragment()
            self._actions["paste"].setEnabled(self._clipboard_holds_nodes)

    def apply_theme(self) -> None:
        window_menus.apply_icons(self._actions, self.palette())
        self._show_playing()  # (the pause pictures, while playing, in the new colours)
        self.training.update_actions()
        self.scene.apply_theme()
        self.view.refresh_background()

    def changeEvent(self, event) -> None:
        if event.type() == QEvent.Type.PaletteChange:
            self.apply_theme()
        super().changeEvent(event)

    # ============================================================ node edits
    def _single(self) -> str | None:
        nodes = self.scene.selected_node_ids()
        return nodes[0] if len(nodes) == 1 else None

    def set_selected_output(self) -> None:
        nid = self._single()
        if nid:
            node_actions.set_output(self.scene, nid)
            self._update_actions()

    def edit_selected_value(self) -> None:
        nid = self._single()
        if nid and node_actions.has_params(self.scene, nid):
            node_actions.edit_params(self, self.scene, nid)
        elif nid:
            node_actions.edit_value(self, self.scene, nid)

    def set_selected_kind(self, kind: str) -> None:
        """Make It a Constant / a Variable: the selected variable or constant becomes `kind`."""
        nid = self._single()
        if nid and self.graph.node(nid).is_input and self.graph.node(nid).kind != kind:
            node_actions.toggle_kind(self.scene, nid)

    def disconnect_selected_inputs(self) -> None:
        nid = self._single()
        if nid:
            node_actions.disconnect_inputs(self.scene, nid)

    def disconnect_selected_edges(self) -> None:
        node_actions.disconnect_edges(self.scene, self.scene.selected_edge_keys())

    def paste_here(self) -> None:
        """Paste where the canvas's menu was opened, else under the mouse pointer (the middle of
        the canvas when the pointer is elsewhere)."""
        point = self.canvas_menus.point
        self.view.editor.paste(point if point is not None else drop_place.under_cursor(self.view))

    def set_grid_visible(self, on: bool) -> None:
        self.view.set_grid_visible(on)
        remember(self.settings, "view/grid", on, True)

    def set_live_gradients(self, on: bool) -> None:
        """View → Live Gradients, said in the status bar (the message before it no longer holds)."""
        live = self.animation.live_gradients
        if on == live.on:
            return
        if not on:
            self.status.show("Live gradients off: cards show their values only.")
        else:
            self.status.show(live.turned_on_text())
        live.set_on(on)  # (after: a warning it finds is said last)

    def set_snap(self, on: bool) -> None:
        self.scene.snap_enabled = on
        remember(self.settings, "view/snap", on, False)

    # ============================================================== document
    def open_graph(self, graph: Graph, path: Path | None = None, title: str | None = None) -> None:
        """Make graph the window's document, with a fresh undo history. The window takes graph's
        content over without copying it (Graph.replace_with(copy=False)): do not use graph afterwards;
        pass a copy to keep yours (g.show() does). With path it is saved there; without, it is an unsaved
        document, as New from Expression makes. title: what the title bar calls it (default: the
        file's name, or Untitled). Unsaved changes of the document it replaces are not asked about."""
        path = Path(path).resolve() if path is not None else None
        self.scene.overlay_presenter.show(None)
        with drawing(self, len(graph)):
            self.graph.replace_with(graph, copy=False)  # (a 10,000-node file: no 0.4 s copy)
            self.undo_stack.clear()
            self.files.named(path, title or (path.name if path else "Untitled"))
            self.undo_stack.setClean()
            self.update_title()
            self._update_actions()
            self.view.fit_document()

    def new_window(self) -> MainWindow:
        """A new empty window beside this one, shown."""
        window = MainWindow()
        window.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        windows.place_beside(window, self)
        window.show()
        return window

    def quit_all(self) -> None:
        """Close every window; one whose unsaved changes the user keeps stops the quit there."""
        for window in [w for w in windows.open_windows() if w is not self and w.isVisible()] + [self]:
            if not window.close():
                return

    def _stack_moved(self, index: int) -> None:
        """Every edit, undo and redo, the one listener of the undo stack: the status bar says it,
        training pauses, autosave and the actions' states follow. Not while the window is being
        deleted: its undo stack clears itself then, after the window's parts are gone."""
        if isValid(self):
            kept = self.layout_follower.moved(index)
            self.status.edited(index)
            if kept and not self.view.shows_whole_graph():
                fit = key_text("zoom_fit")
                self.status.show(f"{self.status.bar.currentMessage()}. Zoom to Fit ({fit}) shows it whole")
            self.training.stack_changed(index)
            self.autosaver.changed()
            self._update_actions()

    def setVisible(self, visible: bool) -> None:
        if visible and not self.isVisible():
            self.layout_keeper.showing()  # (a first start's dock widths: before the first layout)
        super().setVisible(visible)

    def resizeEvent(self, event) -> None:
        super().resizeEvent(event)
        self.layout_keeper.resized()

    def closeEvent(self, event) -> None:
        if not self.files.maybe_save():
            event.ignore()
            return
        self.layout_keeper.save()
        self.autosaver.stop()
        self.animation.controller.stop(emit=False)  # (unsubscribes from the graph: a pass running now)
        self.training.detach()
        self.animation.chain.detach()
        self.animation.inspector.drop_pending()
        self.exporter.detach()
        self.view.empty_hint.follow(None)
        self.scene.detach()
        event.accept()

    # ================================================================= help
    def show_about(self) -> None:
        from .about import about_html

        QMessageBox.about(self, f"About {APP_TITLE}", about_html())

    def show_gestures(self) -> None:
        """Help → Mouse and Keyboard (one dialog, brought to the front when shown again)."""
        if self.gestures_dialog is None:
            self.gestures_dialog = GesturesDialog(self)
        self.gestures_dialog.show()
        self.gestures_dialog.raise_()
