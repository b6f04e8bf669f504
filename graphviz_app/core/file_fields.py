"""What a diagram file's fields may hold, and how a file's messages name what they quote:
positions, texts, a node as its card shows it with the file's id, a misspelt op."""

from __future__ import annotations

import json
import math
import re
from typing import Any

from .file_schema import MAX_COORDINATE
from .graph import Graph
from .naming import display_label
from .ops import op_suggestion


def pos_problem(pos: Any) -> str | None:
    """Why `pos` is not a node's position as a file holds it (None: it is): two finite numbers
    within ±MAX_COORDINATE. (A pasted fragment is held to the same.)"""
    ok = (
        isinstance(pos, (list, tuple))
        and len(pos) == 2
        and all(isinstance(c, (int, float)) and not isinstance(c, bool) and math.isfinite(c) for c in pos)
    )
    if not ok:
        return f"must be two numbers [x, y], found {show(pos)}"
    if any(abs(c) > MAX_COORDINATE for c in pos):
        return f"{show(list(pos))} is too far out: x and y must lie within ±{MAX_COORDINATE:,.0f}"
    return None


# what a JSON string needs to hold a control character or a lone surrogate: an escape
# (raw control characters are not valid JSON; UTF-8 cannot encode a surrogate)
MAYBE_BAD_TEXT = re.compile(r"\\(u00[01]|u007[fF]|u00[89]|u[dD][89a-fA-F]|[bfnrt])")
BAD_TEXT = re.compile("[\x00-\x1f\x7f-\x9f\ud800-\udfff]")  # Unicode categories Cc and Cs


def text_problem(text: str) -> str | None:
    """Why text cannot be kept (None: it can): a control character, or a lone surrogate (not
    Unicode; it cannot be printed or saved as UTF-8)."""
    found = BAD_TEXT.search(text)
    if found is None:
        return None
    code = ord(found.group())
    if 0xD800 <= code <= 0xDFFF:
        return f"is not valid Unicode (a lone surrogate U+{code:04X})"
    return f"holds a control character (U+{code:04X})"


def op_hint(op: str) -> str:
    """The op a misspelt one was probably meant to be (squarex -> square), as the expression parser says."""
    return op_suggestion(op)


def node_ref(label: str | None, node_id: str) -> str:
    """A node as a file's error names it: as its card shows it (`matmul₂`, `Φ`; users read names,
    never ids; the message's line number points into the file), or by its id `"n4"` only when
    nothing else is known of it (an edge naming an id no node has)."""
    if not label:
        return f'"{node_id}"'
    return label if len(label) <= 40 else label[:39] + "…"


def card_ref(graph: Graph, node_id: str) -> str:
    """node_ref once the nodes are read: the name its card shows (an unnamed op as matmul₂)."""
    return node_ref(display_label(graph, node_id), node_id)


def json_type(value: Any) -> str:
    return {dict: "an object", list: "a list", str: "text", bool: "true/false", type(None): "null"}.get(
        type(value), "a number"
    )


def show(value: Any) -> str:
    """A value of the file as a message quotes it: short, and printable whatever it holds."""
    text = json.dumps(value, ensure_ascii=False, default=str)
    if text_problem(text):
        text = json.dumps(value, ensure_ascii=True, default=str)
    return text if len(text) <= 40 else text[:39] + "…"
