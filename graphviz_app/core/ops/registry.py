"""Ops by name: the `Registry`, and the one in use.

`get_op`, `all_ops` and the other readers use the registry in use, which a test
swaps for a copy with `use_registry()` to declare an op of its own.
"""

from __future__ import annotations

import difflib
from collections.abc import Iterable, Iterator, Mapping
from contextlib import contextmanager
from typing import Any

from ..errors import GraphError
from .op_def import OpDef

CATEGORIES = ("elementwise", "linear algebra", "reductions", "losses")
SUGGEST_CUTOFF = 0.75  # difflib's ratio: a typo (sigmod, matmull, Sin) is above; max ~ softmax (0.6) is not
NEARLY = 0.05  # several names suggested: as close as the closest, or nearly (matmul₁ and matmul₂ to matmul)


class Registry:
    """Ops by name, in the order they were declared."""

    def __init__(self, ops: Iterable[OpDef] = ()) -> None:
        self._ops: dict[str, OpDef] = {}
        self._by_numpy: dict[Any, OpDef] = {}  # np.sin -> sin
        self._by_api_name: dict[str, OpDef] = {}  # "sigmoid" (ga.sigmoid) -> sigmoid
        self._by_operator: dict[str, list[OpDef]] = {}  # "-" -> [sub, neg]: told apart by their operands
        for op in ops:
            self.register(op)

    def register(self, op: OpDef) -> OpDef:
        if op.category not in CATEGORIES:
            raise ValueError(f"op {op.name}: unknown category {op.category}")
        if op.name in self._ops:
            raise ValueError(f"op {op.name} declared twice")
        for func in op.numpy:
            if func in self._by_numpy:
                raise ValueError(f"op {op.name}: {func} already means the op {self._by_numpy[func].name}")
        if op.api_name is not None and op.api_name in self._by_api_name:
            raise ValueError(
                f"op {op.name}: ga.{op.api_name} already means the op {self._by_api_name[op.api_name].name}"
            )
        self._check_aliases(op)
        sharing = self._by_operator.get(op.python_operator, []) if op.python_operator is not None else []
        for other in sharing:
            if set(_operand_counts(other)) & set(_operand_counts(op)):
                raise ValueError(f'op {op.name}: the operator "{op.python_operator}" already means the op {other.name}')
        self._ops[op.name] = op
        if op.python_operator is not None:
            self._by_operator[op.python_operator] = [*sharing, op]
        self._by_numpy.update(dict.fromkeys(op.numpy, op))
        if op.api_name is not None:
            self._by_api_name[op.api_name] = op
        return op

    def _check_aliases(self, op: OpDef) -> None:
        """An alias (ln for log) means one op: no op's name nor another alias, ignoring case."""
        aliases = {alias.casefold(): other for other in self._ops.values() for alias in other.aliases}
        names = {other.name.casefold(): other for other in self._ops.values()} | {op.name.casefold(): op}
        for alias in op.aliases:
            other = aliases.get(alias.casefold()) or names.get(alias.casefold())
            if other is not None:
                raise ValueError(f'op {op.name}: the name "{alias}" already means the op {other.name}')
        if op.name.casefold() in aliases:
            raise ValueError(
                f'op {op.name}: the name "{op.name}" already means the op {aliases[op.name.casefold()].name}'
            )

    def for_numpy(self, func: Any) -> OpDef | None:
        """The op a numpy function or ufunc means in a traced function (np.sin: sin), if any."""
        try:
            return self._by_numpy.get(func)
        except TypeError:  # (not hashable: no numpy function)
            return None

    def for_api_name(self, name: str) -> OpDef | None:
        """The op offered as ga.<name>, if any."""
        return self._by_api_name.get(name)

    def for_operator(self, operator: str, operands: int) -> OpDef | None:
        """The op a Python operator of so many operands means ("-" of one: neg; x ** 3 is pow,
        its second operand the parameter p), if any."""
        ops = self._by_operator.get(operator, [])
        return next((op for op in ops if operands in _operand_counts(op)), None)

    def get(self, name: str | None) -> OpDef:
        try:
            return self._ops[name]  # type: ignore[index]
        except KeyError:
            raise GraphError(f'unknown op "{name}"{self.suggestion(name)}') from None

    def suggestion(self, name: object) -> str:
        """' (did you mean "matmul"?)' for a misspelt op (matmull, Sin), else "": only a name close
        enough to be a typo of one (max is not softmax)."""
        return did_you_mean(name, self._ops) if isinstance(name, str) else ""

    def all(self) -> list[OpDef]:
        return list(self._ops.values())

    def __contains__(self, name: object) -> bool:
        return name in self._ops


def did_you_mean(name: str, known: Iterable[str], most: int = 1, shown_as: Mapping[str, str] | None = None) -> str:
    """' (did you mean "sigmoid"?)' for the known name `name` is a typo of (sigmod, Sin), else "":
    only one close enough (max is not softmax), ignoring case. The one rule for ops, expression
    functions and node names. most: up to this many, as close as the closest or nearly ("matmul₁" or
    "matmul₂"), in known's order when equally close; shown_as: the name suggested for a known
    spelling when it is not the spelling itself (theta -> θ)."""
    wanted = name.casefold()
    scores: dict[str, float] = {}
    for spelling in known:  # a name's score: its closest spelling
        shown = shown_as.get(spelling, spelling) if shown_as else spelling
        score = difflib.SequenceMatcher(None, wanted, spelling.casefold()).ratio()
        scores[shown] = max(score, scores.get(shown, 0.0))
    best = max(scores.values(), default=0.0)
    close = sorted((n for n in scores if scores[n] >= max(SUGGEST_CUTOFF, best - NEARLY)), key=lambda n: -scores[n])
    names = [f'"{n}"' for n in close[:most]]
    if not names:
        return ""
    said = names[0] if len(names) == 1 else f"{', '.join(names[:-1])} or {names[-1]}"
    return f" (did you mean {said}?)"


def _operand_counts(op: OpDef) -> range:
    """How many operands the op's operator may be written with: its inputs, then its parameters."""
    return range(op.arity, op.arity + len(op.defaults) + 1)


BUILTIN = Registry()  # the ops this package declares
_in_use = BUILTIN


@contextmanager
def use_registry(registry: Registry | None = None) -> Iterator[Registry]:
    """Use `registry` (by default a copy of the one in use) until the block ends, then the previous one.

    A test declares an op of its own in it; the built-in registry never sees it.
    """
    global _in_use
    previous = _in_use
    _in_use = Registry(previous.all()) if registry is None else registry
    try:
        yield _in_use
    finally:
        _in_use = previous


def register(op: OpDef) -> OpDef:
    """Declare an op in the registry in use."""
    return _in_use.register(op)


def get_op(name: str | None) -> OpDef:
    return _in_use.get(name)


def op_suggestion(name: object) -> str:
    """' (did you mean "matmul"?)' for a misspelt op name of the registry in use, else ""."""
    return _in_use.suggestion(name)


def all_ops() -> list[OpDef]:
    return _in_use.all()


def numpy_op(func: Any) -> OpDef | None:
    """The op of the registry in use that a numpy function or ufunc means (np.sin: sin), if any."""
    return _in_use.for_numpy(func)


def api_op(name: str) -> OpDef | None:
    """The op of the registry in use offered as ga.<name> (ga.sigmoid: sigmoid), if any."""
    return _in_use.for_api_name(name)


def operator_op(operator: str, operands: int) -> OpDef | None:
    """The op of the registry in use that a Python operator of so many operands means (x @ y: matmul), if any."""
    return _in_use.for_operator(operator, operands)


def is_op(name: object) -> bool:
    """Whether an op of the registry in use is so named."""
    return name in _in_use
