"""How an op is declared: everything about it in one place (as a JAX primitive).

An `OpDef` holds the shape rule, the forward function, the vector-Jacobian
product (reverse mode), the Jacobian-vector product (forward mode), the local
Jacobian (dense, for display), a structured description of that Jacobian for
when it is too big to show densely, and the symbolic derivative formula.

Gradients are always computed with `vjp`; dense Jacobians exist only to be
shown and checked. Adding an op is one `register(OpDef(...))` call (core.ops.registry): it also
declares what the views and the tests need (the chain rule written for a
reader, the card's symbol with its parameters, where the op is smooth, which
shapes to try first when guessing, the Python operator that writes it), so
nothing else names an op.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Any

import numpy as np

from ..conventions import transposed_structure
from ..errors import GraphError
from ..number_text import fmt_number
from .formula_names import sympy_latex, sympy_pretty

Shape = tuple[int, ...]
Arrays = Sequence["np.ndarray"]  # a string: naming numpy here would import it
Params = dict[str, Any]


def code_number(value: float) -> str:
    """A number as Python and the expression parser read it back exactly: 2, -0.5, 0.3333333333333333."""
    value = float(value)
    return str(int(value)) if value.is_integer() and abs(value) < 1e16 else repr(value)


@dataclass(frozen=True)
class Formula:
    """A local derivative written out: one line of unicode, a 2-D pretty form, LaTeX."""

    input: str
    unicode: str
    latex: str
    pretty: str


@dataclass(frozen=True, eq=False)  # an op is itself: equal and hashed by identity (a cache key)
class OpDef:
    name: str
    category: str
    symbol: str  # drawn on the node: "sin", "@", "+"
    inputs: tuple[str, ...]  # port names, in port order (elementwise formulas use them as symbols: u, a, b)
    description: str
    shape: Callable[[list[Shape], Params], Shape]
    forward: Callable[[Arrays, Params], np.ndarray]
    # vjp(g, inputs, out, params) -> one gradient per input, each of that input's shape
    vjp: Callable[[np.ndarray, Arrays, np.ndarray, Params], list[np.ndarray]]
    # jvp(tangents, inputs, out, params) -> tangent of the output; a tangent may be None (zero)
    jvp: Callable[[list[np.ndarray | None], Arrays, np.ndarray, Params], np.ndarray] | None = None
    # jacobian(inputs, out, params) -> dense ∂out/∂input_i of shape out.shape + input_i.shape
    jacobian: Callable[[Arrays, np.ndarray, Params], list[np.ndarray]] | None = None
    # structure(shapes, params, names) -> a short text per input describing ∂out/∂input, written
    # with the inputs' names ("diag(cos x)"), or with the op's own symbols when names is None ("diag(cos u)")
    structure: Callable[[list[Shape], Params, list[str] | None], list[str]] | None = None
    # structure_transposed(shapes, params, names) -> the same texts written for the transposes the
    # denominator layout shows, for an op whose texts conventions.transposed_structure cannot
    # rewrite (softmax's Jacobian is symmetric: its own texts; softmax_xent's rows are columns);
    # None: those rules write them
    structure_transposed: Callable[[list[Shape], Params, list[str] | None], list[str]] | None = None
    # formula(sp, params, shapes, names) -> per input (lhs_unicode, lhs_latex, rhs) with rhs a sympy
    # expression, or a (unicode, latex) pair for index formulas sympy cannot write well. names are
    # the inputs as the user named them (θ, W1, add₁, or the number of an unnamed scalar constant),
    # or None for the op's own symbols; `operands` and `sympy_symbols` turn them into symbols safely
    # (never parse them: they are user text).
    formula: Callable[[Any, Params, list[Shape], list[str] | None], list[tuple[str, str, Any]]] | None = None
    defaults: Params = field(default_factory=dict)  # parameters and their default values
    # Optional plain-float versions for graphs made only of scalars (the engine's fast path;
    # numpy's per-call overhead dominates there). scalar_vjp returns one float per input.
    scalar_forward: Callable[[list[float], Params], float] | None = None
    scalar_vjp: Callable[[float, list[float], float, Params], tuple[float, ...]] | None = None
    # --- what the views and the tests need about the op
    # readable(port, shapes, names) -> ∂out/∂input[port] as a reader writes it in a chain-rule
    # product, numerator layout: "I", "−I", "2xᵀ", "diag(cos x)"; names are the inputs as the
    # chain view writes them (a node's name, or the number of an unnamed scalar constant).
    # None (or returning None): no short form, the chain view shows the symbols only. An op with
    # parameters is given them too: readable(port, shapes, names, params) (pow: "2x" for p = 2).
    readable: Callable[[int, list[Shape], list[str]], str | None] | None = None
    # shown_symbol(params) -> the card's symbol when it shows the parameters ("x³" for pow)
    shown_symbol: Callable[[Params], str] | None = None
    # written_as(args, params) -> an unnamed card of this op as a formula writes it applied to its
    # inputs' texts, as its card shows it (pow: x², (add₁)³); None: op(args…, parameter values…)
    written_as: Callable[[list[str], Params], str] | None = None
    # per parameter: the parser's message when the expression gives it something not a number
    param_notes: dict[str, str] = field(default_factory=dict)
    # other names a person may call the op by in an expression (ln for log, numpy's multiply for
    # mul): the parser answers them with the op's name; no two ops claim the same one
    aliases: tuple[str, ...] = ()
    # samples(rng) -> lists of inputs where the op is smooth, one per case of shapes it accepts
    # (the first the ordinary one); the conformance tests check every op on them
    samples: Callable[[np.random.Generator], list[list[np.ndarray]]] | None = None
    # the input a loss compares against (softmax_xent's target): data, not a parameter. A variable
    # of an expression that feeds only such ports starts as a constant holding target_sample(shape)
    # (a one-hot row per example), not the example numbers of a parameter; None: no such input
    target_port: int | None = None
    target_sample: Callable[[tuple[int, ...]], np.ndarray] | None = None
    # the rank (0, 1, 2) the shape guesser tries first for a variable at each port; None: none
    preferred_ranks: tuple[int | None, ...] = ()
    # where the op is defined, for the warning that names an input outside it and the nan derivative
    # of every output entry reading such an input (core.domain_check):
    # defined_for(inputs, params) -> (port, which entries of that input lie inside, the sentence
    # a reader needs: "log is defined for positive numbers only"); None: every finite input
    defined_for: Callable[[Arrays, Params], tuple[int, np.ndarray, str]] | None = None
    # where an input lies outside the domain yet a derivative has one limit from every side the op
    # is defined on (∂(1/x)/∂x = −1/x² → −∞ at 0 from both sides), that limit rather than nan:
    # limits_outside(inputs broadcast to the output's shape, params) -> per input, ∂out/∂input
    # elementwise (the output's shape), nan where there is no limit; None: nan everywhere outside
    limits_outside: Callable[[Arrays, Params], list[np.ndarray]] | None = None
    # elementwise of several inputs where a scalar input may meet a tensor (a + b, 2·x): the shape
    # guesser gives a variable there the rank of the other input first (W @ x + b)
    broadcasts: bool = False
    # (+ − × ÷) shapes numpy broadcasts but a person seldom means: outer_by_mistake(shapes) -> the
    # ports (column, other) of a column ℝⁿˣ¹ met by a vector ℝⁿ or a row ℝ¹ˣⁿ, broadcast to ℝⁿˣⁿ (X @ w − y:
    # a loss over n² pairs); None when the shapes are fine. Said as a warning (core.broadcast_doubt)
    outer_by_mistake: Callable[[list[Shape]], tuple[int, int] | None] | None = None
    # (+) a variable added to a matrix an op computes is guessed the row of its columns, a bias
    # broadcast over the rows (X @ W + b), not a whole matrix
    bias_row: bool = False
    # (× ) the op a reader may have meant when this op's operands fit that one better, and what to
    # write then ({0}, {1}: the operands' names): W·x with W a matrix is read as W ⊙ x, and where
    # W @ x would fit, the shape message says so rather than blame a bias added after it
    meant_instead: tuple[str, str] = ()
    # (@) the matrix product A @ B: shape advice reads it as a layer, data or a computed matrix on
    # the left times a weight on the right whose columns give the width (X @ W + b), and so resizes
    # or transposes that weight, or finds a weight typed as a row (X @ w with w ℝ¹ˣᵏ)
    matrix_product: bool = False
    # (ᵀ) the transpose of its one input: a shape message offers what it reads (use W instead of
    # W.T), and a row it makes meets a column on purpose (the pairwise x − xᵀ), not warned as a
    # broadcast by mistake
    transposes: bool = False
    # --- what the Python API needs about the op
    # the numpy functions and ufuncs that mean this op in a traced function (np.sin; np.power,
    # whose argument after the inputs is the parameter p); no two ops claim the same one
    numpy: tuple[Any, ...] = ()
    # numpy_route(ndims) -> the name of the op such a numpy call means for operands of these
    # numbers of dimensions (np.dot of a scalar is mul, of a matrix matmul); None: this op
    numpy_route: Callable[[list[int]], str] | None = None
    # the function of Python's math module that computes this op on plain numbers where its name
    # is not numpy's (math.pow for np.power, math.fabs): a traced function calling it on a traced
    # value is told to write the op's numpy function; one of the same name (math.sin) needs none
    math_name: str | None = None
    # the function the API offers for an op numpy lacks, ga.<api_name> (ga.sigmoid), and the
    # sentence its docstring begins with (the description when empty)
    api_name: str | None = None
    api_summary: str = ""
    # the Python operator that writes this op, in an expression and in a traced function: "+",
    # "@", "**" (its operand after the inputs is the parameter: x**3), "-" of one input (-x),
    # ".T" (x.T); None: none. Two ops claim the same one only when they take different numbers
    # of operands ("-": sub of two, neg of one)
    python_operator: str | None = None
    # --- what search needs about the op
    # everyday words and symbols a person may type to find it in the palette and Tab search,
    # beyond its name, symbol and description ("multiply", "times", "*" for mul: the keyboard's
    # symbols too, as the card's × cannot be typed); typed exactly, one ranks the op first
    search_words: tuple[str, ...] = ()

    @property
    def arity(self) -> int:
        return len(self.inputs)

    def params_with_defaults(self, params: Params | None) -> Params:
        merged = dict(self.defaults)
        merged.update(params or {})
        return merged

    def check_params(self, params: Params | None, who: str | None = None) -> Params:
        """The parameters as the op takes them, or a GraphError naming who has them (a node:
        `pow "y"`; by default the op), the parameter and what was given: a key the op does not
        declare is refused, and each value must be of its default's kind (for a number, a
        finite real number: numpy's become Python floats, so a file can hold them)."""
        who = who or self.name
        checked = {}
        for key, value in (params or {}).items():
            if key not in self.defaults:
                known = ", ".join(self.defaults) or "none"
                raise GraphError(f'{who} has an unknown parameter "{key}" (known for {self.name}: {known})')
            checked[key] = _checked_value(value, self.defaults[key], f'{who}: parameter "{key}"')
        return checked

    def symbol_for(self, params: Params | None) -> str:
        """What the card shows: the symbol, with the parameters where the op declares how."""
        if self.shown_symbol is None:
            return self.symbol
        return self.shown_symbol(self.params_with_defaults(params))

    def written(self, args: Sequence[str], params: Params | None) -> str:
        """This op applied to inputs written so (an unnamed card in a formula): as the op declares
        (x² for pow), else sin(x), with any parameters' values after the inputs (op(x, 2))."""
        params = self.params_with_defaults(params)
        if self.written_as is not None:
            return self.written_as(list(args), params)
        values = [
            fmt_number(v) if isinstance(v, (int, float)) and not isinstance(v, bool) else str(v)
            for v in params.values()
        ]
        return f"{self.name}({', '.join([*args, *values])})"

    def code(self, args: Sequence[str], params: Params | None, python: bool = False) -> str:
        """This op applied to operands typed so (bracketed as they need), as a person types it:
        its Python operator (X @ W, -x, x.T, x**2), else a call by the name an expression knows
        (tanh(x)); python: as a traced function calls it (np.tanh(x), ga.relu(x)), which the
        expression parser reads too, but for np.dot. Parameters' values follow the operands."""
        params = self.params_with_defaults(params)
        values = [
            code_number(v) if isinstance(v, (int, float)) and not isinstance(v, bool) else str(v)
            for v in params.values()
        ]
        operator = self.python_operator
        if operator == "-" and len(args) == 1:
            return f"-{args[0]}"
        if operator is not None and operator.startswith("."):
            return f"{args[0]}{operator}"
        if operator is not None:
            return f" {operator} ".join(args) if operator != "**" else f"{args[0]}**{values[0]}"
        name = self.name
        if python:
            name = f"np.{self.numpy[0].__name__}" if self.numpy else f"ga.{self.api_name or self.name}"
        return f"{name}({', '.join([*args, *values])})"

    def readable_factor(
        self, port: int, shapes: list[Shape], names: list[str], params: Params | None = None
    ) -> str | None:
        if self.readable is None:
            return None
        if self.defaults:
            return one_by_one(self.readable(port, shapes, names, self.params_with_defaults(params)), shapes[port])
        return one_by_one(self.readable(port, shapes, names), shapes[port])

    def preferred_rank(self, port: int) -> int | None:
        return self.preferred_ranks[port] if port < len(self.preferred_ranks) else None

    def sample_inputs(self, rng: np.random.Generator) -> list[list[np.ndarray]]:
        """Inputs where the op is smooth, one list per case of shapes (3×2 normals by default)."""
        if self.samples is not None:
            return self.samples(rng)
        return [[rng.normal(size=(3, 2)) for _ in self.inputs]]

    # Fallbacks keep each declaration short; both are exact.
    def local_jacobians(self, inputs: Arrays, out: np.ndarray, params: Params) -> list[np.ndarray]:
        if self.jacobian is not None:
            return self.jacobian(inputs, out, params)
        return jacobians_from_vjp(self, inputs, out, params)

    def tangent(self, tangents: list[np.ndarray | None], inputs: Arrays, out: np.ndarray, params: Params) -> np.ndarray:
        if all(t is None for t in tangents):
            return np.zeros_like(out)
        if self.jvp is not None:
            return self.jvp(tangents, inputs, out, params)
        result = np.zeros(out.shape)
        for jac, x, t in zip(self.local_jacobians(inputs, out, params), inputs, tangents):
            if t is not None:
                result = result + np.tensordot(jac, t, axes=x.ndim)
        return result

    def structures(self, shapes: list[Shape], params: Params, names: Sequence[str] | None = None) -> list[str]:
        if self.structure is not None:
            names = list(names) if names is not None and len(names) == self.arity else None
            return [one_by_one(text, shape) for text, shape in zip(self.structure(shapes, params, names), shapes)]
        return ["dense" for _ in shapes]

    def transposed_structures(
        self,
        shapes: list[Shape],
        params: Params,
        names: Sequence[str] | None = None,
        plain=None,
        structures: list[str] | None = None,
    ) -> list[str]:
        """structures(), written for the transposes the denominator layout shows: as the op
        declares (structure_transposed), else by conventions.transposed_structure (`plain`: an
        operand's name -> the matrix it transposes, for an operand a transpose card computes;
        `structures`: what structures() gave for the same shapes, params and names, when the
        caller has it already)."""
        if self.structure_transposed is not None:
            names = list(names) if names is not None and len(names) == self.arity else None
            texts = self.structure_transposed(shapes, params, names)
            return [one_by_one(text, shape) for text, shape in zip(texts, shapes)]
        if structures is None:
            structures = self.structures(shapes, params, names)
        return [transposed_structure(text, plain) for text in structures]

    def formulas(
        self, params: Params, shapes: list[Shape] | None = None, names: Sequence[str] | None = None
    ) -> list[Formula]:
        """The local derivatives written out, in the inputs' names when given (∂(Φθ)ₖ/∂Φᵢⱼ);
        kept per parameters, shapes and names (sympy takes milliseconds)."""
        if self.formula is None:
            return []
        names = tuple(names) if names is not None and len(names) == self.arity else None
        shapes = tuple(tuple(s) for s in shapes) if shapes else None
        try:
            return list(written_formulas(self, tuple(sorted((params or {}).items())), shapes, names))
        except TypeError:  # a parameter that cannot be a key (never a checked one): written afresh
            return self._write_formulas(params, shapes and list(shapes), names and list(names))

    def _write_formulas(self, params: Params, shapes: list[Shape] | None, names: list[str] | None) -> list[Formula]:
        import sympy as sp  # sympy is slow to import: only when a formula is asked for

        out = []
        written = self.formula(sp, self.params_with_defaults(params), shapes or [()] * self.arity, names)
        for port_name, (lhs_u, lhs_l, rhs) in zip(self.inputs, written):
            if isinstance(rhs, tuple):
                rhs_u, rhs_l = rhs
                rhs_p = rhs_u
            else:
                rhs_u = sp.sstr(rhs).replace("**", "^").replace("*", "·")
                rhs_l = sympy_latex(sp, rhs)
                rhs_p = sympy_pretty(sp, rhs)
            pretty = _join_pretty(lhs_u + " = ", rhs_p)
            out.append(Formula(port_name, f"{lhs_u} = {rhs_u}", f"{lhs_l} = {rhs_l}", pretty))
        return out


@lru_cache(maxsize=512)  # bounded: a long session asks for ever new names and shapes
def written_formulas(op: OpDef, params: tuple, shapes: tuple | None, names: tuple | None) -> tuple[Formula, ...]:
    """op.formulas, kept for the latest few hundred (op, parameters, shapes, names) asked for."""
    return tuple(op._write_formulas(dict(params), shapes and list(shapes), names and list(names)))


def _checked_value(value: Any, default: Any, where: str) -> Any:
    """value if it is of default's kind (a number, true/false, text), else a GraphError."""
    if isinstance(default, bool):
        if isinstance(value, (bool, np.bool_)):
            return bool(value)
        raise GraphError(f"{where} must be true or false, found {_shown(value)}")
    if isinstance(default, (int, float)):
        number = isinstance(value, (int, float, np.integer, np.floating)) and not isinstance(value, (bool, np.bool_))
        if not number or not np.isfinite(value):
            raise GraphError(f"{where} must be a finite number, found {_shown(value)}")
        return value if type(value) in (int, float) else float(value)
    if not isinstance(value, type(default)):
        raise GraphError(f"{where} must be {type(default).__name__}, found {_shown(value)}")
    return value


def _shown(value: Any) -> str:
    """A value as a message quotes it: text in double quotes (as a file and Python both read it)."""
    text = '"' + value.replace('"', '\\"') + '"' if isinstance(value, str) else repr(value)
    return text if len(text) <= 40 else text[:39] + "…"


def _join_pretty(prefix: str, block: str) -> str:
    """Put a one-line prefix before a multi-line pretty block, on its middle line."""
    lines = block.split("\n")
    mid = len(lines) // 2
    pad = " " * len(prefix)
    return "\n".join((prefix if i == mid else pad) + line for i, line in enumerate(lines))


def jacobians_from_vjp(op: OpDef, inputs: Arrays, out: np.ndarray, params: Params) -> list[np.ndarray]:
    """Dense Jacobians row by row: the vjp of each output basis vector."""
    jacs = [np.zeros(out.shape + x.shape) for x in inputs]
    for idx in np.ndindex(*out.shape):
        e = np.zeros(out.shape)
        e[idx] = 1.0
        for jac, g in zip(jacs, op.vjp(e, inputs, out, params)):
            jac[idx] = g
    return jacs


def one_by_one(text, shape) -> str | None:
    """The one rule for an identity of a scalar input: I is square, so ∂out/∂x is 1×1 and reads as
    the number the seeds write (∂(x₁ + x₂)/∂x₁ = 1, ∂(x₁ − x₂)/∂x₂ = −1), in the Inspector's
    structure line and the Chain rule tab's factors alike."""
    if not shape and text in ("I", "−I"):
        return text.replace("I", "1")
    return text
