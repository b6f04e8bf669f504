"""Collapse, Expand, Dive In and Dive Out in the real (offscreen) main window, on example 08.

Each action is timed in CPU of this process (steadier than the wall clock on a shared machine),
from the action until the event loop has run what it queued (the Inspector one turn later, an
evaluation); several fresh windows, the median and the lowest. The actions, in order: Collapse
layer2 (nothing selected), its Undo (Expand, the card selected), Redo; Backward (F6); → onto
layer2's step (the Inspector's group view); Dive In; → inside; Dive Out; → off the group; ← back
onto it; and an edit of W2's value with layer2 selected (the group view built again). No target:
issue 17 asks that Dive In be instant; compare the figures of one run.

Run: QT_QPA_PLATFORM=offscreen python benchmarks/group_actions.py [runs]
"""

from __future__ import annotations

import sys
import time
from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication, QMessageBox

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from graphviz_app.resources_path import examples_dir  # noqa: E402
from graphviz_app.ui.commands.nodes import SetValueCommand  # noqa: E402
from graphviz_app.ui.main_window import MainWindow  # noqa: E402


def one_window(times: dict[str, list[float]]) -> None:
    w = MainWindow()
    w.resize(1400, 900)
    w.show()
    QApplication.processEvents()
    w.files.ask_unsaved = lambda: QMessageBox.StandardButton.Discard
    w.files.open_path(examples_dir() / "08_two_layer_network_groups.json", ask=False)
    QApplication.processEvents()
    graph, stack = w.graph, w.undo_stack
    layer2 = graph.groups.find("layer2").id
    w2 = next(n for n in graph.node_ids() if graph.node(n).name == "W2")

    def timed(name: str, action) -> None:
        QApplication.processEvents()
        start = time.process_time()
        action()
        QApplication.processEvents()
        times.setdefault(name, []).append((time.process_time() - start) * 1000)

    def key(k) -> None:
        QTest.keyClick(w.view, k)
        w.animation.controller.finish_marker()

    timed("Collapse layer2", lambda: w.scene.groups.toggle(layer2))
    timed("Undo (Expand)", stack.undo)
    timed("Redo (Collapse)", stack.redo)
    timed("Backward (F6)", w.animation.run_backward)
    timed("→ onto layer2's step", lambda: key(Qt.Key.Key_Right))
    timed("Dive In", w.action("dive_in").trigger)
    timed("→ inside layer2", lambda: key(Qt.Key.Key_Right))
    timed("Dive Out", w.action("dive_out").trigger)
    timed("→ off the group", lambda: key(Qt.Key.Key_Right))
    timed("← back onto its step", lambda: key(Qt.Key.Key_Left))
    w.animation.stop()
    QApplication.processEvents()
    w.scene.clearSelection()
    w.scene.select_items([w.scene.groups.group_item(layer2)])
    timed("edit W2, layer2 selected", lambda: stack.push(SetValueCommand(graph, w2, graph.node(w2).value * 1.01)))
    stack.setClean()
    w.close()
    w.deleteLater()
    QApplication.processEvents()


def main() -> int:
    runs = int(sys.argv[1]) if len(sys.argv) > 1 else 7
    app = QApplication.instance() or QApplication([])  # noqa: F841 (kept alive)
    times: dict[str, list[float]] = {}
    for _ in range(runs):
        one_window(times)
    print(f"example 08, CPU ms per action, {runs} windows")
    for name, values in times.items():
        values.sort()
        print(f"  {name:28s} median {values[len(values) // 2]:6.1f}   lowest {values[0]:6.1f}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
