"""LaTeX export of wide Jacobians: a matrix wider than the text is shrunk to the text width, so no
column runs off the page (examples 07, 08 and 09); narrow ones keep their size."""

import re

import pytest
from latex_helpers import PDFLATEX, compile_latex

from graphviz_app import cli
from graphviz_app.resources_path import examples_dir

WIDE_EXAMPLES = ["07_two_layer_network", "08_two_layer_network_groups", "09_mnist_sized_network"]


def export_tex(tmp_path, example: str, *extra: str) -> str:
    out = tmp_path / f"{example}.tex"
    assert cli.main(["export", str(examples_dir() / f"{example}.json"), "-o", str(out), *extra]) == 0
    return out.read_text(encoding="utf-8")


def displays(tex: str) -> list[str]:
    return re.findall(r"\\\[\n(.*?)\n\\\]", tex, flags=re.S)


def test_every_display_with_a_matrix_is_fitted_to_the_text_width(tmp_path, capsys):
    tex = export_tex(tmp_path, "07_two_layer_network")
    capsys.readouterr()
    assert r"\usepackage{graphicx}" in tex
    assert r"\newcommand{\fitwidth}" in tex and r"\resizebox{\linewidth}{!}" in tex
    shown = displays(tex)
    with_matrix = [d for d in shown if r"\begin{bmatrix}" in d]
    assert with_matrix and all(d.startswith(r"\fitwidth{") and d.endswith("}") for d in with_matrix)
    # the 3×12 ∂matmul₂/∂W2 of the walk is among them, and the product sits in one fitted display
    assert any(d.count(r"\\") >= 2 and d.count("&") >= 33 for d in with_matrix)
    assert r"\begin{align*}" not in tex and tex.count(r"\begin{aligned}") == tex.count(r"\end{aligned}") > 0
    # a scalar display is left as it is
    assert any(r"\fitwidth" not in d and r"\partial" in d for d in shown)


@pytest.mark.skipif(PDFLATEX is None, reason="pdflatex is not installed (Debian: texlive-latex-base)")
@pytest.mark.parametrize("layout", ["numerator", "denominator"])
@pytest.mark.parametrize("example", WIDE_EXAMPLES)
def test_wide_examples_stay_inside_the_margins(tmp_path, capsys, example, layout):
    tex = export_tex(tmp_path, example, "--layout", layout)
    capsys.readouterr()
    log = compile_latex(tex, tmp_path)
    overfull = [float(x) for x in re.findall(r"Overfull \\hbox \(([\d.]+)pt too wide\)", log)]
    assert max(overfull, default=0.0) < 2.0, overfull
