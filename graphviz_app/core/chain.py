"""The chain rule written out along every path from a variable to the output.

For each path the gradient is a product of Jacobian factors, read from the
output back to the variable: ∂L/∂θ = ∂L/∂e · ∂e/∂θ (numerator layout) or
∇θL = (∂e/∂θ)ᵀ · ∇ₑL (denominator layout, seed 002). On a path where the user
named some intermediate nodes, the unnamed ones are folded into the
neighbouring factor, so a graph reads like the worked example it was built
from; on a path with no named intermediate node (a graph built with the mouse)
every node starts a factor. Nodes are written as their cards name them
(core.naming), never by id. The paths' products are summed (the sum rule) and
compared with the gradient of the trace.

The numbers are the trace's dense local Jacobians multiplied along the path:
the chain rule made explicit, nothing is differentiated here.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING

if TYPE_CHECKING:  # networkx is imported where it is used: it is slow to import
    import networkx as nx
import numpy as np

from . import conventions as cv
from .domain_check import first_undefined
from .graph import Edge, Graph
from .naming import display_labels, operand_names
from .number_text import fmt_number
from .ops import get_op
from .trace import BackwardTrace

MAX_PATHS = 20
FACTOR_LIMIT = 40_000  # entries of a factor matrix shown and multiplied

Shape = tuple[int, ...]


@dataclass
class Factor:
    symbol: str  # "∂L/∂e" (numerator) or "(∂e/∂θ)ᵀ" (denominator)
    readable: str  # "2eᵀ", "−Φ"; "" when no short name exists
    shape_text: str  # "1×4" (flattened)
    rows: Shape  # the factor's row side as a tensor shape
    cols: Shape
    matrix: np.ndarray | None  # in the chosen layout; None when too large
    structure: str  # the local Jacobians' structures, joined by " · "
    nodes: list[str]  # the segment's nodes, from the output side to the variable side
    note: str = ""


@dataclass
class PathReport:
    edges: list[Edge]  # from the variable to the output
    nodes: list[str]
    factors: list[Factor]
    product_text: str  # "∂L/∂e · ∂e/∂θ"
    readable_text: str  # "2eᵀ · (−Φ)"; "" when a factor has no short name
    shape_equation: str  # "(1×4)·(4×2) = (1×2)"
    result: cv.Presented | None  # this path's product, in the layout of the gradient
    note: str = ""


@dataclass
class ChainReport:
    variable: str
    variable_label: str
    output: str
    output_label: str
    convention: str
    mode: str  # the trace's mode: "vjp" or "jacobian"
    lhs: str  # "∂L/∂θ"
    paths: list[PathReport] = field(default_factory=list)
    total_paths: int = 0
    omitted: int = 0
    path_sum: cv.Presented | None = None  # the sum rule over all paths
    gradient: cv.Presented | None = None  # from the trace
    agrees: bool | None = None  # None: could not be checked (omitted paths, too large)
    message: str = ""

    @property
    def summary(self) -> str:
        if self.agrees is True:
            if self.total_paths == 1:
                return "✓ the one path's product equals the gradient of the backward pass"
            return f"✓ the sum over {paths_text(self.total_paths)} equals the gradient of the backward pass"
        if self.agrees is False:
            return "✗ the sum over the paths differs from the gradient of the backward pass"
        return self.message


# ------------------------------------------------------------------ paths
def paths_text(count: int, more: str = "") -> str:
    """1 path, 3 paths, 3 more paths (more: a word before path)."""
    words = f"{count} {more} path" if more else f"{count} path"
    return words if count == 1 else words + "s"


def _subgraph(graph: Graph, variable: str, output: str) -> nx.MultiDiGraph:
    import networkx as nx  # here, not at the top: it is slow to import

    keep = (nx.descendants(graph.nx, variable) & (graph.ancestors(output) | {output})) | {variable}
    return graph.nx.subgraph(keep)


def count_paths(sub: nx.MultiDiGraph, source: str, target: str) -> int:
    """Number of edge paths source → target in a DAG (parallel edges count separately)."""
    counts = {n: 0 for n in sub}
    counts[source] = 1
    import networkx as nx

    for n in nx.topological_sort(sub):
        for _, v in sub.out_edges(n):
            counts[v] += counts[n]
    return counts.get(target, 0)


# ---------------------------------------------------------------- numbers
def defined_product(a: np.ndarray, b: np.ndarray) -> np.ndarray:
    """a @ b where an exact 0 times an undefined number (nan, ±∞) counts as 0: the structural zeros
    of a diagonal Jacobian must not spread one entry's nan over the whole row (the VJPs never multiply
    those zeros). An entry where an undefined number meets a non-zero one is undefined, as the plain
    product says. The VJPs do multiply a zero gradient by an undefined partial (mul passes back g·b,
    and 0·∞ is nan there), so the backward pass can be undefined where this product gives a number:
    chain_report says so rather than calling it a disagreement."""
    fa, fb = np.isfinite(a), np.isfinite(b)
    with np.errstate(invalid="ignore", over="ignore"):  # (an overflow to ∞ says so itself)
        if fa.all() and fb.all():
            return a @ b
        out = np.where(fa, a, 0.0) @ np.where(fb, b, 0.0)
        touched = (~fa @ (b != 0)) | ((a != 0) @ ~fb)  # (boolean products: some term is undefined)
        for i in np.flatnonzero(touched.any(axis=1)):  # those rows' terms, 0 where a factor is 0
            terms = a[i, :, None] * b
            terms[(a[i, :, None] == 0) | (b == 0)] = 0.0
            row = terms.sum(axis=0)
            out[i, touched[i]] = row[touched[i]]
    return out


# ------------------------------------------------------------- readable
def _local_readable(graph: Graph, trace: BackwardTrace, edge: Edge) -> tuple[int, str] | None:
    """(sign, text) of ∂consumer/∂source in numerator layout, as the op declares it; "I" is the identity."""
    node = graph.node(edge.dst)
    step = trace.step_of(edge.dst)
    if node.op is None or step is None:
        return None
    sources = graph.inputs_of(edge.dst)  # (every port: a constant has no input step)
    shapes = [np.shape(trace.values[sources[p]]) for p in sorted(sources)]
    names = operand_names(graph, edge.dst)
    text = get_op(node.op).readable_factor(edge.port, shapes, names, node.params)
    if not text:
        return None
    return (-1, text[1:]) if text.startswith("−") else (1, text)


def _combine(parts: list[tuple[int, str] | None]) -> str:
    if any(p is None for p in parts):
        return ""
    sign = 1
    texts = []
    for s, t in parts:  # type: ignore[misc]
        sign *= s
        if t not in ("I", "1"):
            texts.append(t)
    identity = "I" if any(t == "I" for _s, t in parts) else "1"  # type: ignore[misc]
    if len(texts) > 1 or sign < 0:  # 3 · (1 − tanh² x), −(1 − tanh² x): a sum in a product is bracketed
        texts = [_bracket_sum(t) for t in texts]
    body = " · ".join(texts) if texts else identity
    return ("−" if sign < 0 else "") + body


def _transpose_text(text: str) -> str:
    if not text:
        return ""
    sign = "−" if text.startswith("−") else ""
    body = text[len(sign) :]
    if body in ("I", "1") or _one_group(body, "diag("):
        return text
    if _one_group(body, "("):  # (1₈ ⊗ I₄): bracketed already
        return sign + body + "ᵀ"
    if " · " in body:
        parts = body.split(" · ")
        return sign + " · ".join(_transpose_text(p) for p in reversed(parts))
    if body.endswith("ᵀ"):
        inner = body[:-1]
        if inner.startswith("(") and inner.endswith(")"):
            inner = inner[1:-1]
        return sign + inner
    return sign + (body + "ᵀ" if len(body) <= 3 or body.isalnum() else f"({body})ᵀ")


def _one_group(body: str, opening: str) -> bool:
    """Whether body is one bracketed group that begins with opening: diag(x) is, diag(x)(1₈ ⊗ I₄) is not."""
    if not (body.startswith(opening) and body.endswith(")")):
        return False
    depth = 0
    for i, c in enumerate(body):
        depth += (c == "(") - (c == ")")
        if depth == 0 and i >= len(opening) - 1 and i < len(body) - 1:
            return False
    return True


def _is_sum(text: str) -> bool:
    """Whether text is a sum or difference outside any bracket: 1 − tanh² x is, diag(1 − tanh² x) is not."""
    depth = 0
    for i, c in enumerate(text):
        depth += (c in "([") - (c in ")]")
        if depth == 0 and c in "+−" and 0 < i < len(text) - 1 and text[i - 1] == " " == text[i + 1]:
            return True
    return False


def _bracket_sum(text: str) -> str:
    return f"({text})" if _is_sum(text) else text


def _in_product(text: str) -> str:
    """A factor as it stands in a product: a leading sign or a sum is bracketed (3 · (1 − tanh² x))."""
    return f"({text})" if text.startswith("−") or _is_sum(text) else text


# ------------------------------------------------------------------ report
def chain_report(
    graph: Graph, trace: BackwardTrace, variable: str, convention: str, max_paths: int = MAX_PATHS
) -> ChainReport:
    """Every path from variable to the trace's output as a product of Jacobian factors."""
    cv.check(convention)
    variable = graph.node_id(variable)
    output = trace.output
    labels = display_labels(graph)
    var_label, out_label = labels[variable], labels.get(output, trace.output_label)
    jac_mode = trace.mode == "jacobian" and trace.output_shape != ()
    lead: Shape = trace.output_shape if jac_mode else ()
    var_shape = np.shape(trace.values[variable]) if variable in trace.values else ()
    lhs = cv.symbol(out_label if (trace.output_shape == () or jac_mode) else "L", var_label)
    if jac_mode and convention == cv.DENOMINATOR:  # the Jacobian transposed, named as the Inspector does
        lhs = f"({lhs})ᵀ"
    report = ChainReport(variable, var_label, output, out_label, convention, trace.mode, lhs)
    if variable not in trace.gradients:
        if graph.node(variable).kind == "constant" and variable in graph.ancestors(output):
            report.message = (  # (it does influence the output: saying "zero" would be false)
                f'"{var_label}" is a constant: the backward pass takes no gradient with respect to constants;'
                f" make it a variable to follow ∂{out_label}/∂{var_label}"
            )
        else:
            report.message = f'"{var_label}" does not influence the output "{out_label}": its gradient is zero'
        return report
    grad = trace.gradients[variable]
    report.gradient = cv.gradient(grad, var_shape, convention, lead, out_label, var_label)
    if variable == output:
        report.message = f'"{var_label}" is the output itself'
        return report

    sub = _subgraph(graph, variable, output)
    report.total_paths = count_paths(sub, variable, output)
    shown = []
    import networkx as nx

    for path in nx.all_simple_edge_paths(sub, variable, output):
        shown.append([Edge(*e) for e in path])
        if len(shown) >= max_paths:
            break
    report.omitted = report.total_paths - len(shown)
    seed_factor = _seed_factor(trace, convention, jac_mode, out_label)
    report.paths = [_path_report(graph, labels, trace, edges, convention, lead, seed_factor) for edges in shown]

    results = [p.result for p in report.paths]
    if report.omitted:
        report.message = (
            f"{paths_text(report.omitted, 'more')} not shown; the sum rule is checked only when every path is shown"
        )
    elif any(r is None for r in results):
        report.message = "a factor is too large to multiply here; the gradient comes from the backward pass"
    else:
        total = sum(r.matrix for r in results)  # type: ignore[union-attr]
        report.path_sum = cv.Presented(
            total,
            report.gradient.shape_text,
            report.gradient.row_labels,
            report.gradient.col_labels,
            "sum over the paths",
        )
        matrix = report.gradient.matrix
        defined = np.isfinite(total) & np.isfinite(matrix)
        scale = max(1.0, float(np.abs(matrix[defined]).max(initial=0.0)))  # (an inf says nothing of scale)
        # an entry undefined on both sides (nan, ±∞, whichever each computed) is one undefined
        # number, not a disagreement; a number by the paths only is one too when a factor is
        # undefined (the paths count 0·∞ as 0, the backward pass may not: defined_product);
        # a number by the backward pass only is a disagreement
        by_paths_only = np.isfinite(total) & ~np.isfinite(matrix)
        report.agrees = bool(
            not (np.isfinite(matrix) & ~np.isfinite(total)).any()
            and (not by_paths_only.any() or _has_undefined_factor(report.paths))
            and np.allclose(total[defined], matrix[defined], rtol=1e-9, atol=1e-12 * scale)
        )
        if report.agrees and not defined.all():  # nothing to check there: say why instead
            report.agrees = None
            report.message = _undefined_message(graph, trace, report.lhs, total, matrix, set(sub))
    return report


def _undefined_words(values: np.ndarray) -> str:
    """The undefined numbers among values, signed as computed: "nan", "−∞", "nan and ∞"."""
    words = [
        word
        for word, present in (
            ("nan", np.isnan(values).any()),
            ("∞", np.isposinf(values).any()),
            ("−∞", np.isneginf(values).any()),
        )
        if present
    ]
    return " and ".join(words)


def _undefined_message(
    graph: Graph, trace: BackwardTrace, lhs: str, total: np.ndarray, matrix: np.ndarray, on: set[str]
) -> str:
    """Entries not a number (nan or ±∞) by the backward pass: nothing to compare there; what each
    side gives, and where that began on the paths shown (on: their nodes), as the Inspector says it."""
    bad = ~np.isfinite(matrix)
    what = f"{lhs} is undefined" if bad.all() else f"Some entries of {lhs} are undefined"
    both, backward_only = bad & ~np.isfinite(total), bad & np.isfinite(total)
    parts = []
    if both.any():
        by_paths, by_backward = _undefined_words(total[both]), _undefined_words(matrix[both])
        if by_paths == by_backward:
            parts.append(f"{by_paths} by the sum over the paths and by the backward pass alike")
        else:
            parts.append(f"{by_paths} by the sum over the paths, {by_backward} by the backward pass")
    if backward_only.any():
        numbers = total[backward_only]
        given = fmt_number(float(numbers[0])) if np.all(numbers == numbers[0]) else "numbers"
        parts.append(
            f"{'elsewhere ' if parts else ''}{_undefined_words(matrix[backward_only])} by the backward pass, "
            f"which takes 0·∞ as undefined, but {given} by the sum over the paths, which counts 0·∞ as 0"
        )
    text = f"{what} ({'; '.join(parts)})"
    why = first_undefined(graph, trace, on)
    return f"{text}, because {why}" if why else text


def _has_undefined_factor(paths: list[PathReport]) -> bool:
    """Some factor of some path has an undefined entry: where the two sides may count 0·∞ apart."""
    return any(f.matrix is not None and not np.isfinite(f.matrix).all() for p in paths for f in p.factors)


def _seed_factor(trace: BackwardTrace, convention: str, jac_mode: bool, label: str) -> Factor | None:
    """A vector output with a chosen seed s: L = ⟨s, y⟩ starts the product with sᵀ."""
    if jac_mode or trace.output_shape == ():
        return None
    out = trace.output_shape
    flat = np.asarray(trace.seed, dtype=float).reshape(1, cv.size(out))
    if convention == cv.NUMERATOR:
        return Factor(cv.symbol("L", label), "sᵀ", cv.matrix_text((), out), (), out, flat, "the seed", [trace.output])
    return Factor(
        cv.symbol("L", label), "s", cv.matrix_text(out, ()), out, (), flat.T.copy(), "the seed", [trace.output]
    )


def _segments(graph: Graph, edges: list[Edge]) -> list[list[Edge]]:
    """Split a path (variable → output) into factors: at named nodes, the unnamed ones folded
    (the user named the nodes the worked example names); with no named node in between,
    at every node (nothing tells which to fold: each card is a factor)."""
    inner = [graph.node(e.dst) for e in edges[:-1]]
    split_all = not any(n.name for n in inner)
    segments: list[list[Edge]] = [[]]
    for edge, node in zip(edges, inner + [None]):
        segments[-1].append(edge)
        if node is not None and (split_all or node.name):
            segments.append([])
    return segments


def _factor(graph: Graph, labels: dict[str, str], trace: BackwardTrace, segment: list[Edge], convention: str) -> Factor:
    """∂(segment end)/∂(segment start): the product of its local Jacobians, output side first."""
    top, bottom = segment[-1].dst, segment[0].src
    top_shape, bottom_shape = np.shape(trace.values[top]), np.shape(trace.values[bottom])
    top_label, bottom_label = labels[top], labels[bottom]
    structures, transposed, mats, note = [], [], [], ""
    for edge in reversed(segment):
        inp = trace.step_of(edge.dst).input_at(edge.port)
        structures.append(inp.structure)
        transposed.append(inp.transposed_structure)
        out_size = cv.size(np.shape(trace.values[edge.dst]))
        if inp.jacobian is None or out_size * cv.size(inp.in_shape) > FACTOR_LIMIT:
            note = "too large to show: see the structure"
        else:
            mats.append(inp.jacobian.reshape(out_size, cv.size(inp.in_shape)))
    matrix = None
    if not note:
        matrix = mats[0]
        for m in mats[1:]:
            matrix = defined_product(matrix, m)
    readable = _combine([_local_readable(graph, trace, e) for e in reversed(segment)])
    sym = cv.symbol(top_label, bottom_label)
    nodes = [top] + [e.src for e in reversed(segment)]
    if convention == cv.NUMERATOR or (top_shape == () and bottom_shape == ()):  # a scalar needs no transpose
        return Factor(
            sym,
            readable,
            cv.matrix_text(top_shape, bottom_shape),
            top_shape,
            bottom_shape,
            matrix,
            cv.structure_product(structures),
            nodes,
            note,
        )
    return Factor(
        f"({sym})ᵀ",
        _transpose_text(readable),
        cv.matrix_text(bottom_shape, top_shape),
        bottom_shape,
        top_shape,
        None if matrix is None else matrix.T.copy(),
        _transposed_structure(structures, transposed),
        nodes,
        note,
    )


def _transposed_structure(structures: list[str], transposed: list[str]) -> str:
    """The structure of (A · B)ᵀ: the product's, transposed as a whole (reversing the factors alone
    would describe the untransposed shapes). transposed: each structure written for its transpose."""
    shown = [t for s, t in zip(structures, transposed) if s]
    written = shown[0] if len(shown) == 1 else ""
    if written and not written.endswith(", transposed"):  # 1ᵀ (a row of ones) is 1 (a column of ones)
        return written
    product = cv.structure_product(structures)
    return f"({product})ᵀ" if product else ""


def _path_report(graph, labels, trace, edges, convention, lead: Shape, seed_factor: Factor | None) -> PathReport:
    segments = _segments(graph, edges)
    factors = [_factor(graph, labels, trace, seg, convention) for seg in reversed(segments)]  # output side first
    if seed_factor is not None:
        factors.insert(0, seed_factor)
    var = edges[0].src
    var_shape = np.shape(trace.values[var])
    if convention == cv.DENOMINATOR:
        factors.reverse()  # ∇θL = J₁ᵀ … Jₖᵀ ∇L
        # the last factor of a scalar output is the gradient column ∂L/∂e itself
        if seed_factor is None and not lead and factors[-1].symbol.startswith("("):
            f = factors[-1]
            f.symbol = f.symbol[1:-2]
    nodes = [var] + [e.dst for e in edges]
    product_text = " · ".join(f.symbol for f in factors)
    readable = ""
    if all(f.readable for f in factors):  # a lone factor needs no brackets round its sign
        readable = factors[0].readable if len(factors) == 1 else " · ".join(_in_product(f.readable) for f in factors)
    sides = [cv.flat(f.rows) + "×" + cv.flat(f.cols) for f in factors]
    first, last = factors[0], factors[-1]
    equation = "·".join(f"({s})" for s in sides) + f" = ({cv.flat(first.rows)}×{cv.flat(last.cols)})"
    if cv.shown_as(var_shape, convention, lead):  # as the Inspector: the product's row is shown as a matrix
        equation += "   " + cv.shown_as(var_shape, convention, lead)
    result, note = None, ""
    if all(f.matrix is not None for f in factors):
        # multiplied from the output side, as the backward pass multiplies (where a 0 meets an
        # undefined number the order matters: (1 −1)·(nan nan)ᵀ is nan, (1 −1)·(1 1)ᵀ · nan is 0)
        mats = [f.matrix for f in factors]
        if convention == cv.NUMERATOR:
            prod_m = mats[0]
            for m in mats[1:]:
                prod_m = defined_product(prod_m, m)
        else:
            prod_m = mats[-1]
            for m in reversed(mats[:-1]):
                prod_m = defined_product(m, prod_m)
        # back to the gradient's own layout (a matrix variable is shown as a matrix)
        flat = prod_m if convention == cv.NUMERATOR else prod_m.T
        lead_n = cv.size(lead) if lead else 1
        grad = flat.reshape((lead_n,) + tuple(var_shape)) if lead else flat.reshape(var_shape)
        if lead:
            grad = grad.reshape(tuple(lead) + tuple(var_shape))
        result = cv.gradient(grad, var_shape, convention, lead, labels[trace.output], labels[var])
    else:
        note = "a factor is too large to show; its structure is given instead"
    return PathReport(edges, nodes, factors, product_text, readable, equation, result, note)
