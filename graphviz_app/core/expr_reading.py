"""Reading an expression's text before it becomes a graph: its length, maths' notation rewritten as
Python (core.maths_notation), the advice on what maths writes two ways, the keywords and stray
transpose signs refused, and Python's own syntax errors said in plain words, each at the line and
column the user typed."""

from __future__ import annotations

import ast
import io
import keyword
import tokenize

from .errors import ExpressionError
from .maths_notation import caret_ambiguity, read_maths, transpose_advice
from .ops import all_ops
from .superscript_powers import Typed, function_power_advice
from .syntax_words import bars_advice, expression_typo, norm_advice

MAX_LENGTH = 5000
# maths' signs of a product and a quotient (the cards write × and ÷), read as Python's: one character
# for one, so every column stays where it was typed
_MATHS_SIGNS = str.maketrans("·⋅×÷−", "***/-")  # (− as the formulas and the Chain rule dock write it)


def read_typed(text: str, functions: dict[str, str]) -> Typed:
    """The text as typed and as Python reads it (x² is x**2), once it is text of a sane length
    (functions: function_names(), built once per reading)."""
    if not isinstance(text, str):
        raise ExpressionError(f"an expression must be text, got {type(text).__name__}")
    if not text.strip():
        raise ExpressionError("the expression is empty")
    if len(text) > MAX_LENGTH:
        raise ExpressionError(f"the expression is too long ({len(text)} characters; at most {MAX_LENGTH})")
    text = text.replace("\r\n", "\n").replace("\r", "\n")  # (lines as Python's columns count them)
    text = text.strip()
    typed = read_maths(text.translate(_MATHS_SIGNS), functions)  # (one character for one: columns hold)
    return Typed(text, typed.python, typed.columns)


def code_lines(typed: Typed, tokens: list[tokenize.TokenInfo] | None = None) -> list[str]:
    """The typed lines, signs read as Python's (x − y: x - y), without the comments Python would skip
    (x  # see e^2x: no advice on the comment). tokens: _tokens(typed.python)'s, if already read."""
    lines = typed.text.translate(_MATHS_SIGNS).split("\n")
    for tok in _tokens(typed.python)[0] if tokens is None else tokens:  # (the comments before any trouble are cut)
        if tok.type == tokenize.COMMENT:
            number = tok.start[0]
            lines[number - 1] = lines[number - 1][: typed.column(number, tok.start[1] + 1) - 1]
    return lines


def _tokens(text: str) -> tuple[list[tokenize.TokenInfo], bool]:
    """Python's tokens of text, those before any trouble (an unbalanced bracket and the like), and
    whether there was trouble. Read once for the checks below (Python's tokenizer is slow to run)."""
    tokens: list[tokenize.TokenInfo] = []
    try:
        tokens.extend(tokenize.generate_tokens(io.StringIO(text).readline))
    except (tokenize.TokenError, SyntaxError):
        return tokens, True
    return tokens, False


def parse_python(typed: Typed, functions: dict[str, str]) -> ast.Expression:
    text = typed.python
    tokens, trouble = _tokens(text)
    _refuse_keywords(typed, tokens)
    for number, line in enumerate(code_lines(typed, tokens), start=1):
        advice = function_power_advice(line, functions)  # (sin²(x): Python would read sin**2(x))
        advice = advice or caret_ambiguity(line, functions)  # (e^2x: e^(2x) or e^2*x?)
        advice = advice or norm_advice(line, functions) or transpose_advice(line, functions)  # (‖v‖², xᵀAx)
        if advice:
            raise ExpressionError(f"{typed_position(number, advice[0] + 1, typed)}: {advice[1]}")
    _refuse_stray_transposes(typed, tokens, trouble)
    try:
        return ast.parse(text, mode="eval")
    except MemoryError:  # (CPython's parser on a long flat run, x x x … y: not a nesting)
        pair = _side_by_side_from(text, (1, 0))
        if pair is None:
            raise ExpressionError("the expression is too long to read") from None
        number, offset = pair
        line = typed.text.split("\n")[number - 1]
        column, words = expression_typo(line, typed.column(number, offset), "invalid syntax", functions)
        raise ExpressionError(f"{typed_position(number, column, typed)}: {words}") from None
    except SyntaxError as exc:
        if not exc.offset and exc.msg == "invalid syntax":  # Python's way of saying the text stopped early
            lines = text.splitlines()
            where = position(len(lines), len(lines[-1]) + 1, typed)
            bars = bars_advice(typed.text.split("\n")[-1], len(lines[-1]) + 1)  # (2|x|: Python stops at the end)
            if bars:
                where = typed_position(len(lines), bars[0], typed)
            raise ExpressionError(f"{where}: {bars[1] if bars else 'the expression ends too early'}") from None
        where = position(exc.lineno or 1, exc.offset or 1, typed)
        if "integer string conversion" in exc.msg:  # Python's own limit, with advice meant for programmers
            raise ExpressionError(f"{where}: the number is too large (numbers go up to about 1.8e308)") from None
        number, offset = _side_by_side_at(text, exc) or (exc.lineno or 1, exc.offset or 1)
        line = typed.text.split("\n")[number - 1]  # (the words name the operands as typed: x² y, not x**2 y)
        column, words = expression_typo(line, typed.column(number, offset), exc.msg, functions)
        raise ExpressionError(f"{typed_position(number, column, typed)}: {words}") from None


_OPERAND_TOKENS = (tokenize.NAME, tokenize.NUMBER)
_LAYOUT_TOKENS = (tokenize.NL, tokenize.NEWLINE, tokenize.COMMENT, tokenize.INDENT, tokenize.DEDENT)


def _side_by_side_at(text: str, exc: SyntaxError) -> tuple[int, int] | None:
    """Where two operands stand side by side (line, 1-based column of the first; of the second when
    a line break parts them) for Python's "forgot a comma?", which gives the start of the bracketed
    operand before them: "(x +⏎ 2 y)" at line 1, column 2, not line 2 at "2 y". The first such pair
    after that start (Python's end of the range is not reliable across lines)."""
    if "forgot a comma" not in exc.msg or not exc.lineno or not exc.offset:
        return None
    return _side_by_side_from(text, (exc.lineno, exc.offset - 1))


def _side_by_side_from(text: str, start: tuple[int, int]) -> tuple[int, int] | None:
    """The first two operands side by side at or after start (line, 0-based column): where, as for
    _side_by_side_at; None: none."""
    tokens = []
    try:
        for tok in tokenize.generate_tokens(io.StringIO(text).readline):
            if tok.type not in _LAYOUT_TOKENS:
                tokens.append(tok)
    except (tokenize.TokenError, SyntaxError):
        pass  # (the tokens before the trouble are kept)
    for a, b in zip(tokens, tokens[1:]):
        ends_operand = a.type in _OPERAND_TOKENS or a.string in (")", "]")
        if ends_operand and b.type in _OPERAND_TOKENS and a.start >= start:
            first = a if a.start[0] == b.start[0] else b
            return first.start[0], first.start[1] + 1
    return None


def function_names() -> dict[str, str]:
    """The names an expression may call, each with the op it means (ln: log)."""
    return {name: op.name for op in all_ops() for name in (op.name, *op.aliases)}


def _refuse_keywords(typed: Typed, tokens: list[tokenize.TokenInfo]) -> None:
    """`import`, `lambda`, `for`, ... are refused by name, before Python reads the text (those before
    any trouble: for unbalanced brackets and the like, ast.parse gives the better message)."""
    for tok in tokens:
        if tok.type == tokenize.NAME and keyword.iskeyword(tok.string):
            where = position(tok.start[0], tok.start[1] + 1, typed)
            raise ExpressionError(f'{where}: "{tok.string}" is not allowed')


def _refuse_stray_transposes(typed: Typed, tokens: list[tokenize.TokenInfo], trouble: bool) -> None:
    """A ᵀ the maths reading left in place (xᵀᵀ, sinᵀx, x ᵀ) is refused: Python would read it as a T
    inside a name (xᵀᵀ as the variable xT). Once the whole text is read: an unclosed bracket after it
    (xᵀ(Ax, typed so far) is the trouble, and ast.parse names that bracket."""
    if trouble:
        return  # (an unclosed bracket and the like: ast.parse gives the better message)
    stray = None
    for tok in tokens:
        if stray is None and tok.type == tokenize.NAME and "ᵀ" in tok.string:
            stray = position(tok.start[0], tok.start[1] + tok.string.index("ᵀ") + 1, typed)
    if stray:
        raise ExpressionError(
            f"{stray}: ᵀ follows an operand once: write x.T for the transpose of x, x.T @ y for a product"
        )


def position(line: int, column: int, typed: Typed) -> str:
    """Where a column of the text Python read lies in the text as typed."""
    return typed_position(line, typed.column(line, column), typed)


def typed_position(line: int, column: int, typed: Typed) -> str:
    """Where a column of the text as typed lies."""
    return f"line {line}, column {column}" if typed.multiline else f"column {column}"
