"""File → Export… and File → Copy image in the main window.

Both render `window.scene` as the canvas shows it at that moment, current
animation step included, never the selection or hover highlight.
"""

from __future__ import annotations

import os
import re
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, QStandardPaths
from PySide6.QtGui import QGuiApplication

from ..core import conventions as cv
from ..core import engine
from ..core.errors import UserError
from ..core.naming import display_label
from ..core.output_choice import resolve_output
from ..ui.key_text import key_text

# The dialog, the renderers and the GIF/APNG writer (with Pillow) are imported where they are
# used, not when the window is built: the window's start skips about 50 ms of imports.
if TYPE_CHECKING:
    from .dialog import ExportDialog
    from .dialog_choices import ExportChoice, StepsOffer

COPY_SCALE = 2.0  # pasted images stay sharp on high-density screens and in slides
MESSAGE_MS = 6000


class Exporter(QObject):
    """What File → Export… and File → Copy Image do (the actions are declared in ui/actions_table.py)."""

    def __init__(self, window):
        super().__init__(window)
        self.window = window
        self.folder = ""  # the last folder exported to, in this session
        self.folder_of: str | None = None  # the document (its file; None: unsaved) exported there
        self.dialog: ExportDialog | None = None
        # what the open dialog has worked out, once: its size note's steps and canvas are what its export
        # draws; forgotten at any change of the diagram (values included), so it never draws stale numbers
        self._measured: dict | None = None
        window.graph.subscribe(self._on_model)

    def detach(self) -> None:
        """Stop following the graph (the window is closing)."""
        self.window.graph.unsubscribe(self._on_model)

    # ------------------------------------------------------------ helpers
    @property
    def scene(self):
        return self.window.scene

    def _message(self, text: str) -> None:
        self.window.statusBar().showMessage(text, MESSAGE_MS)

    def animation_overlays(self) -> list:
        """The overlay of every step of the running animation ([] when none runs), stepping as →
        does: a backward pass's collapsed group is one step, titled "steps 4–6 / 12" (as the
        command line's frames; a group dived into is expanded, so each of its steps is one)."""
        from .frames import backward_overlays

        controller = self.window.animation.controller
        if not controller.active or controller.count == 0:
            return []
        if controller.mode != "backward" or controller.problem:
            return [controller.overlay_at(k) for k in range(controller.count)]
        return backward_overlays(
            controller.graph, controller.trace, controller.convention, overlay_at=controller.overlay_at
        )

    def _on_model(self, _event) -> None:
        if self._measured:
            self._measured = {}  # (still open: worked out again, once, from the diagram as it is now)

    def _once(self, key: str, work):
        """work(), done once while the dialog is open (else every time)."""
        if self._measured is None:
            return work()
        if key not in self._measured:
            self._measured[key] = work()
        return self._measured[key]

    def backward_pass(self):
        """(graph, trace) of the backward pass F6 shows, as `graphviz-app export --all-steps` builds
        it: from the output (the chosen one, else the only end node), the full Jacobian for a
        non-scalar output. On a copy: choosing the output for an export is no edit."""
        graph = self.window.graph.copy()
        output = resolve_output(
            graph, choose=f"Run → Backward ({key_text('backward')}), or right-click a node → Set as Output"
        )
        graph.set_output(output)
        return graph, engine.default_backward(graph, output)

    def backward_offer(self) -> StepsOffer:
        """What the dialog's GIF, APNG and frames entries export when no animation runs."""
        from .dialog_choices import StepsOffer

        try:
            graph, trace = self._once("pass", self.backward_pass)
        except UserError as exc:
            return StepsOffer(problem=f"the diagram has no backward pass to export: {exc.message}")
        name = display_label(graph, graph.output)
        what = f'the backward pass from "{name}"'
        if trace.output_shape != ():
            what = f'the backward pass of the full Jacobian of "{name}"'
        from .backward import backward_stops, frames_text

        return StepsOffer(len(backward_stops(graph, trace)), what, frames=frames_text(graph, trace))

    def _base_name(self) -> str:
        files = self.window.files
        path = files.path or files.save_name  # (an example's)
        if path:
            return Path(path).stem
        name = files.display_name
        name = re.sub(r"\s*\([^)]*\)\s*$", "", name)  # "05_linear_model (example)" -> "05_linear_model"
        cleaned = re.sub(r"_+", "_", "".join(c if c.isalnum() or c in "-_" else "_" for c in name)).strip("_")
        return cleaned if cleaned and name != "Untitled" else "diagram"

    def _step_name(self) -> str:
        """The file name offered for a picture of the step shown: the document's, then the step's
        number as wide as the last one's (at least two digits: 07_two_layer_network_step02)."""
        controller = self.window.animation.controller
        if controller.k < 0:
            return ""
        width = max(2, len(str(controller.count)))
        return f"{self._base_name()}_step{controller.k + 1:0{width}d}"

    def _start_folder(self) -> str:
        """This window's last export folder (of this document), else the diagram's folder, else the last export
        folder of any window, else the folder documents were last opened from or saved in (an
        example has no folder of its own), else Pictures, else home."""
        from .dialog_memory import remembered_folder

        path = self.window.files.path
        pictures = QStandardPaths.writableLocation(QStandardPaths.StandardLocation.PicturesLocation)
        documents = str(self.window.files.settings.value("files/last_dir", "") or "")
        mine = self.folder if self.folder_of == (str(path) if path else None) else ""  # (another document's: its own)
        for folder in (mine, str(Path(path).parent) if path else "", remembered_folder(), documents, pictures):
            if folder and Path(folder).is_dir() and os.access(folder, os.W_OK):
                return folder
        return str(Path.home())

    def _has_selection(self) -> bool:
        return bool(self.scene.selectedItems())

    def _size_of(self, selection: bool, all_steps: bool = False) -> tuple[float, float, bool]:
        """The size, in scene units, of what the export draws: a still (on the canvas all the
        animation's steps share while one runs), or every step's frame; and whether it is exact
        (False: at least this, every step of a large pass is only measured when it is exported)."""
        from .render import export_rect
        from .save import ExportSettings, shares_canvas, still_rect

        if not all_steps:
            rect = still_rect(self.scene, ExportSettings("png", selection=selection), *self._still_steps(selection))
        elif not shares_canvas(self._step_count(), self.scene.graph):  # (counted: its steps are not built)
            rect = export_rect(self.scene)
            return rect.width(), rect.height(), False
        else:
            rect = self._steps_and_canvas()[1]
        return rect.width(), rect.height(), True

    def _step_count(self) -> int:
        """How many steps an export of every step draws."""
        from .backward import backward_stops

        return len(self._animation_steps()) or len(backward_stops(*self._once("pass", self.backward_pass)))

    def _still_steps(self, selection: bool) -> tuple[list, object]:
        """The animation's steps a still is drawn among, and their canvas (none for the selection: its own region)."""
        steps = self._animation_steps()
        return steps, None if selection else self._canvas(steps, "animation")

    def _animation_steps(self) -> list:
        return self._once("animation", self.animation_overlays)

    def _canvas(self, steps: list, which: str):
        """The canvas the steps share (frames.union_rect), measured once while the dialog is open
        (which: "animation" or "backward", the steps measured); None when there are none, or too
        many to measure all (save.SHARED_CANVAS_WORK)."""
        from .frames import union_rect
        from .save import shares_canvas

        if not steps or not shares_canvas(len(steps), self.scene.graph):
            return None
        return self._once(f"canvas {which}", lambda: union_rect(self.scene, steps))

    def _steps_and_canvas(self) -> tuple[list, object]:
        """The steps an export of every step draws (steps_to_export) and their canvas."""
        steps = self.steps_to_export()
        return steps, self._canvas(steps, "animation" if self._animation_steps() else "backward")

    def steps_to_export(self) -> list:
        """The overlays an export of every step draws: the running animation's, else the backward
        pass F6 would show (built only when the dialog asks for them)."""
        from .frames import backward_overlays

        def backward() -> list:
            graph, trace = self._once("pass", self.backward_pass)
            return backward_overlays(graph, trace, self.window.animation.controller.convention)

        return self._animation_steps() or self._once("backward", backward)

    # ------------------------------------------------------------ actions
    def make_dialog(self) -> ExportDialog:
        from ..ui.canvas.theme import DARK
        from .dialog import ExportDialog

        self.window.training.pause()  # (as Run → Train… does: playing would change the values behind the dialog)
        animation = self.window.animation.controller
        if animation.playing:  # (the dialog names the step shown: playing on would draw a later one)
            animation.pause()
        overlay = self.scene.overlay_presenter.overlay
        self._measured = {}
        steps = self._animation_steps()
        self.dialog = ExportDialog(
            self.window,
            self.export,
            folder=self._start_folder(),
            base_name=self._base_name(),
            has_selection=self._has_selection(),
            step_count=len(steps),
            frames_words=self.frames_words(len(steps)),
            step_title=overlay.title if overlay is not None else "",
            size_of=self._size_of,
            loss_curve_size=self.window.training.loss_curve_size(),
            backward_pass=self.backward_offer,
            layout_name=cv.convention_name(self.window.animation.controller.convention),
            latex_step=self.latex_step_shown(),
            theme="dark" if self.scene.theme is DARK else "light",  # (the window's look, unless one was chosen)
            step_name=self._step_name() if overlay is not None else "",
        )
        self.dialog.finished.connect(self._forget)
        return self.dialog

    def frames_words(self, count: int) -> str:
        """The running animation's frames worded against its steps (see animation_overlays)."""
        from .backward import frames_text

        controller = self.window.animation.controller
        if count and controller.mode == "backward" and not controller.problem:
            return frames_text(controller.graph, controller.trace)
        return frames_text(count=count)

    def latex_step_shown(self) -> str:
        """The backward step the animation shows now, as its title numbers it ("step 3 / 7", "steps
        2–3 / 10" at a collapsed group), which LaTeX can write alone; "" when none shows."""
        from ..ui.animation.controller import BACKWARD

        controller = self.window.animation.controller
        if controller.mode != BACKWARD or controller.problem or controller.k < 0:
            return ""
        return controller.groups.step_text(controller.k, controller.count)

    def _forget(self) -> None:
        self._measured = None  # (the diagram may change once the dialog is closed)

    def open_dialog(self) -> None:
        self.make_dialog().open()  # window-modal; export() runs from its accept()

    def export(self, choice: ExportChoice) -> list[Path]:
        """Write the files the dialog asked for (raises UserError with a message to show)."""
        from .save import export_steps, export_still

        if choice.loss_curve:
            written = self.window.training.export_loss_curve(
                choice.path, choice.settings.scale, choice.settings.transparent
            )
        elif choice.settings.fmt in ("tex", "dot"):
            written = self.export_text(choice)
        elif choice.all_steps:
            steps, canvas = self._steps_and_canvas()
            written = export_steps(self.scene, steps, choice.path, choice.settings, canvas)
        else:  # (while an animation runs: on the canvas its steps share, as the command line's --step)
            steps = self._still_steps(choice.settings.selection)
            written = export_still(self.scene, choice.path, choice.settings, *steps)
        self.folder = str(choice.path.parent)
        self.folder_of = str(self.window.files.path) if self.window.files.path else None
        shown = written[0].name if len(written) == 1 else f"{len(written)} files {written[0].name} … {written[-1].name}"
        self._message(f"Exported {shown} to {choice.path.parent}")
        return written

    def export_text(self, choice: ExportChoice) -> list[Path]:
        """LaTeX of every backward step (or of the step the animation shows) in the window's layout, or the graph as DOT: the command line's writers."""
        from .text_formats import write_text

        if choice.settings.fmt == "dot":
            from .dot import graph_dot

            text = graph_dot(self.window.graph, self._base_name())
        else:
            from .latex import backward_latex

            controller = self.window.animation.controller
            if choice.step_only and self.latex_step_shown():  # the pass the animation shows, at its step
                graph, trace = controller.graph, controller.trace
                steps = controller.groups.steps_of(controller.k)
            else:
                (graph, trace), steps = self.backward_pass(), None
            text = backward_latex(graph, trace, steps, controller.convention)
        return write_text(choice.path, text)

    def copy_image(self) -> None:
        """The selection's picture if something is selected, else the whole diagram's, at 2×."""
        from .dialog_choices import capital
        from .frames import at_rest
        from .render import export_rect, render_image
        from .selection import only_selection

        if len(self.window.graph) == 0:  # (the action is disabled then: said if it is reached anyway)
            self._message("The diagram is empty: there is nothing to copy")
            return
        selection = self._has_selection()
        try:
            with (
                at_rest(self.scene),
                only_selection(self.scene, selection),
            ):  # (the step as it ends, as Export draws it)
                image = render_image(self.scene, export_rect(self.scene, selection), COPY_SCALE)
        except UserError as exc:
            self._message(capital(exc.message))  # (a sentence in the window)
            return
        QGuiApplication.clipboard().setImage(image)
        what = "the selection" if selection else "the diagram"
        self._message(f"Copied a {image.width()} × {image.height()} picture of {what}")
