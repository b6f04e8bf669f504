"""The main window: one document (a Graph and its undo stack) on a canvas, with files and menus."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QEvent, QStandardPaths, Qt, QTimer
from PySide6.QtGui import QAction, QUndoStack
from PySide6.QtWidgets import (
    QDockWidget,
    QFileDialog,
    QInputDialog,
    QLabel,
    QMainWindow,
    QMenu,
    QMessageBox,
    QStatusBar,
)

from ..core.errors import UserError
from ..core.graph import Graph
from ..core.naming import display_label
from ..export.actions import Exporter
from ..resources_path import example_files, example_title, examples_dir
from . import actions_table, tones, window_menus, windows
from . import settings as storage
from .animation.setup import AnimationUi
from .autosave import Autosaver, leftovers
from .canvas import GraphScene, GraphView, node_actions
from .canvas.group_actions import GroupActions, target_group
from .canvas.labels import shape_text, value_preview
from .commands.document import ReplaceGraphCommand
from .loading import drawing, load_with_progress
from .palette import PaletteDock
from .save_failure import why_not_saved
from .settings import app_settings
from .training.controller import TrainingUi
from .window_menus import GesturesDialog

APP_TITLE = "graphviz-app"
MAX_RECENT = 10
FILE_FILTER = "Graph diagrams (*.json);;All files (*)"
STATUS_MS = 8000
DEFAULT_SIZE = (1480, 920)  # the first start's window (then as the user left it), screen allowing
MIN_DEFAULT = (1024, 700)
CANVAS_SHARE = 0.45  # the least of the window's width the canvas keeps beside the docks
PALETTE_WIDTH = 230  # the op palette's first width: its entries read in full, the canvas keeps the room


def is_bundled(path: Path) -> bool:
    """A file or folder among the examples shipped with the program."""
    try:
        return path.resolve().is_relative_to(examples_dir().resolve())
    except (OSError, RuntimeError):
        return False


class MainWindow(QMainWindow):
    """Its parts, built here in order: the document (graph, undo stack), the canvas (scene,
    view), the animation (docks, timeline), the exporter, the palette, then the actions of
    actions_table with the menus and toolbar made of them."""

    def __init__(self, parent=None):
        super().__init__(parent)
        self.setObjectName("MainWindow")
        self.graph = Graph()
        self.undo_stack = QUndoStack(self)
        self.path: Path | None = None
        self.display_name = "Untitled"
        self.save_name: str | None = None  # what Save As suggests for a document without a file
        self.settings = app_settings()
        self.scene = GraphScene(self.graph, self.undo_stack, self)
        self.view = GraphView(self.scene, self)
        self.setCentralWidget(self.view)
        self._build_status_bar()
        self.palette_dock = PaletteDock(self)
        self.addDockWidget(Qt.DockWidgetArea.LeftDockWidgetArea, self.palette_dock)
        self.animation = AnimationUi(self)
        self.exporter = Exporter(self)
        self.training = TrainingUi(self)  # Run → Train…, the Training dock, Edit → Trainable
        self.group_actions = GroupActions(self.scene, self)  # Ctrl+G, Ctrl+Shift+G, collapse, rename
        self.scene.selectedGroupChanged.connect(self.animation.inspector.show_group)  # its composite Jacobian
        self._actions = window_menus.make_actions(self)
        self.recent_menu = QMenu("Open &Recent", self)
        self.examples_menu = QMenu("E&xamples", self)
        parts = {
            "recent": self.recent_menu,
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
        self.autosaver = Autosaver(self, storage.autosave_places())
        self.autosaver.trouble.connect(self._autosave_trouble)
        self.autosaver.working.connect(self._autosave_working)
        self.gestures_dialog: GesturesDialog | None = None
        self._errors_shown: set[str] = set()  # evaluation errors the status bar may be showing
        self._autosave_warned: set[bool] = set()  # the kinds of autosave trouble already told
        windows.keep(self)  # (File → Quit closes every window)

        self.undo_stack.cleanChanged.connect(self._update_title)
        self.undo_stack.indexChanged.connect(lambda _i: self.autosaver.changed())
        self.undo_stack.canUndoChanged.connect(self._actions["undo"].setEnabled)
        self.undo_stack.canRedoChanged.connect(self._actions["redo"].setEnabled)
        self.undo_stack.undoTextChanged.connect(lambda text: self._follow_stack("undo", text))
        self.undo_stack.redoTextChanged.connect(lambda text: self._follow_stack("redo", text))
        self._follow_stack("undo", "")
        self._follow_stack("redo", "")
        self._actions["undo"].setEnabled(False)  # (the stack is empty)
        self._actions["redo"].setEnabled(False)
        self.scene.statusMessage.connect(self.show_status)
        self.scene.selectionChanged.connect(self._update_actions)
        self.scene.evaluator.evaluated.connect(self._show_output)
        self.palette_dock.activated.connect(self._add_from_palette)
        controller = self.animation.controller
        controller.started.connect(lambda _mode: self._update_actions())
        controller.ended.connect(lambda _why: self._update_actions())
        controller.conventionChanged.connect(lambda c: self._actions[f"layout_{c}"].setChecked(True))
        self._actions[f"layout_{controller.convention}"].setChecked(True)
        self._actions["grid"].setChecked(self.settings.value("view/grid", True, type=bool))
        self._actions["snap"].setChecked(self.settings.value("view/snap", False, type=bool))
        self.view.set_grid_visible(self._actions["grid"].isChecked())
        self.scene.snap_enabled = self._actions["snap"].isChecked()
        self._actions["live_gradients"].setChecked(self.animation.live)
        self._refresh_recent_menu()
        window_menus.fill_examples(self.examples_menu, example_files(), self.open_example)
        self._update_title()
        self._update_actions()
        self._room = QTimer(self)  # the canvas keeps its room beside the docks (_keep_canvas_room)
        self._room.setSingleShot(True)
        self._room.setInterval(0)
        self._room.timeout.connect(self._keep_canvas_room)
        self._restore_size()
        self._restore_state()
        QTimer.singleShot(0, self, self._tell_storage_problems)  # (once the window shows; not if it is gone)

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
    def _build_status_bar(self) -> None:
        self.setStatusBar(QStatusBar(self))  # made here, not by Qt: see GraphView's viewport
        self.output_label = QLabel(self)
        self.output_label.setObjectName("outputLabel")
        self.statusBar().addPermanentWidget(self.output_label)
        self.autosave_label = tones.ToneLabel("", tones.error, self)  # shown while autosave fails
        self.autosave_label.setObjectName("autosaveLabel")
        self.autosave_label.hide()
        self.statusBar().addPermanentWidget(self.autosave_label)
        self.show_status("Drag nodes from the palette, or press Tab on the canvas to add one.", 0)

    def _add_from_palette(self, kind: str, op) -> None:
        centre = self.view.mapToScene(self.view.viewport().rect().center())
        taken = {(round(n.pos[0]), round(n.pos[1])) for n in self.graph.nodes()}
        while (round(centre.x()), round(centre.y())) in taken:  # do not stack new nodes on each other
            centre.setX(centre.x() + 30)
            centre.setY(centre.y() + 30)
        self.view.editor.add_node_at(kind, op or None, centre)
        self.view.setFocus()

    # ============================================================== status
    def show_status(self, message: str, timeout: int = STATUS_MS) -> None:
        self.statusBar().showMessage(message, timeout)

    def _show_output(self, evaluation) -> None:
        self._clear_fixed_error(evaluation)
        out = self.graph.output
        count = len(self.graph)
        nodes = f"{count} node" + ("" if count == 1 else "s")
        if out is None or out not in self.graph:
            self.output_label.setText(f"{nodes} · no output chosen")
            return
        label = display_label(self.graph, out)
        value = evaluation.values.get(out)
        if value is None:
            self.output_label.setText(f"{nodes} · output {label}: no value")
        else:
            self.output_label.setText(f"{nodes} · {label} = {value_preview(value, 28)}  {shape_text(value.shape)}")

    def _clear_fixed_error(self, evaluation) -> None:
        """The status bar's message that the graph has an error goes once the graph evaluates
        without one (the scene shows each new problem as it appears)."""
        if evaluation.errors:
            self._errors_shown.update(evaluation.errors.values())
            return
        if self.statusBar().currentMessage() in self._errors_shown:
            self.statusBar().clearMessage()
        self._errors_shown.clear()

    def notify(self, title: str, text: str) -> QMessageBox:
        """A warning that does not stop the work: a message box the user closes when they like."""
        box = QMessageBox(QMessageBox.Icon.Warning, title, text, QMessageBox.StandardButton.Ok, self)
        box.setWindowModality(Qt.WindowModality.NonModal)
        box.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        box.show()
        return box

    def _tell_storage_problems(self) -> None:
        """Once per program: the settings or recovery folder cannot be written, so recent files
        and settings last only this session, and autosave keeps work in its spare folder."""
        if "storage" in windows.told:
            return
        problems = storage.storage_problems()
        if not problems:
            return
        windows.told.add("storage")
        spare = storage.spare_recovery_dir()
        kept = "autosave keeps unsaved work in " + str(spare) if not storage.cannot_write(spare) else "autosave is off"
        self.show_status(f"Cannot write to the program's folder: recent files and settings are not kept; {kept}.", 0)
        self.notify(
            "Settings cannot be saved",
            "graphviz-app cannot write to its own folder:\n\n"
            + "\n".join(problems)
            + f"\n\nRecent files and settings will not be kept after you quit, and {kept}. "
            "Everything else works as usual.",
        )

    def _autosave_trouble(self, message: str, kept: bool) -> None:
        """Shown in the status bar while it lasts, and in a warning once per window and kind
        (work kept in the spare place; work not backed up at all)."""
        self.autosave_label.setText("⚠ Autosave in a spare folder" if kept else "⚠ Autosave failed")
        self.autosave_label.setToolTip(message)
        self.autosave_label.show()
        self.show_status(message, 0)
        if kept not in self._autosave_warned:
            self._autosave_warned.add(kept)
            self.notify("Autosave", message)

    def _autosave_working(self) -> None:
        self.autosave_label.hide()
        self.autosave_label.setText("")
        self.show_status("Autosave works again.")

    def _update_title(self, *_args) -> None:
        # Qt shows "[*]" as "*" when modified (macOS: a dot in the close button instead)
        self.setWindowTitle(f"{self.display_name}[*] — {APP_TITLE}")
        self.setWindowModified(not self.undo_stack.isClean())

    def shown_title(self) -> str:
        """The title as the window system shows it."""
        handle = self.windowHandle()
        return handle.title() if handle is not None else self.windowTitle()

    def _update_actions(self) -> None:
        nodes = self.scene.selected_node_ids()
        edges = self.scene.selected_edge_keys()
        one = nodes[0] if len(nodes) == 1 else None
        when = {
            actions_table.NODES: bool(nodes),
            actions_table.NODES_OR_EDGES: bool(nodes or edges),
            actions_table.ONE_NODE: one is not None,
            actions_table.ANIMATING: self.animation.controller.active,
            actions_table.VARIABLES: bool(self.training.selected_variables()),
            actions_table.TRAINED: self.training.can_reset(),
            actions_table.GROUP: target_group(self.scene) is not None,
        }
        for spec in actions_table.ACTIONS:
            if spec.enabled_when:
                self._actions[spec.id].setEnabled(when[spec.enabled_when])
        a = self._actions
        a["set_output"].setEnabled(one is not None and self.graph.output != one)
        params = one is not None and node_actions.has_params(self.scene, one)
        a["edit_value"].setEnabled(one is not None and (self.graph.node(one).is_input or params))
        a["edit_value"].setText("Edit &Parameters…" if params else "Edit &Value…")
        self.training.update_actions()

    def apply_theme(self) -> None:
        window_menus.apply_icons(self._actions, self.palette())
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

    def rename_selected(self) -> None:
        nid = self._single()
        if nid:
            node_actions.rename_node(self, self.scene, nid)

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

    def paste_here(self) -> None:
        """Paste under the mouse pointer (the middle of the canvas when the pointer is elsewhere)."""
        self.view.paste(self.view.scene_pos_under_cursor())

    def set_grid_visible(self, on: bool) -> None:
        self.view.set_grid_visible(on)
        self.settings.setValue("view/grid", on)

    def set_snap(self, on: bool) -> None:
        self.scene.snap_enabled = on
        self.settings.setValue("view/snap", on)

    # ================================================================= files
    def ask_unsaved(self) -> QMessageBox.StandardButton:
        """Save, Discard or Cancel (a separate method so tests can answer it)."""
        buttons = QMessageBox.StandardButton
        return QMessageBox.question(
            self,
            "Unsaved changes",
            f"Save the changes to {self.display_name} first?",
            buttons.Save | buttons.Discard | buttons.Cancel,
            buttons.Save,
        )

    def maybe_save(self) -> bool:
        """True when it is fine to drop the current document."""
        if self.undo_stack.isClean():
            return True
        answer = self.ask_unsaved()
        if answer == QMessageBox.StandardButton.Save:
            return self.save()
        return answer == QMessageBox.StandardButton.Discard

    def show_error(self, title: str, message: str) -> None:
        QMessageBox.warning(self, title, message)

    def _set_document(self, graph: Graph, path: Path | None, name: str) -> None:
        self.scene.overlay_presenter.show(None)
        with drawing(self, len(graph)):
            self.graph.replace_with(graph)
            self.undo_stack.clear()
            self.path = path
            self.display_name = name
            self.save_name = None
            self.undo_stack.setClean()
            self._update_title()
            self._update_actions()
            self.view.fit_document()

    def new_document(self) -> None:
        if self.maybe_save():
            self._set_document(Graph(), None, "Untitled")

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

    def open_dialog(self) -> None:
        if not self.maybe_save():
            return
        start = str(self.path.parent) if self.path else self.settings.value("files/last_dir", "", type=str)
        path, _ = QFileDialog.getOpenFileName(self, "Open diagram", start, FILE_FILTER)
        if path:
            self.open_path(path, ask=False)

    def _load(self, path: Path) -> Graph | None:
        """The diagram in the file, or None (said why; or the user cancelled a long load)."""
        try:
            return load_with_progress(self, path)
        except UserError as exc:  # (its message names the file, and the line)
            self.show_error("Cannot open the file", exc.message)
        except OSError as exc:
            self.show_error("Cannot open the file", f"{path}: {exc.strerror or exc}")
        except UnicodeDecodeError:
            self.show_error("Cannot open the file", f"{path.name}: not a text file")
        return None

    def open_path(self, path, ask: bool = True) -> bool:
        """Open a diagram; a bad file is reported and the current work stays as it was. A bundled
        example (from the command line, or File → Open) opens as File → Examples opens it."""
        if is_bundled(Path(path)):
            return self.open_example(Path(path), ask)
        if ask and not self.maybe_save():
            return False
        path = Path(path)
        graph = self._load(path)
        if graph is None:
            return False
        self._set_document(graph, path.resolve(), path.name)
        self._add_recent(path.resolve())
        self.show_status(f"Opened {path}")
        return True

    def open_example(self, path: Path, ask: bool = True) -> bool:
        """Examples open as untitled copies, so saving never overwrites the shipped file."""
        if ask and not self.maybe_save():
            return False
        graph = self._load(Path(path))
        if graph is None:
            return False
        self._set_document(graph, None, f"{example_title(Path(path))} (example)")
        self.save_name = Path(path).name  # Save As suggests the example's own file name
        self.show_status(f"Opened the example {example_title(Path(path))}: saving asks for a new file")
        return True

    def save(self) -> bool:
        if self.path is None:
            return self.save_as()
        return self.save_to(self.path)

    def save_folder(self) -> Path:
        """Where Save As starts for a document without a file: the folder the user last saved
        to, else their documents folder (never the bundled examples)."""
        last = self.settings.value("files/save_dir", "", type=str)
        if last and Path(last).is_dir() and not is_bundled(Path(last)):
            return Path(last)
        documents = QStandardPaths.writableLocation(QStandardPaths.StandardLocation.DocumentsLocation)
        return Path(documents) if documents and Path(documents).is_dir() else Path.home()

    def save_as(self) -> bool:
        start = str(self.path) if self.path else str(self.save_folder() / (self.save_name or "untitled.json"))
        path, _ = QFileDialog.getSaveFileName(self, "Save diagram", start, FILE_FILTER)
        if not path:
            return False
        path = Path(path)
        if not path.suffix:
            path = path.with_suffix(".json")
        return self.save_to(path)

    def save_to(self, path) -> bool:
        from ..core import fileformat

        path = Path(path)
        try:
            fileformat.save(self.graph, path)
        except Exception as exc:  # any failure: said, and the document stays open and modified
            why = why_not_saved(exc, self.graph).rstrip(".")
            self.show_error(
                "Cannot save",
                f"{path.name} could not be saved in {path.parent}:\n\n{why}.\n\n"
                "Your changes are still open here, not saved.",
            )
            return False
        self.settings.setValue("files/save_dir", str(path.resolve().parent))
        self.path = path.resolve()
        self.display_name = path.name
        self.undo_stack.setClean()
        self.autosaver.remove()
        self._add_recent(self.path)
        self._update_title()
        self.show_status(f"Saved {path}")
        return True

    def new_from_expression(self) -> None:
        from ..core.expr import parse_expression

        text, ok = QInputDialog.getText(
            self, "New from expression", "Expression (for example  sum(sigmoid(W @ x + b))  or  sin(x**2) * y):"
        )
        if not ok or not text.strip():
            return
        try:
            graph = parse_expression(text)
        except UserError as exc:
            self.show_error("Cannot read the expression", exc.message)
            return
        if not self.maybe_save():
            return
        self._set_document(Graph(), None, "Untitled")
        self.undo_stack.push(ReplaceGraphCommand(self.graph, graph, f"Graph of {text.strip()}"))
        self.view.fit_document()

    # ========================================================= recent files
    def recent_files(self) -> list[str]:
        value = self.settings.value("files/recent", [])
        if isinstance(value, str):
            value = [value]
        return [str(v) for v in (value or [])]

    def _add_recent(self, path: Path) -> None:
        files = [str(path)] + [f for f in self.recent_files() if f != str(path)]
        self.settings.setValue("files/recent", files[:MAX_RECENT])
        self.settings.setValue("files/last_dir", str(path.parent))
        self._recent_changed()

    def _recent_changed(self) -> None:
        for window in windows.open_windows():  # every window's menu lists the same files
            window._refresh_recent_menu()

    def _refresh_recent_menu(self) -> None:
        menu = self.recent_menu
        menu.clear()
        files = self.recent_files()
        for file in files:
            menu.addAction(Path(file).name, lambda f=file: self.open_recent(f)).setStatusTip(file)
        if files:
            menu.addSeparator()
            menu.addAction("Clear the list", self._clear_recent)
        menu.setEnabled(bool(files))

    def open_recent(self, file: str) -> bool:
        """A recent file that has gone (moved, deleted) is taken off the list, with a message."""
        if not Path(file).exists():
            self.settings.setValue("files/recent", [f for f in self.recent_files() if f != file])
            self._recent_changed()
            self.show_error("Cannot open the file", f"{file} no longer exists; it was removed from the recent files.")
            return False
        return self.open_path(file)

    def _clear_recent(self) -> None:
        self.settings.setValue("files/recent", [])
        self._recent_changed()

    # ============================================================= recovery
    def offer_recovery(self) -> bool:
        """After a crash: offer the work every window of the crashed programs kept (the newest
        here, each other one in a window of its own). True when something was loaded."""
        found = leftovers(*storage.recovery_dirs())
        if not found:
            return False
        names = [Path(item.original).name if item.original else "an untitled graph" for item in found]
        what = "the unsaved work it kept" if len(found) == 1 else f"the unsaved work of {len(found)} windows"
        answer = QMessageBox.question(
            self,
            "Recover unsaved work",
            f"graphviz-app did not close normally last time. Recover {what}?\n\n"
            + "\n".join(names[:8])
            + ("\n…" if len(names) > 8 else ""),
        )
        return self.recover(found, answer == QMessageBox.StandardButton.Yes)

    def recover(self, found, accept: bool) -> bool:
        """Load each leftover (the first into this window, the others into new ones); the ones
        that cannot be read are set aside and named in one message. Declined: all are dropped."""
        from ..core import fileformat

        loaded, unreadable = 0, []
        for item in found:
            if accept:
                try:
                    graph = fileformat.load(item.file)
                except (UserError, OSError) as exc:
                    kept = item.set_aside()  # (not offered again at every start, never deleted)
                    unreadable.append(
                        f"{getattr(exc, 'message', None) or exc}" + (f"\n(kept as {kept})" if kept else "")
                    )
                    continue
                window = self if loaded == 0 else self.new_window()
                window._set_recovered(graph, Path(item.original) if item.original else None)
                window.autosaver.save_now()  # its own copy first: a crash now loses nothing
                loaded += 1
            item.discard()
        if unreadable:
            self.show_error("Cannot recover", "\n\n".join(unreadable))
        return loaded > 0

    def _set_recovered(self, graph: Graph, original: Path | None) -> None:
        name = (original.name if original else "Untitled") + " (recovered)"
        self._set_document(Graph(), original, name)
        # recovered work is unsaved work: one undoable step makes the document modified
        self.undo_stack.push(ReplaceGraphCommand(self.graph, graph, "Recover unsaved work"))
        self.view.fit_document()

    # ========================================================= window state
    def _restore_size(self) -> None:
        geometry = self.settings.value("window/geometry")
        if geometry is not None:
            self.restoreGeometry(geometry)
            return
        # the first start: room for the canvas between the two docks, within the screen
        screen = self.screen().availableGeometry() if self.screen() is not None else None
        width, height = DEFAULT_SIZE
        if screen is not None and screen.width() > 0:
            width = min(width, max(MIN_DEFAULT[0], int(screen.width() * 0.9)))
            height = min(height, max(MIN_DEFAULT[1], int(screen.height() * 0.9)))
        self.resize(width, height)

    def _restore_state(self) -> None:
        state = self.settings.value("window/state")
        if state is not None:
            self.restoreState(state)
            self._room.start()
        else:
            self.resizeDocks([self.palette_dock], [PALETTE_WIDTH], Qt.Orientation.Horizontal)

    def _keep_canvas_room(self) -> None:
        """Docks keep their width when the window narrows (and a saved state brings back widths
        made for a wider window): narrow the widest side so the canvas keeps CANVAS_SHARE of the
        window. Run after the layout (see resizeEvent); docks with room are left alone."""
        lack = int(self.width() * CANVAS_SHARE) - self.view.width()
        if not self.isVisible() or lack <= 0:
            return
        sides: dict = {}  # the docks shown on each side: one column, one width (tabbed or stacked)
        for dock in self.findChildren(QDockWidget):
            area = self.dockWidgetArea(dock)
            if (
                dock.isVisible()
                and not dock.isFloating()
                and area in (Qt.DockWidgetArea.LeftDockWidgetArea, Qt.DockWidgetArea.RightDockWidgetArea)
            ):
                sides.setdefault(area, []).append(dock)
        width = {area: max(d.width() for d in docks) for area, docks in sides.items()}
        floor = {area: max(d.minimumSizeHint().width() for d in docks) for area, docks in sides.items()}
        for area in sorted(sides, key=lambda a: -width[a]):
            give = min(lack, width[area] - floor[area])
            if give > 0:
                width[area] -= give
                lack -= give
        docks = [d for area in sides for d in sides[area]]
        self.resizeDocks(docks, [width[self.dockWidgetArea(d)] for d in docks], Qt.Orientation.Horizontal)

    def resizeEvent(self, event) -> None:
        super().resizeEvent(event)
        self._room.start()  # once the new layout has given the canvas its width

    def closeEvent(self, event) -> None:
        if not self.maybe_save():
            event.ignore()
            return
        self.settings.setValue("window/geometry", self.saveGeometry())
        self.settings.setValue("window/state", self.saveState())
        self.autosaver.stop()
        self.scene.detach()
        event.accept()

    # ================================================================= help
    def show_about(self) -> None:
        QMessageBox.about(
            self,
            f"About {APP_TITLE}",
            "<b>graphviz-app</b><p>Build composition graphs of scalars, vectors and matrices, "
            "and watch the chain rule (backpropagation) step by step.</p>",
        )

    def show_gestures(self) -> None:
        """Help → Mouse and Keyboard (one dialog, brought to the front when shown again)."""
        if self.gestures_dialog is None:
            self.gestures_dialog = GesturesDialog(self)
        self.gestures_dialog.show()
        self.gestures_dialog.raise_()
