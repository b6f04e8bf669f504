"""The diagram file: versioned JSON, one node or edge per line, saved atomically.

    {"format": "graphviz_app", "version": 1, "output": "n4",
     "nodes": [{"id", "kind", "op", "name", "value", "pos", "params"[, "trainable": false]}, ...],
     "edges": [{"from", "to", "port"}, ...]}

Version 2 adds "groups": [{"id", "name", "nodes": [ids], "collapsed"}, ...]; it is written
only for a diagram with groups, so any other diagram is saved as version 1, as before.

Loading checks everything and names the line of the problem, and a node as its card
shows it with the id the file gives it (`line 12: the edges form a cycle: matmul ("n4")
-> e ("n5") -> matmul ("n4")`); a file that loads is a graph the editor can show.
See docs/file-format.md.

This module only gathers the public names; each job has its module: file_schema (the layout
and limits), file_fields (what a field may hold, how messages name things), file_writing,
file_reading, and file_access (reaching the file: regular files only, size, atomic write).
"""

from __future__ import annotations

from .file_fields import card_ref, node_ref, pos_problem, text_problem
from .file_reading import load, loads
from .file_schema import FORMAT, GROUPS_VERSION, MAX_COORDINATE, MAX_NODES, VERSION
from .file_writing import check_savable, dumps, save

__all__ = [
    "FORMAT",
    "GROUPS_VERSION",
    "MAX_COORDINATE",
    "MAX_NODES",
    "VERSION",
    "card_ref",
    "check_savable",
    "dumps",
    "load",
    "loads",
    "node_ref",
    "pos_problem",
    "save",
    "text_problem",
]
