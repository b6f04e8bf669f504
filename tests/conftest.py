"""Test setup: Qt runs offscreen, so GUI tests work on machines without a display."""

import os
import sys

import pytest

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
os.environ.setdefault("GRAPHVIZ_APP_SETTINGS", "test")  # keeps QSettings away from the user's own
# One BLAS thread per test process (set before numpy is first imported): the suite runs a process per
# core (pytest-xdist), and BLAS threads on top of that contend for the same cores; on a busy 2-core
# machine the tests multiplying large matrices (example 09) took 2-3x longer with BLAS's own threads.
for _blas_threads in ("OPENBLAS_NUM_THREADS", "OMP_NUM_THREADS", "MKL_NUM_THREADS"):
    os.environ.setdefault(_blas_threads, "1")


@pytest.fixture(autouse=True)
def _fresh_export_choices():
    """Each test's Export dialog starts from the defaults: the choices one test's export remembers
    (in this process's throwaway settings) do not carry over to the next test."""
    yield
    if "graphviz_app.export.dialog" in sys.modules:
        from graphviz_app.ui.settings import app_settings

        app_settings().remove("export")
