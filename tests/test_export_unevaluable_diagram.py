"""A diagram with a card that cannot be evaluated: `graphviz-app export` still draws it (exit 0) and says
so in a `warning:` line naming the card and the problem; the card itself says the problem short
enough to be read whole ("b1 ℝ³ does not broadcast with ℝ⁴"), the full message kept for the
status bar, the Inspector and the command line."""

from __future__ import annotations

import json

import pytest
from test_export_support import TWO_LAYER, not_blank, pixels

from graphviz_app.cli import main
from graphviz_app.core import engine
from graphviz_app.core.fileformat import load
from graphviz_app.core.naming import describe
from graphviz_app.ui.canvas.card_problem import card_problem


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
    assert line.startswith("warning: add: ") and "b1 ℝ³: shapes do not broadcast" in line
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


def own_problems(graph) -> dict[str, str]:
    """Each failing card's problem as the canvas gets it: the engine's message without the card's name."""
    ev = engine.evaluate(graph)
    return {
        describe(graph, nid): message.removeprefix(describe(graph, nid) + ": ") for nid, message in ev.errors.items()
    }


def test_the_card_names_the_operand_the_fix_names(broken):
    problems = own_problems(load(broken))
    assert list(problems) == ["add"]
    assert problems["add"].startswith("matmul(W1, x) ℝ⁴ + b1 ℝ³: shapes do not broadcast")  # (cut, it blamed matmul)
    assert card_problem(problems["add"]) == "b1 ℝ³ does not broadcast with ℝ⁴"


@pytest.mark.parametrize(
    ("problem", "short"),
    [
        (
            "matmul(X, W1) ℝ⁴ˣ⁵ + b1 ℝ³: shapes do not broadcast (sizes 5 and 3 differ; sizes paired from the right "
            "must be equal or 1) — b1 must be ℝ⁵ (one entry per column), ℝ⁴ˣ¹ (one per row), ℝ⁴ˣ⁵ or a scalar",
            "b1 ℝ³ does not broadcast with ℝ⁴ˣ⁵",
        ),
        (
            "Φ ℝ⁴ˣ² @ θ ℝ³: inner sizes 2 and 3 differ — θ must be ℝ² to match Φ's 2 columns (or Φ ℝ⁴ˣ³)",
            "θ ℝ³ does not fit ℝ⁴ˣ²",
        ),
        (
            "W ℝ³ˣ² @ x ℝ³: inner sizes 2 and 3 differ — W looks transposed: its transpose ℝ²ˣ³ fits",
            "W ℝ³ˣ² looks transposed",
        ),
        ("input b is not connected", "input b is not connected"),  # (short already: as it is)
        (
            "X ℝ⁴ˣ³ @ (transpose of W) ℝ⁵ˣ³: inner sizes 3 and 5 differ — use W instead of (transpose of W)",
            "X ℝ⁴ˣ³ @ (transpose of W) ℝ⁵ˣ³: inner sizes 3 and 5 differ — use W instead of (transpose of W)",
        ),
    ],
)
def test_the_short_form_of_a_cards_problem(problem, short):
    assert card_problem(problem) == short
