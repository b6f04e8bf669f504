"""LaTeX of the chain rule: from g.to_latex() and `graphviz-app export -o out.tex`; compiled when pdflatex is installed."""

import re
import shutil
import subprocess

import numpy as np
import pytest
from api_helpers import linear_model, needs_ops

import graphviz_app as ga
from graphviz_app import cli
from graphviz_app.export.latex import label, number

PDFLATEX = shutil.which("pdflatex")


def compile_latex(text: str, tmp_path) -> None:
    (tmp_path / "doc.tex").write_text(text, encoding="utf-8")
    run = subprocess.run(
        [PDFLATEX, "-interaction=nonstopmode", "-halt-on-error", "doc.tex"],
        cwd=tmp_path,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert run.returncode == 0, run.stdout[-2000:]
    assert (tmp_path / "doc.pdf").stat().st_size > 1000


def test_numbers_have_four_significant_digits():
    assert number(3.14159265) == "3.142"
    assert number(-0.000123456) == r"-0.0001235"
    assert number(1.5e-7) == r"1.5 \times 10^{-7}"
    assert number(0.0) == "0"
    assert number(float("nan")) == r"\text{NaN}"


def test_labels_are_the_inspectors_in_math():
    assert label("W₁₂") == "W_{12}"
    assert label("θ₂").replace(" ", "") == r"\theta_{2}"
    assert label("(add₂)₁") == r"(\mathrm{add}_{2})_{1}"
    assert label("W(1,12)") == "W_{1,12}"


def test_one_step_of_the_linear_model_has_every_part():
    g = linear_model()
    tex = g.to_latex(step=3)  # matmul: Phi @ theta
    assert tex.startswith(r"\documentclass{article}")
    assert re.findall(r"\\usepackage\{(\w+)\}", tex) == ["amsmath"]
    assert tex.rstrip().endswith(r"\end{document}")
    assert tex.count(r"\section*{Step") == 1
    assert r"\section*{Step 4 of 7: $\mathrm{matmul}$}" in tex  # named after its op: no "(matmul)"
    assert r"\section*{Step 1 of 7: $\mathrm{loss}$ (sum)}" in g.to_latex(step=0)
    assert "Gradient arriving from downstream" in tex
    assert r"\frac{\partial \mathrm{loss}}{\partial \mathrm{matmul}}" in tex
    assert r"\subsection*{Input B $\leftarrow \theta$}" in tex
    assert r"\frac{\partial \mathrm{matmul}}{\partial \theta}" in tex
    # the numbers: e = y − Φθ = [−1.3, −0.3, 0.7, 1.7]; arriving ∂L/∂(Φθ) = −2e; contribution −2eΦ = [−1.6, −1.6]
    assert "2.6 & 0.6 & -1.4 & -3.4" in tex
    assert "-1.6 & -1.6" in tex
    assert r"(1\times 4)\cdot (4\times 2) = (1\times 2)" in tex
    assert tex.count(r"\begin{bmatrix}") == tex.count(r"\end{bmatrix}") >= 4


def test_every_step_in_order_without_a_step():
    g = linear_model()
    tex = g.to_latex()
    steps = re.findall(r"\\section\*\{Step (\d+) of 7", tex)
    assert steps == [str(k) for k in range(1, 8)]


@needs_ops("matmul")
def test_third_order_jacobian_is_flattened_with_the_inspectors_labels():
    g = ga.trace(lambda W, a: W @ a, W=np.array([[1.0, 2.0], [3.0, 4.0], [5.0, 6.0]]), a=np.array([7.0, 8.0]))
    tex = g.to_latex(step=0)
    assert "a tensor of order 3 flattened" in tex
    assert r"rows $\mathrm{matmul}_{1}$, $\mathrm{matmul}_{2}$, $\mathrm{matmul}_{3}$;" in tex
    assert "columns $W_{11}$, $W_{12}$, $W_{21}$, $W_{22}$, $W_{31}$, $W_{32}$." in tex
    assert "7 & 8 & 0 & 0 & 0 & 0" in tex


def test_denominator_layout_transposes():
    tex = linear_model().to_latex(step=3, layout="denominator")
    assert r"\left(\frac{\partial \mathrm{matmul}}{\partial \theta}\right)^{\mathsf{T}}" in tex
    assert r"(2\times 4)\cdot (4\times 1) = (2\times 1)" in tex
    # the local Jacobian ∂(Φθ)/∂θ = Φ (4×2, all ones) shown transposed, 2×4, and said to be
    assert "\\right)^{\\mathsf{T}} = \\begin{bmatrix}\n1 & 1 & 1 & 1 \\\\\n1 & 1 & 1 & 1\n\\end{bmatrix}" in tex
    assert "Denominator layout" in tex


def test_cli_writes_the_same_document(tmp_path, capsys):
    g = linear_model()
    g.save(tmp_path / "m.json")
    assert cli.main(["export", str(tmp_path / "m.json"), "-o", str(tmp_path / "m.tex"), "--step", "3"]) == 0
    assert (tmp_path / "m.tex").read_text(encoding="utf-8") == g.to_latex(step=3)
    assert cli.main(["export", str(tmp_path / "m.json"), "-o", str(tmp_path / "d.tex"), "--layout", "denominator"]) == 0
    assert (tmp_path / "d.tex").read_text(encoding="utf-8") == g.to_latex(layout="denominator")
    capsys.readouterr()
    assert cli.main(["export", str(tmp_path / "m.json"), "-o", str(tmp_path / "x.tex"), "--step", "9"]) == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and err.startswith("error: --step 9 is out of range")
    assert not (tmp_path / "x.tex").exists()


@pytest.mark.skipif(PDFLATEX is None, reason="pdflatex is not installed (Debian: texlive-latex-base)")
@pytest.mark.parametrize("layout", ["numerator", "denominator"])
def test_documents_compile_with_pdflatex(tmp_path, layout):
    g = ga.trace(
        lambda W, a: np.sum(np.tanh(W @ a)) + ga.sqnorm(W),
        W=np.arange(12.0).reshape(6, 2) / 7,
        a=np.array([1.0, -2e-6]),
    )
    compile_latex(g.to_latex(layout=layout), tmp_path)


@pytest.mark.skipif(PDFLATEX is None, reason="pdflatex is not installed (Debian: texlive-latex-base)")
def test_a_large_jacobian_elided_compiles(tmp_path):
    big = np.arange(400.0).reshape(20, 20) / 100
    g = ga.trace(lambda W, v: W @ v, W=big, v=np.ones(20))
    tex = g.to_latex(step=0)
    assert r"\cdots" in tex and r"\vdots" in tex
    # the labels list the entries the matrix shows: the first six, a gap, the last five
    assert r"columns $W_{11}$, $W_{12}$," in tex and r"$W_{16}$, \ldots, $W_{20,16}$" in tex
    compile_latex(tex, tmp_path)
