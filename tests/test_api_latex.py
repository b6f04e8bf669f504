"""LaTeX of the chain rule: from g.to_latex() and `graphviz-app export -o out.tex`; compiled when pdflatex is installed."""

import re

import numpy as np
import pytest
from api_helpers import linear_model, needs_ops
from latex_helpers import PDFLATEX, compile_latex

import graphviz_app as ga
from graphviz_app import cli
from graphviz_app.export.latex_pieces import label, number
from graphviz_app.resources_path import examples_dir


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
    tex = g.to_latex(step=4)  # matmul: Phi @ theta
    assert tex.startswith(r"\documentclass{article}")
    assert re.findall(r"\\usepackage\{(\w+)\}", tex) == ["amsmath", "graphicx"]
    assert tex.rstrip().endswith(r"\end{document}")
    assert tex.count(r"\section*{Step") == 1
    assert r"\section*{Step 4 of 5: $\mathrm{matmul}$}" in tex  # named after its op: no "(matmul)"
    assert r"\section*{Step 1 of 5: $\mathrm{loss}$ (sum)}" in g.to_latex(step=1)
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
    steps = re.findall(r"\\section\*\{Step (\d+) of 5", tex)
    assert steps == [str(k) for k in range(1, 6)]  # (the constants Φ and y get no step)


@needs_ops("matmul")
def test_third_order_jacobian_is_flattened_with_the_inspectors_labels():
    g = ga.trace(lambda W, a: W @ a, W=np.array([[1.0, 2.0], [3.0, 4.0], [5.0, 6.0]]), a=np.array([7.0, 8.0]))
    tex = g.to_latex(step=1)
    assert r"(shape $3\times 6$: a tensor of order 3, $3\times (3\times 2)$, flattened)" in tex
    assert r"rows $\mathrm{matmul}_{1}$, $\mathrm{matmul}_{2}$, $\mathrm{matmul}_{3}$;" in tex
    assert "columns $W_{11}$, $W_{12}$, $W_{21}$, $W_{22}$, $W_{31}$, $W_{32}$." in tex
    assert "7 & 8 & 0 & 0 & 0 & 0" in tex


def test_denominator_layout_transposes():
    tex = linear_model().to_latex(step=4, layout="denominator")
    assert r"\left(\frac{\partial \mathrm{matmul}}{\partial \theta}\right)^{\mathsf{T}}" in tex
    assert r"(2\times 4)\cdot (4\times 1) = (2\times 1)" in tex
    # the local Jacobian ∂(Φθ)/∂θ = Φ (4×2, all ones) shown transposed, 2×4, and said to be
    assert "\\right)^{\\mathsf{T}} = \\begin{bmatrix}\n1 & 1 & 1 & 1 \\\\\n1 & 1 & 1 & 1\n\\end{bmatrix}" in tex
    assert "Denominator layout" in tex


def test_cli_writes_the_same_document(tmp_path, capsys):
    g = linear_model()
    g.save(tmp_path / "m.json")
    assert cli.main(["export", str(tmp_path / "m.json"), "-o", str(tmp_path / "m.tex"), "--step", "4"]) == 0
    assert (tmp_path / "m.tex").read_text(encoding="utf-8") == g.to_latex(step=4)
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
    tex = g.to_latex(step=1)
    assert r"\cdots" in tex and r"\vdots" in tex
    # the labels list the entries the matrix shows: the first six, a gap, the last five
    assert r"columns $W_{11}$, $W_{12}$," in tex and r"$W_{16}$, \ldots, $W_{20,16}$" in tex
    compile_latex(tex, tmp_path)


# ------------------------------------------------- matrix variables: the product as multiplied
def _matrices(tex: str) -> list[np.ndarray]:
    """Every bmatrix of a piece of LaTeX, in order, as numbers (no elided ones here)."""
    blocks = re.findall(r"\\begin\{bmatrix\}\n(.*?)\n\\end\{bmatrix\}", tex, flags=re.S)
    return [np.array([[float(x) for x in row.split(" & ")] for row in b.split(" \\\\\n")]) for b in blocks]


def _input_section(tex: str, source: str) -> str:
    start = tex.index(rf"\subsection*{{Input {source}")
    end = tex.find(r"\subsection*", start + 1)
    return tex[start : end if end > 0 else len(tex)]


@pytest.mark.parametrize("layout", ["numerator", "denominator"])
def test_a_matrix_variables_product_is_the_flattened_one_then_shown_reshaped(tmp_path, layout, capsys):
    """Example 06, step 3 (z = W a): the document multiplies what it says it multiplies, and
    says how the result is shown as a matrix, as the Inspector does ("shown as 2×3")."""
    path = examples_dir() / "06_h_of_Wa.json"
    example = ga.load(path).core  # W and a as the file holds them
    out = tmp_path / "hw.tex"
    args = ["export", str(path), "-o", str(out), "--step", "3", "--layout", layout]
    assert cli.main(args) == 0
    capsys.readouterr()
    tex = out.read_text(encoding="utf-8")
    section = _input_section(tex, "A")
    W = example.node(example.find("W")).value
    a = example.node(example.find("a")).value
    grad_z = 1 - np.tanh(W @ a) ** 2
    numerator = layout == "numerator"
    if numerator:
        assert r"$(1\times 3)\cdot (3\times 6) = (1\times 6)$" in section
        assert r"shown as $2\times 3$, the transpose of $W$'s shape" in section
        assert r"Local Jacobian (shape $3\times 6$: a tensor of order 3, $3\times (3\times 2)$, flattened)" in section
    else:
        assert r"$(6\times 3)\cdot (3\times 1) = (6\times 1)$" in section
        assert r"shown as $3\times 2$, the shape of $W$" in section
        assert r"Local Jacobian (shape $6\times 3$: a tensor of order 3, $(3\times 2)\times 3$, flattened)" in section
    assert r"\times (" not in section.split("The chain rule")[1]  # no nested sizes in the product
    jac, left, right, result, shown = _matrices(section)
    np.testing.assert_allclose(left @ right, result, rtol=2e-3)  # the product holds as printed
    expected = np.outer(grad_z, a)  # ∂h/∂W in W's shape
    if numerator:
        np.testing.assert_array_equal(right, jac)
        np.testing.assert_allclose(left, grad_z[None, :], rtol=1e-3)
        assert result.shape == (1, 6) and shown.shape == (2, 3)
        np.testing.assert_allclose(shown, expected.T, rtol=1e-3)  # a∇h, as the Inspector shows it
    else:
        np.testing.assert_array_equal(left, jac)
        assert result.shape == (6, 1) and shown.shape == (3, 2)
        np.testing.assert_allclose(shown, expected, rtol=1e-3)
    np.testing.assert_allclose(result.ravel(), expected.ravel(), rtol=1e-3)  # W₁₁, W₁₂, … in order
    if PDFLATEX:
        compile_latex(tex, tmp_path)


@needs_ops("matmul", "tanh", "sum")
@pytest.mark.parametrize("layout", ["numerator", "denominator"])
def test_a_matrix_valued_gradient_enters_the_product_flattened(layout):
    """X @ W with X 2×3, W 3×4: the gradient arriving at the 2×4 matmul is shown as a matrix,
    and enters the product as the 1×8 row (8×1 column) the equation names."""
    X = np.array([[1.0, 2.0, 3.0], [4.0, 5.0, 6.0]]) / 10
    W = np.arange(12.0).reshape(3, 4) / 10
    g = ga.trace(lambda X, W: np.sum(np.tanh(X @ W)), X=X, W=W)
    tex = g.to_latex(step=3, layout=layout)
    G = 1 - np.tanh(X @ W) ** 2  # ∂sum/∂matmul, 2×4
    for source, want, n in (("A", G @ W.T, 6), ("B", X.T @ G, 12)):
        section = _input_section(tex, source)
        jac, left, right, result, shown = _matrices(section)
        np.testing.assert_allclose(left @ right, result, rtol=2e-3)
        np.testing.assert_allclose(result.ravel(), want.ravel(), rtol=2e-3)
        if layout == "numerator":
            assert rf"$(1\times 8)\cdot (8\times {n}) = (1\times {n})$" in section
            assert r"the $1\times 8$ row of the entries of $\mathrm{matmul}$ row by row" in section
            np.testing.assert_allclose(shown, want.T, rtol=2e-3)
        else:
            assert rf"$({n}\times 8)\cdot (8\times 1) = ({n}\times 1)$" in section
            assert r"the $8\times 1$ column of the entries of $\mathrm{matmul}$" in section
            np.testing.assert_allclose(shown, want, rtol=2e-3)
