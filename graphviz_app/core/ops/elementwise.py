"""Elementwise ops: unary functions, and + − × ÷ of equal shapes or a scalar with a tensor.

Their Jacobians are diagonal, so every declaration here only states f and f'.
"""

from __future__ import annotations

import math

import numpy as np

from .base import OpDef, fmt_shape, register, shape_error


# ------------------------------------------------------------------- unary
def _unary_shape(shapes, params):
    return shapes[0]


def _diag_jacobian(d: np.ndarray) -> np.ndarray:
    """∂f(u)/∂u for elementwise f: a diagonal of f'(u), shape u.shape + u.shape."""
    n = d.size
    return np.diag(d.reshape(n)).reshape(d.shape + d.shape)


def unary(name, symbol, f, df, sym, deriv_text, description, defaults=None, sf=None, sdf=None):
    """Declare y = f(u) elementwise. df(u, y, params) is f'(u); sym(sp, u, params) is f as sympy.

    sf and sdf are the same two functions on plain floats (math module), for scalar graphs.
    """

    def forward(xs, p):
        return np.asarray(f(xs[0], p), dtype=float)

    def vjp(g, xs, out, p):
        return [g * df(xs[0], out, p)]

    def jvp(ts, xs, out, p):
        return ts[0] * df(xs[0], out, p)

    def jacobian(xs, out, p):
        return [_diag_jacobian(np.asarray(df(xs[0], out, p) * np.ones_like(xs[0])))]

    def structure(shapes, p):
        return [deriv_text if shapes[0] else deriv_text.removeprefix("diag(").removesuffix(")")]

    def formula(sp, p, shapes):
        u = sp.Symbol("u", real=True)  # real: d|u|/du is sign(u), not a complex derivative
        expr = sym(sp, u, p)
        lhs_u = f"∂ {sp.sstr(expr).replace('**', '^')}/∂u"
        lhs_l = r"\frac{\partial\, " + sp.latex(expr) + r"}{\partial u}"
        return [(lhs_u, lhs_l, sp.simplify(sp.diff(expr, u)))]

    return register(
        OpDef(
            name=name,
            category="elementwise",
            symbol=symbol,
            inputs=("u",),
            description=description,
            shape=_unary_shape,
            forward=forward,
            vjp=vjp,
            jvp=jvp,
            jacobian=jacobian,
            structure=structure,
            formula=formula,
            defaults=defaults or {},
            scalar_forward=(lambda xs, p: sf(xs[0], p)) if sf else None,
            scalar_vjp=(lambda g, xs, out, p: (g * sdf(xs[0], out, p),)) if sdf else None,
        )
    )


def _sigmoid(u):
    return 0.5 * (1.0 + np.tanh(0.5 * u))  # stable for large |u|


# unary(name, symbol, f, f', f in sympy, Jacobian structure, description, ..., f and f' on floats)
unary(
    "neg",
    "−",
    lambda u, p: -u,
    lambda u, y, p: -np.ones_like(u),
    lambda sp, u, p: -u,
    "−I",
    "Negation −u",
    sf=lambda u, p: -u,
    sdf=lambda u, y, p: -1.0,
)
unary(
    "square",
    "x²",
    lambda u, p: u * u,
    lambda u, y, p: 2 * u,
    lambda sp, u, p: u**2,
    "diag(2u)",
    "Square u²",
    sf=lambda u, p: u * u,
    sdf=lambda u, y, p: 2.0 * u,
)
unary(
    "pow",
    "xᵖ",
    lambda u, p: np.power(u, p["p"]),
    lambda u, y, p: p["p"] * np.power(u, p["p"] - 1),
    lambda sp, u, p: u ** sp.nsimplify(p["p"]),
    "diag(p·u^(p−1))",
    "Power uᵖ with a constant exponent p",
    defaults={"p": 2.0},
    sf=lambda u, p: math.pow(u, p["p"]),
    sdf=lambda u, y, p: p["p"] * math.pow(u, p["p"] - 1),
)
unary(
    "sqrt",
    "√",
    lambda u, p: np.sqrt(u),
    lambda u, y, p: 0.5 / y,
    lambda sp, u, p: sp.sqrt(u),
    "diag(1/(2√u))",
    "Square root √u",
    sf=lambda u, p: math.sqrt(u),
    sdf=lambda u, y, p: 0.5 / y,
)
unary(
    "exp",
    "exp",
    lambda u, p: np.exp(u),
    lambda u, y, p: y,
    lambda sp, u, p: sp.exp(u),
    "diag(exp u)",
    "Exponential eᵘ",
    sf=lambda u, p: math.exp(u),
    sdf=lambda u, y, p: y,
)
unary(
    "log",
    "log",
    lambda u, p: np.log(u),
    lambda u, y, p: 1.0 / u,
    lambda sp, u, p: sp.log(u),
    "diag(1/u)",
    "Natural logarithm ln u",
    sf=lambda u, p: math.log(u),
    sdf=lambda u, y, p: 1.0 / u,
)
unary(
    "sin",
    "sin",
    lambda u, p: np.sin(u),
    lambda u, y, p: np.cos(u),
    lambda sp, u, p: sp.sin(u),
    "diag(cos u)",
    "Sine",
    sf=lambda u, p: math.sin(u),
    sdf=lambda u, y, p: math.cos(u),
)
unary(
    "cos",
    "cos",
    lambda u, p: np.cos(u),
    lambda u, y, p: -np.sin(u),
    lambda sp, u, p: sp.cos(u),
    "diag(−sin u)",
    "Cosine",
    sf=lambda u, p: math.cos(u),
    sdf=lambda u, y, p: -math.sin(u),
)
unary(
    "tan",
    "tan",
    lambda u, p: np.tan(u),
    lambda u, y, p: 1.0 + y * y,
    lambda sp, u, p: sp.tan(u),
    "diag(1 + tan² u)",
    "Tangent",
    sf=lambda u, p: math.tan(u),
    sdf=lambda u, y, p: 1.0 + y * y,
)
unary(
    "tanh",
    "tanh",
    lambda u, p: np.tanh(u),
    lambda u, y, p: 1.0 - y * y,
    lambda sp, u, p: sp.tanh(u),
    "diag(1 − tanh² u)",
    "Hyperbolic tangent",
    sf=lambda u, p: math.tanh(u),
    sdf=lambda u, y, p: 1.0 - y * y,
)
unary(
    "sigmoid",
    "σ",
    lambda u, p: _sigmoid(u),
    lambda u, y, p: y * (1.0 - y),
    lambda sp, u, p: 1 / (1 + sp.exp(-u)),
    "diag(σ(u)(1 − σ(u)))",
    "Logistic sigmoid 1/(1 + e⁻ᵘ)",
    sf=lambda u, p: 0.5 * (1.0 + math.tanh(0.5 * u)),
    sdf=lambda u, y, p: y * (1.0 - y),
)
unary(
    "relu",
    "ReLU",
    lambda u, p: np.maximum(u, 0.0),
    lambda u, y, p: (u > 0).astype(float),
    lambda sp, u, p: sp.Max(u, 0),
    "diag(1[u > 0])",
    "Rectified linear unit max(u, 0); derivative 0 at u = 0",
    sf=lambda u, p: u if u > 0 else 0.0,
    sdf=lambda u, y, p: 1.0 if u > 0 else 0.0,
)
unary(
    "abs",
    "|x|",
    lambda u, p: np.abs(u),
    lambda u, y, p: np.sign(u),
    lambda sp, u, p: sp.Abs(u),
    "diag(sign u)",
    "Absolute value; derivative 0 at u = 0",
    sf=lambda u, p: abs(u),
    sdf=lambda u, y, p: float((u > 0) - (u < 0)),
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


def binary(name, symbol, f, da, db, sym, structures, description, svjp=None):
    """Declare y = f(a, b) elementwise; da, db give ∂y/∂a and ∂y/∂b elementwise.

    svjp(g, a, b) is the vjp on plain floats (scalar graphs); f itself works on floats too.
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

    def structure(shapes, p):
        out_shape = shapes[0] or shapes[1]
        texts = []
        for s, text in zip(shapes, structures):
            if not out_shape:
                texts.append(text.removeprefix("diag(").removesuffix(")"))
            elif not s:
                texts.append(f"column {text.removeprefix('diag(').removesuffix(')')} (scalar broadcast)")
            else:
                texts.append(text)
        return texts

    def formula(sp, p, shapes):
        a, b = sp.symbols("a b", real=True)
        expr = sym(a, b)
        text = sp.sstr(expr)
        return [
            (f"∂({text})/∂a", r"\frac{\partial (" + sp.latex(expr) + r")}{\partial a}", sp.diff(expr, a)),
            (f"∂({text})/∂b", r"\frac{\partial (" + sp.latex(expr) + r")}{\partial b}", sp.diff(expr, b)),
        ]

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
            scalar_vjp=(lambda g, xs, out, p: svjp(g, xs[0], xs[1])) if svjp else None,
        )
    )


def _ones(a, b, out):
    return np.ones(out.shape)


binary(
    "add",
    "+",
    lambda a, b: a + b,
    _ones,
    _ones,
    lambda a, b: a + b,
    ("I", "I"),
    "Sum a + b",
    svjp=lambda g, a, b: (g, g),
)
binary(
    "sub",
    "−",
    lambda a, b: a - b,
    _ones,
    lambda a, b, out: -np.ones(out.shape),
    lambda a, b: a - b,
    ("I", "−I"),
    "Difference a − b",
    svjp=lambda g, a, b: (g, -g),
)
binary(
    "mul",
    "×",
    lambda a, b: a * b,
    lambda a, b, out: np.broadcast_to(b, out.shape),
    lambda a, b, out: np.broadcast_to(a, out.shape),
    lambda a, b: a * b,
    ("diag(b)", "diag(a)"),
    "Elementwise product a ⊙ b",
    svjp=lambda g, a, b: (g * b, g * a),
)
binary(
    "div",
    "÷",
    lambda a, b: a / b,
    lambda a, b, out: np.broadcast_to(1.0 / b, out.shape),
    lambda a, b, out: np.broadcast_to(-a / (b * b), out.shape),
    lambda a, b: a / b,
    ("diag(1/b)", "diag(−a/b²)"),
    "Elementwise quotient a ⊘ b",
    svjp=lambda g, a, b: (g / b, -g * a / (b * b)),
)
