"""Tab search and the palette filter know the everyday words and keyboard symbols for the ops
("multiply", "times", "plus", "minus", "*", "matrix multiply"), declared with each op (OpDef's
search_words); a word or symbol typed exactly ranks its op first ("+" adds add, not sigmoid)."""

import pytest
from PySide6.QtCore import Qt
from ui.quick_add_helpers import keys_only, open_quick_add, tab_add

from graphviz_app.core.ops import all_ops
from graphviz_app.ui.catalog import catalog, search
from graphviz_app.ui.palette import PaletteDock

EVERYDAY = [
    ("multiply", "mul"),
    ("times", "mul"),
    ("*", "mul"),
    ("plus", "add"),
    ("+", "add"),
    ("minus", "sub"),
    ("-", "sub"),
    ("divide", "div"),
    ("/", "div"),
    ("matrix multiply", "matmul"),
    ("@", "matmul"),
    ("x^2", "square"),
    ("^", "pow"),
    ("ln", "log"),
    ("mse", "sqerr"),
    ("cross entropy", "softmax_xent"),
    ("average", "mean"),
    ("reciprocal", "pow"),
    ("inverse", "pow"),
    ("1/x", "pow"),
]


@pytest.fixture
def window(window, qtbot):
    yield from keys_only(window, qtbot)


@pytest.mark.parametrize("typed, op", EVERYDAY)
def test_tab_then_an_everyday_word_then_enter_adds_its_op(window, qtbot, typed, op):
    new = tab_add(window, qtbot, typed)
    assert window.graph.node(new).op == op


def test_the_popup_lists_what_a_word_finds_best_first(window, qtbot):
    popup = open_quick_add(window, qtbot)
    qtbot.keyClicks(popup.search_edit, "+")
    shown = [e.title for e in popup.visible_entries()]
    assert shown[0] == "add" and "sigmoid" in shown  # (sigmoid's 1/(1 + e⁻ᵘ) still lists it, after)
    popup.search_edit.clear()
    qtbot.keyClicks(popup.search_edit, "multiply")
    assert [e.title for e in popup.visible_entries()] == ["mul", "matmul"]
    qtbot.keyClick(popup.search_edit, Qt.Key.Key_Escape)


def test_one_over_x_offers_the_power_then_the_quotient(window, qtbot):
    popup = open_quick_add(window, qtbot)
    qtbot.keyClicks(popup.search_edit, "1/x")
    assert [e.title for e in popup.visible_entries()] == ["pow", "div"]  # (pow with p = -1, or 1 / x)
    qtbot.keyClick(popup.search_edit, Qt.Key.Key_Escape)


@pytest.mark.parametrize(
    "typed, op", [("times", "mul"), ("minus", "sub"), ("matrix multiply", "matmul"), ("inverse", "pow")]
)
def test_the_palette_filter_finds_everyday_words_and_enter_adds_the_best(qtbot, typed, op):
    dock = PaletteDock()
    qtbot.addWidget(dock)
    dock.resize(300, 700)
    dock.show()
    qtbot.keyClicks(dock.filter_edit, typed)
    assert op in [e.op for e in dock.visible_entries()]
    with qtbot.waitSignal(dock.activated) as got:
        qtbot.keyClick(dock.filter_edit, Qt.Key_Return)
    assert got.args == ["op", op]


def test_every_declared_search_word_finds_its_op():
    """A word declared with an op finds it; typed exactly, among the ops sharing it, first."""
    entries = catalog()
    for op in all_ops():
        for word in op.search_words:
            found = [e.op for e in search(entries, word)]
            assert op.name in found, (op.name, word)
            sharing = [o.name for o in all_ops() if word.lower() in (w.lower() for w in o.search_words)]
            assert found[0] in sharing or found[0] is None, (op.name, word, found)
