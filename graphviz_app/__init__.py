"""graphviz_app: watch the multivariate chain rule happen on a composition graph."""

__version__ = "0.1.0"
