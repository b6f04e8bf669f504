"""Which op a piece of Python in an expression means, as the ops declare it (OpDef.python_operator,
numpy_function, api_name): an operator (a + b, -a, a.T), a pasted np.<name>/ga.<name> call, an
array method (x.sum()). Read from the registry and numpy's namespace as a dict: nothing is run."""

from __future__ import annotations

import ast

import numpy as np

from .ops import OpDef, all_ops, api_op, numpy_op, operator_op

# Python's operators as written; the op each means is declared by the op (OpDef.python_operator),
# and an operand past an op's inputs is its parameter (x**3)
OPERATOR_TEXT = {
    ast.Add: "+",
    ast.Sub: "-",
    ast.Mult: "*",
    ast.Div: "/",
    ast.MatMult: "@",
    ast.Pow: "**",
    ast.USub: "-",
    ast.FloorDiv: "//",
    ast.Mod: "%",
    ast.LShift: "<<",
    ast.RShift: ">>",
    ast.BitOr: "|",
    ast.BitAnd: "&",
    ast.BitXor: "^",
    ast.Invert: "~",
    ast.Not: "not",
}


def operator_op_of(node: ast.BinOp | ast.UnaryOp | ast.Attribute) -> OpDef | None:
    """The op an operator (a + b, -a, a.T) means, as the ops declare it; None: none."""
    if isinstance(node, ast.Attribute):
        return operator_op("." + node.attr, 1)
    text = OPERATOR_TEXT.get(type(node.op))
    return operator_op(text, 2 if isinstance(node, ast.BinOp) else 1) if text else None


# the modules whose functions a pasted call may name: numpy's (as the API traces it) and the API's own
MODULES = ("np", "numpy", "ga")


def module_op(module: str, name: str) -> OpDef | None:
    """The op np.<name> (numpy.<name>) or ga.<name> means, as the ops declare it; None: none. numpy's
    namespace is read as a dict (no module __getattr__, no import, nothing run)."""
    if name.startswith("_"):
        return None
    if module == "ga":
        return api_op(name)
    return numpy_op(vars(np).get(name))


def module_functions(module: str) -> list[str]:
    """What np.<name> or ga.<name> an expression may call, for a message."""
    if module == "ga":
        return sorted(op.api_name for op in all_ops() if op.api_name)
    return sorted(name for name, f in vars(np).items() if not name.startswith("_") and numpy_op(f) is not None)


def method_op(name: str) -> OpDef | None:
    """The op of x.<name>(…): an array method (x.sum() is np.sum(x)) whose numpy function an op declares."""
    if name.startswith("_") or name not in vars(np.ndarray):
        return None
    return numpy_op(vars(np).get(name))


def methods() -> list[str]:
    return sorted(name for name in vars(np.ndarray) if method_op(name) is not None)


def is_attribute(op: OpDef) -> bool:
    return bool(op.python_operator and op.python_operator.startswith("."))
