"""`import graphviz_app` stays light: no Qt, no sympy; the API itself loads on first use."""

import subprocess
import sys
import types

import numpy as np
import pytest

import graphviz_app as ga
from graphviz_app.api import qt_app


def test_import_loads_no_qt():
    code = "import sys, graphviz_app; print(sorted(m for m in ('PySide6', 'sympy') if m in sys.modules))"
    run = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=120)
    assert run.returncode == 0, run.stderr
    assert run.stdout.strip() == "[]"


API = ("Graph", "Node", "trace", "load", "Error", "TraceError", "ShapeError")
FUNCTIONS = ("sigmoid", "relu", "softmax", "softmax_xent", "sqerr", "sqnorm")


def test_public_names():
    for name in API:
        assert hasattr(ga, name)
    for name in FUNCTIONS:
        assert callable(getattr(ga, name))
    assert issubclass(ga.ShapeError, ga.Error) and issubclass(ga.TraceError, ga.Error)


def test_typing_helpers_are_not_offered_as_api():
    # tab completion in a notebook lists dir(ga): TYPE_CHECKING is not graphviz_app's
    assert "TYPE_CHECKING" not in dir(ga)
    assert set(ga.__all__) <= set(dir(ga))


def test_the_api_is_listed_and_star_imported_before_first_use():
    # a fresh interpreter: nothing of the API loaded yet when dir() and `import *` ask
    code = (
        "import sys, graphviz_app as ga; names = dir(ga); loaded = 'numpy' in sys.modules\n"
        "from graphviz_app import *\n"
        "print(loaded, sorted(set(ga.__all__) - set(names)), trace(lambda x: x * x, x=3.0).gradients['x'])"
    )
    run = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=120)
    assert run.returncode == 0, run.stderr
    assert run.stdout.split() == ["False", "[]", "6.0"]
    assert set(API + FUNCTIONS) <= set(dir(ga)) and set(API + FUNCTIONS) <= set(ga.__all__)


def test_the_functions_written_out_for_editors_are_those_the_ops_offer():
    """`__all__` and the type checkers' imports in graphviz_app/__init__.py name the ga. functions
    by hand (editors read no registry): they are exactly the ops' api names."""
    import ast

    from graphviz_app.core.ops import BUILTIN

    offered = {op.api_name for op in BUILTIN.all() if op.api_name}
    assert offered >= set(FUNCTIONS)
    assert set(ga.__all__) - set(API) - {"UndefinedValueWarning", "BroadcastWarning"} == offered
    tree = ast.parse(open(ga.__file__, encoding="utf-8").read())
    (checked,) = [n for n in tree.body if isinstance(n, ast.If) and ast.unparse(n.test) == "_TYPE_CHECKING"]
    imported = {
        alias.name
        for node in ast.walk(checked)
        if isinstance(node, ast.ImportFrom) and node.module == "api.functions"
        for alias in node.names
    }
    assert imported == offered
    for name in offered:
        assert getattr(ga, name).__name__ == name and getattr(ga, name).__doc__


def test_every_op_is_reached_from_python_by_the_names_it_declares():
    """Each numpy function an op declares traces to that op (np.dot by numpy's rules), and each
    ga. function computes it."""
    from graphviz_app.core.ops import BUILTIN

    rng = np.random.default_rng(0)
    for op in BUILTIN.all():
        inputs = op.sample_inputs(rng)[0]
        for func in op.numpy:
            g = ga.trace(_calling(func, op.arity, *op.defaults.values()), *inputs)  # (np.power(x, 2.0))
            assert g.core.node(g.core.output).op == (
                op.numpy_route([x.ndim for x in inputs]) if op.numpy_route else op.name
            )
        if op.api_name:
            np.testing.assert_allclose(
                getattr(ga, op.api_name)(*inputs), op.forward(inputs, op.params_with_defaults(None))
            )


def _calling(func, arity: int, *params):
    """A function of arity parameters that calls func on them, then on params (ga.trace needs
    the traced values named)."""
    return (lambda x: func(x, *params)) if arity == 1 else (lambda a, b: func(a, b, *params))


def test_a_name_the_api_lacks_is_an_attribute_error():
    with pytest.raises(AttributeError, match="no_such_name"):
        ga.no_such_name  # noqa: B018


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
