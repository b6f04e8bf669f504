"""Reductions (sum, mean, squared norm) and softmax, plus the two losses."""

from __future__ import annotations

import numpy as np

from .base import OpDef, fmt_shape, in_text, operands, register, shape_error, wrapped


def _to_scalar(shapes, p):
    return ()


def _sum_formula(sp, p, shapes, names):
    (x,) = operands(names, "x")
    return [
        (f"∂(Σᵢ {x.u('i')})/∂{x.u('k')}", rf"\frac{{\partial \sum_i {x.t('i')}}}{{\partial {x.t('k')}}}", ("1", "1"))
    ]


def _mean_formula(sp, p, shapes, names):
    (x,) = operands(names, "x")
    return [
        (
            f"∂((1/n) Σᵢ {x.u('i')})/∂{x.u('k')}",
            rf"\frac{{\partial \frac{{1}}{{n}}\sum_i {x.t('i')}}}{{\partial {x.t('k')}}}",
            ("1/n", r"\frac{1}{n}"),
        )
    ]


def _sqnorm_formula(sp, p, shapes, names):
    (x,) = operands(names, "x")
    return [
        (
            f"∂‖{x.u()}‖²/∂{x.u('k')}",
            rf"\frac{{\partial \|{x.t()}\|^2}}{{\partial {x.t('k')}}}",
            (f"2{x.u('k')}", f"2 {x.t('k')}"),
        )
    ]


register(
    OpDef(
        name="sum",
        category="reductions",
        symbol="Σ",
        inputs=("x",),
        description="Sum of all elements Σᵢ xᵢ",
        search_words=("total", "add up", "Σ"),
        shape=_to_scalar,
        forward=lambda xs, p: np.asarray(xs[0].sum()),
        vjp=lambda g, xs, out, p: [np.full(xs[0].shape, float(g))],
        jvp=lambda ts, xs, out, p: np.asarray(ts[0].sum()),
        jacobian=lambda xs, out, p: [np.ones(xs[0].shape)],
        structure=lambda shapes, p, names: ["1ᵀ (a row of ones)"],
        readable=lambda port, shapes, names: "1ᵀ" if shapes[0] else "I",
        formula=_sum_formula,
        scalar_forward=lambda xs, p: xs[0],
        scalar_vjp=lambda g, xs, out, p: (g,),
        numpy=(np.sum,),
    )
)

register(
    OpDef(
        name="mean",
        category="reductions",
        symbol="mean",
        aliases=("average",),
        inputs=("x",),
        description="Mean of all elements (1/n) Σᵢ xᵢ",
        search_words=("avg",),
        shape=_to_scalar,
        forward=lambda xs, p: np.asarray(xs[0].mean()),
        vjp=lambda g, xs, out, p: [np.full(xs[0].shape, float(g) / max(xs[0].size, 1))],
        jvp=lambda ts, xs, out, p: np.asarray(ts[0].mean()),
        jacobian=lambda xs, out, p: [np.full(xs[0].shape, 1.0 / max(xs[0].size, 1))],
        structure=lambda shapes, p, names: ["1ᵀ/n"],
        readable=lambda port, shapes, names: f"1ᵀ/{int(np.prod(shapes[0]))}" if shapes[0] else "I",
        formula=_mean_formula,
        scalar_forward=lambda xs, p: xs[0],
        scalar_vjp=lambda g, xs, out, p: (g,),
        numpy=(np.mean,),
    )
)

register(
    OpDef(
        name="sqnorm",
        category="reductions",
        symbol="‖x‖²",
        inputs=("x",),
        description="Squared Euclidean (Frobenius) norm ‖x‖² = Σᵢ xᵢ²",
        search_words=("norm", "squared norm", "l2 norm"),
        shape=_to_scalar,
        forward=lambda xs, p: np.asarray(np.sum(xs[0] * xs[0])),
        vjp=lambda g, xs, out, p: [2.0 * float(g) * xs[0]],
        jvp=lambda ts, xs, out, p: np.asarray(2.0 * np.sum(xs[0] * ts[0])),
        jacobian=lambda xs, out, p: [2.0 * xs[0]],
        structure=lambda shapes, p, names: [f"2{in_text('2', wrapped(operands(names, 'x')[0].u()), 'ᵀ')}ᵀ (a row)"],
        readable=lambda port, shapes, names: (
            f"2{in_text('2', wrapped(names[0]), 'ᵀ')}ᵀ" if shapes[0] else f"2{in_text('2', names[0], '')}"
        ),
        formula=_sqnorm_formula,
        scalar_forward=lambda xs, p: xs[0] * xs[0],
        scalar_vjp=lambda g, xs, out, p: (2.0 * g * xs[0],),
        api_name="sqnorm",
        api_summary="Squared norm ‖x‖² = Σ x²: a scalar.",
    )
)


# ----------------------------------------------------------------- softmax
# A vector of logits is one example; a matrix is a batch, one example per row (B×n).
def _softmax(z: np.ndarray) -> np.ndarray:
    e = np.exp(z - z.max(axis=-1, keepdims=True))
    return e / e.sum(axis=-1, keepdims=True)


def _log_softmax(z: np.ndarray) -> np.ndarray:
    shifted = z - z.max(axis=-1, keepdims=True)
    return shifted - np.log(np.exp(shifted).sum(axis=-1, keepdims=True))


def _rows_of_logits(what: str, shape) -> None:
    if len(shape) not in (1, 2):
        raise shape_error(
            f"{what} of {fmt_shape(shape)}: the logits must be a vector, or a matrix with one example per row"
        )


def _softmax_shape(shapes, p):
    _rows_of_logits("softmax", shapes[0])
    return shapes[0]


def _softmax_along_rows(s: np.ndarray, t: np.ndarray) -> np.ndarray:
    """The softmax Jacobian applied to t, row by row: s ⊙ (t − ⟨t, s⟩) (symmetric, so vjp and jvp)."""
    return s * (t - np.sum(t * s, axis=-1, keepdims=True))


def _softmax_jacobian(xs, out, p):
    if out.ndim == 1:
        return [np.diag(out) - np.outer(out, out)]
    rows, n = out.shape
    blocks = np.einsum("ri,ij->rij", out, np.eye(n)) - np.einsum("ri,rj->rij", out, out)
    jac = np.zeros((rows, n, rows, n))
    jac[np.arange(rows), :, np.arange(rows), :] = blocks  # rows do not mix: block diagonal
    return [jac]


def _softmax_structure(shapes, p, names):
    if len(shapes[0]) == 2:
        return [f"block diagonal, {shapes[0][0]} blocks diag(sᵣ) − sᵣ sᵣᵀ (one per row r; rows do not mix)"]
    return ["diag(s) − s sᵀ"]


def _softmax_formula(sp, p, shapes, names):
    (z,) = operands(names, "z")
    if len(shapes[0]) == 2:
        return [
            (
                f"∂sᵣᵢ/∂{z.u('rj')}",
                rf"\frac{{\partial s_{{ri}}}}{{\partial {z.t('rj')}}}",
                ("sᵣᵢ(δᵢⱼ − sᵣⱼ), s = softmax of each row", r"s_{ri}(\delta_{ij} - s_{rj})"),
            )
        ]
    return [
        (
            f"∂sᵢ/∂{z.u('j')}",
            rf"\frac{{\partial s_i}}{{\partial {z.t('j')}}}",
            (
                "sᵢ(δᵢⱼ − sⱼ), s = softmax(" + z.u() + ")",
                rf"s_i(\delta_{{ij}} - s_j),\; s = \mathrm{{softmax}}({z.t()})",
            ),
        )
    ]


register(
    OpDef(
        name="softmax",
        category="reductions",
        symbol="softmax",
        inputs=("z",),
        description="Softmax exp(zᵢ) / Σⱼ exp(zⱼ) of a vector, or of each row of a matrix (a batch)",
        search_words=("probabilities", "normalise", "normalize"),
        shape=_softmax_shape,
        forward=lambda xs, p: _softmax(xs[0]),
        vjp=lambda g, xs, out, p: [_softmax_along_rows(out, g)],
        jvp=lambda ts, xs, out, p: _softmax_along_rows(out, ts[0]),
        jacobian=_softmax_jacobian,
        structure=_softmax_structure,
        structure_transposed=_softmax_structure,  # (symmetric: diag(s) − s sᵀ is its own transpose)
        samples=lambda rng: [[rng.normal(size=(3,))], [rng.normal(size=(4, 3))]],
        formula=_softmax_formula,
        api_name="softmax",
        api_summary="exp(z) / Σ exp(z) of a vector, or of each row of a matrix (a batch).",
    )
)


# ------------------------------------------------------------------ losses
def _same_shape(symbol):
    def shape(shapes, p):
        a, b = shapes
        if a != b:
            raise shape_error(
                f"{symbol}({fmt_shape(a)}, {fmt_shape(b)}): prediction and target shapes differ", _target_fix(a, b)
            )
        return ()

    return shape


def _target_fix(a, b, rows_note: str = "") -> str:
    """The fix of a loss's two operands of different shapes, as {0} (the prediction, logits) and
    {1} (the target). One of them a vector, the other a batch of such rows: which lacks the batch
    rows, and either way out (a prediction without them comes from an input given as one example,
    upstream); a transposed target; else the target made like the prediction."""
    a, b = tuple(a), tuple(b)
    if len(a) == 1 and len(b) == 2 and b[1] == a[0]:
        return (
            f"{{0}} has no batch rows while {{1}} has {b[0]}: {{0}} must be {fmt_shape(b)}, one row per example"
            f" (was an input given as one example?), or {{1}} {fmt_shape(a)}"
        )
    if len(a) == 2 and len(b) == 1 and a[1] == b[0]:
        return (
            f"{{1}} has no batch rows while {{0}} has {a[0]}: {{1}} must be {fmt_shape(a)}{rows_note},"
            f" or {{0}} {fmt_shape(b)}"
        )
    if len(a) == 2 and b == a[::-1]:
        return "{1} looks transposed: its transpose " + fmt_shape(a) + " fits"
    return "{1} must be " + fmt_shape(a) + " like {0}" + rows_note


def _sqerr_structure(shapes, p, names):
    pred, target = operands(names, "pred", "target")
    return [f"2({pred.u()} − {target.u()})ᵀ", f"−2({pred.u()} − {target.u()})ᵀ"]


def _sqerr_formula(sp, p, shapes, names):
    pred, target = operands(names, "pred", "target")
    diff_u = f"{pred.u('k')} − {target.u('k')}"
    diff_l = f"{pred.t('k')} - {target.t('k')}"
    return [
        (f"∂SE/∂{pred.u('k')}", rf"\frac{{\partial SE}}{{\partial {pred.t('k')}}}", (f"2({diff_u})", f"2({diff_l})")),
        (
            f"∂SE/∂{target.u('k')}",
            rf"\frac{{\partial SE}}{{\partial {target.t('k')}}}",
            (f"−2({diff_u})", f"-2({diff_l})"),
        ),
    ]


register(
    OpDef(
        name="sqerr",
        category="losses",
        symbol="SE",
        inputs=("pred", "target"),
        description="Squared error Σᵢ (predᵢ − targetᵢ)²",
        search_words=("squared error", "mse", "sse", "least squares", "l2 loss", "loss"),
        shape=_same_shape("sqerr"),
        forward=lambda xs, p: np.asarray(np.sum((xs[0] - xs[1]) ** 2)),
        vjp=lambda g, xs, out, p: [2.0 * float(g) * (xs[0] - xs[1]), -2.0 * float(g) * (xs[0] - xs[1])],
        jvp=lambda ts, xs, out, p: np.asarray(
            2.0 * np.sum((xs[0] - xs[1]) * ((0 if ts[0] is None else ts[0]) - (0 if ts[1] is None else ts[1])))
        ),
        jacobian=lambda xs, out, p: [2.0 * (xs[0] - xs[1]), -2.0 * (xs[0] - xs[1])],
        structure=_sqerr_structure,
        samples=lambda rng: [[rng.normal(size=(3,)), rng.normal(size=(3,))]],
        formula=_sqerr_formula,
        api_name="sqerr",
        api_summary="Squared error Σ (pred − target)²: a scalar.",
    )
)


def _one_hot(n: int, rng, rows: int | None = None) -> np.ndarray:
    target = np.zeros((rows or 1, n))
    target[np.arange(rows or 1), rng.integers(n, size=rows or 1)] = 1.0
    return target if rows else target[0]


def _one_hot_target(shape: tuple[int, ...]) -> np.ndarray:
    """softmax_xent's target as examples 07 and 08 hold it: one-hot, the class of row i being i + 1
    (wrapped), so a vector of 3 is [0, 1, 0]."""
    rows, n = (shape[0], shape[1]) if len(shape) == 2 else (1, shape[0])
    target = np.zeros((rows, n))
    target[np.arange(rows), (np.arange(rows) + 1) % n] = 1.0
    return target.reshape(shape)


def _xent_shape(shapes, p):
    z, y = shapes
    _rows_of_logits("softmax_xent", z)
    if z != y:
        raise shape_error(
            f"softmax_xent({fmt_shape(z)}, {fmt_shape(y)}): logits and target shapes differ",
            _target_fix(z, y, " (one-hot rows, one per example)"),
        )
    return ()


def _batch(z: np.ndarray) -> int:
    """The number of examples the loss averages over: the rows of a matrix, 1 for a vector."""
    return z.shape[0] if z.ndim == 2 else 1


def _xent_forward(xs, p):
    z, y = xs
    return np.asarray(-np.sum(y * _log_softmax(z)) / _batch(z))


def _xent_vjp(g, xs, out, p):
    z, y = xs
    scale = float(g) / _batch(z)
    return [scale * (_softmax(z) * y.sum(axis=-1, keepdims=True) - y), -scale * _log_softmax(z)]


def _xent_jvp(ts, xs, out, p):
    z, y = xs
    total = 0.0
    if ts[0] is not None:
        total += float(np.sum((_softmax(z) * y.sum(axis=-1, keepdims=True) - y) * ts[0]))
    if ts[1] is not None:
        total += float(np.sum(-_log_softmax(z) * ts[1]))
    return np.asarray(total / _batch(z))


def _xent_structure(shapes, p, names, transposed: bool = False):
    """The texts of softmax_xent's two Jacobians: rows, or with `transposed` the columns the
    denominator layout shows."""
    z, y = operands(names, "z", "y")
    line, t = ("a column", "") if transposed else ("a row", "ᵀ")
    if len(shapes[0]) == 2:
        rows = shapes[0][0]
        return [
            f"{line}: (sᵣ·Σ{y.u('r')} − {y.u('r')}){t}/{rows} for each row r, s = softmax of each row of {z.u()}",
            f"{line}: −(log sᵣ){t}/{rows} for each row r",
        ]
    return [f"(s·Σ{y.u()} − {y.u()}){t} with s = softmax({z.u()})", f"−log s{t}"]


def _xent_structure_transposed(shapes, p, names):
    return _xent_structure(shapes, p, names, transposed=True)


def _xent_formula(sp, p, shapes, names):
    z, y = operands(names, "z", "y")
    if len(shapes[0]) == 2:
        return [
            (
                f"∂CE/∂{z.u('rk')}",
                rf"\frac{{\partial CE}}{{\partial {z.t('rk')}}}",
                (
                    f"(sᵣₖ Σᵢ {y.u('ri')} − {y.u('rk')})/B, B = {shapes[0][0]} rows",
                    rf"\frac{{1}}{{B}}(s_{{rk}} \sum_i {y.t('ri')} - {y.t('rk')})",
                ),
            ),
            (
                f"∂CE/∂{y.u('rk')}",
                rf"\frac{{\partial CE}}{{\partial {y.t('rk')}}}",
                ("−log(sᵣₖ)/B", r"-\frac{1}{B}\log s_{rk}"),
            ),
        ]
    return [
        (
            f"∂CE/∂{z.u('k')}",
            rf"\frac{{\partial CE}}{{\partial {z.t('k')}}}",
            (
                f"sₖ Σᵢ {y.u('i')} − {y.u('k')}, s = softmax({z.u()})",
                rf"s_k \sum_i {y.t('i')} - {y.t('k')},\; s = \mathrm{{softmax}}({z.t()})",
            ),
        ),
        (f"∂CE/∂{y.u('k')}", rf"\frac{{\partial CE}}{{\partial {y.t('k')}}}", ("−log sₖ", r"-\log s_k")),
    ]


register(
    OpDef(
        name="softmax_xent",
        category="losses",
        symbol="CE",
        inputs=("logits", "target"),
        description="Softmax cross-entropy −Σᵢ targetᵢ log softmax(logits)ᵢ; for a matrix (a batch, one "
        "example per row) the mean over the rows",
        search_words=("cross entropy", "cross-entropy", "xent", "log loss", "nll", "loss"),
        shape=_xent_shape,
        forward=_xent_forward,
        vjp=_xent_vjp,
        jvp=_xent_jvp,
        structure=_xent_structure,
        structure_transposed=_xent_structure_transposed,
        samples=lambda rng: [
            [rng.normal(size=(3,)), _one_hot(3, rng)],
            [rng.normal(size=(4, 3)), _one_hot(3, rng, rows=4)],
        ],
        formula=_xent_formula,
        target_port=1,
        target_sample=_one_hot_target,
        api_name="softmax_xent",
        api_summary="Cross-entropy −Σ target · log softmax(logits): a scalar (for a batch of rows, their mean).",
    )
)
