"""The window at startup: shown and painted first, its docks and heavy libraries loaded after."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]


def _run(script: str) -> str:
    env = dict(os.environ, PYTHONPATH=str(ROOT), QT_QPA_PLATFORM="offscreen", GRAPHVIZ_APP_SETTINGS="test")
    out = subprocess.run(
        [sys.executable, "-c", script], env=env, capture_output=True, text=True, cwd=str(ROOT), timeout=120
    )
    assert out.returncode == 0, out.stderr
    return out.stdout


def test_window_is_painted_before_sympy_and_the_docks_are_loaded():
    out = _run(
        "import sys\n"
        "from PySide6.QtWidgets import QApplication\n"
        "app = QApplication([])\n"
        "from graphviz_app.ui.app import launch_window\n"
        "w = launch_window(app); app.processEvents()\n"
        "print('SHOWN', [m for m in ('sympy',) if m in sys.modules], w._setup_done)\n"
        "app.processEvents()\n"  # the turn after the first paint completes the window
        "print('READY', w._setup_done, w.palette_dock is not None, hasattr(w, 'export_actions'))\n"
    )
    assert "SHOWN [] False" in out, out
    assert "READY True True True" in out, out


def test_deferred_parts_are_built_on_first_use(qtbot):
    from graphviz_app.ui.main_window import MainWindow

    w = MainWindow(defer_setup=True)
    qtbot.addWidget(w)
    assert not w._setup_done  # never shown, never painted
    assert w.animation is not None  # asking for it completes the window
    assert w._setup_done and w.palette_dock is not None
    with pytest.raises(AttributeError):
        w.no_such_part  # noqa: B023,B007,B018


def test_when_ready_runs_after_the_setup(qtbot):
    from graphviz_app.ui.main_window import MainWindow

    w = MainWindow(defer_setup=True)
    qtbot.addWidget(w)
    seen = []
    w.when_ready(lambda: seen.append(hasattr(w, "animation") and w._setup_done))
    qtbot.waitUntil(lambda: bool(seen))
    assert seen == [True]


def test_a_window_built_for_tests_and_scripts_is_complete_at_once(qtbot):
    from graphviz_app.ui.main_window import MainWindow

    w = MainWindow()
    qtbot.addWidget(w)
    assert w._setup_done and "animation" in w.__dict__ and w.palette_dock is not None
