"""Elementwise ops of one input (sin, exp, relu, …), and what the binary ones
(elementwise_binary.py: + − × ÷) share with them: diagonal Jacobians and structure texts.

Their Jacobians are diagonal, so every declaration here only states f and f'.
"""

from __future__ import annotations

import math
import re
from fractions import Fraction
from functools import lru_cache

import numpy as np

from .base import (
    OpDef,
    in_text,
    is_number,
    register,
    sympy_latex,
    sympy_symbols,
    tex_name,
    wrapped,
)


# ------------------------------------------------------------------- unary
def _unary_shape(shapes, params):
    return shapes[0]


def diag_jacobian(d: np.ndarray) -> np.ndarray:
    """∂f(u)/∂u for elementwise f: a diagonal of f'(u), shape u.shape + u.shape."""
    n = d.size
    # (the diagonal written into zeros: np.diag's own checks cost twice as much, and a trace
    # builds one of these per elementwise step)
    out = np.zeros(n * n, dtype=d.dtype)
    out[:: n + 1] = d.reshape(n)
    return out.reshape(d.shape + d.shape)


def undiag(text: str) -> str:
    """A diagonal structure's entry: diag(cos u) -> cos u."""
    return text.removeprefix("diag(").removesuffix(")")


def _scalar_text(text: str, shape) -> str:
    """A diagonal structure as written for a scalar: diag(cos u) -> cos u, −I -> −1."""
    if shape:
        return text
    if text.lstrip("−") == "I":
        return text.replace("I", "1")
    return undiag(text)


def named(text: str, names: dict[str, str]) -> str:
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
        name = in_text("".join(out) + parts[i], wrapped(names[parts[i + 1]]), parts[i + 2])
        out.append(name if name.startswith(("(", "·")) else parts[i] + name)
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
    written_as=None,
    param_notes=None,
    aliases=(),
    defined_for=None,
    limit_outside=None,
    numpy=(),
    math_name=None,
    python_operator=None,
    api_name=None,
    api_summary="",
    search_words=(),
):
    """Declare y = f(u) elementwise: the op's whole declaration is these keywords.

    f(u, params) is f on arrays and df(u, y, params) is f'(u) (y = f(u) is given for free);
    sym(sp, u, params) is f in sympy, which writes the formula. structure is the Jacobian
    written with u ("diag(cos u)"), or structure(params) writes it with the parameters' values
    (pow: "diag(2u)"); with u replaced by the input's name it is also the readable chain-rule
    factor. f_float and df_float are f and f' on plain floats (the
    engine's path for scalar graphs). Samples for the tests are drawn in domain, a (low,
    high) interval, or from a normal distribution; either_sign draws ±[low, high] (to keep
    finite differences off a kink at 0). defined_for(u, params) -> (which entries of u lie in
    f's domain, the sentence saying it) for an f undefined somewhere (log, √); limit_outside(u,
    params) -> f'(u)'s limit where u lies outside it, nan where it has none (OpDef.limits_outside). numpy,
    math_name, python_operator, api_name and api_summary: how expressions and the Python API reach it
    (OpDef's fields of those names); search_words: what else finds it in search (OpDef's).
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
        return [diag_jacobian(d)]

    def structure_text(p) -> str:
        return structure(p) if callable(structure) else structure

    def structures(shapes, p, names):
        text = _scalar_text(structure_text({**(defaults or {}), **(p or {})}), shapes[0])
        return [text if names is None else named(text, {port: names[0]})]

    def readable(index, shapes, names, p=None):  # (p: given to an op with parameters)
        return named(_scalar_text(structure_text({**(defaults or {}), **(p or {})}), shapes[0]), {port: names[0]})

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
            written_as=written_as,
            param_notes=param_notes or {},
            aliases=tuple(aliases),
            samples=_sampler(domain, either_sign),
            defined_for=(lambda xs, p: (0, *defined_for(xs[0], p))) if defined_for else None,
            limits_outside=(lambda xs, p: [limit_outside(xs[0], p)]) if limit_outside else None,
            numpy=numpy,
            math_name=math_name,
            python_operator=python_operator,
            api_name=api_name,
            api_summary=api_summary,
            search_words=tuple(search_words),
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


_SUPERSCRIPT = str.maketrans("0123456789-", "⁰¹²³⁴⁵⁶⁷⁸⁹⁻")


def _pow_defined_for(u, p):
    """uᵖ: every u for a whole p ≥ 0; u ≠ 0 for a whole p < 0; u ≥ 0 (u > 0 when p < 0) otherwise."""
    x, card = float(p["p"]), _power_text(p)
    if x.is_integer():
        if x >= 0:
            return np.ones(np.shape(u), dtype=bool), ""
        return u != 0, f"{card} is undefined at 0"
    if x > 0:
        return u >= 0, f"{card} is defined for numbers ≥ 0 only"
    return u > 0, f"{card} is defined for positive numbers only"


def _pow_limit_outside(u, p):
    """p·uᵖ⁻¹ at u = 0, where uᵖ is undefined (p < 0): −∞ when it is so from every side uᵖ is
    defined on (x⁻¹, x⁻³: uᵖ⁻¹ is even; x^(−0.5): defined for u > 0 only); nan where the sides
    disagree (x⁻²: +∞ from the left, −∞ from the right) and for u < 0 outside the domain."""
    x = float(p["p"])
    agree = not x.is_integer() or int(x) % 2 == 1  # (−1 % 2 == 1: an odd power)
    return np.where((u == 0) & (x < 0) & agree, -np.inf, np.nan)


def _power_text(p, base: str = "x") -> str:
    """pow's card: x³, x⁻¹ as square's x² is written; x^0.5 (no superscript point exists); of
    another base, bracketed unless one letter: (add₁)³, (x1)³."""
    x = float(p["p"])
    exponent = _exponent_text(x) if x.is_integer() else f"^{_bracketed(_number_text(x))}"
    return in_text("", wrapped(base), exponent) + exponent


def _exponent_text(x: float) -> str:
    """An exponent after its base: ³, ⁻¹, ^0.5, ^(−1.5)."""
    if x.is_integer():
        return str(int(x)).translate(_SUPERSCRIPT)
    text = _number_text(x)
    return f"^{_bracketed(text)}" if x > 0 else f"^({text})".replace("-", "−")


def _number_text(x: float) -> str:
    """x as written: 0.5, 1.5, and a fraction whose decimals never end as that fraction (x**(1/3) is
    x^(1/3), its derivative's power −2/3), not 0.333333."""
    text = f"{x:g}"
    fraction = Fraction(x).limit_denominator(100)
    if float(text) != x and math.isclose(float(fraction), x, rel_tol=1e-12):
        return str(fraction)
    return text


def _bracketed(text: str) -> str:
    return f"({text})" if "/" in text else text


def _pow_structure(p) -> str:
    """∂uᵖ/∂u with p's value: diag(2u), diag(3u²), diag(0.5u^(−0.5)), diag(1) for p = 1."""
    x = float(p["p"])
    if x in (0.0, 1.0):
        return f"diag({int(x)})"
    coefficient = {1.0: "", -1.0: "−"}.get(x, _bracketed(_number_text(x)).replace("-", "−"))
    power = "u" if x == 2 else "u" + _exponent_text(x - 1)
    return f"diag({coefficient}{power})"


unary(
    name="neg",
    symbol="−",
    description="Negation −u",
    search_words=("negate", "negative", "opposite", "unary minus", "-x"),
    f=lambda u, p: -u,
    df=lambda u, y, p: -np.ones_like(u),
    sym=lambda sp, u, p: -u,
    aliases=("negative",),
    structure="−I",
    f_float=lambda u, p: -u,
    df_float=lambda u, y, p: -1.0,
    python_operator="-",  # -u
    numpy=(np.negative,),
)
unary(
    name="square",
    symbol="x²",
    description="Square u²",
    search_words=("squared", "x^2", "x**2", "^2", "**2", "²"),
    f=lambda u, p: u * u,
    df=lambda u, y, p: 2 * u,
    sym=lambda sp, u, p: u**2,
    structure="diag(2u)",
    f_float=lambda u, p: u * u,
    df_float=lambda u, y, p: 2.0 * u,
    numpy=(np.square,),
)
unary(
    name="pow",
    symbol="xᵖ",
    description="Power uᵖ with a constant exponent p",
    search_words=(
        "power",
        "exponent",
        "^",
        "**",
        "raise to a power",
        "reciprocal",
        "inverse",
        "1/x",
        "x^-1",
        "x**-1",
        "⁻¹",
    ),
    f=lambda u, p: np.power(u, p["p"]),
    df=lambda u, y, p: _pow_derivative(u, p),
    sym=lambda sp, u, p: u ** sp.nsimplify(p["p"]),
    aliases=("power",),
    structure=_pow_structure,
    f_float=lambda u, p: math.pow(u, p["p"]),
    df_float=_pow_derivative_float,
    domain=(0.5, 2.0),
    defaults={"p": 2.0},
    shown_symbol=_power_text,
    written_as=lambda args, p: _power_text(p, args[0]),
    defined_for=_pow_defined_for,
    limit_outside=_pow_limit_outside,
    param_notes={
        "p": "the exponent must be a number, as in x**2, x**-0.5 or x**(1/3) (for a variable exponent write exp(y*log(x)))"
    },
    python_operator="**",  # u ** 3: the operand after u is p
    numpy=(np.power,),  # np.power(x, 3): its argument after u is p
    math_name="pow",  # (math.pow is np.power)
)
unary(
    name="sqrt",
    symbol="√",
    description="Square root √u",
    search_words=("root", "square root"),
    f=lambda u, p: np.sqrt(u),
    df=lambda u, y, p: 0.5 / y,
    sym=lambda sp, u, p: sp.sqrt(u),
    structure="diag(1/(2√u))",
    f_float=lambda u, p: math.sqrt(u),
    df_float=lambda u, y, p: 0.5 / y,
    domain=(0.5, 2.0),
    defined_for=lambda u, p: (u >= 0, "√ is defined for numbers ≥ 0 only"),
    numpy=(np.sqrt,),
)
unary(
    name="exp",
    symbol="exp",
    description="Exponential eᵘ",
    search_words=("exponential", "e^x", "e^"),
    f=lambda u, p: np.exp(u),
    df=lambda u, y, p: y,
    sym=lambda sp, u, p: sp.exp(u),
    structure="diag(exp u)",
    f_float=lambda u, p: math.exp(u),
    df_float=lambda u, y, p: y,
    numpy=(np.exp,),
)
unary(
    name="log",
    symbol="log",
    description="Natural logarithm ln u",
    search_words=("ln", "logarithm", "natural log"),
    f=lambda u, p: np.log(u),
    df=lambda u, y, p: 1.0 / u,
    sym=lambda sp, u, p: sp.log(u),
    aliases=("ln",),
    structure="diag(1/u)",
    f_float=lambda u, p: math.log(u),
    df_float=lambda u, y, p: 1.0 / u,
    domain=(0.5, 2.0),
    defined_for=lambda u, p: (u > 0, "log is defined for positive numbers only"),
    numpy=(np.log,),
)
unary(
    name="sin",
    symbol="sin",
    description="Sine",
    search_words=("sine",),
    f=lambda u, p: np.sin(u),
    df=lambda u, y, p: np.cos(u),
    sym=lambda sp, u, p: sp.sin(u),
    structure="diag(cos u)",
    f_float=lambda u, p: math.sin(u),
    df_float=lambda u, y, p: math.cos(u),
    numpy=(np.sin,),
)
unary(
    name="cos",
    symbol="cos",
    description="Cosine",
    search_words=("cosine",),
    f=lambda u, p: np.cos(u),
    df=lambda u, y, p: -np.sin(u),
    sym=lambda sp, u, p: sp.cos(u),
    structure="diag(−sin u)",
    f_float=lambda u, p: math.cos(u),
    df_float=lambda u, y, p: -math.sin(u),
    numpy=(np.cos,),
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
    numpy=(np.tan,),
)
unary(
    name="tanh",
    symbol="tanh",
    description="Hyperbolic tangent",
    search_words=("hyperbolic tangent", "activation"),
    f=lambda u, p: np.tanh(u),
    df=lambda u, y, p: 1.0 - y * y,
    sym=lambda sp, u, p: sp.tanh(u),
    structure="diag(1 − tanh² u)",
    f_float=lambda u, p: math.tanh(u),
    df_float=lambda u, y, p: 1.0 - y * y,
    numpy=(np.tanh,),
)
unary(
    name="sigmoid",
    symbol="σ",
    description="Logistic sigmoid 1/(1 + e⁻ᵘ)",
    search_words=("logistic", "σ", "activation", "squash"),
    f=lambda u, p: _sigmoid(u),
    df=lambda u, y, p: y * (1.0 - y),
    sym=lambda sp, u, p: 1 / (1 + sp.exp(-u)),
    aliases=("logistic", "expit", "σ"),  # (σ: the palette's own symbol, as students type it)
    structure="diag(σ(u)(1 − σ(u)))",
    f_float=lambda u, p: 0.5 * (1.0 + math.tanh(0.5 * u)),
    df_float=lambda u, y, p: y * (1.0 - y),
    api_name="sigmoid",
    api_summary="σ(u) = 1 / (1 + exp(−u)), elementwise.",
)
unary(
    name="relu",
    symbol="ReLU",
    description="Rectified linear unit max(u, 0); derivative 0 at u = 0",
    search_words=("rectifier", "max(0, x)", "activation"),
    f=lambda u, p: np.maximum(u, 0.0),
    df=lambda u, y, p: (u > 0).astype(float),
    sym=lambda sp, u, p: sp.Max(u, 0),
    structure="diag(1[u > 0])",
    f_float=lambda u, p: u if u > 0 else 0.0,
    df_float=lambda u, y, p: 1.0 if u > 0 else 0.0,
    domain=(0.2, 1.5),
    either_sign=True,
    api_name="relu",
    api_summary="max(u, 0), elementwise.",
)
unary(
    name="abs",
    symbol="|x|",
    description="Absolute value; derivative 0 at u = 0",
    search_words=("absolute value", "modulus", "|x|"),
    f=lambda u, p: np.abs(u),
    df=lambda u, y, p: np.sign(u),
    sym=lambda sp, u, p: sp.Abs(u),
    aliases=("absolute",),
    structure="diag(sign u)",
    f_float=lambda u, p: abs(u),
    df_float=lambda u, y, p: float((u > 0) - (u < 0)),
    domain=(0.2, 1.5),
    either_sign=True,
    numpy=(np.absolute,),  # (np.abs is np.absolute)
    math_name="fabs",
)
