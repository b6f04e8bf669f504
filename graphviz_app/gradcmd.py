"""`graphviz-app grad`: value, gradients and Jacobians of a diagram or an expression.

The JSON printed with --json is a contract that teaching material relies on:
    {"value", "shape", "gradients", "jacobians", "nodes", "groups", "warnings"}
(see docs/file-format.md, section "graphviz-app grad --json"). Every number
comes from core.engine; nothing here does maths of its own. The report holds
numpy arrays, each turned into JSON lists by one numpy call as it is written.
"""

from __future__ import annotations

import argparse
import json
import os
import re
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import numpy as np

from .core import domain_check, engine
from .core.errors import GraphError, UserError, ValueParseError
from .core.file_lines import in_file
from .core.graph import Graph
from .core.naming import display_labels, find_node, json_key
from .core.output_choice import command_line_output
from .core.shape_text import jacobian_text, shape_text
from .core.table_text import read_value
from .core.terminal_table import ValueCells, as_array, table
from .core.values import to_report_value, underflow_note
from .groupreport import format_groups, groups_report

# local Jacobians with more entries than this are described by their structure instead of written out
# (the engine's limit; tests lower it here to see structures without million-entry arrays)
LOCAL_JACOBIAN_LIMIT = engine.JACOBIAN_LIMIT
# the tables' layout, said once above them: the window writes gradients in numerator layout (as rows)
LAYOUT_LINE = (
    "layout: gradients in each variable's own shape (the window's numerator layout shows them transposed); "
    "Jacobians: output entries × input entries"
)


def run_grad(args: argparse.Namespace) -> int:
    graph, given = build_graph(args)
    out_id = command_line_output(graph, args.output)
    with said_of_input(args.file if args.expr is None else None, graph, given):
        report = grad_report(graph, out_id)
    if args.json:
        print(json.dumps(report, ensure_ascii=False, default=json_array))
    else:
        print(format_report(report, graph, out_id))
    return warn_undefined(report)


def warn_undefined(report: dict[str, Any]) -> int:
    """Each op that broadcast a column against a vector to n×n, then each place a number became
    nan or ±inf, as a `warning:` line on stderr. Exit status 1
    when what grad was asked for, the output's value or a gradient, is itself not a number:
    the report is printed (it shows where), but a script must not take it for a result; 0 when
    only a node in between was (the answer is a number)."""
    for message in report["broadcasts"] + report["warnings"]:
        print(f"warning: {message}", file=sys.stderr)
    asked = [report["value"]] + [jac["value"] for jac in report["jacobians"].values()]
    return 0 if all(np.isfinite(a).all() for a in asked) else 1


@contextmanager
def said_of_input(path: str | None, graph: Graph, given: dict[str, str]) -> Iterator[None]:
    """A problem evaluating the diagram read from path said of where its values came from: the file
    and the line of the failing node ("d.json: line 10: matmul₂: …", as file_lines.said_of_file says it); but
    when a value given by --set feeds that node, the file with those --set, without a line ("d.json
    with --set W: …"), as the file alone is not at fault. given: the nodes --set gave values, id ->
    name as typed. path None (an expression, all of it typed): the message as it is."""
    try:
        yield
    except UserError as exc:
        if path is not None:
            feeding = graph.ancestors(exc.node) | {exc.node} if given and exc.node in graph else set()
            named = [name for nid, name in given.items() if nid in feeding]
            said = f"{path} with --set {', '.join(named)}: {exc.message}" if named else None
            exc.message = said or in_file(path, exc.message, exc.node)
            exc.args = (exc.message,)
        raise


# ------------------------------------------------------------------- input
def build_graph(args: argparse.Namespace) -> tuple[Graph, dict[str, str]]:
    """The diagram of FILE or of --expr, with the values of --set; and the nodes of FILE that --set
    gave a value (id -> the name as typed; none for an expression)."""
    if args.file and args.expr is not None:
        raise UserError('give either FILE.json or --expr "EXPR", not both')
    if not args.file and args.expr is None:
        raise UserError('give a diagram FILE.json or an expression with --expr "EXPR"')
    sets = _parse_sets(args.sets)
    if args.expr is not None:
        return _graph_of_expression(args.expr, sets), {}
    from .core.fileformat import load

    if not os.path.lexists(args.file) and _looks_like_expression(args.file):
        raise UserError(f'no such file: "{args.file}"; for an expression use --expr "{args.file}"')
    graph = load(args.file)
    given = {}
    for name, value in sets.items():
        try:
            nid = find_node(graph, name, "the diagram")
        except GraphError as exc:
            raise UserError(f"--set {name}: {exc.message}") from None
        if not graph.node(nid).is_input:
            raise UserError(f'--set {name}: "{name}" is an operation; only variables and constants hold values')
        graph.set_value(nid, value)
        given[nid] = name
    return graph, given


def _looks_like_expression(text: str) -> bool:
    """An argument that is no file but reads as a formula: brackets or an operator, and it parses."""
    from .core.expr import expression_names

    if Path(text).suffix.lower() == ".json" or not re.search(r"[()*+^]", text):  # (not / or -: paths have them)
        return False
    try:
        expression_names(text)
    except (UserError, ValueError, SyntaxError):
        return False
    return True


def _parse_sets(items: list[str]) -> dict[str, np.ndarray]:
    sets: dict[str, np.ndarray] = {}
    for item in items:
        name, sep, text = item.partition("=")
        name = name.strip()
        if not sep or not name:
            raise UserError(f'--set "{item}": write NAME=VALUE, for example x=1.5 or v=[1,2]')
        if name in sets:
            raise UserError(f"--set {name} is given twice")
        try:
            sets[name] = read_value(text)  # (as the value editor reads typed text: nan, -inf, 1 2; 3 4)
        except ValueParseError as exc:
            raise ValueParseError(f"--set {name}: {exc.message}") from None
        note = underflow_note(text)  # (the value editor's note: a tiny number is kept as 0, not silently)
        if note:
            print(f"warning: --set {name}: {note}", file=sys.stderr)
    return sets


def _graph_of_expression(text: str, sets: dict[str, np.ndarray]) -> Graph:
    from .core.expr import expression_names, parse_expression

    names = expression_names(text)
    for name in sets:
        if name not in names:
            known = ", ".join(names) or "none"
            raise UserError(f'--set {name}: there is no variable "{name}" in the expression (its variables: {known})')
    for name in names:
        if name not in sets:
            raise UserError(f'no value for "{name}" (use --set {name}=...)')
    return parse_expression(text, sets)


# ------------------------------------------------------------------ report
def grad_report(graph: Graph, out_id: str) -> dict[str, Any]:
    """Everything `grad --json` prints: JSON data whose numbers are numpy arrays (see json_array).
    out_id: the output's node, as command_line_output resolves --output."""
    ev = engine.evaluate(graph)
    out_value = ev.require(out_id)
    scalar = out_value.shape == ()
    # a scalar output's gradients, or the full Jacobian: one backward pass gives both the
    # variables' Jacobians and every node's record
    trace = engine.default_backward(graph, out_id, evaluation=ev, jacobian_limit=LOCAL_JACOBIAN_LIMIT)
    full = {v.id: _gradient(trace, v.id, ev) for v in graph.variables()}
    key = {v.id: json_key(graph, v.id) for v in graph.variables()}
    return {
        "value": out_value,
        "shape": list(out_value.shape),
        "gradients": {key[v.id]: full[v.id] for v in graph.variables()} if scalar else None,
        "jacobians": {key[v.id]: {"shape": list(full[v.id].shape), "value": full[v.id]} for v in graph.variables()},
        "nodes": _node_reports(graph, ev, trace),
        "groups": groups_report(graph, ev, LOCAL_JACOBIAN_LIMIT),
        "warnings": domain_check.warnings(graph, ev, trace),  # where nan or inf began, and why
        "broadcasts": list(ev.notes.values()),  # a column against a vector made n×n (X @ w − y)
    }


def _gradient(trace, node: str, ev: engine.Evaluation) -> np.ndarray:
    """∂output/∂node from the trace; zeros (of shape output + node) for a node the output ignores."""
    found = trace.gradients.get(node)
    return found if found is not None else np.zeros(trace.output_shape + ev.values[node].shape)


def json_array(value: Any) -> Any:
    """A numpy array (or number) as JSON data in one numpy call: nested lists; nan and ±inf as text."""
    if not isinstance(value, np.ndarray | np.generic):
        raise TypeError(f"{type(value).__name__} is not JSON data")
    return to_report_value(value)


def _node_reports(graph: Graph, ev: engine.Evaluation, trace) -> list[dict[str, Any]]:
    """Each node with its name (as written in the file, else as its card shows it: the key of
    "gradients" and of --output) and its label: the name its card shows (θ for theta, matmul₂
    for the second unnamed matmul), which the text table uses too. No internal ids."""
    steps = {step.node: step for step in trace.steps}
    labels = display_labels(graph)
    reports = []
    for node in graph.nodes():
        value = ev.values.get(node.id)
        grad = trace.gradients.get(node.id)
        step = steps.get(node.id)
        entry: dict[str, Any] = {
            "name": json_key(graph, node.id),
            "label": labels[node.id],
            "op": node.op if node.kind == "op" else node.kind,
            "shape": None if value is None else list(value.shape),
            "value": value,
            "grad": grad,
            "jacobians": [] if step is None else [_local_jacobian(graph, step, inp, labels) for inp in step.inputs],
        }
        problem = ev.problem(node.id)
        if problem is not None:
            entry["error"] = problem
        reports.append(entry)
    return reports


def _local_jacobian(graph: Graph, step, inp, labels: dict[str, str]) -> dict[str, Any]:
    entry: dict[str, Any] = {
        "input": json_key(graph, inp.source),
        "input_label": labels[inp.source],
        "shape": list(step.out_shape + inp.in_shape),
        "value": inp.jacobian,
    }
    if inp.jacobian is None:  # too large to write densely: say what it looks like
        entry["structure"] = inp.structure
    return entry


# ------------------------------------------------------------------- table
def format_report(report: dict[str, Any], graph: Graph, out_id: str) -> str:
    """The same report as aligned text for a terminal; nodes named as their cards name them.
    A long value is shortened as the cards shorten it (one line says --json has every number)."""
    labels = display_labels(graph)
    out_label = labels[out_id]
    shape = tuple(report["shape"])
    cells = ValueCells("graphviz-app grad --json prints every number")
    lines = [f"output {out_label}, shape {shape_text(shape)}", f"  value = {cells(report['value'])}"]
    lines += cells.note() + ["", LAYOUT_LINE]
    # (a variable the output does not depend on has zeros in the JSON, as maths says; the text
    # lists it apart, as the node table's "-" does, so nobody reads the zeros as a finding)
    feeding = {n["name"] for n in report["nodes"] if n["grad"] is not None}
    variables = [v for v in graph.variables() if json_key(graph, v.id) in feeding]
    apart = [labels[v.id] for v in graph.variables() if json_key(graph, v.id) not in feeding]
    if report["gradients"] is not None:
        lines.append(f"gradient of {out_label} with respect to each variable")
        rows = [("variable", "shape", f"∂{out_label}/∂variable")]
        for v in variables:
            g = report["gradients"][json_key(graph, v.id)]
            rows.append((labels[v.id], shape_text(np.shape(as_array(g))), cells(g)))
    else:
        lines.append(
            f"Jacobian of {out_label} with respect to each variable (rows: its entries; columns: the variable's)"
        )
        rows = [("variable", "shape", f"∂{out_label}/∂variable")]
        for v in variables:
            jac = report["jacobians"][json_key(graph, v.id)]
            rows.append((labels[v.id], jacobian_text(shape, tuple(jac["shape"])[len(shape) :]), cells(jac["value"])))
    lines += table(rows) if variables else ["  (none: no variable feeds it)"]
    if apart and variables:
        lines.append(f"  (not listed: {', '.join(apart)} {'does' if len(apart) == 1 else 'do'} not feed {out_label})")
    lines += cells.note() + ["", "nodes"]
    rows = [("node", "op", "shape", "value", f"∂{out_label}/∂node", "local Jacobians (input: shape)")]
    for n in report["nodes"]:
        node_shape = () if n["shape"] is None else tuple(n["shape"])
        jacs = "  ".join(
            f"{j['input_label']}: {jacobian_text(node_shape, tuple(j['shape'])[len(node_shape) :])}"
            for j in n["jacobians"]
        )
        value = cells(n["value"]) if n["value"] is not None else f"({n.get('error', 'no value')})"
        grad = "-" if n["grad"] is None else cells(n["grad"])
        space = "-" if n["shape"] is None else shape_text(node_shape)
        rows.append((n["label"], n["op"], space, value, grad, jacs or "-"))
    lines += table(rows) + cells.note() + format_groups(report)
    return "\n".join(lines)
