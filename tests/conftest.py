"""Test setup: Qt runs offscreen, so GUI tests work on machines without a display."""

import os
import sys
from contextlib import ExitStack

import pytest

# pytest keeps the test files it rewrites (for its assert messages) only where bytecode may be written; where
# PYTHONDONTWRITEBYTECODE is set, each worker would rewrite every test file on every run (figures:
# benchmarks/README.md, "The test suite"). The caches go to the git-ignored __pycache__ folders.
sys.dont_write_bytecode = False
os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
os.environ.setdefault("GRAPHVIZ_APP_SETTINGS", "test")  # keeps QSettings away from the user's own
# One BLAS thread per test process (set before numpy is first imported): the suite runs a process per
# core (pytest-xdist), and BLAS threads on top of that contend for the same cores; on a busy 2-core
# machine the tests multiplying large matrices (example 09) took 2-3x longer with BLAS's own threads.
for _blas_threads in ("OPENBLAS_NUM_THREADS", "OMP_NUM_THREADS", "MKL_NUM_THREADS"):
    os.environ.setdefault(_blas_threads, "1")


def pytest_xdist_auto_num_workers(config):
    """`-n auto` starts one worker more than there are cores: the window tests spend part of their time
    waiting on Qt's timers and on the programs they start, and a third worker on this 2-core machine
    fills those waits (the suite: 131 s with 2 workers, 118 s with 3, 120 s with 4)."""
    return (os.cpu_count() or 1) + 1


@pytest.fixture
def drawn_scene(qapp):
    """`scene = drawn_scene(graph)`: a canvas scene with no window, destroyed at the test's end on this
    (the GUI) thread, as export destroys its own (ui/canvas/drawing_scene.py). A scene left to the
    garbage collector is destroyed, timers and all, by whichever thread runs a collection: in a
    pytest-xdist worker its message thread, and a later test then crashes."""
    from graphviz_app.ui.canvas.drawing_scene import drawing_scene

    with ExitStack() as scenes:
        yield lambda graph: scenes.enter_context(drawing_scene(graph))


@pytest.fixture(autouse=True)
def _fresh_dialog_choices():
    """Each test's Export and Train dialogs start from the defaults: the choices one test remembers
    (in this process's throwaway settings: a learning rate of 500, say) do not carry over."""
    yield
    if "graphviz_app.ui.settings" in sys.modules:
        from graphviz_app.ui.settings import app_settings

        for group in ("export", "training"):
            app_settings().remove(group)
