"""`ga.Graph`: a composition graph as a Python user holds it.

Built by `ga.trace`, read by `ga.load`, or by hand (`variable`, `constant`, `op`). Its
numbers (`value`, `gradients`, `jacobians`) come from `core.engine`; its pictures from the
editor's own export code; `to_latex` and `to_dot` from `export.latex` and `export.dot`.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np

from ..core import conventions as cv
from ..core import domain_check, engine, fileformat
from ..core.errors import UserError
from ..core.file_access import file_path, write_atomically
from ..core.graph import Graph as CoreGraph
from ..core.naming import describe, display_labels, node_name_problem
from ..core.ops import fmt_shape, get_op
from ..core.output_choice import resolve_output
from ..export.backward import steps_text
from ..export.formats import RASTER_SCALE, check_frame_ms, check_scale, check_theme
from .backward_view import readable
from .errors import Error, ShapeError, warn_broadcasts, warn_undefined
from .placing import placed
from .tracing import traced
from .values import as_value


@dataclass(frozen=True)
class Node:
    """A node of a `ga.Graph`, as `variable`, `constant` and `op` return it; pass it to `op`."""

    graph: Graph
    id: str

    @property
    def name(self) -> str:
        """The name its card shows."""
        return display_labels(self.graph.core)[self.id]

    def __repr__(self) -> str:
        node = self.graph.core.node(self.id)
        return f"<{node.op or node.kind} {self.name}>"


def _check_name(what: str, name: str | None, own_op: str | None = None) -> None:
    """A name spelt as the editor refuses it is refused here too, with its words: a space or a sign
    in it (x y, sin(x)), a digit first, an operation's name (sin for a variable; an op may bear its
    own). A pair alike on cards (theta beside θ) is allowed: a script says which it means."""
    if not isinstance(name, str) or not name:
        return
    problem = node_name_problem(name, own_op)
    if problem is not None:
        raise Error(f'cannot name a {what} "{name}": {problem}')


class Graph:
    """A composition graph with its output; see docs/python-api.md."""

    def __init__(self, core: CoreGraph | None = None) -> None:
        self.core = core if core is not None else CoreGraph()  # the model the editor and engine use
        # op node -> the broadcast warning said for it (None: said while tracing, at the traced line)
        self._broadcasts_said: dict[str, str | None] = {}
        # the evaluation g.op checks a new op against: extended node by node as variable, constant
        # and op add them (engine.evaluate_added), so building stays linear in the graph's size;
        # forgotten at any change of the graph (whoever makes it), then worked out again in full
        self._evaluated: engine.Evaluation | None = None
        # the nodes variable, constant and op added: they have no place of their own (api.placing)
        self._added: set[str] = set()
        self.core.subscribe(self._forget_evaluation)

    def _forget_evaluation(self, _event) -> None:
        self._evaluated = None

    # ------------------------------------------------------------ building
    def variable(self, name: str, value: Any) -> Node:
        """A variable: the output is differentiated with respect to it."""
        return self._input("variable", name, value)

    def constant(self, value: Any, name: str | None = None) -> Node:
        """A constant: it holds a value and gets no gradient."""
        return self._input("constant", name, value)

    def _input(self, kind: str, name: str | None, value: Any) -> Node:
        if kind == "variable" and not (isinstance(name, str) and name):
            raise Error('a variable needs a name: g.variable("x", 1.0)')
        _check_name(kind, name)
        array = as_value(value, f'the value of "{name}"' if name else "the constant's value")
        known = self._evaluated
        node = self.core.add_node(kind, name=name, value=array)
        self._added.add(node)
        if known is not None:
            self._evaluated = engine.evaluate_added(self.core, known, node)
        return Node(self, node)

    def op(self, op_name: str, *inputs: Node | str, name: str | None = None, **params: Any) -> Node:
        """An op node on the given inputs (nodes or names), in port order: g.op("matmul", W, a)."""
        op = get_op(op_name)
        if len(inputs) != op.arity:
            noun = "input" if op.arity == 1 else "inputs"
            raise Error(f"{op_name} takes {op.arity} {noun} ({', '.join(op.inputs)}), got {len(inputs)}")
        _check_name(op_name, name, op_name)
        sources = [self._find(x) for x in inputs]
        known = self._evaluated  # (the graph's before this op; adding it forgets it)
        node = self.core.add_node("op", op_name, name=name, params=params or None)
        for port, src in enumerate(sources):
            self.core.connect(src, node, port)
        ev = engine.evaluate(self.core) if known is None else engine.evaluate_added(self.core, known, node)
        if node in ev.errors:
            self.core.remove_node(node)
            raise ShapeError(ev.errors[node])  # (the engine names the inputs and their shapes)
        if self.core.output is None or self.core.output in sources:
            self.core.set_output(node)
        self._evaluated = ev
        self._added.add(node)
        return Node(self, node)

    def _find(self, x: Node | str) -> str:
        if isinstance(x, Node):
            if x.graph is not self:
                raise Error(f"{x!r} belongs to another graph")
            return x.id
        if isinstance(x, str):
            return self.core.find(x)  # (as --output reads a name: as written, as shown, matmul1)
        raise Error(f"an op's inputs are nodes or names, not {type(x).__name__}")

    @property
    def output(self) -> Node | None:
        """The node whose derivatives are computed (the last op added, unless set); None when not set
        (then `value`, `gradients`, ... take the only node that feeds nothing)."""
        return None if self.core.output is None else Node(self, self.core.output)

    @output.setter
    def output(self, node: Node | str) -> None:
        self.core.set_output(self._find(node))

    # ------------------------------------------------------------- reading
    @property
    def names(self) -> list[str]:
        """Every node's name, as the cards show them."""
        return list(display_labels(self.core).values())

    @property
    def variables(self) -> list[str]:
        return [n.name for n in self.core.variables()]

    def _output_id(self) -> str:
        """The output set (by hand or the last op added), else the only end node (core.output_choice)."""
        try:
            return resolve_output(self.core, None, choose='g.output = "NAME"')
        except UserError as exc:
            raise Error(exc.message) from None

    def _evaluation(self) -> engine.Evaluation:
        output = self._output_id()
        ev = engine.evaluate(self.core)
        problem = ev.problem(output)
        if problem is not None:
            raise Error(problem)
        return ev

    def _trace(self, ev: engine.Evaluation, seed: Any = None):
        """The reverse pass from the output: with a seed, that vector-Jacobian product; without,
        the pass `engine.default_backward` chooses (as `graphviz-app grad` and exports take it)."""
        output = self._output_id()
        try:
            if seed is None:
                return engine.default_backward(self.core, output, evaluation=ev)
            return engine.backward(self.core, output, seed=seed, evaluation=ev)
        except UserError as exc:
            raise ShapeError(exc.message) from None

    def _warn_where_undefined(self, ev: engine.Evaluation, results=()) -> None:
        """A BroadcastWarning for this evaluation's doubtful broadcasts (Evaluation.notes); one
        UndefinedValueWarning when a value, or one of the results (the
        gradients or Jacobians asked for), is nan or ±inf: where it began and why. Gradients are
        followed back through a backward pass only then: a finite answer costs no second pass."""
        warn_broadcasts(self._unsaid_broadcasts(ev))  # (a column against a vector made n×n: X @ w − y)
        finite = all(domain_check.finite(r) for r in results)
        warn_undefined(domain_check.warnings(self.core, ev, None if finite else self._trace_if_any(ev)))

    def _unsaid_broadcasts(self, ev: engine.Evaluation) -> list[str]:
        """The evaluation's doubtful broadcasts (Evaluation.notes) not warned yet: each is said
        once, not again at every g.value and g.gradients; a traced one was said at its line."""
        unsaid = []
        for nid, text in ev.notes.items():
            if nid in self._broadcasts_said and self._broadcasts_said[nid] in (None, text):
                self._broadcasts_said[nid] = text
                continue
            self._broadcasts_said[nid] = text
            unsaid.append(text)
        return unsaid

    def _trace_if_any(self, ev: engine.Evaluation):
        """The reverse pass for finding where a gradient became undefined; None when there is none
        to make (a full Jacobian too large: then the values' warnings are all there is to say)."""
        try:
            return self._trace(ev)
        except Error:
            return None

    @property
    def warnings(self) -> list[str]:
        """Where a value or gradient became nan or ±inf, and why: the `warnings` of
        `graphviz-app grad --json` (the output's gradient, or its full Jacobian), [] when every
        number is finite. Read without raising an UndefinedValueWarning."""
        ev = self._evaluation()
        return domain_check.warnings(self.core, ev, self._trace_if_any(ev))

    @property
    def broadcasts(self) -> list[str]:
        """Each op that broadcast a column against a vector (or a row) to n×n, seldom what was
        meant (X @ w − y): the `broadcasts` of `graphviz-app grad --json`, ops named as their cards
        (`[]` when none). Read without raising a BroadcastWarning."""
        return list(self._evaluation().notes.values())

    @property
    def value(self) -> float | np.ndarray:
        """The output's value: a float for a scalar, else an array."""
        ev = self._evaluation()
        self._warn_where_undefined(ev)
        out = ev.values[self._output_id()]
        return float(out) if out.ndim == 0 else out.copy()

    @property
    def gradients(self) -> dict[str, np.ndarray]:
        """∂output/∂variable in each variable's own shape, by name; needs a scalar output."""
        ev = self._evaluation()
        output = self._output_id()
        shape = ev.values[output].shape
        if shape != ():
            raise ShapeError(
                f'the output "{display_labels(self.core)[output]}" has shape {fmt_shape(shape)}: gradients need a '
                "scalar output (a loss); g.jacobians holds ∂output/∂variable for any output"
            )
        grads = engine.gradients(self.core, output, evaluation=ev)
        self._warn_where_undefined(ev, grads.values())
        return {
            v.name: np.asarray(grads[v.id], dtype=float).copy() if v.id in grads else np.zeros(ev.values[v.id].shape)
            for v in self.core.variables()
        }

    @property
    def jacobians(self) -> dict[str, np.ndarray]:
        """∂output/∂variable of shape output shape + variable shape, by name."""
        ev = self._evaluation()
        try:
            jacs = engine.full_jacobians(self.core, self._output_id(), evaluation=ev)
        except UserError as exc:
            raise ShapeError(exc.message) from None
        self._warn_where_undefined(ev, jacs.values())
        return {v.name: jacs[v.id] for v in self.core.variables()}

    def backward(self, seed: Any = None):
        """The reverse pass step by step (a `core.trace.BackwardTrace`), nodes named as their cards,
        shown as text: each step's gradient and shape equations in numerator layout.

        A scalar output is differentiated as is; for a vector or matrix output give a seed of its
        shape (a vector-Jacobian product) or leave it out for the full Jacobian. Its `warnings`
        say where a value or gradient of this pass became nan or ±inf (also warned, once); its
        `broadcasts`, as g.broadcasts, are printed at the step of the op that broadcast.
        """
        ev = self._evaluation()
        trace = self._trace(ev, seed)
        result = readable(trace, display_labels(self.core), ev.notes)
        result.warnings = domain_check.warnings(self.core, ev, trace)
        warn_broadcasts(self._unsaid_broadcasts(ev))
        warn_undefined(result.warnings)
        return result

    def _step(self, step: int | None):
        """The backward pass, and the index in it of `step`, counted as the pictures title it
        ("step 3 / 6" is step=3: 1 to N); None for no step."""
        trace = self.backward()
        if step is None:
            return trace, None
        if isinstance(step, (bool, np.bool_)) or not isinstance(step, (int, np.integer)):
            # (True is an int to Python, "2" and 3.0 are not: neither is a step's number)
            raise Error(
                f"step must be a whole number: the backward pass {steps_text(trace)}; "
                f"got {step!r} ({type(step).__name__})"
            )
        if not 1 <= step <= len(trace):
            raise Error(f"step {step} is out of range: the backward pass {steps_text(trace)}")
        return trace, int(step) - 1

    def _placed(self) -> CoreGraph:
        """A copy of the graph as it is drawn, shown and saved (api.placing.placed)."""
        return placed(self.core, self._added)

    # ------------------------------------------------------------- files
    def save(self, path: str | Path) -> Path:
        """A diagram file the editor and `graphviz-app grad` open, NAME.json: a name without a
        suffix gets .json (x -> x.json), as does a name whose suffix is no kind of file's (run.v2 ->
        run.v2.json); the suffix of another kind of file is refused, as the exports refuse a name
        not of their format. Returns the path written."""
        path = _diagram_name(path)
        fileformat.save(self._placed(), path)
        return path

    def to_latex(self, step: int | None = None, layout: str = cv.NUMERATOR, path: str | Path | None = None) -> str:
        """A standalone LaTeX document (amsmath) of the chain rule at `step` (1 to N, as the
        pictures number them; inside a collapsed group, the group's steps, as its picture shows
        them), or of every step."""
        from ..export.backward import stop_of
        from ..export.latex import backward_latex

        _check_layout(layout)
        if path is not None:
            path = _named_for(path, "tex")
        trace, index = self._step(step)
        steps = None if index is None else stop_of(self.core, trace, index).steps  # (a collapsed group: its steps)
        text = backward_latex(self.core, trace, steps, layout)
        if path is not None:
            write_atomically(path, text)
        return text

    def to_dot(self, path: str | Path | None = None) -> str:
        """Graphviz DOT text: nodes named as their cards, values in the labels, shapes on the edges."""
        from ..export.dot import graph_dot

        if path is not None:
            path = _named_for(path, "dot")
        text = graph_dot(self.core)
        if path is not None:
            write_atomically(path, text)
        return text

    # ------------------------------------------------------------ pictures
    def _still(self, path, fmt: str, step, scale, transparent, layout, theme) -> Path:
        from .drawing import save_step, save_still

        _check_layout(layout)
        check_theme(theme)
        scale = check_scale(scale)
        path = _named_for(path, fmt)  # (refused before anything is drawn)
        if step is None:  # (the drawing alone: no backward pass needed)
            return save_still(self._placed(), path, fmt, scale, transparent, theme)
        trace, index = self._step(step)
        # (the output set is drawn as the output, an implied one is not: as the window and the command line draw it)
        return save_step(self._placed(), trace, index, layout, path, fmt, scale, transparent, theme)

    def to_png(
        self,
        path,
        step: int | None = None,
        scale: float = RASTER_SCALE,
        transparent: bool = False,
        layout: str = cv.NUMERATOR,
        theme: str = "light",
    ) -> Path:
        """The canvas as `graphviz-app export` draws it; `step` shows that backward step,
        numbered as the pictures title it: step=3 is "step 3 / N" (1 to N). A step inside a collapsed
        group shows the group ("steps 2–4 / N"), as the window steps over it. Every step is drawn on
        the canvas all of them share, so `g.to_png(p, step=K, scale=S)` is
        `graphviz-app export FILE --step K --scale S -o p`, pixel for pixel. scale: pixels per
        canvas unit, 2 (192 dpi) as the command and the Export dialog default to. theme: "light" or
        "dark" (`--theme`), the canvas colours to draw with."""
        return self._still(path, "png", step, scale, transparent, layout, theme)

    def to_svg(
        self,
        path,
        step: int | None = None,
        scale: float = 1.0,
        transparent: bool = False,
        layout: str = cv.NUMERATOR,
        theme: str = "light",
    ) -> Path:
        return self._still(path, "svg", step, scale, transparent, layout, theme)

    def to_pdf(
        self,
        path,
        step: int | None = None,
        scale: float = 1.0,
        transparent: bool = False,
        layout: str = cv.NUMERATOR,
        theme: str = "light",
    ) -> Path:
        return self._still(path, "pdf", step, scale, transparent, layout, theme)

    def to_gif(
        self, path, scale: float = RASTER_SCALE, frame_ms: int = 1200, layout: str = cv.NUMERATOR, theme: str = "light"
    ) -> Path:
        """Every backward step, an endlessly looping GIF (at 2× as `graphviz-app export`)."""
        path = _named_for(path, "gif")  # (refused before anything is drawn)
        return self.animate(scale=scale, frame_ms=frame_ms, layout=layout, theme=theme).save(path)

    def animate(
        self, scale: float = RASTER_SCALE, frame_ms: int = 1200, layout: str = cv.NUMERATOR, theme: str = "light"
    ):
        """The backward pass as frames: shown inline in a notebook with step buttons, at the
        diagram's size whatever the scale; .save("x.gif") at that scale (2, as `graphviz-app
        export`). theme: "light" or "dark", the canvas colours to draw with."""
        from .animation import Animation
        from .drawing import backward_frames

        _check_layout(layout)
        check_theme(theme)
        check_frame_ms(frame_ms)  # (before any frame is drawn)
        scale = check_scale(scale)
        images, titles = backward_frames(self._placed(), self.backward(), layout, scale, theme)
        return Animation(images, titles, frame_ms, scale)

    def show(self, block: bool | None = None):
        """Open the editor window on a copy of this graph. Blocks until it closes in a script; returns
        at once in IPython or Jupyter with a Qt event loop running (`%gui qt`)."""
        from .window import show

        out = self.core.output
        title = display_labels(self.core)[out] if out is not None else "From Python"
        return show(self._placed(), title, block)

    # notebooks: IPython's rich display
    def _repr_png_(self) -> tuple[bytes, dict] | None:
        """Drawn at twice the size and shown at half: sharp on high-resolution screens.
        An empty graph has no picture (IPython then shows its repr)."""
        from .drawing import still_bytes

        if len(self.core) == 0:
            return None

        png = still_bytes(self._placed(), "png", 2.0)
        width, height = int.from_bytes(png[16:20], "big"), int.from_bytes(png[20:24], "big")  # the IHDR chunk
        return png, {"width": width // 2, "height": height // 2}

    def _repr_svg_(self) -> str | None:
        from .drawing import still_bytes

        if len(self.core) == 0:
            return None

        return still_bytes(self._placed(), "svg").decode("utf-8")

    def __repr__(self) -> str:
        out = self.core.output
        what = f", output {describe(self.core, out)}" if out is not None else ""
        return f"<graphviz_app.Graph: {len(self.core)} nodes{what}>"


def _named_for(path, fmt: str) -> Path:
    """The file a fmt export writes: as `graphviz-app export --format` names it (x -> x.png; a
    name of another format, as x.svg for to_png, or of none, as x.bmp, is refused)."""
    from ..export.formats import named_for

    return named_for(file_path(path), fmt)


def _diagram_name(path) -> Path:
    """The file g.save writes, by the one rule of diagram files (export.formats.diagram_named)."""
    from ..export.formats import diagram_named

    return diagram_named(file_path(path), "g.save", _how_to_draw)


def _how_to_draw(fmt: str) -> str | None:
    method = {"tex": "to_latex"}.get(fmt, f"to_{fmt}") if fmt != "apng" else None
    return f"g.{method}(...)" if method else None


def _check_layout(layout: str) -> None:
    if layout not in cv.CONVENTIONS:
        raise Error(f'layout must be "numerator" or "denominator", not "{layout}"')


def load(path: str | Path) -> Graph:
    """A diagram file (saved by the editor, `g.save` or `graphviz-app`) as a Graph."""
    return Graph(fileformat.load(path))


def trace(func, /, *args: Any, constants: tuple[str, ...] | list[str] = (), **values: Any) -> Graph:
    """Run func with tracers in place of its arguments and return the graph it computes.

    Values are given by parameter name (or position). Parameters named in `constants`, and
    parameters left at their default value, become constants; the others are variables.
    """
    core, said = traced(func, args, constants, values)
    graph = Graph(core)
    graph._broadcasts_said.update(dict.fromkeys(said))  # (warned at the traced line already)
    return graph
