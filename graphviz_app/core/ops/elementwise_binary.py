"""Elementwise ops of two inputs: + − × ÷ of shapes numpy broadcasts (equal shapes, a scalar with a
tensor, a bias row D with a batch N×D, a column N×1 with N×D)."""

from __future__ import annotations

import numpy as np

from ..entry_names import subscript
from ..errors import EitherHint
from .base import (
    OpDef,
    fmt_shape,
    in_text,
    is_number,
    register,
    shape_error,
    sympy_latex,
    sympy_number,
    tex_name,
    wrapped,
)
from .elementwise import diag_jacobian, named, undiag


def _broadcast_shape(symbol):
    def shape(shapes, params):
        a, b = (tuple(s) for s in shapes)
        if a == b or not b:
            return a
        if not a:
            return b
        try:
            return tuple(np.broadcast_shapes(a, b))
        except ValueError:
            raise shape_error(f"{fmt_shape(a)} {symbol} {fmt_shape(b)}: {_mismatch(a, b)}", _fits(a, b)) from None

    return shape


def _mismatch(a, b) -> str:
    """Why two shapes do not broadcast: the first sizes, paired from the right as numpy pairs them, that differ."""
    m, n = next((m, n) for m, n in zip(reversed(a), reversed(b)) if m != n and 1 not in (m, n))
    return f"shapes do not broadcast (sizes {m} and {n} differ; sizes paired from the right must be equal or 1)"


def _fits(a, b) -> str:
    """The fix, as {0} (a) and {1} (b): the shapes the operand of lower rank (a bias, a scale) could
    take to broadcast with the other, the likeliest first. Of two operands of equal rank, the one
    a card of its own (a variable y) rather than an op's result (matmul(Φ, θ)): the
    value a person just set is the likelier culprit: both fixes, for shape_problem
    to choose by which operand is an op's result."""
    if len(a) != len(b):
        return _fix(a, b, change_b=len(b) < len(a))
    return EitherHint(change_b=_fix(a, b, change_b=True), change_a=_fix(a, b, change_b=False))


def broadcast_fix(a, b, change_b: bool, columns_first: bool = False) -> str:
    """The fix that changes b (else a) so a and b broadcast, as {0} (a) and {1} (b); columns_first:
    a vector is offered as one entry per column first even when its length is the row count (the
    bias of X @ W + b: X's rows are examples, never what a bias is per)."""
    return _fix(a, b, change_b, columns_first)


def _fix(a, b, change_b: bool, columns_first: bool = False) -> str:
    changed, kept = (b, a) if change_b else (a, b)
    change, keep = ("{1}", "{0}") if change_b else ("{0}", "{1}")
    labelled = []  # a vector per column or a column per row: only where that axis has more than 1 entry
    if len(kept) == 2:
        rows, cols = kept
        per_row = ((rows, 1), "row") if rows > 1 and cols > 1 else None  # (cols 1: it is kept's own shape)
        per_col = ((cols,), "column") if cols > 1 else None
        rows_first = changed == (rows,) and not columns_first
        labelled = [f for f in ((per_row, per_col) if rows_first else (per_col, per_row)) if f]
    # kept's shape, where kept has a size-1 axis (stretched by broadcasting) first keeping changed's size there
    offset = len(kept) - len(changed)
    own = tuple(k if k != 1 or i < offset else changed[i - offset] for i, k in enumerate(kept))
    texts = {}
    for n, (shape, axis) in enumerate(labelled):
        texts[shape] = f"{fmt_shape(shape)} ({'one entry' if n == 0 else 'one'} per {axis})"
    outer = []  # kept a column (a row): changed's last (first) size as a row (column) broadcasts to an outer sum
    if len(kept) == 2 and kept[1] == 1 < kept[0] and changed[-1] > 1:
        outer = [(changed[-1],), (1, changed[-1])]
    elif len(kept) == 2 and kept[0] == 1 < kept[1] and changed[0] > 1:
        outer = [(changed[0], 1)]
    for shape in (own, tuple(kept), *outer):
        texts.setdefault(shape, fmt_shape(shape))
    fits = [text for shape, text in texts.items() if shape != tuple(changed) and _broadcasts(shape, kept)]
    return f"{change} must be {', '.join(fits)} or a scalar to broadcast with {keep}"


def _broadcasts(a, b) -> bool:
    try:
        np.broadcast_shapes(a, b)
    except ValueError:
        return False
    return True


def _outer_by_mistake(shapes) -> tuple[int, int] | None:
    """(column port, other port) when a column ℝⁿˣ¹ meets a vector ℝⁿ or a row ℝ¹ˣⁿ of the same n > 1:
    numpy broadcasts them to ℝⁿˣⁿ (X @ w − y with y ℝⁿ: every prediction minus every target), seldom
    what was meant; None otherwise (ℝⁿˣ¹ with ℝ¹ˣᵐ, m ≠ n, is an outer sum made on purpose)."""
    a, b = (tuple(s) for s in shapes)
    for column, other in ((0, 1), (1, 0)):
        c, o = (a, b)[column], (a, b)[other]
        if len(c) == 2 and c[1] == 1 and c[0] > 1 and o in ((c[0],), (1, c[0])):
            return column, other
    return None


def _reduce_to(g: np.ndarray, shape) -> np.ndarray:
    """An operand broadcast to the output's shape: its gradient sums the output's gradient over every
    entry it was repeated to (the leading axes it lacks, and its axes of size 1 that were stretched)."""
    if g.shape == shape:
        return g
    if shape == ():
        return np.asarray(g.sum())
    g = g.sum(axis=tuple(range(g.ndim - len(shape))))
    stretched = tuple(i for i, n in enumerate(shape) if n == 1 and g.shape[i] != 1)
    return g.sum(axis=stretched, keepdims=True) if stretched else g


def _expand_jacobian(d: np.ndarray, in_shape, out_shape) -> np.ndarray:
    """Dense ∂out/∂in of an elementwise binary op from the partial derivative d (out shape): each
    output entry depends on the one input entry broadcasting sends to it."""
    d = np.asarray(d)
    if d.shape != tuple(out_shape):  # (most partials come whole: a binary step holds two)
        d = np.asarray(np.broadcast_to(d, out_shape))
    if in_shape == out_shape:
        return diag_jacobian(d)
    if in_shape == () and out_shape != ():
        return d.copy()  # a scalar feeds every output: the Jacobian is a column
    n_in = int(np.prod(in_shape))
    source = np.broadcast_to(np.arange(n_in).reshape(in_shape), out_shape).reshape(-1)
    jac = np.zeros((d.size, n_in))
    jac[np.arange(d.size), source] = d.reshape(-1)
    return jac.reshape(tuple(out_shape) + tuple(in_shape))


def _binary_samples(denominator: bool):
    """Equal shapes, a scalar with a tensor both ways round, then numpy's broadcasts: a bias row
    (N×D with D, and with 1×D), a column with a matrix, a column with a row; a denominator kept off 0."""

    def samples(rng):
        def b(*shape):  # a second operand: away from 0 for a denominator
            if not denominator:
                return rng.normal(size=shape)
            return rng.uniform(0.5, 2.0, size=shape) * rng.choice([-1.0, 1.0], size=shape)

        return [
            [rng.normal(size=(3,)), b(3)] if denominator else [rng.normal(size=(3, 2)), b(3, 2)],
            [np.asarray(rng.uniform(0.5, 2.0)), rng.uniform(0.5, 2.0, size=(3,))],
            [rng.uniform(0.5, 2.0, size=(2, 3)), np.asarray(rng.uniform(0.5, 2.0))],
            [np.asarray(1.3), np.asarray(0.7)],
            [rng.normal(size=(4, 3)), b(3)],
            [rng.normal(size=(4, 3)), b(1, 3)],
            [rng.normal(size=(4, 1)), b(4, 3)],
            [rng.normal(size=(2, 1)), b(3)],
            [rng.normal(size=(3, 2)), b(1, 1)],
        ]

    return samples


def binary(
    *,
    name,
    symbol,
    description,
    f,
    da,
    db,
    sym,
    structures,
    numpy,
    python_operator=None,
    aliases=(),
    readable=None,
    vjp_float=None,
    denominator=False,
    limits_outside=None,
    bias_row=False,
    search_words=(),
    meant_instead=(),
):
    """Declare y = f(a, b) elementwise, on shapes numpy broadcasts (np.broadcast_shapes).

    f(a, b) works on arrays and on floats; da(a, b, y) and db(a, b, y) are ∂y/∂a and ∂y/∂b
    elementwise; sym(a, b) is f in sympy. structures are the Jacobians' structures written
    for tensors ("diag(b)"); readable(port, shapes, names) the chain-rule factors.
    vjp_float(g, a, b) is the vjp on plain floats (scalar graphs). With denominator, test
    samples keep b away from 0, and b = 0 is outside the op's domain (defined_for), where
    limits_outside(a, b) gives the derivatives' limits (OpDef.limits_outside). numpy: the
    numpy ufuncs meaning it in a traced function (np.add); python_operator: the operator writing
    it in an expression and a traced function ("+"). bias_row: a variable added to a computed
    matrix is guessed its bias row (OpDef.bias_row). search_words: what else finds it in search.
    meant_instead: the op a reader may have meant, and what to write (OpDef.meant_instead).
    """

    def vjp(g, xs, out, p):
        a, b = xs
        return [_reduce_to(g * da(a, b, out), a.shape), _reduce_to(g * db(a, b, out), b.shape)]

    def jvp(ts, xs, out, p):
        a, b = xs
        result = np.zeros(out.shape)
        if ts[0] is not None:
            result = result + da(a, b, out) * ts[0]
        if ts[1] is not None:
            result = result + db(a, b, out) * ts[1]
        return result

    def jacobian(xs, out, p):
        a, b = xs
        return [
            _expand_jacobian(da(a, b, out), a.shape, out.shape),
            _expand_jacobian(db(a, b, out), b.shape, out.shape),
        ]

    def structure(shapes, p, names):
        shapes = [tuple(x) for x in shapes]
        out_shape = _broadcast_shape(symbol)(shapes, p)
        ports = names if names is not None else ["a", "b"]
        texts = []
        for port, (s, text) in enumerate(zip(shapes, structures)):
            if not out_shape:
                texts.append(_named(undiag(text), names))
            elif s != out_shape:
                texts.append(_broadcast_text(text, s, out_shape, names))
            else:
                texts.append(_named(text, names))
            other = 1 - port
            told = [(port, s)] if s != out_shape else []
            if text not in ("I", "−I") and shapes[other] and shapes[other] != out_shape:
                told.append((other, shapes[other]))
            if told:
                texts[-1] += " (" + "; ".join(_repeated(ports[q], x, out_shape) for q, x in told) + ")"
        return texts

    def formula(sp, p, shapes, names):
        return [_binary_formula(sp, sym, names, port) for port in (0, 1)]

    return register(
        OpDef(
            name=name,
            category="elementwise",
            symbol=symbol,
            inputs=("a", "b"),
            description=description,
            shape=_broadcast_shape(symbol),
            forward=lambda xs, p: np.asarray(f(xs[0], xs[1]), dtype=float),
            vjp=vjp,
            jvp=jvp,
            jacobian=jacobian,
            structure=structure,
            formula=formula,
            aliases=aliases,
            scalar_forward=lambda xs, p: f(xs[0], xs[1]),
            scalar_vjp=(lambda g, xs, out, p: vjp_float(g, xs[0], xs[1])) if vjp_float else None,
            readable=_broadcast_readable(readable, symbol) if readable else None,
            samples=_binary_samples(denominator),
            defined_for=(lambda xs, p: (1, xs[1] != 0, "division by 0 is undefined")) if denominator else None,
            limits_outside=(lambda xs, p: limits_outside(*xs)) if limits_outside else None,
            broadcasts=True,
            outer_by_mistake=_outer_by_mistake,
            bias_row=bias_row,
            meant_instead=tuple(meant_instead),
            numpy=numpy,
            python_operator=python_operator,
            search_words=tuple(search_words),
        )
    )


def _named(text: str, names) -> str:
    return text if names is None else named(text, {"a": names[0], "b": names[1]})


def _expansion(in_shape, out_shape) -> str:
    """The 0/1 matrix copying a broadcast input to the output's entries (C order) as a Kronecker
    product of one factor per output axis: I where the input has that axis, a column of ones 1
    where it is repeated along it. A vector repeated over 8 rows: 1₈ ⊗ I₄; a column repeated
    over 4 columns: I₈ ⊗ 1₄; one entry repeated everywhere: 1₃₂."""
    padded = (1,) * (len(out_shape) - len(in_shape)) + tuple(in_shape)
    factors: list[list] = []  # [letter, size], neighbours of one letter merged (1₂ ⊗ 1₃ = 1₆)
    for m, n in zip(padded, out_shape):
        letter = "I" if m == n else "1"
        if n == 1:
            continue
        if factors and factors[-1][0] == letter:
            factors[-1][1] *= n
        else:
            factors.append([letter, n])
    return " ⊗ ".join(f"{letter}{subscript(n)}" for letter, n in factors) or "1"


def _repeated(name: str, in_shape, out_shape) -> str:
    """How broadcasting copies an input: b repeated over 8 rows, c over 4 columns, x to every entry."""
    if not in_shape:
        return "scalar broadcast"
    padded = (1,) * (len(out_shape) - len(in_shape)) + tuple(in_shape)
    axes = [i for i, (m, n) in enumerate(zip(padded, out_shape)) if m != n]
    if int(np.prod(in_shape)) == 1:
        return f"{name} repeated to every entry"
    if len(out_shape) == 2 and len(axes) == 1:
        return f"{name} repeated over {out_shape[axes[0]]} {('rows', 'columns')[axes[0]]}"
    return f"{name} repeated along axes " + ", ".join(str(i + 1) for i in axes)


def _broadcast_text(text: str, in_shape, out_shape, names) -> str:
    """∂out/∂(an input broadcast to the output's shape): the derivative's diagonal times the copying
    matrix: 1₈ ⊗ I₄ for b in X + b, −(1₈ ⊗ I₄) for X − b, diag(X)(1₈ ⊗ I₄) for X ⊙ b; a column
    (the partial derivatives) for an input of one entry."""
    expansion = _expansion(in_shape, out_shape)
    if "⊗" not in expansion:  # one entry feeds every output
        entry = {"I": "of ones", "−I": "of −1s"}.get(text, _named(undiag(text), names))
        return f"column {entry}"
    if text == "I":
        return expansion
    if text == "−I":
        return f"−({expansion})"
    return f"{_named(text, names)}({expansion})"


def _broadcast_readable(readable, symbol):
    """The op's chain-rule factor, times the copying matrix (1₈ ⊗ I₄) for an input broadcast
    over rows or columns (a scalar's factor is the op's own)."""

    def factor(port, shapes, names):
        text = readable(port, shapes, names)
        shape, out_shape = tuple(shapes[port]), _broadcast_shape(symbol)(shapes, {})
        if text is None or not shape or shape == out_shape:
            return text
        expansion = _expansion(shape, out_shape)
        if "⊗" not in expansion:
            return text  # (one entry feeds every output, as a scalar does)
        sign, body = ("−", text[1:]) if text.startswith("−") else ("", text)
        return sign + (f"({expansion})" if body == "I" else f"{body} · ({expansion})")

    return factor


def _binary_formula(sp, sym, names, port: int):
    """∂f(a, b)/∂(input port) in the inputs' names: ∂(x1 − x2)/∂x1 = 1, ∂(2·x)/∂x = 2. The other
    input may be a number; the one differentiated by is a symbol (the port's, a or b, for a number).
    Two inputs written alike (x·x) are told apart by their ports."""
    ports = ("a", "b")
    if names is None:
        names = list(ports)
    texts = [ports[i] if i == port and is_number(n) else n for i, n in enumerate(names)]
    if texts[0] == texts[1]:
        texts = list(ports)
    values = [
        sympy_number(sp, t) if i != port and is_number(t) else sp.Symbol(t, real=True) for i, t in enumerate(texts)
    ]
    expr = sym(*values)
    with sp.evaluate(False):  # a sum or difference as the card computes it: ∂(y − Φθ)/∂y, not ∂(−Φθ + y)/∂y
        written = sym(*values)
    order = "none" if isinstance(written, sp.Add) else None  # (a product keeps sympy's: 2·x, never x 2)
    shown = written if order else expr
    text = sp.sstr(shown, order=order).replace("**", "^").replace("*", "·")
    var = values[port]
    lhs_l = r"\frac{\partial (" + sympy_latex(sp, shown, order) + r")}{\partial " + tex_name(texts[port]) + "}"
    return (f"∂({text})/∂{texts[port]}", lhs_l, sp.diff(expr, var))


def _quotient_limits(a, b):
    """∂(a/b)/∂a and ∂(a/b)/∂b at b = 0: 1/b is +∞ on one side and −∞ on the other (no limit: nan);
    −a/b² is −∞ from both sides for a > 0 (+∞ for a < 0), as ∂(1/x)/∂x = −1/x² is at 0; 0/0 has none."""
    return [np.full(np.shape(b), np.nan), np.where(a > 0, -np.inf, np.where(a < 0, np.inf, np.nan))]


def _ones(a, b, out):
    return np.ones(out.shape)


def _times_other(port, shapes, names):
    """∂(a ⊙ b)/∂a is b: the number or name, on a diagonal when both are tensors."""
    other = names[1 - port]
    return other if not shapes[port] or not shapes[1 - port] else f"diag({other})"


def _quotient_readable(port, shapes, names):
    """∂(a/b)/∂a is 1/b and ∂(a/b)/∂b is −a/b², on a diagonal when both are tensors."""
    a, b = (wrapped(n) for n in names)
    text = f"1/{b}" if port == 0 else f"{a}/{in_text('', b, '²')}²"
    sign = "" if port == 0 else "−"
    return sign + (text if not shapes[port] or not shapes[1 - port] else f"diag({text})")


binary(
    name="add",
    symbol="+",
    description="Sum a + b",
    search_words=("plus", "addition", "+", "a+b", "bias"),
    f=lambda a, b: a + b,
    da=_ones,
    db=_ones,
    sym=lambda a, b: a + b,
    structures=("I", "I"),
    readable=lambda port, shapes, names: "I" if shapes[0] or shapes[1] else "1",
    vjp_float=lambda g, a, b: (g, g),
    python_operator="+",
    numpy=(np.add,),
    bias_row=True,
)
binary(
    name="sub",
    symbol="−",
    description="Difference a − b",
    search_words=("minus", "subtraction", "-", "a-b"),
    f=lambda a, b: a - b,
    da=_ones,
    db=lambda a, b, out: -np.ones(out.shape),
    sym=lambda a, b: a - b,
    aliases=("subtract",),
    structures=("I", "−I"),
    readable=lambda port, shapes, names: ("I", "−I")[port] if shapes[0] or shapes[1] else ("1", "−1")[port],
    vjp_float=lambda g, a, b: (g, -g),
    python_operator="-",
    numpy=(np.subtract,),
)
binary(
    name="mul",
    symbol="×",
    description="Elementwise product a ⊙ b",
    search_words=("times", "product", "multiplication", "*", "·", "hadamard", "scale"),
    f=lambda a, b: a * b,
    da=lambda a, b, out: np.broadcast_to(b, out.shape),
    db=lambda a, b, out: np.broadcast_to(a, out.shape),
    sym=lambda a, b: a * b,
    aliases=("multiply",),
    meant_instead=("matmul", "{0} × {1} is element-wise: write {0:code} @ {1:code} for a matrix product"),
    structures=("diag(b)", "diag(a)"),
    readable=_times_other,
    vjp_float=lambda g, a, b: (g * b, g * a),
    python_operator="*",
    numpy=(np.multiply,),
)
binary(
    name="div",
    symbol="÷",
    description="Elementwise quotient a ⊘ b",
    search_words=("division", "divided by", "over", "ratio", "/", ":", "reciprocal", "1/x"),
    f=lambda a, b: a / b,
    da=lambda a, b, out: np.broadcast_to(1.0 / b, out.shape),
    db=lambda a, b, out: np.broadcast_to(-a / (b * b), out.shape),
    sym=lambda a, b: a / b,
    aliases=("divide",),
    structures=("diag(1/b)", "diag(−a/b²)"),
    readable=_quotient_readable,
    vjp_float=lambda g, a, b: (g / b, -g * a / (b * b)),
    denominator=True,
    limits_outside=_quotient_limits,
    python_operator="/",
    numpy=(np.true_divide,),  # (np.divide is np.true_divide)
)
