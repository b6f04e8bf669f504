"""Linear algebra: matmul (matrix and vector in every combination), transpose, dot, outer.

Vectors are promoted to 1×k rows (left operand) or k×1 columns (right operand)
so one set of matrix formulas serves all four matmul cases.
"""

from __future__ import annotations

import numpy as np

from .base import OpDef, fmt_shape, operands, product_t, product_u, register, shape_error, wrapped


# ------------------------------------------------------------------ matmul
def _matmul_shape(shapes, params):
    a, b = shapes
    if not a or not b or len(a) > 2 or len(b) > 2:
        raise shape_error(f"{fmt_shape(a)} @ {fmt_shape(b)}: matmul takes vectors or matrices (use mul for a scalar)")
    inner_a, inner_b = a[-1], b[0]
    if inner_a != inner_b:
        raise shape_error(
            f"{fmt_shape(a)} @ {fmt_shape(b)}: inner sizes {inner_a} and {inner_b} differ",
            _matmul_hint(a, b),
            _transposable(a, b),
        )
    return a[:-1] + b[1:]


def _transposable(a, b) -> tuple[int, ...]:
    """The matrix operands whose transpose fits, in the order _matmul_hint offers them."""
    ports = []
    if len(b) == 2 and b[1] == (a[-1] if len(a) == 2 else a[0]):
        ports.append(1)
    if len(a) == 2 and a[0] == b[0]:
        ports.append(0)
    return tuple(ports)


def _matmul_hint(a, b) -> str:
    """The fix, as {0} (A) and {1} (B). First what resizes nothing: a matrix operand whose transpose
    fits, or two matrices swapped (B @ A fits). The commonest slip (X @ Wᵀ, W @ X) is so named for
    what it is, and resizing a weight matrix would change its layer's width. Else (or besides, where
    the other operand is a vector, maybe the value just mistyped) the right operand made to fit the
    left one (a weight matrix applied to data), or else the left one."""
    if len(a) == 2 and len(b) == 2:
        if a == b and a[0] != a[1]:  # (W @ W: "W looks transposed (or transpose W)" would name one fix twice)
            return (
                f"write {{0:code.}}.T @ {{1:code}} ({fmt_shape((a[1], a[1]))}) or {{0:code}} @ {{1:code.}}.T "
                f"({fmt_shape((a[0], a[0]))})"
            )
        slips = _matmul_slips(a, b)
        if slips:
            return slips[0][0] + "".join(f" (or {brief})" for _, brief in slips[1:])
    if len(a) == 2:  # A's columns decide
        fits = "{1} must be " + fmt_shape((a[1],) + tuple(b[1:])) + f" to match {{0}}'s {_count(a[1], 'column')}"
        if a[0] == b[0]:
            return f"{_transposed('{0}', a)} (or {fits})"
        other = "{0} " + fmt_shape((a[0], b[0]))
    elif len(b) == 2:  # a vector A times B: B's rows decide
        fits = "{0} must be " + fmt_shape((b[0],)) + f" to match {{1}}'s {_count(b[0], 'row')}"
        if b[1] == a[0]:  # a vector written first: the matrix @ vector of the maths, swapped
            return f"operands swapped? {{1:code}} @ {{0:code}} fits (or transpose {{1}}, or {fits})"
        other = "{1} " + fmt_shape((a[0], b[1]))
    else:  # two vectors
        fits = "{1} must be " + fmt_shape(a) + f" to match {{0}}'s length {a[0]}"
        other = "{0} " + fmt_shape(b)
        if a[0] > b[0] and a[0] % b[0] == 0:  # W ℝ⁶ @ a ℝ³: the six numbers of a matrix typed on one line
            matrix = fmt_shape((a[0] // b[0], b[0]))
            return f"{{0}} is a vector: as a matrix {matrix} it fits (or {fits}, or {other})"
    return f"{fits} (or {other})"


def _count(n: int, thing: str) -> str:
    return f"{n} {thing}" + ("" if n == 1 else "s")


def _transposed(operand: str, shape) -> str:
    return f"{operand} looks transposed: its transpose {fmt_shape(tuple(shape)[::-1])} fits"


def _matmul_slips(a, b) -> list[tuple[str, str]]:
    """What fits A @ B of two matrices without resizing either, right operand first (as above):
    each said in full, and briefly as an alternative to another."""
    slips = []
    if b[1] == a[1]:
        slips.append((_transposed("{1}", b), "transpose {1}"))
    if a[0] == b[0]:
        slips.append((_transposed("{0}", a), "transpose {0}"))
    if b[1] == a[0]:
        slips.append(("operands swapped? {1:code} @ {0:code} fits", "{1:code} @ {0:code}"))
    return slips


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


def _matmul_structure(shapes, p, names):
    # index form, then the same matrix in Kronecker form: "i.e.", never side by side (read as a product)
    a, b = shapes
    if len(a) == 2 and len(b) == 1:  # W a: the case of seed 001
        W, x = operands(names, "W", "a")
        return [f"δₖᵢ {x.u('j')}, i.e. I ⊗ {wrapped(x.u())}ᵀ", f"{W.u()} (the matrix itself)"]
    if len(a) == 2 and len(b) == 2:
        A, B = operands(names, "A", "B")
        return [f"δᵢₖ {B.u('lj')}, i.e. I ⊗ {wrapped(B.u())}ᵀ", f"{A.u('ik')} δⱼₗ, i.e. {wrapped(A.u())} ⊗ I"]
    if len(a) == 1 and len(b) == 2:
        x, W = operands(names, "x", "W")
        return [f"{wrapped(W.u())}ᵀ", f"δⱼₗ {x.u('k')}, i.e. {wrapped(x.u())}ᵀ ⊗ I"]
    return _dot_structure(shapes, p, names)


def _dot_structure(shapes, p, names):
    a, b = operands(names, "a", "b")
    return [f"{wrapped(b.u())}ᵀ (a row)", f"{wrapped(a.u())}ᵀ (a row)"]


def _partial(prod_u: str, prod_l: str, out_u: str, out_l: str, wrt_u: str, wrt_l: str, rhs_u: str, rhs_l: str):
    """One index formula: ∂(prod)_out/∂wrt = rhs, in unicode and LaTeX."""
    sub_u = out_u.translate(str.maketrans("ijkl", "ᵢⱼₖₗ"))
    lhs_u = f"∂({prod_u}){sub_u}/∂{wrt_u}"
    lhs_l = r"\frac{\partial (" + prod_l + ")" + (f"_{{{out_l}}}" if out_l else "") + r"}{\partial " + wrt_l + "}"
    return (lhs_u, lhs_l, (rhs_u, rhs_l))


def _matmul_formula(sp, p, shapes, names):
    a, b = shapes
    if len(a) == 2 and len(b) == 1:
        W, x = operands(names, "W", "a")
        prod = (product_u(W.u(), x.u()), product_t(W.t(), x.t()))
        return [
            _partial(*prod, "k", "k", W.u("ij"), W.t("ij"), f"δₖᵢ {x.u('j')}", rf"\delta_{{ki}}\, {x.t('j')}"),
            _partial(*prod, "k", "k", x.u("j"), x.t("j"), W.u("kj"), W.t("kj")),
        ]
    if len(a) == 1 and len(b) == 2:
        x, W = operands(names, "x", "W")
        prod = (product_u(x.u() + "ᵀ", W.u()), product_t(x.t() + r"^\top", W.t()))
        return [
            _partial(*prod, "j", "j", x.u("k"), x.t("k"), W.u("kj"), W.t("kj")),
            _partial(*prod, "j", "j", W.u("kl"), W.t("kl"), f"{x.u('k')} δⱼₗ", rf"{x.t('k')}\, \delta_{{jl}}"),
        ]
    if len(a) == 1 and len(b) == 1:
        return _dot_formula(sp, p, shapes, names)
    A, B = operands(names, "A", "B")
    prod = (product_u(A.u(), B.u()), product_t(A.t(), B.t()))
    return [
        _partial(*prod, "ij", "ij", A.u("kl"), A.t("kl"), f"δᵢₖ {B.u('lj')}", rf"\delta_{{ik}}\, {B.t('lj')}"),
        _partial(*prod, "ij", "ij", B.u("kl"), B.t("kl"), f"{A.u('ik')} δⱼₗ", rf"{A.t('ik')}\, \delta_{{jl}}"),
    ]


def _dot_formula(sp, p, shapes, names):
    a, b = operands(names, "a", "b")
    prod = (product_u(a.u() + "ᵀ", b.u()), product_t(a.t() + r"^\top", b.t()))
    return [
        _partial(*prod, "", "", a.u("k"), a.t("k"), b.u("k"), b.t("k")),
        _partial(*prod, "", "", b.u("k"), b.t("k"), a.u("k"), a.t("k")),
    ]


def _transpose_formula(sp, p, shapes, names):
    (X,) = operands(names, "X")
    if len(shapes[0]) < 2:
        return [_partial(X.u() + "ᵀ", X.t() + r"^\top", "i", "i", X.u("k"), X.t("k"), "δᵢₖ", r"\delta_{ik}")]
    return [
        _partial(
            X.u() + "ᵀ", X.t() + r"^\top", "ij", "ij", X.u("kl"), X.t("kl"), "δᵢₗ δⱼₖ", r"\delta_{il}\,\delta_{jk}"
        )
    ]


def _outer_structure(shapes, p, names):
    a, b = operands(names, "a", "b")
    return [f"δᵢₖ {b.u('j')}", f"{a.u('i')} δⱼₖ"]


def _outer_formula(sp, p, shapes, names):
    a, b = operands(names, "a", "b")
    prod = (product_u(a.u(), b.u() + "ᵀ"), product_t(a.t(), b.t() + r"^\top"))
    return [
        _partial(*prod, "ij", "ij", a.u("k"), a.t("k"), f"δᵢₖ {b.u('j')}", rf"\delta_{{ik}}\, {b.t('j')}"),
        _partial(*prod, "ij", "ij", b.u("k"), b.t("k"), f"{a.u('i')} δⱼₖ", rf"{a.t('i')}\, \delta_{{jk}}"),
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
        search_words=(
            "@",
            "matrix multiply",
            "matrix multiplication",
            "matrix product",
            "matrix-vector product",
            "linear layer",
        ),
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
        matrix_product=True,
        python_operator="@",
        numpy=(np.matmul,),
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
        search_words=("flip", ".T"),
        shape=lambda shapes, p: tuple(reversed(shapes[0])),
        forward=lambda xs, p: np.asarray(xs[0]).T.copy(),
        vjp=lambda g, xs, out, p: [np.asarray(g).T.copy()],
        jvp=lambda ts, xs, out, p: np.asarray(ts[0]).T.copy(),
        jacobian=_transpose_jacobian,
        structure=lambda shapes, p, names: ["δᵢₗ δⱼₖ (a permutation)" if len(shapes[0]) == 2 else "I"],
        readable=lambda port, shapes, names: "I" if len(shapes[0]) < 2 else None,
        samples=lambda rng: [[rng.normal(size=(3, 2))], [rng.normal(size=(3,))]],
        formula=_transpose_formula,
        transposes=True,
        python_operator=".T",
        numpy=(np.transpose,),
    )
)


# --------------------------------------------------------------- dot, outer
def _two_vectors(symbol, same_length):
    def shape(shapes, p):
        a, b = shapes
        if len(a) != 1 or len(b) != 1:
            raise shape_error(f"{fmt_shape(a)} {symbol} {fmt_shape(b)}: takes two vectors")
        if same_length and a != b:
            raise shape_error(
                f"{fmt_shape(a)} {symbol} {fmt_shape(b)}: lengths {a[0]} and {b[0]} differ",
                "{1} must be " + fmt_shape(a) + " like {0}",
            )
        return () if same_length else (a[0], b[0])

    return shape


def _dot_as_numpy_means(ndims: list[int]) -> str:
    """np.dot follows numpy's rules: a scalar operand multiplies, a matrix one multiplies matrices."""
    return "mul" if 0 in ndims else "dot" if ndims == [1, 1] else "matmul"


register(
    OpDef(
        name="dot",
        category="linear algebra",
        symbol="·",
        inputs=("a", "b"),
        description="Dot product aᵀb of two vectors of the same length",
        search_words=("dot product", "inner product", "scalar product"),
        shape=_two_vectors("·", True),
        forward=lambda xs, p: np.asarray(np.dot(xs[0], xs[1]), dtype=float),
        vjp=lambda g, xs, out, p: [g * xs[1], g * xs[0]],
        jvp=lambda ts, xs, out, p: np.asarray(
            (0.0 if ts[0] is None else ts[0] @ xs[1]) + (0.0 if ts[1] is None else xs[0] @ ts[1])
        ),
        jacobian=lambda xs, out, p: [xs[1].copy(), xs[0].copy()],
        structure=_dot_structure,
        readable=lambda port, shapes, names: f"{wrapped(names[1 - port])}ᵀ",
        samples=lambda rng: [[rng.normal(size=(3,)), rng.normal(size=(3,))]],
        formula=_dot_formula,
        numpy=(np.dot,),
        numpy_route=_dot_as_numpy_means,
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
        search_words=("outer product", "tensor product"),
        shape=_two_vectors("⊗", False),
        forward=lambda xs, p: np.outer(xs[0], xs[1]),
        vjp=lambda g, xs, out, p: [g @ xs[1], g.T @ xs[0]],
        jvp=_outer_jvp,
        jacobian=lambda xs, out, p: [
            np.einsum("ik,j->ijk", np.eye(xs[0].size), xs[1]),
            np.einsum("i,jk->ijk", xs[0], np.eye(xs[1].size)),
        ],
        structure=_outer_structure,
        samples=lambda rng: [[rng.normal(size=(3,)), rng.normal(size=(2,))]],
        formula=_outer_formula,
        numpy=(np.outer,),
    )
)
