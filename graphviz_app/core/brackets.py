"""Matching brackets in typed text: the notation reader and the typing advice both look for the
bracket that closes (or opens) another."""

from __future__ import annotations

PAIRS = {"(": ")", "{": "}", "[": "]"}


def closing(text: str, opening: int) -> int | None:
    """The index after the bracket that closes the one at opening; None: none, or another kind first."""
    expected: list[str] = []
    for index in range(opening, len(text)):
        char = text[index]
        if char in PAIRS:
            expected.append(PAIRS[char])
        elif char in ")}]":
            if char != expected.pop():
                return None
            if not expected:
                return index + 1
    return None


def opening(text: str, close: int, kinds: str = "()") -> int | None:
    """The index of the bracket that opens the one at close, counting the brackets of kinds
    (opening, closing pairs: "()" or "([)]"); None: none."""
    opens, closes = kinds[: len(kinds) // 2], kinds[len(kinds) // 2 :]
    depth = 0
    for index in range(close, -1, -1):
        depth += (text[index] in closes) - (text[index] in opens)
        if depth == 0:
            return index
    return None
