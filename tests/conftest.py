"""Test setup: Qt runs offscreen, so GUI tests work on machines without a display."""

import gc
import os
import sys
from contextlib import ExitStack

import pytest

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
os.environ.setdefault("GRAPHVIZ_APP_SETTINGS", "test")  # keeps QSettings away from the user's own
# One BLAS thread per test process (set before numpy is first imported): the suite runs a process per
# core (pytest-xdist), and BLAS threads on top of that contend for the same cores; on a busy 2-core
# machine the tests multiplying large matrices (example 09) took 2-3x longer with BLAS's own threads.
for _blas_threads in ("OPENBLAS_NUM_THREADS", "OMP_NUM_THREADS", "MKL_NUM_THREADS"):
    os.environ.setdefault(_blas_threads, "1")


_frozen = False  # whether what was alive before the tests is frozen (below)
_unfreeze = gc.unfreeze


def _unfreeze_noted() -> None:
    global _frozen
    _frozen = False
    _unfreeze()


gc.unfreeze = _unfreeze_noted  # (gc.get_freeze_count() walks every frozen object: 8 ms a test)


def pytest_runtest_setup(item):
    """What is alive before the tests (modules, Qt, sympy, the collected tests: most of a test
    process's objects) is left out of the garbage collector's passes: each full pass, one per file
    the window opens (ui/loading.py) and those the allocations trigger, then walks only what the
    tests made, about a third of the time. Done again before the next test when something unfroze
    it (ui/canvas/gc_freeze.py unfreezes everything when a large document goes), after a collection
    so that no garbage is kept. A test about freezing itself starts unfrozen: `unfrozen_gc`."""
    global _frozen
    if not _frozen:
        import sympy  # noqa: F401  (most of what the tests load: the window loads it a moment after it shows)

        gc.collect()
        gc.freeze()
        _frozen = True
        # With most objects frozen, the collector's own full passes (which run on whichever thread
        # allocates: in an xdist worker also its message thread, see drawn_scene) would come far more
        # often than before; they stay about as rare as with nothing frozen, the explicit ones (on
        # this thread) are unchanged.
        gc.set_threshold(*gc.get_threshold()[:2], 1000)


@pytest.fixture
def unfrozen_gc():
    """Nothing frozen while the test runs (as in the program), whatever earlier tests left."""
    gc.unfreeze()


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
def _fresh_export_choices():
    """Each test's Export dialog starts from the defaults: the choices one test's export remembers
    (in this process's throwaway settings) do not carry over to the next test."""
    yield
    if "graphviz_app.export.dialog" in sys.modules:
        from graphviz_app.ui.settings import app_settings

        app_settings().remove("export")
