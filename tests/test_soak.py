"""Soak: random editing through the undo commands, with saving and opening, backward passes and
exports in between. After every action the model is consistent and the canvas shows it; at the end
undoing everything gives the start back exactly, and redoing everything gives the end.

A short run is part of the suite. A long one: `python -m tests.fuzz --soak ACTIONS` (or
GRAPHVIZ_SOAK_ACTIONS=20000 python -m pytest tests/test_soak.py).
"""

from __future__ import annotations

import os
import random
import xml.etree.ElementTree as ET

import numpy as np
import pytest

from graphviz_app.core import engine, fileformat
from graphviz_app.core.errors import UserError
from graphviz_app.core.expr import parse_expression
from graphviz_app.core.ops import all_ops, get_op
from graphviz_app.core.values import parse_value
from graphviz_app.export.save import ExportSettings, export_still
from graphviz_app.ui.commands.common import try_push
from graphviz_app.ui.commands.edges import ConnectCommand
from graphviz_app.ui.commands.nodes import AddNodeCommand, RemoveNodesCommand, RenameCommand, SetValueCommand

ACTIONS = int(os.environ.get("GRAPHVIZ_SOAK_ACTIONS", "150"))
OPS = [op.name for op in all_ops()]
NAMES = ["a", "b", "h", "loss", "", "x", "θ₁", "y_hat", "x\x01", "bad name", "x\ud800", "1x", "W"]
VALUE_TEXTS = ["1.5", "[1, 2]", "[[1, 0], [0, 1]]", "1" * 5000, "1e999", "[1, [2]]", '"NaN"', "[]", "x"]


def check_model(graph) -> None:
    """Everything the file format, the engine and the canvas rely on."""
    ids = set(graph.node_ids())
    taken = set()
    for edge in graph.edges():
        assert edge.src in ids and edge.dst in ids
        node = graph.node(edge.dst)
        assert node.kind == "op" and 0 <= edge.port < get_op(node.op).arity
        assert (edge.dst, edge.port) not in taken
        taken.add((edge.dst, edge.port))
    graph.topological_order()  # raises on a cycle
    assert graph.output is None or graph.output in ids
    names = [n.name for n in graph.nodes() if n.name]
    assert len(names) == len(set(names))
    for node in graph.nodes():
        if node.is_input:
            assert isinstance(node.value, np.ndarray) and node.value.ndim <= 2 and node.value.dtype == float
        else:
            assert node.value is None


def check_scene(scene) -> None:
    graph = scene.graph
    assert set(scene.node_items()) == set(graph.node_ids())
    assert set(scene.edge_items()) == {tuple(e) for e in graph.edges()}


class Editor:
    """Random edits as the editor makes them: each a command on the undo stack, or refused."""

    def __init__(self, rng: random.Random, scene, folder):
        self.rng, self.scene, self.folder = rng, scene, folder
        self.graph, self.stack = scene.graph, scene.undo_stack
        self.refused: list[str] = []

    def push(self, make) -> None:
        try_push(self.stack, make, self.refused.append)

    def pick(self, nodes=None):
        ids = self.graph.node_ids() if nodes is None else nodes
        return self.rng.choice(ids) if ids else None

    def add(self):
        kind = self.rng.choice(["variable", "constant", "op", "op"])
        op = self.rng.choice(OPS) if kind == "op" else None
        pos = (self.rng.uniform(-800, 800), self.rng.uniform(-500, 500))
        self.push(lambda: AddNodeCommand(self.graph, kind, op, pos=pos))

    def connect(self):
        ops = [n.id for n in self.graph.nodes() if n.kind == "op"]
        dst, src = self.pick(ops), self.pick()
        if dst and src:
            port = self.rng.randrange(get_op(self.graph.node(dst).op).arity)
            self.push(lambda: ConnectCommand(self.graph, src, dst, port))

    def set_value(self):
        nid = self.pick([n.id for n in self.graph.nodes() if n.is_input])
        if nid:
            shape = self.rng.choice([(), (2,), (3,), (2, 2)])
            value = np.round(np.random.default_rng(self.rng.randrange(10**6)).normal(size=shape), 3)
            self.push(lambda: SetValueCommand(self.graph, nid, value))

    def set_value_as_text(self):
        """The value dialog's "Apply text": parse_value first, a refused text changes nothing."""
        nid = self.pick([n.id for n in self.graph.nodes() if n.is_input])
        if nid:
            text = self.rng.choice(VALUE_TEXTS)
            self.push(lambda: SetValueCommand(self.graph, nid, parse_value(text)))

    def delete(self):
        chosen = self.rng.sample(self.graph.node_ids(), min(self.rng.randint(1, 2), len(self.graph)))
        if chosen:
            self.push(lambda: RemoveNodesCommand(self.graph, chosen))

    def rename(self):
        nid = self.pick()
        if nid:
            name = self.rng.choice(NAMES)
            self.push(lambda: RenameCommand(self.graph, nid, name))

    def undo(self):
        if self.stack.canUndo():
            self.stack.undo()

    def redo(self):
        if self.stack.canRedo():
            self.stack.redo()

    def save_and_open(self):
        path = self.folder / "soak.json"
        fileformat.save(self.graph, path)
        assert fileformat.dumps(fileformat.load(path)) == fileformat.dumps(self.graph)

    def backward(self):
        if self.graph.output is None:
            outs = [n.id for n in self.graph.nodes() if n.kind == "op"]
            if not outs:
                return
            self.graph.set_output(self.rng.choice(outs))  # (as the canvas's output toggle; undone below)
        try:
            evaluation = engine.evaluate(self.graph)
            engine.backward(self.graph, evaluation=evaluation, seed="jacobian")
        except UserError as exc:
            assert exc.message and "\n" not in exc.message

    def export(self):
        if not len(self.graph):
            return
        fmt = self.rng.choice(["png", "svg"])
        path = self.folder / f"soak.{fmt}"
        try:
            export_still(self.scene, path, ExportSettings(fmt))
        except UserError as exc:
            assert "\n" not in exc.message
            return
        if fmt == "svg":
            ET.parse(path)


WEIGHTS = {
    "add": 6,
    "connect": 6,
    "set_value": 3,
    "set_value_as_text": 2,
    "delete": 2,
    "rename": 3,
    "undo": 3,
    "redo": 2,
    "save_and_open": 1,
    "backward": 1,
    "export": 1,
}


def soak(drawn_scene, seed: int, actions: int, folder) -> dict[str, int]:
    start_graph = parse_expression("sum(tanh(W @ x + b))")
    scene = drawn_scene(start_graph)
    stack = scene.undo_stack
    graph = scene.graph
    output = graph.output
    start = fileformat.dumps(graph)
    rng = random.Random(seed)
    editor = Editor(rng, scene, folder)
    names, weights = list(WEIGHTS), list(WEIGHTS.values())
    counts = dict.fromkeys(names, 0)
    for _ in range(actions):
        action = rng.choices(names, weights)[0]
        getattr(editor, action)()
        counts[action] += 1
        if graph.output != output and action == "backward":
            graph.set_output(output if output in graph else None)  # the toggle above is not an edit
        check_model(graph)
        scene.evaluator.refresh()
        check_scene(scene)
    while stack.canRedo():  # (the last actions may have been undos)
        stack.redo()
    end = fileformat.dumps(graph)
    while stack.canUndo():
        stack.undo()
        check_model(graph)
    if output in graph:
        graph.set_output(output)
    assert fileformat.dumps(graph) == start
    check_scene(scene)
    while stack.canRedo():
        stack.redo()
    assert fileformat.dumps(graph) == end
    check_scene(scene)
    counts["refused"] = len(editor.refused)
    return counts


@pytest.mark.parametrize("seed", [11, 12])
def test_random_editing_with_saves_backward_and_exports(drawn_scene, tmp_path, seed):
    counts = soak(drawn_scene, seed, ACTIONS, tmp_path)
    assert counts["refused"] > 0  # hostile names and values were offered, and refused
    assert sum(v for k, v in counts.items() if k != "refused") == ACTIONS
