"""Hostile input for the fuzz tests: mutations of the bundled examples and arbitrary text and bytes."""

from __future__ import annotations

import copy
import json
from pathlib import Path
from typing import Any

from hypothesis import strategies as st

ROOT = Path(__file__).resolve().parents[2]
# the bundled examples small enough to mutate many times (the MNIST-sized one is almost a megabyte)
EXAMPLES = sorted(p for p in (ROOT / "resources" / "examples").glob("*.json") if p.stat().st_size < 100_000)
DOCUMENTS = [json.loads(path.read_text(encoding="utf-8")) for path in EXAMPLES]
TEXTS = [path.read_text(encoding="utf-8") for path in EXAMPLES]
SMALL_TEXTS = [text for text in TEXTS if len(text) < 2000]  # quick to render, for export

FIELDS = ("format", "version", "output", "nodes", "edges", "id", "kind", "op", "name", "value", "pos")
FIELDS += ("params", "from", "to", "port", "p", "vlaue")


class Raw(str):
    """JSON text written as it is: numbers and nestings json.dumps cannot or will not write."""


# ------------------------------------------------------------------ leaves
huge_numbers = st.one_of(
    st.integers(300, 5200).map(lambda n: Raw("7" * n)),  # past a float (309 digits) and Python's 4300
    st.integers(300, 5200).map(lambda n: Raw("-" + "1" * n)),
    st.sampled_from([Raw("1e999"), Raw("-1e400"), Raw("1" * 400 + ".5"), Raw("1e-999"), Raw("Infinity")]),
    st.sampled_from([Raw("NaN"), Raw("-Infinity"), Raw("1E+308"), Raw("17976931348623159" + "0" * 292)]),
)
weird_text = st.lists(
    st.sampled_from(
        ["x", "y", "n1", "n2", "θ", "é", "\ud800", "\udfff", "\x00", "\x01", "\x1f", "\x7f", "\x85"]
        + ["\u200b", "\ufeff", "\ufffe", "\U0001f600", "=", ".", " ", "\n", "\\", '"', "<&>", "x" * 300]
    ),
    max_size=5,
).map("".join)
known_words = st.sampled_from(
    ["graphviz_app", "variable", "constant", "op", "sin", "matmul", "pow", "sum", "add", "n1", "n2", "n3"]
    + ["NaN", "Infinity", "-Infinity", "x", "W"]
)
scalars = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(-5, 5),
    st.integers(-(10**12), 10**12),
    st.floats(allow_nan=False, allow_infinity=False),
    st.sampled_from([1e308, -1e308, 1e7, -1e7 - 1, 5e-324, -0.0, 0.5]),
    known_words,
    weird_text,
    huge_numbers,
)
values = st.recursive(
    scalars,
    lambda inner: st.one_of(
        st.lists(inner, max_size=4),
        st.dictionaries(st.one_of(st.sampled_from(FIELDS), weird_text), inner, max_size=3),
    ),
    max_leaves=10,
)
deep_nesting = st.integers(1, 4000).map(lambda n: Raw("[" * n + "1" + "]" * n))
hostile = st.one_of(values, values, huge_numbers, deep_nesting)


# ------------------------------------------------------------------ writing
def to_text(obj: Any, ascii_only: bool = True) -> str:
    """JSON text, with Raw pieces as they are; ascii_only=False writes surrogates and controls raw."""
    if isinstance(obj, Raw):
        return str(obj)
    if isinstance(obj, dict):
        items = [f"{_string(k, ascii_only)}: {to_text(v, ascii_only)}" for k, v in obj.items()]
        return "{" + ", ".join(items) + "}"
    if isinstance(obj, list):
        return "[" + ", ".join(to_text(v, ascii_only) for v in obj) + "]"
    if isinstance(obj, str):
        return _string(obj, ascii_only)
    return json.dumps(obj)


def _string(text: str, ascii_only: bool) -> str:
    if ascii_only:
        return json.dumps(text)
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"') + '"'


def to_bytes(text: str) -> bytes:
    return text.encode("utf-8", "surrogatepass")  # (a raw surrogate becomes bytes UTF-8 refuses)


# ------------------------------------------------------------------ mutations
def _containers(doc: Any, found: list) -> list:
    """Every dict and list in doc (doc itself first)."""
    if isinstance(doc, (dict, list)):
        found.append(doc)
        for child in doc.values() if isinstance(doc, dict) else doc:
            _containers(child, found)
    return found


@st.composite
def mutated_documents(draw) -> tuple[Any, bool]:
    """An example with 1 to 4 changes: a field set to something hostile, removed, added, a node
    or edge copied or dropped. Returns (document, ascii_only)."""
    doc = copy.deepcopy(draw(st.sampled_from(DOCUMENTS)))
    for _ in range(draw(st.integers(1, 4))):
        places = _containers(doc, [])
        place = draw(st.sampled_from(places))
        action = draw(st.sampled_from(["set", "set", "set", "drop", "add", "copy", "swap"]))
        if isinstance(place, dict):
            keys = list(place)
            if action == "set" and keys:
                place[draw(st.sampled_from(keys))] = draw(hostile)
            elif action == "drop" and keys:
                del place[draw(st.sampled_from(keys))]
            elif action == "swap" and len(keys) >= 2:
                a, b = draw(st.sampled_from(keys)), draw(st.sampled_from(keys))
                place[a], place[b] = place[b], place[a]
            else:
                place[draw(st.one_of(st.sampled_from(FIELDS), weird_text))] = draw(hostile)
        elif place:
            index = draw(st.integers(0, len(place) - 1))
            if action == "set":
                place[index] = draw(hostile)
            elif action == "drop":
                del place[index]
            elif action == "copy":
                place.append(copy.deepcopy(place[index]))
            else:
                place.insert(index, draw(hostile))
        else:
            place.append(draw(hostile))
    return doc, draw(st.booleans())


TOKENS = ["{", "}", "[", "]", ",", ":", '"', "-", "0", "1e999", "7" * 400, "9" * 4400, "\\ud800", "\\u0001"]
TOKENS += ["null", "true", "NaN", "\n", "\ufeff", "\xff", '"id": "n1"', '"port": 0', "[" * 50]


@st.composite
def mutated_texts(draw) -> str:
    """An example's text with a few characters or tokens inserted, replaced or deleted."""
    text = draw(st.sampled_from(TEXTS))
    for _ in range(draw(st.integers(1, 5))):
        at = draw(st.integers(0, len(text)))
        piece = draw(st.one_of(st.sampled_from(TOKENS), st.characters(), st.text(max_size=3)))
        cut = draw(st.integers(0, 3))
        text = text[:at] + piece + text[at + cut :]
    return text


@st.composite
def mutated_bytes(draw) -> bytes:
    """An example's bytes with a few bytes changed, inserted or removed (invalid UTF-8 included)."""
    data = bytearray(to_bytes(draw(st.sampled_from(TEXTS))))
    for _ in range(draw(st.integers(1, 6))):
        at = draw(st.integers(0, len(data) - 1))
        kind = draw(st.sampled_from(["flip", "insert", "delete"]))
        if kind == "flip":
            data[at] = draw(st.integers(0, 255))
        elif kind == "insert":
            data[at:at] = draw(st.binary(min_size=1, max_size=4))
        else:
            del data[at : at + draw(st.integers(1, 8))]
    return bytes(data)


# ------------------------------------------------------------------ values (--set, the value dialog)
value_texts = st.one_of(
    st.builds(lambda v: to_text(v), values),
    st.builds(lambda v: to_text(v, ascii_only=False), values),
    huge_numbers.map(str),
    deep_nesting.map(str),
    st.text(max_size=40),
    st.lists(st.sampled_from(TOKENS + ["1", "2.5", " ", "[[1, 2], [3, 4]]"]), max_size=8).map("".join),
)

# ------------------------------------------------------------------ expressions
EXPR_TOKENS = ["x", "y", "W", "b", "sin(", "tanh(", "sum(", "exp(", "log(", "matmul(", "softmax(", "(", ")"]
EXPR_TOKENS += ["+", "-", "*", "/", "**", "@", ",", " ", "2", "0.5", "1e3", "[1, 2]", "[[1, 0], [0, 1]]"]
EXPR_TOKENS += [".T", "lambda", "import", "__class__", "x.y", "'s'", "[", "]", "=", ";", "\n", "θ", "\x00"]
safe_expressions = st.one_of(
    st.lists(st.sampled_from(EXPR_TOKENS), max_size=30).map("".join),
    st.text(max_size=60),
)
# (alternating "-+-+…" runs also take the parser seconds, quadratically: left to its long runs)
# (past hypothesis's own recursion limit, about 2000, and within the parser's 5000 characters)
sign_runs = st.integers(2100, 4900).flatmap(lambda n: st.sampled_from(["-" * n + "x", "+" * n + "x"]))
huge_literals = st.one_of(
    st.integers(309, 4999).map(lambda n: "x + " + "9" * n),
    st.integers(309, 4990).map(lambda n: "x ** " + "3" * n),
    st.sampled_from(["x * 1e999", "x ** 1e400", "x + 1" + "0" * 400 + ".0"]),
)
