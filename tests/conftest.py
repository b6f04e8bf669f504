"""Test setup: Qt runs offscreen, so GUI tests work on machines without a display."""

import gc
import os

import pytest

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
os.environ.setdefault("GRAPHVIZ_APP_SETTINGS", "test")  # keeps QSettings away from the user's own
# One BLAS thread per test process (set before numpy is first imported): the suite runs a process per
# core (pytest-xdist), and BLAS threads on top of that contend for the same cores; on a busy 2-core
# machine the tests multiplying large matrices (example 09) took 2-3x longer with BLAS's own threads.
for _blas_threads in ("OPENBLAS_NUM_THREADS", "OMP_NUM_THREADS", "MKL_NUM_THREADS"):
    os.environ.setdefault(_blas_threads, "1")


@pytest.fixture(scope="session", autouse=True)
def _libraries_left_out_of_collections():
    """The libraries every test process loads (Qt, numpy, networkx, sympy, the app) are frozen
    (gc.freeze): each full pass of the garbage collector, and each gc.collect() the app runs when a
    file opens (ui/loading.py), then walks only what the tests built. The libraries' objects live
    for the whole process anyway; without this a full pass took about 0.2 s, most of the UI tests'
    time in the collector."""
    import networkx  # noqa: F401
    import numpy  # noqa: F401
    import sympy  # noqa: F401
    from PySide6 import QtWidgets  # noqa: F401

    import graphviz_app.ui.main_window  # noqa: F401

    gc.collect()
    gc.freeze()
    yield


@pytest.fixture(autouse=True)
def _libraries_frozen_again():
    """A large document's scene unfreezes everything when it goes (GraphScene._rebuild, detach):
    the libraries are frozen again after such a test."""
    yield
    if not gc.get_freeze_count():
        gc.collect()
        gc.freeze()
