"""Writing a diagram file: deterministic text, one node or edge per line, saved atomically
only when it could be opened again."""

from __future__ import annotations

import json
import math
import os
from typing import Any

from . import file_schema
from .errors import FileFormatError
from .file_access import check_size, write_atomically
from .file_schema import FORMAT, GROUPS_VERSION, MAX_COORDINATE, VERSION
from .graph import Graph
from .values import to_json_value


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
    if len(graph) > file_schema.MAX_NODES:
        raise FileFormatError(
            f"the diagram has {len(graph):,} nodes; files of more than {file_schema.MAX_NODES:,} nodes cannot be opened, "
            "so it is not saved: split it into smaller diagrams"
        )
    check_size(text)
