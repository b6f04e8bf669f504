"""`import graphviz_app` stays light: numpy and the core, no Qt, no sympy, no networkx."""

import subprocess
import sys
import types

import graphviz_app as ga
from graphviz_app.api import qt_app


def test_import_loads_no_qt():
    code = "import sys, graphviz_app; print(sorted(m for m in ('PySide6', 'sympy') if m in sys.modules))"
    run = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=120)
    assert run.returncode == 0, run.stderr
    assert run.stdout.strip() == "[]"


def test_public_names():
    for name in ("Graph", "trace", "load", "Error", "TraceError", "ShapeError"):
        assert hasattr(ga, name)
    for name in ("sigmoid", "relu", "softmax", "softmax_xent", "sqerr", "sqnorm"):
        assert callable(getattr(ga, name))


def _fake_ipython(monkeypatch, shell):
    module = types.ModuleType("IPython")
    module.get_ipython = lambda: shell
    monkeypatch.setitem(sys.modules, "IPython", module)


def test_show_knows_when_ipython_runs_a_qt_event_loop(monkeypatch):
    monkeypatch.delitem(sys.modules, "IPython", raising=False)
    assert not qt_app.qt_event_loop_running()  # a plain script: show() blocks
    _fake_ipython(monkeypatch, None)
    assert not qt_app.qt_event_loop_running()
    _fake_ipython(monkeypatch, types.SimpleNamespace(active_eventloop="qt"))  # terminal IPython, %gui qt
    assert qt_app.qt_event_loop_running()
    _fake_ipython(monkeypatch, types.SimpleNamespace(active_eventloop=None))
    assert not qt_app.qt_event_loop_running()

    def loop_qt(kernel):
        pass

    kernel = types.SimpleNamespace(eventloop=loop_qt)  # Jupyter after %gui qt
    _fake_ipython(monkeypatch, types.SimpleNamespace(active_eventloop=None, kernel=kernel))
    assert qt_app.qt_event_loop_running()
    _fake_ipython(monkeypatch, types.SimpleNamespace(kernel=types.SimpleNamespace(eventloop=None)))
    assert not qt_app.qt_event_loop_running()


def test_a_display_is_looked_for_where_windows_need_one(monkeypatch):
    monkeypatch.setenv("QT_QPA_PLATFORM", "offscreen")
    assert not qt_app.display_available()
    monkeypatch.delenv("QT_QPA_PLATFORM")
    monkeypatch.setattr(sys, "platform", "linux")
    monkeypatch.delenv("DISPLAY", raising=False)
    monkeypatch.delenv("WAYLAND_DISPLAY", raising=False)
    assert not qt_app.display_available()  # a server or CI: pictures are drawn offscreen
    monkeypatch.setenv("DISPLAY", ":0")
    assert qt_app.display_available()
    monkeypatch.setattr(sys, "platform", "darwin")
    monkeypatch.delenv("DISPLAY")
    assert qt_app.display_available()
