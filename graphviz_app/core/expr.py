"""A safe expression parser: text such as `sin(x**2)` -> a composition Graph.

Python's `ast` reads the text; only a whitelist of node types is accepted and
the tree is turned into graph nodes by hand. Nothing the user writes is ever
run (no eval, exec, compile-and-run or sympify). Keywords are refused before
parsing so `import`, `lambda` and friends get a message naming them.

Free names become variables (one node per name, reused, so `x*x + sin(x)`
shows the sum rule), numbers and lists of numbers become constants, and every
op of the registry can be called by its name. Variables given no value get example
shapes and values under which the graph evaluates (`core.shape_guess`).
"""

from __future__ import annotations

import ast
import math
import re
from typing import Any

import numpy as np

from .autolayout import apply_layout
from .brackets import opening
from .entry_names import display_name, spelled_out
from .errors import ExpressionError, ValueParseError
from .expr_numbers import arithmetic, is_arithmetic
from .expr_ops import (
    MODULES,
    OPERATOR_TEXT,
    is_attribute,
    method_op,
    methods,
    module_functions,
    module_op,
    operator_op_of,
)
from .expr_reading import MAX_LENGTH, code_lines, function_names, parse_python, position, read_typed
from .expr_targets import start_targets_as_data
from .graph import Graph
from .maths_notation import writes_e_power
from .ops import OpDef, all_ops, get_op
from .ops.registry import did_you_mean
from .shape_guess import example_value, guess_values
from .superscript_powers import Typed
from .syntax_words import bracket_product, caret_advice
from .values import as_array

__all__ = ["MAX_LENGTH", "expression_names", "given_name", "missing_name_hint", "parse_expression"]

_REFUSED = {
    ast.Subscript: "indexing x[...]",
    ast.Compare: "a comparison",
    ast.BoolOp: "and / or",
    ast.Lambda: "lambda",
    ast.IfExp: "if ... else",
    ast.Dict: "a dict {...}",
    ast.Set: "a set {...}",
    ast.Tuple: "a tuple (a, b)",
    ast.ListComp: "a comprehension",
    ast.SetComp: "a comprehension",
    ast.DictComp: "a comprehension",
    ast.GeneratorExp: "a comprehension",
    ast.JoinedStr: "an f-string",
    ast.FormattedValue: "an f-string",
    ast.NamedExpr: "the operator :=",
    ast.Starred: "*unpacking",
    ast.Slice: "a slice",
    ast.Await: "await",
    ast.Yield: "yield",
    ast.YieldFrom: "yield",
}


def parse_expression(
    text: str, values: dict[str, Any] | None = None, shapes: dict[str, tuple[int, ...]] | None = None
) -> Graph:
    """Build the graph of an expression; its root becomes graph.output, positions come from the layout.

    values: name -> value (text in JSON, a number, nested lists or an array) for the variables.
    Given values are never changed. The others get example values (`shape_guess.guess_values`):
    shapes under which the whole graph evaluates, found with the given values' shapes, and
    small fixed non-zero numbers (`sum((y - Phi @ theta)**2)` gives a 3×2 Phi, a 2-vector theta
    and a 3-vector y; `sin(x**2) * y` keeps scalars). When some values are given and the graph
    evaluates cleanly with the others at 0, they stay 0. When no shapes work, they are 0 and
    evaluation reports the errors on the nodes.

    shapes: name -> shape (shape_text.read_shapes) for variables given a shape but no value: they
    get example numbers of that shape, and the other variables' shapes are guessed around them.
    """
    graph = _graph_of(text)
    values, shapes = values or {}, shapes or {}
    by_name = {v.name: v.id for v in graph.variables()}
    values, shapes = _as_written(values, list(by_name)), _as_written(shapes, list(by_name))
    for name, value in values.items():
        if name in shapes:
            raise ExpressionError(f'"{name}" is given both a value and a shape')
        try:
            graph.set_value(by_name[name], as_array(value))
        except ValueParseError as exc:
            raise ValueParseError(f'value of "{name}": {exc.message}') from None
    order = list(by_name)
    for name, shape in shapes.items():
        graph.set_value(by_name[name], example_value(shape, index=order.index(name)))
    guess_values(graph, values, shapes)
    start_targets_as_data(graph, values)  # (a loss's target: one-hot data, not signed example numbers)
    apply_layout(graph)
    return graph


def given_name(name: str, names: list[str]) -> str | None:
    """The variable among names (an expression's, as typed there) that a name given a value or a
    shape means: itself, else the one it reads as (Phi for Φ, θ for theta: display_name)."""
    if name in names:
        return name
    alike = [n for n in names if display_name(n) == display_name(name)]
    return alike[0] if len(alike) == 1 else None


def missing_name_hint(name: str, names: list[str]) -> str:
    """' (did you mean "Φ"?)' for a given name no variable bears that is a typo of one (phi for Φ,
    thta for θ), as their cards show them; "" when none is close."""
    spellings = {}
    for n in names:
        for spelling in (n, display_name(n), spelled_out(display_name(n))):
            spellings.setdefault(spelling, display_name(n))
    return did_you_mean(name, spellings, shown_as=spellings)


def _as_written(given: dict[str, Any], names: list[str]) -> dict[str, Any]:
    """given (values or shapes) keyed by the expression's own names; ExpressionError for a name
    that is none of them."""
    written: dict[str, Any] = {}
    typed: dict[str, str] = {}  # the expression's name -> as it was given
    for name, item in given.items():
        meant = given_name(name, names)
        if meant is None:
            hint = missing_name_hint(name, names) or f" (its variables: {', '.join(names) or 'none'})"
            raise ExpressionError(f'there is no variable "{name}" in the expression{hint}')
        if meant in written:
            raise ExpressionError(f'"{typed[meant]}" and "{name}" name the same variable: give it once')
        written[meant], typed[meant] = item, name
    return written


def expression_names(text: str) -> list[str]:
    """The free variable names of an expression, in order of first appearance."""
    return [v.name for v in _graph_of(text).variables()]


def _graph_of(text: str) -> Graph:
    """The graph of the text, every variable the scalar 0, not laid out."""
    try:
        functions = function_names()
        typed = read_typed(text, functions)
        tree = parse_python(typed, functions)
        graph = Graph()
        builder = _Builder(graph, typed)
        graph.set_output(builder.build(tree.body))
    except RecursionError:  # (whichever reader meets a tower of 1000 ^ or brackets first)
        raise ExpressionError("the expression is nested too deeply") from None
    except MemoryError:
        raise ExpressionError("the expression is too long to read") from None
    if "e" in builder.variables and any(writes_e_power(line) for line in code_lines(typed)):
        names = [node for node in ast.walk(tree) if isinstance(node, ast.Name) and node.id == "e"]
        e = min(names, key=lambda node: (node.lineno, node.col_offset))
        raise builder._error(  # (e^x reads e as Euler's number: a card e of value 0.5 would be another e)
            e,
            '"e" is Euler\'s number in e^x but a variable here: write exp(1) for the number e, '
            "or give the variable another name",
        )
    return graph


class _Builder:
    """Walks the tree iteratively (deep left-nested sums must not hit the recursion limit)."""

    def __init__(self, graph: Graph, typed: Typed) -> None:
        self.graph = graph
        self.typed = typed
        self.lines = typed.python.split("\n")
        self.variables: dict[str, str] = {}
        self.ops = {op.name: op for op in all_ops()}
        self.aliases = {alias: op for op in all_ops() for alias in op.aliases}  # ln: log (spelled as op names are)
        self.params: dict[int, dict[str, float]] = {}  # call or operator node -> the op's parameters
        self.literals: dict[int, Any] = {}  # node -> the literal it stands for (None: not a literal)
        self.called: dict[int, str] = {}  # call node -> the op (or alias) it calls (np.tanh: tanh)

    def build(self, root: ast.AST) -> str:
        made: dict[int, str] = {}
        stack: list[tuple[ast.AST, bool]] = [(root, False)]
        while stack:
            node, ready = stack.pop()
            children = self._children(node)
            if ready:
                made[id(node)] = self._make(node, [made[id(c)] for c in children])
                continue
            stack.append((node, True))
            stack.extend((child, False) for child in reversed(children))
        return made[id(root)]

    # ---------------------------------------------------------- structure
    def _children(self, node: ast.AST) -> list[ast.AST]:
        """Checks node against the whitelist and returns the sub-expressions that become graph inputs."""
        if isinstance(node, ast.BinOp):
            op = operator_op_of(node)
            if op is None:
                text = OPERATOR_TEXT.get(type(node.op), type(node.op).__name__)
                message = f'the operator "{text}" is not allowed'
                if text == "^":  # (maths' power, with the user's own operands as typed: write x**2, write x²**3)
                    message = (
                        f'"^" cannot be read here: {caret_advice(*self._typed_place(node.left), function_names())}'
                    )
                raise self._error(node.left, message, end=True, skip=text)
            return self._inputs_and_params(node, op.name, [node.left, node.right])
        if isinstance(node, ast.UnaryOp):
            if self._literal_or_none(node) is not None:
                return []
            if not isinstance(node.op, ast.UAdd) and operator_op_of(node) is None:
                raise self._error(node, f'the operator "{OPERATOR_TEXT.get(type(node.op), "?")}" is not allowed')
            return [node.operand]
        if isinstance(node, ast.Call):
            return self._call_inputs(node)
        if isinstance(node, ast.Attribute):
            if operator_op_of(node) is None:
                known = [f"{op.python_operator}, the {op.name}" for op in all_ops() if is_attribute(op)]
                only = f" (only {'; '.join(known)})" if known else ""
                raise self._error(node, f'attribute ".{node.attr}" is not allowed{only}', end=True)
            return [node.value]
        if isinstance(node, ast.Name):
            if node.id.startswith("_"):
                raise self._error(node, f'the name "{node.id}" is not allowed (names start with a letter)')
            if node.id in self.ops:  # (a variable named sin would make sin(sin) ambiguous)
                example = ", ".join(["x"] * (self.ops[node.id].arity or 1))
                raise self._error(
                    node, f'"{node.id}" is an operation, not a variable name: call it, as in {node.id}({example})'
                )
            return []
        if isinstance(node, (ast.Constant, ast.List)):
            self._literal(node)  # raises for strings, complex numbers, mixed lists
            return []
        what = _REFUSED.get(type(node), type(node).__name__)
        raise self._error(node, f"{what} is not allowed")

    def _call_inputs(self, node: ast.Call) -> list[ast.AST]:
        if isinstance(node.func, ast.Name):
            name, args = node.func.id, list(node.args)
        elif isinstance(node.func, ast.Attribute):  # (np.tanh(x), x.sum(): pasted from traced code)
            name, args = self._attribute_call(node, node.func)
        else:
            raise self._error(
                node, self._product_advice(node) or "only functions called by name are allowed, such as sin(x)"
            )
        self.called[id(node)] = name
        if node.keywords:
            kw = node.keywords[0]
            label = f'"{kw.arg}="' if kw.arg else '"**"'
            raise self._error(kw, f"keyword arguments are not allowed ({label} in {name}(...))")
        for arg in node.args:
            if isinstance(arg, ast.Starred):
                raise self._error(arg, "*unpacking is not allowed")
        return self._inputs_and_params(node, name, args)

    def _attribute_call(self, node: ast.Call, func: ast.Attribute) -> tuple[str, list[ast.AST]]:
        """The op and inputs of a call the Python API traces, as code pastes it: np.tanh(x) (a numpy
        function an op declares), ga.relu(x) (an op offered as ga.<name>), x.sum() (an array method
        whose numpy function an op declares: x.sum() is np.sum(x)). Names are only looked up in the
        registry's tables and numpy's namespace: nothing is called or run."""
        module = func.value.id if isinstance(func.value, ast.Name) else None
        if module in MODULES:
            op = module_op(module, func.attr)
            if op is None:
                known = ", ".join(f"{module}.{name}" for name in module_functions(module))
                raise self._error(node, f'"{module}.{func.attr}" is no operation here (only {known})')
            self._refuse_routed(node, op, f"{module}.{func.attr}")
            return op.name, list(node.args)
        op = method_op(func.attr)
        if op is None:
            known = ", ".join(f".{name}()" for name in methods()) + ", and .T"
            raise self._error(func, f'the method ".{func.attr}()" is not allowed (only {known})', end=True)
        self._refuse_routed(func, op, f".{func.attr}()", end=True)
        return op.name, [func.value, *node.args]

    def _refuse_routed(self, node: ast.AST, op: OpDef, written: str, end: bool = False) -> None:
        """np.dot is the op its operands' shapes choose (OpDef.numpy_route: a matrix product of
        matrices), which an expression does not know while it is read: it names the op to write."""
        if op.numpy_route is not None:
            cases = {"of matrices": [2, 2], "of two vectors": [1, 1], "with a scalar": [0, 1]}
            forms = []
            for case, ndims in cases.items():
                route = get_op(op.numpy_route(ndims))
                form = f"a {route.python_operator} b" if route.python_operator else f"{route.name}(a, b)"
                forms.append(f"{form} {case}")
            raise self._error(node, f"{written} depends on its operands' shapes: write {', '.join(forms)}", end=end)

    def _inputs_and_params(self, node: ast.AST, name: str, args: list[ast.AST]) -> list[ast.AST]:
        """The op's inputs; the numbers after them are its parameters in declared order (pow(x, 3), x**3)."""
        op = self.ops.get(name) or self.aliases.get(name)  # (ln(x): log, as the op declares)
        if op is None:
            raise self._error(node, f'unknown function "{name}"{did_you_mean(name, function_names())}')
        keys = list(op.defaults)
        if not op.arity <= len(args) <= op.arity + len(keys):
            ports = ", ".join(op.inputs)
            noun = "argument" if op.arity == 1 else "arguments"
            then = f", then optionally {', '.join(keys)}" if keys else ""
            raise self._error(node, f"{name} takes {op.arity} {noun} ({ports}){then}, got {len(args)}")
        given = zip(keys, args[op.arity :])
        if isinstance(node, ast.BinOp) and isinstance(node.right, ast.Call) and len(node.right.args) == 1:
            # (x²(y+1): Python reads x**2(y+1))
            product = self._typed_segment(node)
            if product and not isinstance(node.right.func, (ast.Name, ast.Attribute)):
                base = product[: len(product) - len(self._typed_segment(node.right.args[0])) - 2].rstrip()
                raise self._error(node, f'"{product}": write {base}*{product[len(base) :].lstrip()} for a product')
        self.params[id(node)] = {key: self._parameter(arg, op, key) for key, arg in given}
        return args[: op.arity]

    # -------------------------------------------------------------- nodes
    def _make(self, node: ast.AST, inputs: list[str]) -> str:
        if isinstance(node, ast.Name):
            if node.id not in self.variables:
                self.variables[node.id] = self.graph.add_node("variable", name=node.id, value=0.0)
            return self.variables[node.id]
        if isinstance(node, (ast.Constant, ast.List)) or (isinstance(node, ast.UnaryOp) and not inputs):
            return self.graph.add_node("constant", value=self._literal(node))
        if isinstance(node, ast.UnaryOp) and isinstance(node.op, ast.UAdd):
            return inputs[0]
        if isinstance(node, (ast.UnaryOp, ast.Attribute)):
            return self._op(operator_op_of(node).name, inputs)  # type: ignore[union-attr]
        name = operator_op_of(node).name if isinstance(node, ast.BinOp) else self.called[id(node)]  # type: ignore[union-attr]
        name = name if name in self.ops else self.aliases[name].name
        return self._op(name, inputs, self.params[id(node)] or None)

    def _op(self, name: str, inputs: list[str], params: dict | None = None) -> str:
        get_op(name)
        nid = self.graph.add_node("op", name, params=params)
        # (a new card: its inputs are free ports in range, counted by _inputs_and_params, and no cycle)
        self.graph.add_edges_unchecked((src, nid, port) for port, src in enumerate(inputs))
        return nid

    def _parameter(self, node: ast.AST, op, key: str) -> float:
        value = self._literal_or_none(node)
        if value is None and is_arithmetic(node):  # x**(1/2), x^(1/3), x**2**3: a number written as a sum
            value = arithmetic(node, self._literal_or_none, self._float, self._error)
        if value is None or isinstance(value, list):
            raise self._error(node, op.param_notes.get(key, f"the parameter {key} of {op.name} must be a number"))
        return self._float(node, value)

    # ----------------------------------------------------------- literals
    def _literal_or_none(self, node: ast.AST) -> Any:
        """The number (or nested list) a literal stands for, None if node is not a plain literal.

        Signs are read in a loop and remembered for every node of the run, so ---…-1 is
        neither deep recursion nor quadratic work.
        """
        run = []
        while (
            isinstance(node, ast.UnaryOp)
            and isinstance(node.op, (ast.USub, ast.UAdd))
            and id(node) not in self.literals
        ):
            run.append(node)
            node = node.operand
        if id(node) not in self.literals:
            self.literals[id(node)] = self._unsigned_literal(node)
        value = self.literals[id(node)]
        for sign in reversed(run):
            if isinstance(value, list):
                value = None  # -[1, 2] is the op neg of a constant, not a literal
            elif value is not None and isinstance(sign.op, ast.USub):
                value = -value
            self.literals[id(sign)] = value
        return value

    def _unsigned_literal(self, node: ast.AST) -> Any:
        if isinstance(node, ast.Constant) and type(node.value) in (int, float):
            return node.value
        if isinstance(node, ast.List):
            items = [self._literal_or_none(item) for item in node.elts]
            return None if any(item is None for item in items) else items
        return None

    def _literal(self, node: ast.AST) -> Any:
        if isinstance(node, ast.Constant):
            value = node.value
            if isinstance(value, str):
                raise self._error(node, f'text "{value[:20]}" is not allowed: values are numbers')
            if isinstance(value, complex):
                raise self._error(node, "complex numbers are not allowed")
            if type(value) not in (int, float):
                raise self._error(node, f"{value!r} is not allowed")
            return self._float(node, value)
        value = self._literal_or_none(node)
        if value is None:
            raise self._error(node, "a list may only hold numbers, such as [1, 2] or [[1, 0], [0, 1]]")
        if not isinstance(value, list):
            return self._float(node, value)
        try:
            array = as_array(value)
        except ValueParseError as exc:
            raise self._error(node, exc.message) from None
        if not np.isfinite(array).all():  # (Python reads 1e400 as inf)
            raise self._error(node, "a number in the list is too large (numbers go up to about 1.8e308)")
        return value

    def _float(self, node: ast.AST, value: int | float) -> float:
        """The number as a float; a number beyond the floats' range (about 1.8e308) is refused
        (Python reads 1e400 as inf, and 10**400 as an integer no float can hold)."""
        try:
            number = float(value)
        except OverflowError:
            number = math.inf
        if math.isinf(number):
            raise self._error(node, "the number is too large (numbers go up to about 1.8e308)") from None
        return number

    # ------------------------------------------------------------- errors
    def _product_advice(self, call: ast.Call) -> str:
        """2(x+1), (x+1)(x-1): a number or a bracket before brackets, a product as maths writes it."""
        source = self._typed_segment(call)
        if not source:
            return ""  # (several lines: the plain message)
        start = opening(source, len(source) - 1) or 0  # the brackets of the call's inputs
        before, inputs = source[:start].rstrip(), source[start:]
        if len(call.args) != 1 or not (re.fullmatch(r"[0-9.]+(e-?[0-9]+)?", before) or before.startswith("(")):
            return ""
        return f'"{source}": {bracket_product(before, inputs)}'

    def _typed_segment(self, node: ast.AST) -> str:
        """node's text as typed (x² where Python reads x**2, x·y where it reads x*y); "" over several lines."""
        if getattr(node, "lineno", None) != getattr(node, "end_lineno", None):
            return ""
        text, start = self._place(node)
        _, end = self._place(node, end=True)
        line = node.lineno  # type: ignore[attr-defined]
        first, last = self.typed.column(line, start + 1) - 1, self.typed.column(line, end + 1) - 1
        return self.typed.text.split("\n")[line - 1][first:last]

    def _error(self, node: ast.AST, message: str, end: bool = False, skip: str = "") -> ExpressionError:
        """An error at node's start (or end); with skip, at the first `skip` text after that point."""
        line = getattr(node, "end_lineno" if end else "lineno", 1) or 1
        _, column = self._place(node, end, skip)
        return ExpressionError(f"{position(line, column + 1, self.typed)}: {message}")

    def _typed_place(self, node: ast.AST) -> tuple[str, int]:
        """The line as typed and the index in it of the "^" after node."""
        number = getattr(node, "end_lineno", 1) or 1
        _, caret = self._place(node, end=True, skip="^")
        return self.typed.text.split("\n")[number - 1], self.typed.column(number, caret + 1) - 1

    def _place(self, node: ast.AST, end: bool = False, skip: str = "") -> tuple[str, int]:
        """The line (as Python reads it) and the index in it of node's start (or end, or the skip text after)."""
        line = getattr(node, "end_lineno" if end else "lineno", 1) or 1
        offset = getattr(node, "end_col_offset" if end else "col_offset", 0) or 0
        if end and isinstance(node, ast.Attribute):  # point at the dot before the attribute name
            offset -= len(node.attr.encode("utf-8")) + 1
        text = self.lines[line - 1] if line - 1 < len(self.lines) else ""
        column = len(text.encode("utf-8")[:offset].decode("utf-8", errors="ignore"))
        if skip:
            found = text.find(skip, column)
            column = found if found >= 0 else column
        return text, column
