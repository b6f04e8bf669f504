"""Elementwise ops of two inputs: + − × ÷ of equal shapes, or a scalar with a tensor (broadcast)."""

from __future__ import annotations

import numpy as np

from .base import (
    OpDef,
    fmt_shape,
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
    return diag_jacobian(np.asarray(d))


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


def binary(
    *, name, symbol, description, f, da, db, sym, structures, numpy, readable=None, vjp_float=None, denominator=False
):
    """Declare y = f(a, b) elementwise (equal shapes, or a scalar with a tensor).

    f(a, b) works on arrays and on floats; da(a, b, y) and db(a, b, y) are ∂y/∂a and ∂y/∂b
    elementwise; sym(a, b) is f in sympy. structures are the Jacobians' structures written
    for tensors ("diag(b)"); readable(port, shapes, names) the chain-rule factors.
    vjp_float(g, a, b) is the vjp on plain floats (scalar graphs). With denominator, test
    samples keep b away from 0, and b = 0 is outside the op's domain (defined_for). numpy: the
    numpy ufuncs meaning it in a traced function (np.add, which a + b calls too).
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
                texts.append(undiag(text))
            elif not s:
                texts.append(f"column {undiag(text)} (scalar broadcast)")
            else:
                texts.append(text)
        return texts if names is None else [named(t, {"a": names[0], "b": names[1]}) for t in texts]

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
            defined_for=(lambda xs, p: (1, xs[1] != 0, "division by 0 is undefined")) if denominator else None,
            broadcasts=True,
            numpy=numpy,
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
    numpy=(np.add,),
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
    numpy=(np.subtract,),
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
    numpy=(np.multiply,),
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
    numpy=(np.true_divide,),  # (np.divide is np.true_divide)
)
