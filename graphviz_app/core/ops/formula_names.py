"""Inputs' names as a derivative formula writes them: in a readable product (2(sub)), in an
index formula (θⱼ, (W1)ᵢⱼ), as LaTeX and as sympy symbols (user text is never parsed)."""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache

_SIMPLE_NAME = re.compile(r"[^\W\d_][0-9₀-₉]*|−?[0-9.]+")


def wrapped(name: str) -> str:
    """A name as a factor in a readable product: bare when one letter with an index (x, θ, W1,
    x₂) or a number, else bracketed ((add₁), (sub)) so 2(sub) is not read as 2·s·u·b."""
    return name if _SIMPLE_NAME.fullmatch(name) else f"({name})"


def ends_in_digit(name: str) -> bool:
    """A name whose last character is a digit on the line (x1, W2): a number written just before
    it (2x1) or a power just after it (x1²) would run into that digit."""
    return bool(name) and name[-1] in "0123456789"


def in_text(before: str, name: str, after: str) -> str:
    """A name (wrapped already) between two pieces of a readable formula, kept apart from them where
    its last digit would merge: 2·x1 (not 2x1, read as a shape or as 2 × 1), (u2)² (not u2²)."""
    if not ends_in_digit(name) or is_number(name):
        return name
    if after[:1] and after[0] in _POWERS:
        name = f"({name})"
    if before[-1:].isdigit():
        name = "·" + name
    return name


_POWERS = "⁰¹²³⁴⁵⁶⁷⁸⁹⁻"  # (not ᵀ: W2ᵀ reads as W2 transposed)


_SUBSCRIPT = str.maketrans("ijklmnr0123456789", "ᵢⱼₖₗₘₙᵣ₀₁₂₃₄₅₆₇₈₉")
_LETTER_DIGITS = re.compile(r"([^\W\d_])([0-9]+)")
_NUMBER = re.compile(r"−?[0-9.]+(e[−+]?[0-9]+)?")


def is_number(name: str) -> bool:
    """An unnamed scalar constant is written as its number (2, −0.5)."""
    return bool(_NUMBER.fullmatch(name))


def sympy_number(sp, name: str):
    value = float(name.replace("−", "-"))
    return sp.Integer(int(value)) if value.is_integer() else sp.Float(value, 4)


@dataclass(frozen=True)
class Operand:
    """An input as an index formula writes it: θ, W1, add₁, in unicode and in LaTeX."""

    text: str

    @property
    def one_letter(self) -> bool:
        return len(self.text) == 1

    @property
    def tex(self) -> str:
        return tex_name(self.text)

    def u(self, index: str = "") -> str:
        """The name, or one entry of it: θⱼ, Wᵢⱼ, (W1)ᵢⱼ (a long name is bracketed before its index)."""
        if not index:
            return self.text
        base = self.text if self.one_letter else f"({self.text})"
        return base + index.translate(_SUBSCRIPT)

    def t(self, index: str = "") -> str:
        if not index:
            return self.tex
        base = self.tex if self.one_letter else f"({self.tex})"
        return f"{base}_{{{index}}}"


def operands(names: Sequence[str] | None, *defaults: str) -> list[Operand]:
    """The inputs' names as operands, or the op's own symbols when no names are given (or when
    one node feeds two inputs: ∂(xᵀx)/∂xₖ = xₖ would read as the whole derivative)."""
    if names is None or len(set(names)) < len(names):
        names = defaults
    return [Operand(n) for n in names]


def product_u(*parts: str) -> str:
    """Names side by side (Φθ) when each is one letter, else with a dot (W1·h)."""
    plain = [p.removesuffix("ᵀ") for p in parts]
    return "".join(parts) if all(len(p) == 1 for p in plain) else "·".join(parts)


def product_t(*parts: str) -> str:
    return r"\,".join(parts)


def tex_name(name: str) -> str:
    """A user's name as LaTeX for the formula view, written as its card shows it: x, θ, and upright
    when longer, \\mathrm{W1}, \\mathrm{add₁}, as the LaTeX export writes it. Digits typed after a
    letter stay on the line (never W_{1}: W₁ is how the app numbers its own cards, so the formula
    would name a card not on the canvas), upright as part of the name (an italic x beside an
    upright 1 reads as x times 1). Characters
    LaTeX reads as commands or groups are dropped (names never hold them, a hand-edited file might)."""
    name = "".join(c for c in name if c not in "\\{}$%#&~^")
    if len(name) == 1:
        return name
    return r"\mathrm{" + name + "}"


def sympy_symbols(sp, names: Sequence[str]) -> list:
    """Real sympy Symbols named exactly so (Symbol never parses its name: user text stays text)."""
    return [sp.Symbol(n, real=True) for n in names]


def sympy_latex(sp, expr, order: str | None = None) -> str:
    """LaTeX of a sympy expression whose symbols are named by users (tex_name for each). When a
    symbol is written e (or e1), exp is written \\exp(…): e^{e} would read as Euler's number's. When
    a name ends in a digit, products are written with a dot (2 · x1, never 2x1) and its powers
    bracketed ((x1)², never x1²). order="none": a sum's terms in the order they were written."""
    symbols = getattr(expr, "free_symbols", set())
    names = {s: tex_name(s.name) for s in symbols}
    exp_named = any(s.name == "e" or _LETTER_DIGITS.fullmatch(s.name) and s.name[0] == "e" for s in symbols)
    settings: dict = dict(symbol_names=names)
    if any(ends_in_digit(s.name) for s in symbols):
        settings["mul_symbol"] = "dot"
    if order is not None:
        settings["order"] = order
    return _names_latex_printer(exp_named)(settings).doprint(expr)


@lru_cache(maxsize=2)
def _names_latex_printer(exp_named: bool):
    """sympy's LaTeX printer bracketing the powers of a name that ends in a digit, and with
    exp_named writing exp(u) as \\exp(u), never e^{u}."""
    from sympy.printing.latex import LatexPrinter

    class NamesLatexPrinter(LatexPrinter):
        def parenthesize_super(self, s):  # (asked for a symbol's text only, before a power)
            if re.fullmatch(r"\\mathrm\{.*[0-9]\}", s):
                return r"\left(" + s + r"\right)"
            return super().parenthesize_super(s)

        if exp_named:

            def _print_ExpBase(self, expr, exp=None):
                return self._do_exponent(r"\exp\left(" + self._print(expr.args[0]) + r"\right)", exp)

    return NamesLatexPrinter


def sympy_pretty(sp, expr) -> str:
    """sympy's 2-D unicode form with each symbol written as named (b1, W199), never turned into a
    subscript (b₁, W₁₉₉ would name cards the app numbers)."""
    return _literal_pretty_printer()(dict(use_unicode=True, wrap_line=False)).doprint(expr)


@lru_cache(maxsize=1)
def _literal_pretty_printer():
    from sympy.printing.pretty.pretty import PrettyPrinter
    from sympy.printing.pretty.stringpict import prettyForm

    class LiteralPrettyPrinter(PrettyPrinter):
        def _print_Symbol(self, e, bold_name=False):
            return prettyForm(e.name)

    return LiteralPrettyPrinter
