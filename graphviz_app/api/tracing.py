"""`trace(f, **values)`: call the user's function with tracers and record the graph it computes.

A `Tracer` stands in for an array. Python operators and numpy's own dispatch
(`__array_ufunc__` for np.sin, np.add, …; `__array_function__` for np.sum, np.dot, …)
land in `Recorder.apply`, which adds one op node per call, computes its value with the
op's own forward (so shapes are checked as they happen) and hands back a new tracer.
Which numpy function becomes which op is said by the op (`OpDef.numpy`, and `numpy_route`
where numpy's rules depend on the operands, as np.dot's do); so are the ga. functions
(`OpDef.api_name`, api/functions.py).

Anything else (an `if` on a traced value, indexing, np.linalg.inv, …) raises
`TraceError` naming the user's function and line: the innermost frame outside
graphviz_app and numpy on the call stack (trace_refusals.py words it).
"""

from __future__ import annotations

import inspect
import warnings
from collections.abc import Callable
from typing import Any

import numpy as np

from ..core import code_text
from ..core.autolayout import apply_layout
from ..core.broadcast_doubt import broadcast_doubt
from ..core.engine import shape_problem
from ..core.errors import GraphError
from ..core.errors import ShapeError as CoreShapeError
from ..core.graph import Graph as CoreGraph
from ..core.naming import message_listed, op_name_problem
from ..core.ops import fmt_shape, get_op, numpy_op, operator_op
from ..core.shape_advice import shape_hint
from .errors import BroadcastWarning, Error, ShapeError, TraceError
from .trace_refusals import BRANCH_HINT, NUMPY_INSTEAD, numpy_name, refuse_float, traceable, untraceable
from .user_code import trace_error, user_frame, user_location
from .values import NUMBER_RANGE, Traced, as_value, is_number

# numpy functions that only read a traced value's shape, known while tracing: no node
SHAPE_FUNCTIONS: dict[Any, Callable] = {
    np.shape: lambda t: t.shape,
    np.ndim: lambda t: t.ndim,
    np.size: lambda t: t.size,
    np.zeros_like: lambda t: np.zeros(t.shape),  # becomes a constant where it is used
    np.ones_like: lambda t: np.ones(t.shape),
}


# ------------------------------------------------------------------- recorder
class Recorder:
    """The graph being built while one function runs."""

    def __init__(self, func: Callable, parameters: list[str]) -> None:
        self.graph = CoreGraph()
        self.func = func
        self.parameters = parameters
        self.constants: dict[int, tuple[Any, str]] = {}  # id(array) -> (the array, kept alive; node)
        self.values: dict[str, np.ndarray] = {}  # node -> its value, as the engine's evaluation holds them
        self.broadcasts_said: set[str] = set()  # op nodes a BroadcastWarning was raised for while tracing

    # -- inputs
    def parameter(self, name: str, value: Any, constant: bool) -> Tracer:
        array = as_value(value, f'the value of "{name}"')
        node = self.graph.add_node("constant" if constant else "variable", name=name, value=array)
        self.values[node] = array
        return Tracer(self, node, array)

    def constant(self, obj: Any) -> str:
        """The node of a number or array the function uses: arrays are one node however often used."""
        key = id(obj)
        if isinstance(obj, np.ndarray) and key in self.constants:
            return self.constants[key][1]
        array = as_value(obj, "a constant", trace=True)
        name = self._closure_name(obj) if isinstance(obj, np.ndarray) else None
        node = self.graph.add_node("constant", name=name, value=array)
        self.values[node] = array
        if isinstance(obj, np.ndarray):
            self.constants[key] = (obj, node)
        return node

    def _closure_name(self, obj: np.ndarray) -> str | None:
        """An array closed over or global in the traced function is named as the code names it."""
        code = getattr(self.func, "__code__", None)
        found = None
        if code is not None:
            cells = getattr(self.func, "__closure__", None) or ()
            for name, cell in zip(code.co_freevars, cells):
                try:
                    if cell.cell_contents is obj:
                        found = name
                except ValueError:  # an empty cell
                    continue
        if found is None:
            for name, value in getattr(self.func, "__globals__", {}).items():
                if value is obj and not name.startswith("_"):
                    found = name
                    break
        if found is None or op_name_problem(found) is not None:
            return None  # (an array named like an operation stays unnamed: formulas would misread it)
        if found in self.parameters:
            raise trace_error(
                f'the array "{found}" used here is a global or closed-over constant with the same name as the '
                f'parameter "{found}" of {getattr(self.func, "__name__", "the function")}: rename one of them'
            )
        return self.graph.unique_name(found)

    # -- ops
    def apply(self, op_name: str, operands: list[Any], what: str, params: dict | None = None) -> Tracer:
        try:
            op = get_op(op_name)
        except GraphError:
            raise trace_error(f'{what} cannot be traced: this build has no "{op_name}" op') from None
        nodes = [x.node if isinstance(x, Tracer) else self.constant(x) for x in operands]
        values = [self.values[n] for n in nodes]
        merged = op.params_with_defaults(params)
        shapes = [v.shape for v in values]
        try:
            op.shape(shapes, merged)
        except CoreShapeError as exc:  # (the engine's words: "matmul: Phi ℝ⁴ˣ² @ theta ℝ³: inner sizes …")
            names = code_text.operands(self.graph, nodes, python=True)
            computed = [self.graph.node(n).kind == "op" for n in nodes]
            transposes = [code_text.transposed_operand(self.graph, n, python=True) for n in nodes]
            hint = shape_hint(self.graph, op, nodes, self.values, merged, exc, python=True)  # (W * x + b: W @ x)
            listed = [message_listed(self.graph, n) for n in nodes]
            problem = shape_problem(
                op_name, exc.message, names, shapes, hint, computed, exc.transposed, transposes, listed
            )
            raise ShapeError(f"{user_location()}: {problem}") from None
        with np.errstate(all="ignore"):
            out = np.asarray(op.forward(values, merged), dtype=float)
        node = self.graph.add_node("op", op_name, params=params or None)
        for port, src in enumerate(nodes):
            self.graph.connect(src, node, port)
        self.values[node] = out
        if op.outer_by_mistake is not None and op.outer_by_mistake(shapes) is not None:  # (names only then)
            self._warn_broadcast(op, node, nodes, shapes, out.shape)
        return Tracer(self, node, out)

    def _warn_broadcast(self, op, node: str, nodes: list[str], shapes: list, out_shape) -> None:
        """A BroadcastWarning where numpy broadcasts a column against a vector to n×n (pred - y),
        at the traced line (as a ShapeError is: function, file, line, code) and naming the operands
        as the code does (pred, y; else as code, h @ w2); the graph's evaluations say it no more."""
        frame = user_frame()
        known = self._local_names(frame)
        names = code_text.operands(self.graph, nodes, python=True, known=known)
        words = [name if name in known.values() else name.code for name in names]
        who = f"{user_location()}: {op.name}"
        doubt = broadcast_doubt(self.graph, node, op, nodes, shapes, out_shape, names=words, who=who)
        if doubt is None:
            return
        self.broadcasts_said.add(node)
        if frame is None:
            warnings.warn(doubt.text, BroadcastWarning, stacklevel=2)
            return
        warnings.warn_explicit(
            doubt.text,
            BroadcastWarning,
            frame.f_code.co_filename,
            frame.f_lineno,
            module=frame.f_globals.get("__name__"),
            registry=frame.f_globals.setdefault("__warningregistry__", {}),
        )

    def _local_names(self, frame) -> dict[str, str]:
        """node -> the name the user's code holds its traced value by (pred = h @ w2), in frame."""
        held: dict[str, str] = {}
        for name, value in (frame.f_locals if frame is not None else {}).items():
            if isinstance(value, Tracer) and value.recorder is self and not name.startswith("_"):
                held.setdefault(value.node, name)
        return held

    # -- dispatch from numpy
    def numpy_call(self, func: Any, args: tuple, kwargs: dict, what: str | None = None) -> Tracer:
        """func(*args, **kwargs) as the op that declares func (OpDef.numpy); what: how the user
        wrote it, when not as np.<name> (x ** 3 is np.power)."""
        what = what or numpy_name(func)
        if func in SHAPE_FUNCTIONS and len(args) == 1 and not kwargs:
            return SHAPE_FUNCTIONS[func](args[0])
        op = numpy_op(func)
        if op is None:
            instead = NUMPY_INSTEAD.get(func)
            raise trace_error(
                f"{what} cannot be traced: {instead} ({traceable()})"
                if instead
                else f"{what} cannot be traced ({traceable()})"
            )
        extra = {k: v for k, v in kwargs.items() if v is not None}
        if extra:
            given = ", ".join(f"{k}={v!r}" for k, v in extra.items())
            raise trace_error(f"{what}({given}) cannot be traced: only {what} of whole arrays, without options")
        op_name = op.name
        if op.numpy_route is not None:  # numpy's rules depend on the operands (np.dot of a scalar multiplies)
            op_name = op.numpy_route([np.ndim(a.value if isinstance(a, Tracer) else a) for a in args])
        return self.call(op_name, list(args), what)

    def call(self, op_name: str, args: list[Any], what: str) -> Tracer:
        """op_name of args: its inputs, then numbers for its parameters in declared order, as the
        expression parser reads them (np.power(x, 3) and x ** 3 are pow with p = 3)."""
        op = get_op(op_name)
        keys = list(op.defaults)
        if not op.arity <= len(args) <= op.arity + len(keys):
            takes = f"{op.arity}" + (f" and then {', '.join(keys)}" if keys else "")
            raise trace_error(f"{what} with {len(args)} arguments cannot be traced (it takes {takes})")
        params = {key: self.op_parameter(op, key, value, what) for key, value in zip(keys, args[op.arity :])}
        return self.apply(op_name, args[: op.arity], what, params or None)

    def op_parameter(self, op: Any, key: str, value: Any, what: str) -> float:
        note = op.param_notes.get(key, f"its argument {key} must be a number")
        if isinstance(value, Tracer):  # (worded from the operator: the user never wrote p)
            raise trace_error(f"{what} cannot be traced: {note}")
        try:
            number = np.asarray(value, dtype=float) if is_number(value) else None
        except OverflowError:  # (an int no float can hold)
            raise trace_error(f"{what}: {NUMBER_RANGE}") from None
        if number is None or number.ndim != 0:
            raise trace_error(f"{what}: {note}, not {type(value).__name__}")
        return float(number)

    def operator(self, text: str, *operands: Any) -> Tracer:
        """operands combined by a Python operator, as the op declaring it (OpDef.python_operator);
        an operand past the op's inputs is its parameter, as the parser reads it (x ** 3: p = 3)."""
        op = operator_op(text, len(operands))
        if op is None:
            traced = next(x for x in operands if isinstance(x, Tracer))
            raise trace_error(f"{text} of a traced value cannot be traced ({traced!r})")
        return self.call(op.name, list(operands), text)


# --------------------------------------------------------------------- tracer
class Tracer(Traced):
    """Stands in for an array while a function is traced: it records what is done with it."""

    __array_priority__ = 1000  # numpy defers to our operators
    __hash__ = object.__hash__

    def __init__(self, recorder: Recorder, node: str, value: np.ndarray) -> None:
        self.recorder = recorder
        self.node = node
        self.value = value  # computed as the trace goes, so every shape is checked where it arises

    shape = property(lambda self: self.value.shape)
    ndim = property(lambda self: self.value.ndim)
    size = property(lambda self: self.value.size)

    def __repr__(self) -> str:
        node = self.recorder.graph.node(self.node)
        name = node.name or node.op or node.kind
        return f"<traced {name}, shape {fmt_shape(self.shape)}>"

    # numpy's dispatch
    def __array_ufunc__(self, ufunc, method, *inputs, **kwargs):
        if method != "__call__":
            raise trace_error(f"{numpy_name(ufunc)}.{method} cannot be traced")
        return self.recorder.numpy_call(ufunc, inputs, kwargs)

    def __array_function__(self, func, types, args, kwargs):
        return self.recorder.numpy_call(func, args, kwargs)

    # Python operators: the op each means is the one declaring it (OpDef.python_operator)
    def __add__(self, other):
        return self.recorder.operator("+", self, other)

    def __radd__(self, other):
        return self.recorder.operator("+", other, self)

    def __sub__(self, other):
        return self.recorder.operator("-", self, other)

    def __rsub__(self, other):
        return self.recorder.operator("-", other, self)

    def __mul__(self, other):
        return self.recorder.operator("*", self, other)

    def __rmul__(self, other):
        return self.recorder.operator("*", other, self)

    def __truediv__(self, other):
        return self.recorder.operator("/", self, other)

    def __rtruediv__(self, other):
        return self.recorder.operator("/", other, self)

    def __matmul__(self, other):
        return self.recorder.operator("@", self, other)

    def __rmatmul__(self, other):
        return self.recorder.operator("@", other, self)

    def __pow__(self, other):
        return self.recorder.operator("**", self, other)

    def __rpow__(self, other):
        return self.recorder.operator("**", other, self)

    def __floordiv__(self, other):
        return self.recorder.operator("//", self, other)

    def __rfloordiv__(self, other):
        return self.recorder.operator("//", other, self)

    def __mod__(self, other):
        return self.recorder.operator("%", self, other)

    def __rmod__(self, other):
        return self.recorder.operator("%", other, self)

    def __neg__(self):
        return self.recorder.operator("-", self)

    def __pos__(self):
        return self

    def __abs__(self):  # (abs() is a function: numpy's, as for an array)
        return self._call(np.absolute, self)

    @property
    def T(self):  # noqa: N802 - numpy's name
        return self.recorder.operator(".T", self)

    def _call(self, func, *args):
        return self.recorder.numpy_call(func, args, {})

    # the array methods numpy code uses; options (axis=...) are refused as for np.sum(x, axis=...)
    def transpose(self, *axes):
        return self.recorder.numpy_call(np.transpose, (self, *axes), {})

    def sum(self, *args, **kwargs):
        return self.recorder.numpy_call(np.sum, (self, *args), kwargs)

    def mean(self, *args, **kwargs):
        return self.recorder.numpy_call(np.mean, (self, *args), kwargs)

    def dot(self, other):
        return self._call(np.dot, self, other)

    def __len__(self) -> int:  # the shape is known while tracing: len() is as safe as .shape
        if not self.shape:
            raise trace_error(f"len() of a scalar traced value ({self!r})")
        return self.shape[0]

    # what a traced value cannot do: its value is not known when the graph runs again
    __bool__ = untraceable(
        "a traced value used as a truth value (if, while, and, or, a comparison's result)", BRANCH_HINT
    )
    __float__ = refuse_float
    __int__ = untraceable("int() of a traced value")
    __index__ = untraceable("a traced value used as an index or a size")
    __complex__ = untraceable("complex() of a traced value")
    __iter__ = untraceable("iterating over a traced value")
    __getitem__ = untraceable("indexing or slicing a traced value")
    __setitem__ = untraceable("assigning into a traced value")
    __array__ = untraceable("converting a traced value to a plain numpy array")
    __lt__ = untraceable("comparing a traced value (<)", BRANCH_HINT)
    __le__ = untraceable("comparing a traced value (<=)", BRANCH_HINT)
    __gt__ = untraceable("comparing a traced value (>)", BRANCH_HINT)
    __ge__ = untraceable("comparing a traced value (>=)", BRANCH_HINT)
    __eq__ = untraceable("comparing a traced value (==)", BRANCH_HINT)
    __ne__ = untraceable("comparing a traced value (!=)", BRANCH_HINT)

    def __getattr__(self, name: str):
        if name.startswith("_"):  # IPython, pickle and numpy look for optional _x and __x__ names
            raise AttributeError(name)
        raise trace_error(f".{name} of a traced value cannot be traced (only .T, .shape, .sum(), .mean(), .dot())")


# ---------------------------------------------------------------------- trace
def trace_graph(func: Callable, /, *args: Any, constants: tuple[str, ...] | list[str] = (), **values: Any):
    """Run func with tracers in place of its arguments and return the core graph it computes (ga.trace wraps it).

    Values are given by parameter name (or position). Parameters named in `constants`, and
    parameters left at their default value, become constants; the others are variables.
    """
    return traced(func, args, constants, values)[0]


def traced(func: Callable, args: tuple, constants, values: dict) -> tuple[CoreGraph, set[str]]:
    """trace_graph's graph, and the op nodes whose broadcast a BroadcastWarning was raised for
    while tracing (at the traced line: the graph's evaluations need not say it again)."""
    if not callable(func):
        raise Error(f"ga.trace needs a function, not {type(func).__name__}")
    fname = getattr(func, "__name__", "the function")
    try:
        signature = inspect.signature(func)
    except (TypeError, ValueError):
        raise Error(f"ga.trace cannot read the parameters of {fname}") from None
    try:
        bound = signature.bind(*args, **values)
    except TypeError as exc:
        raise TraceError(f"{fname}{signature}: {exc}") from None
    given = set(bound.arguments)
    bound.apply_defaults()
    if isinstance(constants, str):
        constants = (constants,)
    for name in constants:
        if name not in signature.parameters:
            raise TraceError(f'constants names "{name}", which is not a parameter of {fname}{signature}')
    for name, param in signature.parameters.items():
        if param.kind in (param.VAR_POSITIONAL, param.VAR_KEYWORD):
            raise TraceError(f"{fname}{signature}: *{name} parameters cannot be traced; name each input")
    for name in signature.parameters:
        if op_name_problem(name) is not None:  # (its variable would read as the operation in formulas)
            raise TraceError(f'the parameter "{name}" of {fname} has an operation\'s name: rename it (such as {name}_)')
    recorder = Recorder(func, list(signature.parameters))
    tracers = {
        name: recorder.parameter(name, value, constant=name in constants or name not in given)
        for name, value in bound.arguments.items()
    }
    bound.arguments.update(tracers)
    result = func(*bound.args, **bound.kwargs)
    if isinstance(result, (tuple, list, dict)):
        raise TraceError(f"{fname} returns a {type(result).__name__}: return one value (a scalar loss, a vector, …)")
    if not isinstance(result, Tracer) or result.recorder is not recorder:
        raise TraceError(
            f"{fname} returns {type(result).__name__} {result!r:.40}, which is not computed from its parameters"
        )
    graph = recorder.graph
    graph.set_output(result.node)
    out = graph.node(result.node)
    if out.kind == "op" and fname.isidentifier() and not out.name and op_name_problem(fname, out.op) is None:
        graph.rename(result.node, graph.unique_name(fname))
    apply_layout(graph)
    return graph, recorder.broadcasts_said
