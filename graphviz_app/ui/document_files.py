"""The window's document on disk: New, Open, the bundled examples, Save and Save As, New from
Expression, and asking about unsaved changes before any of them drops the current work.

It knows which file the document is (`path`) and what the title calls it (`display_name`);
the window shows the document and its undo stack (MainWindow.open_graph).
"""

from __future__ import annotations

import os
from pathlib import Path

from PySide6.QtCore import QStandardPaths, Qt
from PySide6.QtWidgets import QDialog, QFileDialog, QMessageBox

from ..core.autolayout import lay_out_if_piled
from ..core.errors import UserError
from ..core.file_access import cannot_read, folder_problem
from ..core.graph import Graph
from ..export.formats import ExportError, diagram_named
from ..resources_path import example_title, examples_dir
from .actions_table import BY_ID
from .commands.common import plural
from .commands.document import ReplaceGraphCommand
from .key_text import shortcut_texts
from .loading import PressedMeanwhile, load_with_progress
from .opened_problem import frame_first_problem
from .recent_files import RecentFiles
from .save_failure import why_not_saved
from .window_status import EMPTY_HINT

FILE_FILTER = "Graph diagrams (*.json);;All files (*)"
RUN_KEYS = ("forward_values", "backward", "forward_mode", "gradcheck")  # pressed while a file opens: run once open
UNTITLED = "Untitled"
# names Save refuses: pictures and documents come from File → Export
PICTURE_SUFFIXES = (".png", ".svg", ".pdf", ".gif", ".jpg", ".jpeg", ".webp", ".bmp", ".tif", ".tiff", ".eps")


def is_bundled(path: Path) -> bool:
    """A file or folder among the examples shipped with the program."""
    try:
        return path.resolve().is_relative_to(examples_dir().resolve())
    except (OSError, RuntimeError):
        return False


class DocumentFiles:
    def __init__(self, window):
        self.window = window
        self.settings = window.settings
        self.path: Path | None = None
        self.display_name = UNTITLED
        self.save_name: str | None = None  # what Save As suggests for a document without a file
        self.recent = RecentFiles(self.settings, self.open_recent, window)
        self.meanwhile = PressedMeanwhile()  # Run keys pressed while the file being opened is read
        self._hint: tuple[str, str] | None = None  # (the "out of view" message shown, what it says without the hint)

    def named(self, path: Path | None, name: str) -> None:
        """The document now shown is the file at path (None: none yet), called name in the title."""
        self.path = path
        self.display_name = name
        self.save_name = None

    # ============================================================ unsaved work
    def ask_unsaved(self) -> QMessageBox.StandardButton:
        """Save, Discard or Cancel (a separate method so tests can answer it)."""
        buttons = QMessageBox.StandardButton
        return QMessageBox.question(
            self.window,
            "Unsaved changes",
            f"Save the changes to {self.display_name} first?",
            buttons.Save | buttons.Discard | buttons.Cancel,
            buttons.Save,
        )

    def maybe_save(self, action: str = "Closing") -> bool:
        """True when it is fine to drop the current document. A name being typed on a card is
        part of the work: committed first (closing, New, Open, a drop), so the question covers it.
        A name refused (already used, not a name) is never dropped unseen: the window stays, in
        front, its editor open and the status bar saying why, as Enter leaves it (Esc drops it)."""
        if not self.window.view.title_editor.commit_before_action(action):
            self.window.raise_()
            self.window.activateWindow()  # (Quit: this window stopped it)
            return False
        stack = self.window.undo_stack
        if stack.isClean():
            return True  # (saved as it is, a group dived into expanded: leaving it would be a change)
        left = self.window.animation.dives.leave_all()  # (a group only dived into is no change to save)
        if stack.isClean():
            return True
        answer = self.ask_unsaved()
        if answer == QMessageBox.StandardButton.Save:
            return self.save()
        if answer == QMessageBox.StandardButton.Discard:
            return True
        self.window.animation.dives.say_left(left)  # (cancelled: said in place of "Undid: Expand …")
        return False

    def show_error(self, title: str, message: str) -> None:
        QMessageBox.warning(self.window, title, message)

    # ==================================================================== open
    def new_document(self) -> None:
        if self.maybe_save():
            self.window.open_graph(Graph(), None, UNTITLED)
            self.window.status.show(EMPTY_HINT, 0)  # (as an emptied graph says: the last document's words go)

    def open_dialog(self) -> None:
        if not self.maybe_save():
            return
        start = str(self.path.parent) if self.path else self.settings.value("files/last_dir", "", type=str)
        path, _ = QFileDialog.getOpenFileName(self.window, "Open diagram", start, FILE_FILTER)
        if path:
            self.open_path(path, ask=False)

    def _load(self, path: Path) -> Graph | None:
        """The diagram in the file, or None (said why; or the user cancelled a long load)."""
        try:
            self.meanwhile = PressedMeanwhile(self.window.action(key) for key in RUN_KEYS)
            return load_with_progress(self.window, path, meanwhile=self.meanwhile)
        except UserError as exc:  # (its message names the file, and the line)
            why = exc.message
        except OSError as exc:
            why = cannot_read(exc, path)
        except UnicodeDecodeError:
            why = f"{path.name}: not a text file"
        if not why.startswith((str(path), path.name)):  # ("no such file…", worded for the command line's "error: ")
            why = why[:1].upper() + why[1:]  # a sentence, as the box's other messages (they start with the file)
        # the status bar no longer says what the last open did
        self.window.status.show(f"Could not open {path.name}: what was open stays as it was.")
        self.show_error("Cannot open the file", why)
        return None

    def open_path(self, path, ask: bool = True) -> bool:
        """Open a diagram; a bad file is reported and the current work stays as it was. A bundled
        example (from the command line, or File → Open) opens as File → Examples opens it."""
        if is_bundled(Path(path)):
            return self.open_example(Path(path), ask)
        if ask and not self.maybe_save(f"Opening {Path(path).name}"):
            return False
        path = Path(path)
        graph = self._load(path)
        if graph is None:
            return False
        said = f"Opened {path}"
        if lay_out_if_piled(graph):  # (not an edit: the file said nothing of where its cards go)
            said += ". It gives its nodes no places of their own: they are laid out as Auto Layout does"
        self.window.open_graph(graph, path.resolve(), path.name)
        self.recent.add(path.resolve())
        self.window.status.show(self.opened(said))
        frame_first_problem(self.window)
        self.back_to_canvas()
        self.meanwhile.run()
        return True

    def open_example(self, path: Path, ask: bool = True) -> bool:
        """Examples open as untitled copies, so saving never overwrites the shipped file."""
        if ask and not self.maybe_save(f"Opening {example_title(Path(path))}"):
            return False
        graph = self._load(Path(path))
        if graph is None:
            return False
        self.window.open_graph(graph, None, f"{example_title(Path(path))} (example)")
        self.save_name = Path(path).name  # Save As suggests the example's own file name
        self.window.status.show(
            self.opened(f"Opened the example {example_title(Path(path))}: saving asks for a new file")
        )
        frame_first_problem(self.window)
        self.back_to_canvas()
        self.meanwhile.run()
        return True

    def back_to_canvas(self) -> None:
        """After a dialog (a file chooser, a progress dialog, New from Expression) the window is
        active again and the canvas has the keys: F6 or Ctrl+G work without a click first."""
        self.window.activateWindow()
        self.window.view.setFocus(Qt.FocusReason.OtherFocusReason)

    def opened(self, said: str, in_view: str = "inputs") -> str:
        """What opening says, and how to see the graph whole when part of it is out of view (a
        graph too large to read whole opens at a readable zoom on its inputs, or on what in_view
        names (g.show(): its output), and says so). Short:
        beside the status bar's own text it fits a 1280 px window."""
        if self.window.view.shows_whole_graph():
            return said
        keys = shortcut_texts(BY_ID["zoom_fit"])
        sep = " " if said.endswith(".") else ". "
        if not keys:
            return said
        shown = f"{said}{sep}Its {in_view} in view"
        if self.window.view.fits_whole():
            hinted = f"{shown}: Zoom to Fit ({keys[0]}) shows it whole."
        else:  # (beyond some 10,000 cards even the farthest zoom shows only part of it)
            hinted = f"{said}{sep}It is too large to show whole: Zoom to Fit ({keys[0]}) shows most of it."
        self._hint = (hinted, said)
        return hinted

    def view_zoomed(self) -> None:
        """The hint that part of the graph is out of view goes once the user's zoom shows it whole."""
        bar = self.window.statusBar()
        if self._hint and bar.currentMessage() == self._hint[0] and self.window.view.shows_whole_graph():
            self.window.status.show(self._hint[1])
            self._hint = None

    def open_recent(self, file: str) -> bool:
        """A recent file that has gone (moved, deleted) is taken off the list, with a message."""
        if not Path(file).exists():
            self.recent.forget(file)
            self.show_error("Cannot open the file", f"{file} no longer exists; it was removed from the recent files.")
            return False
        return self.open_path(file)

    def new_from_expression(self) -> None:
        from .expression_dialog import ExpressionDialog  # (with the parser: imported when first asked for)

        dialog = ExpressionDialog(self.window)
        accepted = dialog.exec() == QDialog.DialogCode.Accepted
        graph, text = dialog.graph, dialog.text()
        dialog.deleteLater()
        self.back_to_canvas()  # (whether a graph came or not: the keys go to the window again)
        if not accepted or graph is None:
            return
        if not self.maybe_save():
            return
        window = self.window
        window.open_graph(Graph(), None, UNTITLED)
        window.undo_stack.push(ReplaceGraphCommand(window.graph, graph, f"Graph of {text}"))
        window.view.fit_document()  # (too large to read whole: its inputs, as a file opens; the status bar says so)
        said = f"New graph of {text}: {plural(len(window.graph), 'node')} (Undo empties the canvas)."
        window.status.show(self.opened(said))

    # ==================================================================== save
    def save(self) -> bool:
        if self.path is None:
            return self.save_as()
        return self.save_to(self.path)

    def save_folder(self) -> Path:
        """Where Save As starts for a document without a file: the folder the user last saved
        to, else their documents folder (never the bundled examples)."""
        last = self.settings.value("files/save_dir", "", type=str)
        if last and os.path.isdir(last) and not is_bundled(Path(last)):
            return Path(last)
        documents = QStandardPaths.writableLocation(QStandardPaths.StandardLocation.DocumentsLocation)
        return Path(documents) if documents and os.path.isdir(documents) else Path.home()

    def ask_replace(self, path: Path) -> bool:
        """Whether to overwrite the existing file at path (No is the default)."""
        buttons = QMessageBox.StandardButton
        answer = QMessageBox.question(
            self.window,
            "Replace the file?",
            f"{path.name} already exists in {path.parent}.\n\nReplace it with this diagram?",
            buttons.Yes | buttons.No,
            buttons.No,
        )
        return answer == buttons.Yes

    def save_as(self) -> bool:
        """Save under a name the user chooses, by the one rule of diagram file names that g.save
        and `train -o` follow (export.formats.diagram_named): NAME and my.graph get .json added,
        a name of another kind of file (diagram.png, model.pt, notes.txt) is refused and the
        chooser comes back offering NAME.json, so the file is one that Open and a drop read again."""
        start = str(self.path) if self.path else str(self.save_folder() / (self.save_name or "untitled.json"))
        while True:
            chosen, _ = QFileDialog.getSaveFileName(self.window, "Save diagram", start, FILE_FILTER)
            if not chosen:
                return False
            path = Path(chosen)
            try:
                named = diagram_named(chosen, "Save")  # (as typed: "runs/" names a folder)
            except ExportError as exc:
                typed = chosen.rstrip()
                if typed.endswith(("/", os.sep)) and not os.path.isdir(typed):  # a folder not there ("runs/ " too)
                    self.refuse_folder(exc.message)
                    start = str(self.nearest_folder(path) / "diagram.json")  # (as the message says)
                else:
                    self.refuse_name(path, exc.message)
                    # choose again, offered as a diagram's name (a name of spaces only: where it was)
                    start = str(path.with_suffix(".json")) if path.stem.strip() else start
                continue
            problem = folder_problem(named)  # (no folder there, or a file in the way: as g.save says it)
            if problem:
                self.refuse_folder(f"{named.name} was not saved: {problem}")
                start = str(self.nearest_folder(named) / named.name)  # choose again, in the nearest folder there
                continue
            if named == path:
                return self.save_to(path)  # the file chooser has asked about this very name
            # The chooser asked about the name as typed; the file written is NAME.json: ask about that.
            if not os.path.exists(named) or self.ask_replace(named):
                return self.save_to(named)
            start = str(named)  # No: choose again

    def nearest_folder(self, path: Path) -> Path:
        """The nearest folder above path that is there (and can be opened), else the save folder."""
        there = (folder for folder in path.parents if os.path.isdir(folder) and os.access(folder, os.X_OK))
        return next(there, self.save_folder())

    def refuse_name(self, path: Path, why: str) -> None:
        """A name of another kind of file: nothing saved, said in the words g.save and `train -o` use."""
        if path.suffix.lower() in PICTURE_SUFFIXES:
            self.refuse_picture_name(path)
            return
        self.show_error(
            "Not saved: not a diagram file's name",
            f"{why}.\n\nSave writes the diagram itself, a .json file that graphviz-app opens again, "
            "so nothing was saved" + (f" under the name {path.name}." if path.name.strip() else "."),
        )

    def refuse_folder(self, why: str) -> None:
        """No folder where the name points: nothing saved, and the chooser comes back."""
        self.show_error("Not saved: no folder there", f"{why}.")

    def refuse_picture_name(self, path: Path) -> None:
        """Save writes the diagram file (JSON, which Open reads again); a picture comes from Export."""
        keys = shortcut_texts(BY_ID["export"])
        export = "File → Export…" + (f" ({keys[0]})" if keys else "")
        self.show_error(
            "Not saved: a picture's name",
            f"{path.name} is a picture's name. Save writes the diagram itself (a .json file that "
            f"graphviz-app opens again), so nothing was saved under that name: choose a name such as "
            f"{path.stem}.json.\n\nFor a picture of the graph use {export}.",
        )

    def save_to(self, path) -> bool:
        from ..core import fileformat

        window = self.window
        path = Path(path)
        if path.suffix.lower() in PICTURE_SUFFIXES:  # (never JSON in a file a picture viewer will be handed)
            self.refuse_picture_name(path)
            return False
        try:
            fileformat.save(window.graph, path)
        except Exception as exc:  # any failure: said, and the document stays open and modified
            why = why_not_saved(exc, window.graph).rstrip(".")
            self.show_error(
                "Cannot save",
                f"{path.name} could not be saved in {path.parent}:\n\n{why}.\n\n"
                "Your changes are still open here, not saved.",
            )
            return False
        self.settings.setValue("files/save_dir", str(path.resolve().parent))
        self.path = path.resolve()
        self.display_name = path.name
        window.undo_stack.setClean()
        window.autosaver.remove()
        self.recent.add(self.path)
        window.update_title()
        window.status.show(f"Saved {path}")
        return True
