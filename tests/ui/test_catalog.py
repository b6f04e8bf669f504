"""The catalog lists the input kinds and every registered op, without importing sympy."""

import subprocess
import sys
from pathlib import Path

import pytest

from graphviz_app.core.ops import all_ops, get_op, use_registry
from graphviz_app.core.ops.base import OpDef
from graphviz_app.ui import catalog as cat


def test_every_op_and_both_input_kinds_are_listed():
    entries = cat.catalog()
    ops = {e.op for e in entries if e.kind == "op"}
    assert ops == {op.name for op in all_ops()}
    assert [e.kind for e in entries[:2]] == ["variable", "constant"]
    matmul = cat.find("op", "matmul")
    assert (matmul.category, matmul.symbol, matmul.ports, matmul.arity) == ("linear algebra", "@", ("A", "B"), 2)
    assert cat.find("variable", None).arity == 0


def test_groups_follow_the_category_order():
    groups = [name for name, _ in cat.grouped(cat.catalog())]
    assert groups == ["inputs", "elementwise", "linear algebra", "reductions", "losses"]
    entries = cat.catalog()
    order = [cat.CATEGORY_ORDER.index(e.category) for e in entries]
    assert order == sorted(order)


def test_filter_matches_title_name_category_and_description_case_insensitively():
    entries = cat.catalog()
    assert {e.op for e in cat.search(entries, "MATMUL")} == {"matmul"}
    assert {e.op for e in cat.search(entries, "losses")} == {"sqerr", "softmax_xent"}
    assert "tanh" in {e.op for e in cat.search(entries, "hyperbolic")}
    assert cat.search(entries, "no such thing") == []
    assert len(cat.search(entries, "  ")) == len(entries)
    # the exact name ranks first even when other entries match too
    assert cat.search(entries, "sum")[0].op == "sum"
    # and the symbols the entries show find them too
    assert "square" in {e.op for e in cat.search(entries, "x²")}
    assert "matmul" in {e.op for e in cat.search(entries, "@")}


def test_a_newly_registered_op_appears():
    square = get_op("square")
    extra = OpDef(
        name="cube_test",
        category="elementwise",
        symbol="x³",
        inputs=("u",),
        description="Cube u³ (test op)",
        shape=square.shape,
        forward=lambda xs, p: xs[0] ** 3,
        vjp=lambda g, xs, out, p: [3 * g * xs[0] ** 2],
    )
    with use_registry() as registry:
        registry.register(extra)
        entry = cat.find("op", "cube_test")
        assert entry.category == "elementwise" and entry.symbol == "x³"
        assert "Cube u³" in cat.tooltip_html(entry)
    with pytest.raises(KeyError):
        cat.find("op", "cube_test")


def test_shape_examples_state_the_shape_rule():
    lines = cat.shape_examples(get_op("matmul"))
    assert (((2, 3), (3, 2)), (2, 2)) in lines
    assert (((2, 3), (3,)), (2,)) in lines
    assert all(out == () for _, out in cat.shape_examples(get_op("sum")))
    tip = cat.tooltip_html(cat.find("op", "add"))
    assert "a ℝ³, b ℝ³ → ℝ³" in tip and "a ℝ, b ℝ³ → ℝ³" in tip


def test_elementwise_binary_ops_show_a_vector_broadcast_over_a_matrix():
    for op in ("add", "sub", "mul", "div"):
        tip = cat.tooltip_html(cat.find("op", op))
        assert "a ℝ²ˣ³, b ℝ³ → ℝ²ˣ³" in tip, op  # (a bias over the rows of a matrix)
        assert "a ℝ³, b ℝ²ˣ³" not in tip  # the same shapes swapped say nothing new
    shapes = [s for s, _out in cat.shape_examples(get_op("sin"))]
    assert shapes == [((),), ((3,),), ((2, 3),)]  # one operand: no broadcast to show


def test_tooltip_formulas_only_on_request():
    tip = cat.tooltip_html(cat.find("op", "sin"), with_formulas=True)
    assert "Derivative" in tip and "cos(u)" in tip
    assert "Derivative" not in cat.tooltip_html(cat.find("op", "sin"))
    assert "matrix" in cat.tooltip_html(cat.find("variable", None))


def test_building_the_catalog_does_not_import_sympy():
    code = (
        "import sys\n"
        "from graphviz_app.ui.catalog import catalog, tooltip_html\n"
        "[tooltip_html(e) for e in catalog()]\n"
        "print('sympy' in sys.modules)\n"
    )
    out = subprocess.run(
        [sys.executable, "-c", code],
        capture_output=True,
        text=True,
        check=True,
        cwd=Path(__file__).resolve().parents[2],
    )
    assert out.stdout.strip() == "False"


def test_entry_colours():
    assert cat.find("op", "sqerr").color == cat.CATEGORY_COLORS["losses"] == cat.CARD_COLORS["losses"]
    assert cat.find("constant", None).color == cat.CONSTANT_COLOR == cat.CARD_COLORS["constant"]
    assert cat.find("variable", None).color == cat.CARD_COLORS["variable"]
    with pytest.raises(KeyError):
        cat.find("op", "nope")


def test_cards_and_palette_share_one_table_of_colours():
    from PySide6.QtGui import QColor

    from graphviz_app.ui.canvas.theme import DARK, LIGHT

    for key, colour in cat.CARD_COLORS.items():
        assert LIGHT.category_colour(key) == QColor(colour)
        assert DARK.category_colour(key) == QColor(colour).lighter(115)  # the dark theme lightens them
    assert set(cat.CATEGORY_COLORS) == set(cat.CATEGORY_ORDER)
