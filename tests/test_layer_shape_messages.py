"""Shape messages of a network's layers, X @ W + b: the same words through the Python API and the
command line, each operand named as its card shows it, a bias offered per column before per row,
the weight that sets a product's width named beside the bias, and W @ W answered with both
products that fit."""

import numpy as np
import pytest

import graphviz_app as ga
from graphviz_app.cli import main

B, D, H, C = 4, 3, 5, 3
RNG = np.random.default_rng(0)
VALUES = dict(
    X=RNG.normal(size=(B, D)),
    W1=RNG.normal(size=(D, H)),
    b1=RNG.normal(size=(H,)),
    W2=RNG.normal(size=(H, C)),
    b2=RNG.normal(size=(C,)),
    Y=np.eye(C)[[0, 2, 1, 0]],
)
MLP = "softmax_xent(tanh(X @ W1 + b1) @ W2 + b2, Y)"


def mlp(W1, b1, W2, b2, X, Y):
    h = np.tanh(X @ W1 + b1)
    logits = h @ W2 + b2
    return ga.softmax_xent(logits, Y)


def traced_problem(**changed) -> str:
    with pytest.raises(ga.ShapeError) as info:
        ga.trace(mlp, constants=("X", "Y"), **{**VALUES, **changed})
    return str(info.value)


def cli_problem(capsys, **changed) -> str:
    values = {**VALUES, **changed}
    sets = [arg for name, value in values.items() for arg in ("--set", f"{name}={value.tolist()}")]
    assert main(["grad", "--expr", MLP, *sets]) == 2
    (line,) = capsys.readouterr().err.splitlines()
    return line


def test_an_unnamed_product_is_named_as_the_cli_names_it_in_code_order(capsys):
    b1 = np.ones(4)
    traced, cli = traced_problem(b1=b1), cli_problem(capsys, b1=b1)
    assert "): add: matmul(X, W1) ℝ⁴ˣ⁵ + b1 ℝ⁴: shapes do not broadcast" in traced
    assert "(matmul of" not in traced  # (read as W1 @ X: the very confusion being hunted)
    # the window's and grad's graph is whole: the card is matmul₁ (a traced function stops at its first matmul)
    assert cli.startswith("error: add₁: matmul₁(X, W1) ℝ⁴ˣ⁵ + b1 ℝ⁴: shapes do not broadcast")
    assert "broadcast with matmul₁; or, if b1 ℝ⁴ is right, W1 must be ℝ³ˣ⁴ (matmul₁ has W1's 5 columns)" in cli
    assert traced.split("): add: ", 1)[1] == cli.split("add₁: ", 1)[1].replace("matmul₁", "matmul")


def test_a_long_unnamed_result_is_named_as_its_card(capsys):
    labels = np.array([0, 2, 1, 0.0])
    traced = traced_problem(Y=labels)
    assert (
        "softmax_xent(add₂(matmul₂, b2) ℝ⁴ˣ³, Y ℝ⁴): logits and target shapes differ — Y must be ℝ⁴ˣ³ like add₂ "
        in traced
    )


def test_a_bias_of_the_batchs_length_is_offered_per_column_first(capsys):
    # b1 ℝ⁴ with 4 examples: a per-example bias (ℝ⁴ˣ¹) is the wrong model, so it comes second
    traced = traced_problem(b1=np.ones(4))
    assert " — b1 must be ℝ⁵ (one entry per column), ℝ⁴ˣ¹ (one per row), ℝ⁴ˣ⁵ or a scalar" in traced


def test_a_product_too_wide_names_its_weight_beside_the_bias():
    # W2 ℝ⁵ˣ⁴ for 3 classes: b2 ℝ³ is right, and making it ℝ⁴ would only fail against Y; a traced
    # function stops before Y is used, so both fixes are named
    traced = traced_problem(W2=RNG.normal(size=(H, C + 1)))
    assert "add: matmul₂(tanh, W2) ℝ⁴ˣ⁴ + b2 ℝ³: shapes do not broadcast" in traced
    assert traced.endswith(
        " — b2 must be ℝ⁴ (one entry per column), ℝ⁴ˣ¹ (one per row), ℝ⁴ˣ⁴ or a scalar to broadcast with "
        "matmul₂; or, if b2 ℝ³ is right, W2 must be ℝ⁵ˣ³ (matmul₂ has W2's 4 columns)"
    )


def test_where_the_result_feeds_a_target_of_the_bias_width_the_weight_is_named_alone(capsys):
    # the whole graph is known: softmax_xent with Y ℝ⁴ˣ³ takes 3 columns, so b2 ℝ⁴ would fail there
    cli = cli_problem(capsys, W2=RNG.normal(size=(H, C + 1)))
    assert cli.startswith("error: add₂: matmul₂(tanh, W2) ℝ⁴ˣ⁴ + b2 ℝ³: shapes do not broadcast")
    assert cli.endswith(" — W2 must be ℝ⁵ˣ³ (matmul₂ has W2's 4 columns): softmax_xent takes 3 columns, as b2 ℝ³ has")


def test_where_nothing_further_decides_both_fixes_are_named(capsys):
    cli = cli_problem(capsys, b1=np.ones(4))  # (tanh takes any width)
    assert cli.endswith("; or, if b1 ℝ⁴ is right, W1 must be ℝ³ˣ⁴ (matmul₁ has W1's 5 columns)")


def test_the_weight_named_fits():
    # following the second fix makes the whole network evaluate
    g = ga.trace(mlp, constants=("X", "Y"), **{**VALUES, "W2": RNG.normal(size=(H, C))})
    assert np.isfinite(g.value)


def test_a_bias_column_gets_no_weight_advice():
    # b1 ℝ⁵ˣ¹: a column broadcasts with any width, so no W1 would make it fit
    traced = traced_problem(b1=np.ones((H, 1)))
    assert traced.endswith(
        " — b1 must be ℝ⁵ (one entry per column), ℝ⁴ˣ¹ (one per row), ℝ⁴ˣ⁵ or a scalar to broadcast with matmul"
    )


def test_w_at_w_names_both_products_that_fit(capsys):
    with pytest.raises(ga.ShapeError) as info:
        ga.trace(lambda W: (W @ W).sum(), W=np.ones((3, 2)))
    assert str(info.value).endswith(
        "matmul: W ℝ³ˣ² @ W ℝ³ˣ²: inner sizes 2 and 3 differ — write W.T @ W (ℝ²ˣ²) or W @ W.T (ℝ³ˣ³)"
    )
    assert main(["grad", "--expr", "sum(W @ W)", "--set", "W=[[1,2],[3,4],[5,6]]"]) == 2
    assert capsys.readouterr().err.endswith(" — write W.T @ W (ℝ²ˣ²) or W @ W.T (ℝ³ˣ³)\n")
    for fixed in ("W.T @ W", "W @ W.T"):  # each as written works
        assert main(["grad", "--expr", f"sum({fixed})", "--set", "W=[[1,2],[3,4],[5,6]]", "--json"]) == 0
        capsys.readouterr()
    assert ga.trace(lambda W: W.T @ W, W=np.ones((3, 2))).value.shape == (2, 2)  # of the sizes said
    assert ga.trace(lambda W: W @ W.T, W=np.ones((3, 2))).value.shape == (3, 3)
