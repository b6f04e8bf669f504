"""Maths as a calculus student writes it: superscript powers, x^2, e^x, 2x, 3x²y and ln(x) are read
as what they mean; what maths reads two ways (sin x, x y, sin²x, e^2x) and f(x) = ... are answered
with what to write, in the user's own operands, and that advice is itself accepted."""

import re
from dataclasses import replace

import numpy as np
import pytest

from graphviz_app.core import engine
from graphviz_app.core.errors import ExpressionError
from graphviz_app.core.expr import parse_expression
from graphviz_app.core.ops import all_ops
from graphviz_app.core.ops.registry import Registry


def _message(text: str) -> str:
    with pytest.raises(ExpressionError) as info:
        parse_expression(text)
    return str(info.value)


@pytest.mark.parametrize(
    "typed, python",
    [
        ("x²", "x**2"),
        ("x³ + y", "x**3 + y"),
        ("(a + b)²", "(a + b)**2"),
        ("x⁻¹", "x**-1"),
        ("sin(x)² * x¹⁰", "sin(x)**2 * x**10"),
    ],
)
def test_superscript_powers_are_read_as_powers(typed, python):
    values = {"x": 1.3, "y": 0.4, "a": 0.2, "b": 0.9}
    typed_graph = parse_expression(typed, values={k: v for k, v in values.items() if k in typed})
    python_graph = parse_expression(python, values={k: v for k, v in values.items() if k in python})
    assert [(n.op, n.params) for n in typed_graph.nodes()] == [(n.op, n.params) for n in python_graph.nodes()]
    assert np.isclose(engine.evaluate(typed_graph).values[typed_graph.output], eval(python, {"sin": np.sin}, values))


def test_a_column_after_rewritten_notation_names_the_character_as_typed():
    # x² is read as x**2, e^x as exp(x), 2x as 2*x: the column still counts what was typed
    assert _message("x² + sin y") == 'column 10: "sin y": write sin(y) (a function takes its input in brackets)'
    assert _message("e^x + 2x + ln x").startswith('column 15: "ln x": write ln(x)')
    assert _message("e^{-x} + x ** y").startswith("column 15: the exponent must be a number")


@pytest.mark.parametrize(
    "text, advice",
    [
        ("x² y", "column 4: two names side by side (x² y): write x² @ y or x² * y"),
        ("W² x", "column 4: two names side by side (W² x): write W² @ x or W² * x"),
        ("(x+1)² y", "column 8: two names side by side ((x+1)² y): write (x+1)² @ y or (x+1)² * y"),
        ("x²³ y", "column 5: two names side by side (x²³ y): write x²³ @ y or x²³ * y"),
        ("sin x²", 'column 5: "sin x²": write sin(x²) (a function takes its input in brackets)'),
    ],
)
def test_advice_after_a_superscript_power_quotes_the_operands_as_typed(text, advice):
    # (Python reads x² y as x**2 y: advice in its words, "2 y": write 2*y, would change the maths)
    assert _message(text).endswith(advice)


def test_a_subscript_digit_in_a_name_says_names_use_plain_digits():
    assert _message("W₁ + x") == 'column 2: "₁" cannot be typed in a name: names use plain digits (1)'


@pytest.mark.parametrize(
    "typed, python",
    [
        ("x^2 + sin(x)", "x**2 + sin(x)"),
        ("(x + 1)^3", "(x + 1)**3"),
        ("sin(x)^2", "sin(x)**2"),
        ("x^-1", "x**-1"),
        ("x^{2}·y", "x**2*y"),
        ("e^x", "exp(x)"),
        ("e^{-x}", "exp(-x)"),
        ("e^(2x) + 1", "exp(2*x) + 1"),
        ("e^x²", "exp(x**2)"),
        ("e^x^2", "exp(x**2)"),
        ("e^(x)^2", "exp(x**2)"),  # (a tower groups to the right, brackets or not)
        ("e^{x}^2", "exp(x**2)"),
        ("e^(x)²", "exp(x**2)"),
        ("e^{-x}^2", "exp((-x)**2)"),
        ("xᵀ * y", "x.T * y"),
        ("(x + y)ᵀ", "(x + y).T"),
        ("2e^x", "2*exp(x)"),
        ("e^sin(x)", "exp(sin(x))"),
        ("2x + 1", "2*x + 1"),
        ("x² + 2x", "x**2 + 2*x"),
        ("3x²y", "3*x**2*y"),
        ("sin(3.5y)", "sin(3.5*y)"),
        ("2(x+1)", "2*(x+1)"),
        ("x²(y+1)", "x**2*(y+1)"),
        ("(x+1)²(x-1)", "(x+1)**2*(x-1)"),
        ("2(x·y)", "2*(x*y)"),
        ("ln(x)", "log(x)"),
        ("2 * ln(x)", "2 * log(x)"),
        ("logistic(x) × multiply(x, y)", "sigmoid(x) * mul(x, y)"),
    ],
)
def test_unambiguous_maths_notation_builds_the_graph_of_what_it_means(typed, python):
    values = {"x": 0.7, "y": 1.3}
    typed_graph = parse_expression(typed, values={k: v for k, v in values.items() if k in typed})
    python_graph = parse_expression(python, values={k: v for k, v in values.items() if k in python})
    assert sorted((n.kind, n.op or "", str(n.params)) for n in typed_graph.nodes()) == sorted(
        (n.kind, n.op or "", str(n.params)) for n in python_graph.nodes()
    )
    result = engine.evaluate(typed_graph).values[typed_graph.output]
    assert np.isclose(result, engine.evaluate(python_graph).values[python_graph.output])


def test_e_is_still_a_variable_where_no_power_of_e_is_written():
    graph = parse_expression("e + 2e")
    assert sorted(n.op or n.name for n in graph.nodes() if n.kind != "constant") == ["add", "e", "mul"]


@pytest.mark.parametrize("text, column", [("e + e^x", 1), ("e^x - e", 7), ("x*e^(-x) + e", 12), ("(e^{x}\n* e)", 3)])
def test_e_as_eulers_number_and_as_a_variable_in_one_expression_is_refused(text, column):
    # (e^x is exp(x); the card e would get a guessed value, not 2.718)
    where = f"line 2, column {column}" if "\n" in text else f"column {column}"
    assert _message(text) == (
        f'{where}: "e" is Euler\'s number in e^x but a variable here: write exp(1) for the number e, '
        "or give the variable another name"
    )


@pytest.mark.parametrize(
    "text, message",
    [
        ("sin x", 'column 5: "sin x": write sin(x) (a function takes its input in brackets)'),
        ("tanh z + 1", 'column 6: "tanh z": write tanh(z)'),
        ("f(x) = x**2", "column 6: an equation: write only the right-hand side, x**2"),
        ("y = sin(x) + 1", "column 3: an equation: write only the right-hand side, sin(x) + 1"),
    ],
)
def test_maths_notation_is_answered_with_what_to_write(text, message):
    assert message in _message(text)


@pytest.mark.parametrize(
    "text, message",
    [
        ("pow(x, p=3) 2", 'column 13: "pow(x, p=3) 2": write pow(x, p=3)*2 for a product'),
        ("pow(x, p=3) +* 2", "column 14: the expression cannot be read from here on"),
        ("pow(x, p=3))", "column 12: ')' closes nothing"),
        ("f(x) = pow(x, p=2)", "column 6: an equation: write only the right-hand side, pow(x, p=2)"),
    ],
)
def test_only_an_equals_sign_outside_all_brackets_makes_an_equation(text, message):
    # (p=3 names a parameter of pow: the mistake is elsewhere)
    assert _message(text).startswith(message)


def test_an_unknown_function_is_answered_with_the_nearest_op():
    assert _message("sinn(x)") == 'column 1: unknown function "sinn" (did you mean "sin"?)'


@pytest.mark.parametrize("text, name", [("Sin(x)", "sin"), ("Log(x)", "log"), ("Ln(x)", "ln"), ("LN(x)", "ln")])
def test_functions_are_spelled_as_declared_aliases_included(text, name):
    # (one rule for op names and their aliases, as for variables: X is not x)
    assert _message(text).endswith(f'(did you mean "{name}"?)')


def test_every_alias_names_an_op_that_exists_and_no_two_ops_share_one():
    called = [name.casefold() for op in all_ops() for name in (op.name, *op.aliases)]
    assert len(called) == len(set(called))
    log = next(op for op in all_ops() if op.name == "log")
    with pytest.raises(ValueError, match='the name "LN" already means the op log'):
        Registry([*all_ops(), replace(log, name="ln_again", aliases=("LN",), numpy=())])
    with pytest.raises(ValueError, match='the name "sin" already means the op sin'):
        Registry([*all_ops(), replace(log, name="ln_again", aliases=("sin",), numpy=())])
    with pytest.raises(ValueError, match='the name "ln" already means the op log'):
        Registry([*all_ops(), replace(log, name="ln", aliases=(), numpy=())])


@pytest.mark.parametrize(
    "text, answer",
    [
        ("ln x", 'column 4: "ln x": write ln(x) (a function takes its input in brackets; ln is log)'),
        ("σ x", 'column 3: "σ x": write σ(x) (a function takes its input in brackets; σ is sigmoid)'),
        ("sin²(x)", "column 1: write sin(x)**2 for a power of sin"),
        ("1 + cos²x", "column 5: write cos(x)**2 for a power of cos"),
        ("ln²(2*x)", "column 1: write log(2*x)**2 for a power of ln"),
        ("cos⁻¹(y)", "column 1: there is no inverse function cos⁻¹: for a power write cos(y)**-1"),
        ("sin(x)cos(x)", "column 7: sin(x) and cos(x) side by side: write sin(x)*cos(x) for a product"),
        ("(x+1)(x-1)", 'column 1: "(x+1)(x-1)": write (x+1)*(x-1) for a product'),
        ("(x+1)**(2)(x-1)", 'column 1: "(x+1)**(2)(x-1)": write (x+1)**(2)*(x-1) for a product'),
        ("e^2x", 'column 2: "e^2x": write e^(2x) for e to the power 2x, or e^2*x'),
        ("x^2y", 'column 2: "x^2y": write x^2*y for a product'),
        ("sin^2(x)", 'column 4: "^" cannot be read here: write sin(x)**2 for a power of sin'),
        ("sum^2", 'column 4: "^" cannot be read here: write sum(x)**2 for a power of sum'),
        ("2sin x", 'column 6: "2sin x": write 2*sin(x) (a function takes its input in brackets)'),
        ("3.5 exp", 'column 5: "3.5 exp": write 3.5*exp(x) for a product (exp takes its input in brackets)'),
        ("xe^x", 'column 3: "xe^x": write x*e^x for x times e^x'),
        ("te^{-t} + 1", 'column 3: "te^{-t}": write t*e^{-t} for t times e^{-t}'),
        ("(0.5)x", 'column 6: "(0.5)x": write (0.5)*x for a product'),
        ("2(a)x", 'column 5: "2(a)x": write 2(a)*x for a product'),
        ("2(A)x", 'column 5: "2(A)x": write 2(A) @ x (or * for element-wise)'),
        ("e^(x)y", 'column 6: "(x)y": write (x)*y for a product'),
        ("xᵀAx", 'column 1: "xᵀAx": write x.T @ A @ x (ᵀ is the transpose, written .T; a product is written @ or *)'),
        ("2 + thetaᵀx", 'column 5: "thetaᵀx": write theta.T @ x (ᵀ is the transpose, written .T; a product is'),
        ("xᵀA x", 'column 1: "xᵀA x": write x.T @ A @ x (ᵀ is the transpose'),
        ("(a+b)ᵀc", 'column 1: "(a+b)ᵀc": write (a+b).T @ c (ᵀ is the transpose'),
        ("xᵀ(Ax)", 'column 1: "xᵀ(Ax)": write x.T @ (A @ x) (ᵀ is the transpose'),
        ("xᵀ(A@x)", 'column 1: "xᵀ(A@x)": write x.T @ (A@x) (ᵀ is the transpose'),
        ("Aᵀ(x+y)", 'column 1: "Aᵀ(x+y)": write A.T @ (x+y) (ᵀ is the transpose'),
        ("1 + (a+b)ᵀ(c+d)", 'column 5: "(a+b)ᵀ(c+d)": write (a+b).T @ (c+d) (ᵀ is the transpose'),
        ("vᵀ (W @ v) / 2", 'column 1: "vᵀ (W @ v)": write v.T @ (W @ v) (ᵀ is the transpose'),
        ("xᵀ(A+B)y", 'column 1: "xᵀ(A+B)y": write x.T @ (A+B) @ y (ᵀ is the transpose'),
        ("xᵀA(x+y)", 'column 1: "xᵀA(x+y)": write x.T @ A @ (x+y) (ᵀ is the transpose'),
        ("aᵀ(b+c)ᵀ d", 'column 1: "aᵀ(b+c)ᵀ d": write a.T @ (b+c).T @ d (ᵀ is the transpose'),
        ("(A+Aᵀ)x", 'column 7: "(A+Aᵀ)x": write (A+A.T) @ x (or * for element-wise)'),
        ("‖X‖²_F", 'column 1: "‖X‖²_F": write sqnorm(X) for the squared norm'),
        ("‖X‖_F^2", 'column 1: "‖X‖_F^2": write sqnorm(X) for the squared norm'),
        ("1 + ‖X‖_{F}", 'column 5: "‖X‖_{F}": write sqrt(sqnorm(X)) for the norm'),
        ("‖x‖_Fx", 'column 1: "‖x‖": write sqrt(sqnorm(x)) for the norm (then "_Fx" after it: a product is written'),
        ("‖x‖(y)", 'column 1: "‖x‖": write sqrt(sqnorm(x)) for the norm (then "(y)" after it: a product is'),
        ("||y - Phi theta||^2", 'column 1: "||y - Phi theta||^2": write sqnorm(y - Phi @ theta) for the squared'),
        ("||W a||^2", 'column 1: "||W a||^2": write sqnorm(W @ a) for the squared norm'),
        ("‖W a b‖²", 'column 1: "‖W a b‖²": write sqnorm(W @ a @ b) for the squared norm'),
        ("‖sin x‖²", 'column 1: "‖sin x‖²": write sqnorm(sin(x)) for the squared norm'),
        ("||2 x||^2", 'column 1: "||2 x||^2": write sqnorm(2*x) for the squared norm'),
        ("Aᵀ x", 'column 1: "Aᵀ x": write A.T @ x (ᵀ is the transpose'),
        ("xᵀ A x", 'column 1: "xᵀ A x": write x.T @ A @ x (ᵀ is the transpose'),
        ("(a+b)ᵀ c", 'column 1: "(a+b)ᵀ c": write (a+b).T @ c (ᵀ is the transpose'),
        (
            "||y - Phi @ theta||^2",
            'column 1: "||y - Phi @ theta||^2": write sqnorm(y - Phi @ theta) for the squared norm',
        ),
        ("‖y − Φθ‖²", 'column 1: "‖y - Φθ‖²": write sqnorm(y - Φ @ θ) for the squared norm'),
        ("1 + ||v||", 'column 5: "||v||": write sqrt(sqnorm(v)) for the norm'),
        ("√x", 'column 1: "√x": write sqrt(x) for a square root'),
        ("1 + √(x+1)", 'column 5: "√(x+1)": write sqrt(x+1) for a square root'),
        ("|x|", 'column 1: "|x|": write abs(x) for an absolute value'),
        ("2 |x|", 'column 3: "|x|": write abs(x) for an absolute value'),
        ("sin²2x", "column 1: write sin(2*x)**2 for a power of sin"),
        ("2*|x - y|", 'column 3: "|x - y|": write abs(x - y) for an absolute value'),
    ],
)
def test_more_maths_notation_is_answered_with_a_fix_that_is_itself_accepted(text, answer):
    assert _message(text).startswith(answer)
    answer = _message(text)
    # (the fix ends where the words about it begin; x.T @ (A@x) holds a bracket of its own)
    fixes = re.split(r" for | \((?=ᵀ is|or |a function|\w+ takes)", answer.split("write ")[-1])[0]
    for fix in fixes.split(", or "):
        parse_expression(fix)  # (the advice is never refused in its turn)
    if ", or " in answer:
        parse_expression(answer.split(", or ")[-1])


@pytest.mark.parametrize(
    "typed, python", [("2·x", "2*x"), ("x × y", "x * y"), ("x÷2", "x/2"), ("a·b·c", "a*b*c"), ("x − 2y", "x - 2*y")]
)
def test_the_cards_signs_of_product_and_quotient_are_read(typed, python):
    typed_graph, python_graph = parse_expression(typed), parse_expression(python)
    assert [(n.op, n.kind) for n in typed_graph.nodes()] == [(n.op, n.kind) for n in python_graph.nodes()]


@pytest.mark.parametrize("text", ["|x + |y||", "|x +| y"])
def test_bars_that_are_not_one_absolute_value_get_no_advice(text):
    # (write abs(x +) would be refused in its turn)
    assert "abs(" not in _message(text)


@pytest.mark.parametrize(
    "text, column",
    [("xᵀᵀ", 2), ("sinᵀx", 4), ("x ᵀ", 3), ("sinᵀ(x)", 4)],
)
def test_a_transpose_sign_the_maths_reading_leaves_is_refused_not_read_as_a_name(text, column):
    # (Python reads ᵀ as T: xᵀᵀ would be the variable xT, sinᵀx the variable sinTx)
    assert _message(text) == (
        f"column {column}: ᵀ follows an operand once: write x.T for the transpose of x, x.T @ y for a product"
    )


def test_the_advice_for_a_bracket_before_a_vector_builds_the_matrix_product():
    # (seed 003's (A+Aᵀ)x: * would broadcast to a 3×3 matrix without a word)
    fix = _message("(A+Aᵀ)x").split("write ")[1].split(" (or")[0]
    g = parse_expression(fix, values={"A": [[1, 2, 0], [0, 1, 3], [4, 0, 1]], "x": [1.0, 2.0, 3.0]})
    a, x = np.array([[1, 2, 0], [0, 1, 3], [4, 0, 1]]), np.array([1.0, 2.0, 3.0])
    np.testing.assert_allclose(engine.evaluate(g).values[g.output], (a + a.T) @ x)
    assert _message("(A+B)(x+y)") == 'column 1: "(A+B)(x+y)": write (A+B) @ (x+y) (or * for element-wise)'
    parse_expression("(A+B) @ (x+y)")
    assert _message("(x+1)(x-1)") == 'column 1: "(x+1)(x-1)": write (x+1)*(x-1) for a product'  # (no capital: numbers)


def test_the_palettes_sigmoid_symbol_is_read_as_sigmoid():
    g = parse_expression("σ(x) + 1", values={"x": 0.0})
    assert [n.op for n in g.nodes() if n.kind == "op"] == ["sigmoid", "add"]
    assert float(engine.evaluate(g).values[g.output]) == 1.5


@pytest.mark.parametrize("typed", ["xᵀ(A@x)", "xᵀ(Ax)", "xᵀAx"])
def test_the_advice_for_a_quadratic_form_computes_it(typed):
    # (xᵀ(Ax) as the seeds write it: the bracket is a factor, not the input of a call, and Ax in it
    # is a product of one-letter names)
    fix = _message(typed).split("write ")[1].split(" (ᵀ")[0]
    a, x = np.array([[1.0, 2.0], [0.0, 3.0]]), np.array([1.0, -2.0])
    g = parse_expression(fix, values={"A": a, "x": x})
    np.testing.assert_allclose(engine.evaluate(g).values[g.output], x @ (a @ x))


@pytest.mark.parametrize(
    "text",
    ["‖" + " ".join(["a"] * 2400) + "‖", "xᵀ " + " ".join(["a"] * 2400), "(a)ᵀ" * 1200, "x" * 4000 + "ᵀy"],
)
def test_the_advice_on_a_long_run_quotes_its_ends_not_all_of_it(text):
    message = _message(text)
    assert len(message) < 400
    assert "…" in message


@pytest.mark.parametrize(
    "text, said",
    [
        ("xᵀ(Ax", "column 3: '(' was never closed"),  # (a quadratic form still being typed)
        ("xᵀᵀ + (y", "column 7: '(' was never closed"),  # (the unclosed bracket first: then the ᵀᵀ)
        ("(((xᵀ(y(y", "column 8: '(' was never closed"),
    ],
)
def test_an_unclosed_bracket_after_a_transpose_is_named_not_the_transpose(text, said):
    assert _message(text) == said


@pytest.mark.parametrize(
    "text, said",
    [
        ("xᵀ()", 'column 1: "xᵀ()": the brackets hold nothing to multiply: write x.T'),
        ("1 + Aᵀ( )", 'column 5: "Aᵀ( )": the brackets hold nothing to multiply: write A.T'),
    ],
)
def test_empty_brackets_after_a_transpose_are_no_factor(text, said):
    assert _message(text) == said
    parse_expression(said.split("write ")[1])  # (the advice is accepted)
