"""A shape problem names the clashing cards as they show them, with their shapes, on every surface."""

from dataclasses import replace

import numpy as np
import pytest
from test_cli import run_error

import graphviz_app as ga
from graphviz_app.core import engine
from graphviz_app.core.errors import ShapeError
from graphviz_app.core.expr import parse_expression
from graphviz_app.core.graph import Graph
from graphviz_app.core.ops import get_op, register, use_registry


def test_the_cli_names_the_operands_of_a_matmul(capsys):
    line = run_error(capsys, "grad", "--expr", "sum(W @ x)", "--set", "W=[[1,2],[3,4],[5,6]]", "--set", "x=[1,2,3]")
    assert line == (
        "error: matmul: W ℝ³ˣ² @ x ℝ³: inner sizes 2 and 3 differ — W looks transposed: its transpose ℝ²ˣ³ fits (or x must be ℝ² to match W's 2 columns)"
    )


def test_the_cli_names_the_logits_and_the_target(capsys):
    line = run_error(
        capsys, "grad", "--expr", "softmax_xent(Z, Y)", "--set", "Z=[[1,2,3],[4,5,6]]", "--set", "Y=[[1,0,0]]"
    )
    assert line == (
        "error: softmax_xent(Z ℝ²ˣ³, Y ℝ¹ˣ³): logits and target shapes differ"
        " — Y must be ℝ²ˣ³ like Z (one-hot rows, one per example)"
    )


def test_unnamed_cards_are_named_as_their_cards_with_their_inputs_once():
    g = parse_expression("sum(sigmoid(W @ x + b))")
    g.set_value(g.find("W"), np.ones((3, 2)))
    g.set_value(g.find("x"), np.ones(2))
    g.set_value(g.find("b"), np.ones(4))
    ev = engine.evaluate(g)
    (problem,) = ev.errors.values()
    assert problem == (
        "add: matmul(W, x) ℝ³ + b ℝ⁴: shapes do not broadcast (sizes 3 and 4 differ; sizes paired from the right must be equal or 1)"
        " — b must be ℝ³ or a scalar to broadcast with matmul"
    )


def test_a_named_card_is_named_alone_never_as_a_function_of_its_inputs():
    # example 07's hidden layer h = tanh(W1 @ x + b1), W2 cut to 3×3: "h(add)" read as h applied to add
    g = parse_expression("sum(W2 @ tanh(W1 @ x + b1))")
    hidden = next(n.id for n in g.nodes() if n.op == "tanh")
    g.rename(hidden, "h")
    for name, value in {"W1": np.ones((4, 3)), "x": np.ones(3), "b1": np.ones(4), "W2": np.ones((3, 3))}.items():
        g.set_value(g.find(name), value)
    (problem,) = engine.evaluate(g).errors.values()
    assert problem.startswith("matmul₂: W2 ℝ³ˣ³ @ h ℝ⁴: inner sizes 3 and 4 differ — h must be ℝ³")


@pytest.mark.parametrize("expression", ["sum(y - W @ x)", "sum(W @ x - y)"])
def test_of_operands_of_equal_rank_the_fix_names_the_variable_not_an_ops_result(expression):
    # the value just set (y) is the likelier culprit than what W @ x computes
    g = parse_expression(expression)
    g.set_value(g.find("W"), np.ones((3, 2)))
    g.set_value(g.find("x"), np.ones(2))
    g.set_value(g.find("y"), np.ones(4))
    (problem,) = engine.evaluate(g).errors.values()
    assert problem.endswith(" — y must be ℝ³ or a scalar to broadcast with matmul")


def test_a_scalar_operand_is_not_mistaken_for_the_start_of_a_longer_shape():
    g = Graph()
    s = g.add_node("variable", name="s", value=2.0)
    v = g.add_node("variable", name="v", value=np.ones(3))
    mm = g.add_node("op", "matmul", name="h")
    g.connect(s, mm, 0)
    g.connect(v, mm, 1)
    assert engine.evaluate(g).errors[mm].startswith('matmul "h": s ℝ @ v ℝ³: ')


def test_an_op_whose_message_does_not_write_the_shapes_gets_them_in_front():
    base = get_op("add")

    def refuse(shapes, params):
        raise ShapeError("these never fit")

    with use_registry():
        register(replace(base, name="picky", shape=refuse, numpy=(), api_name=None, python_operator=None))
        g = Graph()
        a = g.add_node("variable", name="a", value=np.ones(2))
        b = g.add_node("variable", name="b", value=1.0)
        p = g.add_node("op", "picky")
        g.connect(a, p, 0)
        g.connect(b, p, 1)
        assert engine.evaluate(g).errors[p] == "picky: a ℝ² and b ℝ: these never fit"


def test_the_python_api_says_the_same_for_a_hand_built_graph():
    g = ga.Graph()
    x = g.variable("x", np.ones(3))
    W = g.variable("W", np.ones((3, 2)))
    with pytest.raises(ga.ShapeError) as info:
        g.op("matmul", W, x)
    assert str(info.value) == (
        "matmul: W ℝ³ˣ² @ x ℝ³: inner sizes 2 and 3 differ — W looks transposed: its transpose ℝ²ˣ³ fits (or x must be ℝ² to match W's 2 columns)"
    )


def loss_with_a_bad_matmul(x, W):
    return np.sum(W @ x)


def test_a_traced_function_says_it_as_the_engine_does_each_shape_once():
    with pytest.raises(ga.ShapeError) as info:
        ga.trace(loss_with_a_bad_matmul, x=np.ones(3), W=np.ones((3, 2)))
    where = "loss_with_a_bad_matmul (test_shape_messages.py, line "
    assert str(info.value).startswith(where)
    assert str(info.value).endswith(
        ": return np.sum(W @ x)): matmul: W ℝ³ˣ² @ x ℝ³: inner sizes 2 and 3 differ"
        " — W looks transposed: its transpose ℝ²ˣ³ fits (or x must be ℝ² to match W's 2 columns)"
    )


def test_an_unnamed_op_card_is_named_as_what_it_computes_never_bare():
    """'add: sin ℝ³ + y ℝ²' would read as sin applied to something."""
    g = Graph()
    x = g.add_node("variable", name="x", value=np.ones(3))
    y = g.add_node("variable", name="y", value=np.ones(2))
    s = g.add_node("op", "sin")
    g.connect(x, s, 0)
    a = g.add_node("op", "add")
    g.connect(s, a, 0)
    g.connect(y, a, 1)
    assert engine.evaluate(g).errors[a].startswith("add: sin(x) ℝ³ + y ℝ²: shapes do not broadcast")


def _op_error(op: str, a_shape, b_shape, names=("A", "B")) -> str:
    """The window's message for op applied to two variables of these shapes."""
    g = Graph()
    a = g.add_node("variable", name=names[0], value=np.ones(a_shape))
    b = g.add_node("variable", name=names[1], value=np.ones(b_shape))
    node = g.add_node("op", op)
    g.connect(a, node, 0)
    g.connect(b, node, 1)
    return engine.evaluate(g).errors[node]


@pytest.mark.parametrize(
    "a, b, fix",
    [
        ((4, 2), (3,), "B must be ℝ² to match A's 2 columns (or A ℝ⁴ˣ³)"),
        ((3, 2), (3,), "A looks transposed: its transpose ℝ²ˣ³ fits (or B must be ℝ² to match A's 2 columns)"),
        # a vector written before its matrix: the maths' matrix @ vector, swapped
        ((3,), (2, 3), "operands swapped? B @ A fits (or transpose B, or A must be ℝ² to match B's 2 rows)"),
        ((3, 2), (4, 5), "B must be ℝ²ˣ⁵ to match A's 2 columns (or A ℝ³ˣ⁴)"),
        # of two matrices, a slip that resizes nothing first: a transposed operand, right or left, or
        # the operands swapped (resizing a weight matrix would change its layer's width)
        ((8, 5), (4, 5), "B looks transposed: its transpose ℝ⁵ˣ⁴ fits"),
        ((5, 8), (5, 4), "A looks transposed: its transpose ℝ⁸ˣ⁵ fits"),
        ((5, 4), (8, 5), "operands swapped? B @ A fits"),
        # two of one non-square shape (W @ W): either may be the transposed one, each way its own size
        ((3, 2), (3, 2), "write A.T @ B (ℝ²ˣ²) or A @ B.T (ℝ³ˣ³)"),
        ((3, 2), (1, 3), "operands swapped? B @ A fits"),
        ((2, 3), (2, 2), "A looks transposed: its transpose ℝ³ˣ² fits (or B @ A)"),
        ((4,), (3, 2), "A must be ℝ³ to match B's 3 rows (or B ℝ⁴ˣ²)"),
        ((3,), (2,), "B must be ℝ³ to match A's length 3 (or A ℝ²)"),
    ],
)
def test_a_matmul_that_does_not_fit_says_what_would(a, b, fix):
    assert _op_error("matmul", a, b).endswith(" — " + fix)


@pytest.mark.parametrize(
    "a, b, fix",
    [
        ((8, 4), (8,), "b must be ℝ⁸ˣ¹ (one entry per row), ℝ⁴ (one per column), ℝ⁸ˣ⁴ or a scalar to broadcast with a"),
        ((3, 2), (4,), "b must be ℝ² (one entry per column), ℝ³ˣ¹ (one per row), ℝ³ˣ² or a scalar to broadcast with a"),
        ((4,), (3, 2), "a must be ℝ² (one entry per column), ℝ³ˣ¹ (one per row), ℝ³ˣ² or a scalar to broadcast with b"),
        ((2,), (3,), "b must be ℝ² or a scalar to broadcast with a"),
        # a size-1 axis of a: b may keep its own size there, or lie across a column (row) a for an outer sum;
        # no shape twice, none that would not fit
        ((2, 1), (3, 2), "b must be ℝ²ˣ², ℝ²ˣ¹, ℝ², ℝ¹ˣ² or a scalar to broadcast with a"),
        ((1, 3), (2, 2), "b must be ℝ³ (one entry per column), ℝ²ˣ³, ℝ¹ˣ³, ℝ²ˣ¹ or a scalar to broadcast with a"),
        ((3, 1), (2, 2), "b must be ℝ³ˣ², ℝ³ˣ¹, ℝ², ℝ¹ˣ² or a scalar to broadcast with a"),
    ],
)
def test_an_elementwise_op_that_does_not_broadcast_says_which_shapes_would(a, b, fix):
    assert _op_error("add", a, b, names=("a", "b")).endswith(" — " + fix)
    for shape in (s.split(" ")[0] for s in fix.split(" must be ")[1].split(", ")):  # each proposal does fit
        sizes = tuple(int(n) for n in shape.translate(str.maketrans("⁰¹²³⁴⁵⁶⁷⁸⁹", "0123456789")).lstrip("ℝ").split("ˣ"))
        kept = a if fix.startswith("b") else b
        assert get_op("add").shape([kept, sizes], {}) == tuple(np.broadcast_shapes(kept, sizes))


def test_the_cli_and_the_api_give_the_same_fix(capsys):
    line = run_error(
        capsys, "grad", "--expr", "sum(W @ x)", "--set", "W=[[1,2],[3,4],[5,6],[7,8]]", "--set", "x=[1,2,3]"
    )
    g = ga.Graph()
    W = g.variable("W", np.ones((4, 2)))
    x = g.variable("x", np.ones(3))
    with pytest.raises(ga.ShapeError) as info:
        g.op("matmul", W, x)
    fix = "x must be ℝ² to match W's 2 columns (or W ℝ⁴ˣ³)"
    assert line.endswith(" — " + fix)
    assert str(info.value).endswith(" — " + fix)


def test_a_transposed_weight_in_a_traced_layer_is_named_as_transposed_not_resized():
    def layer(X, W):
        return np.sum(np.tanh(X @ W))

    with pytest.raises(ga.ShapeError) as info:
        ga.trace(layer, X=np.ones((8, 5)), W=np.ones((4, 5)), constants=("X",))
    assert str(info.value).endswith(
        "matmul: X ℝ⁸ˣ⁵ @ W ℝ⁴ˣ⁵: inner sizes 5 and 4 differ — W looks transposed: its transpose ℝ⁵ˣ⁴ fits"
    )


def test_weights_before_data_say_the_operands_look_swapped():
    def layer(X, W):
        return np.sum(W @ X)

    with pytest.raises(ga.ShapeError) as info:
        ga.trace(layer, X=np.ones((8, 5)), W=np.ones((5, 4)))
    assert str(info.value).endswith("— operands swapped? X @ W fits")


@pytest.mark.parametrize(
    "op, a, b, fix",
    [
        # logits of one example against a batch of targets: the logits lack the rows (an input upstream
        # given as one example), or the target has too many; both said
        (
            "softmax_xent",
            (3,),
            (8, 3),
            "A has no batch rows while B has 8: A must be ℝ⁸ˣ³, one row per example"
            " (was an input given as one example?), or B ℝ³",
        ),
        (
            "softmax_xent",
            (8, 3),
            (3,),
            "B has no batch rows while A has 8: B must be ℝ⁸ˣ³ (one-hot rows, one per example), or A ℝ³",
        ),
        ("softmax_xent", (8, 3), (3, 8), "B looks transposed: its transpose ℝ⁸ˣ³ fits"),
        ("softmax_xent", (8, 3), (8,), "B must be ℝ⁸ˣ³ like A (one-hot rows, one per example)"),
        (
            "sqerr",
            (4,),
            (8, 4),
            "A has no batch rows while B has 8: A must be ℝ⁸ˣ⁴, one row per example"
            " (was an input given as one example?), or B ℝ⁴",
        ),
        ("sqerr", (8, 3), (3, 8), "B looks transposed: its transpose ℝ⁸ˣ³ fits"),
        ("sqerr", (3,), (2,), "B must be ℝ³ like A"),
    ],
)
def test_a_loss_whose_operands_differ_says_which_lacks_the_batch_rows(op, a, b, fix):
    assert _op_error(op, a, b).endswith(" — " + fix)


def test_a_traced_model_given_one_example_says_the_logits_lack_the_batch_rows():
    def model(X, W, Y):
        return ga.softmax_xent(X @ W, Y)

    with pytest.raises(ga.ShapeError) as info:
        ga.trace(model, X=np.ones(5), W=np.ones((5, 3)), Y=np.eye(3)[[0, 1, 2, 0]], constants=("X", "Y"))
    assert "has no batch rows while Y has 4" in str(info.value)
    assert str(info.value).endswith("(was an input given as one example?), or Y ℝ³")


def test_every_transpose_or_swap_a_matmul_proposes_does_fit():
    matmul = get_op("matmul")
    shapes = [(n,) for n in (2, 3)] + [(n, m) for n in (1, 2, 3) for m in (1, 2, 3)]
    proposed = 0
    for a in shapes:
        for b in shapes:
            try:
                matmul.shape([a, b], {})
                continue
            except ShapeError as exc:
                hint = exc.hint
            fixes = {
                "{1} looks transposed": [a, b[::-1]],
                "transpose {1}": [a, b[::-1]],
                "{0} looks transposed": [a[::-1], b],
                "transpose {0}": [a[::-1], b],
                "{1} @ {0}": [b, a],
            }
            for words, operands in fixes.items():
                if words in hint:
                    proposed += 1
                    matmul.shape(operands, {})  # (raises if the proposal does not fit)
    assert proposed > 20


@pytest.mark.parametrize(
    "expression, message",
    [
        (
            "sum(X @ W.T)",
            "error: matmul: X ℝ²ˣ² @ transpose(W) ℝ³ˣ²: inner sizes 2 and 3 differ — use W instead of W.T: W ℝ²ˣ³ fits",
        ),
        (
            "sum(X @ transpose(W))",
            "error: matmul: X ℝ²ˣ² @ transpose(W) ℝ³ˣ²: inner sizes 2 and 3 differ — use W instead of W.T: W ℝ²ˣ³ fits",
        ),
    ],
)
def test_an_explicit_transpose_that_does_not_fit_is_to_be_dropped_not_transposed_again(capsys, expression, message):
    # "transpose(W) looks transposed … (or transpose(W) @ X)" would send the user to swap operands
    out = run_error(capsys, "grad", "--expr", expression, "--set", "X=[[1,2],[3,4]]", "--set", "W=[[1,0,1],[0,1,1]]")
    assert out == message


def test_a_traced_w_dot_t_that_does_not_fit_says_to_use_w():
    with pytest.raises(ga.ShapeError) as error:
        ga.trace(lambda X, W: np.sum(X @ W.T), X=np.ones((2, 2)), W=np.ones((2, 3)))
    assert str(error.value).endswith(
        "matmul: X ℝ²ˣ² @ transpose(W) ℝ³ˣ²: inner sizes 2 and 3 differ — use W instead of W.T: W ℝ²ˣ³ fits"
    )


@pytest.mark.parametrize(
    "expression, shapes, fix",
    [
        # W·x reads · as the element-wise product: it broadcasts to 3×2, and the sum then fails
        ("W·x + b", {"W": (3, 2), "x": (2,), "b": (3,)}, "add: mul(W, x) ℝ³ˣ² + b ℝ³: shapes do not broadcast"),
        ("W × X", {"W": (3, 2), "X": (2, 4)}, "mul: W ℝ³ˣ² × X ℝ²ˣ⁴: shapes do not broadcast"),
    ],
)
def test_an_element_wise_product_where_a_matrix_product_fits_says_to_write_at(expression, shapes, fix):
    (problem,) = engine.evaluate(parse_expression(expression, shapes=shapes)).errors.values()
    assert problem.startswith(fix)
    name = "X" if "X" in shapes else "x"
    assert problem.endswith(f" — W × {name} is element-wise: write W @ {name} for a matrix product")


@pytest.mark.parametrize(
    "shapes",
    [
        {"W": (3, 2), "x": (4,), "b": (3,)},  # (W @ x does not fit either)
        {"W": (3,), "x": (3,), "b": (2,)},  # (two vectors: element-wise in maths too)
    ],
)
def test_an_element_wise_product_where_no_matrix_product_fits_keeps_the_broadcast_fix(shapes):
    (problem,) = engine.evaluate(parse_expression("W·x + b", shapes=shapes)).errors.values()
    assert "@" not in problem and "must be" in problem


def test_the_cli_says_to_write_at_for_a_matrix_product(capsys):
    line = run_error(
        capsys, "grad", "--expr", "W·x + b", "--set", "W=[[1,2],[3,4],[5,6]]", "--set", "x=[1,2]", "--set", "b=[1,2,3]"
    )
    assert line.endswith("— W × x is element-wise: write W @ x for a matrix product")


def test_a_matrix_typed_as_a_vector_is_advised_as_the_matrix_it_holds(capsys):
    """W's six numbers typed on one line (ℝ⁶ for ℝ²ˣ³): following "a must be ℝ⁶" would silently make
    h(Wa) a dot product, so the matrix comes first."""
    line = run_error(capsys, "grad", "--expr", "sum(tanh(W @ a))", "--set", "W=[1,2,3,4,5,6]", "--set", "a=[1,2,-1]")
    assert line == (
        "error: matmul: W ℝ⁶ @ a ℝ³: inner sizes 6 and 3 differ — W is a vector: as a matrix ℝ²ˣ³ it fits"
        " (or a must be ℝ⁶ to match W's length 6, or W ℝ³)"
    )


def test_one_column_is_said_in_the_singular(capsys):
    line = run_error(capsys, "grad", "--expr", "sum(tanh(W @ a))", "--set", "W=[[1],[2],[3]]", "--set", "a=[1,2,3]")
    assert line.endswith("(or a must be ℝ¹ to match W's 1 column)")
