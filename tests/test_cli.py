"""graphviz-app on the command line: the grad contract, readable tables, one-line errors."""

import json
import math
import os
import subprocess
import sys
import types
from pathlib import Path

import numpy as np
import pytest

from graphviz_app import __version__, gradcmd
from graphviz_app.cli import main
from graphviz_app.core.expr import parse_expression
from graphviz_app.core.fileformat import dumps, save

ROOT = Path(__file__).resolve().parents[1]
EXAMPLES = ROOT / "resources" / "examples"
TOP_KEYS = ["value", "shape", "gradients", "jacobians", "nodes", "groups", "warnings", "broadcasts"]


def run_json(capsys, *argv):
    code = main(["grad", *argv, "--json"])
    out, err = capsys.readouterr()
    assert code == 0, err
    assert err == ""
    return json.loads(out)


def run_error(capsys, *argv) -> str:
    code = main(list(argv))
    out, err = capsys.readouterr()
    assert code == 2
    assert out == ""
    lines = err.splitlines()
    assert len(lines) == 1, err
    assert lines[0].startswith("error: ")
    assert "Traceback" not in err
    return lines[0]


def node_by(report, name):
    return next(n for n in report["nodes"] if n["name"] == name)


# ------------------------------------------------------------------ contract
def test_seed_000_expression_json_contract(capsys):
    t = 0.7
    report = run_json(capsys, "--expr", "sin(t)**2 + 2*cos(t)", "--set", "t=0.7")
    assert list(report) == TOP_KEYS
    assert report["value"] == pytest.approx(math.sin(t) ** 2 + 2 * math.cos(t))
    assert report["shape"] == []
    assert report["gradients"]["t"] == pytest.approx(2 * math.sin(t) * (math.cos(t) - 1))
    assert report["jacobians"] == {"t": {"shape": [], "value": pytest.approx(report["gradients"]["t"])}}
    assert {n["op"] for n in report["nodes"]} == {"variable", "sin", "pow", "cos", "mul", "constant", "add"}
    for node in report["nodes"]:
        assert set(node) == {"name", "label", "op", "shape", "value", "grad", "jacobians"}
    sin = next(n for n in report["nodes"] if n["op"] == "sin")
    assert sin["jacobians"] == [{"input": "t", "input_label": "t", "shape": [], "value": pytest.approx(math.cos(t))}]
    assert sin["grad"] == pytest.approx(2 * math.sin(t))


def test_seed_000_linear_model_file(capsys):
    report = run_json(capsys, str(EXAMPLES / "05_linear_model.json"))
    phi = np.array(node_by(report, "Phi")["value"])
    y = np.array(node_by(report, "y")["value"])
    theta = np.array(node_by(report, "theta")["value"])
    e = y - phi @ theta
    assert report["value"] == pytest.approx(e @ e)
    np.testing.assert_allclose(report["gradients"]["theta"], -2 * e @ phi)
    np.testing.assert_allclose(node_by(report, "e")["grad"], 2 * e)  # ∂L/∂e = 2eᵀ (1×N)
    sub = node_by(report, "e")
    matmul_name = next(n["name"] for n in report["nodes"] if n["op"] == "matmul")
    jac_e = {j["input"]: j for j in sub["jacobians"]}
    assert jac_e[matmul_name]["shape"] == [4, 4]
    np.testing.assert_allclose(jac_e[matmul_name]["value"], -np.eye(4))
    matmul = next(n for n in report["nodes"] if n["op"] == "matmul")
    assert [j["shape"] for j in matmul["jacobians"]] == [[4, 2]]  # ∂/∂θ only: the constant Φ gets no gradient
    np.testing.assert_allclose(matmul["jacobians"][0]["value"], phi)  # ∂(Φθ)/∂θ = Φ
    assert node_by(report, "Phi")["grad"] is None and node_by(report, "y")["grad"] is None
    assert list(report["gradients"]) == ["theta"]


def test_seed_001_gradient_with_respect_to_a_matrix(capsys):
    report = run_json(capsys, str(EXAMPLES / "06_h_of_Wa.json"))
    w = np.array(node_by(report, "W")["value"])
    a = np.array(node_by(report, "a")["value"])
    z = w @ a
    expected = np.outer(1 - np.tanh(z) ** 2, a)  # ∇h(z) aᵀ
    np.testing.assert_allclose(report["gradients"]["W"], expected)
    assert report["jacobians"]["W"]["shape"] == [3, 2]
    matmul = node_by(report, "z")
    assert matmul["jacobians"][0]["shape"] == [3, 3, 2]  # ∂(Wa)/∂W: a 3rd-order tensor


def test_non_scalar_output_gives_full_jacobians(capsys):
    report = run_json(capsys, "--expr", "A @ x", "--set", "A=[[1,2],[3,4],[5,6]]", "--set", "x=[1,-1]")
    assert report["gradients"] is None
    assert report["shape"] == [3]
    assert report["value"] == [-1.0, -1.0, -1.0]
    assert report["jacobians"]["x"] == {"shape": [3, 2], "value": [[1.0, 2.0], [3.0, 4.0], [5.0, 6.0]]}
    jac_a = np.array(report["jacobians"]["A"]["value"])
    assert jac_a.shape == (3, 3, 2)
    np.testing.assert_allclose(jac_a[1, 1], [1, -1])
    np.testing.assert_allclose(jac_a[1, 0], [0, 0])
    x_node = node_by(report, "x")
    assert np.array(x_node["grad"]).shape == (3, 2)  # out_shape + node shape
    out_node = next(n for n in report["nodes"] if n["op"] == "matmul")
    np.testing.assert_allclose(out_node["grad"], np.eye(3))


def test_seed_003_vector_example_with_output_choice(capsys):
    path = str(EXAMPLES / "02_two_variables_vector_form.json")
    report = run_json(capsys, path)
    x = np.array(node_by(report, "x")["value"])
    np.testing.assert_allclose(report["gradients"]["x"], 4 * x)
    inner = run_json(capsys, path, "--output", "u")
    assert inner["jacobians"]["x"]["value"] == [[1.0, 1.0], [1.0, -1.0]]
    assert node_by(inner, "y")["grad"] is None  # y does not feed u
    assert node_by(inner, "y")["jacobians"] == []
    by_label = run_json(capsys, path, "--output", node_by(report, "u")["label"])
    assert by_label == inner


def test_set_overrides_a_value_in_a_file(capsys):
    report = run_json(capsys, str(EXAMPLES / "04_sin_of_square.json"), "--set", "x=0.3")
    assert report["gradients"]["x"] == pytest.approx(2 * 0.3 * math.cos(0.09))


def test_too_large_local_jacobian_is_described(capsys, monkeypatch):
    monkeypatch.setattr(gradcmd, "LOCAL_JACOBIAN_LIMIT", 5)
    report = run_json(capsys, "--expr", "sqnorm(A @ x)", "--set", "A=[[1,2],[3,4],[5,6]]", "--set", "x=[1,-1]")
    matmul = next(n for n in report["nodes"] if n["op"] == "matmul")
    big = matmul["jacobians"][0]
    assert big["value"] is None and big["shape"] == [3, 3, 2] and big["structure"]
    np.testing.assert_allclose(report["gradients"]["x"], 2 * np.array([[1, 2], [3, 4], [5, 6]]).T @ [-1, -1, -1])


def run_json_undefined(capsys, *argv):
    """grad --json of a result that is not a number: the JSON is still valid, with a warning
    on stderr and exit status 1 (tests/test_undefined_values.py)."""
    code = main(["grad", *argv, "--json"])
    out, err = capsys.readouterr()
    assert code == 1 and err.startswith("warning: ")
    return json.loads(out)


def test_non_finite_values_stay_valid_json(capsys):
    report = run_json_undefined(capsys, "--expr", "log(x)", "--set", "x=0")
    assert report["value"] == "-Infinity"
    assert report["gradients"]["x"] == "NaN"  # log has no derivative at 0, outside its domain
    report = run_json_undefined(capsys, "--expr", "sqrt(x)", "--set", "x=0")
    assert report["value"] == 0.0 and report["gradients"]["x"] == "Infinity"


def test_non_finite_entries_inside_arrays_are_written_as_text(capsys):
    report = run_json_undefined(capsys, "--expr", "log(x)", "--set", "x=[0, 1, -1]")
    assert report["value"] == ["-Infinity", 0.0, "NaN"]
    jac = report["jacobians"]["x"]["value"]
    assert (jac[0][0], jac[1][1], jac[2][2]) == ("NaN", 1.0, "NaN")  # no derivative outside the domain
    assert (jac[0][1], jac[2][0]) == (0.0, 0.0)  # (log₃ does not depend on x₁ at all)


def test_json_numbers_are_exact_and_plain(capsys):
    """Each array is converted by numpy in one call: the numbers are the same floats, ints become floats."""
    report = run_json(capsys, "--expr", "A @ x", "--set", "A=[[0.1,2],[3,1e-300]]", "--set", "x=[1,3]")
    assert report["jacobians"]["x"]["value"] == [[0.1, 2.0], [3.0, 1e-300]]
    assert all(type(v) is float for v in report["value"])


def test_node_errors_outside_the_output_are_reported(capsys, tmp_path):
    g = parse_expression("sin(x)", {"x": 1.0})
    bad = g.add_node("op", "matmul", name="broken")
    g.connect(g.find("x"), bad, 0)
    path = tmp_path / "g.json"
    save(g, path)
    report = run_json(capsys, str(path))
    broken = node_by(report, "broken")
    assert broken["value"] is None and broken["grad"] is None and "not connected" in broken["error"]


# --------------------------------------------------------------------- table
def test_table_output(capsys):
    code = main(["grad", "--expr", "x*x + sin(x)", "--set", "x=0.5"])
    out, err = capsys.readouterr()
    assert code == 0 and err == ""
    assert "output" in out and "shape ℝ" in out
    assert f"{0.25 + math.sin(0.5):.6g}" in out
    assert "gradient of" in out
    x_row = next(line for line in out.splitlines() if line.strip().startswith("x "))
    assert f"{1 + math.cos(0.5):.6g}" in x_row
    header = next(line for line in out.splitlines() if line.strip().startswith("node "))
    rows = out.splitlines()[out.splitlines().index(header) + 1 :]
    assert len(rows) == 4
    col = header.index("op")
    assert all(row[col - 2 : col] == "  " for row in rows)  # columns are aligned


def test_table_for_a_vector_output(capsys):
    assert main(["grad", "--expr", "A @ x", "--set", "A=[[1,2],[3,4],[5,6]]", "--set", "x=[1,-1]"]) == 0
    out = capsys.readouterr().out
    assert "Jacobian of" in out and "[[1, 2], [3, 4], [5, 6]]" in out
    a_row = next(line for line in out.splitlines() if line.strip().startswith("A "))
    assert "3×(3×2)" in a_row  # ∂(A@x)/∂A as the inspector writes it: 3 rows, 3×2 columns


def test_tables_write_shapes_as_the_cards_do_and_json_keeps_lists(capsys):
    argv = ["grad", "--expr", "sum(A @ x)", "--set", "A=[[1,2],[3,4],[5,6]]", "--set", "x=[1,-1]"]
    assert main(argv) == 0
    out = capsys.readouterr().out
    assert out.startswith("output sum, shape ℝ\n")
    rows = {line.split()[0]: line for line in out.splitlines() if line.startswith("  ") and line.split()}
    gradient_rows = [
        line.split() for line in out.splitlines()[5:8]
    ]  # (after the layout line)  # variable, shape, gradient
    assert [row[:2] for row in gradient_rows] == [["variable", "shape"], ["A", "ℝ³ˣ²"], ["x", "ℝ²"]]
    assert rows["A"].split()[:3] == ["A", "variable", "ℝ³ˣ²"]  # (the nodes table: the last row of each)
    assert rows["matmul"].split()[2] == "ℝ³" and rows["matmul"].endswith("A: 3×(3×2)  x: 3×2")
    assert rows["sum"].split()[2] == "ℝ" and rows["sum"].endswith("matmul: 1×3")
    assert "(3, 2)" not in out and "(2,)" not in out and "(3,)" not in out
    assert main([*argv, "--json"]) == 0
    report = json.loads(capsys.readouterr().out)
    assert report["shape"] == [] and report["jacobians"]["A"]["shape"] == [3, 2]


def test_json_names_nodes_as_their_cards_and_the_table_do_never_by_id(capsys):
    path = EXAMPLES / "07_two_layer_network.json"
    report = run_json(capsys, str(path))
    assert [node["name"] for node in report["nodes"]] == [node["label"] for node in report["nodes"]]
    assert [n["name"] for n in report["nodes"] if n["op"] in ("matmul", "add")] == [
        "matmul₁",
        "add",
        "matmul₂",
        "logits",
    ]
    second = next(node for node in report["nodes"] if node["name"] == "matmul₂")
    assert [(j["input"], j["input_label"]) for j in second["jacobians"]] == [("W2", "W2"), ("h", "h")]
    ids = {node["id"] for node in json.loads(path.read_text())["nodes"]}
    assert not ids & set(_texts(report)), "an internal id in grad --json"
    assert main(["grad", str(EXAMPLES / "07_two_layer_network.json")]) == 0
    assert "matmul₂" in capsys.readouterr().out


def _texts(data) -> list[str]:
    """Every text in JSON data, keys and values."""
    if isinstance(data, dict):
        return [*data, *(t for v in data.values() for t in _texts(v))]
    if isinstance(data, list):
        return [t for v in data for t in _texts(v)]
    return [data] if isinstance(data, str) else []


# -------------------------------------------------------------------- errors
@pytest.mark.parametrize(
    "argv, fragment",
    [
        (["grad", "--expr", "sin(x", "--set", "x=1"], "column 4: '(' was never closed"),
        (["grad", "--expr", "sinn(x)", "--set", "x=1"], 'unknown function "sinn"'),
        (["grad", "--expr", "sin(theta)"], 'no value for "theta" (use --set theta=...)'),
        (["grad", "--expr", "sin(x)", "--set", "x=[1,"], "--set x:"),
        (["grad", "--expr", "sin(x)", "--set", "x=[[[1]]]"], "3 dimensions"),
        (["grad", "--expr", "sin(x)", "--set", "x=1", "--set", "y=2"], 'there is no variable "y"'),
        (["grad", "--expr", "sin(x)", "--set", "x"], "write NAME=VALUE"),
        (["grad", "--expr", "sin(x)", "--set", "x=1", "--set", "x=2"], "given twice"),
        (["grad", "--expr", "sin(x)", "--set", "x=1", "--output", "zz"], 'no node named "zz"'),
        (["grad", "--expr", "x", "--set", "x=1", "file.json"], "not both"),
        (["grad"], 'give a diagram FILE.json or an expression with --expr "EXPR"'),
        (["grad", "--bogus"], "unrecognized arguments: --bogus"),
        (["grad", "--expr"], "expected one argument"),
        (["frobnicate.json"], 'no such file: "frobnicate.json"'),
        (["grd", "x.json"], 'no such file or command: "grd" (the commands are grad, train, export'),
        (["export", "d.json", "-o", "x.png", "--format", "foo"], "expected one of png, svg, pdf, gif, apng, tex, dot"),
        (["grad", "missing.json"], 'no such file: "missing.json"'),
    ],
)
def test_user_errors_are_one_line_and_exit_2(capsys, argv, fragment):
    assert fragment in run_error(capsys, *argv)


def test_shape_mismatch_names_both_shapes(capsys):
    line = run_error(capsys, "grad", "--expr", "A @ x", "--set", "A=[[1,2]]", "--set", "x=[1,2,3]")
    assert "ℝ¹ˣ²" in line and "ℝ³" in line


def test_a_full_jacobian_too_large_to_hold_is_refused(capsys, monkeypatch):
    from graphviz_app.core import full_jacobian

    monkeypatch.setattr(full_jacobian, "FULL_JACOBIAN_LIMIT", 1000)
    line = run_error(
        capsys,
        "grad",
        "--expr",
        "tanh(W @ x)",
        "--set",
        "W=" + json.dumps(np.ones((20, 30)).tolist()),
        "--set",
        "x=" + json.dumps(np.ones(30).tolist()),
    )
    assert '"W" ℝ²⁰ˣ³⁰' in line and "12,000 numbers" in line and "seed vector" in line


def test_bad_file_names_the_line(capsys, tmp_path):
    path = tmp_path / "bad.json"
    path.write_text(dumps(parse_expression("sin(x)")).replace('"sin"', '"sinn"'))
    line = run_error(capsys, "grad", str(path))
    assert 'line 7: this node has unknown op "sinn" (did you mean "sin"?)' in line and "bad.json" in line


def test_diagram_without_output_takes_its_only_end_node(capsys, tmp_path):
    g = parse_expression("sin(x)")
    g.set_output(None)
    path = tmp_path / "g.json"
    save(g, path)
    assert main(["grad", str(path)]) == 0
    assert capsys.readouterr().out.startswith("output sin,")


def test_help_and_version(capsys):
    assert main(["--help"]) == 0
    assert "grad" in capsys.readouterr().out
    assert main(["grad", "--help"]) == 0
    grad_help = " ".join(capsys.readouterr().out.split())
    assert "--expr" in grad_help
    assert "one error: line on stderr, nothing on stdout, with --json too" in grad_help
    assert main(["--version"]) == 0
    assert __version__ in capsys.readouterr().out


# ------------------------------------------------------------------ dispatch
def fake_module(monkeypatch, name, **attrs):
    module = types.ModuleType(name)
    for key, value in attrs.items():
        setattr(module, key, value)
    monkeypatch.setitem(sys.modules, name, module)


def test_gui_dispatch(monkeypatch, tmp_path):
    opened = []
    fake_module(monkeypatch, "graphviz_app.ui.app", run_app=lambda path: opened.append(path) or 0)
    assert main([]) == 0
    path = tmp_path / "d.json"
    save(parse_expression("x"), path)
    assert main([str(path)]) == 0
    assert opened == [None, str(path)]


def test_export_dispatch(monkeypatch):
    seen = []

    def add_arguments(parser):
        parser.add_argument("file")
        parser.add_argument("-o")

    fake_module(
        monkeypatch, "graphviz_app.export.command", add_arguments=add_arguments, run=lambda args: seen.append(args) or 0
    )
    assert main(["export", "d.json", "-o", "out.png"]) == 0
    assert (seen[0].file, seen[0].o) == ("d.json", "out.png")


# --------------------------------------------------------------- subprocess
def run_module(*argv):
    env = dict(os.environ, PYTHONPATH=str(ROOT))
    return subprocess.run(
        [sys.executable, "-m", "graphviz_app", *argv], capture_output=True, text=True, env=env, cwd=ROOT
    )


def test_subprocess_json_and_error():
    done = run_module("grad", "--expr", "sin(x**2)", "--set", "x=1.2", "--json")
    assert done.returncode == 0, done.stderr
    report = json.loads(done.stdout)
    assert report["gradients"]["x"] == pytest.approx(2 * 1.2 * math.cos(1.44))
    failed = run_module("grad", "--expr", "sin(x", "--set", "x=1")
    assert failed.returncode == 2
    assert failed.stdout == ""
    assert failed.stderr.startswith("error: ") and failed.stderr.count("\n") == 1


def test_a_reader_that_stops_early_ends_grad_quietly():
    # grad --json … | head -1 (10 MB of JSON): the reader stops after 100 bytes
    env = dict(os.environ, PYTHONPATH=str(ROOT))
    example = str(ROOT / "resources" / "examples" / "09_mnist_sized_network.json")
    grad = subprocess.Popen(
        [sys.executable, "-m", "graphviz_app", "grad", example, "--json"],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        env=env,
    )
    grad.stdout.read(100)
    grad.stdout.close()
    assert grad.wait(timeout=60) == 0
    assert grad.stderr.read() == b""


def test_grad_imports_neither_sympy_nor_qt():
    script = (
        "import io, sys, contextlib\n"
        "from graphviz_app.cli import main\n"
        "with contextlib.redirect_stdout(io.StringIO()):\n"
        "    code = main(['grad', '--expr', 'sin(x**2)', '--set', 'x=1', '--json'])\n"
        "print(code, 'sympy' in sys.modules, 'PySide6' in sys.modules)\n"
    )
    env = dict(os.environ, PYTHONPATH=str(ROOT))
    done = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, env=env, cwd=ROOT)
    assert done.stdout.split() == ["0", "False", "False"], done.stderr


def test_grad_expr_names_the_line_of_a_typo_on_a_later_line(capsys):
    line = run_error(capsys, "grad", "--expr", "(x +\n 2 y)")
    assert line == 'error: line 2, column 2: "2 y": write 2*y for a product'


def test_a_name_longer_than_a_card_shows_is_refused_in_an_expression(capsys):
    """(else a diagram made from it would be saved as a file that cannot be opened again)"""
    line = run_error(capsys, "grad", "--expr", "w" * 101 + " + 1")
    assert line == "error: a name is at most 100 characters long (this one has 101)"


def test_the_tables_say_which_layout_they_write(capsys):
    """The gradient of h by the 3×2 matrix W is printed 3×2, the window's numerator layout shows it
    2×3: one line above the tables says so (and how Jacobians are laid out)."""
    assert main(["grad", str(EXAMPLES / "06_h_of_Wa.json")]) == 0
    lines = capsys.readouterr().out.splitlines()
    layout = [line for line in lines if line.startswith("layout: ")]
    assert layout == [
        "layout: gradients in each variable's own shape (the window's numerator layout shows them transposed); "
        "Jacobians: output entries × input entries"
    ]
    assert lines.index(layout[0]) < next(i for i, line in enumerate(lines) if line.startswith("gradient of h"))


def test_variables_that_do_not_feed_the_output_are_named_not_listed_as_zeros(capsys):
    """The variable table and the node table agree: b1, W2, b2 are upstream of the loss, not of matmul₁."""
    path = str(EXAMPLES / "08_two_layer_network_groups.json")
    assert main(["grad", path, "--output", "matmul1"]) == 0
    out = capsys.readouterr().out
    table = out.split("\nnodes\n")[0].splitlines()
    header = next(i for i, line in enumerate(table) if line.strip().startswith("variable "))
    assert [line.split()[0] for line in table[header + 1 : header + 2]] == ["W1"]
    assert table[header + 2] == "  (not listed: b1, W2, b2 do not feed matmul₁)"
    nodes = out.split("\nnodes\n")[1].splitlines()
    for name in ("b1", "W2", "b2"):
        row = next(line for line in nodes if line.split()[0] == name)
        assert row.split()[-2:] == ["-", "-"]  # ∂matmul₁/∂node and its local Jacobians
    # JSON keeps every variable (zeros, as maths says); the node's "grad": null says it does not feed
    report = run_json(capsys, path, "--output", "matmul1")
    assert set(report["jacobians"]) == {"W1", "b1", "W2", "b2"}
    assert not np.any(report["jacobians"]["b1"]["value"]) and node_by(report, "b1")["grad"] is None
    # a scalar output fed by every variable lists them all, without the note
    assert main(["grad", path]) == 0
    out = capsys.readouterr().out
    assert "not listed" not in out
    assert main(["grad", "--expr", "x", "--set", "x=2"]) == 0  # the output is the variable itself
    assert "not listed" not in capsys.readouterr().out
