"""Shapes as people type them for New from Expression ("X 8×5, W 5×4, b 4"), and the graph they
give: the stated shapes kept, the others guessed around them."""

import numpy as np
import pytest

from graphviz_app.core import engine
from graphviz_app.core.errors import ExpressionError
from graphviz_app.core.expr import parse_expression
from graphviz_app.core.shape_text import read_shapes


def test_shapes_are_read_in_every_spelling_people_type():
    assert read_shapes("X 8×5, W: 5x4; b 4\nc scalar, d ℝ³ˣ², e ℝ, θ=3, f 2*2, g ()") == {
        "X": (8, 5),
        "W": (5, 4),
        "b": (4,),
        "c": (),
        "d": (3, 2),
        "e": (),
        "θ": (3,),
        "f": (2, 2),
        "g": (),
    }
    assert read_shapes("") == {} and read_shapes(" , ;") == {}


def test_shapes_are_read_without_commas_and_as_numpy_writes_them():
    assert read_shapes("X 8x5 W 5x4 b 4") == {"X": (8, 5), "W": (5, 4), "b": (4,)}
    assert read_shapes("X (8,5), W (5, 4), b (4,), c (), d [3, 2]") == {
        "X": (8, 5),
        "W": (5, 4),
        "b": (4,),
        "c": (),
        "d": (3, 2),
    }
    assert read_shapes("X (8, 5) W 5 × 4\nc scalar d 3") == {"X": (8, 5), "W": (5, 4), "c": (), "d": (3,)}


def test_a_name_x_after_a_size_is_a_name_never_a_times_sign():
    # the letter x is "×" only touching two sizes (5x4); x and X are this app's commonest names
    assert read_shapes("W 5x4 X 8x5") == {"W": (5, 4), "X": (8, 5)}
    assert read_shapes("W 5×4 x 3 b 4") == {"W": (5, 4), "x": (3,), "b": (4,)}
    assert read_shapes("b 4 x 3x2") == {"b": (4,), "x": (3, 2)}
    assert read_shapes("b 4 x3 2") == {"b": (4,), "x3": (2,)}
    assert read_shapes("b ℝ⁴ x 3, c (4,) X 2") == {"b": (4,), "x": (3,), "c": (4,), "X": (2,)}
    assert read_shapes("b 4 × 3") == read_shapes("b 4 * 3") == read_shapes("b 4x3") == {"b": (4, 3)}


@pytest.mark.parametrize("text, x", [("b 4 x 3", "x"), ("b 4 X 3, c 2", "X")])
def test_a_lone_x_between_two_sizes_is_refused_saying_how_to_write_either_meaning(text, x):
    # b a 4×3 matrix, or b ℝ⁴ and a variable x ℝ³? a guess would set a shape nobody meant
    with pytest.raises(ExpressionError) as error:
        read_shapes(text)
    assert str(error.value) == (
        f'shapes: "b 4 {x} 3": is {x} a name or "×"? write  b 4, {x} 3  for two entries or  b 4×3  for a matrix'
    )


@pytest.mark.parametrize("text, entry", [("W 5×4, x 3 x 2", "x 3 x 2"), ("x 2, b 4 x 3", "b 4 x 3")])
def test_a_lone_x_that_would_name_a_shape_twice_offers_only_the_matrix(text, entry):
    name, size, _, other = entry.split()
    with pytest.raises(ExpressionError) as error:
        read_shapes(text)
    assert (
        str(error.value)
        == f'shapes: "{entry}": write  {name} {size}×{other}  for a matrix (a second x would give x twice)'
    )


@pytest.mark.parametrize(
    "text, message",
    [
        ("X", '"X" has no shape'),
        ("8 X", '"8 X" is not a name and a shape'),
        ("X 3×", "write a vector's length or a matrix's rows×columns"),
        ("X 3×2×4", "write a vector's length or a matrix's rows×columns"),
        ("X (2, 3, 4)", "write a vector's length or a matrix's rows×columns (values are scalars, vectors or matrices"),
        ("X (8, 5", "\"X (8, 5\": write a vector's length or a matrix's rows×columns"),
        ("X (a, b)", "write a vector's length or a matrix's rows×columns"),
        ("X 3x", '"X 3x": write a vector\'s length'),
        ("X 8x5 W", '"W" has no shape'),
        ("X 3.5", '"X 3.5": write a vector\'s length'),
        ("X 0", "sizes are at least 1"),
        ("X 3, X 4", '"X" is given twice'),
        ("X 100000x100000", "would hold 10,000,000,000 numbers; the limit is 1,000,000"),
    ],
)
def test_a_shape_that_cannot_be_read_says_which_and_why(text, message):
    with pytest.raises(ExpressionError, match="^shapes: .*" + message.replace("(", r"\(").replace("*", r"\*")):
        read_shapes(text)


def test_a_batched_layer_gets_the_stated_shapes_and_guesses_the_rest_around_them():
    graph = parse_expression(
        "softmax_xent(relu(X @ W1 + b1) @ W2 + b2, Y)", shapes=read_shapes("X 8×5, W1 5×4, b1 4, W2 4×3, b2 3")
    )
    shapes = {v.name: v.value.shape for v in graph.nodes() if v.is_input}
    assert shapes == {"X": (8, 5), "W1": (5, 4), "b1": (4,), "W2": (4, 3), "b2": (3,), "Y": (8, 3)}
    evaluation = engine.evaluate(graph)
    assert not evaluation.errors
    assert np.all(np.isfinite(evaluation.values[graph.output]))
    assert len({v.value.tobytes() for v in graph.variables() if v.name in ("W1", "W2")}) == 2  # (not all alike)


def test_a_shape_for_a_name_not_in_the_expression_or_beside_a_value_is_refused():
    with pytest.raises(ExpressionError, match=r'^there is no variable "Q" in the expression \(its variables: x\)$'):
        parse_expression("sin(x)", shapes={"Q": (3,)})
    with pytest.raises(ExpressionError, match='^"x" is given both a value and a shape$'):
        parse_expression("sin(x)", values={"x": 1.0}, shapes={"x": (3,)})


def test_a_greek_name_spelled_out_or_written_as_its_letter_is_the_same_variable():
    """Phi in the Shapes means the expression's Φ (and θ its theta), as the cards show them."""
    graph = parse_expression("sqnorm(y - Φ @ θ)", shapes={"Phi": (3, 2)})
    assert {v.name: v.value.shape for v in graph.variables()} == {"y": (3,), "Φ": (3, 2), "θ": (2,)}
    graph = parse_expression("x * theta", values={"θ": 2.0})
    assert graph.node(graph.find("theta")).value == 2.0
    with pytest.raises(ExpressionError, match=r'^there is no variable "phi" in the expression \(did you mean "Φ"\?\)$'):
        parse_expression("sqnorm(y - Φ @ θ)", shapes={"phi": (3, 2)})
    with pytest.raises(ExpressionError, match='^"Phi" and "Φ" name the same variable: give it once$'):
        parse_expression("sqnorm(y - Φ @ θ)", shapes={"Phi": (3, 2), "Φ": (3, 2)})


MLP = "softmax_xent(tanh(X @ W1 + b1) @ W2 + b2, Y)"


def test_a_bias_added_to_a_product_is_guessed_as_the_row_of_its_columns():
    graph = parse_expression(MLP, shapes=read_shapes("X 8×5, W1 5×4, W2 4×3, Y 8×3"))
    shapes = {v.name: v.value.shape for v in graph.nodes() if v.is_input}
    assert shapes["b1"] == (4,) and shapes["b2"] == (3,)
    assert not engine.evaluate(graph).errors
    # with nothing typed, W1 feeds the left of @ (through + and tanh), so it is a matrix too
    graph = parse_expression(MLP, shapes=read_shapes("W2 4x3"))
    shapes = {v.name: v.value.shape for v in graph.nodes() if v.is_input}
    assert len(shapes["W1"]) == 2 and shapes["b1"] == (4,) and shapes["b2"] == (3,)


@pytest.mark.parametrize("typed", ["X 8×5, W2 4x3, Y 8x4", "W2 4x3, Y 8x4", "X 8×5, Y 8×4, W2 4x3"])
def test_typed_shapes_that_clash_are_named_not_the_guesses_around_them(typed):
    graph = parse_expression(MLP, shapes=read_shapes(typed))
    stated = read_shapes(typed)
    assert {v.name: v.value.shape for v in graph.nodes() if v.is_input and v.name in stated} == stated
    errors = list(engine.evaluate(graph).errors.values())
    assert len(errors) == 1
    assert errors[0].startswith(
        "softmax_xent(add₂(matmul₂, b2) ℝ⁸ˣ³, Y ℝ⁸ˣ⁴): logits and target shapes differ — Y must be ℝ⁸ˣ³ like add₂"
    )


def test_a_typed_bias_of_the_wrong_length_is_blamed_and_the_other_bias_still_guessed():
    graph = parse_expression(MLP, shapes=read_shapes("X 8×5, W1 5×4, b1 3, W2 4×3, Y 8×3"))
    assert graph.node(graph.find("b2")).value.shape == (3,)
    (error,) = engine.evaluate(graph).errors.values()
    assert error.startswith("add₁: matmul₁(X, W1) ℝ⁸ˣ⁴ + b1 ℝ³") and "b1 must be ℝ⁴" in error


@pytest.mark.parametrize(
    "text, typed, guessed, output",
    [
        ("W @ x + b", "W 4×3, x 3×1", {"b": (4, 1)}, (4, 1)),
        ("X @ w - y", "X 5×3, w 3×1", {"y": (5, 1)}, (5, 1)),
        ("x - y", "x 5×1", {"y": (5, 1)}, (5, 1)),
        ("X @ w - y", "w 3×1", {"X": (3, 3), "y": (3, 1)}, (3, 1)),
    ],
)
def test_a_guess_beside_a_typed_column_takes_its_shape_not_a_broadcast_to_a_matrix(text, typed, guessed, output):
    """A guessed operand of + − × ÷ takes the shape of its known operand: y beside X @ w (5×1) is
    5×1, not a row 1×3 that would silently make X @ w − y a 5×3 outer difference."""
    graph = parse_expression(text, shapes=read_shapes(typed))
    shapes = {v.name: v.value.shape for v in graph.nodes() if v.is_input}
    assert {name: shapes[name] for name in guessed} == guessed
    evaluation = engine.evaluate(graph)
    assert not evaluation.errors and not evaluation.notes
    assert evaluation.values[graph.output].shape == output
