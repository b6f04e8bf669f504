"""graphviz_app: watch the multivariate chain rule happen on a composition graph.

From Python (see docs/python-api.md)::

    import numpy as np
    import graphviz_app as ga

    g = ga.trace(lambda x: np.sin(x**2), x=1.2)
    g.value, g.gradients["x"], g.backward()
    g.to_png("sin.png", step=1)

Importing this package loads nothing yet: the API below on first use (numpy and the Qt-free
core), Qt when something is drawn.
"""

from typing import TYPE_CHECKING as _TYPE_CHECKING  # (private: not offered as ga.TYPE_CHECKING)

# What editors and type checkers see; at run time __getattr__ below loads them. The ga. functions
# the built-in ops offer (OpDef.api_name) are written out for editors here and in __all__: a test
# (tests/test_api_import.py) checks both against the registry.
if _TYPE_CHECKING:
    from .api.errors import BroadcastWarning, Error, ShapeError, TraceError, UndefinedValueWarning
    from .api.functions import relu, sigmoid, softmax, softmax_xent, sqerr, sqnorm
    from .api.graph_handle import Graph, Node, load, trace

__version__ = "0.1.0"

__all__ = [
    "BroadcastWarning",
    "Error",
    "Graph",
    "Node",
    "ShapeError",
    "TraceError",
    "UndefinedValueWarning",
    "load",
    "relu",
    "sigmoid",
    "softmax",
    "softmax_xent",
    "sqerr",
    "sqnorm",
    "trace",
]


def __getattr__(name: str):
    """The Python API, loaded on first use (PEP 562): the window and the CLI import this package
    too, and their start should not wait for the API's tracing machinery. The ga. functions are
    the ops' (OpDef.api_name): the built-in ones' once found are plain attributes; an op declared
    in a registry of its own (a test's) is found while that registry is in use."""
    if name.startswith("_"):
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    from .api import errors, graph_handle
    from .api.functions import ga_function
    from .core.ops import BUILTIN

    if name in __all__:
        for public in __all__:
            found = getattr(errors, public, None) or getattr(graph_handle, public, None) or ga_function(public, BUILTIN)
            if found is not None:
                globals()[public] = found  # found once: then a plain attribute
    function = globals().get(name) or ga_function(name)
    if function is None:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    return function


def __dir__() -> list[str]:
    return sorted(set(globals()) | set(__all__))
