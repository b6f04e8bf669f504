"""A vector or matrix output's full Jacobian keeps output size × node size numbers for every array
on the way back: `grad` and `g.backward()` refuse, before allocating, when all of them together
would not fit, even though each one alone would, naming the output and the size."""

import json
import tracemalloc

import numpy as np
import pytest

import graphviz_app as ga
from graphviz_app.cli import main

X = np.ones((40, 40))  # 1,600 entries: 2,560,000 numbers per array, well inside the limit alone


def gradient_of(trace, label):
    return next(step.grad for step in trace.steps if step.label == label)


def chain(x):
    return x + x + x + x + x  # five terms: 12 arrays kept on the way back, 30,720,000 numbers


def test_grad_refuses_a_full_jacobian_too_large_in_all(capsys):
    tracemalloc.start()
    code = main(["grad", "--expr", "x+x+x+x+x", "--set", "x=" + json.dumps(X.tolist())])
    peak = tracemalloc.get_traced_memory()[1]
    tracemalloc.stop()
    out, err = capsys.readouterr()
    assert code == 2 and out == "" and "Traceback" not in err
    assert err.splitlines() == [err.strip()] and err.startswith("error: ")
    assert 'the full Jacobian of "add₄" ℝ⁴⁰ˣ⁴⁰ would hold 30,720,000 numbers in all' in err
    assert "more than 10,000,000" in err and "seed vector" in err
    assert peak < 20_000_000  # refused before the 245 MB were allocated


def test_the_api_backward_pass_refuses_it_too_and_a_seed_vector_still_works():
    g = ga.trace(chain, x=X)
    tracemalloc.start()
    with pytest.raises(ga.ShapeError, match=r"would hold 30,720,000 numbers in all") as info:
        g.backward()
    peak = tracemalloc.get_traced_memory()[1]
    tracemalloc.stop()
    assert f'"{g.output.name}" ℝ⁴⁰ˣ⁴⁰' in str(info.value)
    assert peak < 20_000_000
    trace = g.backward(seed=np.ones((40, 40)))  # a vector-Jacobian product keeps one row per array
    assert np.allclose(gradient_of(trace, "x"), 5.0)


def test_a_full_jacobian_that_fits_in_all_is_computed():
    g = ga.trace(chain, x=np.ones((4, 5)))
    jac = gradient_of(g.backward(), "x")
    assert jac.shape == (4, 5, 4, 5)
    assert np.allclose(jac.reshape(20, 20), 5 * np.eye(20))
