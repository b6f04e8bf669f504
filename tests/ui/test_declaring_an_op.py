"""One op, one declaration: an op declared in a test-only registry shows in the palette, the
parser, the card, the inspector, the chain view and the Python API with no other change, and the
registry the program uses is untouched once the test is over. An op declared as a matrix product,
a transpose or with its own function in Python's math module is treated as such with no other change."""

from __future__ import annotations

import dataclasses

import numpy as np
import pytest
from PySide6.QtCore import Qt

from graphviz_app.core import engine, fileformat, gradient_check
from graphviz_app.core.errors import ExpressionError, GraphError, ShapeError
from graphviz_app.core.expr import parse_expression
from graphviz_app.core.ops import OpDef, Registry, all_ops, get_op, use_registry, wrapped
from graphviz_app.ui.catalog import CARD_COLORS, catalog
from graphviz_app.ui.palette import PaletteDock


def cube() -> OpDef:
    """y = u³ elementwise, declared the way a contributor would: everything in one place."""
    return OpDef(
        name="cube",
        category="elementwise",
        symbol="x³",
        inputs=("u",),
        description="Cube u³ (declared by a test)",
        shape=lambda shapes, p: shapes[0],
        forward=lambda xs, p: np.asarray(xs[0] ** 3, dtype=float),
        vjp=lambda g, xs, out, p: [3.0 * g * xs[0] ** 2],
        structure=lambda shapes, p, names: ["diag(3u²)" if shapes[0] else "3u²"],
        formula=lambda sp, p, shapes, names: [
            ("∂ u^3/∂u", r"\frac{\partial\, u^{3}}{\partial u}", 3 * sp.Symbol("u", real=True) ** 2)
        ],
        readable=lambda port, shapes, names: f"diag(3{wrapped(names[0])}²)" if shapes[0] else f"3{names[0]}²",
        samples=lambda rng: [[rng.normal(size=(3,))]],
        api_name="cube",
        api_summary="u³, elementwise.",
    )


def arctan() -> OpDef:
    """y = arctan u elementwise, which a traced function calls as np.arctan (declared by a test)."""
    return OpDef(
        name="arctan",
        category="elementwise",
        symbol="atan",
        inputs=("u",),
        description="Arc tangent (declared by a test)",
        shape=lambda shapes, p: shapes[0],
        forward=lambda xs, p: np.arctan(xs[0]),
        vjp=lambda g, xs, out, p: [g / (1.0 + xs[0] ** 2)],
        numpy=(np.arctan,),
    )


def remainder() -> OpDef:
    """y = a mod b elementwise, which expressions and traced functions write a % b (declared by a test)."""
    return OpDef(
        name="mod",
        category="elementwise",
        symbol="mod",
        inputs=("a", "b"),
        description="Remainder a mod b (declared by a test)",
        shape=lambda shapes, p: np.broadcast_shapes(*shapes),
        forward=lambda xs, p: np.mod(xs[0], xs[1]),
        vjp=lambda g, xs, out, p: [g, -g * np.floor(xs[0] / xs[1])],
        python_operator="%",
    )


@pytest.fixture
def registry():
    with use_registry() as reg:  # a copy of the built-in ops, plus ours
        reg.register(cube())
        yield reg


def test_a_test_registry_leaves_the_program_registry_untouched():
    with use_registry() as reg:
        reg.register(cube())
        assert get_op("cube").description.startswith("Cube")
        assert len(all_ops()) == len(reg.all())
    assert "cube" not in {op.name for op in all_ops()}
    with pytest.raises(GraphError, match='unknown op "cube"'):
        get_op("cube")
    with pytest.raises(ExpressionError, match='unknown function "cube"'):
        parse_expression("cube(x)")


def test_an_empty_registry_can_be_swapped_in_and_the_previous_one_comes_back():
    before = [op.name for op in all_ops()]
    with use_registry(Registry([cube()])):
        assert [op.name for op in all_ops()] == ["cube"]
        with pytest.raises(ExpressionError, match='unknown function "sin"'):
            parse_expression("sin(x)")
    assert [op.name for op in all_ops()] == before


def test_the_parser_and_the_engine_know_the_op(registry):
    g = parse_expression("cube(x) + 1", {"x": 2.0})
    assert float(engine.evaluate(g).values[g.output]) == 9.0
    assert float(engine.gradients(g)[g.find("x")]) == 12.0
    with pytest.raises(ExpressionError, match=r"cube takes 1 argument \(u\), got 2"):
        parse_expression("cube(x, y)")
    check = gradient_check.gradcheck(parse_expression("sum(cube(x))", {"x": [0.5, -1.5]}))
    assert check.max_rel_error < 1e-6


def test_an_elementwise_op_declared_with_keywords_takes_its_parameters_from_the_parser():
    from graphviz_app.core.ops.elementwise import unary

    with use_registry():
        unary(
            name="scale",
            symbol="k·x",
            description="Scale by a constant k (declared by a test)",
            f=lambda u, p: p["k"] * u,
            df=lambda u, y, p: p["k"] * np.ones_like(u),
            sym=lambda sp, u, p: sp.nsimplify(p["k"]) * u,
            structure="k·I",
            defaults={"k": 1.0},
            shown_symbol=lambda p: f"{p['k']:g}·x",
            param_notes={"k": "the factor k must be a number"},
        )
        g = parse_expression("scale(x, 3)", {"x": 2.0})
        assert float(engine.evaluate(g).values[g.output]) == 6.0
        assert float(engine.gradients(g)[g.find("x")]) == 3.0
        assert get_op("scale").symbol_for(g.node(g.output).params) == "3·x"
        with pytest.raises(ExpressionError, match="column 10: the factor k must be a number"):
            parse_expression("scale(x, y)")


def test_the_palette_lists_and_finds_the_op(qtbot, registry):
    dock = PaletteDock()
    qtbot.addWidget(dock)
    dock.show()
    qtbot.waitExposed(dock)
    entries = {e.op: e for e in dock.visible_entries()}
    assert entries["cube"].category == "elementwise" and entries["cube"].symbol == "x³"
    assert entries["cube"].color == CARD_COLORS["elementwise"]
    qtbot.keyClicks(dock.filter_edit, "cube")
    assert [e.title for e in dock.visible_entries()] == ["cube"]
    with qtbot.waitSignal(dock.activated) as blocker:
        qtbot.keyClick(dock.filter_edit, Qt.Key_Return)
    assert blocker.args == ["op", "cube"]
    assert "cube" in {e.op for e in catalog()}


def test_the_inspector_and_the_chain_view_show_the_op(qtbot, registry, tmp_path):
    from graphviz_app.ui.main_window import MainWindow

    path = tmp_path / "cube.json"
    fileformat.save(graph_of_cube(), path)
    window = MainWindow()
    qtbot.addWidget(window)
    window.resize(1400, 900)
    window.show()
    qtbot.waitExposed(window)
    window.activateWindow()
    window.animation.set_convention("numerator")
    assert window.files.open_path(path, ask=False)
    assert window.graph.node(window.graph.find("y")).op == "cube"
    card = window.scene.node_item(window.graph.find("y"))
    qtbot.waitUntil(lambda: card.toolTip() == "y · cube: Cube u³ (declared by a test)")  # (once evaluated)
    assert "y cube x³ ℝ² = [0.125, …]" in " ".join(texts_drawn(window.scene, tmp_path))  # title, kind, symbol, footer

    controller = window.animation.controller

    def press_f6() -> bool:  # Backward is enabled once the opened graph has been evaluated
        qtbot.keyClick(window.view, Qt.Key_F6)
        return controller.active

    qtbot.waitUntil(press_f6)
    y = window.graph.find("y")
    qtbot.keyClick(window.view, Qt.Key_Home)
    while controller.active_node() != y:
        assert controller.k < controller.count - 1, "the cube step never becomes active"
        qtbot.keyClick(window.view, Qt.Key_Right)
        controller.finish_marker()
    panel = window.animation.inspector.panel
    (box,) = panel.boxes
    assert box.structure_label.text() == "structure: diag(3u²)"
    assert box.formula_view.text() == "∂ u^3/∂u = 3·u^2"
    x = np.array([0.5, -1.5])
    np.testing.assert_allclose(box.table.matrix_model.presented.matrix, np.diag(3 * x**2))

    chain = window.animation.chain
    chain.show()
    chain.raise_()
    chain.refresh_variables()
    chain.select_variable(window.graph.find("x"))
    text = " ".join(chain.text.toPlainText().split())  # (as read: the tab wraps lines to its width)
    assert "= 1ᵀ · diag(3x²)" in text
    assert chain.report.agrees
    window.close()


def texts_drawn(scene, folder) -> list[str]:
    """The texts of the scene as an SVG export of it draws them, card by card, in the order drawn."""
    import xml.etree.ElementTree as ET

    from graphviz_app.export.save import ExportSettings, export_still

    (path,) = export_still(scene, folder / "scene.svg", ExportSettings("svg"))
    return ["".join(e.itertext()) for e in ET.parse(path).getroot().iter() if e.tag.endswith("text")]


def graph_of_cube():
    """L = Σ y, y = cube(x), x = [0.5, −1.5]."""
    from graphviz_app.core.autolayout import apply_layout
    from graphviz_app.core.graph import Graph

    g = Graph()
    x = g.add_node("variable", name="x", value=[0.5, -1.5])
    y = g.add_node("op", "cube", name="y")
    g.connect(x, y, 0)
    L = g.add_node("op", "sum", name="L")
    g.connect(y, L, 0)
    g.set_output(L)
    apply_layout(g)
    return g


def weighted_sum(broadcasts: bool) -> OpDef:
    """y = a + 2b elementwise, a scalar with a tensor allowed (declared by a test)."""

    def shape(shapes, p):
        a, b = shapes
        if a and b and a != b:
            raise ShapeError(f"{a} +2 {b}: shapes differ")
        return a or b

    return OpDef(
        name="wsum",
        category="elementwise",
        symbol="+2",
        inputs=("a", "b"),
        description="a + 2b (declared by a test)",
        shape=shape,
        forward=lambda xs, p: np.asarray(xs[0] + 2 * xs[1], dtype=float),
        vjp=lambda g, xs, out, p: [g if xs[0].shape else g.sum(), 2 * g if xs[1].shape else 2 * g.sum()],
        broadcasts=broadcasts,
    )


@pytest.mark.parametrize("broadcasts, b_shape", [(True, (3,)), (False, ())])
def test_the_shape_guesser_gives_the_other_inputs_rank_only_where_the_op_says_it_broadcasts(broadcasts, b_shape):
    """W @ x + b: b a vector like W @ x when the op broadcasts; otherwise scalars are tried first."""
    with use_registry() as reg:
        reg.register(weighted_sum(broadcasts))
        g = parse_expression("sum(wsum(W @ x, b))")
        shapes = {v.name: v.value.shape for v in g.variables()}
        assert shapes["b"] == b_shape
        assert not engine.evaluate(g).errors


def test_the_python_api_offers_the_op_by_its_declared_name(registry):
    import graphviz_app as ga

    assert ga.cube(2.0) == 8.0
    np.testing.assert_allclose(ga.cube(np.array([1.0, -2.0])), [1.0, -8.0])
    assert ga.cube.__doc__.startswith("u³, elementwise.")
    assert "ga.cube" in traceable_text(ga)
    g = ga.trace(lambda x: np.sum(ga.cube(x)), x=[0.5, -1.5])
    assert [node.op for node in g.core.nodes() if node.kind == "op"] == ["cube", "sum"]
    np.testing.assert_allclose(g.gradients["x"], 3 * np.array([0.5, -1.5]) ** 2)
    with pytest.raises(ga.Error, match=r"ga.cube takes 1 argument \(u\), got 2"):
        ga.cube(1.0, 2.0)


def test_the_op_is_no_ga_function_once_its_registry_is_gone():
    import graphviz_app as ga

    with use_registry() as reg:
        reg.register(cube())
        assert ga.cube(3.0) == 27.0
    with pytest.raises(AttributeError, match="cube"):
        ga.cube  # noqa: B018
    assert "ga.cube" not in traceable_text(ga)


def test_tracing_finds_the_op_by_the_numpy_function_it_declares():
    import graphviz_app as ga

    with use_registry() as reg:
        reg.register(arctan())
        g = ga.trace(lambda x: np.sum(np.arctan(x)), x=[0.5, -1.5])
        assert [node.op for node in g.core.nodes() if node.kind == "op"] == ["arctan", "sum"]
        assert g.value == pytest.approx(np.arctan(0.5) + np.arctan(-1.5))
        np.testing.assert_allclose(g.gradients["x"], 1 / (1 + np.array([0.5, -1.5]) ** 2))
        with pytest.raises(ValueError, match="np.arctan|arctan"):
            reg.register(dataclasses.replace(arctan(), name="atan2"))  # one op per numpy function
    with pytest.raises(ga.TraceError, match="np.arctan cannot be traced"):
        ga.trace(lambda x: np.arctan(x), x=1.0)


def test_the_parser_and_tracing_write_the_op_with_the_python_operator_it_declares():
    import graphviz_app as ga

    with pytest.raises(ExpressionError, match='the operator "%" is not allowed'):
        parse_expression("x % y")
    with use_registry() as reg:
        reg.register(remainder())
        g = parse_expression("x % y", {"x": 7.0, "y": 3.0})
        assert float(engine.evaluate(g).values[g.output]) == 1.0
        assert float(engine.gradients(g)[g.find("y")]) == -2.0
        traced = ga.trace(lambda x, y: x % y, x=7.0, y=3.0)
        assert [node.op for node in traced.core.nodes() if node.kind == "op"] == ["mod"]
        assert traced.gradients["y"] == -2.0
        with pytest.raises(ValueError, match='the operator "%" already means the op mod'):
            reg.register(dataclasses.replace(remainder(), name="modulo"))  # one op per operator
        with pytest.raises(ValueError, match='the operator "-" already means the op sub'):
            reg.register(dataclasses.replace(remainder(), name="minus", python_operator="-"))
    with pytest.raises(ga.TraceError, match="% of a traced value cannot be traced"):
        ga.trace(lambda x: x % 2.0, x=7.0)


def traceable_text(ga) -> str:
    """What a trace says it can call, in the message for a numpy function no op declares."""
    with pytest.raises(ga.TraceError) as refused:
        ga.trace(lambda x: np.fft.fft(x), x=[1.0, 2.0])
    return str(refused.value)


def declared_again(name: str, new_name: str, **fields) -> OpDef:
    """A built-in op declared again under a name of its own, by a test: no Python operator nor numpy
    function (those mean the built-in op), and the fields given."""
    return dataclasses.replace(get_op(name), **{"name": new_name, "python_operator": None, "numpy": (), **fields})


@pytest.mark.parametrize("transposes", [True, False])
def test_an_op_declared_as_a_transpose_is_offered_back_and_its_row_is_meant(transposes):
    """flip(W) where W fits: "use W instead of flip(W)"; x − flip(x) of a column x: an outer
    difference on purpose, not warned as a broadcast by mistake. Undeclared: neither."""
    with use_registry() as reg:
        reg.register(declared_again("transpose", "flip", transposes=transposes))
        g = parse_expression("sum(X @ flip(W))", {"X": np.ones((4, 3)), "W": np.ones((3, 2))})
        (problem,) = engine.evaluate(g).errors.values()
        assert ("use W instead of flip(W): W ℝ³ˣ² fits" in problem) == transposes
        assert ("flip looks transposed: its transpose ℝ³ˣ² fits" in problem) != transposes
        g = parse_expression("sum(x - flip(x))", {"x": np.arange(3.0).reshape(3, 1)})
        ev = engine.evaluate(g)
        assert not ev.errors
        assert bool(ev.notes) != transposes  # (the warning: sub: ℝ³ˣ¹ − ℝ¹ˣ³ broadcasts to ℝ³ˣ³; …)


@pytest.mark.parametrize("matrix_product", [True, False])
def test_an_op_declared_as_the_matrix_product_gets_the_advice_about_its_weight(matrix_product):
    """mm(X, w) with a row weight w ℝ¹ˣ³ feeding − y: w as the vector ℝ³ (not its transpose, a column
    that − y would broadcast to ℝ⁴ˣ⁴) only where the op says it is the matrix product."""
    with use_registry() as reg:
        reg.register(declared_again("matmul", "mm", matrix_product=matrix_product))
        g = parse_expression("mean((mm(X, w) - y)**2)", {"X": np.ones((4, 3)), "w": np.ones((1, 3)), "y": np.ones(4)})
        (problem,) = engine.evaluate(g).errors.values()
        assert ("w must be the vector ℝ³" in problem) == matrix_product


@pytest.mark.parametrize("math_name", ["fabs", None])
def test_a_traced_call_of_the_math_function_an_op_declares_is_told_the_numpy_one(math_name):
    """math.fabs(x) in a traced function: "use np.absolute" where the op of np.absolute declares
    math.fabs as its own (numpy's fabs is another function); else math works on plain numbers."""
    import math

    import graphviz_app as ga

    magnitude = declared_again("abs", "magnitude", aliases=(), math_name=math_name, numpy=(np.absolute,))
    with use_registry(Registry([*(op for op in all_ops() if op.name != "abs"), magnitude])):
        with pytest.raises(ga.TraceError) as refused:
            ga.trace(lambda x: math.fabs(x), x=-2.0)
        said = str(refused.value)
    if math_name:
        assert said.endswith("math.fabs cannot be traced: use np.absolute")
    else:
        assert "math.fabs cannot be traced: math works on plain numbers (traceable numpy functions:" in said
