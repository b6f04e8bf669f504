"""Everything an op's declaration uses, in one import (the ops' modules and tests read it here).

The declaration itself is `op_def.OpDef`; the ops in use are kept by `registry`; names in
formulas are written by `formula_names`; shape rules refuse with `shape_errors`.
"""

from __future__ import annotations

from .formula_names import (
    Operand,
    in_text,
    is_number,
    operands,
    product_t,
    product_u,
    sympy_latex,
    sympy_number,
    sympy_symbols,
    tex_name,
    wrapped,
)
from .op_def import Arrays, Formula, OpDef, Params, Shape, jacobians_from_vjp, written_formulas
from .registry import (
    BUILTIN,
    CATEGORIES,
    Registry,
    all_ops,
    api_op,
    get_op,
    is_op,
    numpy_op,
    op_suggestion,
    operator_op,
    register,
    use_registry,
)
from .shape_errors import fmt_shape, shape_error

__all__ = [
    "BUILTIN",
    "CATEGORIES",
    "Arrays",
    "Formula",
    "OpDef",
    "Operand",
    "Params",
    "Registry",
    "Shape",
    "all_ops",
    "api_op",
    "fmt_shape",
    "get_op",
    "is_number",
    "is_op",
    "jacobians_from_vjp",
    "numpy_op",
    "op_suggestion",
    "operands",
    "operator_op",
    "product_t",
    "product_u",
    "register",
    "shape_error",
    "sympy_latex",
    "sympy_number",
    "sympy_symbols",
    "tex_name",
    "use_registry",
    "wrapped",
    "in_text",
    "written_formulas",
]
