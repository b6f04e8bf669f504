"""What a calculus user reaches for first while tracing, answered with what to write instead:
math's functions (math.sin: np.sin) and numpy's max with 0 (np.maximum(x, 0): ga.relu)."""

import math
from math import sqrt

import numpy as np
import pytest

import graphviz_app as ga


@pytest.mark.parametrize(
    "f, message",
    [
        (lambda x: math.sin(x), "math.sin cannot be traced: use np.sin"),
        (lambda x: math.exp(x) * 2, "math.exp cannot be traced: use np.exp"),
        (lambda x: sqrt(x), "math.sqrt cannot be traced: use np.sqrt"),  # after from math import sqrt
        (lambda x: math.pow(x, 2), "math.pow cannot be traced: use np.power"),
    ],
)
def test_a_math_function_says_which_numpy_function_to_use(f, message):
    with pytest.raises(ga.TraceError) as info:
        ga.trace(f, x=1.0)
    text = str(info.value)
    assert text.endswith(message)
    assert "test_api_tracing_advice.py, line" in text  # the line it was written on
    assert "float()" not in text  # not the implementation's words


def test_a_math_function_numpy_does_not_trace_lists_what_does():
    with pytest.raises(ga.TraceError) as info:
        ga.trace(lambda x: math.erf(x), x=1.0)
    assert "math.erf cannot be traced: math works on plain numbers (traceable numpy functions: np.absolute" in str(
        info.value
    )


def test_a_math_function_inside_a_longer_expression_is_the_one_named():
    def f(x):
        return np.sin(x) * math.cos(x)

    with pytest.raises(ga.TraceError, match=r"math\.cos cannot be traced: use np\.cos$"):
        ga.trace(f, x=1.0)


def test_a_greek_name_before_the_call_on_its_line_still_names_it():
    def f(θ):
        return 2 * θ + math.cos(θ)  # (θ is two bytes: the call's columns count bytes)

    def g(φ):
        return np.sin(φ) * math.exp(  # (a call over two lines)
            φ,
        )

    with pytest.raises(ga.TraceError, match=r"math\.cos cannot be traced: use np\.cos$"):
        ga.trace(f, θ=1.0)
    with pytest.raises(ga.TraceError, match=r"math\.exp cannot be traced: use np\.exp$"):
        ga.trace(g, φ=1.0)


def test_float_written_by_the_user_is_still_said_as_float():
    with pytest.raises(ga.TraceError, match=r"float\(\) of a traced value cannot be traced"):
        ga.trace(lambda x: float(x) * 2, x=1.0)


def test_np_maximum_with_0_points_to_relu():
    with pytest.raises(ga.TraceError) as info:
        ga.trace(lambda x: np.maximum(x, 0), x=1.0)
    assert "np.maximum cannot be traced: for np.maximum(x, 0) use ga.relu(x)" in str(info.value)
    g = ga.trace(lambda x: ga.relu(x), x=-1.0)  # what it points to traces
    assert g.value == 0.0
