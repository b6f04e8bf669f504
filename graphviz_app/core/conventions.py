"""Numerator and denominator layout: how gradients and Jacobians are written down.

Presentation only: every function here reshapes or transposes arrays taken
from a trace, it never differentiates.

Numerator layout (seed 000, seed 001's a∇h): ∂y/∂x has |y| rows and |x|
columns, so a gradient of a scalar is a row and the chain rule reads left to
right, gradient · Jacobian. Denominator layout (seed 002, PyTorch): the
gradient has the shape of its variable (a column for a vector) and the chain
rule reads Jᵀ · gradient.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from math import prod
from typing import Protocol

import numpy as np

from .entry_names import Labels, column_label, indexable, row_label
from .number_text import short_matrix

NUMERATOR = "numerator"
DENOMINATOR = "denominator"
CONVENTIONS = (NUMERATOR, DENOMINATOR)

_NAMES = {
    NUMERATOR: "Numerator layout (gradient as row)",
    DENOMINATOR: "Denominator layout (gradient as column)",
}
_TANGENT_NAMES = {  # forward mode carries tangents, not gradients: numerator layout writes them as columns
    NUMERATOR: "Numerator layout (tangent as column)",
    DENOMINATOR: "Denominator layout (tangent as row)",
}
_EXPLANATIONS = {
    NUMERATOR: "∂y/∂x has one row per entry of y: a gradient is a row and the chain rule is gradient · Jacobian.",
    DENOMINATOR: "A gradient has the shape of its variable (a column for a vector): the chain rule is Jᵀ · gradient.",
}

Shape = tuple[int, ...]


def check(convention: str) -> str:
    if convention not in CONVENTIONS:
        raise ValueError(f"unknown layout {convention!r} (expected numerator or denominator)")
    return convention


def convention_name(convention: str) -> str:
    return _NAMES[check(convention)]


def tangent_convention_name(convention: str) -> str:
    """The layout as forward mode shows it: J · ṫ with column tangents, or ṫᵀ · Jᵀ with rows."""
    return _TANGENT_NAMES[check(convention)]


def convention_explanation(convention: str) -> str:
    return _EXPLANATIONS[check(convention)]


def short_name(convention: str) -> str:
    """ "numerator layout" as used in titles."""
    return f"{check(convention)} layout"


# ------------------------------------------------------------------ shapes
def size(shape: Shape) -> int:
    return int(prod(shape))


def dims(shape: Shape) -> str:
    """One side of a flattened matrix: () -> "1", (3,) -> "3", (3, 2) -> "(3×2)"."""
    if not shape:
        return "1"
    if len(shape) == 1:
        return str(shape[0])
    return "(" + "×".join(str(s) for s in shape) + ")"


def flat(shape: Shape) -> str:
    """One side of a matrix product: the number of entries, () -> "1", (3, 2) -> "6". A product
    multiplies the flattened matrices, so its equation gives their sizes, (1×3)·(3×6) = (1×6);
    dims() keeps a tensor's grouping for the shape written beside a matrix."""
    return str(size(shape))


def shown_as(node_shape: Shape, convention: str, lead_shape: Shape = ()) -> str:
    """The note after a product whose result gradient() shows reshaped: a matrix variable's
    (1×6) row is shown as W's transpose 2×3 (numerator) or as W's shape 3×2 (denominator)."""
    if len(node_shape) != 2 or lead_shape:
        return ""
    return f"shown as {gradient_shape_text(node_shape, convention)}"


def matrix_text(rows: Shape, cols: Shape) -> str:
    """The shape of a flattened matrix: rows (3,), cols (3, 2) -> "3×(3×2)"."""
    return f"{dims(rows)}×{dims(cols)}"


class Windowed(Protocol):
    """What a table needs of a matrix to show it: its shape, labels and any window of entries."""

    shape_text: str
    row_labels: Sequence[str]
    col_labels: Sequence[str]
    caption: str
    computed_by: str  # "rows" or "columns" when each such line costs a VJP, "" when held whole

    @property
    def shape(self) -> tuple[int, int]: ...

    def window(self, rows: slice, cols: slice) -> np.ndarray: ...

    def sample(self) -> np.ndarray: ...

    def row_tip(self, i: int) -> str: ...

    def col_tip(self, j: int) -> str: ...


SAMPLE = 10_000  # entries read to estimate a colour scale, whatever the matrix's size


def _tip(template: str, label: str) -> str:
    return template.format(label) if template else label


@dataclass
class Presented:
    """A 2-D matrix ready to show, with its shape text and labels.

    row_tip/col_tip are templates ("∂L/∂{}") saying which entry a row or column header is.
    """

    matrix: np.ndarray
    shape_text: str
    row_labels: Sequence[str]
    col_labels: Sequence[str]
    caption: str = ""
    row_template: str = ""
    col_template: str = ""
    computed_by = ""  # held whole: no line costs more than another

    @property
    def shape(self) -> tuple[int, int]:
        return self.matrix.shape  # type: ignore[return-value]

    def window(self, rows: slice, cols: slice) -> np.ndarray:
        return self.matrix[rows, cols]

    def sample(self) -> np.ndarray:
        """About SAMPLE entries spread over the matrix (all of them when it is small)."""
        n, m = self.matrix.shape
        step = max(1, int(np.sqrt(n * m / SAMPLE)))
        return self.matrix[::step, ::step]

    def row_tip(self, i: int) -> str:
        return _tip(self.row_template, self.row_labels[i])

    def col_tip(self, j: int) -> str:
        return _tip(self.col_template, self.col_labels[j])


@dataclass
class PresentedEntries:
    """A local Jacobian in a layout without holding it: any window is computed when asked for.

    entries is a trace's JacobianEntries (numerator layout, one row per output entry); in
    denominator layout the presented matrix is its transpose, and so is every window.
    """

    entries: object  # core.trace.JacobianEntries
    convention: str
    shape_text: str
    row_labels: Sequence[str]
    col_labels: Sequence[str]
    caption: str = ""
    row_template: str = ""
    col_template: str = ""

    @property
    def shape(self) -> tuple[int, int]:
        rows, cols = self.entries.shape
        return (rows, cols) if self.convention == NUMERATOR else (cols, rows)

    @property
    def computed_by(self) -> str:
        """Which lines of the presented matrix cost one VJP each (a table fetches few of them at once)."""
        return "rows" if self.convention == NUMERATOR else "columns"

    def window(self, rows: slice, cols: slice) -> np.ndarray:
        if self.convention == NUMERATOR:
            return self.entries.window(rows, cols)
        return self.entries.window(cols, rows).T

    def sample(self) -> np.ndarray:
        """A few whole rows of the numerator-layout matrix, evenly spread (each row costs one VJP)."""
        rows, cols = self.entries.shape
        count = max(1, min(rows, 8, SAMPLE // max(cols, 1)))
        picks = np.unique(np.linspace(0, rows - 1, count).astype(int))
        return np.concatenate([self.entries.window(slice(i, i + 1)).ravel() for i in picks])

    def row_tip(self, i: int) -> str:
        return _tip(self.row_template, self.row_labels[i])

    def col_tip(self, j: int) -> str:
        return _tip(self.col_template, self.col_labels[j])


# --------------------------------------------------------------- gradients
def _esc(name: str) -> str:
    return name.replace("{", "{{").replace("}", "}}")


def _tips(num: str, den: str) -> tuple[str, str]:
    """Header tooltip templates of ∂num/∂den: a row of numerator layout is one entry of num
    ("∂z₂/∂W"), a column one entry of den ("∂z/∂W₁₂")."""
    return f"∂{{}}/∂{_esc(den)}", f"∂{_esc(num)}/∂{{}}"


def gradient(
    grad: np.ndarray,
    node_shape: Shape,
    convention: str,
    out_shape: Shape = (),
    out_label: str = "L",
    node_label: str = "x",
) -> Presented:
    """∂L/∂node as a matrix. out_shape ≠ () for a full-Jacobian trace (grad = out_shape + node_shape)."""
    check(convention)
    grad = np.asarray(grad, dtype=float)
    out, node = out_label, node_label
    row_tip, col_tip = _tips(out, node)
    if out_shape:
        jac = grad.reshape(size(out_shape), size(node_shape))
        rows, cols = Labels(out, out_shape), Labels(node, node_shape)
        if convention == NUMERATOR:
            return Presented(
                jac,
                matrix_text(out_shape, node_shape),
                rows,
                cols,
                f"rows: entries of {out}, columns: entries of {node}",
                row_tip,
                col_tip,
            )
        return Presented(
            jac.T,
            matrix_text(node_shape, out_shape),
            cols,
            rows,
            f"rows: entries of {node}, columns: entries of {out}",
            col_tip,
            row_tip,
        )
    matrix = gradient_matrix(grad, node_shape, convention)
    if len(node_shape) == 2:
        n, m = node_shape
        by_row = [row_label(node, i) for i in range(n)]
        by_col = [column_label(node, j) for j in range(m)]
        if convention == NUMERATOR:
            return Presented(
                matrix.copy(),
                f"{m}×{n}",
                by_col,
                by_row,
                f"entry ({indexable(node)}·ⱼ, {indexable(node)}ᵢ·) = ∂{out}/∂{indexable(node)}ᵢⱼ:"
                f" the transpose of {node}'s shape",
                col_tip,
                col_tip,
            )
        return Presented(matrix.copy(), f"{n}×{m}", by_row, by_col, f"the shape of {node}", col_tip, col_tip)
    labels = Labels(node, node_shape)
    if convention == NUMERATOR:
        return Presented(matrix, f"1×{size(node_shape)}", [out], labels, "a row", row_tip, col_tip)
    return Presented(matrix.copy(), f"{size(node_shape)}×1", labels, [out], "a column", col_tip, row_tip)


def gradient_matrix(grad: np.ndarray, node_shape: Shape, convention: str) -> np.ndarray:
    """The matrix of gradient() for a scalar L, without its labels (what a badge shows): a
    matrix node's gradient transposed in numerator layout, any other a row (numerator) or a column."""
    grad = np.asarray(grad, dtype=float)
    if len(node_shape) == 2:
        return grad.T if check(convention) == NUMERATOR else grad
    flat = grad.reshape(1, size(node_shape))
    return flat if check(convention) == NUMERATOR else flat.T


def gradient_shape_text(node_shape: Shape, convention: str, out_shape: Shape = ()) -> str:
    """The shape text of gradient() without building the matrix."""
    check(convention)
    if out_shape:
        return matrix_text(out_shape, node_shape) if convention == NUMERATOR else matrix_text(node_shape, out_shape)
    if len(node_shape) == 2:
        n, m = node_shape
        return f"{m}×{n}" if convention == NUMERATOR else f"{n}×{m}"
    n = size(node_shape)
    return f"1×{n}" if convention == NUMERATOR else f"{n}×1"


def symbol(out_label: str, node_label: str) -> str:
    """∂L/∂u of two labels as cards show them (core.naming: θ for theta)."""
    return f"∂{out_label}/∂{node_label}"


def gradient_label(out_label: str, node_label: str, node_shape: Shape, convention: str, out_shape: Shape = ()) -> str:
    """ "∂L/∂u  1×3" (numerator) or "∂L/∂u  3×1" (denominator)."""
    return f"{symbol(out_label, node_label)}  {gradient_shape_text(node_shape, convention, out_shape)}"


# --------------------------------------------------------- local Jacobians
def jacobian(
    jac: np.ndarray, out_shape: Shape, in_shape: Shape, convention: str, out_label: str = "y", in_label: str = "x"
) -> Presented:
    """∂out/∂in flattened in C order: numerator |O|×|I|, denominator its transpose |I|×|O|."""
    check(convention)
    mat = np.asarray(jac, dtype=float).reshape(size(out_shape), size(in_shape))
    rows, cols, note, (row_tip, col_tip) = _jacobian_sides(out_shape, in_shape, out_label, in_label)
    if convention == NUMERATOR:
        return Presented(mat, matrix_text(out_shape, in_shape), rows, cols, note, row_tip, col_tip)
    return Presented(
        mat.T, matrix_text(in_shape, out_shape), cols, rows, (note + ", transposed").lstrip(", "), col_tip, row_tip
    )


def jacobian_entries(entries, convention: str, out_label: str = "y", in_label: str = "x") -> PresentedEntries:
    """As jacobian(), for a trace's JacobianEntries: no entry is computed until a window is asked for."""
    check(convention)
    out_shape, in_shape = tuple(entries.out_shape), tuple(entries.in_shape)
    rows, cols, note, (row_tip, col_tip) = _jacobian_sides(out_shape, in_shape, out_label, in_label)
    if convention == NUMERATOR:
        return PresentedEntries(
            entries, convention, matrix_text(out_shape, in_shape), rows, cols, note, row_tip, col_tip
        )
    return PresentedEntries(
        entries,
        convention,
        matrix_text(in_shape, out_shape),
        cols,
        rows,
        (note + ", transposed").lstrip(", "),
        col_tip,
        row_tip,
    )


def _jacobian_sides(out_shape: Shape, in_shape: Shape, out_label: str, in_label: str):
    """Numerator-layout row and column labels, the caption and the header tooltips of ∂out/∂in."""
    out, inp = out_label, in_label
    order = len(out_shape) + len(in_shape)
    note = f"a tensor of order {order}, flattened" if order > 2 else ""
    return Labels(out, out_shape), Labels(inp, in_shape), note, _tips(out, inp)


def jacobian_shape_text(out_shape: Shape, in_shape: Shape, convention: str) -> str:
    check(convention)
    return matrix_text(out_shape, in_shape) if convention == NUMERATOR else matrix_text(in_shape, out_shape)


def shape_equation(out_shape: Shape, in_shape: Shape, convention: str, lead_shape: Shape = ()) -> str:
    """The product of one backward step input, with the sizes of the flattened matrices.

    numerator: gradient arriving · local Jacobian = contribution, (1×3)·(3×2) = (1×2);
    denominator: Jᵀ · gradient = contribution, (2×3)·(3×1) = (2×1);
    a matrix variable W (3×2): (1×3)·(3×6) = (1×6), then shown_as() says how it is shown.
    lead_shape is the output's shape for a full-Jacobian trace.
    """
    check(convention)
    lead, o, i = flat(lead_shape), flat(out_shape), flat(in_shape)
    if convention == NUMERATOR:
        return f"({lead}×{o})·({o}×{i}) = ({lead}×{i})"
    return f"({i}×{o})·({o}×{lead}) = ({i}×{lead})"


# ---------------------------------------------------------------- tangents
def tangent(t: np.ndarray, node_shape: Shape, convention: str, node_label: str = "x") -> Presented:
    """A forward-mode tangent ∂u/∂s along one direction: numerator a column |u|×1, denominator a row."""
    check(convention)
    n = size(node_shape)
    labels = Labels(node_label, node_shape)
    col = np.asarray(t, dtype=float).reshape(n, 1)
    if convention == NUMERATOR:
        return Presented(col, f"{n}×1", labels, ["·v"], "a column")
    return Presented(col.T.copy(), f"1×{n}", ["·v"], labels, "a row")


def tangent_shape_text(node_shape: Shape, convention: str) -> str:
    n = size(node_shape)
    return f"{n}×1" if check(convention) == NUMERATOR else f"1×{n}"


def tangent_equation(out_shape: Shape, in_shape: Shape, convention: str) -> str:
    """Forward mode: numerator J · ṫ = contribution (3×2)·(2×1) = (3×1); denominator ṫᵀ · Jᵀ."""
    o, i = flat(out_shape), flat(in_shape)
    if check(convention) == NUMERATOR:
        return f"({o}×{i})·({i}×1) = ({o}×1)"
    return f"(1×{i})·({i}×{o}) = (1×{o})"


def short_presented(p: Presented, max_items: int = 4) -> str:
    """A presented matrix as text: rows of a 1×n matrix inline, columns marked with ᵀ."""
    return short_matrix(p.matrix, max_items)


def structure_product(structures: list[str], among_others: bool = False) -> str:
    """Local Jacobians' structures joined by " · ". One written two ways ("δₖᵢ aⱼ, i.e. I ⊗ aᵀ")
    is bracketed in a product (or, `among_others`, in a sum of products), so that it reads as one
    factor, never as the index form times the Kronecker form."""
    shown = [s for s in structures if s]
    if len(shown) > 1 or among_others:
        shown = [f"[{s}]" if ", i.e. " in s else s for s in shown]
    return " · ".join(shown)


def transposed_structure(structure: str, plain: Mapping[str, str] | None = None) -> str:
    """The structure text of an op's ∂out/∂in (`OpDef.structures`), written for its transpose,
    the matrix the denominator layout shows: "1ᵀ (a row of ones)" is "1 (a column of ones)",
    "2xᵀ (a row)" is "2x (a column)", "A (the matrix itself)" is "Aᵀ (the matrix transposed)";
    I, diag(…) and the other symmetric ones stay as they are. A text not that simple (an index
    form, a Kronecker product) says ", transposed" after it. `plain`: an operand's name -> the
    name of the matrix it is the transpose of (an operand a transpose card computes, known from
    the graph: transpose₁(W) -> W), whose transpose is written so. An op whose texts these
    rules cannot write declares its own (OpDef.structure_transposed)."""
    main, note = _split_note(structure)
    if not main:
        return structure
    if main.lstrip("−") in ("I", "1") or _symmetric(main):
        return structure
    swapped = {"a row": "a column", "a column": "a row", "the matrix itself": "the matrix transposed"}
    flipped = next((new + note[len(old) :] for old, new in swapped.items() if note.startswith(old)), note)
    shown = None
    if main.count("ᵀ") == 1 and "⊗" not in main and ", " not in main:
        head, tail = main.split("ᵀ")
        # 2xᵀ, 2(a − y)ᵀ, 1ᵀ/n, −log sᵀ, (s·Σy − y)ᵀ with s = softmax(z)
        if not tail or (tail.startswith("/") and " " not in tail) or tail.startswith(" with "):
            shown = head + tail
    elif note == "the matrix itself":  # ∂(Ax)/∂x = A
        shown = _transposed_matrix(main, plain or {})
    elif _KRONECKER_ONES.fullmatch(main):  # (1₄ ⊗ I₃)ᵀ = 1₄ᵀ ⊗ I₃: a column of ones becomes a row
        shown = re.sub(r"\b1([₀-₉]+)", r"1\1ᵀ", main)
    elif main.startswith("column ") or main.startswith("row "):  # a scalar broadcast to every entry
        word, rest = main.split(" ", 1)
        shown = f"{'row' if word == 'column' else 'column'} {rest}"
    if shown is None:
        return f"{structure}, transposed"
    return f"{shown} ({flipped})" if note else shown


def _transposed_matrix(name: str, plain: Mapping[str, str]) -> str:
    """A matrix's transpose as text: Wᵀ; the transpose of a transpose (Wᵀ, or a transpose card's
    output, in `plain`) is W."""
    if name in plain:
        return plain[name]
    if name.endswith("ᵀ") and len(name) > 1:
        return name[:-1]
    return name + "ᵀ"


_KRONECKER_ONES = re.compile(r"−?\(?[1I][₀-₉]+ ⊗ [1I][₀-₉]+\)?")


def _split_note(structure: str) -> tuple[str, str]:
    """ "1ᵀ (a row of ones)" -> ("1ᵀ", "a row of ones"); a text without a closing note -> (text, "")."""
    if not structure.endswith(")") or " (" not in structure:  # (a note opens after a space)
        return structure, ""
    depth = 0
    for i in range(len(structure) - 1, -1, -1):
        depth += (structure[i] == ")") - (structure[i] == "(")
        if depth == 0:
            if i > 0 and structure[i - 1] == " ":
                return structure[: i - 1], structure[i + 1 : -1]
            return structure, ""
    return structure, ""


def _symmetric(main: str) -> bool:
    """diag(…) alone: its own transpose."""
    body = main.lstrip("−")
    if not (body.startswith("diag(") and body.endswith(")")):
        return False
    # diag(x)(1₄ ⊗ I₃) is a product, not symmetric: some ")" inside closes diag's "(" before the
    # end (more ")" than "(" up to it). Jumping from one ")" to the next: these texts are short
    # on brackets, long on letters
    inside = body[5:-1]
    opened = closed = seen = 0
    at = inside.find(")")
    while at != -1:
        opened += inside.count("(", seen, at)  # (counted from the ")" before: linear in the text)
        closed, seen = closed + 1, at
        if opened < closed:
            return False
        at = inside.find(")", at + 1)
    return True
