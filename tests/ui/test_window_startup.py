"""The window at startup: shown and complete at once, without the libraries only formulas need."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def _run(script: str) -> str:
    env = dict(os.environ, PYTHONPATH=str(ROOT), QT_QPA_PLATFORM="offscreen", GRAPHVIZ_APP_SETTINGS="test")
    out = subprocess.run(
        [sys.executable, "-c", script], env=env, capture_output=True, text=True, cwd=str(ROOT), timeout=120
    )
    assert out.returncode == 0, out.stderr
    return out.stdout


def test_the_window_starts_complete_without_sympy():
    out = _run(
        "import sys\n"
        "from PySide6.QtWidgets import QApplication\n"
        "app = QApplication([])\n"
        "from graphviz_app.ui.app import launch_window\n"
        "w = launch_window(app); app.processEvents()\n"
        "print('SHOWN', w.isVisible(), 'sympy' in sys.modules, w.palette_dock is not None)\n"
    )
    assert "SHOWN True False True" in out, out
