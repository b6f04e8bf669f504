"""The chain rule of a backward pass as a standalone LaTeX document (amsmath and graphicx only).

For each step: the gradient arriving, and for each input the local Jacobian, the product
with the shape equation, and the input's gradient accumulated so far, every one a `bmatrix`
of numbers to 4 significant digits. Matrices are laid out by `core.conventions`, as the
Inspector shows them: Jacobians of order 3 and 4 are flattened, and their rows and columns
are listed with the Inspector's labels (W₁₂ is W_{12}). The product is written as multiplied,
(1×3)·(3×6) = (1×6) for a matrix W of 3×2, then shown as W's matrix with the Inspector's
"shown as 2×3". A display wider than the text (a 3×12 Jacobian) is shrunk to its width; a
step's heading names the groups holding its node. A collapsed group's steps are followed by its
composite local Jacobian (core.group_trace), J_layer1 = ∂h/∂x, as the window shows it at the
group's step. Qt-free.
"""

from __future__ import annotations

import math
import re
import unicodedata

import numpy as np

from ..core import conventions as cv
from ..core import entry_names
from ..core.composite import CompositeJacobian, stacked_jacobian
from ..core.graph import Graph
from ..core.group_trace import GroupStep, group_trace
from ..core.naming import display_labels
from ..core.ops import get_op
from ..core.step_numbers import numbered_steps
from ..core.trace import BackwardStep, BackwardTrace, InputStep

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


# core.conventions' explanations, written with LaTeX's own symbols (pdflatex knows no ∂ or ·)
_LAYOUT_TEXT = {
    cv.NUMERATOR: r"Numerator layout (gradient as row): $\partial y/\partial x$ has one row per entry of $y$, "
    r"so a gradient is a row and the chain rule reads gradient $\cdot$ Jacobian.",
    cv.DENOMINATOR: r"Denominator layout (gradient as column): a gradient has the shape of its variable "
    r"(a column for a vector), so the chain rule reads $J^{\mathsf{T}} \cdot$ gradient.",
}


# a display as wide as it needs, shrunk to the text width when wider (measured by LaTeX itself:
# the width of a matrix of numbers depends on the font)
_FITWIDTH = (
    r"\newsavebox{\widebox}",
    r"\newcommand{\fitwidth}[1]{\sbox{\widebox}{$\displaystyle #1$}%"
    "\n"
    r"  \ifdim\wd\widebox>\linewidth\resizebox{\linewidth}{!}{\usebox{\widebox}}\else\usebox{\widebox}\fi}",
)


# ----------------------------------------------------------------- pieces
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


def _name(s: str) -> str:
    """A node's label as its card shows it, in math (θ -> \\theta)."""
    return label(s)


def partial(out: str, node: str) -> str:
    return rf"\frac{{\partial {_name(out)}}}{{\partial {_name(node)}}}"


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


def _matrix(m: np.ndarray) -> str:
    """A 1×1 matrix as its number, anything larger as a bmatrix."""
    return number(float(m[0, 0])) if m.shape == (1, 1) else bmatrix(m)


def presented(p: cv.Presented) -> str:
    """A scalar as its number, anything larger as a bmatrix."""
    return _matrix(p.matrix)


def _labels_line(p: cv.Presented) -> str:
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


def _fitted(math: str) -> str:
    """A display: one holding a matrix is set by \\fitwidth, which shrinks it to the text width
    only when it is wider (a 3×12 Jacobian of 4-digit numbers is); others as they are."""
    body = r"\fitwidth{" + math + "}" if r"\begin{bmatrix}" in math else math
    return "\\[\n" + body + "\n\\]"


def _product(lhs: str, factors: tuple[str, str], result: str, wide: bool) -> str:
    """lhs = A · B = C, aligned on =; the factors on two lines when they would not fit on one."""
    a, b = factors
    middle = f"&= {a} " + "\\\\\n" + rf"&\quad \cdot {b}" if wide else rf"&= {a} \cdot {b}"
    return _fitted("\\begin{aligned}\n" + lhs + " " + middle + " \\\\\n&= " + result + "\n\\end{aligned}")


def _display(lhs: str, rhs: str) -> str:
    return _fitted(lhs + " = " + rhs)


def _shape_words(jac: cv.Presented, order: int) -> str:
    """A Jacobian's shape: "shape $3\\times 2$"; of order 3 or 4, the flattened matrix's size first
    (it is what a product multiplies), then the tensor's."""
    if order <= 2:
        return f"shape ${shape_math(jac.shape_text)}$"
    rows, cols = jac.matrix.shape
    return rf"shape ${rows}\times {cols}$: a tensor of order {order}, ${shape_math(jac.shape_text)}$, flattened"


# --------------------------------------------------------------- document
class _Writer:
    def __init__(self, graph: Graph, trace: BackwardTrace, layout: str) -> None:
        self.graph = graph
        self.trace = trace
        self.layout = cv.check(layout)
        self.names = display_labels(graph)
        self.lead = tuple(trace.output_shape) if trace.mode == "jacobian" else ()
        output = self.names.get(trace.output, trace.output_label)
        self.out = output if trace.output_shape == () or trace.mode == "jacobian" else "L"
        self.output = output

    def node(self, node_id: str, fallback: str) -> str:
        return self.names.get(node_id, fallback)

    def gradient(self, grad: np.ndarray, shape, node: str) -> cv.Presented:
        return cv.gradient(grad, tuple(shape), self.layout, self.lead, self.out, node)

    def flat(self, grad: np.ndarray) -> np.ndarray:
        """A gradient as the product multiplies it: numerator a row per entry of the lead
        (one row for a scalar output), entries in C order; denominator its transpose."""
        rows = cv.size(self.lead) if self.lead else 1
        m = np.asarray(grad, dtype=float).reshape(rows, -1)
        return m if self.layout == cv.NUMERATOR else m.T

    def entries(self, node: str, shape) -> str:
        """A matrix's entries in the order a flattened row or column lists them: W_11, W_12, …"""
        first = ", ".join(f"${label(entry_names.index_label(node, (0, j)))}$" for j in range(min(2, shape[1])))
        return f"the entries of ${_name(node)}$ row by row ({first}, \\ldots)"

    def flattened_note(self, name: str, shape, flat_shape) -> str:
        """How a matrix-valued gradient enters the product (the Inspector shows it as a matrix above)."""
        line = "row" if self.layout == cv.NUMERATOR else "column"
        rows, cols = flat_shape
        return f"In the product it is the ${rows}\\times {cols}$ {line} of {self.entries(name, shape)}."

    def reshaped_note(self, source: str, in_shape, contribution: cv.Presented) -> str:
        """What the reshaped result is, in the layout's terms (the Inspector's "shown as 2×3")."""
        line = "row" if self.layout == cv.NUMERATOR else "column"
        shape = shape_math(contribution.shape_text)
        if self.layout == cv.NUMERATOR:
            how = f"the transpose of ${_name(source)}$'s shape, as numerator layout writes a gradient of a matrix"
        else:
            how = f"the shape of ${_name(source)}$"
        return f"That {line} lists {self.entries(source, in_shape)}; it is shown as ${shape}$, {how}:"

    def groups_of(self, node_id: str) -> str:
        """The groups holding a node, as the canvas frames it: ", in layer 1" (", in inner, in outer"
        when nested); "" outside every group."""
        groups = [g for g in self.graph.groups.ordered() if node_id in g.nodes]
        return "".join(rf", in \textit{{{text(g.name)}}}" for g in reversed(groups))

    def step(self, step: BackwardStep) -> list[str]:
        name = self.node(step.node, step.label)
        kind = step.op or self.graph.node(step.node).kind
        # as the Inspector titles it: an unnamed node is called after its op already (sin₂, not sin₂ (sin))
        what = "" if name.rstrip("₀₁₂₃₄₅₆₇₈₉") == kind else f" ({text(kind)})"
        where = self.groups_of(step.node)
        parts = [rf"\section*{{Step {step.index + 1} of {len(self.trace)}: ${_name(name)}${what}{where}}}"]
        grad = self.gradient(step.grad, step.out_shape, name)
        if step.kind == "seed":
            parts.append(
                f"The seed: the output differentiated with respect to itself (shape ${shape_math(grad.shape_text)}$)."
            )
        elif step.kind == "leaf":
            parts.append(f"Its gradient is complete (shape ${shape_math(grad.shape_text)}$).")
        else:
            parts.append(f"Gradient arriving from downstream (shape ${shape_math(grad.shape_text)}$):")
        parts.append(_display(partial(self.out, name), presented(grad)))
        for inp in step.inputs:
            parts.extend(self.input(step, name, grad, inp))
        return parts

    def input(self, step: BackwardStep, name: str, grad: cv.Presented, inp: InputStep) -> list[str]:
        source = self.node(inp.source, inp.source_label)
        # one input: no port to tell apart (the op's inputs, not those shown: a constant has none)
        port = "" if get_op(step.op).arity == 1 else f" {text(inp.port_name)}"
        parts = [rf"\subsection*{{Input{port} $\leftarrow {_name(source)}$}}"]
        jac_symbol = partial(name, source)
        # denominator layout shows the Jacobian transposed (|in| rows), as the Inspector does: say so
        shown_symbol = jac_symbol if self.layout == cv.NUMERATOR else r"\left(" + jac_symbol + r"\right)^{\mathsf{T}}"
        order = len(step.out_shape) + len(inp.in_shape)
        if inp.jacobian is None:
            parts.append(
                rf"Local Jacobian ${jac_symbol}$: too large to write out "
                rf"(${cv.size(step.out_shape)} \times {cv.size(inp.in_shape)}$ entries); its structure: {text(inp.structure)}."
            )
            jac_tex = shown_symbol
        else:
            jac = cv.jacobian(inp.jacobian, step.out_shape, inp.in_shape, self.layout, name, source)
            parts.append(f"Local Jacobian ({_shape_words(jac, order)}):")
            parts.append(_display(shown_symbol, presented(jac)))
            if order > 2:
                parts.append(_labels_line(jac))
            jac_tex = presented(jac)
        contribution = self.gradient(inp.contribution, inp.in_shape, source)
        equation = cv.shape_equation(step.out_shape, inp.in_shape, self.layout, self.lead)
        parts.append(f"The chain rule, with shapes ${shape_math(equation)}$:")
        # the product multiplies flattened matrices: a matrix-valued gradient enters as a row
        # (numerator) or a column (denominator), and the result comes out so before it is shown
        # as the gradient's matrix, as the Inspector's "shown as" says
        arriving = self.flat(step.grad)
        if arriving.shape != grad.matrix.shape:  # a matrix-valued node: say how its gradient enters
            parts.append(self.flattened_note(name, step.out_shape, arriving.shape))
        jac_cols = 1 if inp.jacobian is None else min(cv.size(inp.in_shape), MAX_SHOWN)
        wide = min(arriving.shape[1], MAX_SHOWN) + jac_cols > 14
        if self.layout == cv.NUMERATOR:
            lhs = partial(self.out, name) + r"\," + jac_symbol
            product = (_matrix(arriving), jac_tex)
        else:
            lhs = shown_symbol + r"\," + partial(self.out, name)
            product = (jac_tex, _matrix(arriving))
        result = self.flat(inp.contribution)
        parts.append(_product(lhs, product, _matrix(result), wide))
        if result.shape != contribution.matrix.shape:  # a matrix variable, shown as a matrix
            parts.append(self.reshaped_note(source, inp.in_shape, contribution))
            parts.append(_fitted(presented(contribution)))
        accumulated = self.gradient(inp.accumulated, inp.in_shape, source)
        if inp.path_count == 1:
            parts.append(f"Its only contribution: ${partial(self.out, source)}$ is complete.")
        else:
            parts.append(
                f"Contribution {inp.path_index} of {inp.path_count} to ${partial(self.out, source)}$, "
                "accumulated so far (the sum rule):"
            )
            parts.append(_display(partial(self.out, source), presented(accumulated)))
        return parts

    def group(self, step: GroupStep) -> list[str]:
        """A collapsed group's composite local Jacobian, written after its steps, as the Inspector
        shows it at the group's step: named by the group, J_layer1 = ∂h/∂x, with its shape; with
        several outputs or inputs, the whole Jacobian their blocks make, then each block."""
        t = "" if self.layout == cv.NUMERATOR else r"^{\mathsf{T}}"
        symbol = rf"J_{{\text{{{text(step.name)}}}}}{t}"
        parts = [
            rf"\subsection*{{Composite Jacobian of \textit{{{text(step.name)}}}}}",
            "One Jacobian for the whole group, the product of the local Jacobians inside it"
            + ("" if self.layout == cv.NUMERATOR else " (transposed, as the layout writes it)")
            + ".",
        ]
        if not step.jacobians:  # (a group of variables alone has none: nothing flows into it)
            return [*parts, text(step.note[:1].upper() + step.note[1:]) + "."] if step.note else []
        stacked = stacked_jacobian(step.jacobians, self.layout)
        if stacked is not None:  # (several blocks: none of them is the group's Jacobian alone)
            whole = rf"\left({self.whole(step.jacobians)}\right){t}" if t else self.whole(step.jacobians)
            what = f"shape ${shape_math(stacked.shape_text)}$, {stacked.blocks}"
            if stacked.value is None:
                parts.append(rf"Composite Jacobian ${symbol} = {whole}$ ({what}): a block is too large to write out.")
            else:
                parts.append(f"Composite Jacobian ({what}):")
                parts.append(_display(f"{symbol} = {whole}", presented(stacked.value)))
        for jac in step.jacobians:
            parts.extend(self.composite(jac, None if stacked is not None else symbol, t))
        return parts

    def whole(self, jacobians: list[CompositeJacobian]) -> str:
        """The group's Jacobian of several blocks as its derivative, ∂(x1, x2)/∂t (as
        core.composite.stacked_jacobian names it), outputs and inputs in its order."""

        def listed(names: list[str]) -> str:
            once = list(dict.fromkeys(names))
            math = ", ".join(_name(n) for n in once)
            return rf"\left({math}\right)" if len(once) > 1 else math

        outs = listed([self.node(j.output, j.output_label) for j in jacobians])
        ins = listed([self.node(j.input, j.input_label) for j in jacobians])
        return rf"\frac{{\partial {outs}}}{{\partial {ins}}}"

    def composite(self, jac: CompositeJacobian, symbol: str | None, t: str) -> list[str]:
        """One ∂output/∂input of a group (symbol: the group's Jacobian's name; None for a block
        among several, named by its derivative)."""
        out, source = self.node(jac.output, jac.output_label), self.node(jac.input, jac.input_label)
        derivative = partial(out, source)
        shown = rf"\left({derivative}\right){t}" if t else derivative
        lhs = shown if symbol is None else f"{symbol} = {shown}"
        if jac.value is None:
            size = rf"{cv.size(jac.out_shape)} \times {cv.size(jac.in_shape)}"
            return [
                rf"{'Block' if symbol is None else 'Composite Jacobian'} ${lhs}$: too large to write out "
                rf"(${size}$ entries); its structure: {text(jac.transposed_structure if t else jac.structure)}."
            ]
        matrix = cv.jacobian(jac.value, jac.out_shape, jac.in_shape, self.layout, out, source)
        order = len(jac.out_shape) + len(jac.in_shape)
        zero = "" if jac.connected else "; no path inside the group joins them, so it is zero"
        parts = [f"{'Block' if symbol is None else 'Composite Jacobian'} ({_shape_words(matrix, order)}{zero}):"]
        parts.append(_display(lhs, presented(matrix)))
        if order > 2:
            parts.append(_labels_line(matrix))
        return parts

    def document(self, steps: list[BackwardStep], title: str, groups: dict[int, GroupStep] | None = None) -> str:
        head = [
            r"\documentclass{article}",
            r"\usepackage{amsmath}",
            r"\usepackage{graphicx}",  # \resizebox, for \fitwidth
            r"\setlength{\textwidth}{6.5in}",  # room for matrices side by side, without extra packages
            r"\setlength{\oddsidemargin}{0in}",
            r"\setlength{\evensidemargin}{0in}",
            r"\setcounter{MaxMatrixCols}{40}",
            *_FITWIDTH,
            r"\begin{document}",
            rf"\section*{{{title}}}",
            _LAYOUT_TEXT[self.layout],
        ]
        body: list[str] = []
        for step in steps:
            body.extend(self.step(step))
            if groups and step.index in groups:  # a collapsed group's last step: its composite Jacobian
                body.extend(self.group(groups[step.index]))
        return "\n\n".join(head + body + [r"\end{document}"]) + "\n"


def backward_latex(
    graph: Graph, trace: BackwardTrace, step: int | list[int] | None = None, layout: str = cv.NUMERATOR
) -> str:
    """The document: step `step` (0-based) of trace, or those steps (a collapsed group's, as the
    window steps over it), or every step in order when None."""
    writer = _Writer(graph, trace, layout)
    chosen = None if step is None else [step] if isinstance(step, int) else list(step)
    steps = trace.steps if chosen is None else [trace.steps[k] for k in chosen]
    if chosen is None:
        what = "every step"
    else:
        what = numbered_steps(sorted(chosen), len(trace), sep=" of ").replace("–", "--")  # (LaTeX's en dash)
    title = f"Backward pass of ${_name(writer.output)}$: {what}"
    return writer.document(steps, title, _group_stops(graph, trace, {s.index for s in steps}))


def _group_stops(graph: Graph, trace: BackwardTrace, written: set[int]) -> dict[int, GroupStep]:
    """The collapsed groups stepped over as one (core.group_trace, as the window steps) whose steps
    are all written (a list holding only some of a group's steps writes none), by the trace step at which the
    window shows the group's step: its last."""
    if not graph.groups.visible_collapsed():
        return {}
    at = {s.node: k for k, s in enumerate(trace.steps)}
    stops = {}
    for step in group_trace(graph, trace).steps:
        inner = [at[n] for n in step.nodes] if isinstance(step, GroupStep) else []
        if inner and written.issuperset(inner):
            stops[max(inner)] = step
    return stops
