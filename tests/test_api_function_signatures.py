"""The ga functions of ops show their operands' names (help, a notebook's Shift-Tab), take them as
keywords too, and a misspelt op name in g.op is answered with the op meant."""

import inspect
import pydoc

import numpy as np
import pytest

import graphviz_app as ga


def test_help_shows_the_ops_operand_names_not_star_args():
    assert str(inspect.signature(ga.softmax_xent)) == "(logits, target)"
    assert str(inspect.signature(ga.sqerr)) == "(pred, target)"
    assert str(inspect.signature(ga.sigmoid)) == "(u)"
    assert "softmax_xent(logits, target)" in pydoc.render_doc(ga.softmax_xent, renderer=pydoc.plaintext)


def test_operands_may_be_given_by_name_in_any_order():
    logits, target = np.array([[1.0, 2.0, 3.0], [0.0, 0.0, 1.0]]), np.eye(3)[[2, 0]]
    assert ga.softmax_xent(target=target, logits=logits) == ga.softmax_xent(logits, target)


def traced_loss(Z, Y):
    return ga.softmax_xent(target=Y, logits=Z)


def test_operands_by_name_are_traced_in_port_order():
    Z, Y = np.array([[1.0, 2.0, 3.0]]), np.array([[0.0, 0.0, 1.0]])
    g = ga.trace(traced_loss, Z=Z, Y=Y, constants=("Y",))
    assert g.value == pytest.approx(ga.softmax_xent(Z, Y))
    s = np.exp(Z) / np.exp(Z).sum()
    np.testing.assert_allclose(g.gradients["Z"], s - Y)


@pytest.mark.parametrize(
    "call, message",
    [
        (lambda: ga.softmax_xent(logits=np.ones(3), targt=np.ones(3)), 'ga.softmax_xent has no argument "targt"'),
        (lambda: ga.softmax_xent(logits=np.ones(3)), "missing a required argument: 'target'"),
        (lambda: ga.softmax_xent(np.ones(3), logits=np.ones(3)), "multiple values for argument 'logits'"),
    ],
)
def test_wrong_keywords_are_a_clear_error(call, message):
    with pytest.raises(ga.Error, match=message):
        call()


def test_a_misspelt_op_name_is_answered_with_the_op_meant():
    g = ga.Graph()
    x = g.variable("x", np.ones((2, 2)))
    with pytest.raises(ga.Error, match=r'^unknown op "matmull" \(did you mean "matmul"\?\)$'):
        g.op("matmull", x, x)
    with pytest.raises(ga.Error, match=r'^unknown op "Sigmod" \(did you mean "sigmoid"\?\)$'):
        g.op("Sigmod", x)
    with pytest.raises(ga.Error, match=r'^unknown op "frobnicate"$'):  # nothing close: no guess
        g.op("frobnicate", x)
