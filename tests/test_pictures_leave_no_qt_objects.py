"""Drawing a picture without a window (the Python API's pictures, `graphviz-app export` run in
this process) leaves no Qt object behind: the canvas scene it was drawn on, with its timers, is
destroyed once the picture is written, on the thread that drew it. Left to the garbage collector,
each picture's scene stayed alive while its graph lived, and was then destroyed by whichever thread
ran a collection (a notebook's history thread, a test runner's): a Qt object destroyed off the GUI
thread later crashes the event loop."""

import gc

import pytest
import shiboken6
from api_helpers import linear_model
from test_export_support import LINEAR

from graphviz_app.cli import main
from graphviz_app.ui.canvas import GraphScene


def live_scenes() -> int:
    """Canvas scenes whose Qt object still exists."""
    return sum(isinstance(o, GraphScene) and shiboken6.isValid(o) for o in gc.get_objects())


@pytest.fixture
def scenes_before(qapp) -> int:
    """The scenes alive before the test (other tests' windows, in this process)."""
    gc.collect()
    return live_scenes()


def test_the_api_s_pictures_leave_no_scene_alive(scenes_before, tmp_path):
    model = linear_model()
    model.to_png(tmp_path / "still.png")
    model.to_svg(tmp_path / "step.svg", step=2)
    model.to_pdf(tmp_path / "still.pdf")
    model._repr_png_()  # (what a notebook calls to show it)
    model._repr_svg_()
    model.animate()
    assert live_scenes() == scenes_before  # (before any collection: the graph still lives)


@pytest.mark.parametrize("options", [[], ["--step", "2"], ["--all-steps"]])
def test_an_export_in_this_process_leaves_no_scene_alive(scenes_before, tmp_path, capsys, options):
    out = tmp_path / ("frames.gif" if options == ["--all-steps"] else "still.png")
    assert main(["export", str(LINEAR), "-o", str(out), *options]) == 0
    assert live_scenes() == scenes_before
