"""Reductions (sum, mean, squared norm) and softmax, plus the two losses."""

from __future__ import annotations

import numpy as np

from .base import OpDef, fmt_shape, register, shape_error, wrapped


def _to_scalar(shapes, p):
    return ()


def _vector_only(name):
    def shape(shapes, p):
        if len(shapes[0]) != 1:
            raise shape_error(f"{name} of {fmt_shape(shapes[0])}: takes a vector")
        return shapes[0]

    return shape


def _index_formula(lhs_u, lhs_l, rhs_u, rhs_l):
    return lambda sp, p, shapes: [(lhs_u, lhs_l, (rhs_u, rhs_l))]


register(
    OpDef(
        name="sum",
        category="reductions",
        symbol="Σ",
        inputs=("x",),
        description="Sum of all elements Σᵢ xᵢ",
        shape=_to_scalar,
        forward=lambda xs, p: np.asarray(xs[0].sum()),
        vjp=lambda g, xs, out, p: [np.full(xs[0].shape, float(g))],
        jvp=lambda ts, xs, out, p: np.asarray(ts[0].sum()),
        jacobian=lambda xs, out, p: [np.ones(xs[0].shape)],
        structure=lambda shapes, p: ["1ᵀ (a row of ones)"],
        readable=lambda port, shapes, names: "1ᵀ" if shapes[0] else "I",
        formula=_index_formula("∂(Σᵢ xᵢ)/∂xₖ", r"\frac{\partial \sum_i x_i}{\partial x_k}", "1", "1"),
        scalar_forward=lambda xs, p: xs[0],
        scalar_vjp=lambda g, xs, out, p: (g,),
    )
)

register(
    OpDef(
        name="mean",
        category="reductions",
        symbol="mean",
        inputs=("x",),
        description="Mean of all elements (1/n) Σᵢ xᵢ",
        shape=_to_scalar,
        forward=lambda xs, p: np.asarray(xs[0].mean()),
        vjp=lambda g, xs, out, p: [np.full(xs[0].shape, float(g) / max(xs[0].size, 1))],
        jvp=lambda ts, xs, out, p: np.asarray(ts[0].mean()),
        jacobian=lambda xs, out, p: [np.full(xs[0].shape, 1.0 / max(xs[0].size, 1))],
        structure=lambda shapes, p: ["1ᵀ/n"],
        readable=lambda port, shapes, names: f"1ᵀ/{int(np.prod(shapes[0]))}" if shapes[0] else "I",
        formula=_index_formula(
            "∂((1/n) Σᵢ xᵢ)/∂xₖ", r"\frac{\partial \frac{1}{n}\sum_i x_i}{\partial x_k}", "1/n", r"\frac{1}{n}"
        ),
        scalar_forward=lambda xs, p: xs[0],
        scalar_vjp=lambda g, xs, out, p: (g,),
    )
)

register(
    OpDef(
        name="sqnorm",
        category="reductions",
        symbol="‖x‖²",
        inputs=("x",),
        description="Squared Euclidean (Frobenius) norm ‖x‖² = Σᵢ xᵢ²",
        shape=_to_scalar,
        forward=lambda xs, p: np.asarray(np.sum(xs[0] * xs[0])),
        vjp=lambda g, xs, out, p: [2.0 * float(g) * xs[0]],
        jvp=lambda ts, xs, out, p: np.asarray(2.0 * np.sum(xs[0] * ts[0])),
        jacobian=lambda xs, out, p: [2.0 * xs[0]],
        structure=lambda shapes, p: ["2xᵀ (a row)"],
        readable=lambda port, shapes, names: f"2{wrapped(names[0])}ᵀ" if shapes[0] else f"2{names[0]}",
        formula=_index_formula("∂‖x‖²/∂xₖ", r"\frac{\partial \|x\|^2}{\partial x_k}", "2xₖ", r"2 x_k"),
        scalar_forward=lambda xs, p: xs[0] * xs[0],
        scalar_vjp=lambda g, xs, out, p: (2.0 * g * xs[0],),
    )
)


# ----------------------------------------------------------------- softmax
def _softmax(z: np.ndarray) -> np.ndarray:
    e = np.exp(z - z.max())
    return e / e.sum()


def _log_softmax(z: np.ndarray) -> np.ndarray:
    shifted = z - z.max()
    return shifted - np.log(np.exp(shifted).sum())


register(
    OpDef(
        name="softmax",
        category="reductions",
        symbol="softmax",
        inputs=("z",),
        description="Softmax of a vector: exp(zᵢ) / Σⱼ exp(zⱼ)",
        shape=_vector_only("softmax"),
        forward=lambda xs, p: _softmax(xs[0]),
        vjp=lambda g, xs, out, p: [out * (g - np.dot(g, out))],
        jvp=lambda ts, xs, out, p: out * (ts[0] - np.dot(ts[0], out)),
        jacobian=lambda xs, out, p: [np.diag(out) - np.outer(out, out)],
        structure=lambda shapes, p: ["diag(s) − s sᵀ"],
        samples=lambda rng: [[rng.normal(size=(3,))]],
        formula=_index_formula(
            "∂sᵢ/∂zⱼ", r"\frac{\partial s_i}{\partial z_j}", "sᵢ(δᵢⱼ − sⱼ)", r"s_i(\delta_{ij} - s_j)"
        ),
    )
)


# ------------------------------------------------------------------ losses
def _same_shape(symbol):
    def shape(shapes, p):
        a, b = shapes
        if a != b:
            raise shape_error(f"{symbol}({fmt_shape(a)}, {fmt_shape(b)}): prediction and target shapes differ")
        return ()

    return shape


register(
    OpDef(
        name="sqerr",
        category="losses",
        symbol="SE",
        inputs=("pred", "target"),
        description="Squared error Σᵢ (predᵢ − targetᵢ)²",
        shape=_same_shape("sqerr"),
        forward=lambda xs, p: np.asarray(np.sum((xs[0] - xs[1]) ** 2)),
        vjp=lambda g, xs, out, p: [2.0 * float(g) * (xs[0] - xs[1]), -2.0 * float(g) * (xs[0] - xs[1])],
        jvp=lambda ts, xs, out, p: np.asarray(
            2.0 * np.sum((xs[0] - xs[1]) * ((0 if ts[0] is None else ts[0]) - (0 if ts[1] is None else ts[1])))
        ),
        jacobian=lambda xs, out, p: [2.0 * (xs[0] - xs[1]), -2.0 * (xs[0] - xs[1])],
        structure=lambda shapes, p: ["2(pred − target)ᵀ", "−2(pred − target)ᵀ"],
        samples=lambda rng: [[rng.normal(size=(3,)), rng.normal(size=(3,))]],
        formula=lambda sp, p, shapes: [
            ("∂SE/∂predₖ", r"\frac{\partial SE}{\partial \hat y_k}", ("2(predₖ − targetₖ)", r"2(\hat y_k - y_k)")),
            ("∂SE/∂targetₖ", r"\frac{\partial SE}{\partial y_k}", ("−2(predₖ − targetₖ)", r"-2(\hat y_k - y_k)")),
        ],
    )
)


def _one_hot(n: int, rng) -> np.ndarray:
    target = np.zeros(n)
    target[rng.integers(n)] = 1.0
    return target


def _xent_shape(shapes, p):
    z, y = shapes
    if len(z) != 1:
        raise shape_error(f"softmax_xent of {fmt_shape(z)}: the logits must be a vector")
    if z != y:
        raise shape_error(f"softmax_xent({fmt_shape(z)}, {fmt_shape(y)}): logits and target shapes differ")
    return ()


def _xent_vjp(g, xs, out, p):
    z, y = xs
    s = _softmax(z)
    return [float(g) * (s * y.sum() - y), -float(g) * _log_softmax(z)]


def _xent_jvp(ts, xs, out, p):
    z, y = xs
    total = 0.0
    if ts[0] is not None:
        total += float(np.dot(_softmax(z) * y.sum() - y, ts[0]))
    if ts[1] is not None:
        total += float(np.dot(-_log_softmax(z), ts[1]))
    return np.asarray(total)


register(
    OpDef(
        name="softmax_xent",
        category="losses",
        symbol="CE",
        inputs=("logits", "target"),
        description="Softmax cross-entropy −Σᵢ targetᵢ log softmax(logits)ᵢ",
        shape=_xent_shape,
        forward=lambda xs, p: np.asarray(-np.dot(xs[1], _log_softmax(xs[0]))),
        vjp=_xent_vjp,
        jvp=_xent_jvp,
        structure=lambda shapes, p: ["(s·Σy − y)ᵀ with s = softmax(z)", "−log sᵀ"],
        samples=lambda rng: [[rng.normal(size=(3,)), _one_hot(3, rng)]],
        formula=lambda sp, p, shapes: [
            ("∂CE/∂zₖ", r"\frac{\partial CE}{\partial z_k}", ("sₖ Σᵢ yᵢ − yₖ", r"s_k \sum_i y_i - y_k")),
            ("∂CE/∂yₖ", r"\frac{\partial CE}{\partial y_k}", ("−log sₖ", r"-\log s_k")),
        ],
    )
)
