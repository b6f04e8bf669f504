"""A number written as arithmetic where an op takes a number: pow's exponent in x**(1/3),
x^(1/3), x**2**3.

The value is read from the tree (+ - * / ** over plain numbers and signs), never eval'd, and
only for a small tree: a number written out, never a long computation.
"""

from __future__ import annotations

import ast
import math
from collections.abc import Callable
from typing import Any

from .errors import ExpressionError

# the arithmetic a number may be written with where an op takes a number (pow's exponent: x**(1/3))
_ARITHMETIC = {
    ast.Add: lambda a, b: a + b,
    ast.Sub: lambda a, b: a - b,
    ast.Mult: lambda a, b: a * b,
    ast.Div: lambda a, b: a / b,
    ast.Pow: math.pow,
}
_SMALL = 32  # parts at most: a number written out, never a long computation


def is_arithmetic(node: ast.AST) -> bool:
    """Is node a small sum, product, quotient or power of plain numbers (and signs)?"""
    parts = 0
    for part in ast.walk(node):  # (a loop, not recursion: a long run is refused before it is read)
        parts += 1
        if parts > _SMALL:
            return False
        if isinstance(part, ast.BinOp) and type(part.op) not in _ARITHMETIC:
            return False
        if isinstance(part, ast.UnaryOp) and not isinstance(part.op, (ast.USub, ast.UAdd)):
            return False
        if not isinstance(part, (ast.BinOp, ast.UnaryOp, ast.Constant, ast.operator, ast.unaryop)):
            return False
    return True


def arithmetic(
    node: ast.AST,
    literal: Callable[[ast.AST], Any],
    to_float: Callable[[ast.AST, Any], float],
    error: Callable[[ast.AST, str], ExpressionError],
) -> float | None:
    """The value of + - * / ** over plain numbers (1/2, 2**3, -(1/3)), read from the tree, never
    eval'd; None when a part is no number. The parser's own readers: literal(node) the number (or
    list) a plain literal stands for, else None; to_float(node, value) the number as a float
    (refused past the floats' range); error(node, message) the error to raise at node."""
    if isinstance(node, ast.UnaryOp):
        value = arithmetic(node.operand, literal, to_float, error)
        return None if value is None else -value if isinstance(node.op, ast.USub) else value
    if not isinstance(node, ast.BinOp):
        value = literal(node)
        return None if value is None or isinstance(value, list) else float(value)
    left, right = arithmetic(node.left, literal, to_float, error), arithmetic(node.right, literal, to_float, error)
    if left is None or right is None:
        return None
    try:
        value = _ARITHMETIC[type(node.op)](left, right)
    except ZeroDivisionError:
        raise error(node, "the number divides by zero") from None
    except OverflowError:  # (10.0**400)
        raise error(node, "the number is too large (numbers go up to about 1.8e308)") from None
    except ValueError:  # (math.pow: 0 to a negative power, a negative number to a fraction)
        why = "divides by zero" if left == 0 else "is no real number (a negative number to a fractional power)"
        raise error(node, f"the number {why}") from None
    return to_float(node, value)
