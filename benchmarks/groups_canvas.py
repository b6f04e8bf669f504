"""Groups on the canvas, offscreen: what an edit costs the scene when the graph has groups.

480 cards (scalar chains, laid out) with 12 groups of 40 nodes; then 2000 cards in 250 groups of
8, every card moved by one command (as a layout moves them) and moved back; then 2000 cards with
50 groups of 8 collapsed one command each and expanded again (timed once each). Each other figure is the mean of an
undoable edit and its undo (or a collapse and its expand), model events and scene updates
included, without painting. No target: compare the figures of one run (the machine is shared).

Run: QT_QPA_PLATFORM=offscreen python benchmarks/groups_canvas.py
"""

from __future__ import annotations

import time

from PySide6.QtGui import QUndoStack
from PySide6.QtWidgets import QApplication

from graphviz_app.core.autolayout import apply_layout
from graphviz_app.core.sample_graphs import scalar_chains
from graphviz_app.ui.canvas.scene import GraphScene
from graphviz_app.ui.commands.groups import CollapseGroupCommand, GroupCommand
from graphviz_app.ui.commands.nodes import AddNodeCommand, MoveNodesCommand


def mean_ms(action, repeat: int = 20) -> float:
    start = time.perf_counter()
    for _ in range(repeat):
        action()
    return (time.perf_counter() - start) / repeat * 1000


def main() -> None:
    app = QApplication.instance() or QApplication([])  # noqa: F841 (kept alive)
    graph = scalar_chains(120, lambda i: 0.1, lambda _i: ["sin", "tanh"])
    apply_layout(graph)
    stack = QUndoStack()
    scene = GraphScene(graph, stack)

    def add_and_undo() -> None:
        stack.push(AddNodeCommand(graph, "variable", value=1.0))
        stack.undo()

    print(f"add a node and undo, no groups:              {mean_ms(add_and_undo):7.2f} ms")
    ids = graph.node_ids()
    for i in range(0, len(ids), 40):
        stack.push(GroupCommand(graph, ids[i : i + 40]))
    print(f"the same, 12 groups:                         {mean_ms(add_and_undo):7.2f} ms")
    for group in list(graph.groups)[:6]:
        stack.push(CollapseGroupCommand(graph, group.id, True))
    scene.show_evaluation(scene.evaluator.evaluation)
    print(f"the same, 6 of them collapsed:               {mean_ms(add_and_undo):7.2f} ms")
    other = list(graph.groups)[7].id

    def collapse_and_expand() -> None:
        stack.push(CollapseGroupCommand(graph, other, True))
        stack.undo()

    print(f"collapse a group and expand it (undo):       {mean_ms(collapse_and_expand, 5):7.2f} ms")

    # many groups: 2000 cards in 250 groups of 8, every card moved by one command (a layout)
    graph = scalar_chains(500, lambda i: 0.1, lambda _i: ["sin", "tanh"])
    apply_layout(graph)
    stack = QUndoStack()
    scene = GraphScene(graph, stack)  # noqa: F841 (kept alive: it follows the graph)
    ids = graph.node_ids()
    for i in range(0, 2000, 8):
        stack.push(GroupCommand(graph, ids[i : i + 8]))
    moves = {n: (graph.node(n).pos, (graph.node(n).pos[0] + 10, graph.node(n).pos[1])) for n in ids}

    def move_all() -> None:
        stack.push(MoveNodesCommand(graph, moves))
        stack.undo()

    print(f"move all {len(ids)} cards and undo, {len(graph.groups)} groups:  {mean_ms(move_all, 2):7.2f} ms")

    # 2000 cards with 50 groups of 8, collapsed one by one (each collapse places every card collapsed so far)
    graph = scalar_chains(500, lambda i: 0.1, lambda _i: ["sin", "tanh"])
    apply_layout(graph)
    stack = QUndoStack()
    scene = GraphScene(graph, stack)
    ids = graph.node_ids()
    for i in range(0, 400, 8):
        stack.push(GroupCommand(graph, ids[i : i + 8]))
    scene.show_evaluation(scene.evaluator.evaluation)  # (as the window shows it: the cards take their shapes from it)
    fifty = [g.id for g in graph.groups]

    start = time.perf_counter()
    for gid in fifty:
        stack.push(CollapseGroupCommand(graph, gid, True))
    collapsing = (time.perf_counter() - start) * 1000
    print(f"2000 cards, collapse 50 groups one by one:   {collapsing:7.2f} ms")
    start = time.perf_counter()
    for _gid in fifty:
        stack.undo()
    print(f"and expand them again (undo, one by one):    {(time.perf_counter() - start) * 1000:7.2f} ms")


if __name__ == "__main__":
    main()
