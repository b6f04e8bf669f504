"""The window at startup: shown and complete at once, without the libraries only formulas need."""

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


@pytest.fixture(scope="module")
def launched() -> str:
    """What a program started as graphviz-app starts says: right after its window shows, then a
    moment later (one process for the two tests below: each is a second of startup)."""
    return _run(
        "import sys, time\n"
        "from PySide6.QtWidgets import QApplication\n"
        "app = QApplication([])\n"
        "from graphviz_app.ui.app import formulas_loaded, launch_window\n"
        "w = launch_window(app); app.processEvents()\n"
        "heavy = [m for m in ('sympy', 'scipy', 'matplotlib', 'autograd', 'torch') if m in sys.modules]\n"
        "print('SHOWN', w.isVisible(), 'HEAVY', heavy, w.palette_dock is not None)\n"
        "print('AT ONCE', 'sympy' in sys.modules)\n"
        "end = time.monotonic() + 20\n"
        "while not formulas_loaded() and time.monotonic() < end:\n"
        "    app.processEvents(); time.sleep(0.01)\n"
        "print('SOON', formulas_loaded() and 'sympy' in sys.modules)\n"
    )


def test_the_window_starts_complete_without_sympy(launched):
    """Nor any other heavy library: symbolic maths is loaded when a formula is asked for."""
    assert "SHOWN True HEAVY [] True" in launched, launched


def test_the_formulas_load_a_moment_after_the_window_shows(launched):
    """The first F6 then writes its formulas at once (sympy is not imported on the first step)."""
    assert "AT ONCE False" in launched and "SOON True" in launched, launched


def test_a_window_shown_from_python_loads_the_formulas_soon_too():
    """`g.show()` starts as the program does: sympy a moment after the window shows, so the first F6
    finds it loaded; the Inspector then shows the step's formula."""
    out = _run(
        "import sys, time\n"
        "from PySide6.QtWidgets import QApplication\n"
        "app = QApplication([])\n"
        "from graphviz_app.api.window import open_window\n"
        "from graphviz_app.ui.app import formulas_loaded\n"
        "from graphviz_app.core.sample_graphs import branching_chains\n"
        "from graphviz_app.ui.animation.formula_view import FormulaView\n"
        "w = open_window(branching_chains(2, 1)); app.processEvents()\n"
        "print('AT ONCE', 'sympy' in sys.modules)\n"
        "end = time.monotonic() + 20\n"
        "while not formulas_loaded() and time.monotonic() < end:\n"
        "    app.processEvents(); time.sleep(0.01)\n"
        "print('SOON', formulas_loaded() and 'sympy' in sys.modules)\n"
        "w.action('backward').trigger()\n"
        "inspector = w.animation.inspector\n"
        "shown = lambda: [v.text() for v in inspector.findChildren(FormulaView) if v.text() and v.isVisibleTo(inspector)]\n"
        "end = time.monotonic() + 20\n"
        "while not shown() and time.monotonic() < end:\n"
        "    app.processEvents(); time.sleep(0.01)\n"
        "print('FORMULA', shown()[:1])\n"
        "w.undo_stack.setClean()\n"
    )
    assert "AT ONCE False" in out and "SOON True" in out, out
    formula = out.split("FORMULA", 1)[1]
    assert "∂" in formula and "=" in formula, out
