"""The loss per step of a training run, drawn by pyqtgraph, with a marker at the iteration shown;
and the same plot written to a PNG (File → Export…).

pyqtgraph takes most of a second to import: this module is imported when a run is first shown.
"""

from __future__ import annotations

import math
from pathlib import Path

import numpy as np
import pyqtgraph as pg
from PySide6.QtCore import QEvent, Qt, Signal
from PySide6.QtGui import QColor, QPalette
from PySide6.QtWidgets import QApplication, QVBoxLayout, QWidget

from ...core.train import TrainResult
from .. import tones
from .run import LOSS_CURVE_SIZE as EXPORT_SIZE

pg.setConfigOptions(antialias=True)

Role = QPalette.ColorRole
CURVE = {False: QColor("#2f6fdb"), True: QColor("#6aa8ff")}  # by dark palette
MARKER = {False: QColor("#d9480f"), True: QColor("#ffa94d")}
LOG_RANGE = 100.0  # losses spanning more than this factor (all positive) are drawn on a log scale
MIN_HEIGHT = 90  # the plot's least height (the Training dock takes a quarter of a 720 px window) ...
LABELLED_HEIGHT = 160  # ... below this the x-axis goes without its "step" label: the data area keeps the room


def log_suits(losses) -> bool:
    """A log scale shows the run better: positive losses spanning more than LOG_RANGE."""
    low, high = min(losses), max(losses)
    return low > 0 and high / low > LOG_RANGE


class LossAxis(pg.AxisItem):
    """On a log scale, labels only at 1, 2 and 5 × 10ⁿ (pyqtgraph labels every minor tick: 0.9 0.8
    0.7 … overlap); the other ticks stay, unlabelled."""

    def logTickStrings(self, values, scale, spacing):
        strings = super().logTickStrings(values, scale, spacing)
        keep = []
        for value, text in zip(values, strings):
            mantissa = round(10 ** (value - math.floor(value + 1e-9)), 6)
            keep.append(text if mantissa in (1.0, 2.0, 5.0) else "")
        return keep


class StepAxis(pg.AxisItem):
    """Steps are whole numbers: a short run (a stop at step 3) gets ticks 0 1 2 3, not 0.5 1.0 1.5."""

    def tickValues(self, minVal, maxVal, size):
        levels = [
            (spacing, [v for v in ticks if float(v).is_integer()])
            for spacing, ticks in super().tickValues(minVal, maxVal, size)
            if spacing >= 1
        ]
        if not levels:
            levels = [(1.0, [float(v) for v in range(math.ceil(minVal), math.floor(maxVal) + 1)])]
        return levels


class LossPlot(QWidget):
    """The curve of one run; `set_step` moves the marker; dragging the marker or clicking the plot
    asks for another iteration (`stepPicked`)."""

    stepPicked = Signal(int)

    def __init__(self, parent=None):
        super().__init__(parent)
        self.setObjectName("lossPlot")
        self.result: TrainResult | None = None
        self.step: int | None = None
        self.log = False
        self.widget = pg.PlotWidget(self, axisItems={"left": LossAxis("left"), "bottom": StepAxis("bottom")})
        self.widget.setMinimumHeight(MIN_HEIGHT)
        self.widget.setMenuEnabled(False)  # (its menu offers exports and transforms of its own)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.widget)
        self.plot_item = self.widget.getPlotItem()
        self.plot_item.showGrid(x=True, y=True, alpha=0.18)
        self.plot_item.setLabel("bottom", "step")
        for name in ("left", "bottom"):  # (plain numbers: no "×1e+27" scale factor beside the label)
            self.plot_item.getAxis(name).enableAutoSIPrefix(False)
        self.plot_item.hideButtons()
        self.curve = self.plot_item.plot([], [])
        self.point = self.plot_item.plot([], [], pen=None, symbol="o", symbolSize=9)
        self.line = pg.InfiniteLine(angle=90, movable=True)
        self.line.setHoverPen(pg.mkPen(width=3))
        self.plot_item.addItem(self.line)
        self.line.sigDragged.connect(self._line_dragged)
        self.widget.scene().sigMouseClicked.connect(self._clicked)
        self._placing = False
        self.apply_palette(self.palette())

    # ------------------------------------------------------------- content
    def set_run(self, result: TrainResult, title: str = "", log: bool | None = None) -> None:
        self.result = result
        self.log = log_suits(result.losses) if log is None else log
        name = result.labels[result.output]
        self.plot_item.setLabel("left", "loss" if name == "loss" else f'loss "{name}"')
        self.plot_item.setTitle(title or None, color=self._ink().name(), size="10pt")
        self.plot_item.setLogMode(x=False, y=self.log)
        steps = np.arange(len(result.losses))
        self.curve.setData(steps, np.asarray(result.losses, dtype=float))
        self.plot_item.setXRange(0, max(1, result.steps), padding=0.02)
        self._fit_y()
        self.line.setBounds((0, result.steps))
        self.step = None
        self.set_step(result.steps)

    def set_log(self, on: bool) -> None:
        if self.result is not None and on != self.log:
            self.log = on
            self.plot_item.setLogMode(x=False, y=on)
            self._fit_y()

    def _fit_y(self) -> None:
        """The y-axis spans the whole curve, from 0 on a linear scale when no loss is negative (the
        floor a loss falls towards), and stays so whichever iteration the marker shows: fixed, not
        pyqtgraph's auto range, which follows what is drawn (a marker moved to step 0 dropped the 0 tick)."""
        losses = np.asarray(self.result.losses, dtype=float)
        if self.log:
            losses = losses[losses > 0]
            if not losses.size:
                self.plot_item.enableAutoRange(axis="y")
                return
            low, high = np.log10(losses.min()), np.log10(losses.max())  # (a log axis ranges over exponents)
        else:
            low, high = min(0.0, losses.min()), losses.max()
        if high <= low:  # a flat curve
            low, high = low - 0.5, high + 0.5
        self.plot_item.setYRange(low, high, padding=0.05)

    def set_step(self, step: int | None) -> None:
        """The marker at this iteration (None: the cards show values of no iteration)."""
        self.step = step
        shown = step is not None and self.result is not None
        self.line.setVisible(shown)
        if not shown:
            self.point.setData([], [])
            return
        self._placing = True
        self.line.setValue(step)
        self._placing = False
        self.point.setData([step], [self.result.losses[step]])

    def _line_dragged(self, line) -> None:
        if not self._placing and self.result is not None:
            self.stepPicked.emit(self._nearest(line.value()))

    def _clicked(self, event) -> None:
        if self.result is None or event.button() != Qt.MouseButton.LeftButton:
            return
        if not self.plot_item.sceneBoundingRect().contains(event.scenePos()):
            return
        x = self.plot_item.vb.mapSceneToView(event.scenePos()).x()
        self.stepPicked.emit(self._nearest(x))

    def _nearest(self, x: float) -> int:
        return min(max(0, round(x)) if math.isfinite(x) else 0, self.result.steps)

    # -------------------------------------------------------------- colours
    def _ink(self) -> QColor:
        return self.palette().color(Role.Text)

    def apply_palette(self, palette: QPalette, transparent: bool = False) -> None:
        dark = tones.is_dark(palette)
        ink = palette.color(Role.Text)
        self.widget.setBackground(None if transparent else palette.color(Role.Base))
        for name in ("left", "bottom"):
            axis = self.plot_item.getAxis(name)
            axis.setPen(pg.mkPen(tones.mix(ink, palette.color(Role.Base), 0.45)))
            axis.setTextPen(pg.mkPen(tones.muted(palette)))
        self.plot_item.titleLabel.setAttr("color", ink.name())
        if self.result is not None:
            self.plot_item.setTitle(self.plot_item.titleLabel.text or None, color=ink.name(), size="10pt")
        self.curve.setPen(pg.mkPen(CURVE[dark], width=2))
        marker = MARKER[dark]
        self.point.setSymbolBrush(marker)
        self.point.setSymbolPen(pg.mkPen(palette.color(Role.Base), width=1.5))
        self.line.setPen(pg.mkPen(marker, width=1.5, style=Qt.PenStyle.DashLine))
        self.line.setHoverPen(pg.mkPen(marker, width=3))

    def resizeEvent(self, event) -> None:
        # (the step numbers say what the x-axis is; the dock's row says "step 3 of 30" too)
        self.plot_item.getAxis("bottom").showLabel(event.size().height() >= LABELLED_HEIGHT)
        super().resizeEvent(event)

    def changeEvent(self, event) -> None:
        if event.type() == QEvent.Type.PaletteChange:
            self.apply_palette(self.palette())
        super().changeEvent(event)


def save_png(
    result: TrainResult,
    step: int | None,
    path: str | Path,
    *,
    title: str,
    palette: QPalette,
    scale: float = 1.0,
    transparent: bool = False,
    log: bool | None = None,
) -> None:
    """The loss curve as a PNG of EXPORT_SIZE × scale pixels (text and lines drawn at that size)."""
    from pyqtgraph.exporters import ImageExporter

    plot = LossPlot()
    plot.setAttribute(Qt.WidgetAttribute.WA_DontShowOnScreen)  # laid out and sized, never on screen
    plot.setPalette(palette)
    plot.apply_palette(palette, transparent)
    plot.set_run(result, title, log)
    plot.set_step(step)
    plot.resize(*EXPORT_SIZE)
    plot.show()
    QApplication.sendPostedEvents()
    try:
        exporter = ImageExporter(plot.plot_item)
        exporter.parameters()["width"] = round(EXPORT_SIZE[0] * scale)  # (the height follows)
        if transparent:
            exporter.parameters()["background"] = QColor(0, 0, 0, 0)
        image = exporter.export(toBytes=True)
    finally:
        plot.hide()
        plot.deleteLater()
    if not image.save(str(path), "PNG"):
        raise OSError(f"cannot write {path}")
