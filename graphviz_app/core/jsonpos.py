"""JSON decoding that remembers on which line every object and every object member starts.

The standard library's pure-Python scanner is reused with our own object
parser plugged in (the C scanner cannot be extended), so strings, numbers and
error messages are exactly json's. Used by the file format to say
`line 12: node "n4" has unknown op "matmull"`.

That scanner is slow (3 MB/s), so `loads_fast` reads with json's C scanner into
PosDicts that know no lines (`line` None): a loader reads fast first and, only
when it finds a problem, reads again with lines to name the line.
A ValueParseError from a number hook gets the line of the member it is in.
"""

from __future__ import annotations

import bisect
import json
import json.decoder
import json.scanner
import re
from collections.abc import Callable, Sequence
from typing import Any

from .errors import ValueParseError

_WS = json.decoder.WHITESPACE.match


class PosDict(dict):
    """A decoded JSON object with line numbers: `line` of its `{`, `key_lines[key]` of each value."""

    line: int | None = 1
    key_lines: dict[str, int | None]
    duplicates: Sequence[tuple[str, int | None]]  # keys given twice, with the line of the second


class _NoLines(dict):
    """key_lines of an object read without lines: every key's line is None."""

    def __getitem__(self, key):
        return None

    def get(self, key, default=None):
        return None


_NO_LINES = _NoLines()


class _Unlined(PosDict):
    """An object read at C speed: no lines, no key given twice. Class attributes, not the object's
    own: a 10,000-node file has 30,000 objects, and an attribute dict each took half of the read."""

    line = None
    key_lines = _NO_LINES
    duplicates = ()


def loads_fast(
    text: str, parse_int: Callable[[str], Any] | None = None, parse_float: Callable[[str], Any] | None = None
) -> Any:
    """Like loads_with_lines (duplicates noted too) but at C speed, without line numbers."""

    def make(pairs):
        obj = _Unlined(pairs)  # (a key given twice: its last value, as json gives)
        if len(obj) != len(pairs):
            obj.duplicates = _repeats(pairs)
        return obj

    return json.loads(text, object_pairs_hook=make, parse_int=parse_int, parse_float=parse_float)


def _repeats(pairs: list) -> list[tuple[str, None]]:
    """Each key given again after its first time, in order (lines unknown)."""
    seen: set = set()
    repeats = []
    for key, _ in pairs:
        if key in seen:
            repeats.append((key, None))
        seen.add(key)
    return repeats


def loads_with_lines(
    text: str, parse_int: Callable[[str], Any] | None = None, parse_float: Callable[[str], Any] | None = None
) -> Any:
    """Like json.loads, but every object is a PosDict. Raises json.JSONDecodeError, and whatever
    the number hooks raise (a ValueParseError is given the line of its object member)."""
    newlines = [m.start() for m in re.finditer("\n", text)]

    def line_of(pos: int) -> int:
        return bisect.bisect_left(newlines, pos) + 1

    decoder = json.JSONDecoder(parse_int=parse_int, parse_float=parse_float)

    def parse_object(s_and_end, strict, scan_once, object_hook, object_pairs_hook, memo=None):
        s, end = s_and_end
        obj = PosDict()
        obj.line = line_of(end - 1)
        obj.key_lines = {}
        obj.duplicates = []
        end = _WS(s, end).end()
        if s[end : end + 1] == "}":
            return obj, end + 1
        while True:
            if s[end : end + 1] != '"':
                raise json.JSONDecodeError("Expecting property name enclosed in double quotes", s, end)
            key, end = json.decoder.scanstring(s, end + 1, strict)
            end = _WS(s, end).end()
            if s[end : end + 1] != ":":
                raise json.JSONDecodeError("Expecting ':' delimiter", s, end)
            end = _WS(s, end + 1).end()
            try:
                value, value_end = scan_once(s, end)
            except StopIteration as err:
                raise json.JSONDecodeError("Expecting value", s, err.value) from None
            except ValueParseError as err:
                if err.line is None:  # (the innermost member names it)
                    err.line = line_of(end)
                raise
            if key in obj:
                obj.duplicates.append((key, line_of(end)))
            obj[key] = value
            obj.key_lines[key] = line_of(end)
            end = _WS(s, value_end).end()
            nxt = s[end : end + 1]
            end += 1
            if nxt == "}":
                return obj, end
            if nxt != ",":
                raise json.JSONDecodeError("Expecting ',' delimiter", s, end - 1)
            end = _WS(s, end).end()
            if s[end : end + 1] == "}":
                raise json.JSONDecodeError("Illegal trailing comma before end of object", s, end - 1)

    decoder.parse_object = parse_object
    decoder.scan_once = json.scanner.py_make_scanner(decoder)
    return decoder.decode(text)


_BRACKET_OR_TEXT = re.compile(r'"(?:[^"\\]|\\.)*"|[\[\]{}]')


def deepest_line(text: str) -> int | None:
    """The line where text's brackets first nest deepest, quoted text aside: where a file that json
    found "nested too deeply" goes too deep (None: no bracket)."""
    depth = deepest = 0
    at = None
    for match in _BRACKET_OR_TEXT.finditer(text):
        c = match.group()
        if c in "[{":
            depth += 1
            if depth > deepest:
                deepest, at = depth, match.start()
        elif c in "]}":
            depth -= 1
    return None if at is None else text.count("\n", 0, at) + 1
