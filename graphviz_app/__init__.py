"""graphviz_app: watch the multivariate chain rule happen on a composition graph.

From Python (see docs/python-api.md)::

    import numpy as np
    import graphviz_app as ga

    g = ga.trace(lambda x: np.sin(x**2), x=1.2)
    g.value, g.gradients["x"], g.backward()
    g.to_png("sin.png", step=1)

Importing this package loads numpy and the Qt-free core only; Qt starts when something is drawn.
"""

__version__ = "0.1.0"

from .api.errors import Error, ShapeError, TraceError
from .api.functions import relu, sigmoid, softmax, softmax_xent, sqerr, sqnorm
from .api.graph_handle import Graph, Node, load, trace

__all__ = [
    "Error",
    "Graph",
    "Node",
    "ShapeError",
    "TraceError",
    "load",
    "relu",
    "sigmoid",
    "softmax",
    "softmax_xent",
    "sqerr",
    "sqnorm",
    "trace",
]
