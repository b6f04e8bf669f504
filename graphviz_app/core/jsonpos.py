"""JSON decoding that remembers on which line every object and every object member starts.

The standard library's pure-Python scanner is reused with our own object
parser plugged in (the C scanner cannot be extended), so strings, numbers and
error messages are exactly json's. Used by the file format to say
`line 12: node "n4" has unknown op "matmull"`.
"""

from __future__ import annotations

import bisect
import json
import json.decoder
import json.scanner
from typing import Any

_WS = json.decoder.WHITESPACE.match


class PosDict(dict):
    """A decoded JSON object with line numbers: `line` of its `{`, `key_lines[key]` of each value."""

    line: int = 1
    key_lines: dict[str, int]
    duplicates: list[tuple[str, int]]  # keys given twice, with the line of the second


def loads_with_lines(text: str) -> Any:
    """Like json.loads, but every object is a PosDict. Raises json.JSONDecodeError."""
    newlines = [i for i, ch in enumerate(text) if ch == "\n"]

    def line_of(pos: int) -> int:
        return bisect.bisect_left(newlines, pos) + 1

    decoder = json.JSONDecoder()

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
