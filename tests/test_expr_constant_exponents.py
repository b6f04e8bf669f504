"""An exponent written as a small sum, product, quotient or power of plain numbers is that number:
x^(1/2) is √x, x**(1/3) the cube root (shown as x^(1/3), not 0.333333), x**2**3 is x⁸ (Python reads
x**(2**3)). Read from the expression's tree (+ - * / ** only), never by eval; what cannot be a
number is said so."""

import numpy as np
import pytest

from graphviz_app.core import engine
from graphviz_app.core.errors import ExpressionError
from graphviz_app.core.expr import parse_expression
from graphviz_app.core.ops import get_op


def value(text: str, x: float) -> float:
    graph = parse_expression(text, values={"x": x})
    return float(engine.evaluate(graph).values[graph.output])


def message(text: str) -> str:
    with pytest.raises(ExpressionError) as info:
        parse_expression(text)
    return str(info.value)


@pytest.mark.parametrize(
    "typed, expected",
    [
        ("x^(1/2)", np.sqrt),
        ("x**(1/2)", np.sqrt),
        ("sqrt(x)^(1/2)", lambda x: x**0.25),
        ("x^(1/3)", np.cbrt),
        ("x**-(1/2)", lambda x: 1 / np.sqrt(x)),
        ("x**2**3", lambda x: x**8),
        ("x**(2*3 - 1)", lambda x: x**5),
        ("pow(x, 1/4)", lambda x: x**0.25),
    ],
)
def test_a_number_written_as_arithmetic_is_the_exponent(typed, expected):
    for x in (0.3, 2.0, 7.5):
        assert value(typed, x) == pytest.approx(expected(x), rel=1e-12)


def test_a_fraction_is_shown_as_typed_on_the_card_and_in_its_derivative():
    graph = parse_expression("x^(1/3)")
    (power,) = [n for n in graph.nodes() if n.op == "pow"]
    pow_op = get_op("pow")
    assert pow_op.symbol_for(power.params) == "x^(1/3)"
    assert pow_op.written(["y"], power.params) == "y^(1/3)"
    (formula,) = pow_op.formulas(power.params)
    assert "1/3" in formula.unicode and "0.333" not in formula.unicode
    assert pow_op.symbol_for({"p": 0.5}) == "x^0.5"  # (a decimal that ends stays one)


@pytest.mark.parametrize(
    "typed, said",
    [
        ("x**(1/0)", "column 5: the number divides by zero"),
        ("x**(0**-1)", "column 5: the number divides by zero"),
        ("x**((-8)**(1/3))", "column 5: the number is no real number (a negative number to a fractional power)"),
        ("x**(10.0**400)", "column 5: the number is too large (numbers go up to about 1.8e308)"),
        ("x**(2*y)", "column 5: the exponent must be a number, as in x**2, x**-0.5 or x**(1/3)"),
        ("x**(" + "+".join(["1"] * 40) + ")", "column 5: the exponent must be a number"),  # (a number, not a sum)
    ],
)
def test_what_is_no_number_is_said(typed, said):
    assert message(typed).startswith(said)
