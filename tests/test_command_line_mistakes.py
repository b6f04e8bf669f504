"""Command-line mistakes are refused with the right problem named: a misspelt --output for any
export (not only with --step), and an expression given to grad without --expr."""

from __future__ import annotations

import pytest
from test_export_support import LINEAR

from graphviz_app.cli import main


def run(capsys, *args):
    code = main([*map(str, args)])
    out, err = capsys.readouterr()
    return code, out, err


@pytest.mark.parametrize("name", ["x.png", "x.svg", "x.dot", "x.tex", "x.gif"])
def test_export_refuses_an_output_that_names_no_node(qapp, tmp_path, capsys, name):
    out = tmp_path / name
    code, _, err = run(capsys, "export", LINEAR, "--output", "nosuch", "-o", out)
    assert code == 2 and not out.exists()
    assert err.count("\n") == 1 and err.startswith('error: --output nosuch: the diagram has no node named "nosuch"')
    assert '"L"' in err  # its nodes are named, as with --step


def test_export_draws_a_still_with_the_node_named_as_output(qapp, tmp_path, capsys):
    code, out, err = run(capsys, "export", LINEAR, "--output", "L", "-o", tmp_path / "x.png", "--scale", 1)
    assert code == 0 and err == "" and (tmp_path / "x.png").exists()


def test_grad_of_an_expression_without_expr_says_how(capsys):
    code, out, err = run(capsys, "grad", "sin(x**2)")
    assert code == 2 and out == ""
    assert err.strip() == 'error: no such file: "sin(x**2)"; for an expression use --expr "sin(x**2)"'
    code, _, err = run(capsys, "grad", "--expr", "sin(x**2)", "--set", "x=0.5")
    assert code == 0


@pytest.mark.parametrize("name", ["missing.json", "folder/missing", "missing"])
def test_grad_of_a_missing_file_is_no_such_file_alone(capsys, tmp_path, name):
    code, _, err = run(capsys, "grad", str(tmp_path / name))
    assert code == 2 and "no such file" in err and "--expr" not in err
