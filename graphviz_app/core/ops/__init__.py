"""The op registry. Importing this package declares every built-in op."""

from . import elementwise, linalg, reductions  # noqa: F401  (each module registers its ops)
from .base import CATEGORIES, Formula, OpDef, all_ops, fmt_shape, get_op, register

__all__ = ["CATEGORIES", "Formula", "OpDef", "all_ops", "fmt_shape", "get_op", "register"]
