"""Typing mistakes said in plain words: Python's and JSON's own messages ("invalid decimal literal",
"Perhaps you forgot a comma?", "Expecting ',' delimiter") speak to programmers; a student who typed
2x, W a, sin x, x^2, e^x, f(x) = x**2 or [[1, 2], [3, 4] is told what to write instead, with their
own operands. Callers keep the column.
"""

from __future__ import annotations

import io
import json
import re
import tokenize
import unicodedata
from collections.abc import Mapping

from .brackets import PAIRS, closing, opening
from .superscript_powers import NUMBER, SUPERSCRIPTS

NEAR_CHARS = 40  # the characters a message quotes of each end of a long run (as a misencoded file's refusal does)
_SUBSCRIPTS = str.maketrans("₀₁₂₃₄₅₆₇₈₉", "0123456789")
_NUMBER_THEN_NAME = re.compile(rf"({NUMBER})([^\W\d]\w*)")
# a power as typed (x², (a+b)⁻¹; core/superscript_powers.py reads them): part of the operand before it
_NAME = f"[^\\W\\d{SUPERSCRIPTS}](?:(?![{SUPERSCRIPTS}])\\w)*"  # (x²y: the name x, then a power)
_POWER_AT_END = re.compile(f"[{SUPERSCRIPTS}]+$")
_POWER_THEN_NAME = re.compile(f"([{SUPERSCRIPTS}]+)([^\\W\\d{SUPERSCRIPTS}]\\w*)")


# ------------------------------------------------------------------ expressions
def expression_typo(
    line: str, column: int, message: str, functions: Mapping[str, str] | None = None
) -> tuple[int, str]:
    """Python's SyntaxError message for an expression's line, at column (1-based), in plain words,
    and the column to name (where "3.5y" begins; else Python's). functions: the names an
    expression calls, each with the op it means (sin x: write sin(x); ln x: write ln(x), ln being an alias of log)."""
    functions = functions or {}
    return _equation(line) or _typo(line, column, message, functions) or (column, _words(message))


def caret_advice(line: str, caret: int, functions: Mapping[str, str] | None = None) -> str:
    """What to write for the maths power whose "^" is at index caret of line, with the user's own
    operands: x^2 -> "write x**2", (a+b)^n -> "write (a+b)**n", e^(2*x) -> "write exp(2*x)",
    sin^2(x) -> "write sin(x)**2"."""
    functions = functions or {}
    base, exponent = _operand_before(line, caret), _operand_after(line, caret + 1)
    if not base or not exponent:
        return "write ** for a power, as in x**2"
    if base == "e":
        inner = exponent[1:-1] if exponent.startswith("(") and _closes_at_end(exponent) else exponent
        return f"write exp({inner}) for e to the power {inner}"
    squared = re.fullmatch(r"(\d+)\s*(\(.*\))", exponent)
    if base in functions:  # (sin^2(x): the square of sin(x); sum^2: of sum(x))
        inner, power = (squared.group(2), squared.group(1)) if squared else ("(x)", exponent)
        return f"write {functions[base]}{inner}**{power} for a power of {base}"
    return f"write {base}**{exponent} for a power"


def _equation(line: str) -> tuple[int, str] | None:
    """f(x) = x**2, y = ...: an equation, of which only the right-hand side is an expression. Only an
    "=" outside all brackets: pow(x, p=3) names a parameter."""
    depth = 0
    for m in re.finditer(r"[(\[{]|[)\]}]|(?<![=<>!:])=(?!=)", line):
        if m.group(0) != "=":
            depth += 1 if m.group(0) in "([{" else -1
        elif depth == 0:
            right = line[m.end() :].strip()
            if not right:
                return m.start() + 1, 'an equation: write only the expression on the right of the "="'
            return m.start() + 1, f"an equation: write only the right-hand side, {right}"
    return None


def _operand_before(line: str, end: int) -> str:
    """The operand that ends just before index end, as typed: x, 2.5, x.T, (a+b), sin(x), (a+b)²."""
    i = end
    while i > 0 and line[i - 1] == " ":
        i -= 1
    power = _POWER_AT_END.search(line[:i])
    if power:
        return _operand_before(line, power.start()) + power.group(0)
    if i > 0 and line[i - 1] in ")]":
        return _group_before(line, i - 1)
    m = re.search(r"[\w.]+$", line[:i])
    return m.group(0) if m else ""


def _operand_after(line: str, start: int) -> str:
    """The operand that begins at or after index start, as typed: 2, -1, x, (2*x), exp(x), [1, 2]."""
    rest = line[start:].lstrip(" ")
    sign = "-" if rest.startswith("-") else ""
    rest = rest[len(sign) :].lstrip(" ")
    m = re.match(r"[\w.]+", rest)
    word = m.group(0) if m else ""
    after = rest[len(word) :]
    if after[:1] in ("(", "[") and (word or not m):
        word += _group_after(after)
    return sign + word if word else ""


def _group_after(text: str) -> str:
    """The bracketed group text begins with: (x + 1) in (x + 1) * 2; all of text if it never closes."""
    end = closing(text, 0) if text[:1] in PAIRS else None
    return text[:end] if end else text


def _closes_at_end(group: str) -> bool:
    return _group_after(group) == group


def _typo(line: str, column: int, message: str, functions: Mapping[str, str]) -> tuple[int, str] | None:
    if message == "invalid decimal literal":
        for m in _NUMBER_THEN_NAME.finditer(line):
            if m.start() < column <= m.end() + 1:
                typed = _juxtaposed(line, m.start(), m.group(1))
                if spelled_product(typed) == typed or set(re.findall(r"[^\W\d]\w*", typed)) & set(functions):
                    return None  # (1_0x: no product to spell out; 3.5sin: not a product of names)
                return m.start() + 1, f'"{typed}": write {spelled_product(typed)} for a product'
        for m in _POWER_THEN_NAME.finditer(line):  # x²y: Python reads x**2y
            if m.start() < column <= m.end() + 1:
                power = _operand_before(line, m.end(1))
                typed = power + _juxtaposed(line, m.end(1), "")
                return m.end(1) - len(power) + 1, f'"{typed}": write {spelled_product(typed)} for a product'
        return None
    if message.startswith("invalid character '√'"):  # (the palette's symbol of sqrt)
        root = _operand_after(line, column)
        inner = root[1:-1] if root.startswith("(") and _closes_at_end(root) else root
        return column, f'"√{root}": write sqrt({inner or "x"}) for a square root'
    if message.startswith("invalid syntax"):
        bars = bars_advice(line, column)
        if bars:  # |x|: the absolute value
            return bars
        pair = _side_by_side(line, column)
        if pair:
            a, b, typed = pair
            if b in functions:  # sin(x)cos(x): b is a call; 3.5 exp: a call without its input
                b = _operand_after(line, max(line.find(b, max(column - 2, 0)), 0)) or b
                if b in functions and re.fullmatch(r"[\w.]+|\(.+\)", a) and a not in functions:  # (3.5 exp y: exp(y))
                    word = re.match(r"\s*(\w[\w.]*)", line[line.find(b, max(column - 2, 0)) + len(b) :])
                    inner = word.group(1) if word else "x"
                    return (
                        column,
                        f'"{typed}": write {a}*{functions[b]}({inner}) for a product ({b} takes its input in brackets)',
                    )
            number, name = re.fullmatch(rf"({NUMBER}?)(.*)", a).groups()
            if number and name in functions:  # 2sin x: 2*sin(x)
                return (
                    column,
                    f'"{typed}": write {number}*{functions[name]}({b}) (a function takes its input in brackets)',
                )
            if a in functions:  # (σ x: σ(x), as typed, since every alias is accepted)
                named = "" if functions[a] == a else f"; {a} is {functions[a]}"
                return column, f'"{a} {b}": write {a}({b}) (a function takes its input in brackets{named})'
            call = re.match(r"[^\W\d]\w*\(", a)
            if a.endswith(")") and a != "()" and not call:  # ((0.5)x, 2(A)x: a bracket, not a name)
                return column, f'"{typed}": {bracket_product(a, b)}'
            if a[0].isdigit() or b[0].isdigit():
                return column, f'"{a} {b}": write {a}*{b} for a product'
            if call or b.endswith(")"):  # (a call's result times the next operand: tanh(X @ W1) W2 a matrix's)
                if _looks_matrix(f"{a} {b}"):
                    return column, f"{a} and {b} side by side: write {a} @ {b} or {a} * {b}"
                return column, f"{a} and {b} side by side: write {a}*{b} for a product"
            return column, f"two names side by side ({a} {b}): write {a} @ {b} or {a} * {b}"
    return None


def _looks_matrix(text: str) -> bool:
    """Whether typed operands look like matrices: a ᵀ or .T, an @, a capital name (as maths names matrices)."""
    return re.search(r"ᵀ|\.T\b|@|(?<![\w.])[A-Z]", text) is not None


def bracket_product(a: str, b: str) -> str:
    """What to write for a bracket and an operand side by side, (x+1)y or (A+Aᵀ)x: a matrix product
    first when they look like matrices and vectors (a ᵀ, an @, a capital name, as maths names
    matrices: * would silently multiply them element-wise), else *."""
    if _looks_matrix(f"{a} {b}"):
        return f"write {a.replace('ᵀ', '.T')} @ {b.replace('ᵀ', '.T')} (or * for element-wise)"
    return f"write {a}*{b} for a product"


def spelled_product(typed: str) -> str:
    """Numbers, names and powers side by side (3x²y, 2.5x) with a * between each two: 3*x²*y."""
    parts = re.findall(rf"\d+(?:\.\d*)?|\.\d+|{_NAME}|[{SUPERSCRIPTS}]+|.", typed)
    out, ends_operand = "", False
    for part in parts:
        starts_operand = part[0].isalnum() and part[0] not in SUPERSCRIPTS or part[0] in "(."
        if ends_operand and starts_operand:
            out = out.rstrip(".") + "*"  # (3.x: 3*x)
        out += part
        ends_operand = part[0].isalnum() or part[0] in ".)]"
    return out


def _juxtaposed(line: str, start: int, number: str) -> str:
    """The run of numbers, names and powers side by side from index start of line: 3x²y in 3x²y + 1."""
    m = re.compile(rf"(?:{_NAME}|[{SUPERSCRIPTS}]+)+").match(line, start + len(number))
    return line[start : m.end() if m else start + len(number)]


def norm_advice(line: str, functions: Mapping[str, str] | None = None) -> tuple[int, str] | None:
    """‖v‖², ||v||^2 as maths writes the (squared) norm: the index of the bars and what to write
    (sqnorm(v), the palette's ‖x‖²); None: none. Python reads neither ‖ nor ||."""
    squared = r"\s*(?:\^\s*2|²|\*\*\s*2)"
    frobenius = r"(?:_\{?F\}?)"  # (‖X‖²_F, ‖X‖_F^2: the Frobenius norm is the norm of all entries)
    for m in re.finditer(
        rf"(‖|\|\|)([^|‖]+)\1(?:(?:{frobenius}?({squared}){frobenius}?|{frobenius})(?![\w.(]))?", line
    ):
        inner = m.group(2).strip()
        if (
            not re.fullmatch(rf"(?:[^\W{SUPERSCRIPTS}]|[(\[-]).*[\w)\]]|\w", inner)
            or closing(f"({inner})", 0) != len(inner) + 2
        ):
            return None  # (||+||: no operand inside, no advice to give)
        inner = re.sub(r"(?<!\w)([α-ωΑ-Ω])([α-ωΑ-Ω])(?!\w)", r"\1 @ \2", inner)  # (‖y − Φθ‖²: Φ @ θ)
        spaced = r"((?<![\w.])\w+|[)\]])\s+([^\W\d]\w*|\()"  # (‖y - Phi theta‖²: Phi @ theta; ‖2 x‖: 2*x)
        while (product := re.sub(spaced, lambda m: _spaced_product(m, functions or {}), inner)) != inner:
            inner = product  # (W a b: a second pass for a b)
        # (‖x‖_Fx: what is glued on after the bars is no part of the norm: said, not dropped)
        glued = re.match(r"[\w.²³]*(?:\([^()]*\))?", line[m.end() :]).group(0)  # type: ignore[union-attr]
        after = f' (then "{quoted(glued)}" after it: a product is written * or @)' if glued else ""
        if m.group(3):
            return m.start(), (
                f'"{quoted(m.group(0).strip())}": write sqnorm({quoted(inner)}) for the squared norm{after}'
            )
        return m.start(), f'"{quoted(m.group(0))}": write sqrt(sqnorm({quoted(inner)})) for the norm{after}'
    return None


def quoted(text: str) -> str:
    """text as a message quotes it: a long run (a norm of 2400 names) cut to its two ends with "…",
    never echoed whole."""
    if len(text) <= 2 * NEAR_CHARS + 1:
        return text
    return f"{text[:NEAR_CHARS]}…{text[-NEAR_CHARS:]}"


def _spaced_product(m: re.Match, functions: Mapping[str, str]) -> str:
    """Two operands a space apart inside a norm as Python writes them: W a -> W @ a, 2 x -> 2*x,
    sin x -> sin(x)."""
    a, b = m.group(1), m.group(2)
    if a in functions and b != "(":
        return f"{functions[a]}({b})"
    if a in functions or b in functions:
        return m.group(0)  # (sin (x), W sin: no product to write)
    return f"{a}*{b}" if a[0].isdigit() else f"{a} @ {b}"


def bars_advice(line: str, column: int) -> tuple[int, str] | None:
    """|x| as maths writes the absolute value, at or after column, else anywhere in line (2|x|: Python
    reports the end). None for nested bars or an inside that is not a whole operand (|x + |y||)."""
    found = [m for m in re.finditer(r"\|([^|]*)\|", line)]
    for m in sorted(found, key=lambda m: m.start() < column - 1):
        inner = m.group(1).strip()
        if not inner or inner[-1] in "+-*/@^(," or inner[0] in "*/@^)," or line.count("|") != 2 * len(found):
            return None
        return m.start() + 1, f'"{m.group(0)}": write abs({inner}) for an absolute value'
    return None


def _words(message: str) -> str:
    if re.fullmatch(r"invalid (digit '.' in )?\w+ literal", message):  # (decimal, binary, octal, hexadecimal)
        return "a number is written wrongly"
    mismatch = re.match(r"closing parenthesis '(.)' does not match opening parenthesis '(.)'", message)
    if mismatch:
        return f'"{mismatch.group(1)}" cannot close the "{mismatch.group(2)}" opened before it'
    if message == "cannot use starred expression here":
        return '"*" cannot stand before an operand here (*unpacking is not allowed)'
    if message.startswith("invalid syntax"):
        return "the expression cannot be read from here on"
    if message.startswith("unexpected character after line continuation"):
        return 'the character "\\" cannot be typed in an expression'
    if message == "unexpected indent":
        return "a line cannot begin with spaces here: put the whole expression in brackets to write it on several lines"
    if message.startswith(("unterminated string literal", "unterminated triple-quoted")):
        return "a quote is not closed (names are written without quotes)"
    if message.startswith("invalid character"):
        m = re.search(r"'(.)'", message)
        char = m.group(1) if m else "?"
        if ord(char) in _SUBSCRIPTS:
            return f'"{char}" cannot be typed in a name: names use plain digits ({char.translate(_SUBSCRIPTS)})'
        return f'the character "{char}" cannot be typed in an expression'
    if message.startswith("unmatched "):
        return f"{message.removeprefix('unmatched ')} closes nothing: there is no opening bracket before it"
    return message


def _side_by_side(line: str, column: int) -> tuple[str, str, str] | None:
    """Two operands with no operator between them (W a, 2 x, (x) y, x² y) at or after column, and
    the text they make as typed."""
    tokens = []
    shadow = line.translate({ord(c): "_" for c in SUPERSCRIPTS})  # (x² y: the power is read with its operand)
    try:
        for t in tokenize.generate_tokens(io.StringIO(shadow).readline):
            tokens.append(t)
    except (tokenize.TokenError, SyntaxError):
        pass  # (an unclosed bracket later in the line: the tokens before it are kept)
    operand = (tokenize.NAME, tokenize.NUMBER)
    for a, b in zip(tokens, tokens[1:]):
        ends_operand = a.type in operand or a.string in (")", "]")
        if not (ends_operand and b.type in operand) or line[b.start[1]] in SUPERSCRIPTS:
            continue  # ((x)²: the power of the operand before it)
        if a.type == tokenize.NUMBER and a.end == b.start:
            continue  # (2y: a product as written, read so)
        if b.start[1] + 1 >= column - 1 and a.start[1] + 1 <= column + 1:
            first = _operand_before(line, a.end[1])
            return first, line[b.start[1] : b.end[1]], line[a.end[1] - len(first) : b.end[1]]
    return None


def _group_before(line: str, close: int) -> str:
    """The bracketed group that ends at index close: (x + 1) in (x + 1) y."""
    start = opening(line, close, "([)]")
    if start is None:
        return line[: close + 1]
    while start > 0 and (line[start - 1].isalnum() or line[start - 1] == "_"):  # sin(x) y
        start -= 1
    return line[start : close + 1]


# ------------------------------------------------------------------ JSON
def json_typo(exc: json.JSONDecodeError, entry: str = "number") -> str:
    """What a JSONDecodeError means, in plain words (the caller gives its line and column); entry
    is what a list holds: a value's numbers, a file's values."""
    text, pos, msg = exc.doc, exc.pos, exc.msg
    rest = text[pos:].strip()
    here = text[pos] if pos < len(text) else ""
    before = text[:pos].rstrip()[-1:]
    missing = _unclosed(text[:pos])
    if msg == "Expecting ',' delimiter":
        if not rest and missing:
            return _missing_at_end(missing)
        if here.isdigit() or here in '-[{"':
            return "a comma is missing before this"
        return f"{_quoted(here)} cannot stand here: entries are parted by commas"
    if msg == "Expecting value":
        if not rest:
            return _missing_at_end(missing) if missing and before != "," else f"the text ends where a {entry} should be"
        if here == "," or (here in "]}" and before == ","):
            return (
                f"a {entry} is missing between two commas"
                if here == ","
                else f'the comma before "{here}" has nothing after it'
            )
        if here.isalpha():
            word = re.match(r"\w+", text[pos:]).group(0)
            return f'"{word}" is not a {entry}'
        return f"{_quoted(here)} is not a {entry}"
    if msg == "Extra data":
        return f'one "{here}" too many' if here in "]}" else "more text follows the end of the value"
    if msg.startswith("Unterminated string"):
        return "a text in quotes opens here and is never closed"
    if msg.startswith("Expecting property name"):
        return (
            "a name in double quotes is expected here"
            if here != "}" or before != ","
            else 'the comma before "}" has nothing after it'
        )
    if msg == "Expecting ':' delimiter":
        return 'a ":" is missing after the name'
    if msg.startswith("Invalid control character"):
        return "a line break or tab inside quotes (write it as \\n or \\t)"
    if msg.startswith("Invalid \\"):
        return "a backslash inside quotes must be doubled (\\\\)"
    if msg.startswith("Illegal trailing comma"):
        return "a comma before the closing bracket has nothing after it"
    return msg


def _quoted(c: str) -> str:
    """A character as a message shows it: "x" in quotes; one a terminal would not show as itself
    (a control character, written raw it could act on the terminal) by its code, a NUL byte, \\x00,"""
    if c.isprintable():
        return f'"{c}"'
    code = f"\\x{ord(c):02x}" if ord(c) < 0x100 else f"\\u{ord(c):04x}"
    what = (
        "a NUL byte"
        if c == "\0"
        else "a control character"
        if unicodedata.category(c) == "Cc"
        else "an invisible character"
    )
    return f"{what}, {code},"


def _unclosed(text: str) -> str:
    """The closing brackets text still needs, innermost first ("]]}"), ignoring quoted text."""
    stack: list[str] = []
    quoted = escaped = False
    for c in text:
        if quoted:
            escaped, quoted = (not escaped and c == "\\"), quoted and (escaped or c != '"')
            continue
        if c == '"':
            quoted = True
        elif c in "[{":
            stack.append("]" if c == "[" else "}")
        elif c in "]}" and stack:
            stack.pop()
    return "".join(reversed(stack))


def _missing_at_end(missing: str) -> str:
    return f'a "{missing}" is missing at the end' if len(missing) == 1 else f'"{missing}" are missing at the end'
