"""Animation speed on a 200-node graph in the real (offscreen) main window.

(1) one animation frame: the marker moved along the step's edge (overlay given
    to the scene) and the canvas viewport repainted.            Target ≤ 16 ms.
(2) one step from the keyboard (Right, then Left), through the event loop: from the key
    press to the canvas painted with the new step.               Target ≤ 16 ms.
    The Inspector follows one event-loop turn later (after the canvas has painted); the
    time until it too is painted is printed next to it.
(3) starting Backward (F6): evaluation, backward trace, first overlay and Inspector.
(E) --edit: only an edit to a value until the canvas is painted, in the window, with View → Live
    gradients off and on, at 1000 and 5000 nodes (targets 50 and 150 ms).
(B) --edit-backward: only an edit to a value while Backward shows a step, at 200, 1000 and 5000 nodes:
    until the pass has run again and the Inspector shows it (aim: a few hundred ms at most).
(1st) --first-f6: the first F6 of a session, in fresh processes: whether it waits for sympy's import
    (the program and g.show() import it a moment after the window shows; a bare MainWindow does not).
(0) first, F6 until the Inspector is painted on generated graphs of 1000 and 5000 nodes
    (targets 150 and 400 ms); --f6 stops after these, --profile profiles them too.

Medians (and the worst) of repeated runs. Run:
    QT_QPA_PLATFORM=offscreen python benchmarks/animation.py [--f6 | --edit | --edit-backward | --first-f6] [--profile]
"""

from __future__ import annotations

import cProfile
import gc
import os
import pstats
import statistics
import sys
import time
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
os.environ.setdefault("GRAPHVIZ_APP_SETTINGS", "test")  # keep the user's settings out of it
ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

import numpy as np  # noqa: E402
from _window import PaintClock, main_window  # noqa: E402
from PySide6.QtCore import Qt  # noqa: E402
from PySide6.QtTest import QTest  # noqa: E402
from PySide6.QtWidgets import QApplication  # noqa: E402

from graphviz_app.core.autolayout import apply_layout  # noqa: E402
from graphviz_app.core.graph import Graph  # noqa: E402
from graphviz_app.core.sample_graphs import branching_chains  # noqa: E402
from graphviz_app.ui.animation import overlay_builder as ob  # noqa: E402

TARGET_MS = 16.0


def build_graph(variables: int = 18, chain: int = 4) -> Graph:
    """198 nodes: vector variables through two chains each, added pairwise, summed; laid out."""
    g = branching_chains(variables, chain)
    apply_layout(g)
    return g


def ms(seconds: float) -> float:
    return seconds * 1000.0


def report(name: str, samples: list[float]) -> None:
    med, worst = statistics.median(samples), max(samples)
    mark = "OK " if med <= TARGET_MS else "SLOW"
    print(
        f"{mark} {name:<44} median {med:7.2f} ms   worst {worst:7.2f} ms   (target {TARGET_MS:.0f} ms, n={len(samples)})"
    )


F6_SIZES = ((1000, 150.0), (5000, 400.0))[1 if "--large" in sys.argv else 0 : 1 if "--small" in sys.argv else 2]


def f6_to_inspector(app: PaintClock, nodes: int, profile: bool, runs: int = 5) -> list[float]:
    """F6 on a generated graph of about `nodes` nodes (branching_chains, laid out, opened in the
    window) until the Inspector has painted its first step: evaluation, backward trace, first
    overlay, the Inspector built and painted. Escape between runs. ms."""
    graph = branching_chains(round(nodes / 11), 4)
    apply_layout(graph)
    window = main_window(graph)
    settled = time.perf_counter()
    while time.perf_counter() - settled < 1.0:  # the opened graph's evaluation and first paints
        app.processEvents()
    inspector = window.animation.inspector
    times = []
    prof = cProfile.Profile() if profile else None
    full = FullCollections()
    for _ in range(runs):
        app.clear()
        full.run_starts()
        t0 = time.perf_counter()
        if prof:
            prof.enable()
        window.action("backward").trigger()  # F6's action (a second window offscreen may not get keys)
        while time.perf_counter() - t0 < 30 and not (
            window.animation.controller.active and app.painted_in(inspector, t0, last=False)
        ):
            app.processEvents()
        if prof:
            prof.disable()
        times.append(ms(max(app.painted_in(inspector, t0, last=False), default=float("nan")) - t0))
        # Esc's action, as F6's: a key sent to this second window offscreen may not arrive, and F6
        # would then first end the running animation (clearing its overlay), which is not timed here
        window.action("stop").trigger()
        app.processEvents()
    full.report(times)
    print_phases(window)
    if prof:
        print(f"--- F6 at {len(window.graph)} nodes, cumulative:")
        pstats.Stats(prof).sort_stats("cumulative").print_stats(os.environ.get("PROFILE_FILTER", ""), 30)
    print(f"     graph of {len(window.graph)} nodes")
    window.undo_stack.setClean()
    window.close()
    return times


class FullCollections:
    """Which timed runs held one of Python's full (generation 2) garbage collections: one comes every
    few F6 runs wherever the allocations add up. It walked every object of the window (at 5000 nodes
    140-220 ms) until a large document was left out of the passes once opened (GraphScene._rebuild):
    now it walks what is new since (10-30 ms)."""

    def __init__(self) -> None:
        self.runs: list[float] = []  # ms of full collections in each run
        self._started = 0.0
        gc.callbacks.append(self._note)

    def _note(self, phase: str, info: dict) -> None:
        if info["generation"] != 2:
            return
        if phase == "start":
            self._started = time.perf_counter()
        elif self.runs:
            self.runs[-1] += ms(time.perf_counter() - self._started)

    def run_starts(self) -> None:
        self.runs.append(0.0)

    def report(self, times: list[float]) -> None:
        gc.callbacks.remove(self._note)
        clean = [t for t, c in zip(times, self.runs) if not c]
        print(
            f"     full garbage collections inside {sum(1 for c in self.runs if c)} of {len(times)} runs "
            f"({', '.join(f'{c:.0f}' for c in self.runs if c) or 'none'} ms); "
            f"runs without one: median {statistics.median(clean) if clean else float('nan'):.0f} ms"
        )


def edit_to_canvas(
    app: PaintClock, nodes: int, live: bool, profile: bool, runs: int = 9
) -> tuple[list[float], list[float]]:
    """An edit to a variable's value (one undo command) until the canvas is painted again, in the
    window, with View → Live gradients on or off (on: every card's gradient badge follows). ms, and
    the process's CPU ms over the same span (steadier than the wall clock on a loaded machine)."""
    from graphviz_app.ui.commands.nodes import SetValueCommand

    graph = branching_chains(round(nodes / 11), 4)
    apply_layout(graph)
    window = main_window(graph)
    window.action("live_gradients").setChecked(live)
    app.processEvents()
    graph, viewport = window.graph, window.view.viewport()
    variable = next(n for n in graph.nodes() if n.kind == "variable")
    prof = cProfile.Profile() if profile else None
    times, cpu = [], []
    for i in range(runs):
        app.clear()
        t0, c0 = time.perf_counter(), time.process_time()
        if prof:
            prof.enable()
        value = variable.value * 0 + 0.1 * (i + 1)
        window.undo_stack.push(SetValueCommand(graph, variable.id, value))
        evaluator = window.scene.evaluator
        while not np.array_equal(evaluator.evaluation.values.get(variable.id), value) and time.perf_counter() - t0 < 30:
            app.processEvents()  # (evaluation is scheduled: wait for the one that has the new value)
        shown = time.perf_counter()
        while not app.painted_in(viewport, shown) and time.perf_counter() - shown < 1:
            app.processEvents()
        if prof:
            prof.disable()
        times.append(ms(max(app.painted_in(viewport, shown), default=float("nan")) - t0))
        cpu.append(ms(time.process_time() - c0))
    if prof:
        print(f"--- edit at {len(graph)} nodes, live gradients {'on' if live else 'off'}, cumulative:")
        pstats.Stats(prof).sort_stats("cumulative").print_stats(os.environ.get("PROFILE_FILTER", ""), 30)
    window.action("live_gradients").setChecked(False)
    window.undo_stack.setClean()
    window.close()
    return times, cpu


def edit_during_backward(app: PaintClock, nodes: int, profile: bool, runs: int = 7) -> tuple[list, list, list]:
    """An edit to a variable's value (one undo command) while Backward shows its fourth step: until
    the pass has run again (the controller's trace holds the new value) and then until the Inspector
    has painted it (one event-loop turn later). The canvas repaints only what the edit changed on
    screen, often nothing (the variable's card off screen, the step's labels unchanged): waiting for
    its paint would wait for nothing. ms: to the pass run again, to the Inspector painted, and the
    process's CPU over the whole span."""
    from graphviz_app.ui.commands.nodes import SetValueCommand

    graph = branching_chains(round(nodes / 11), 4)
    apply_layout(graph)
    window = main_window(graph)
    graph, c, inspector = window.graph, window.animation.controller, window.animation.inspector
    variable = next(n for n in graph.nodes() if n.kind == "variable")
    window.action("backward").trigger()
    for _ in range(3):
        window.action("step_forward").trigger()
    c.finish_marker()
    app.processEvents()
    prof = cProfile.Profile() if profile else None
    rerun, shown, cpu = [], [], []
    for i in range(runs):
        value = variable.value * 0 + 0.1 * (i + 1)
        app.clear()
        t0, c0 = time.perf_counter(), time.process_time()
        if prof:
            prof.enable()
        window.undo_stack.push(SetValueCommand(graph, variable.id, value))
        while not np.array_equal(c.trace.values.get(variable.id), value) and time.perf_counter() - t0 < 30:
            app.processEvents()  # (the scene evaluates on the next turn, then the pass runs again)
        ran = time.perf_counter()
        while not app.painted_in(inspector, ran) and time.perf_counter() - ran < 2:
            app.processEvents()
        if prof:
            prof.disable()
        cpu.append(ms(time.process_time() - c0))
        rerun.append(ms(ran - t0))
        shown.append(ms(max(app.painted_in(inspector, ran), default=float("nan")) - t0))
    assert c.active and c.k == 3, "the animation should still show the same step"
    if prof:
        print(f"--- edit during Backward at {len(graph)} nodes, cumulative:")
        pstats.Stats(prof).sort_stats("cumulative").print_stats(os.environ.get("PROFILE_FILTER", ""), 30)
    window.undo_stack.setClean()
    window.close()
    return rerun, shown, cpu


FIRST_F6 = """
import sys, time
sys.path.insert(0, {benchmarks!r})
from _window import PaintClock
app = PaintClock(sys.argv[:1])
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QMessageBox
from graphviz_app.core.autolayout import apply_layout
from graphviz_app.core.sample_graphs import branching_chains
graph = branching_chains(91, 4)
apply_layout(graph)
if {how!r} == "program":  # the window as `graphviz-app` starts it, the graph opened as a file
    from graphviz_app.ui.app import launch_window
    from _window import open_graph
    window = launch_window(app)
    QTest.qWaitForWindowExposed(window)
    open_graph(window, graph)
elif {how!r} == "api":  # g.show() in a script or notebook
    from graphviz_app.api.window import open_window
    window = open_window(graph)
    QTest.qWaitForWindowExposed(window)
else:  # a bare MainWindow, as the walk's scripts and the other benchmarks make it
    from _window import main_window
    window = main_window(graph)
window.files.ask_unsaved = lambda: QMessageBox.StandardButton.Discard
start = time.perf_counter()
while time.perf_counter() - start < {wait}:
    app.processEvents()
from graphviz_app.ui.app import formulas_loaded
loaded = formulas_loaded()  # (the import finished, not merely begun)
from graphviz_app.ui.animation.formula_view import FormulaView
inspector = window.animation.inspector
def formula():  # (read without asking the Inspector for its panel, which would bring it up to date)
    return any(v.text() and v.isVisibleTo(inspector) for v in inspector.findChildren(FormulaView))
app.clear()
t0, c0 = time.perf_counter(), time.process_time()
window.action("backward").trigger()
while not formula() and time.perf_counter() - t0 < 30:
    app.processEvents()
written = time.perf_counter()
while not app.painted_in(inspector, written) and time.perf_counter() - written < 5:
    app.processEvents()
painted = max(app.painted_in(inspector, written), default=float("nan")) - t0
print(f"{{painted * 1000:.0f}} {{(time.process_time() - c0) * 1000:.0f}} {{loaded}} {{formula()}}")
window.undo_stack.setClean()
"""


def first_f6(how: str, wait: float, runs: int = 3) -> None:
    """The first F6 of a session in a fresh process, `wait` seconds after a 1000-node graph was
    opened (how: "program", the window as `graphviz-app` starts it; "api", `g.show()`; "bare", a
    MainWindow made alone): until the Inspector has painted the step with its formula."""
    import subprocess

    script = FIRST_F6.format(benchmarks=str(ROOT / "benchmarks"), wait=wait, how=how)
    env = dict(os.environ, PYTHONPATH=str(ROOT))
    rows = []
    for _ in range(runs):
        out = subprocess.run([sys.executable, "-c", script], env=env, capture_output=True, text=True, timeout=300)
        if out.returncode or not out.stdout.split():
            print(f"     (a run failed: {out.stderr.strip().splitlines()[-1:]})")
        rows.append(out.stdout.split() or ["nan", "nan", "?", "?"])
    wall = [float(r[0]) for r in rows]
    print(
        f"     first F6 ({how}) {wait:.1f} s after the graph opened, until the Inspector painted it with its formula: "
        f"{', '.join(f'{w:.0f}' for w in wall)} ms (CPU {', '.join(r[1] for r in rows)} ms); "
        f"sympy loaded before F6: {', '.join(r[2] for r in rows)}"
    )


def print_phases(window, runs: int = 5) -> None:
    """F6's parts one by one (CPU time, medians): which part of the wait is whose. Under load the
    wall-clock figures above swing by ±40 %; these swing less."""
    from graphviz_app.core import engine

    graph, ui = window.graph, window.animation
    phases: dict[str, list[float]] = {}

    def timed(name, fn):
        t0 = time.process_time()
        out = fn()
        phases.setdefault(name, []).append(ms(time.process_time() - t0))
        return out

    for _ in range(runs):
        ev = timed("evaluate (engine; F6 reuses the scene's)", lambda: engine.evaluate(graph))
        trace = timed("backward trace (engine)", lambda e=ev: engine.backward(graph, evaluation=e))
        overlay = timed(
            "first overlay (overlay_builder)",
            lambda t=trace: ob.backward_overlay(graph, t, 0, ui.controller.convention),
        )
        timed("overlay given to the scene (canvas)", lambda o=overlay: window.scene.overlay_presenter.show(o))
        timed("cards repainted (canvas)", lambda: window.view.viewport().repaint())
        ui.controller.start_backward(graph, trace)
        ui.inspector.node = ui.controller.active_node()
        timed("Inspector content and layout", ui.inspector.refresh)
        timed("Inspector painted", ui.inspector.repaint)
        ui.controller.stop()
        window.scene.overlay_presenter.show(None)
    for name, samples in phases.items():
        print(f"       {name:<44} {statistics.median(samples):7.1f} ms")


def main() -> None:
    profile = "--profile" in sys.argv
    if "--first-f6" in sys.argv:
        for how in ("program", "api", "bare"):
            first_f6(how, 1.5)
        first_f6("program", 0.0)
        return
    app = QApplication.instance() or PaintClock(sys.argv)
    import sympy  # noqa: F401  (the first formula imports it, once per run: not what is timed)

    if "--edit-backward" in sys.argv:
        for nodes in (200, 1000, 5000):
            rerun, shown, cpu = edit_during_backward(app, nodes, profile)
            print(
                f"     edit during Backward, {nodes} nodes: pass run again median {statistics.median(rerun):.0f} ms, "
                f"Inspector painted median {statistics.median(shown):.0f} ms, worst {max(shown):.0f} ms "
                f"(n={len(shown)}); CPU median {statistics.median(cpu):.0f} ms"
            )
        return

    if "--edit" in sys.argv:
        for nodes, target in ((1000, 50.0), (5000, 150.0))[: 1 if "--small" in sys.argv else 2]:
            for live in (False, True):
                times, cpu = edit_to_canvas(app, nodes, live, profile)
                med = statistics.median(times)
                mark = "OK " if med <= target else "SLOW"
                print(
                    f"{mark} edit until the canvas is painted, {nodes} nodes, live gradients {'on ' if live else 'off'}: "
                    f"median {med:.0f} ms, worst {max(times):.0f} ms (target {target:.0f} ms, n={len(times)}); "
                    f"CPU median {statistics.median(cpu):.0f} ms"
                )
        return
    for nodes, target in F6_SIZES:
        times = f6_to_inspector(app, nodes, profile)
        med = statistics.median(times)
        mark = "OK " if med <= target else "SLOW"
        print(
            f"{mark} F6 until the Inspector is painted, {nodes} nodes: median {med:.0f} ms, "
            f"worst {max(times):.0f} ms (target {target:.0f} ms, n={len(times)})"
        )
    if "--f6" in sys.argv:
        return
    window = main_window(build_graph())
    app.processEvents()
    ui, c = window.animation, window.animation.controller
    viewport, inspector = window.view.viewport(), ui.inspector
    print(f"graph: {len(window.graph)} nodes")

    t0 = time.perf_counter()
    QTest.keyClick(window.view, Qt.Key_F6)
    app.processEvents()
    viewport.repaint()
    inspector.repaint()
    start_ms = ms(time.perf_counter() - t0)
    print(f"     start Backward (F6): evaluate + trace + overlay + inspector: {start_ms:.1f} ms ({c.count} steps)")

    # (1) frames: the marker travels along each edge of a mid step
    c.seek(c.count // 2)
    c.finish_marker()
    base = c._base
    k = next(i for i in range(c.count // 2, c.count) if ob.step_edges(c.trace, i))
    c.seek(k)
    c.finish_marker()
    app.processEvents()  # the Inspector's turn for this step, before the frames are timed
    base = c._base
    edge = ob.step_edges(c.trace, k)[0]
    frames = []
    for i in range(60):
        t = time.perf_counter()
        c._show(ob.marker_overlay(base, edge, i / 59))
        viewport.repaint()
        frames.append(ms(time.perf_counter() - t))
    report("animation frame (marker + full canvas repaint)", frames)
    dirty = []
    for i in range(60):
        t = time.perf_counter()
        c._show(ob.marker_overlay(base, edge, i / 59))
        app.processEvents()  # Qt repaints only the marker's old and new places
        dirty.append(ms(time.perf_counter() - t))
    report("animation frame (marker, event-loop repaint)", dirty)

    # (2) keyboard steps: Right and Left, with everything they redraw
    def step(key) -> float:
        """Not what a user sees: the whole canvas and the Inspector repainted, synchronously."""
        t = time.perf_counter()
        QTest.keyClick(window.view, key)
        c.finish_marker()
        inspector.flush()
        app.processEvents()
        viewport.repaint()
        inspector.repaint()
        return ms(time.perf_counter() - t)

    seen_inspector = []

    def step_as_seen(key) -> float:
        """What the user waits for: from the key to the canvas painted with the new step (Qt
        repainting, in the event loop, only what changed). The Inspector's turn comes after."""
        app.clear()
        t = time.perf_counter()
        QTest.keyClick(window.view, key)
        c.finish_marker()
        app.processEvents()
        end = time.perf_counter()
        seen_inspector.append(ms(end - t))
        return ms(app.first.get(viewport, end) - t)

    c.seek(0)
    forward = [step(Qt.Key_Right) for _ in range(min(60, c.count - 1))]
    back = [step(Qt.Key_Left) for _ in range(len(forward))]
    both = forward + back
    print(
        f"     upper bound, everything forced at once (key, Inspector built, whole canvas and Inspector "
        f"repainted): median {statistics.median(both):.1f} ms, worst {max(both):.1f} ms"
    )
    seen_forward = [step_as_seen(Qt.Key_Right) for _ in range(min(60, c.count - 1))]
    seen_back = [step_as_seen(Qt.Key_Left) for _ in range(len(seen_forward))]
    report("keyboard step forward (Right): canvas shows it", seen_forward)
    report("keyboard step back (Left): canvas shows it", seen_back)
    print(
        f"     ... and the Inspector too, one turn later: median {statistics.median(seen_inspector):.1f} ms, "
        f"worst {max(seen_inspector):.1f} ms"
    )

    # where a step's time goes
    parts = {
        "overlay built": [],
        "overlay applied to the scene": [],
        "inspector rebuilt": [],
        "canvas repainted (whole view)": [],
        "inspector repainted": [],
    }
    for k in range(min(60, c.count)):
        t = time.perf_counter()
        overlay = c.overlay_at(k)
        t1 = time.perf_counter()
        window.scene.overlay_presenter.show(overlay)
        t2 = time.perf_counter()
        inspector.show_node(c.trace.steps[k].node)
        t3 = time.perf_counter()
        viewport.repaint()
        t4 = time.perf_counter()
        inspector.repaint()
        t5 = time.perf_counter()
        for name, dt in zip(parts, (t1 - t, t2 - t1, t3 - t2, t4 - t3, t5 - t4)):
            parts[name].append(ms(dt))
    print(
        "     a step, part by part (medians):  "
        + ",  ".join(f"{name} {statistics.median(v):.1f} ms" for name, v in parts.items())
    )

    if profile:
        prof = cProfile.Profile()
        prof.enable()
        for _ in range(20):
            step(Qt.Key_Right)
        for _ in range(20):
            step(Qt.Key_Left)
        prof.disable()
        pstats.Stats(prof).sort_stats("cumulative").print_stats(25)
    c.stop()
    window.close()


if __name__ == "__main__":
    main()
