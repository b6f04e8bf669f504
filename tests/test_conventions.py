"""Numerator / denominator layout presentation: shapes, labels and equations."""

from __future__ import annotations

import numpy as np
import pytest

from graphviz_app.core import conventions as cv
from graphviz_app.core import entry_names, number_text
from graphviz_app.core.ops import get_op


def test_dims_and_matrix_text():
    assert cv.dims(()) == "1"
    assert cv.dims((3,)) == "3"
    assert cv.dims((3, 2)) == "(3×2)"
    assert cv.matrix_text((3,), (3, 2)) == "3×(3×2)"


def test_vector_gradient_is_row_or_column():
    g = np.array([1.0, 2.0, 3.0])
    num = cv.gradient(g, (3,), cv.NUMERATOR, out_label="L", node_label="u")
    den = cv.gradient(g, (3,), cv.DENOMINATOR, out_label="L", node_label="u")
    assert num.matrix.shape == (1, 3) and num.shape_text == "1×3"
    assert den.matrix.shape == (3, 1) and den.shape_text == "3×1"
    assert num.col_labels == ["u₁", "u₂", "u₃"] and den.row_labels == ["u₁", "u₂", "u₃"]
    np.testing.assert_array_equal(num.matrix.ravel(), g)
    assert cv.gradient_label("L", "u", (3,), cv.NUMERATOR) == "∂L/∂u  1×3"
    assert cv.gradient_label("L", "u", (3,), cv.DENOMINATOR) == "∂L/∂u  3×1"


def test_matrix_gradient_numerator_is_transposed():
    """Seed 001: numerator a∇h is m×n for W of shape n×m; denominator ∇h aᵀ has W's shape."""
    G = np.arange(6.0).reshape(3, 2)
    num = cv.gradient(G, (3, 2), cv.NUMERATOR, out_label="h", node_label="W")
    den = cv.gradient(G, (3, 2), cv.DENOMINATOR, out_label="h", node_label="W")
    np.testing.assert_array_equal(num.matrix, G.T)
    np.testing.assert_array_equal(den.matrix, G)
    assert (num.shape_text, den.shape_text) == ("2×3", "3×2")
    assert num.row_labels == ["W·₁", "W·₂"] and num.col_labels == ["W₁·", "W₂·", "W₃·"]


def test_full_jacobian_gradient_layouts():
    J = np.arange(6.0).reshape(2, 3)  # output (2,), node (3,)
    num = cv.gradient(J, (3,), cv.NUMERATOR, out_shape=(2,), out_label="y", node_label="x")
    den = cv.gradient(J, (3,), cv.DENOMINATOR, out_shape=(2,), out_label="y", node_label="x")
    np.testing.assert_array_equal(num.matrix, J)
    np.testing.assert_array_equal(den.matrix, J.T)
    assert num.shape_text == "2×3" and den.shape_text == "3×2"
    assert num.row_labels == ["y₁", "y₂"]


def test_entries_of_a_name_ending_in_a_subscript_are_bracketed():
    assert entry_names.index_labels("matmul₂", (2,)) == ["(matmul₂)₁", "(matmul₂)₂"]
    assert entry_names.index_labels("add₁₂", (1, 2)) == ["(add₁₂)₁₁", "(add₁₂)₁₂"]
    # a plain digit too: x2₁ would read as x₂₁ on a projector
    assert entry_names.index_labels("x2", (2,)) == ["(x2)₁", "(x2)₂"]
    assert entry_names.index_labels("matmul₂", ()) == ["matmul₂"]


def test_third_order_jacobian_flattened_with_multi_index_labels():
    a = np.array([0.5, -2.0])
    J = np.einsum("ki,j->kij", np.eye(3), a)  # ∂(Wa)/∂W = δₖᵢ aⱼ
    num = cv.jacobian(J, (3,), (3, 2), cv.NUMERATOR, "z", "W")
    assert num.matrix.shape == (3, 6) and num.shape_text == "3×(3×2)"
    assert num.col_labels == ["W₁₁", "W₁₂", "W₂₁", "W₂₂", "W₃₁", "W₃₂"]
    assert num.row_labels == ["z₁", "z₂", "z₃"]
    assert num.matrix[1, 2] == a[0] and num.matrix[1, 3] == a[1] and num.matrix[0, 2] == 0
    den = cv.jacobian(J, (3,), (3, 2), cv.DENOMINATOR, "z", "W")
    assert den.shape_text == "(3×2)×3"
    np.testing.assert_array_equal(den.matrix, num.matrix.T)
    assert "order 3" in num.caption


def test_large_indices_use_parentheses():
    assert entry_names.index_label("W", (0, 11)) == "W(1,12)"
    assert entry_names.index_label("z", (11,)) == "z₁₂"
    assert entry_names.index_label("s", ()) == "s"


def test_shape_equations():
    assert cv.shape_equation((3,), (2,), cv.NUMERATOR) == "(1×3)·(3×2) = (1×2)"
    assert cv.shape_equation((3,), (2,), cv.DENOMINATOR) == "(2×3)·(3×1) = (2×1)"
    # a product multiplies flattened matrices: their sizes, then how a matrix variable's result is shown
    assert cv.shape_equation((3,), (3, 2), cv.NUMERATOR) == "(1×3)·(3×6) = (1×6)"
    assert cv.shape_equation((3,), (3, 2), cv.DENOMINATOR) == "(6×3)·(3×1) = (6×1)"
    assert cv.shape_equation((2, 4), (3, 4), cv.NUMERATOR) == "(1×8)·(8×12) = (1×12)"
    assert cv.shown_as((3, 2), cv.NUMERATOR) == "shown as 2×3"
    assert cv.shown_as((3, 2), cv.DENOMINATOR) == "shown as 3×2"
    assert cv.shown_as((3,), cv.NUMERATOR) == "" and cv.shown_as((3, 2), cv.NUMERATOR, lead_shape=(5,)) == ""
    assert cv.tangent_equation((3,), (3, 2), cv.NUMERATOR) == "(3×6)·(6×1) = (3×1)"
    assert cv.shape_equation((4,), (2,), cv.NUMERATOR, lead_shape=(5,)) == "(5×4)·(4×2) = (5×2)"
    assert cv.tangent_equation((3,), (2,), cv.NUMERATOR) == "(3×2)·(2×1) = (3×1)"
    assert cv.tangent_equation((3,), (2,), cv.DENOMINATOR) == "(1×2)·(2×3) = (1×3)"


def test_names_short_text_and_unknown_layout():
    assert cv.symbol("L", "θ") == "∂L/∂θ" and cv.symbol("L", "phi") == "∂L/∂phi"  # labels as cards show them
    assert cv.convention_name(cv.NUMERATOR).startswith("Numerator layout")
    assert "Jᵀ" in cv.convention_explanation(cv.DENOMINATOR)
    assert number_text.short(np.array(2.5)) == "2.5"
    assert number_text.short(np.array([1.0, -2.0, 3.0, 4.0, 5.0])) == "[1, −2, 3, 4, …]"
    with pytest.raises(ValueError):
        cv.check("sideways")


def test_rows_and_columns_of_a_matrix_named_with_a_subscript_are_bracketed():
    G = np.arange(6.0).reshape(3, 2)
    num = cv.gradient(G, (3, 2), cv.NUMERATOR, out_label="L", node_label="add₂₀₀")
    assert num.col_labels == ["(add₂₀₀)₁·", "(add₂₀₀)₂·", "(add₂₀₀)₃·"]
    assert num.row_labels == ["(add₂₀₀)·₁", "(add₂₀₀)·₂"]
    den = cv.gradient(G, (3, 2), cv.DENOMINATOR, out_label="L", node_label="W2")
    assert den.row_labels == ["(W2)₁·", "(W2)₂·", "(W2)₃·"]  # W2₁· would run the name into the index


def test_every_ops_structure_is_written_for_the_transpose_the_denominator_layout_shows():
    """Walk 21: "1ᵀ (a row of ones), transposed" for a column of ones. Each op's structure text, for
    the registry's sample shapes, written as the transpose: no "a row" said of a column."""
    from graphviz_app.core.ops.registry import all_ops

    expected = {
        "1ᵀ (a row of ones)": "1 (a column of ones)",
        "1ᵀ/n": "1/n",
        "2xᵀ (a row)": "2x (a column)",
        "xᵀ (a row)": "x (a column)",
        "A (the matrix itself)": "Aᵀ (the matrix transposed)",
        "Wᵀ (the matrix itself)": "W (the matrix transposed)",
        "transpose(W)(x) (the matrix itself)": "transpose(W)(x)ᵀ (the matrix transposed)",
        "diag(1 − tanh² x)": "diag(1 − tanh² x)",
        "−I": "−I",
        "−2(A − x)ᵀ": "−2(A − x)",
        "column of ones (scalar broadcast)": "row of ones (scalar broadcast)",
        "1₄ ⊗ I₃ (x repeated over 4 rows)": "1₄ᵀ ⊗ I₃ (x repeated over 4 rows)",
        "δᵢₖ xₗⱼ, i.e. I ⊗ xᵀ": "δᵢₖ xₗⱼ, i.e. I ⊗ xᵀ, transposed",  # (an index form: said, not rewritten)
        "diag(A)(1₄ ⊗ I₃) (x repeated over 4 rows)": "diag(A)(1₄ ⊗ I₃) (x repeated over 4 rows), transposed",
    }
    for text, shown in expected.items():
        assert cv.transposed_structure(text) == shown, text
    # walk 21: "transpose(W)ᵀ" for the transpose of an unnamed transpose card (W.T @ z): the graph
    # says which operand a transpose card computes, and of what
    plain = {"transpose(W)": "W"}
    assert cv.transposed_structure("transpose(W) (the matrix itself)", plain) == "W (the matrix transposed)"
    # ops whose texts the rules cannot rewrite write their transposes themselves
    softmax, xent = get_op("softmax"), get_op("softmax_xent")
    assert softmax.transposed_structures([(3,)], {}, ["z"]) == ["diag(s) − s sᵀ"]  # (symmetric)
    assert softmax.transposed_structures([(4, 3)], {}, ["z"]) == softmax.structures([(4, 3)], {}, ["z"])
    assert xent.transposed_structures([(4, 3), (4, 3)], {}, ["z", "y"])[1] == "a column: −(log sᵣ)/4 for each row r"
    rng = np.random.default_rng(0)
    for op in all_ops():
        for case in op.sample_inputs(rng):
            names = ["A", "x", "y"][: op.arity] if op.arity > 1 else ["x"]
            shapes = [np.shape(v) for v in case]
            for text, shown in zip(op.structures(shapes, {}, names), op.transposed_structures(shapes, {}, names)):
                assert "a row" not in shown and not shown.startswith("column "), (op.name, text, shown)
                assert shown.count(", transposed") <= 1 and "ᵀ), transposed" not in shown, (op.name, text, shown)


@pytest.mark.parametrize("expression", ["sum(transpose(W) @ z)", "sum(transpose(W) @ z + transpose(V) @ z)"])
def test_the_transpose_of_a_transpose_cards_output_is_the_matrix_it_transposes(expression):
    """Review 22: with two transpose cards, matmul₁'s ∂/∂(transpose₁(W)) is "transpose₁(W) (the
    matrix itself)", and its transpose read "transpose₁(W)ᵀ": it is W (the graph says what each
    transpose card transposes, whatever its card is called)."""
    from graphviz_app.core.backward_trace import backward
    from graphviz_app.core.expr import parse_expression

    shapes = {"W": (3, 2), "z": (3,)} | ({"V": (3, 2)} if "V" in expression else {})
    graph = parse_expression(expression, shapes=shapes)
    shown = {
        inp.structure: inp.transposed_structure
        for step in backward(graph).steps
        for inp in step.inputs
        if inp.structure.endswith("(the matrix itself)")
    }
    if "V" in expression:
        assert shown == {
            "transpose₁(W) (the matrix itself)": "W (the matrix transposed)",
            "transpose₂(V) (the matrix itself)": "V (the matrix transposed)",
        }
    else:
        assert shown == {"transpose(W) (the matrix itself)": "W (the matrix transposed)"}
