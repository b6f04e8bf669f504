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

from typing import TYPE_CHECKING

if TYPE_CHECKING:  # what editors and type checkers see; at run time __getattr__ below loads them
    from .api.errors import Error, ShapeError, TraceError, UndefinedValueWarning
    from .api.functions import relu, sigmoid, softmax, softmax_xent, sqerr, sqnorm
    from .api.graph_handle import Graph, Node, load, trace

__version__ = "0.1.0"

__all__ = [
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
    too, and their start should not wait for the API's tracing machinery."""
    if name not in __all__:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    from .api.errors import Error, ShapeError, TraceError, UndefinedValueWarning  # noqa: F401  (read through locals())
    from .api.functions import relu, sigmoid, softmax, softmax_xent, sqerr, sqnorm  # noqa: F401
    from .api.graph_handle import Graph, Node, load, trace  # noqa: F401

    api = locals()
    globals().update({public: api[public] for public in __all__})  # found once: then plain attributes
    return api[name]


def __dir__() -> list[str]:
    return sorted(set(globals()) | set(__all__))
