"""What a user can add to a graph: the two input kinds and every op in the registry.

Qt-free, so the palette, the quick-add popup and tests share it. The entries are
read from `core.ops.all_ops()` each time the catalog is built, so an op declared
in core appears here without any change. sympy is only imported when a tooltip
with formulas is asked for (and the op keeps the result).
"""

from __future__ import annotations

import functools
import html
import itertools
from dataclasses import dataclass

from ..core.errors import UserError
from ..core.ops import CATEGORIES, OpDef, all_ops, fmt_shape, get_op

MIME_TYPE = "application/x-graphviz-app-node"  # what a palette drag carries; the canvas accepts it

INPUTS = "inputs"
CATEGORY_ORDER: tuple[str, ...] = (INPUTS,) + tuple(CATEGORIES)

# The one table of colours: a card's header band (keyed by its node kind or its op's category),
# the palette's badges and the quick-add swatches. The dark theme lightens them.
CARD_COLORS: dict[str, str] = {
    "variable": "#3b7dd8",
    "constant": "#7a8794",
    "elementwise": "#1f9e89",
    "linear algebra": "#8256d0",
    "reductions": "#d98a1c",
    "losses": "#d04a5a",
}
# The palette's groups: inputs in the variables' colour, the others as their cards.
CATEGORY_COLORS: dict[str, str] = {INPUTS: CARD_COLORS["variable"]} | {c: CARD_COLORS[c] for c in CATEGORIES}
CONSTANT_COLOR = CARD_COLORS["constant"]  # constants are inputs too, but hold no gradient
FALLBACK_COLOR = "#6b7280"  # a category without a colour (none today: register() refuses unknown ones)

# Shapes tried against an op's shape rule to describe it in words.
_SAMPLE_SHAPES: tuple[tuple[int, ...], ...] = ((), (3,), (2, 3), (3, 2))


@dataclass(frozen=True)
class CatalogEntry:
    kind: str  # "variable" | "constant" | "op"
    op: str | None  # op name for kind == "op"
    title: str
    category: str
    symbol: str
    ports: tuple[str, ...]
    description: str
    words: tuple[str, ...] = ()  # what else finds it: the op's search_words

    @property
    def arity(self) -> int:
        return len(self.ports)

    @property
    def color(self) -> str:
        if self.kind == "constant":
            return CONSTANT_COLOR
        return CATEGORY_COLORS.get(self.category, FALLBACK_COLOR)

    @property
    def key(self) -> tuple[str, str | None]:
        return (self.kind, self.op)

    def matches(self, text: str) -> bool:
        """Case-insensitive match on title, op name, symbol (x², @, σ), category, description and
        the everyday words and symbols that also find it ("times", "*"); the whole text typed
        may also be one of those words ("matrix multiply")."""
        needle = " ".join(text.lower().split())
        if not needle:
            return True
        words = [w.lower() for w in self.words]
        if any(needle in w for w in words):
            return True
        fields = (self.title, self.op or self.kind, self.symbol, self.category, self.description, *words)
        haystack = " | ".join(fields).lower()
        return all(word in haystack for word in needle.split())

    def rank(self, text: str) -> int:
        """Lower is better: exactly its name, symbol or one of its words ("+" finds add before
        sigmoid's "1/(1 + e⁻ᵘ)"); a name, then a word, that begins with it; the name containing it; a
        description that begins with it ("matrix" finds matmul's "Matrix product" before
        softmax's "of a matrix") or a word containing it; elsewhere."""
        needle = " ".join(text.lower().split())
        name = (self.op or self.title).lower()
        words = [w.lower() for w in self.words]
        if not needle or needle in (name, self.symbol.lower(), *words):
            return 0
        if name.startswith(needle):
            return 1
        if any(w.startswith(needle) for w in words):
            return 2
        if needle in name or needle in self.title.lower():
            return 3
        if self.description.lower().startswith(needle) or any(needle in w for w in words):
            return 4
        return 5


_VARIABLE = CatalogEntry(
    kind="variable",
    op=None,
    title="variable",
    category=INPUTS,
    symbol="x",
    ports=(),
    description="Variable: an input the gradient is taken with respect to (scalar, vector or matrix)",
    words=("input", "parameter", "weight", "number", "value"),
)
_CONSTANT = CatalogEntry(
    kind="constant",
    op=None,
    title="constant",
    category=INPUTS,
    symbol="c",
    ports=(),
    description="Constant: a fixed input (scalar, vector or matrix); no gradient flows into it",
    words=("input", "number", "value", "fixed", "data", "target"),
)


def entry_for_op(op: OpDef) -> CatalogEntry:
    return CatalogEntry(
        kind="op",
        op=op.name,
        title=op.name,
        category=op.category,
        symbol=op.symbol,
        ports=tuple(op.inputs),
        description=op.description,
        words=op.search_words + op.aliases,  # (ln finds log, as the expression says)
    )


def catalog() -> list[CatalogEntry]:
    """Every addable entry, grouped in CATEGORY_ORDER, registry order inside a group."""
    entries = [_VARIABLE, _CONSTANT] + [entry_for_op(op) for op in all_ops()]
    order = {c: i for i, c in enumerate(CATEGORY_ORDER)}
    return sorted(entries, key=lambda e: order.get(e.category, len(order)))  # sort is stable


def grouped(entries: list[CatalogEntry]) -> list[tuple[str, list[CatalogEntry]]]:
    """(category, entries) in CATEGORY_ORDER, then any unknown category; empty groups left out."""
    groups: dict[str, list[CatalogEntry]] = {}
    for entry in entries:
        groups.setdefault(entry.category, []).append(entry)
    names = [c for c in CATEGORY_ORDER if c in groups] + [c for c in groups if c not in CATEGORY_ORDER]
    return [(name, groups[name]) for name in names]


def search(entries: list[CatalogEntry], text: str) -> list[CatalogEntry]:
    """Matching entries, best first (stable within a rank)."""
    hits = [e for e in entries if e.matches(text)]
    return sorted(hits, key=lambda e: e.rank(text))


def find(kind: str, op: str | None) -> CatalogEntry:
    for entry in catalog():
        if entry.key == (kind, op):
            return entry
    raise KeyError((kind, op))


# ---------------------------------------------------------------- tooltips
def _example_order(shapes: tuple[tuple[int, ...], ...]) -> tuple:
    """Equal shapes first (the ordinary case reads best), then broadcasts: of a vector over a
    matrix (the larger operand first: ℝ²ˣ³ + ℝ³) before those of a scalar (in sample order: ℝ + ℝ³)."""
    if len(set(shapes)) == 1:
        return (0,)
    return (2,) if () in shapes else (1, *(-len(s) for s in shapes))


def shape_examples(op: OpDef, limit: int = 5) -> list[tuple[tuple[tuple[int, ...], ...], tuple[int, ...]]]:
    """Input shapes the op's shape rule accepts, with the output shape: one per rank combination,
    and not the same shapes swapped (ℝ³ + ℝ²ˣ³ says nothing ℝ²ˣ³ + ℝ³ has not)."""
    return list(_shape_examples(op, limit))


@functools.cache  # (each palette, every tooltip asks again; an op is hashed by identity)
def _shape_examples(op: OpDef, limit: int) -> tuple[tuple[tuple[tuple[int, ...], ...], tuple[int, ...]], ...]:
    found = []
    seen_ranks, seen_shapes = set(), set()
    for shapes in sorted(itertools.product(_SAMPLE_SHAPES, repeat=op.arity), key=_example_order):
        ranks = tuple(len(s) for s in shapes)
        if ranks in seen_ranks or tuple(sorted(shapes)) in seen_shapes:
            continue
        try:
            out = op.shape(list(shapes), op.params_with_defaults(None))
        except (UserError, ValueError, IndexError, TypeError):
            continue
        seen_ranks.add(ranks)
        seen_shapes.add(tuple(sorted(shapes)))
        found.append((shapes, tuple(out)))
        if len(found) == limit:
            break
    return tuple(found)


def _typical_shapes(op: OpDef) -> list[tuple[int, ...]] | None:
    """The accepted example with the most dimensions: the case worth describing."""
    examples = shape_examples(op)
    if not examples:
        return None
    return list(max(examples, key=lambda ex: sum(len(s) for s in ex[0]))[0])


def _shape_line(op: OpDef, shapes, out) -> str:
    ins = ", ".join(f"{port} {fmt_shape(s)}" for port, s in zip(op.inputs, shapes))
    return f"{ins} → {fmt_shape(out)}"


def _formula_lines(op: OpDef) -> tuple[str, ...]:
    """The local derivatives written out (imports sympy; the op keeps them)."""
    shapes = _typical_shapes(op)
    try:
        return tuple(f.unicode for f in op.formulas(op.defaults, shapes))
    except Exception:  # a formula that cannot be written must not break a tooltip
        return ()


def tooltip_html(entry: CatalogEntry, with_formulas: bool = False) -> str:
    """Rich-text tooltip; formulas only when asked (they import sympy)."""
    return _tooltip_html(entry, get_op(entry.op) if entry.kind == "op" else None, with_formulas)


@functools.cache  # (every window's palette asks for each; an entry is a value, an op hashed by identity)
def _tooltip_html(entry: CatalogEntry, op: OpDef | None, with_formulas: bool) -> str:
    esc = html.escape
    parts = [
        f"<b>{esc(entry.symbol)}&nbsp;&nbsp;{esc(entry.title)}</b>"
        f" <span style='color:#6b7280'>· {esc(entry.category)}</span>",
        esc(entry.description),
    ]
    if entry.kind != "op":
        parts.append("<i>Double-click a node on the canvas to edit its value.</i>")
        return "<br>".join(parts)
    parts.append(f"<b>Inputs:</b> {esc(', '.join(op.inputs))}")
    examples = shape_examples(op)
    if examples:
        lines = "<br>".join("&nbsp;&nbsp;" + esc(_shape_line(op, s, o)) for s, o in examples)
        parts.append(f"<b>Shapes:</b><br>{lines}")
        shapes = _typical_shapes(op)
        structures = op.structures(shapes, op.params_with_defaults(None))
        where = ", ".join(f"{p} {fmt_shape(s)}" for p, s in zip(op.inputs, shapes))
        jac = f"(for {where}) " + "; ".join(f"∂/∂{p}: {s}" for p, s in zip(op.inputs, structures))
        parts.append(f"<b>Local Jacobian:</b> {esc(jac)}")
    if op.defaults:
        params = ", ".join(f"{k} = {v:g}" if isinstance(v, float) else f"{k} = {v}" for k, v in op.defaults.items())
        parts.append(f"<b>Parameters:</b> {esc(params)}")
    if with_formulas:
        formulas = _formula_lines(op)
        if formulas:
            parts.append("<b>Derivative:</b><br>" + "<br>".join("&nbsp;&nbsp;" + esc(f) for f in formulas))
    return "<br>".join(parts)
