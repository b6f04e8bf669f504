"""Maths notation read as what it unambiguously means, before Python reads the text: x^2 and
(x+1)^2 are powers, e^x and e^{-x} are exp, 2x, 2(x+1) and 3x²y are products, x² is x**2.
What stays ambiguous (sin x, x y, sin²x, e^2x) is left for advice; every column maps back to
what was typed (Typed.column)."""

from __future__ import annotations

import re

from .brackets import PAIRS, closing, opening
from .superscript_powers import NUMBER, SUPERSCRIPTS, Typed, rewrite, superscript_edits
from .syntax_words import quoted

_NUMBER = rf"{NUMBER}(?:[eE][+-]?\d+)?"
# a number standing alone (not the 2 of log2), then a name or a bracket: 2x, 2(x+1), 3.5y
# (not 1j, a complex number, nor 0x1F, 0b101, 0o17: numbers Python writes with a letter)
_NUMBER_THEN_OPERAND = re.compile(
    rf"(?<![\w.])(?!0[xXbBoO][0-9a-fA-F_])(?>{_NUMBER})(?![jJ]\b)(?=[^\W\d_{SUPERSCRIPTS}]|\()"
)
_POWER_THEN_OPERAND = re.compile(rf"[{SUPERSCRIPTS}]+(?=[^\W\d_{SUPERSCRIPTS}]|\()")  # x²y, x²(y+1)
# names and transpose signs side by side (xᵀAx), one run: matched without nested repeats, which
# backtrack for ever on a long name
_RUN = rf"[^\W\d_ᵀ{SUPERSCRIPTS}](?:(?![{SUPERSCRIPTS}])\w)*"
_NAMES_AND_TRANSPOSES = rf"(?<![\w.]){_RUN}"
# a factor after a transposed run: a name that no call, method or index continues, or a bracket
_FACTOR_AFTER = re.compile(rf"\s*(?:({_RUN})(?![\w(.\[])|\()")
_OPERAND = re.compile(rf"{_NUMBER}|[^\W\d{SUPERSCRIPTS}](?:(?![{SUPERSCRIPTS}])\w)*")


def read_maths(text: str, functions: dict[str, str]) -> Typed:
    """text as Python reads it. functions: the names an expression calls (sin^2(x) is left alone,
    for the advice to write sin(x)**2)."""
    lines, columns = [], {}
    for number, line in enumerate(text.split("\n"), start=1):
        where = list(range(len(line) + 1))
        # (products first: in 2xe^x the power's base is the name xe, not an "e" after 2x)
        for edits in (_product_edits, _caret_edits, lambda t, f: superscript_edits(t) + _transpose_edits(t)):
            line, where = rewrite(line, where, edits(line, functions))
        lines.append(line)
        columns[number] = where
    return Typed(text, "\n".join(lines), columns)


def caret_ambiguity(line: str, functions: dict[str, str]) -> tuple[int, str] | None:
    """e^2x, x^2y: a power whose exponent is a number and a name side by side, which maths reads
    both ways; the index of the "^" and what to write. None: none."""
    tops: dict[int, int | None] = {}
    for caret in (m.start() for m in re.finditer(r"\^", line)):
        start = _skip(line, caret + 1, " +-")
        number = re.match(_NUMBER, line[start:])
        rest = line[start + number.end() :] if number else ""
        base = _base(line, caret)
        end = _operand_end(line, start, tops)
        # xe^x, 2te^t (not time^x): sought in the last three characters before the caret (a search of
        # all before it, at each caret, was the most of a long tower's time)
        x_e = end and re.search(r"(?<![^\W\d_])[^\W\d_]e$", line[:caret].rstrip()[-3:])
        if (
            x_e and re.search(r"[^\W\d]", line[start:end]) and line[start:end] not in functions
        ):  # (products first read the name xe: x times e^x?)
            exponent, x = line[caret + 1 : end].strip(), x_e.group(0)[0]
            return caret, f'"{x}e^{exponent}": write {x}*e^{exponent} for {x} times e^{exponent}'
        if number and rest[:1] and (rest[0] == "(" or _OPERAND.match(rest) and not rest[0].isdigit()):
            end = _operand_end(line, start + number.end(), tops) or len(line)
            if base in functions:
                continue  # (sin^2x: the advice for a power of a function)
            exponent, power = line[caret + 1 : end].strip(), line[caret + 1 : start + number.end()].strip()
            product = f"{base}^{power}*{line[start + number.end() : end]}"
            if base == "e":
                return caret, f'"e^{exponent}": write e^({exponent}) for e to the power {exponent}, or {product}'
            return caret, f'"{base}^{exponent}": write {product} for a product'
    return None


def writes_e_power(line: str) -> bool:
    """Whether line writes a power of e (e^x, e^{-x}), which it reads as exp."""
    return any(_base(line, m.start()) == "e" for m in re.finditer(r"\^", line))


def transpose_advice(line: str, functions: dict[str, str]) -> tuple[int, str] | None:
    """xᵀAx, eᵀe, xᵀA x, Aᵀ x, (a+b)ᵀc, xᵀ(Ax) as the seeds write a product with a transpose: the
    index of the run and what to write (x.T @ A @ x, (a+b).T @ c, x.T @ (A @ x)). None: none (xᵀ alone
    is read as x.T)."""
    for m in re.finditer(rf"{_NAMES_AND_TRANSPOSES}|\)ᵀ(?=\s*[^\W\d_ᵀ{SUPERSCRIPTS}]|\s*\()", line):
        start, end = m.start(), m.end()
        if m.group(0) == ")ᵀ":  # ((a+b)ᵀc: the bracket, transposed, then the names after it)
            start = opening(line, m.start())
            if start is None:
                continue
            parts = [line[start : m.start() + 1] + ".T"]
        elif "ᵀ" not in m.group(0):
            continue
        elif not (parts := _product_parts(m.group(0), functions)):
            return None  # (sinᵀx: no product of names to write)
        # (xᵀA x, Aᵀ x: the names after a space are factors too, and so is a bracket, xᵀ(Ax), as the
        # seeds write a quadratic form; a run ends where no letter or bracket follows)
        while more := _FACTOR_AFTER.match(line, end):
            bracket = closing(line, more.end() - 1) if more.group(0).endswith("(") else None
            if bracket and not line[more.end() : bracket - 1].strip():  # (xᵀ(): no factor inside)
                fix = quoted(" @ ".join(part.replace("ᵀ", ".T") for part in parts))
                return start, f'"{quoted(line[start:bracket])}": the brackets hold nothing to multiply: write {fix}'
            if bracket:  # (with the ᵀ after it: xᵀ(y+z)ᵀ)
                end = _skip(line, bracket, "ᵀ")
                inner = line[more.end() : bracket - 1]  # (Ax: a product of one-letter names, A @ x)
                named = _product_parts(inner, functions) if re.fullmatch(r"(?:[^\W\d_ᵀ]ᵀ?)+", inner) else []
                inside = " @ ".join(named) if len(named) > 1 else inner
                parts.append(f"({inside}){line[bracket:end]}")
                continue
            spaced = _product_parts(more.group(1), functions) if more.group(1) else []
            if not spaced:
                break
            parts, end = parts + spaced, more.end()
        if len(parts) < 2:
            continue  # (xᵀ alone: read as x.T)
        fix = quoted(" @ ".join(part.replace("ᵀ", ".T") for part in parts))
        return (
            start,
            f'"{quoted(line[start:end])}": write {fix} (ᵀ is the transpose, written .T; a product is written @ or *)',
        )
    return None


def _product_parts(run: str, functions: dict[str, str]) -> list[str]:
    """The factors of a run of names and transpose signs (xᵀAx: x, A, x; thetaᵀx: theta, x), [] when
    a factor is a function (sinᵀx)."""
    names = re.findall(r"[^ᵀ]+ᵀ?", run)
    if any(name.rstrip("ᵀ") in functions for name in names):
        return []
    short = all(len(name.rstrip("ᵀ")) <= 2 for name in names)
    return re.findall(r"[^\W\d_ᵀ]ᵀ?", run) if short and re.fullmatch(r"(?:[^\W\d_ᵀ]ᵀ?)+", run) else names


def _transpose_edits(line: str) -> list[tuple[int, int, str]]:
    """xᵀ, (a+b)ᵀ -> x.T: the transpose, where no operand follows (xᵀAx: advice); Python would read
    xᵀ as the name xT."""
    return [(m.start(), m.end(), ".T") for m in re.finditer(r"(?<=[\w)\]])ᵀ(?![\w(])", line)]


def _caret_edits(line: str, functions: dict[str, str]) -> list[tuple[int, int, str]]:
    """x^2 -> x**2, x^{2} -> x**(2), e^x -> exp(x), e^{-x} -> exp(-x); sin^2(x) is left alone."""
    edits, tops = [], {}
    for caret in (m.start() for m in re.finditer(r"\^", line)):
        base = _base(line, caret)
        if not base or base in functions:
            continue
        start = _skip(line, caret + 1, " ")
        end = _operand_end(line, start, tops)
        if end is None:
            continue
        group_end = closing(line, start) if line[start] in "({" else None  # e^(x), e^{x}, but not e^(x)^2
        if line[start] == "{" and group_end:
            edits += [(start, start + 1, "("), (group_end - 1, group_end, ")")]
        e_at = len(line[:caret].rstrip()) - 1
        if base == "e" and group_end == end:
            edits.append((e_at, start, "exp"))
        elif base == "e":
            edits += [(e_at, caret + 1, "exp("), (end, end, ")")]
        else:
            edits.append((caret, caret + 1, "**"))
    return _without_overlaps(edits)


def _product_edits(line: str, functions: dict[str, str]) -> list[tuple[int, int, str]]:
    """2x -> 2*x, 2(x+1) -> 2*(x+1), x²y -> x²*y: a number or a power directly before an operand."""
    found = [*_NUMBER_THEN_OPERAND.finditer(line), *_POWER_THEN_OPERAND.finditer(line)]
    return [(m.end(), m.end(), "*") for m in found]


def _base(line: str, caret: int) -> str:
    """The operand just before the "^" at caret: a name ("e", "sin", "x"), else anything ("(x+1)", "2")."""
    before = line[:caret].rstrip()
    start = len(before)
    while start > 0 and (before[start - 1].isalnum() or before[start - 1] == "_"):  # (a scan: no search per caret)
        start -= 1
    if re.fullmatch(r"[^\W\d]\w*", before[start:]) and not before[start - 1 : start] == ".":
        return before[start:]
    start = opening(before, len(before) - 1) if before.endswith(")") else None  # (x+1)^2: the bracket
    return before[start:] if start is not None else before[-1:]


def _skip(line: str, at: int, chars: str) -> int:
    while at < len(line) and line[at] in chars:
        at += 1
    return at


def _operand_end(line: str, start: int, known: dict[int, int | None]) -> int | None:
    """The index after the operand that begins at start: -x, 2, x², sin(x), (x+1), {-x}, and a
    tower x^2^3, (x)^2 or x²^3 up to its top, as maths groups powers; None: none. known: the ends
    found so far in this line (each caret of a tower of 2000 ^ asks for the same top, walked to
    once, not once per caret: seconds)."""
    if start in known:
        return known[start]
    starts, end = [start], _one_operand_end(line, start)
    while end is not None:
        while end < len(line) and line[end] in SUPERSCRIPTS:  # e^x², e^(x)²: e to the x²
            end += 1
        after = _skip(line, end, " ")
        if after == len(line) or line[after] != "^":
            break
        starts.append(_skip(line, after + 1, " "))  # (a loop: a tower of 1000 ^ is no recursion)
        end = _one_operand_end(line, starts[-1])
    known.update(dict.fromkeys(starts, end))  # (each exponent of the tower ends where the tower does)
    return end


def _one_operand_end(line: str, start: int) -> int | None:
    """The index after the one operand that begins at start: -x, 2, x, sin(x), (x+1), {-x}; None: none."""
    at = _skip(line, start, "+-")
    if at < len(line) and line[at] in PAIRS:
        return closing(line, at)
    m = _OPERAND.match(line, at)
    if not m:
        return None
    end = m.end()
    if line[end : end + 1] == "(" and not m.group(0)[0].isdigit():  # a call: e^sin(x)
        return closing(line, end)
    return end


def _without_overlaps(edits: list[tuple[int, int, str]]) -> list[tuple[int, int, str]]:
    """The edits in order, each that overlaps an earlier one left out (e^x^2: the second caret's)."""
    kept: list[tuple[int, int, str]] = []
    for edit in sorted(edits):
        if not kept or edit[0] >= kept[-1][1] or (edit[0] == edit[1] == kept[-1][1]):
            kept.append(edit)
    return kept
