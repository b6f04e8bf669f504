"""The diagram file's layout: its format name, versions, the fields each object may have, its limits."""

from __future__ import annotations

MAX_NODES = 50_000  # each node costs a few kB loaded (networkx), and the canvas draws each
MAX_COORDINATE = 1e7  # |x| and |y| of a node's position; the canvas and exports work within this

FORMAT = "graphviz_app"
VERSION = 1
GROUPS_VERSION = 2  # version 2 adds "groups"; a diagram without groups is still written as version 1
TOP_KEYS = ("format", "version", "output", "nodes", "edges", "groups")
NODE_KEYS = ("id", "kind", "op", "name", "value", "pos", "params", "trainable")
EDGE_KEYS = ("from", "to", "port")
GROUP_KEYS = ("id", "name", "nodes", "collapsed")
