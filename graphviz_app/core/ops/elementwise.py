"""Elementwise ops: unary functions, and + − × ÷ of equal shapes or a scalar with a tensor.

Their Jacobians are diagonal, so every declaration here only states f and f'.
"""

from __future__ import annotations

import math
import re
from functools import lru_cache

import numpy as np

from .base import (
    OpDef,
    fmt_shape,
    is_number,
    register,
    shape_error,
    sympy_latex,
    sympy_number,
    sympy_symbols,
    tex_name,
    wrapped,
)


# ------------------------------------------------------------------- unary
def _unary_shape(shapes, params):
    return shapes[0]


def _diag_jacobian(d: np.ndarray) -> np.ndarray:
    """∂f(u)/∂u for elementwise f: a diagonal of f'(u), shape u.shape + u.shape."""
    n = d.size
    # (the diagonal written into zeros: np.diag's own checks cost twice as much, and a trace
    # builds one of these per elementwise step)
    out = np.zeros(n * n, dtype=d.dtype)
    out[:: n + 1] = d.reshape(n)
    return out.reshape(d.shape + d.shape)


def _scalar_text(text: str, shape) -> str:
    """A diagonal structure as written for a scalar: diag(cos u) -> cos u."""
    return text if shape else text.removeprefix("diag(").removesuffix(")")


def _named(text: str, names: dict[str, str]) -> str:
    """The structure text with the inputs' symbols replaced by the nodes' names in one pass
    (cos u -> cos x, diag(b) -> diag(θ)); a long name is bracketed and takes the place of the
    space before it (cos(add₁), 2(add₁))."""

    if all(symbol == name for symbol, name in names.items()):
        return text
    # the text split at its symbols once per op's text (a trace asks this for every step, with
    # different names each time), then only the names are filled in
    parts = _split_at_symbols(text, tuple(names))
    out = [parts[0]]
    for i in range(1, len(parts), 3):  # (the space before a symbol, the symbol, the text after it)
        name = wrapped(names[parts[i + 1]])
        out.append(name if name.startswith("(") else parts[i] + name)
        out.append(parts[i + 2])
    return "".join(out)


@lru_cache(maxsize=256)
def _split_at_symbols(text: str, symbols: tuple[str, ...]) -> tuple[str, ...]:
    """text split at the symbols as whole words, with the space before them:
    [text, space, symbol, text, space, symbol, ..., text]."""
    alternatives = "|".join(re.escape(s) for s in symbols)
    return tuple(re.split(rf"( ?)(?<![A-Za-zα-ω])({alternatives})(?![A-Za-zα-ω])", text))


def _sampler(domain, either_sign: bool):
    """Inputs (3×2) drawn in the smooth domain: normal, or in [low, high] (of either sign)."""

    def samples(rng):
        if domain is None:
            return [[rng.normal(size=(3, 2))]]
        x = rng.uniform(domain[0], domain[1], size=(3, 2))
        return [[x * rng.choice([-1.0, 1.0], size=(3, 2)) if either_sign else x]]

    return samples


def unary(
    *,
    name: str,
    symbol: str,
    description: str,
    f,
    df,
    sym,
    structure: str,
    f_float=None,
    df_float=None,
    domain: tuple[float, float] | None = None,
    either_sign: bool = False,
    defaults=None,
    shown_symbol=None,
    param_notes=None,
):
    """Declare y = f(u) elementwise: the op's whole declaration is these keywords.

    f(u, params) is f on arrays and df(u, y, params) is f'(u) (y = f(u) is given for free);
    sym(sp, u, params) is f in sympy, which writes the formula. structure is the Jacobian
    written with u ("diag(cos u)"); with u replaced by the input's name it is also the
    readable chain-rule factor. f_float and df_float are f and f' on plain floats (the
    engine's path for scalar graphs). Samples for the tests are drawn in domain, a (low,
    high) interval, or from a normal distribution; either_sign draws ±[low, high] (to keep
    finite differences off a kink at 0).
    """
    port = "u"

    def forward(xs, p):
        return np.asarray(f(xs[0], p), dtype=float)

    def vjp(g, xs, out, p):
        return [g * df(xs[0], out, p)]

    def jvp(ts, xs, out, p):
        return ts[0] * df(xs[0], out, p)

    def jacobian(xs, out, p):
        d = np.asarray(df(xs[0], out, p))
        if d.shape != xs[0].shape or d.dtype != xs[0].dtype:  # (most f' come whole: no product needed)
            d = d * np.ones_like(xs[0])
        return [_diag_jacobian(d)]

    def structures(shapes, p, names):
        text = _scalar_text(structure, shapes[0])
        return [text if names is None else _named(text, {port: names[0]})]

    def readable(index, shapes, names):
        return _named(_scalar_text(structure, shapes[0]), {port: names[0]})

    def formula(sp, p, shapes, names):
        # the input's name (x in ∂ sin(x)/∂x); a number is differentiated by as the port u
        name = port if names is None or is_number(names[0]) else names[0]
        (u,) = sympy_symbols(sp, [name])  # real: d|u|/du is sign(u), not a complex derivative
        expr = sym(sp, u, p)
        lhs_u = f"∂ {sp.sstr(expr).replace('**', '^')}/∂{name}"
        lhs_l = r"\frac{\partial\, " + sympy_latex(sp, expr) + r"}{\partial " + tex_name(name) + "}"
        return [(lhs_u, lhs_l, sp.simplify(sp.diff(expr, u)))]

    return register(
        OpDef(
            name=name,
            category="elementwise",
            symbol=symbol,
            inputs=(port,),
            description=description,
            shape=_unary_shape,
            forward=forward,
            vjp=vjp,
            jvp=jvp,
            jacobian=jacobian,
            structure=structures,
            formula=formula,
            defaults=defaults or {},
            scalar_forward=(lambda xs, p: f_float(xs[0], p)) if f_float else None,
            scalar_vjp=(lambda g, xs, out, p: (g * df_float(xs[0], out, p),)) if df_float else None,
            readable=readable,
            shown_symbol=shown_symbol,
            param_notes=param_notes or {},
            samples=_sampler(domain, either_sign),
        )
    )


def _sigmoid(u):
    return 0.5 * (1.0 + np.tanh(0.5 * u))  # stable for large |u|


def _pow_derivative(u, p):
    # p = 0: the derivative of the constant 1 is 0 everywhere, 0 at u = 0 too (not 0 · 0⁻¹)
    if p["p"] == 0:
        return np.zeros_like(u, dtype=float)
    return p["p"] * np.power(u, p["p"] - 1)


def _pow_derivative_float(u, y, p):
    return 0.0 if p["p"] == 0 else p["p"] * math.pow(u, p["p"] - 1)


def _power_text(p) -> str:
    """pow's card: x^3, x^-0.5."""
    x = float(p["p"])
    return "x^" + (str(int(x)) if x.is_integer() else f"{x:g}")


unary(
    name="neg",
    symbol="−",
    description="Negation −u",
    f=lambda u, p: -u,
    df=lambda u, y, p: -np.ones_like(u),
    sym=lambda sp, u, p: -u,
    structure="−I",
    f_float=lambda u, p: -u,
    df_float=lambda u, y, p: -1.0,
)
unary(
    name="square",
    symbol="x²",
    description="Square u²",
    f=lambda u, p: u * u,
    df=lambda u, y, p: 2 * u,
    sym=lambda sp, u, p: u**2,
    structure="diag(2u)",
    f_float=lambda u, p: u * u,
    df_float=lambda u, y, p: 2.0 * u,
)
unary(
    name="pow",
    symbol="xᵖ",
    description="Power uᵖ with a constant exponent p",
    f=lambda u, p: np.power(u, p["p"]),
    df=lambda u, y, p: _pow_derivative(u, p),
    sym=lambda sp, u, p: u ** sp.nsimplify(p["p"]),
    structure="diag(p·u^(p−1))",
    f_float=lambda u, p: math.pow(u, p["p"]),
    df_float=_pow_derivative_float,
    domain=(0.5, 2.0),
    defaults={"p": 2.0},
    shown_symbol=_power_text,
    param_notes={
        "p": "the exponent must be a number, as in x**2 or x**-0.5 (for a variable exponent write exp(y*log(x)))"
    },
)
unary(
    name="sqrt",
    symbol="√",
    description="Square root √u",
    f=lambda u, p: np.sqrt(u),
    df=lambda u, y, p: 0.5 / y,
    sym=lambda sp, u, p: sp.sqrt(u),
    structure="diag(1/(2√u))",
    f_float=lambda u, p: math.sqrt(u),
    df_float=lambda u, y, p: 0.5 / y,
    domain=(0.5, 2.0),
)
unary(
    name="exp",
    symbol="exp",
    description="Exponential eᵘ",
    f=lambda u, p: np.exp(u),
    df=lambda u, y, p: y,
    sym=lambda sp, u, p: sp.exp(u),
    structure="diag(exp u)",
    f_float=lambda u, p: math.exp(u),
    df_float=lambda u, y, p: y,
)
unary(
    name="log",
    symbol="log",
    description="Natural logarithm ln u",
    f=lambda u, p: np.log(u),
    df=lambda u, y, p: 1.0 / u,
    sym=lambda sp, u, p: sp.log(u),
    structure="diag(1/u)",
    f_float=lambda u, p: math.log(u),
    df_float=lambda u, y, p: 1.0 / u,
    domain=(0.5, 2.0),
)
unary(
    name="sin",
    symbol="sin",
    description="Sine",
    f=lambda u, p: np.sin(u),
    df=lambda u, y, p: np.cos(u),
    sym=lambda sp, u, p: sp.sin(u),
    structure="diag(cos u)",
    f_float=lambda u, p: math.sin(u),
    df_float=lambda u, y, p: math.cos(u),
)
unary(
    name="cos",
    symbol="cos",
    description="Cosine",
    f=lambda u, p: np.cos(u),
    df=lambda u, y, p: -np.sin(u),
    sym=lambda sp, u, p: sp.cos(u),
    structure="diag(−sin u)",
    f_float=lambda u, p: math.cos(u),
    df_float=lambda u, y, p: -math.sin(u),
)
unary(
    name="tan",
    symbol="tan",
    description="Tangent",
    f=lambda u, p: np.tan(u),
    df=lambda u, y, p: 1.0 + y * y,
    sym=lambda sp, u, p: sp.tan(u),
    structure="diag(1 + tan² u)",
    f_float=lambda u, p: math.tan(u),
    df_float=lambda u, y, p: 1.0 + y * y,
    domain=(-1.0, 1.0),  # away from the poles at ±π/2
)
unary(
    name="tanh",
    symbol="tanh",
    description="Hyperbolic tangent",
    f=lambda u, p: np.tanh(u),
    df=lambda u, y, p: 1.0 - y * y,
    sym=lambda sp, u, p: sp.tanh(u),
    structure="diag(1 − tanh² u)",
    f_float=lambda u, p: math.tanh(u),
    df_float=lambda u, y, p: 1.0 - y * y,
)
unary(
    name="sigmoid",
    symbol="σ",
    description="Logistic sigmoid 1/(1 + e⁻ᵘ)",
    f=lambda u, p: _sigmoid(u),
    df=lambda u, y, p: y * (1.0 - y),
    sym=lambda sp, u, p: 1 / (1 + sp.exp(-u)),
    structure="diag(σ(u)(1 − σ(u)))",
    f_float=lambda u, p: 0.5 * (1.0 + math.tanh(0.5 * u)),
    df_float=lambda u, y, p: y * (1.0 - y),
)
unary(
    name="relu",
    symbol="ReLU",
    description="Rectified linear unit max(u, 0); derivative 0 at u = 0",
    f=lambda u, p: np.maximum(u, 0.0),
    df=lambda u, y, p: (u > 0).astype(float),
    sym=lambda sp, u, p: sp.Max(u, 0),
    structure="diag(1[u > 0])",
    f_float=lambda u, p: u if u > 0 else 0.0,
    df_float=lambda u, y, p: 1.0 if u > 0 else 0.0,
    domain=(0.2, 1.5),
    either_sign=True,
)
unary(
    name="abs",
    symbol="|x|",
    description="Absolute value; derivative 0 at u = 0",
    f=lambda u, p: np.abs(u),
    df=lambda u, y, p: np.sign(u),
    sym=lambda sp, u, p: sp.Abs(u),
    structure="diag(sign u)",
    f_float=lambda u, p: abs(u),
    df_float=lambda u, y, p: float((u > 0) - (u < 0)),
    domain=(0.2, 1.5),
    either_sign=True,
)


# ------------------------------------------------------------------ binary
def _broadcast_shape(symbol):
    def shape(shapes, params):
        a, b = shapes
        if a == b or not b:
            return a
        if not a:
            return b
        raise shape_error(
            f"{fmt_shape(a)} {symbol} {fmt_shape(b)}: shapes differ (use equal shapes, or a scalar with a tensor)"
        )

    return shape


def _reduce_to(g: np.ndarray, shape) -> np.ndarray:
    """A scalar operand was broadcast: its gradient sums over every element."""
    return np.asarray(g.sum()) if shape == () and g.shape != () else g


def _expand_jacobian(d: np.ndarray, in_shape, out_shape) -> np.ndarray:
    """Dense ∂out/∂in of an elementwise binary op from the partial derivative d (out shape)."""
    d = np.broadcast_to(d, out_shape)
    if in_shape == () and out_shape != ():
        return d.copy()  # a scalar feeds every output: the Jacobian is a column
    return _diag_jacobian(np.asarray(d))


def _binary_samples(denominator: bool):
    """Equal shapes, then a scalar with a tensor both ways round; a denominator kept off 0."""

    def samples(rng):
        b = rng.uniform(0.5, 2.0, size=(3,)) * rng.choice([-1.0, 1.0], size=(3,))
        return [
            [rng.normal(size=(3,)), b] if denominator else [rng.normal(size=(3, 2)), rng.normal(size=(3, 2))],
            [np.asarray(rng.uniform(0.5, 2.0)), rng.uniform(0.5, 2.0, size=(3,))],
            [rng.uniform(0.5, 2.0, size=(2, 3)), np.asarray(rng.uniform(0.5, 2.0))],
            [np.asarray(1.3), np.asarray(0.7)],
        ]

    return samples


def binary(*, name, symbol, description, f, da, db, sym, structures, readable=None, vjp_float=None, denominator=False):
    """Declare y = f(a, b) elementwise (equal shapes, or a scalar with a tensor).

    f(a, b) works on arrays and on floats; da(a, b, y) and db(a, b, y) are ∂y/∂a and ∂y/∂b
    elementwise; sym(a, b) is f in sympy. structures are the Jacobians' structures written
    for tensors ("diag(b)"); readable(port, shapes, names) the chain-rule factors.
    vjp_float(g, a, b) is the vjp on plain floats (scalar graphs). With denominator, test
    samples keep b away from 0.
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
        out_shape = shapes[0] or shapes[1]
        texts = []
        for s, text in zip(shapes, structures):
            if not out_shape:
                texts.append(text.removeprefix("diag(").removesuffix(")"))
            elif not s:
                texts.append(f"column {text.removeprefix('diag(').removesuffix(')')} (scalar broadcast)")
            else:
                texts.append(text)
        return texts if names is None else [_named(t, {"a": names[0], "b": names[1]}) for t in texts]

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
            scalar_forward=lambda xs, p: f(xs[0], xs[1]),
            scalar_vjp=(lambda g, xs, out, p: vjp_float(g, xs[0], xs[1])) if vjp_float else None,
            readable=readable,
            samples=_binary_samples(denominator),
        )
    )


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
    text = sp.sstr(expr).replace("**", "^").replace("*", "·")
    var = values[port]
    lhs_l = r"\frac{\partial (" + sympy_latex(sp, expr) + r")}{\partial " + tex_name(texts[port]) + "}"
    return (f"∂({text})/∂{texts[port]}", lhs_l, sp.diff(expr, var))


def _ones(a, b, out):
    return np.ones(out.shape)


def _times_other(port, shapes, names):
    """∂(a ⊙ b)/∂a is b: the number or name, on a diagonal when both are tensors."""
    other = names[1 - port]
    return other if not shapes[port] or not shapes[1 - port] else f"diag({other})"


def _quotient_readable(port, shapes, names):
    """∂(a/b)/∂a is 1/b and ∂(a/b)/∂b is −a/b², on a diagonal when both are tensors."""
    a, b = (wrapped(n) for n in names)
    text = f"1/{b}" if port == 0 else f"{a}/{b}²"
    sign = "" if port == 0 else "−"
    return sign + (text if not shapes[port] or not shapes[1 - port] else f"diag({text})")


binary(
    name="add",
    symbol="+",
    description="Sum a + b",
    f=lambda a, b: a + b,
    da=_ones,
    db=_ones,
    sym=lambda a, b: a + b,
    structures=("I", "I"),
    readable=lambda port, shapes, names: "I" if shapes[0] or shapes[1] else "1",
    vjp_float=lambda g, a, b: (g, g),
)
binary(
    name="sub",
    symbol="−",
    description="Difference a − b",
    f=lambda a, b: a - b,
    da=_ones,
    db=lambda a, b, out: -np.ones(out.shape),
    sym=lambda a, b: a - b,
    structures=("I", "−I"),
    readable=lambda port, shapes, names: ("I", "−I")[port] if shapes[0] or shapes[1] else ("1", "−1")[port],
    vjp_float=lambda g, a, b: (g, -g),
)
binary(
    name="mul",
    symbol="×",
    description="Elementwise product a ⊙ b",
    f=lambda a, b: a * b,
    da=lambda a, b, out: np.broadcast_to(b, out.shape),
    db=lambda a, b, out: np.broadcast_to(a, out.shape),
    sym=lambda a, b: a * b,
    structures=("diag(b)", "diag(a)"),
    readable=_times_other,
    vjp_float=lambda g, a, b: (g * b, g * a),
)
binary(
    name="div",
    symbol="÷",
    description="Elementwise quotient a ⊘ b",
    f=lambda a, b: a / b,
    da=lambda a, b, out: np.broadcast_to(1.0 / b, out.shape),
    db=lambda a, b, out: np.broadcast_to(-a / (b * b), out.shape),
    sym=lambda a, b: a / b,
    structures=("diag(1/b)", "diag(−a/b²)"),
    readable=_quotient_readable,
    vjp_float=lambda g, a, b: (g / b, -g * a / (b * b)),
    denominator=True,
)
