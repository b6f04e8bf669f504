"""Mistakes in an expression never end in a traceback: the window and `grad --expr` get one message
(exit 2); notation in a comment is not read."""

import pytest

from graphviz_app.cli import main
from graphviz_app.core.errors import ExpressionError
from graphviz_app.core.expr import parse_expression

_NOT_A_CALL = "only functions called by name are allowed, such as sin(x)"


@pytest.mark.parametrize(
    "text, message",
    [
        ("x*(y+1)()", f"column 3: {_NOT_A_CALL}"),
        ("x-(2)()", f"column 3: {_NOT_A_CALL}"),
        ("x*(a+b)(c, d)", f"column 3: {_NOT_A_CALL}"),
        ("x^" * 1000 + "2", "column"),
        ("e^" * 1200 + "x", "column"),
        ("(" * 1200 + "x" + ")" * 1200, "column"),
    ],
)
def test_a_bad_expression_gets_a_message_and_grad_exits_with_one_error_line(capsys, text, message):
    with pytest.raises(ExpressionError) as info:
        parse_expression(text)
    assert message in str(info.value)
    assert main(["grad", "--expr", text, "--set", "x=1"]) == 2
    out, err = capsys.readouterr()
    assert out == "" and len(err.splitlines()) == 1 and err.startswith("error: ")


def test_a_one_number_product_of_brackets_still_gets_its_advice():
    with pytest.raises(ExpressionError, match=r'"x\*\(y\+1\)\(z\)": write x\*\(y\+1\)\*\(z\) for a product'):
        parse_expression("x*(y+1)(z)")


@pytest.mark.parametrize("text", ["x  # see e^2x", "x # cos²(t) is the power", "x + 1  # |x| or ‖x‖² or xᵀAx"])
def test_notation_inside_a_comment_is_not_read(text):
    graph = parse_expression(text)
    assert sorted(n.name or n.op for n in graph.nodes() if n.kind != "constant") in (["x"], ["add", "x"])


def test_a_number_written_with_underscores_gets_no_advice_that_repeats_it():
    with pytest.raises(ExpressionError, match="^column 3: a number is written wrongly$"):
        parse_expression("1_0x")


@pytest.mark.parametrize(
    "text, message",
    [
        ("{x)", 'column 3: ")" cannot close the "{" opened before it'),
        ("0b12", "column 4: a number is written wrongly"),
        ("(*x)", 'column 2: "*" cannot stand before an operand here (*unpacking is not allowed)'),
        ("x\\y", 'column 3: the character "\\" cannot be typed in an expression'),
        ("x\n  + 1", "line 2, column 2: a line cannot begin with spaces here: put the whole expression in brackets"),
    ],
)
def test_pythons_own_messages_are_said_in_plain_words(text, message):
    with pytest.raises(ExpressionError) as info:
        parse_expression(text)
    assert str(info.value).startswith(message)
