"""The Training dock's loss curve: its axis keeps its range after Reset or Undo, it follows the dark
palette, it stays readable in a dock of at most a quarter of the window, and File → Export… writes it
as a PNG."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QImage
from PySide6.QtWidgets import QLabel
from ui.training_helpers import LINEAR, NETWORK, fill, ok_button, open_dialog, train_in_window


def test_the_loss_axis_keeps_its_range_and_zero_after_reset_or_undo(window, qtbot):
    window.files.open_example(NETWORK)
    train_in_window(window, qtbot, "sgd", "0.02", "60")
    plot = window.training.dock.plot
    y_range = plot.plot_item.viewRange()[1]
    assert y_range[0] <= 0 < y_range[1]  # from 0 (losses are not negative) to above the first loss
    assert y_range[1] >= window.training.run.result.losses[0]
    qtbot.mouseClick(window.training.dock.reset_button, Qt.MouseButton.LeftButton)
    assert plot.plot_item.viewRange()[1] == y_range
    window.action("undo").trigger()
    window.action("undo").trigger()  # training undone: the marker goes, the curve stays
    assert plot.plot_item.viewRange()[1] == y_range


def test_the_loss_curve_follows_a_switch_to_the_dark_palette(window, qtbot):
    from graphviz_app.ui.app import dark_palette

    window.files.open_example(LINEAR)
    train_in_window(window, qtbot, "adam", "0.05", "20")
    plot = window.training.dock.plot

    def background() -> int:
        """The lightness of the plot's commonest colour: its background."""
        image = plot.grab().toImage()
        samples = [
            image.pixelColor(x, y).lightness() for x in range(0, image.width(), 5) for y in range(0, image.height(), 5)
        ]
        return max(set(samples), key=samples.count)

    assert background() > 200
    window.setPalette(dark_palette())
    qtbot.waitUntil(lambda: background() < 60)


def test_export_offers_the_loss_curve_as_png(window, qtbot, tmp_path):
    window.files.open_example(LINEAR)
    dialog = window.exporter.make_dialog()
    assert not dialog.loss_curve.isVisibleTo(dialog)  # no run yet
    dialog.deleteLater()
    train_in_window(window, qtbot, "adam", "0.05", "30")
    dialog = window.exporter.make_dialog()
    dialog.show()
    qtbot.waitExposed(dialog)
    assert dialog.loss_curve.isVisible()
    dialog.loss_curve.click()
    assert dialog.format_key() == "png" and not dialog.format.isEnabled()
    dialog.resolution.setCurrentIndex(1)  # 2×
    assert dialog.note.text().startswith("1600 × 900 pixels")
    dialog.path.setText(str(tmp_path / "curve.png"))
    qtbot.mouseClick(dialog.export_button, Qt.MouseButton.LeftButton)
    image = QImage(str(tmp_path / "curve.png"))
    assert (image.width(), image.height()) == (1600, 900)
    colours = {image.pixelColor(x, y).name() for x in range(0, 1600, 7) for y in range(0, 900, 7)}
    assert len(colours) > 20  # a curve, axes and text, not a blank picture
    assert dialog.written == [tmp_path / "curve.png"]


def curve_area_height(plot) -> float:
    """The height of the area the curve is drawn in (the plot less its title and axes): its
    ViewBox, found in the plot's widget tree."""
    import pyqtgraph as pg

    [view] = plot.findChildren(pg.PlotWidget)
    [box] = [item for item in view.scene().items() if isinstance(item, pg.ViewBox)]
    return box.height()


@pytest.mark.parametrize("size", [(1024, 720), (1480, 920)])
def test_the_dock_takes_at_most_a_quarter_of_the_window_and_its_plot_stays_readable(window, qtbot, size):
    window.resize(*size)
    window.files.open_example(LINEAR)
    dialog = open_dialog(window, qtbot)
    fill(dialog, qtbot, "sgd", "5", "50")  # stops at step 1: the dock shows the message too
    qtbot.mouseClick(ok_button(dialog), Qt.MouseButton.LeftButton)
    dialog.reject()
    dock = window.training.dock
    qtbot.waitUntil(lambda: dock.isVisible() and dock.plot.isVisible())
    assert dock.height() <= size[1] * 0.26 and window.view.height() >= size[1] * 0.5
    assert curve_area_height(dock.plot) >= 60  # the curve's own area (1024×720: 75 px), not the widget's
    # the run's optimizer and rate are said in the dock's row, not as a title taking the plot's room
    run_title = dock.findChild(QLabel, "trainingRunTitle")
    assert run_title.isVisible() and run_title.text().startswith("SGD · learning rate 5 ·")
