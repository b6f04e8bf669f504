"""File → Export…: what to export, in which format, at which resolution, to which file.

The dialog only gathers choices; `export_fn(choice)` (from `actions`) writes the
files. An error keeps the dialog open with the message shown under the form. Its widgets are
made in dialog_form.py; the formats and the choice as data are in dialog_choices.py; here the
choices are read, kept consistent as they change, checked and remembered.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from PySide6.QtWidgets import QDialog, QFileDialog, QWidget

from ..core.errors import UserError
from ..ui.key_text import key_text
from .backward import frames_text
from .dialog_choices import TEX_STEP, TEXT_KEYS, ExportChoice, StepsOffer, accepted, capital, entry, named_for_format
from .dialog_form import build_form
from .dialog_memory import CUSTOM, remember_choices, remembered_choices
from .dialog_paths import file_to_write
from .dialog_resolution import AutoResolution
from .dialog_size_note import SCALES, pixels_words
from .formats import frame_paths
from .render import BASE_DPI
from .save import ExportSettings


class ExportDialog(QDialog):
    def __init__(
        self,
        parent: QWidget | None,
        export_fn: Callable[[ExportChoice], list[Path]],
        *,
        folder: str,
        base_name: str,
        has_selection: bool,
        step_count: int = 0,
        frames_words: str = "",
        step_title: str = "",
        size_of: Callable[[bool, bool], tuple[float, float, bool]] | None = None,
        loss_curve_size: tuple[int, int] | None = None,
        backward_pass: Callable[[], StepsOffer] | None = None,
        layout_name: str = "",
        latex_step: str = "",
        theme: str = "light",
        step_name: str = "",
    ):
        super().__init__(parent)
        self.setWindowTitle("Export")
        self.export_fn = export_fn
        # scene size of what is exported: (selection, every step) -> (width, height, exact)
        self.size_of = size_of
        self._sizes: dict[tuple[bool, bool], tuple[float, float, bool]] = {}
        self.written: list[Path] = []
        self.has_selection = has_selection
        self.folder = folder  # the one offered: a file name typed without a folder is written there
        self.base_name = base_name  # the document's: the file name the dialog offers
        # while a step is shown, the name offered for a picture of it ("07_two_layer_network_step02"):
        # one slide per step needs no renaming and no "Replace?"
        self.step_name = step_name or base_name
        self._replace_ok: tuple[Path, ...] = ()  # files the user agreed to replace
        self._following_format = False  # the file name is being renamed for the format picked
        self.loss_curve_size = loss_curve_size  # offered when a training run exists
        # GIF, APNG and frames: the animation running, else the backward pass F6 would show
        # (built when first chosen: it takes a backward pass)
        self.backward_pass = None if step_count else backward_pass
        self._backward_fn = backward_pass  # LaTeX writes the backward pass whether an animation runs or not
        self.layout_name = layout_name  # the layout a LaTeX export writes the chain rule in (not .layout(): QWidget's)
        self._offer: StepsOffer | None = None
        # the backward step shown now ("step 3 / 7", "steps 2–3 / 10"): LaTeX of it alone is offered too
        self.latex_step = latex_step
        self.window_theme = theme  # (a choice equal to it is no choice: the next dialog follows the window)
        self.step_title = step_title
        self.step_count = step_count
        self.frames_words = frames_words  # "8 frames for 10 steps (the 3 steps of layer1 as one)"
        build_form(
            self,
            has_selection=has_selection,
            loss_curve_size=loss_curve_size,
            step_count=step_count,
            backward_pass=backward_pass,
            latex_step=latex_step,
            theme=theme,
            path=str(Path(folder) / f"{self.step_name}.png"),
            step_title=step_title,
        )

        self._restore_choices()
        # the start resolution until one is picked here, or the one this picture's size asks for
        self.auto_resolution = AutoResolution(self.resolution, self.dpi)
        self.format.currentIndexChanged.connect(self._format_changed)
        self.resolution.currentIndexChanged.connect(self._update)
        self.resolution.activated.connect(self._update)  # (the one shown chosen again: drawn as asked)
        self.dpi.valueChanged.connect(self._update)
        self.whole.toggled.connect(self._update)
        self.loss_curve.toggled.connect(self._loss_curve_toggled)
        self.path.textChanged.connect(self._path_changed)
        self._format_changed()

    # ------------------------------------------------------------ choices
    def format_key(self) -> str:
        return self.format.currentData()

    def set_format(self, key: str) -> None:
        index = self.format.findData(key)
        if index < 0:
            raise ValueError(f"format {key!r} is not offered")
        self.format.setCurrentIndex(index)

    def scale(self) -> float:
        scale = self.resolution.currentData()
        return self.dpi.value() / BASE_DPI if scale is None else float(scale)

    def choice(self) -> ExportChoice:
        key = self.format_key()
        all_steps = key.startswith("steps:")
        fmt = key.split(":", 1)[-1]
        path = file_to_write(self.path.text(), self._offered_stem(key), fmt, self.folder)
        settings = ExportSettings(
            fmt=fmt,
            # (SVG and PDF: no resolution to choose, their size the diagram's, as the command line's)
            scale=self.scale() if self.resolution.isEnabled() else 1.0,
            transparent=self.transparent.isChecked(),
            theme=self.theme.currentData(),
            selection=self.selection.isChecked() and not all_steps,
        )
        return ExportChoice(
            path, settings, all_steps, loss_curve=self.loss_curve.isChecked(), step_only=key == TEX_STEP[0]
        )

    # ------------------------------------------------------------ remembered
    def _restore_choices(self) -> None:
        """The format, resolution and background of the last export (any window, any session);
        the file name still follows the document (its suffix follows the format)."""
        memory = remembered_choices()
        index = self.format.findData(memory.format)
        if index >= 0:
            self.format.setCurrentIndex(index)
        if memory.resolution == CUSTOM:
            self.resolution.setCurrentIndex(self.resolution.findData(None))
        else:
            index = next((i for i, (scale, _) in enumerate(SCALES) if f"{scale:g}" == memory.resolution), -1)
            if index >= 0:
                self.resolution.setCurrentIndex(index)
        if memory.dpi is not None:
            self.dpi.setValue(memory.dpi)
        self.transparent.setChecked(memory.transparent)
        if memory.theme:
            self.theme.setCurrentIndex(self.theme.findData(memory.theme))

    def _remember_choices(self, choice: ExportChoice) -> None:
        scale, dpi = self.auto_resolution.to_remember()
        remember_choices(
            None
            if choice.loss_curve
            else self.format_key(),  # (the loss curve is a PNG of its own, not a format chosen)
            scale,
            dpi,
            self.transparent.isChecked() if self.transparent.isEnabled() else None,  # (a text export: no background)
            choice.path.parent,
            self._theme_to_remember(),
        )

    def _theme_to_remember(self) -> str | None:
        """Only colours the user chose are remembered: left as the dialog offered them, what is
        remembered stays (nothing: the next dialog follows the window's look, dark or light then);
        changed to the window's look, nothing is remembered; changed to the other, that one."""
        chosen = self.theme.currentData()
        if not self.theme.isEnabled() or chosen == (remembered_choices().theme or self.window_theme):
            return None
        return "" if chosen == self.window_theme else chosen

    # ------------------------------------------------------------ reactions
    def _entry(self):
        return entry(self.format_key())

    def _path_changed(self, text: str) -> None:
        """A file name typed with another format's suffix (lecture.gif) chooses that format."""
        suffix = Path(text.strip()).suffix.lower()
        current = self.format_key()
        if self.format.isEnabled() and not self._following_format and suffix not in accepted(current):
            keys = [self.format.itemData(i) for i in range(self.format.count())]
            family = current.startswith("steps:")  # (frames.png with all steps chosen: the numbered frames)
            keys.sort(key=lambda k: k.startswith("steps:") != family)
            key = next((k for k in keys if suffix in accepted(k)), None)
            if key is not None:
                self.set_format(key)  # (its suffix is the one typed: the text stays as it is)
        self._update()

    def _offered_stem(self, key: str) -> str:
        """The file name offered for this format: the step's for a picture (or LaTeX) of the step
        shown, the document's for every step, the graph alone (DOT) or the loss curve."""
        of_the_step = key in ("png", "svg", "pdf", TEX_STEP[0]) and not self.loss_curve.isChecked()
        return self.step_name if of_the_step else self.base_name

    def _format_changed(self) -> None:
        key, _, suffix, _ = self._entry()
        text = self.path.text().strip()
        if text:
            path = named_for_format(Path(text), key, suffix, (self.base_name, self.step_name), self._offered_stem(key))
            if str(path) != text:
                # the name follows the format picked, never the other way round: the suffix being
                # replaced must not choose a format again (a .gif left by the last export chose APNG)
                self._following_format = True
                try:
                    self.path.setText(str(path))
                finally:
                    self._following_format = False
        bitmap = key == "png" or key.startswith("steps:")
        self.resolution.setEnabled(bitmap)
        steps = key.startswith("steps:")
        text_file = key in TEXT_KEYS
        if steps or text_file:
            self.whole.setChecked(True)  # an animation always shows the whole diagram; a text export holds it all
        self.selection.setEnabled(self.has_selection and not steps and not text_file)
        self.loss_curve.setEnabled(not steps and not text_file)
        self.transparent.setEnabled(not text_file)
        self.theme.setEnabled(not text_file and not self.loss_curve.isChecked())
        self.step_label.setVisible(bool(self.step_title) and not steps and not text_file)
        self._update()

    def _loss_curve_toggled(self, on: bool) -> None:
        """The loss curve is a PNG of its own: the format is PNG, the file name says what it is."""
        if on:
            self.set_format("png")
        self.format.setEnabled(not on)
        self.theme.setEnabled(not on)  # (the loss curve follows the window's look, as the dock plots it)
        self.step_label.setVisible(bool(self.step_title) and not on and not self.format_key().startswith("steps:"))
        text = self.path.text().strip()
        if text:
            path = Path(text)
            stem = path.stem.removesuffix("_loss")
            if stem in (self.base_name, self.step_name):  # a name offered, not typed
                stem = self._offered_stem(self.format_key())
            self.path.setText(str(path.with_name(f"{stem}_loss{path.suffix}" if on else f"{stem}{path.suffix}")))
        self._update()

    def offer(self) -> StepsOffer | None:
        """The backward pass the animation formats export when no animation runs (None: one runs)."""
        if self.backward_pass is None:
            return None
        offer = self._backward_offer()
        self.step_count = offer.count
        self.frames_words = offer.frames
        return offer

    def _backward_offer(self) -> StepsOffer | None:
        if self._backward_fn is None:
            return None
        if self._offer is None:
            self._offer = self._backward_fn()
        return self._offer

    def _measured_size(self):
        """The diagram's size when its picture has pixels to count (PNG, an animation's frames), else None."""
        offer = self.offer() if self.format_key().startswith("steps:") else None  # (no steps: nothing to measure)
        measured = self.resolution.isEnabled() and not self.loss_curve.isChecked() and not (offer and offer.problem)
        return self._diagram_size() if measured else None

    def _update(self) -> None:
        self.auto_resolution.fit(self._measured_size, animation=self.format_key().startswith("steps:"))
        self._replace_ok = ()
        self.export_button.setText("Export")
        self.export_button.setEnabled(True)
        self.dpi.setEnabled(self.resolution.isEnabled() and self.resolution.currentData() is None)
        self.error.hide()
        key = self.format_key()
        lines = []
        # the animated formats (when no animation runs) and LaTeX both export the backward pass
        tex = self._backward_offer() if key == "tex" else None
        if tex is not None and tex.problem:  # as the animated formats below: say why, before Export is pressed
            self.export_button.setEnabled(False)
            self.note.setText(capital(tex.problem))
            return
        offer = self.offer() if key.startswith("steps:") else None
        if offer is not None and offer.problem:
            self.export_button.setEnabled(False)
            self.note.setText(f"No animation is running, and {offer.problem}")
            return
        if offer is not None:
            lines.append(
                f"No animation is running: this exports {offer.what}, as Backward ({key_text('backward')}) shows it."
            )
        name = self.layout_name
        layout = f" in {name[:1].lower()}{name[1:]}" if name else ""
        if key == "tex":
            lines.append(
                f"The chain rule at every step of the backward pass ({key_text('backward')}){layout}, as LaTeX for notes."
            )
        elif key == TEX_STEP[0]:
            lines.append(f"The chain rule at the step shown now ({self.latex_step}){layout}, as LaTeX for notes.")
        elif key == "dot":
            lines.append("The graph with its values and shapes, for Graphviz (e.g. dot -Tpdf).")
        if (
            (key == "png" or key.startswith("steps:"))
            and self.auto_resolution.refused
            and not self.loss_curve.isChecked()
        ):
            self.export_button.setEnabled(False)  # (as `graphviz-app export` refuses it without --scale)
            lines.append(self.auto_resolution.refused)
        elif key == "png" or key.startswith("steps:"):
            lines.append(self._pixel_note())
        if key == "steps:png":
            text = self.path.text().strip() or "frame.png"
            names = frame_paths(text, max(self.step_count, 1))
            words = self.frames_words or frames_text(count=self.step_count)
            lines.append(f"Writes {names[0].name} … {names[-1].name}: the diagram at rest, then {words}")
        elif key.startswith("steps:"):
            words = self.frames_words or frames_text(count=self.step_count)
            lines.append(capital(words))
        self.note.setText("\n".join(line for line in lines if line))

    def _pixel_note(self) -> str:
        if self.loss_curve.isChecked() and self.loss_curve_size is not None:
            width, height = self.loss_curve_size
            return f"{round(width * self.scale())} × {round(height * self.scale())} pixels"
        size = self._diagram_size()
        if size is None:
            return ""
        animation = self.format_key().startswith("steps:")
        pixels = pixels_words(*size, self.scale(), animation)  # ("800 × 600 pixels", or sentences with advice)
        instead = self.auto_resolution.instead
        return f"{pixels.rstrip('.')}. {instead}." if instead else pixels

    def _diagram_size(self) -> tuple[float, float, bool] | None:
        """The scene size of what will be written (width, height, exact): a still's region, or the
        canvas every frame shares; None when there is none. Measured once (the note follows every
        keystroke in the file name), never drawn."""
        if self.size_of is None:
            return None
        what = (self.selection.isChecked(), self.format_key().startswith("steps:"))
        try:
            if what not in self._sizes:
                self._sizes[what] = self.size_of(*what)
            return self._sizes[what]
        except UserError:
            return None

    def browse(self) -> None:
        _, _, suffix, filt = self._entry()
        typed = self.path.text().strip()  # (a name without a folder: in the folder offered, as Export writes it)
        start = str(Path(self.folder).expanduser() / Path(typed).expanduser()) if typed else self.folder
        chosen, _ = QFileDialog.getSaveFileName(self, "Export to", start, filt)
        if chosen:
            self.path.setText(chosen)
            try:  # the file chooser has already asked whether to replace the very file it returned
                targets = tuple(self.targets(self.choice()))
            except UserError:
                return
            if targets == (Path(chosen),):  # (not NAME.png for a typed NAME, nor numbered frames)
                self._replace_ok = targets

    def targets(self, choice: ExportChoice) -> list[Path]:
        """The files this choice writes."""
        if choice.all_steps and choice.settings.fmt == "png":
            return frame_paths(choice.path, max(self.step_count, 1))
        return [choice.path]

    def _ask_to_replace(self, choice: ExportChoice) -> bool:
        """True when nothing would be overwritten or the user already agreed; else ask, without a modal box."""
        targets = tuple(self.targets(choice))
        existing = [p for p in targets if p.exists()]
        if not existing or targets == self._replace_ok:
            return False
        self._replace_ok = targets
        what = (
            f'"{existing[0].name}" already exists'
            if len(existing) == 1
            else f"{len(existing)} of the files already exist ({existing[0].name} …)"
        )
        self.show_error(f"{what} in {existing[0].parent}. Press Replace to overwrite, or change the file name.")
        self.export_button.setText("Replace")
        return True

    def accept(self) -> None:
        """Export now; stay open with the message if it cannot be done."""
        try:
            choice = self.choice()
            if self._ask_to_replace(choice):
                return
            self.written = self.export_fn(choice)
            self._remember_choices(choice)
        except UserError as exc:
            self.show_error(exc.message)
            return
        except OSError as exc:
            self.show_error(f"cannot write: {exc.strerror or exc}")
            return
        super().accept()

    def show_error(self, message: str) -> None:
        """message (the command line's words, which begin in lower case) as a sentence in the
        dialog, with its full stop (as the status bar's)."""
        self.error.setText(capital(message) + ("" if message.endswith((".", "?", "!")) else "."))
        self.error.show()
