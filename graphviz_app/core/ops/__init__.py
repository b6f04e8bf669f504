"""The op registry. Importing this package declares every built-in op."""

from . import elementwise, elementwise_binary, linalg, reductions  # noqa: F401  (each module registers its ops)
from .base import (
    BUILTIN,
    CATEGORIES,
    Formula,
    OpDef,
    Registry,
    all_ops,
    api_op,
    fmt_shape,
    get_op,
    is_op,
    numpy_op,
    op_suggestion,
    operator_op,
    register,
    use_registry,
    wrapped,
)

__all__ = [
    "BUILTIN",
    "CATEGORIES",
    "Formula",
    "OpDef",
    "Registry",
    "all_ops",
    "api_op",
    "fmt_shape",
    "get_op",
    "is_op",
    "numpy_op",
    "op_suggestion",
    "operator_op",
    "register",
    "use_registry",
    "wrapped",
]
