"""LaTeX's pieces for the chain-rule document (export/latex.py): numbers, text and labels
escaped for pdflatex, partial derivatives, shapes, matrices as bmatrix (long sides elided), and
displays shrunk to the text width when wider. Qt-free.
"""

from __future__ import annotations

import math
import re
import unicodedata

import numpy as np

from ..core import conventions as cv

MAX_SHOWN = 12  # rows or columns written out; beyond, the first and last few with dots between
_SUBSCRIPTS = dict(zip("₀₁₂₃₄₅₆₇₈₉", "0123456789"))
_LARGE_INDEX = re.compile(r"^(.+)\((\d+(?:,\d+)+)\)$")  # W(1,12): index_label's form for large indices
_GREEK = {
    "α": r"\alpha",
    "β": r"\beta",
    "γ": r"\gamma",
    "δ": r"\delta",
    "ε": r"\varepsilon",
    "η": r"\eta",
    "θ": r"\theta",
    "λ": r"\lambda",
    "μ": r"\mu",
    "σ": r"\sigma",
    "τ": r"\tau",
    "φ": r"\phi",
    "Φ": r"\Phi",
    "ψ": r"\psi",
    "ω": r"\omega",
    "Σ": r"\Sigma",
    "Θ": r"\Theta",
    "Λ": r"\Lambda",
    "Ω": r"\Omega",
    "Ψ": r"\Psi",
}
_SYMBOLS = {
    "ᵀ": r"^{\mathsf{T}}",
    "⊗": r"\otimes",
    "⊙": r"\odot",
    "·": r"\cdot",
    "×": r"\times",
    "−": "-",
    "∂": r"\partial",
    "‖": r"\|",
    "∑": r"\sum",
    "√": r"\surd",
    "…": r"\ldots",
    "→": r"\to",
    "≠": r"\neq",
    "≤": r"\leq",
    "≥": r"\geq",
    "ℝ": r"\mathbf{R}",
}
_TEXT_ESCAPES = {
    "\\": r"\textbackslash{}",
    "{": r"\{",
    "}": r"\}",
    "_": r"\_",
    "&": r"\&",
    "%": r"\%",
    "$": r"\$",
    "#": r"\#",
    "^": r"\^{}",
    "~": r"\~{}",
}


def number(x: float) -> str:
    """4 significant digits; powers of ten written as such; NaN and ±∞ as words and symbols."""
    if math.isnan(x):
        return r"\text{NaN}"
    if math.isinf(x):
        return r"\infty" if x > 0 else r"-\infty"
    if x == 0:
        return "0"
    text = f"{x:.4g}"
    if "e" in text:
        mantissa, exponent = text.split("e")
        return rf"{mantissa} \times 10^{{{int(exponent)}}}"
    return text


def text(s: str) -> str:
    """Running text: LaTeX's special characters escaped, other characters in forms pdflatex
    knows without extra packages (δ -> $\\delta$, ᵀ -> $^{\\mathsf{T}}$, ⊗ -> $\\otimes$)."""
    out = []
    for c in s:
        if c in _TEXT_ESCAPES:
            out.append(_TEXT_ESCAPES[c])
        elif ord(c) < 128:
            out.append(c)
        elif c in _GREEK:
            out.append("$" + _GREEK[c] + "$")
        elif c in _SYMBOLS:
            out.append("$" + _SYMBOLS[c] + "$")
        else:
            decomposition = unicodedata.decomposition(c)
            plain = unicodedata.normalize("NFKD", c)
            if plain.isascii() and decomposition.startswith("<sub>"):
                out.append("$_{" + plain + "}$")
            elif plain.isascii() and decomposition.startswith("<super>"):
                out.append("$^{" + plain + "}$")
            elif plain.isascii() and plain:
                out.append(plain)
            else:
                out.append("?")
    joined = "".join(out).replace("}$$_{", "").replace("}$$^{", "")  # ₖᵢ: one subscript, ki
    return joined.replace("$$", "${}$")  # "$$" would start display math


def label(s: str) -> str:
    """A label as the Inspector writes it, in math: θ₁ -> \\theta_{1}, (add₂)₁ -> (\\mathrm{add}_{2})_{1},
    W(1,12) -> W_{1,12}; a name of several letters upright (\\mathrm{loss})."""
    large = _LARGE_INDEX.match(s)
    if large:
        return label(large.group(1)) + "_{" + large.group(2) + "}"
    out: list[str] = []
    word: list[str] = []

    def flush() -> None:
        if word:
            name = "".join(word)
            out.append(name if len(name) == 1 else r"\mathrm{" + text(name) + "}")
            word.clear()

    for c in s:
        if c in _SUBSCRIPTS:
            flush()
            if out and out[-1].startswith("_{") and out[-1].endswith("}"):
                out[-1] = out[-1][:-1] + _SUBSCRIPTS[c] + "}"
            else:
                out.append("_{" + _SUBSCRIPTS[c] + "}")
        elif c in _GREEK or c == "·" or c in "()":
            flush()
            out.append({"·": r"\cdot "}.get(c, _GREEK.get(c, c)) + (" " if c in _GREEK else ""))
        else:
            word.append(c)
    flush()
    return "".join(out).strip()


def partial(out: str, node: str) -> str:
    return rf"\frac{{\partial {label(out)}}}{{\partial {label(node)}}}"


def shape_math(s: str) -> str:
    """A shape text of core.conventions, "(1×3)·(3×2) = (1×2)", in math."""
    return s.replace("×", r"\times ").replace("·", r"\cdot ").replace("−", "-")


def _elide(n: int) -> list[int | None]:
    """Indices to write for n rows or columns: all, or the first and last few with None for dots."""
    if n <= MAX_SHOWN:
        return list(range(n))
    head = MAX_SHOWN // 2
    return list(range(head)) + [None] + list(range(n - (MAX_SHOWN - head - 1), n))


def bmatrix(matrix: np.ndarray) -> str:
    """A 2-D array as \\begin{bmatrix}; long sides elided with \\cdots and \\vdots."""
    m = np.asarray(matrix, dtype=float)
    rows, cols = _elide(m.shape[0]), _elide(m.shape[1])
    lines = []
    for r in rows:
        cells = []
        for c in cols:
            if r is None:
                cells.append(r"\vdots" if c is not None else r"\ddots")
            else:
                cells.append(r"\cdots" if c is None else number(float(m[r, c])))
        lines.append(" & ".join(cells))
    return "\\begin{bmatrix}\n" + " \\\\\n".join(lines) + "\n\\end{bmatrix}"


def matrix_math(m: np.ndarray) -> str:
    """A 1×1 matrix as its number, anything larger as a bmatrix."""
    return number(float(m[0, 0])) if m.shape == (1, 1) else bmatrix(m)


def presented(p: cv.Presented) -> str:
    """A scalar as its number, anything larger as a bmatrix."""
    return matrix_math(p.matrix)


def labels_line(p: cv.Presented) -> str:
    """The rows and columns of a flattened tensor, named as the Inspector names them."""

    def listed(labels: list[str]) -> str:
        # one $...$ per label, so that a long list breaks between labels
        picks = _elide(len(labels))
        cut = picks.index(None) if None in picks else len(picks)
        items = ", ".join(f"${label(labels[i])}$" for i in picks[:cut])
        if cut < len(picks):  # the same entries the matrix shows, with the same gap
            items += r", \ldots, " + ", ".join(f"${label(labels[i])}$" for i in picks[cut + 1 :])
        return items

    # ragged right: a line of long labels cannot always be stretched to the margin
    return f"{{\\raggedright rows {listed(p.row_labels)}; columns {listed(p.col_labels)}.\\par}}"


def fitted(math: str) -> str:
    """A display: one holding a matrix is set by \\fitwidth, which shrinks it to the text width
    only when it is wider (a 3×12 Jacobian of 4-digit numbers is); others as they are."""
    body = r"\fitwidth{" + math + "}" if r"\begin{bmatrix}" in math else math
    return "\\[\n" + body + "\n\\]"


def product_display(lhs: str, factors: tuple[str, str], result: str, wide: bool) -> str:
    """lhs = A · B = C, aligned on =; the factors on two lines when they would not fit on one."""
    a, b = factors
    middle = f"&= {a} " + "\\\\\n" + rf"&\quad \cdot {b}" if wide else rf"&= {a} \cdot {b}"
    return fitted("\\begin{aligned}\n" + lhs + " " + middle + " \\\\\n&= " + result + "\n\\end{aligned}")


def display(lhs: str, rhs: str) -> str:
    return fitted(lhs + " = " + rhs)


def shape_words(jac: cv.Presented, order: int) -> str:
    """A Jacobian's shape: "shape $3\\times 2$"; of order 3 or 4, the flattened matrix's size first
    (it is what a product multiplies), then the tensor's."""
    if order <= 2:
        return f"shape ${shape_math(jac.shape_text)}$"
    rows, cols = jac.matrix.shape
    return rf"shape ${rows}\times {cols}$: a tensor of order {order}, ${shape_math(jac.shape_text)}$, flattened"
