"""The names of a tensor's entries and of Greek variables, as cards, tables and tips write them:
W₁₂ for W's entry in row 1, column 2, theta as θ."""

from __future__ import annotations

from collections.abc import Sequence
from math import prod

import numpy as np

Shape = tuple[int, ...]

_SUB = str.maketrans("0123456789", "₀₁₂₃₄₅₆₇₈₉")
_SUBSCRIPT_DIGITS = frozenset("₀₁₂₃₄₅₆₇₈₉")
_GREEK = {
    "alpha": "α",
    "beta": "β",
    "gamma": "γ",
    "delta": "δ",
    "epsilon": "ε",
    "eta": "η",
    "theta": "θ",
    "lambda": "λ",
    "mu": "μ",
    "sigma": "σ",
    "tau": "τ",
    "phi": "φ",
    "Phi": "Φ",
    "psi": "ψ",
    "omega": "ω",
    "Sigma": "Σ",
    "Theta": "Θ",
    "Lambda": "Λ",
    "Omega": "Ω",
    "Psi": "Ψ",
}


def subscript(n: int) -> str:
    """12 -> "₁₂"."""
    return str(n).translate(_SUB)


def display_name(label: str) -> str:
    """A Greek name as its letter (theta -> θ); core.naming decides when a card shows it so."""
    return _GREEK.get(label, label)


def spelled_out(label: str) -> str:
    """A Greek letter as a keyboard spells it (θ -> theta): display_name read back."""
    return _SPELLED.get(label, label)


_SPELLED = {letter: name for name, letter in _GREEK.items()}


def index_label(name: str, index: tuple[int, ...]) -> str:
    """1-based multi-index: ("z", (1,)) -> "z₂", ("W", (0, 1)) -> "W₁₂", large -> "W(1,12)"; a name
    that already ends in a digit is bracketed: ("add₂", (0,)) -> "(add₂)₁", not "add₂₁"; ("W2", (0,
    1)) -> "(W2)₁₂"."""
    if not index:
        return name
    name = indexable(name)
    one = [i + 1 for i in index]
    if len(one) == 1 or all(i < 10 for i in one):
        return name + "".join(str(i) for i in one).translate(_SUB)
    return name + "(" + ",".join(str(i) for i in one) + ")"


def entry_of(name: str, index: tuple[int, ...]) -> str:
    """One entry named in a sentence (a warning), 1-based as the tables count: ("log", (0, 1)) ->
    "entry (1, 2) of log", ("x", (1,)) -> "entry 2 of x", a scalar ("x", ()) -> "x". Never a
    subscript: log₁₂ or matmul₁₂ would read as the name of a card (the twelfth matmul)."""
    if not index:
        return name
    one = [str(i + 1) for i in index]
    where = one[0] if len(one) == 1 else "(" + ", ".join(one) + ")"
    return f"entry {where} of {name}"


def indexable(name: str) -> str:
    """A name as an index may follow it: bracketed when it ends in a digit, a subscript one ((add₂₀₀)₁
    is row 1 of add₂₀₀; add₂₀₀₁ would read as a card of that name) or one on the line ((W2)₁· is
    row 1 of W2; W2₁· reads as W₂₁, and a projector blurs the sizes apart). One rule with the
    formulas' (W1)ᵢⱼ."""
    return f"({name})" if name and (name[-1] in _SUBSCRIPT_DIGITS or name[-1] in "0123456789") else name


def row_label(name: str, i: int) -> str:
    """Row i (0-based) of a matrix, as the gradient tables head it: W₁·, (add₂)₁·, (W2)₁·."""
    return f"{indexable(name)}{subscript(i + 1)}·"


def column_label(name: str, j: int) -> str:
    """Column j (0-based) of a matrix, as the gradient tables head it: W·₁, (add₂)·₁, (W2)·₁."""
    return f"{indexable(name)}·{subscript(j + 1)}"


def index_labels(name: str, shape: Shape) -> list[str]:
    """Labels of a tensor's entries in C order (the order of a flattened row or column)."""
    return list(Labels(name, shape))


class Labels(Sequence):
    """index_labels(name, shape), each label written when asked for: a flattened side of a
    Jacobian can have 100,000 entries, and a table shows a few dozen of them at a time."""

    def __init__(self, name: str, shape: Shape):
        self.name, self.shape = name, tuple(shape)

    def __len__(self) -> int:
        return int(prod(self.shape))

    def __getitem__(self, i):
        if isinstance(i, slice):
            return [self[k] for k in range(len(self))[i]]
        n = len(self)
        if not -n <= i < n:
            raise IndexError(i)
        if not self.shape:
            return self.name
        return index_label(self.name, tuple(int(k) for k in np.unravel_index(i % n, self.shape)))

    def __eq__(self, other) -> bool:
        if isinstance(other, Labels):
            return (self.name, self.shape) == (other.name, other.shape)
        return isinstance(other, Sequence) and not isinstance(other, str) and list(self) == list(other)

    __hash__ = None  # type: ignore[assignment]

    def __repr__(self) -> str:
        return f"Labels({self.name!r}, {self.shape})"
