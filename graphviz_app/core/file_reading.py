"""Reading a diagram file: every field checked, each problem named with its line and the node
as its card shows it. Read at C speed first; read again with lines only when there is a problem."""

from __future__ import annotations

import json
import os
from collections.abc import Iterator
from typing import Any

from . import file_schema
from .entry_names import display_name
from .errors import FileFormatError, GraphError, ValueParseError
from .file_access import read_text
from .file_fields import MAYBE_BAD_TEXT, card_ref, json_type, node_ref, op_hint, pos_problem, show, text_problem
from .file_schema import EDGE_KEYS, FORMAT, GROUP_KEYS, GROUPS_VERSION, NODE_KEYS, TOP_KEYS, VERSION
from .graph import KINDS, Edge, Graph
from .jsonpos import PosDict, deepest_line, loads_fast, loads_with_lines
from .ops import get_op
from .syntax_words import json_typo
from .values import from_json, number_hooks, read_float, read_int

LINES_TEXT_LIMIT = 8_000_000  # a larger file with a problem is not read again for the line: the message has none


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


def said_at(source: str | os.PathLike, line: int | None, message: str) -> str:
    """A problem of a file as every message says it: "d.json: line 10: message" (without a line
    when none is known)."""
    return f"{source}: line {line}: {message}" if line else f"{source}: {message}"


class _Reader:
    def __init__(self, source: str, with_lines: bool = True) -> None:
        self.source = source
        self.with_lines = with_lines

    def fail(self, line: int | None, message: str) -> FileFormatError:
        return FileFormatError(said_at(self.source, line, message))

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
                f"{self.source}: line {exc.lineno}, column {exc.colno}: not valid JSON ({json_typo(exc, 'value')})"
            ) from None
        except RecursionError:  # (json gives no place: the line where the brackets go deepest)
            raise self.fail(deepest_line(text), "not valid JSON (nested too deeply)") from None
        except ValueParseError as exc:
            raise self.fail(exc.line, exc.message) from None
        # the format first: JSON from another program (a notebook's "\n") is named as such
        if not isinstance(top, PosDict) or top.get("format") != FORMAT:
            raise self.fail(None, 'not a graphviz_app file (it has no "format": "graphviz_app")')
        if self.with_lines or MAYBE_BAD_TEXT.search(text):
            self.check_text(top, None)
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
        if len(nodes) > file_schema.MAX_NODES:
            raise self.fail(
                top.key_lines["nodes"], f"the file has {len(nodes):,} nodes; the limit is {file_schema.MAX_NODES:,}"
            )
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
                raise self.fail(line, f"the text {show(obj)} {problem}")
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
            raise self.fail(list_line, f'every entry of "nodes" must be an object, found {json_type(item)}')
        nid = item.get("id")
        if not isinstance(nid, str) or not nid.strip():
            raise self.fail(self.line_of(item, "id"), 'a node needs an "id" (non-empty text)')
        name, op, kind = item.get("name"), item.get("op"), item.get("kind")
        named = isinstance(name, str) and bool(name.strip())
        what = self.node_words(name if named else None, kind, op)
        self.check_keys(item, NODE_KEYS, what)
        line = item.line
        if nid in graph:
            raise self.fail(line, f'two nodes have the id "{nid}"')
        if kind not in KINDS:
            raise self.fail(
                self.line_of(item, "kind"), f"{what} has kind {show(kind)}; expected one of {', '.join(KINDS)}"
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
                raise self.fail(self.line_of(item, "op"), f"{what} has unknown op {show(op)}{op_hint(op)}") from None
            if value is not None:
                raise self.fail(
                    self.line_of(item, "value"),
                    f'{what} has a "value", but only variables and constants hold one',
                )
            self.check_params(item, params, opdef, f"{op} {what}" if named else what)  # (the op named too)
            array = None
        else:
            if op is not None:
                raise self.fail(
                    self.line_of(item, "op"),
                    f'{what} has "op" {show(op)}, but only op nodes have an op ("op" must be null)',
                )
            if params:
                raise self.fail(self.line_of(item, "params"), f'{what} has "params", but only ops take parameters')
            if "value" not in item:
                raise self.fail(line, f'{what} has no "value"')
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

    @staticmethod
    def node_words(name: str | None, kind: Any, op: Any) -> str:
        """A node entry as an error names it: by the name its card will show (`node Φ`), else,
        as the message's line points into the entry, `this matmul node` (an unknown op is not
        a card's name: `this node`)."""
        if name is not None:
            return "node " + node_ref(display_name(name), name)
        if kind == "op" and isinstance(op, str) and _known(op):
            return f"this {op} node"
        return f"this {kind}" if kind in ("variable", "constant") else "this node"

    def read_trainable(self, item: PosDict, kind: str, what: str) -> bool:
        """Optional, variables only; absent means trainable."""
        if "trainable" not in item:
            return True
        trainable = item["trainable"]
        if kind != "variable":
            raise self.fail(self.line_of(item, "trainable"), f'{what} has "trainable", but only variables train')
        if not isinstance(trainable, bool):
            raise self.fail(
                self.line_of(item, "trainable"), f'{what}: "trainable" must be true or false, found {show(trainable)}'
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
        nodes = {node.id: node for node in graph.nodes()}  # (a dict's lookup per end, not networkx's views)
        for item in edges:
            if not isinstance(item, PosDict):
                raise self.fail(list_line, f'every entry of "edges" must be an object, found {json_type(item)}')
            line = item.line
            self.check_keys(item, EDGE_KEYS, "an edge")
            src, dst, port = item.get("from"), item.get("to"), item.get("port")
            for key, value in (("from", src), ("to", dst)):
                if not isinstance(value, str):
                    raise self.fail(line, f'an edge needs "{key}": a node id, found {show(value)}')
                if value not in nodes:
                    direction = "comes from" if key == "from" else "goes to"
                    raise self.fail(line, f'an edge {direction} an unknown node "{value}"')
            if isinstance(port, bool) or not isinstance(port, int):
                raise self.fail(line, f'an edge needs "port": a whole number, found {show(port)}')
            target = nodes[dst]
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
                raise self.fail(line, f'every entry of "groups" must be an object, found {json_type(item)}')
            self.read_group(graph, item)

    def read_group(self, graph: Graph, item: PosDict) -> None:
        gid = item.get("id")
        if not isinstance(gid, str) or not gid.strip():
            raise self.fail(self.line_of(item, "id"), 'a group needs an "id" (non-empty text)')
        name = item.get("name")
        named = isinstance(name, str) and bool(name.strip())
        what = f"group {node_ref(name, gid)}" if named else "this group"  # (as its frame is titled)
        self.check_keys(item, GROUP_KEYS, what)
        if gid in graph.groups:
            raise self.fail(item.line, f'two groups have the id "{gid}"')
        if not named:
            raise self.fail(self.line_of(item, "name"), f'{what} needs a "name" (non-empty text)')
        nodes = item.get("nodes")
        nodes_line = self.line_of(item, "nodes")
        if not isinstance(nodes, list) or not all(isinstance(n, str) for n in nodes):
            raise self.fail(nodes_line, f'{what}: "nodes" must be a list of node ids, found {show(nodes)}')
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
                self.line_of(item, "collapsed"), f'{what}: "collapsed" must be true or false, found {show(collapsed)}'
            )
        try:
            graph.groups.add(nodes, name, collapsed=collapsed, group_id=gid)
        except GraphError as exc:
            raise self.fail(item.line, exc.message) from None


def _known(op: str) -> bool:
    try:
        get_op(op)
    except GraphError:
        return False
    return True
