"""The Export dialog's resolution chosen for the picture's size: the one it starts at (remembered,
or the default) until the user picks one; while the picture at it would be too large for most
viewers, the one the size note recommends, with the words saying why."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QSignalBlocker
from PySide6.QtWidgets import QComboBox, QSpinBox

from .dialog_size_note import chosen_instead_words, refused_words, too_large_at
from .render import BASE_DPI
from .viewable import viewable_resolution

Size = tuple[float, float, bool]  # the diagram's width, height, and whether exact (else a lower bound)


class AutoResolution:
    """Follows the dialog's Resolution box (a preset's scale, or None for Custom dpi) and its dpi box."""

    def __init__(self, resolution: QComboBox, dpi: QSpinBox) -> None:
        self.resolution, self.dpi = resolution, dpi
        self.start = (resolution.currentIndex(), dpi.value())
        self.picked = False  # by the user, here: from then on the dialog chooses none
        self.instead = ""  # why the resolution shown is not the start one ("2× … would be …: 24 dpi chosen")
        # why no picture is offered: too large for most viewers even at the lowest dpi, and no
        # resolution picked here (as `graphviz-app export` refuses it unless --scale is given)
        self.refused = ""
        # (connected before the dialog's own updates: they see the pick; activated: the one shown chosen again)
        resolution.currentIndexChanged.connect(self._picked_here)
        resolution.activated.connect(self._picked_here)
        dpi.valueChanged.connect(self._picked_here)

    def _picked_here(self) -> None:
        self.picked = True  # (fit's own changes are made with signals blocked)

    def fit(self, measure: Callable[[], Size | None], animation: bool = False) -> None:
        """Until a resolution is picked here: the start one; or, when the picture (PNG, animation
        frame) would be too large for most viewers at it, the one the size note recommends; with
        none that fits, the start one, refused (`refused` says why and what to export instead:
        animation, every step) until one is picked here.
        measure(): the diagram's size, or None when the picture has no pixels to count."""
        self.instead = self.refused = ""
        if self.picked:
            return
        index, dpi = self.start
        size = measure()
        start = self.resolution.itemData(index)
        start = dpi / BASE_DPI if start is None else float(start)
        if size is not None and too_large_at(size[0], size[1], start):
            fit = viewable_resolution(size[0], size[1])
            if fit is not None:
                presets = [i for i in range(self.resolution.count()) if self.resolution.itemData(i) == fit]
                index, dpi = (presets[0], dpi) if presets else (self.resolution.findData(None), round(fit * BASE_DPI))
                self.instead = chosen_instead_words(*size, start, fit)
            else:
                self.refused = refused_words(*size, start, animation)
        with QSignalBlocker(self.resolution), QSignalBlocker(self.dpi):
            self.resolution.setCurrentIndex(index)
            self.dpi.setValue(dpi)

    def to_remember(self) -> tuple[float | None, int]:
        """(the Resolution box's scale, None for Custom; dpi) to remember: the one picked here, else
        the start one (one the dialog chose for this picture's size is not remembered)."""
        index, dpi = (self.resolution.currentIndex(), self.dpi.value()) if self.picked else self.start
        return self.resolution.itemData(index), dpi
