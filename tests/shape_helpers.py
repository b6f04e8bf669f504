"""What the engine says of a graph written as an expression whose one op's shapes do not fit."""

from graphviz_app.core import engine
from graphviz_app.core.expr import parse_expression


def problem_of(expression: str, **values) -> str:
    """The one shape problem of `expression` with `values` set on its named nodes."""
    g = parse_expression(expression)
    for name, value in values.items():
        g.set_value(g.find(name), value)
    (problem,) = engine.evaluate(g).errors.values()
    return problem
