"""The main window rendered to PNG (1400 × 900) with examples, a 200-node graph and the dark palette.

The pictures land in $TMPDIR/graphviz_app_screens/ to be looked at; the assertions check what can be
checked automatically: the whole graph is in view, cards do not overlap, the canvas is not blank,
and the dark palette really paints dark.
"""

import random
import tempfile
from pathlib import Path

import pytest
from PySide6.QtWidgets import QApplication

from graphviz_app.core.autolayout import apply_layout
from graphviz_app.core.graph import Graph
from graphviz_app.resources_path import example_files
from graphviz_app.ui.app import dark_palette
from graphviz_app.ui.document_files import DocumentFiles

SHOTS = Path(tempfile.gettempdir()) / "graphviz_app_screens"


def layered_graph(n_nodes: int = 200, width: int = 10, seed: int = 3) -> Graph:
    rng = random.Random(seed)
    g = Graph()
    layer = [g.add_node("variable", name=f"x{i}", value=rng.uniform(-1, 1)) for i in range(width)]
    while len(g) < n_nodes:
        nxt = []
        for _ in range(min(width, n_nodes - len(g))):
            if rng.random() < 0.5:
                n = g.add_node("op", rng.choice(["add", "mul"]))
                g.connect(rng.choice(layer), n, 0)
                g.connect(rng.choice(layer), n, 1)
            else:
                n = g.add_node("op", rng.choice(["sin", "cos", "tanh", "sigmoid"]))
                g.connect(rng.choice(layer), n, 0)
            nxt.append(n)
        layer = nxt
    g.set_output(layer[0])
    apply_layout(g)
    return g


@pytest.fixture
def window(window, monkeypatch):
    """The shared window (tests/ui/conftest.py); error boxes are not shown."""
    monkeypatch.setattr(DocumentFiles, "show_error", lambda self, title, message: None)
    w = window
    yield w
    w.undo_stack.setClean()


def shoot(window, name: str) -> Path:
    QApplication.processEvents()
    SHOTS.mkdir(parents=True, exist_ok=True)
    path = SHOTS / f"{name}.png"
    assert window.grab().save(str(path))
    return path


def check_canvas(window) -> None:
    view, scene = window.view, window.scene
    view.zoom_to_fit()  # (a graph too large for a readable zoom opens on its output)
    QApplication.processEvents()
    shown = view.mapToScene(view.viewport().rect()).boundingRect()
    assert shown.contains(scene.items_bounding_rect())
    cards = [item.mapRectToScene(item.rect) for item in scene.node_items().values()]
    for i, a in enumerate(cards):
        for b in cards[i + 1 :]:
            assert not a.intersects(b), (a, b)
    image = view.viewport().grab().toImage().scaled(200, 120)
    colours = {image.pixel(x, y) for x in range(image.width()) for y in range(image.height())}
    assert len(colours) > 20  # cards, headers, edges: not an empty canvas


@pytest.mark.parametrize("prefix", ["05", "07"])
def test_window_with_an_example(window, prefix):
    path = next(p for p in example_files() if p.name.startswith(prefix))
    assert window.files.open_example(path)
    assert not window.scene.evaluator.evaluation.errors
    shoot(window, f"window_{path.stem}")
    check_canvas(window)


def test_window_with_200_nodes(window, tmp_path):
    from graphviz_app.core import fileformat

    file = tmp_path / "layered.json"
    fileformat.save(layered_graph(), file)
    assert window.files.open_path(file, ask=False)
    assert len(window.graph) == 200
    shoot(window, "window_200_nodes")
    check_canvas(window)


def test_window_in_the_dark_palette(window):
    app = QApplication.instance()
    light = app.palette()
    app.setPalette(dark_palette())  # as run_app does; the window follows through its PaletteChange event
    try:
        _dark_checks(window)
    finally:
        app.setPalette(light)
        QApplication.processEvents()
    assert not window.scene.theme.dark


def _dark_checks(window):
    QApplication.processEvents()
    path = next(p for p in example_files() if p.name.startswith("07"))
    window.files.open_example(path)
    shoot(window, "window_dark_07")
    check_canvas(window)
    assert window.scene.theme.dark
    canvas = window.view.viewport().grab().toImage()
    corner = canvas.pixelColor(5, 5)
    assert corner.lightness() < 80  # the canvas follows the palette
