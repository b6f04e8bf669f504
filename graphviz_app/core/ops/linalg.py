"""Linear algebra: matmul (matrix and vector in every combination), transpose, dot, outer.

Vectors are promoted to 1×k rows (left operand) or k×1 columns (right operand)
so one set of matrix formulas serves all four matmul cases.
"""

from __future__ import annotations

import numpy as np

from .base import OpDef, fmt_shape, register, shape_error, wrapped


# ------------------------------------------------------------------ matmul
def _matmul_shape(shapes, params):
    a, b = shapes
    if not a or not b or len(a) > 2 or len(b) > 2:
        raise shape_error(f"{fmt_shape(a)} @ {fmt_shape(b)}: matmul takes vectors or matrices (use mul for a scalar)")
    inner_a, inner_b = a[-1], b[0]
    if inner_a != inner_b:
        raise shape_error(f"{fmt_shape(a)} @ {fmt_shape(b)}: inner sizes {inner_a} and {inner_b} differ")
    return a[:-1] + b[1:]


def _as_matrices(a: np.ndarray, b: np.ndarray):
    a2 = a.reshape(1, -1) if a.ndim == 1 else a
    b2 = b.reshape(-1, 1) if b.ndim == 1 else b
    return a2, b2


def _matmul_vjp(g, xs, out, p):
    a, b = xs
    a2, b2 = _as_matrices(a, b)
    g2 = np.asarray(g).reshape(a2.shape[0], b2.shape[1])
    return [(g2 @ b2.T).reshape(a.shape), (a2.T @ g2).reshape(b.shape)]


def _matmul_jvp(ts, xs, out, p):
    a, b = xs
    result = np.zeros(out.shape)
    if ts[0] is not None:
        result = result + ts[0] @ b
    if ts[1] is not None:
        result = result + a @ ts[1]
    return np.asarray(result)


def _matmul_jacobian(xs, out, p):
    # C = A B:  ∂Cᵢⱼ/∂Aₖₗ = δᵢₖ Bₗⱼ   and   ∂Cᵢⱼ/∂Bₖₗ = Aᵢₖ δⱼₗ
    a, b = xs
    a2, b2 = _as_matrices(a, b)
    n, m = a2.shape[0], b2.shape[1]
    ja = np.einsum("ik,lj->ijkl", np.eye(n), b2).reshape(out.shape + a.shape)
    jb = np.einsum("ik,jl->ijkl", a2, np.eye(m)).reshape(out.shape + b.shape)
    return [ja, jb]


def _matmul_structure(shapes, p):
    a, b = shapes
    if len(a) == 2 and len(b) == 1:  # W a: the case of seed 001
        return ["δₖᵢ aⱼ  (I ⊗ aᵀ)", "W (the matrix itself)"]
    if len(a) == 2 and len(b) == 2:
        return ["δᵢₖ Bₗⱼ  (I ⊗ Bᵀ)", "Aᵢₖ δⱼₗ  (A ⊗ I)"]
    if len(a) == 1 and len(b) == 2:
        return ["Wᵀ", "δⱼₗ xₖ  (xᵀ ⊗ I)"]
    return ["bᵀ (a row)", "aᵀ (a row)"]


def _matmul_formula(sp, p, shapes):
    a, b = shapes
    if len(a) == 2 and len(b) == 1:
        return [
            ("∂(Wa)ₖ/∂Wᵢⱼ", r"\frac{\partial (Wa)_k}{\partial W_{ij}}", ("δₖᵢ aⱼ", r"\delta_{ki}\, a_j")),
            ("∂(Wa)ₖ/∂aⱼ", r"\frac{\partial (Wa)_k}{\partial a_j}", ("Wₖⱼ", r"W_{kj}")),
        ]
    if len(a) == 1 and len(b) == 2:
        return [
            ("∂(xᵀW)ⱼ/∂xₖ", r"\frac{\partial (x^\top W)_j}{\partial x_k}", ("Wₖⱼ", r"W_{kj}")),
            ("∂(xᵀW)ⱼ/∂Wₖₗ", r"\frac{\partial (x^\top W)_j}{\partial W_{kl}}", ("xₖ δⱼₗ", r"x_k\, \delta_{jl}")),
        ]
    if len(a) == 1 and len(b) == 1:
        return [
            ("∂(aᵀb)/∂aₖ", r"\frac{\partial (a^\top b)}{\partial a_k}", ("bₖ", r"b_k")),
            ("∂(aᵀb)/∂bₖ", r"\frac{\partial (a^\top b)}{\partial b_k}", ("aₖ", r"a_k")),
        ]
    return [
        ("∂(AB)ᵢⱼ/∂Aₖₗ", r"\frac{\partial (AB)_{ij}}{\partial A_{kl}}", ("δᵢₖ Bₗⱼ", r"\delta_{ik}\, B_{lj}")),
        ("∂(AB)ᵢⱼ/∂Bₖₗ", r"\frac{\partial (AB)_{ij}}{\partial B_{kl}}", ("Aᵢₖ δⱼₗ", r"A_{ik}\, \delta_{jl}")),
    ]


def _matmul_readable(port, shapes, names):
    """W a: ∂/∂a is W; xᵀW: ∂/∂x is Wᵀ; aᵀb: ∂/∂a is bᵀ. A matrix by a matrix has no short form."""
    a, b = shapes
    other = names[1 - port]
    if port == 1 and len(a) == 2 and len(b) == 1:
        return other
    if (port == 0 and len(a) == 1 and len(b) == 2) or (len(a) == 1 and len(b) == 1):
        return f"{wrapped(other)}ᵀ"
    return None


def _matmul_samples(rng):
    """All four combinations of matrix and vector operands."""
    return [
        [rng.normal(size=(3, 2)), rng.normal(size=(2, 4))],
        [rng.normal(size=(3, 2)), rng.normal(size=(2,))],
        [rng.normal(size=(3,)), rng.normal(size=(3, 4))],
        [rng.normal(size=(3,)), rng.normal(size=(3,))],
    ]


register(
    OpDef(
        name="matmul",
        category="linear algebra",
        symbol="@",
        inputs=("A", "B"),
        description="Matrix product A @ B: matrix·matrix, matrix·vector, vector·matrix or vector·vector",
        shape=_matmul_shape,
        forward=lambda xs, p: np.asarray(xs[0] @ xs[1], dtype=float),
        vjp=_matmul_vjp,
        jvp=_matmul_jvp,
        jacobian=_matmul_jacobian,
        structure=_matmul_structure,
        formula=_matmul_formula,
        readable=_matmul_readable,
        samples=_matmul_samples,
        preferred_ranks=(2, 1),  # W @ x: a matrix on the left, a vector on the right
    )
)


# --------------------------------------------------------------- transpose
def _transpose_jacobian(xs, out, p):
    x = xs[0]
    if x.ndim < 2:
        return [np.eye(x.size).reshape(x.shape + x.shape)]
    n, m = x.shape
    # ∂(Xᵀ)ᵢⱼ/∂Xₖₗ = δᵢₗ δⱼₖ
    return [np.einsum("il,jk->ijkl", np.eye(m), np.eye(n))]


register(
    OpDef(
        name="transpose",
        category="linear algebra",
        symbol="ᵀ",
        inputs=("X",),
        description="Transpose Xᵀ (a vector or scalar is unchanged)",
        shape=lambda shapes, p: tuple(reversed(shapes[0])),
        forward=lambda xs, p: np.asarray(xs[0]).T.copy(),
        vjp=lambda g, xs, out, p: [np.asarray(g).T.copy()],
        jvp=lambda ts, xs, out, p: np.asarray(ts[0]).T.copy(),
        jacobian=_transpose_jacobian,
        structure=lambda shapes, p: ["δᵢₗ δⱼₖ (a permutation)" if len(shapes[0]) == 2 else "I"],
        readable=lambda port, shapes, names: "I" if len(shapes[0]) < 2 else None,
        samples=lambda rng: [[rng.normal(size=(3, 2))], [rng.normal(size=(3,))]],
        formula=lambda sp, p, shapes: [
            (
                "∂(Xᵀ)ᵢⱼ/∂Xₖₗ",
                r"\frac{\partial (X^\top)_{ij}}{\partial X_{kl}}",
                ("δᵢₗ δⱼₖ", r"\delta_{il}\,\delta_{jk}"),
            )
        ],
    )
)


# --------------------------------------------------------------- dot, outer
def _two_vectors(symbol, same_length):
    def shape(shapes, p):
        a, b = shapes
        if len(a) != 1 or len(b) != 1:
            raise shape_error(f"{fmt_shape(a)} {symbol} {fmt_shape(b)}: takes two vectors")
        if same_length and a != b:
            raise shape_error(f"{fmt_shape(a)} {symbol} {fmt_shape(b)}: lengths {a[0]} and {b[0]} differ")
        return () if same_length else (a[0], b[0])

    return shape


register(
    OpDef(
        name="dot",
        category="linear algebra",
        symbol="·",
        inputs=("a", "b"),
        description="Dot product aᵀb of two vectors of the same length",
        shape=_two_vectors("·", True),
        forward=lambda xs, p: np.asarray(np.dot(xs[0], xs[1]), dtype=float),
        vjp=lambda g, xs, out, p: [g * xs[1], g * xs[0]],
        jvp=lambda ts, xs, out, p: np.asarray(
            (0.0 if ts[0] is None else ts[0] @ xs[1]) + (0.0 if ts[1] is None else xs[0] @ ts[1])
        ),
        jacobian=lambda xs, out, p: [xs[1].copy(), xs[0].copy()],
        structure=lambda shapes, p: ["bᵀ (a row)", "aᵀ (a row)"],
        readable=lambda port, shapes, names: f"{wrapped(names[1 - port])}ᵀ",
        samples=lambda rng: [[rng.normal(size=(3,)), rng.normal(size=(3,))]],
        formula=lambda sp, p, shapes: [
            ("∂(aᵀb)/∂aₖ", r"\frac{\partial (a^\top b)}{\partial a_k}", ("bₖ", r"b_k")),
            ("∂(aᵀb)/∂bₖ", r"\frac{\partial (a^\top b)}{\partial b_k}", ("aₖ", r"a_k")),
        ],
    )
)


def _outer_jvp(ts, xs, out, p):
    a, b = xs
    result = np.zeros(out.shape)
    if ts[0] is not None:
        result = result + np.outer(ts[0], b)
    if ts[1] is not None:
        result = result + np.outer(a, ts[1])
    return result


register(
    OpDef(
        name="outer",
        category="linear algebra",
        symbol="⊗",
        inputs=("a", "b"),
        description="Outer product a bᵀ of two vectors",
        shape=_two_vectors("⊗", False),
        forward=lambda xs, p: np.outer(xs[0], xs[1]),
        vjp=lambda g, xs, out, p: [g @ xs[1], g.T @ xs[0]],
        jvp=_outer_jvp,
        jacobian=lambda xs, out, p: [
            np.einsum("ik,j->ijk", np.eye(xs[0].size), xs[1]),
            np.einsum("i,jk->ijk", xs[0], np.eye(xs[1].size)),
        ],
        structure=lambda shapes, p: ["δᵢₖ bⱼ", "aᵢ δⱼₖ"],
        samples=lambda rng: [[rng.normal(size=(3,)), rng.normal(size=(2,))]],
        formula=lambda sp, p, shapes: [
            ("∂(abᵀ)ᵢⱼ/∂aₖ", r"\frac{\partial (ab^\top)_{ij}}{\partial a_k}", ("δᵢₖ bⱼ", r"\delta_{ik}\, b_j")),
            ("∂(abᵀ)ᵢⱼ/∂bₖ", r"\frac{\partial (ab^\top)_{ij}}{\partial b_k}", ("aᵢ δⱼₖ", r"a_i\, \delta_{jk}")),
        ],
    )
)
