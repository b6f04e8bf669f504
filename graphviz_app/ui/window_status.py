"""The window's status bar: messages, the output's value on the right, autosave trouble, and
warnings that do not stop the work (a message box the user closes when they like).

Every edit says what it did, replacing the message before it: MainWindow._stack_moved tells the
status bar each move of the undo stack (a push says the command's `done_text`, an undo or redo
names the command undone or redone), so no command needs a line of its own here."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLabel, QMessageBox

from ..core.naming import display_label
from ..core.output_choice import output_candidates, output_in_use
from . import settings as storage
from . import tones, windows
from .canvas.labels import shape_text, value_preview
from .commands.common import done_text
from .key_text import key_text
from .status_bar import FittingStatusBar

STATUS_MS = 8000
EMPTY_HINT = "Drag nodes from the palette, or press Tab on the canvas to add one."  # for an empty graph only


class WindowStatus:
    def __init__(self, window):
        self.window = window
        self.bar = FittingStatusBar(window)  # made here, not by Qt: see GraphView's viewport; fits long messages
        window.setStatusBar(self.bar)
        self.output_label = QLabel(window)
        self.output_label.setObjectName("outputLabel")
        self.bar.addPermanentWidget(self.output_label)
        self.autosave_label = tones.ToneLabel("", tones.error, window)  # shown while autosave fails
        self.autosave_label.setObjectName("autosaveLabel")
        self.autosave_label.hide()
        self.bar.addPermanentWidget(self.autosave_label)
        self._errors_shown: set[str] = set()  # evaluation errors the status bar may be showing
        self._autosave_warned: set[bool] = set()  # the kinds of autosave trouble already told
        stack = window.undo_stack
        self._index = stack.index()
        self._pushes = stack.pushes  # (an index moving on with no edit pushed: a Redo)
        self._said = ""  # what the last edit said (a merge that says the same stays quiet)
        self.show(EMPTY_HINT, 0)

    def show(self, message: str, timeout: int = STATUS_MS, fix: str = "") -> None:
        """fix: the shape problem's fix the message ends with (the bar shows it first when cut)."""
        self.bar.showMessage(message, timeout, fix)

    def edited(self, index: int) -> None:
        """Say what the undo stack just did: a new edit in the past tense ("Deleted 12 nodes"),
        "Undid: Delete 12 nodes", "Redid: …". A merge into the last edit (a burst of nudges, the
        training steps played) says its text only when it changed; a cleared stack says nothing."""
        stack = self.window.undo_stack
        before, pushed = self._index, stack.pushes != self._pushes
        self._index, self._pushes = index, stack.pushes
        if stack.count() == 0:
            return
        if index < before:
            undone = before - index
            said = f"Undid: {stack.text(index)}" if undone == 1 else f"Undid {undone} edits"
        elif index > before and not pushed:
            done = index - before
            said = f"Redid: {stack.text(index - 1)}" if done == 1 else f"Redid {done} edits"
        elif index > 0:
            said = done_text(stack.command(index - 1))
            if not said or (index == before and said == self._said):
                return  # (a command that says nothing; merged, nothing new to say)
        else:
            return
        self._said = said
        if len(self.window.graph) == 0:  # and how to start again, kept as the empty graph's hint is
            self.show(f"{said}. {EMPTY_HINT}", 0)
        else:
            self.show(said)

    def problem(self, text: str, fix: str = "") -> None:
        """What an edit brought about: a new problem the evaluation found (an input left
        unconnected, shapes that clash), the animation paused, resumed or ended by it. Said after
        what the edit said ("Undid: Connect square → sin. sin: its input is not connected") while
        that still shows, in place of an earlier consequence of it, so neither hides the other."""
        current = self.bar.currentMessage()
        edit = self._said if self._said and (current == self._said or current.startswith(f"{self._said}. ")) else ""
        self.show(f"{edit}. {text}" if edit else text, fix=fix)

    def notify(self, title: str, text: str) -> QMessageBox:
        """A warning that does not stop the work: a message box the user closes when they like."""
        box = QMessageBox(QMessageBox.Icon.Warning, title, text, QMessageBox.StandardButton.Ok, self.window)
        box.setWindowModality(Qt.WindowModality.NonModal)
        box.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        box.show()
        return box

    # ================================================================ output
    def show_output(self, evaluation) -> None:
        """The output's value and shape, and how many nodes the graph has. Without an output set,
        the only node that feeds nothing is the output in use (as F6 and Live gradients take it)."""
        self._clear_fixed_error(evaluation)
        graph = self.window.graph
        count = len(graph)
        self._hint_empty(count == 0)
        nodes = f"{count} node" + ("" if count == 1 else "s")
        out, implied = output_in_use(graph)
        if out is None:
            several = count > 0 and len(output_candidates(graph)) > 1
            self.output_label.setText(
                f"{nodes} · no output chosen" + (f" — {key_text('backward')} asks which" if several else "")
            )
            return
        implied = " (the only end node)" if implied else ""
        label = display_label(graph, out)
        value = evaluation.values.get(out) if evaluation is not None else None
        if value is None:
            self.output_label.setText(f"{nodes} · output {label}: no value{implied}")
        else:
            preview = f"{value_preview(value, 28)}  {shape_text(value.shape)}"
            self.output_label.setText(f"{nodes} · {label} = {preview}{implied}")

    def _hint_empty(self, empty: bool) -> None:
        """How to start is said while the graph is empty, and goes once it has nodes (however they
        came: dropped, pasted, built from an expression); an empty graph with nothing else said
        gets it back."""
        message = self.bar.currentMessage()
        if not empty and message == EMPTY_HINT:
            self.bar.clearMessage()
        elif empty and not message:
            self.show(EMPTY_HINT, 0)

    def _clear_fixed_error(self, evaluation) -> None:
        """The status bar's message that the graph has an error goes once the graph evaluates
        without one (the scene shows each new problem as it appears)."""
        if evaluation.errors:
            self._errors_shown.update(evaluation.errors.values())
            return
        if self.bar.currentMessage() in self._errors_shown:
            self.bar.clearMessage()
        self._errors_shown.clear()

    # ============================================================== storage
    def tell_storage_problems(self) -> None:
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
        self.show(f"Cannot write to the program's folder: recent files and settings are not kept; {kept}.", 0)
        self.notify(
            "Settings cannot be saved",
            "graphviz-app cannot write to its own folder:\n\n"
            + "\n".join(problems)
            + f"\n\nRecent files and settings will not be kept after you quit, and {kept}. "
            "Everything else works as usual.",
        )

    def autosave_trouble(self, message: str, kept: bool) -> None:
        """Shown in the status bar while it lasts, and in a warning once per window and kind
        (work kept in the spare place; work not backed up at all)."""
        self.autosave_label.setText("⚠ Autosave in a spare folder" if kept else "⚠ Autosave failed")
        self.autosave_label.setToolTip(message)
        self.autosave_label.show()
        self.show(message, 0)
        if kept not in self._autosave_warned:
            self._autosave_warned.add(kept)
            self.notify("Autosave", message)

    def autosave_working(self) -> None:
        self.autosave_label.hide()
        self.autosave_label.setText("")
        self.show("Autosave works again.")
