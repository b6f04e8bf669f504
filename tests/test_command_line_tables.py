"""`graphviz-app grad` and `train` without --json: tables a terminal can show. Long values are
shortened as the cards shorten them, one line says --json has every number, short values stay whole."""

import json

import numpy as np

from graphviz_app.cli import main
from graphviz_app.core.expr import parse_expression
from graphviz_app.core.fileformat import save

A = np.round(np.linspace(-1, 1, 5 * 6).reshape(5, 6), 4) + 0.123456
X = np.arange(6.0) / 7


def grad_out(capsys, *argv) -> str:
    assert main(["grad", *argv]) == 0
    out, err = capsys.readouterr()
    assert err == ""
    return out


def matrix_args():
    return ["--expr", "sqnorm(tanh(A @ x))", "--set", f"A={json.dumps(A.tolist())}", "--set", f"x={X.tolist()}"]


def test_long_values_are_shortened_and_the_table_fits_a_terminal(capsys):
    out = grad_out(capsys, *matrix_args())
    assert max(len(line) for line in out.splitlines()) < 200
    # the matrix A shows its first numbers with 6 digits as whole values have them, then …
    row = next(line for line in out.splitlines() if line.split()[:2] == ["A", "variable"])
    assert "[[-0.876544, -0.807544, -0.738644, …], …]" in row
    assert "-0.462744" not in out  # (A's second row is left out)


def test_one_line_says_where_every_number_is(capsys):
    out = grad_out(capsys, *matrix_args())
    notes = [line for line in out.splitlines() if "--json" in line]
    assert notes == ["  (… stands for numbers left out: graphviz-app grad --json prints every number)"]
    # (under the first table that left numbers out: the gradients, above the nodes)
    lines = out.splitlines()
    assert lines.index(notes[0]) < lines.index("nodes")


def test_json_keeps_every_number(capsys):
    report = json.loads(grad_out(capsys, *matrix_args(), "--json"))
    a = next(n for n in report["nodes"] if n["name"] == "A")
    np.testing.assert_array_equal(a["value"], A)
    assert np.shape(report["gradients"]["A"]) == (5, 6)


def test_scalars_and_short_vectors_are_written_whole_without_a_note(capsys):
    out = grad_out(capsys, "--expr", "sum(v * w)", "--set", "v=[1.5, -2, 3.25]", "--set", "w=[0.123456, 2, -7]")
    assert "[1.5, -2, 3.25]" in out and "[0.123456, 2, -7]" in out
    assert "value = -26.5648" in out
    assert "…" not in out and "--json" not in out


def test_a_long_vector_of_short_numbers_is_shortened_as_the_cards_do_with_the_note(capsys):
    out = grad_out(capsys, "--expr", "sum(v)", "--set", f"v={[0] * 20}")
    assert "[0, 0, 0, …]" in out and ", …, " not in out
    assert sum("--json prints every number" in line for line in out.splitlines()) == 1


def test_a_value_and_its_gradient_are_shortened_in_one_style(capsys):
    # (walk 21: b1 of example 09 read [0, 0, 0, …, 0, 0, 0] beside a gradient [0.023, 0.0194, 0.00524, …])
    out = grad_out(capsys, "--expr", "sum(v * w)", "--set", f"v={[0] * 20}", "--set", f"w={[0.0230012] * 20}")
    row = next(line for line in out.splitlines() if line.split()[:2] == ["v", "variable"])
    assert "[0, 0, 0, …]" in row and "[0.0230012, 0.0230012, 0.0230012, …]" in row
    assert ", …, " not in out


def test_train_shortens_long_values_and_says_where_the_final_ones_are(capsys, tmp_path):
    path = tmp_path / "layer.json"
    save(parse_expression("sqnorm(tanh(A @ x))", {"A": A, "x": X}), path)
    assert main(["train", str(path), "--steps", "3", "--lr", "0.01"]) == 0
    out = capsys.readouterr().out
    assert max(len(line) for line in out.splitlines()) < 120
    row = next(line for line in out.splitlines() if line.split()[:1] == ["A"])
    assert "ℝ⁵ˣ⁶   [[-0.876544, -0.807544, -0.738644, …], …]  [[" in row  # (start, then final)
    assert "[0, 0.142857, 0.285714, …, 0.571429, 0.714286]" not in out  # (x: 6 numbers, 56 characters)
    assert (
        out.splitlines()[-1]
        == "  (… stands for numbers left out: graphviz-app train --json prints the final values in full)"
    )
    assert main(["train", str(path), "--steps", "3", "--lr", "0.01", "--json"]) == 0
    assert np.shape(json.loads(capsys.readouterr().out)["values"]["A"]) == (5, 6)


def test_whole_and_shortened_values_have_the_same_significant_digits(capsys):
    # b is shortened (8 numbers), c written whole: both with 6 significant digits, never 4 beside 6
    b = [0.0131558123, -0.251928456, 0.265084789, 0.1, 0.2, 0.3, 0.4, 0.5]
    out = grad_out(capsys, "--expr", "sum(b) + sum(c)", "--set", f"b={b}", "--set", "c=[0.0131558123, -0.251928456]")
    rows = {line.split()[0]: line for line in out.splitlines() if line.startswith("  ") and len(line.split()) > 3}
    assert "[0.0131558, -0.251928, 0.265085, …]" in rows["b"]
    assert "[0.0131558, -0.251928]" in rows["c"]


def test_a_column_writes_its_numbers_in_one_notation_whole_or_shortened(capsys):
    small = "[1.5e-5, 2.5e-5, 3.5e-5, 4.5e-5, 5.5e-5, 6.5e-5, 7.5e-5, 8.5e-5]"
    out = grad_out(capsys, "--expr", "sum(a*b)*c", "--set", f"a={small}", "--set", "b=2", "--set", "c=1e-5")
    rows = {line.split()[0]: line for line in out.splitlines() if line.startswith("  ") and len(line.split()) > 3}
    assert "[1.5e-5, 2.5e-5, 3.5e-5, …]" in rows["a"]  # shortened
    assert "[2e-5, 2e-5, 2e-5, …]" in rows["a"]  # its gradient: in the same notation and style
    assert rows["c"].split()[3] == "1e-5"
    assert "e-0" not in out and "e+" not in out and "−" not in out
