"""A diagram with a card that cannot be evaluated: `graphviz-app export` still draws it (exit 0) and says
so in a `warning:` line naming the card and the problem; the card itself says the problem short
enough to be read whole ("b1 ℝ³ does not broadcast with ℝ⁴"), the full message kept for the
status bar, the Inspector and the command line."""

from __future__ import annotations

import json

import numpy as np
import pytest
from test_export_support import TWO_LAYER, not_blank, pixels

from graphviz_app.cli import main
from graphviz_app.core import engine
from graphviz_app.core.fileformat import load
from graphviz_app.core.graph import Graph
from graphviz_app.core.naming import describe


@pytest.fixture
def broken(tmp_path):
    """Example 07 with b1 ∈ ℝ³, where W1 @ x is ℝ⁴."""
    data = json.loads(TWO_LAYER.read_text(encoding="utf-8"))
    next(n for n in data["nodes"] if n.get("name") == "b1")["value"] = [1.0, 2.0, 3.0]
    path = tmp_path / "broken.json"
    path.write_text(json.dumps(data), encoding="utf-8")
    return path


def test_export_draws_it_and_warns_naming_the_card_and_the_problem(qapp, tmp_path, capsys, broken):
    out = tmp_path / "broken.png"
    code = main(["export", str(broken), "-o", str(out)])
    stdout, err = capsys.readouterr()
    assert code == 0 and stdout == f"wrote {out}\n"
    assert not_blank(pixels(out))
    [line] = err.splitlines()
    assert line.startswith(
        f"warning: {broken}: line 1: add: "
    )  # (the file, the line of its "id": json.dumps wrote one)
    assert "b1 ℝ³: shapes do not broadcast" in line
    assert "b1 must be ℝ⁴" in line  # (the fix, as grad says it)
    assert line.endswith("cards after it have no value)")


def test_grad_and_export_say_the_same_problem(qapp, tmp_path, capsys, broken):
    main(["grad", str(broken)])
    error = capsys.readouterr().err.removeprefix("error: ").strip()
    main(["export", str(broken), "-o", str(tmp_path / "b.svg")])
    assert error in capsys.readouterr().err


def test_a_diagram_that_evaluates_exports_without_a_warning(qapp, tmp_path, capsys):
    assert main(["export", str(TWO_LAYER), "-o", str(tmp_path / "ok.png")]) == 0
    assert capsys.readouterr().err == ""


def short_problems(graph) -> dict[str, str]:
    """Each failing card's problem as the card says it, by the card's name."""
    ev = engine.evaluate(graph)
    return {describe(graph, nid): short for nid, short in ev.short_problems.items()}


def test_the_card_names_the_operand_the_fix_names(broken):
    ev = engine.evaluate(load(broken))
    [(nid, problem)] = ev.errors.items()
    assert "matmul₁(W1, x) ℝ⁴ + b1 ℝ³: shapes do not broadcast" in problem  # (cut, it blamed matmul)
    assert ev.short_problems[nid] == "b1 ℝ³ does not broadcast with ℝ⁴"


class Build:
    """A small graph: variables of given shapes, ops on them."""

    def __init__(self):
        self.graph = Graph()

    def var(self, name, shape):
        return self.graph.add_node("variable", name=name, value=np.ones(shape))

    def op(self, op, *inputs):
        nid = self.graph.add_node("op", op)
        for port, src in enumerate(inputs):
            if src is not None:
                self.graph.connect(src, nid, port)
        return nid


def bias_on_a_batch(b):
    b.op("add", b.op("matmul", b.var("X", (4, 3)), b.var("W1", (3, 5))), b.var("b1", (3,)))


def vector_too_long(b):
    b.op("matmul", b.var("Φ", (4, 2)), b.var("θ", (3,)))


def weight_transposed(b):
    b.op("matmul", b.var("W", (3, 2)), b.var("x", (3,)))


def input_missing(b):
    b.op("add", b.var("a", (2,)), None)


def explicit_transpose(b):
    b.op("matmul", b.var("X", (4, 3)), b.op("transpose", b.var("W", (3, 5))))


def blamed_operand_is_an_op(b):
    b.op("add", b.op("sin", b.var("b1", (3,))), b.op("matmul", b.var("X", (4, 3)), b.var("W1", (3, 5))))


@pytest.mark.parametrize(
    ("build", "short"),
    [
        (bias_on_a_batch, "b1 ℝ³ does not broadcast with ℝ⁴ˣ⁵"),
        (vector_too_long, "θ ℝ³ does not fit ℝ⁴ˣ²"),
        (weight_transposed, "W ℝ³ˣ² looks transposed"),
        (input_missing, "input b is not connected"),  # (short already: as it is, without the card's name)
        (
            explicit_transpose,
            "X ℝ⁴ˣ³ @ transpose(W) ℝ⁵ˣ³: inner sizes 3 and 5 differ — use W instead of W.T: W ℝ³ˣ⁵ fits",
        ),
        (blamed_operand_is_an_op, "sin(b1) ℝ³ does not broadcast with ℝ⁴ˣ⁵"),  # (a name with a space in it)
    ],
)
def test_the_short_form_of_a_cards_problem(build, short):
    b = Build()
    build(b)
    [said] = short_problems(b.graph).values()
    assert said == short
