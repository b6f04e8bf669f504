"""200 random editor actions, then undo of all of them gives the start back exactly; redo gives the end."""

import random

import numpy as np
import pytest
from PySide6.QtGui import QUndoStack
from ui.canvas_helpers import dump

from graphviz_app.core.expr import parse_expression
from graphviz_app.core.ops import all_ops
from graphviz_app.ui import clipboard
from graphviz_app.ui.canvas import GraphScene, GraphView
from graphviz_app.ui.commands.common import try_push
from graphviz_app.ui.commands.document import LayoutCommand
from graphviz_app.ui.commands.edges import ConnectCommand, DisconnectCommand
from graphviz_app.ui.commands.nodes import (
    AddNodeCommand,
    MoveNodesCommand,
    RemoveNodesCommand,
    RenameCommand,
    SetKindCommand,
    SetOutputCommand,
    SetParamsCommand,
    SetValueCommand,
)

OPS = [op.name for op in all_ops()]


def scene_matches_model(scene) -> None:
    g = scene.graph
    assert set(scene.node_items()) == set(g.node_ids())
    assert set(scene.edge_items()) == {tuple(e) for e in g.edges()}
    for nid, item in scene.node_items().items():
        assert item.pos().toTuple() == g.node(nid).pos
        assert item.is_output == (g.output == nid)
    for key, edge in scene.edge_items().items():
        assert edge.path().pointAtPercent(0) == scene.port_pos(key[0], True)
        assert edge.path().pointAtPercent(1) == scene.port_pos(key[1], False, key[2])


class Editor:
    def __init__(self, rng, scene, view):
        self.rng, self.scene, self.view = rng, scene, view
        self.g, self.stack = scene.graph, scene.undo_stack

    def ids(self):
        return self.g.node_ids()

    def push(self, make):
        try_push(self.stack, make)

    def add(self):
        r = self.rng
        kind = r.choice(["variable", "constant", "op", "op", "op"])
        op = r.choice(OPS) if kind == "op" else None
        self.push(lambda: AddNodeCommand(self.g, kind, op, pos=(r.uniform(-500, 500), r.uniform(-300, 300))))

    def connect(self):
        ops = [n.id for n in self.g.nodes() if n.kind == "op"]
        if ops and self.ids():
            dst = self.rng.choice(ops)
            from graphviz_app.core.ops import get_op

            port = self.rng.randrange(get_op(self.g.node(dst).op).arity)
            self.push(lambda: ConnectCommand(self.g, self.rng.choice(self.ids()), dst, port))

    def disconnect(self):
        edges = self.g.edges()
        if edges:
            e = self.rng.choice(edges)
            self.push(lambda: DisconnectCommand(self.g, e.dst, e.port))

    def move(self):
        chosen = self.rng.sample(self.ids(), min(3, len(self.ids())))
        moves = {n: (self.g.node(n).pos, (self.rng.uniform(-600, 600), self.rng.uniform(-400, 400))) for n in chosen}
        if moves:
            self.push(lambda: MoveNodesCommand(self.g, moves))

    def nudge(self):
        if self.ids():
            self.scene.select_nodes(self.rng.sample(self.ids(), min(2, len(self.ids()))))
            self.view.editor.nudge_selection(10, -10)

    def set_value(self):
        inputs = [n.id for n in self.g.nodes() if n.is_input]
        if inputs:
            shape = self.rng.choice([(), (2,), (3,), (2, 3)])
            value = np.round(np.random.default_rng(self.rng.randrange(10**6)).normal(size=shape), 3)
            nid = self.rng.choice(inputs)
            self.push(lambda: SetValueCommand(self.g, nid, value))

    def rename(self):
        if self.ids():
            nid = self.rng.choice(self.ids())
            name = self.rng.choice(["a", "b", "h", "loss", "", "x"])
            self.push(lambda: RenameCommand(self.g, nid, name))

    def remove(self):
        if self.ids():
            chosen = self.rng.sample(self.ids(), min(self.rng.randint(1, 3), len(self.ids())))
            edges = [tuple(e) for e in self.g.edges() if self.rng.random() < 0.2]
            self.push(lambda: RemoveNodesCommand(self.g, chosen, edges))

    def paste(self):
        if self.ids():
            chosen = self.rng.sample(self.ids(), min(3, len(self.ids())))
            payload = clipboard.fragment(self.g, chosen)
            clipboard.paste_payload(self.g, self.stack, payload, (self.rng.uniform(-200, 200), 0.0))

    def copy_paste(self):
        if self.ids():
            self.scene.select_nodes(self.rng.sample(self.ids(), min(2, len(self.ids()))))
            self.view.editor.copy()
            self.view.editor.paste()

    def duplicate(self):
        if self.ids():
            self.scene.select_nodes([self.rng.choice(self.ids())])
            self.view.editor.duplicate()

    def layout(self):
        from graphviz_app.core.autolayout import layered_layout

        self.push(lambda: LayoutCommand(self.g, layered_layout(self.g)))

    def set_output(self):
        if self.ids():
            nid = self.rng.choice(self.ids() + [None])
            self.push(lambda: SetOutputCommand(self.g, nid))

    def set_kind(self):
        inputs = [n for n in self.g.nodes() if n.is_input]
        if inputs:
            node = self.rng.choice(inputs)
            kind = "constant" if node.kind == "variable" else "variable"
            self.push(lambda: SetKindCommand(self.g, node.id, kind))

    def set_params(self):
        pows = [n.id for n in self.g.nodes() if n.op == "pow"]
        if pows:
            nid = self.rng.choice(pows)
            self.push(lambda: SetParamsCommand(self.g, nid, {"p": self.rng.choice([0.5, 2.0, 3.0])}))

    def drag_reconnect(self):
        """The connect-drag controller: pick an edge's end up and drop it on another input."""
        edges = self.g.edges()
        targets = [(item, port) for item in self.scene.node_items().values() for port in item.inputs]
        if edges and targets:
            e = self.rng.choice(edges)
            port = self.scene.node_item(e.dst).inputs[e.port]
            self.scene.connector.start(port, port.scene_center())
            _, target = self.rng.choice(targets)
            self.scene.connector.finish(target.scene_center())

    def delete_selection(self):
        if self.ids():
            self.scene.select_nodes([self.rng.choice(self.ids())])
            self.view.editor.delete_selection()


ACTIONS = [name for name in vars(Editor) if not name.startswith("_") and name not in ("ids", "push")]


@pytest.mark.parametrize("seed", [1, 2, 3])
def test_random_edits_undo_and_redo_exactly(qtbot, seed):
    g = parse_expression("sum(tanh(W @ x + b) * y)")
    stack = QUndoStack()
    scene = GraphScene(g, stack)
    view = GraphView(scene)
    scene.setParent(view)  # (destroyed with the view, on the GUI thread: not by a collection)
    stack.setParent(scene)
    qtbot.addWidget(view)
    rng = random.Random(seed)
    editor = Editor(rng, scene, view)
    start = dump(g)
    used = set()
    for _ in range(200):
        name = rng.choice(ACTIONS)
        before = stack.count()
        getattr(editor, name)()
        if stack.count() > before:
            used.add(name)
        scene.evaluator.refresh()
    assert len(used) >= len(ACTIONS) - 2
    scene_matches_model(scene)
    end = dump(g)
    assert stack.count() > 100
    while stack.canUndo():
        stack.undo()
    assert dump(g) == start
    scene_matches_model(scene)
    while stack.canRedo():
        stack.redo()
    assert dump(g) == end
    scene_matches_model(scene)
    assert scene.evaluator.evaluation is not None
