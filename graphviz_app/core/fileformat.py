"""The diagram file: versioned JSON, one node or edge per line, saved atomically.

    {"format": "graphviz_app", "version": 1, "output": "n4",
     "nodes": [{"id", "kind", "op", "name", "value", "pos", "params"[, "trainable": false]}, ...],
     "edges": [{"from", "to", "port"}, ...]}

Version 2 adds "groups": [{"id", "name", "nodes": [ids], "collapsed"}, ...]; it is written
only for a diagram with groups, so any other diagram is saved as version 1, as before.

Loading checks everything and names the line of the problem, and a node as its card
shows it with the id the file gives it (`line 12: the edges form a cycle: matmul ("n4")
-> e ("n5") -> matmul ("n4")`); a file that loads is a graph the editor can show.
Reaching the file (regular files only, the size limit, the atomic write) is
file_access's. See docs/file-format.md.
"""

from __future__ import annotations

import difflib
import json
import math
import os
import re
from collections.abc import Iterator
from typing import Any

from .entry_names import display_name
from .errors import FileFormatError, GraphError, ValueParseError
from .file_access import check_size, read_text, write_atomically
from .graph import KINDS, Edge, Graph
from .jsonpos import PosDict, loads_fast, loads_with_lines
from .naming import display_label
from .ops import all_ops, get_op
from .values import from_json, number_hooks, read_float, read_int, to_json_value

MAX_NODES = 50_000  # each node costs a few kB loaded (networkx), and the canvas draws each
LINES_TEXT_LIMIT = 8_000_000  # a larger file with a problem is not read again for the line: the message has none
MAX_COORDINATE = 1e7  # |x| and |y| of a node's position; the canvas and exports work within this

FORMAT = "graphviz_app"
VERSION = 1
GROUPS_VERSION = 2  # version 2 adds "groups"; a diagram without groups is still written as version 1
TOP_KEYS = ("format", "version", "output", "nodes", "edges", "groups")
NODE_KEYS = ("id", "kind", "op", "name", "value", "pos", "params", "trainable")
EDGE_KEYS = ("from", "to", "port")
GROUP_KEYS = ("id", "name", "nodes", "collapsed")


# ------------------------------------------------------------------ writing
def dumps(graph: Graph) -> str:
    """The file text. Deterministic: node order is kept, edges are sorted by consumer and port."""
    order = {nid: i for i, nid in enumerate(graph.node_ids())}
    edges = sorted(graph.edges(), key=lambda e: (order[e.dst], e.port))
    node_lines = [_compact(_node_json(n)) for n in graph.nodes()]
    edge_lines = [_compact({"from": e.src, "to": e.dst, "port": e.port}) for e in edges]
    version = GROUPS_VERSION if len(graph.groups) else VERSION
    head = [f'  "format": "{FORMAT}"', f'  "version": {version}', f'  "output": {json.dumps(graph.output)}']
    return (
        "{\n"
        + ",\n".join(head)
        + ",\n"
        + '  "nodes": '
        + _block(node_lines)
        + ",\n"
        + '  "edges": '
        + _block(edge_lines)
        + _groups_text(graph)
        + "\n}\n"
    )


def _node_json(node) -> dict[str, Any]:
    entry = {
        "id": node.id,
        "kind": node.kind,
        "op": node.op,
        "name": node.name,
        "value": None if node.value is None else to_json_value(node.value),
        "pos": [_number(node.pos[0]), _number(node.pos[1])],
        "params": {k: _param_json(v) for k, v in node.params.items()},
    }
    if node.kind == "variable" and not node.trainable:  # written only when off: older files stay as they were
        entry["trainable"] = False
    return entry


def _param_json(value: Any) -> Any:
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        raise FileFormatError(f"parameter value {value!r} cannot be saved: parameters are numbers")
    return to_json_value(float(value))


def pos_problem(pos: Any) -> str | None:
    """Why `pos` is not a node's position as a file holds it (None: it is): two finite numbers
    within ±MAX_COORDINATE. (A pasted fragment is held to the same.)"""
    ok = (
        isinstance(pos, (list, tuple))
        and len(pos) == 2
        and all(isinstance(c, (int, float)) and not isinstance(c, bool) and math.isfinite(c) for c in pos)
    )
    if not ok:
        return f"must be two numbers [x, y], found {_show(pos)}"
    if any(abs(c) > MAX_COORDINATE for c in pos):
        return f"{_show(list(pos))} is too far out: x and y must lie within ±{MAX_COORDINATE:,.0f}"
    return None


def _number(x: float) -> float:
    """A coordinate as the reader accepts it: finite and within ±MAX_COORDINATE."""
    return min(max(float(x), -MAX_COORDINATE), MAX_COORDINATE) if math.isfinite(x) else 0.0


def _compact(obj: Any) -> str:
    return json.dumps(obj, ensure_ascii=False, allow_nan=False, separators=(", ", ": "))


def _block(lines: list[str]) -> str:
    if not lines:
        return "[]"
    return "[\n    " + ",\n    ".join(lines) + "\n  ]"


def _groups_text(graph: Graph) -> str:
    """',\n  "groups": [...]' (one group a line, nodes in the graph's order), or nothing without groups."""
    if not len(graph.groups):
        return ""
    order = {nid: i for i, nid in enumerate(graph.node_ids())}
    lines = [
        _compact(
            {
                "id": g.id,
                "name": g.name,
                "nodes": sorted(g.nodes, key=order.__getitem__),
                "collapsed": g.collapsed,
            }
        )
        for g in graph.groups
    ]
    return ',\n  "groups": ' + _block(lines)


def save(graph: Graph, path: str | os.PathLike) -> None:
    """Write atomically (file_access.write_atomically): on any failure the previous file is
    untouched. Raises FileAccessError (a UserError and an OSError, naming the path) for file
    system problems, FileFormatError for a diagram that could not be opened again."""
    text = dumps(graph)  # fails before anything is touched
    check_savable(graph, text)
    write_atomically(path, text)


def check_savable(graph: Graph, text: str) -> None:
    """What is saved can be opened again: a diagram beyond the reader's limits is not saved."""
    if len(graph) > MAX_NODES:
        raise FileFormatError(
            f"the diagram has {len(graph):,} nodes; files of more than {MAX_NODES:,} nodes cannot be opened, "
            "so it is not saved: split it into smaller diagrams"
        )
    check_size(text)


# ------------------------------------------------------------------ reading
def load(path: str | os.PathLike) -> Graph:
    """Read a diagram file. FileAccessError (a UserError and an OSError) for file system
    problems, FileFormatError for the content (and for what is not a regular file, or too
    large: see file_access.check_file)."""
    return loads(read_text(path), source=str(path))


def loads(text: str, source: str = "<file>") -> Graph:
    """The graph in text. A file is read at C speed first; only when it has a problem is it
    read again, slowly, keeping the line of every object, so that the message names the line."""
    try:
        return _Reader(source, with_lines=False).read(text)
    except FileFormatError:
        if len(text) > LINES_TEXT_LIMIT:  # (reading it again would cost 1 s and 40 MB per MB)
            raise
    # read again outside the handler: the message with its line is the only one a user sees
    return _Reader(source, with_lines=True).read(text)


class _Reader:
    def __init__(self, source: str, with_lines: bool = True) -> None:
        self.source = source
        self.with_lines = with_lines

    def fail(self, line: int | None, message: str) -> FileFormatError:
        where = f"line {line}: " if line else ""
        return FileFormatError(f"{self.source}: {where}{message}")

    def read(self, text: str) -> Graph:
        text = text.removeprefix("\ufeff")
        if not text.strip():
            raise self.fail(None, "the file is empty (not a graphviz_app file)")
        try:
            if self.with_lines:
                top = loads_with_lines(text, parse_int=read_int, parse_float=read_float)
            else:
                top = loads_fast(text, **number_hooks(text))
        except json.JSONDecodeError as exc:
            raise FileFormatError(
                f"{self.source}: line {exc.lineno}, column {exc.colno}: not valid JSON ({exc.msg})"
            ) from None
        except RecursionError:
            raise self.fail(None, "not valid JSON (nested too deeply)") from None
        except ValueParseError as exc:
            raise self.fail(exc.line, exc.message) from None
        if self.with_lines or _MAYBE_BAD_TEXT.search(text):
            self.check_text(top, None)
        if not isinstance(top, PosDict) or top.get("format") != FORMAT:
            raise self.fail(None, 'not a graphviz_app file (it has no "format": "graphviz_app")')
        self.check_keys(top, TOP_KEYS, "the file")
        version = top.get("version")
        if isinstance(version, bool) or not isinstance(version, int):
            raise self.fail(top.key_lines.get("version", top.line), '"version" must be a whole number, such as 1')
        if version not in (VERSION, GROUPS_VERSION):
            raise self.fail(
                top.key_lines["version"],
                f"unsupported version {version} (this program reads versions {VERSION} and {GROUPS_VERSION})",
            )
        nodes = self.required_list(top, "nodes")
        edges = self.required_list(top, "edges")
        if len(nodes) > MAX_NODES:
            raise self.fail(top.key_lines["nodes"], f"the file has {len(nodes):,} nodes; the limit is {MAX_NODES:,}")
        graph = Graph()
        for item in nodes:
            self.read_node(graph, item, top.key_lines["nodes"])
        self.read_edges(graph, edges, top.key_lines["edges"])
        output = top.get("output")
        if output is not None:
            if not isinstance(output, str):
                raise self.fail(top.key_lines["output"], '"output" must be a node id (text) or null')
            if output not in graph:
                raise self.fail(top.key_lines["output"], f'the output "{output}" is not a node of the file')
        graph.output = output
        self.read_groups(graph, top, version)
        return graph

    # ------------------------------------------------------------ helpers
    def check_text(self, obj: Any, line: int | None) -> None:
        """Every text in the file (names, ids, keys) is valid Unicode without control characters:
        what is loaded can be shown, printed, saved and exported as XML."""
        if isinstance(obj, str):
            problem = text_problem(obj)
            if problem:
                raise self.fail(line, f"the text {_show(obj)} {problem}")
        elif isinstance(obj, PosDict):
            for key, value in obj.items():
                key_line = obj.key_lines.get(key, obj.line)
                self.check_text(key, key_line)
                self.check_text(value, key_line)
        elif isinstance(obj, list):
            for item in obj:
                if not isinstance(item, (int, float)):  # (a matrix's numbers are passed over quickly)
                    self.check_text(item, self.line_of(item) or line)

    def check_keys(self, obj: PosDict, allowed: tuple[str, ...], what: str) -> None:
        for key, line in obj.duplicates:
            raise self.fail(line, f'{what} gives "{key}" twice')
        for key in obj:
            if key not in allowed:
                listing = ", ".join(f'"{k}"' for k in allowed)
                raise self.fail(obj.key_lines[key], f'{what} has an unknown field "{key}" (known: {listing})')

    def required_list(self, top: PosDict, key: str) -> list:
        if key not in top:
            raise self.fail(top.line, f'the file has no "{key}" list')
        value = top[key]
        if not isinstance(value, list):
            raise self.fail(top.key_lines[key], f'"{key}" must be a list')
        return value

    def line_of(self, obj: Any, key: str | None = None) -> int | None:
        if isinstance(obj, PosDict):
            return obj.key_lines.get(key, obj.line) if key else obj.line
        return None

    # -------------------------------------------------------------- nodes
    def read_node(self, graph: Graph, item: Any, list_line: int) -> None:
        if not isinstance(item, PosDict):
            raise self.fail(list_line, f'every entry of "nodes" must be an object, found {_json_type(item)}')
        nid = item.get("id")
        if not isinstance(nid, str) or not nid.strip():
            raise self.fail(self.line_of(item, "id"), 'a node needs an "id" (non-empty text)')
        name, op, kind = item.get("name"), item.get("op"), item.get("kind")
        named = isinstance(name, str) and bool(name.strip())
        # its card is not drawn yet: named by what the entry says (its name, else its op)
        shown = display_name(name) if named else op if kind == "op" and isinstance(op, str) else None
        what = "node " + node_ref(shown, nid)
        self.check_keys(item, NODE_KEYS, what)
        line = item.line
        if nid in graph:
            raise self.fail(line, f'two nodes have the id "{nid}"')
        if kind not in KINDS:
            raise self.fail(
                self.line_of(item, "kind"), f"{what} has kind {_show(kind)}; expected one of {', '.join(KINDS)}"
            )
        if name is not None and not named:
            raise self.fail(self.line_of(item, "name"), f'{what}: "name" must be non-empty text or null')
        pos = self.read_pos(item, what)
        params = item.get("params", {})
        if not isinstance(params, dict):
            raise self.fail(self.line_of(item, "params"), f'{what}: "params" must be an object')
        value = item.get("value")
        if kind == "op":
            if not isinstance(op, str):
                raise self.fail(self.line_of(item, "op"), f'{what} is an op node but has no "op" name')
            try:
                opdef = get_op(op)
            except GraphError:  # (named as its card would be: its name, else its op)
                raise self.fail(self.line_of(item, "op"), f"{what} has unknown op {_show(op)}{_op_hint(op)}") from None
            if value is not None:
                raise self.fail(
                    self.line_of(item, "value"),
                    f"{what} is an op node ({op}); only variables and constants hold a value",
                )
            self.check_params(item, params, opdef, f"{op} {what}" if named else what)  # (the op named too)
            array = None
        else:
            if op is not None:
                raise self.fail(self.line_of(item, "op"), f'{what} is a {kind}; "op" must be null')
            if params:
                raise self.fail(self.line_of(item, "params"), f"{what} is a {kind} and takes no parameters")
            if "value" not in item:
                raise self.fail(line, f'{what} is a {kind} but has no "value"')
            try:
                array = from_json(value)
            except ValueParseError as exc:
                raise self.fail(self.line_of(item, "value"), f"{what} has a bad value: {exc.message}") from None
        trainable = self.read_trainable(item, kind, what)
        try:
            graph.add_node(kind, op, name=name, value=array, pos=pos, params=dict(params), node_id=nid)
        except GraphError as exc:
            raise self.fail(line, f"{what}: {exc.message}") from None
        if not trainable:
            graph.node(nid).trainable = False

    def read_trainable(self, item: PosDict, kind: str, what: str) -> bool:
        """Optional, variables only; absent means trainable."""
        if "trainable" not in item:
            return True
        trainable = item["trainable"]
        if kind != "variable":
            raise self.fail(self.line_of(item, "trainable"), f'{what} is a {kind}; only variables have "trainable"')
        if not isinstance(trainable, bool):
            raise self.fail(
                self.line_of(item, "trainable"), f'{what}: "trainable" must be true or false, found {_show(trainable)}'
            )
        return trainable

    def read_pos(self, item: PosDict, what: str) -> tuple[float, float]:
        pos = item.get("pos", [0.0, 0.0])
        problem = pos_problem(pos)
        if problem is not None:
            raise self.fail(self.line_of(item, "pos"), f'{what}: "pos" {problem}')
        return float(pos[0]), float(pos[1])

    def check_params(self, item: PosDict, params: dict, opdef, what: str) -> None:
        try:
            opdef.check_params(params, what)
        except GraphError as exc:
            raise self.fail(self.line_of(item, "params"), exc.message) from None

    # -------------------------------------------------------------- edges
    def read_edges(self, graph: Graph, edges: list, list_line: int) -> None:
        lines: dict[tuple[str, str], int | None] = {}  # (from, to) -> the line of its first edge
        # each edge checked as it is added, not kept in a list: 20,000 more objects would cost
        # a 10,000-node file 20 % more time in Python's garbage collector
        graph.add_edges_unchecked(self.checked_edges(graph, edges, list_line, lines))
        import networkx as nx  # here, not at the top: it is slow to import

        if not nx.is_directed_acyclic_graph(graph.nx):  # (one search for a cycle, not one per edge)
            cycle = nx.find_cycle(graph.nx)
            names = [u for u, *_ in cycle]
            path = " -> ".join(card_ref(graph, n) for n in names + names[:1])
            first = min((lines.get((u, v)) or 0) for u, v, *_ in cycle) or None
            raise self.fail(first, f"the edges form a cycle: {path}")

    def checked_edges(self, graph: Graph, edges: list, list_line: int, lines: dict) -> Iterator[Edge]:
        """The file's edges, each checked but for cycles (ends, port, a port taken twice);
        lines gets the line of each (from, to)."""
        taken: dict[tuple[str, int], int | None] = {}
        for item in edges:
            if not isinstance(item, PosDict):
                raise self.fail(list_line, f'every entry of "edges" must be an object, found {_json_type(item)}')
            line = item.line
            self.check_keys(item, EDGE_KEYS, "an edge")
            src, dst, port = item.get("from"), item.get("to"), item.get("port")
            for key, value in (("from", src), ("to", dst)):
                if not isinstance(value, str):
                    raise self.fail(line, f'an edge needs "{key}": a node id, found {_show(value)}')
                if value not in graph:
                    direction = "comes from" if key == "from" else "goes to"
                    raise self.fail(line, f'an edge {direction} an unknown node "{value}"')
            if isinstance(port, bool) or not isinstance(port, int):
                raise self.fail(line, f'an edge needs "port": a whole number, found {_show(port)}')
            target = graph.node(dst)
            if target.kind != "op":
                raise self.fail(line, f"an edge goes into {card_ref(graph, dst)}, a {target.kind}, which has no inputs")
            opdef = get_op(target.op)
            if not 0 <= port < opdef.arity:
                ports = ", ".join(f"{i} ({n})" for i, n in enumerate(opdef.inputs))
                whose = f"{target.op}'s" if target.name else "its"  # (a named node's card may not say its op)
                raise self.fail(
                    line, f"node {card_ref(graph, dst)} has no input port {port}; {whose} ports are {ports}"
                )
            if (dst, port) in taken:
                raise self.fail(
                    line,
                    f"two edges go into port {port} of node {card_ref(graph, dst)} "
                    f"(the first on line {taken[(dst, port)]})",
                )
            taken[(dst, port)] = line
            lines.setdefault((src, dst), line)
            yield Edge(src, dst, port)

    # ------------------------------------------------------------- groups
    def read_groups(self, graph: Graph, top: PosDict, version: int) -> None:
        """Version 2's optional "groups": each names existing nodes, and groups nest."""
        if "groups" not in top:
            return
        line = top.key_lines["groups"]
        if version < GROUPS_VERSION:
            raise self.fail(line, f'"groups" needs version {GROUPS_VERSION} (the file says version {version})')
        groups = self.required_list(top, "groups")
        for item in groups:
            if not isinstance(item, PosDict):
                raise self.fail(line, f'every entry of "groups" must be an object, found {_json_type(item)}')
            self.read_group(graph, item)

    def read_group(self, graph: Graph, item: PosDict) -> None:
        gid = item.get("id")
        if not isinstance(gid, str) or not gid.strip():
            raise self.fail(self.line_of(item, "id"), 'a group needs an "id" (non-empty text)')
        name = item.get("name")
        named = isinstance(name, str) and bool(name.strip())
        what = "group " + node_ref(name if named else None, gid)  # (as its frame is titled)
        self.check_keys(item, GROUP_KEYS, what)
        if gid in graph.groups:
            raise self.fail(item.line, f'two groups have the id "{gid}"')
        if not named:
            raise self.fail(self.line_of(item, "name"), f'{what} needs a "name" (non-empty text)')
        nodes = item.get("nodes")
        nodes_line = self.line_of(item, "nodes")
        if not isinstance(nodes, list) or not all(isinstance(n, str) for n in nodes):
            raise self.fail(nodes_line, f'{what}: "nodes" must be a list of node ids, found {_show(nodes)}')
        if not nodes:
            raise self.fail(nodes_line, f"{what} has no nodes")
        for nid in nodes:
            if nid not in graph:
                raise self.fail(nodes_line, f'{what} names the node "{nid}", which is not in the file')
            if nodes.count(nid) > 1:
                raise self.fail(nodes_line, f"{what} names the node {card_ref(graph, nid)} twice")
        collapsed = item.get("collapsed", False)
        if not isinstance(collapsed, bool):
            raise self.fail(
                self.line_of(item, "collapsed"), f'{what}: "collapsed" must be true or false, found {_show(collapsed)}'
            )
        try:
            graph.groups.add(nodes, name, collapsed=collapsed, group_id=gid)
        except GraphError as exc:
            raise self.fail(item.line, exc.message) from None


# what a JSON string needs to hold a control character or a lone surrogate: an escape
# (raw control characters are not valid JSON; UTF-8 cannot encode a surrogate)
_MAYBE_BAD_TEXT = re.compile(r"\\(u00[01]|u007[fF]|u00[89]|u[dD][89a-fA-F]|[bfnrt])")
_BAD_TEXT = re.compile("[\x00-\x1f\x7f-\x9f\ud800-\udfff]")  # Unicode categories Cc and Cs


def text_problem(text: str) -> str | None:
    """Why text cannot be kept (None: it can): a control character, or a lone surrogate (not
    Unicode; it cannot be printed or saved as UTF-8)."""
    found = _BAD_TEXT.search(text)
    if found is None:
        return None
    code = ord(found.group())
    if 0xD800 <= code <= 0xDFFF:
        return f"is not valid Unicode (a lone surrogate U+{code:04X})"
    return f"holds a control character (U+{code:04X})"


def _op_hint(op: str) -> str:
    """The op a misspelt one was probably meant to be (squarex -> square), as the expression parser says."""
    known = {o.name.lower(): o.name for o in all_ops()}
    close = difflib.get_close_matches(op.lower(), list(known), n=1, cutoff=0.75)
    return f' (did you mean "{known[close[0]]}"?)' if close else ""


def node_ref(label: str | None, node_id: str) -> str:
    """A node as a file's error names it: as its card shows it, with the id the file gives it
    (what the user finds in the file): `matmul ("n4")`, or `"n4"` when nothing else is known."""
    if not label or label == node_id:
        return f'"{node_id}"'
    return f'{label if len(label) <= 40 else label[:39] + "…"} ("{node_id}")'


def card_ref(graph: Graph, node_id: str) -> str:
    """node_ref once the nodes are read: the name its card shows (an unnamed op as matmul₂)."""
    return node_ref(display_label(graph, node_id), node_id)


def _json_type(value: Any) -> str:
    return {dict: "an object", list: "a list", str: "text", bool: "true/false", type(None): "null"}.get(
        type(value), "a number"
    )


def _show(value: Any) -> str:
    """A value of the file as a message quotes it: short, and printable whatever it holds."""
    text = json.dumps(value, ensure_ascii=False, default=str)
    if text_problem(text):
        text = json.dumps(value, ensure_ascii=True, default=str)
    return text if len(text) <= 40 else text[:39] + "…"
