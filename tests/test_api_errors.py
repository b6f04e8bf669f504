"""Bad input from Python: ga.TraceError and ga.ShapeError (both ga.Error) naming the function,
the line, the parameter, the op and the shapes; never a numpy traceback from deep inside."""

import json
import re
import warnings

import numpy as np
import pytest
from api_helpers import needs_ops

import graphviz_app as ga
from graphviz_app.core.errors import UserError


def test_the_error_classes():
    assert issubclass(ga.TraceError, ga.Error)
    assert issubclass(ga.ShapeError, ga.Error)
    assert issubclass(ga.Error, UserError)


def branchy(x):
    if x > 0:  # the line the message must quote
        return x
    return -x


@needs_ops("neg")
def test_an_if_on_a_traced_value_names_the_function_and_line():
    with pytest.raises(ga.TraceError) as info:
        ga.trace(branchy, x=1.0)
    message = str(info.value)
    assert "branchy" in message
    assert f"test_api_errors.py, line {branchy.__code__.co_firstlineno + 1}" in message
    assert "if x > 0:" in message
    assert "comparing a traced value" in message
    assert "cannot branch on a value (for max(x, 0) use ga.relu" in message


def test_indexing_is_refused_with_the_line():
    def first(v):
        return v[0] * 2.0

    with pytest.raises(
        ga.TraceError, match=r"first \(test_api_errors\.py, line \d+: return v\[0\] \* 2\.0\): indexing"
    ):
        ga.trace(first, v=np.ones(3))


def test_an_error_inside_a_generator_expression_names_the_traced_function_not_genexpr():
    def total(a):
        return sum(a[i] for i in range(3))

    line = total.__code__.co_firstlineno + 1
    with pytest.raises(ga.TraceError) as info:
        ga.trace(total, a=np.ones(3))
    assert str(info.value).startswith(
        f"total (test_api_errors.py, line {line}: return sum(a[i] for i in range(3))): indexing"
    )
    with pytest.raises(ga.TraceError, match=r"^<lambda> \(test_api_errors\.py, line \d+: .*\): indexing"):
        ga.trace(lambda a: sum(a[i] for i in range(3)), a=np.ones(3))

    def listed(a):
        return sum([a[i] for i in range(3)])

    with pytest.raises(ga.TraceError, match=r"^listed \(test_api_errors\.py"):  # (a list comprehension too)
        ga.trace(listed, a=np.ones(3))


def test_np_linalg_inv_is_refused_by_name():
    def f(A):
        return np.sum(np.linalg.inv(A))

    with pytest.raises(ga.TraceError) as info:
        ga.trace(f, A=np.eye(2))
    assert "np.linalg.inv cannot be traced" in str(info.value)
    assert "return np.sum(np.linalg.inv(A))" in str(info.value)


def test_an_untraceable_ufunc_and_numpy_options_are_refused():
    with pytest.raises(ga.TraceError, match="np.maximum cannot be traced"):
        ga.trace(lambda x: np.maximum(x, 0.0), x=1.0)
    with pytest.raises(ga.TraceError, match=r"np.sum\(axis=0\) cannot be traced"):
        ga.trace(lambda X: np.sum(X, axis=0), X=np.ones((2, 2)))


def test_float_of_a_traced_value_is_refused():
    with pytest.raises(ga.TraceError, match="float\\(\\) of a traced value"):
        ga.trace(lambda x: float(x) * 2, x=1.0)


@needs_ops("pow")
def test_a_traced_exponent_is_refused_in_words_of_the_operator_written():
    """(not of the op's parameter p, which the user never wrote)"""
    for power, written in ((lambda x, y: x**y, r"\*\*"), (lambda x, y: np.power(x, y), r"np\.power")):
        with pytest.raises(ga.TraceError, match=f"{written} cannot be traced: the exponent must be a number") as e:
            ga.trace(power, x=2.0, y=3.0)
        assert "traced p" not in str(e.value)
    with pytest.raises(ga.TraceError, match=r"\*\* cannot be traced: the exponent must be a number, as in x\*\*2"):
        ga.trace(lambda x: 2.0**x, x=2.0)


@needs_ops("pow")
def test_numpy_power_with_a_number_is_pow_with_that_exponent():
    g = ga.trace(lambda x: np.power(x, 3) + x**-0.5, x=4.0)
    assert g.value == pytest.approx(64.5)
    assert g.gradients["x"] == pytest.approx(3 * 16 - 0.5 * 4**-1.5)


@needs_ops("matmul", "sub")
def test_shapes_that_do_not_fit_name_the_op_the_parameters_and_the_shapes():
    def loss(theta, Phi, y):
        e = y - Phi @ theta
        return np.sum(e**2)

    with pytest.raises(ga.ShapeError) as info:
        ga.trace(loss, theta=np.ones(3), Phi=np.ones((4, 2)), y=np.ones(4))
    message = str(info.value)
    assert "loss (test_api_errors.py, line" in message
    assert "e = y - Phi @ theta" in message
    assert message.endswith(  # each shape once, then the fix; names as the cards show them (theta: θ)
        ": matmul: Φ ℝ⁴ˣ² @ θ ℝ³: inner sizes 2 and 3 differ — θ must be ℝ² to match Φ's 2 columns (or Φ ℝ⁴ˣ³)"
    )


@needs_ops("add")
def test_a_mismatch_deeper_in_names_the_unnamed_result_as_the_engine_writes_it():
    with pytest.raises(ga.ShapeError, match=r"\): add\(a, b\) ℝ³ \+ c ℝ²: shapes do not broadcast"):
        ga.trace(lambda a, b, c: (a + b) + c, a=np.ones(3), b=np.ones(3), c=np.ones(2))


def test_values_of_three_dimensions_name_the_parameter():
    with pytest.raises(ga.ShapeError, match=r'the value of "X" has shape ℝ²ˣ²ˣ²'):
        ga.trace(lambda X: X, X=np.ones((2, 2, 2)))


def test_a_value_that_is_not_numeric_names_the_parameter():
    with pytest.raises(ga.Error, match=r'the value of "x" must be a number or an array of numbers, not str'):
        ga.trace(lambda x: x, x="one")


def test_none_is_refused_not_read_as_nan():
    with pytest.raises(ga.TraceError, match=r"a constant must be a number or an array of numbers, not None"):
        ga.trace(lambda x: np.sum(x + None), x=np.array([1.0, 2.0]))
    with pytest.raises(
        ga.Error, match=r'the value of "x" must be a number or an array of numbers, not one holding None'
    ):
        ga.trace(lambda x: np.sum(x), x=[1.0, None])


@needs_ops("sum")
def test_gradients_of_a_non_scalar_output_say_what_to_use():
    g = ga.trace(lambda x: np.sin(x), x=np.ones(3))
    with pytest.raises(ga.ShapeError, match=r'the output "sin" has shape ℝ³: gradients need a scalar output'):
        g.gradients  # noqa: B018
    assert g.jacobians["x"].shape == (3, 3)


@needs_ops("mul", "sum")
def test_a_global_array_named_like_a_parameter_is_a_clash():
    with pytest.raises(ga.TraceError, match=r'same name as the parameter "y" of _clash_f: rename one of them'):
        ga.trace(_clash_f, x=np.ones(3), y=1.0)


y = np.arange(3.0)


def _helper(x):
    return x * y  # the global y


def _clash_f(x, y):
    return np.sum(_helper(x)) + y


def test_constants_that_are_not_parameters_and_missing_values():
    def f(x, W):
        return W @ x

    with pytest.raises(ga.TraceError, match=r'constants names "w", which is not a parameter of f\(x, W\)'):
        ga.trace(f, x=np.ones(2), W=np.eye(2), constants=("w",))
    with pytest.raises(ga.TraceError, match=r"f\(x, W\): missing a required argument: 'W'"):
        ga.trace(f, x=np.ones(2))
    with pytest.raises(ga.TraceError, match=r"got an unexpected keyword argument 'z'"):
        ga.trace(f, x=np.ones(2), W=np.eye(2), z=1.0)


def test_results_that_are_not_traced_values():
    with pytest.raises(ga.TraceError, match="returns a tuple: return one value"):
        ga.trace(lambda x: (x, x), x=1.0)
    with pytest.raises(ga.TraceError, match="which is not computed from its parameters"):
        ga.trace(lambda x: 3.0, x=1.0)


def dense_layer_written_with_star(W, x, b):
    return W * x + b


def star_of_two_matrices(W, X):
    return W * X


AT_HINT = " — W × {0} is element-wise: write W @ {0} for a matrix product"


@needs_ops("mul", "add")
def test_a_traced_star_where_at_fits_says_to_write_at_as_the_engine_does():
    W, x, b = np.ones((3, 2)), np.ones(2), np.ones(3)
    with pytest.raises(ga.ShapeError) as traced:
        ga.trace(dense_layer_written_with_star, W=W, x=x, b=b)
    assert str(traced.value).startswith("dense_layer_written_with_star (test_api_errors.py, line ")
    assert ": return W * x + b): add: mul(W, x) ℝ³ˣ² + b ℝ³: shapes do not broadcast" in str(traced.value)
    assert str(traced.value).endswith(AT_HINT.format("x"))
    g = ga.Graph()  # the same words for the same graph built by hand
    product = g.op("mul", g.variable("W", W), g.variable("x", x))
    with pytest.raises(ga.ShapeError) as built:
        g.op("add", product, g.variable("b", b))
    assert str(built.value).endswith(AT_HINT.format("x"))


@needs_ops("mul")
def test_a_traced_star_of_matrices_that_only_multiply_says_to_write_at():
    with pytest.raises(ga.ShapeError) as info:
        ga.trace(star_of_two_matrices, W=np.ones((3, 2)), X=np.ones((2, 4)))
    assert ": return W * X): mul: W ℝ³ˣ² × X ℝ²ˣ⁴: shapes do not broadcast" in str(info.value)
    assert str(info.value).endswith(AT_HINT.format("X"))


@needs_ops("mul", "add")
def test_a_traced_star_where_at_does_not_fit_either_keeps_the_broadcast_fix():
    with pytest.raises(ga.ShapeError) as info:
        ga.trace(dense_layer_written_with_star, W=np.ones((3, 2)), x=np.ones(4), b=np.ones(3))
    assert "@" not in str(info.value) and "must be" in str(info.value)


def test_hand_built_graph_errors():
    g = ga.Graph()
    x = g.variable("x", np.ones(3))
    A = g.constant(np.ones((2, 2)), name="A")
    with pytest.raises(ga.ShapeError, match="matmul: A ℝ²ˣ² @ x ℝ³: inner sizes 2 and 3 differ"):
        g.op("matmul", A, x)
    assert len(g.core) == 2  # the refused op is not left behind
    with pytest.raises(ga.Error, match='unknown op "matmull"'):
        g.op("matmull", A, x)
    with pytest.raises(ga.Error, match=r"sin takes 1 input \(u\), got 2"):
        g.op("sin", x, x)
    with pytest.raises(ga.Error, match='no node named "z"'):
        g.op("sin", "z")
    with pytest.raises(ga.Error, match='the name "x" is already used'):
        g.variable("x", 2.0)
    with pytest.raises(ga.Error, match="step 7 is out of range: the backward pass has"):
        g.op("sum", x)
        g.to_latex(step=7)
    with pytest.raises(ga.Error, match='layout must be "numerator" or "denominator"'):
        g.to_latex(layout="rows")


def test_ga_functions_on_plain_arrays_check_shapes():
    with pytest.raises(
        ga.ShapeError,
        match=r"^ga.sqerr\(pred ℝ³, target ℝ²\): prediction and target shapes differ — target must be ℝ³ like pred$",
    ):
        ga.sqerr(np.ones(3), np.ones(2))
    with pytest.raises(ga.Error, match=r"ga.sigmoid takes 1 argument \(u\), got 2"):
        ga.sigmoid(1.0, 2.0)


def test_array_methods_with_options_are_refused_by_name():
    with pytest.raises(ga.TraceError, match=r"np.sum\(axis=1\) cannot be traced"):
        ga.trace(lambda X: X.sum(axis=1), X=np.ones((2, 2)))
    with pytest.raises(ga.TraceError, match=r"np.sum with 2 arguments cannot be traced \(it takes 1\)"):
        ga.trace(lambda X: X.sum(0), X=np.ones((2, 2)))
    with pytest.raises(ga.TraceError, match=r"iterating over a traced value"):
        ga.trace(lambda v: sum(x for x in v), v=np.ones(3))


@pytest.mark.parametrize("value", [1j, 1 + 2j, np.complex128(3), [1.0, 2j], np.array([[1, 2], [3, 4]], dtype=complex)])
def test_complex_numbers_are_refused_not_made_real(value):
    said = "must be a real number or an array of real numbers, not complex"
    g = ga.Graph()
    with warnings.catch_warnings():
        warnings.simplefilter("error")  # (no ComplexWarning from numpy either)
        for make in (lambda: g.variable("x", value), lambda: g.constant(value), lambda: ga.sigmoid(value)):
            with pytest.raises(ga.Error, match=said):
                make()
        with pytest.raises(ga.Error, match=f'^the value of "x" {said}$'):
            ga.trace(lambda x: x * x, x=value)
        with pytest.raises(ga.TraceError, match=f"a constant {said}"):
            ga.trace(lambda x: x * value, x=1.0)
    assert g.names == []


@pytest.mark.parametrize(
    "value, said",
    [
        (True, "true is not a number"),
        (np.False_, "false is not a number"),
        ([True, 1.0], "true at [0] is not a number"),
        ([[1.0, 2.0], [3.0, False]], "false at [1][1] is not a number"),
        (np.array([True, False]), "true at [0] is not a number"),
    ],
)
def test_booleans_are_refused_as_files_and_set_refuse_them(value, said, capsys):
    g = ga.Graph()
    for make in (lambda: g.variable("x", value), lambda: g.constant(value), lambda: ga.trace(lambda x: x * x, x=value)):
        with pytest.raises(ga.Error) as refused:
            make()
        assert str(refused.value).endswith(said)
    assert g.names == []
    with pytest.raises(ga.Error, match=re.escape(said)):
        ga.sigmoid(value)
    from graphviz_app.cli import main

    written = json.dumps(value.tolist() if isinstance(value, np.ndarray) else value, default=bool)
    assert main(["grad", "--expr", "sin(x)", "--set", f"x={written}"]) == 2
    assert capsys.readouterr().err.strip() == f"error: --set x: {said}"
