"""File → Export… and File → Copy image in the main window.

Both render `window.scene` as the canvas shows it at that moment, current
animation step included, never the selection or hover highlight.
"""

from __future__ import annotations

import os
import re
from pathlib import Path

from PySide6.QtCore import QObject, QStandardPaths
from PySide6.QtGui import QAction, QGuiApplication, QIcon, QKeySequence
from PySide6.QtWidgets import QStyle

from ..core.errors import UserError
from .dialog import ExportChoice, ExportDialog
from .render import export_rect, render_image
from .save import export_steps, export_still

COPY_SCALE = 2.0  # pasted images stay sharp on high-density screens and in slides
MESSAGE_MS = 6000


def install(window) -> None:
    """Called once by MainWindow at the end of its construction."""
    window.export_actions = ExportActions(window)


def _free_shortcut(window, wanted: str, fallback: str) -> QKeySequence:
    """wanted, unless another action of the window already uses it."""
    taken = {seq.toString() for action in window.findChildren(QAction) for seq in action.shortcuts()}
    return QKeySequence(fallback if QKeySequence(wanted).toString() in taken else wanted)


def _icon(window, theme_name: str, fallback: QStyle.StandardPixmap) -> QIcon:
    from ..resources_path import resources_dir

    path = resources_dir() / "icons" / f"{theme_name}.svg"
    if path.is_file():
        return QIcon(str(path))
    return QIcon.fromTheme(theme_name, window.style().standardIcon(fallback))


class ExportActions(QObject):
    def __init__(self, window):
        super().__init__(window)
        self.window = window
        self.folder = ""  # the last folder exported to, in this session
        self.dialog: ExportDialog | None = None

        self.export_action = QAction("&Export…", window)  # its icon is drawn by ui.icons.apply_icons
        self.export_action.setShortcut(_free_shortcut(window, "Ctrl+Shift+E", "Ctrl+Alt+E"))
        self.export_action.setStatusTip("Save the diagram as PNG, SVG or PDF, or the animation as GIF or APNG")
        self.export_action.triggered.connect(lambda _checked=False: self.open_dialog())

        self.copy_action = QAction(
            _icon(window, "edit-copy", QStyle.StandardPixmap.SP_FileDialogContentsView), "Copy &Image", window
        )
        self.copy_action.setShortcut(_free_shortcut(window, "Ctrl+Shift+C", "Ctrl+Alt+C"))
        self.copy_action.setStatusTip("Copy a picture of the diagram (or of the selection) to the clipboard")
        self.copy_action.triggered.connect(lambda _checked=False: self.copy_image())

        self._add_to_menu()
        toolbar = getattr(window, "toolbar", None)
        if toolbar is not None:
            toolbar.addAction(self.export_action)

    def _add_to_menu(self) -> None:
        menus = getattr(self.window, "menus", None)
        menu = menus.get("file") if isinstance(menus, dict) else None
        if menu is None:
            menu = self.window.menuBar().addMenu("&File")
        quit_action = (
            getattr(self.window, "actions", {}).get("quit")
            if isinstance(getattr(self.window, "actions", None), dict)
            else None
        )
        items = menu.actions()
        if quit_action in items:
            index = items.index(quit_action)
            before = items[index - 1] if index > 0 and items[index - 1].isSeparator() else quit_action
            menu.insertActions(before, [self.export_action, self.copy_action])
            menu.insertSeparator(self.export_action)
        else:
            menu.addSeparator()
            menu.addActions([self.export_action, self.copy_action])

    # ------------------------------------------------------------ helpers
    @property
    def scene(self):
        return self.window.scene

    def _message(self, text: str) -> None:
        self.window.statusBar().showMessage(text, MESSAGE_MS)

    def animation_overlays(self) -> list:
        """The overlay of every step of the running animation ([] when none runs)."""
        ui = getattr(self.window, "animation", None)
        controller = getattr(ui, "controller", None)
        if controller is None or not controller.active or controller.count == 0:
            return []
        return [controller.overlay_at(k) for k in range(controller.count)]

    def _base_name(self) -> str:
        path = getattr(self.window, "path", None) or getattr(self.window, "save_name", None)  # (an example's)
        if path:
            return Path(path).stem
        name = str(getattr(self.window, "display_name", "") or "")
        name = re.sub(r"\s*\([^)]*\)\s*$", "", name)  # "05_linear_model (example)" -> "05_linear_model"
        cleaned = re.sub(r"_+", "_", "".join(c if c.isalnum() or c in "-_" else "_" for c in name)).strip("_")
        return cleaned if cleaned and name != "Untitled" else "diagram"

    def _start_folder(self) -> str:
        """The last export folder, else the diagram's folder, else Pictures, else home."""
        path = getattr(self.window, "path", None)
        pictures = QStandardPaths.writableLocation(QStandardPaths.StandardLocation.PicturesLocation)
        for folder in (self.folder, str(Path(path).parent) if path else "", pictures):
            if folder and Path(folder).is_dir() and os.access(folder, os.W_OK):
                return folder
        return str(Path.home())

    def _has_selection(self) -> bool:
        return bool(self.scene.selectedItems())

    def _size_of(self, selection: bool) -> tuple[float, float]:
        rect = export_rect(self.scene, selection)
        return rect.width(), rect.height()

    # ------------------------------------------------------------ actions
    def make_dialog(self) -> ExportDialog:
        overlay = getattr(self.scene, "overlay", None)
        steps = self.animation_overlays()
        return ExportDialog(
            self.window,
            self.export,
            folder=self._start_folder(),
            base_name=self._base_name(),
            has_selection=self._has_selection(),
            step_count=len(steps),
            step_title=overlay.title if overlay is not None else "",
            size_of=self._size_of,
        )

    def open_dialog(self) -> None:
        self.dialog = self.make_dialog()
        self.dialog.open()  # window-modal; export() runs from its accept()

    def export(self, choice: ExportChoice) -> list[Path]:
        """Write the files the dialog asked for (raises UserError with a message to show)."""
        if choice.all_steps:
            written = export_steps(self.scene, self.animation_overlays(), choice.path, choice.settings)
        else:
            written = export_still(self.scene, choice.path, choice.settings)
        self.folder = str(choice.path.parent)
        shown = written[0].name if len(written) == 1 else f"{len(written)} files {written[0].name} … {written[-1].name}"
        self._message(f"Exported {shown} to {choice.path.parent}")
        return written

    def copy_image(self) -> None:
        """The selection's picture if something is selected, else the whole diagram's, at 2×."""
        selection = self._has_selection()
        try:
            image = render_image(self.scene, export_rect(self.scene, selection), COPY_SCALE)
        except UserError as exc:
            self._message(exc.message)
            return
        QGuiApplication.clipboard().setImage(image)
        what = "the selection" if selection else "the diagram"
        self._message(f"Copied a {image.width()} × {image.height()} picture of {what}")
