"""The "groups" part of `graphviz-app grad --json` and of its table.

    "groups": [{"name", "nodes", "inputs", "outputs",
                "jacobians": [{"output", "input", "shape", "value"}]}]

Nodes named as "nodes" and "gradients" name them (naming.json_key), never by id; each Jacobian is the group's composite ∂output/∂input (core/composite.py)
of shape output shape + input shape. One too large to write has "value": null and a
"structure" text, as the nodes' local Jacobians do; a group that cannot be evaluated
has an "error" and no Jacobians.
"""

from __future__ import annotations

from typing import Any

from .core import engine
from .core.composite import composite_jacobians
from .core.errors import UserError
from .core.graph import Graph
from .core.naming import json_key
from .core.shape_text import jacobian_text
from .core.values import to_report_value


def groups_report(
    graph: Graph, evaluation: engine.Evaluation, limit: int = engine.JACOBIAN_LIMIT
) -> list[dict[str, Any]]:
    order = {nid: i for i, nid in enumerate(graph.node_ids())}
    name = {nid: json_key(graph, nid) for nid in order}
    reports = []
    for group in graph.groups:
        outputs = graph.groups.outputs(group.id)
        entry: dict[str, Any] = {
            "name": group.name,
            "nodes": [name[n] for n in sorted(group.nodes, key=order.__getitem__)],
            "inputs": [name[n] for n in graph.groups.inputs(group.id)],
            "outputs": [name[n] for n in outputs],
            "jacobians": [],
        }
        problem = next((p for n in outputs if (p := evaluation.problem(n)) is not None), None)
        if problem is not None:
            entry["error"] = f'the group "{group.name}" cannot be evaluated: {problem}'
        else:
            try:
                jacobians = composite_jacobians(graph, group.id, values=evaluation.values, limit=limit)
            except UserError as exc:
                jacobians, entry["error"] = [], exc.message
            entry["jacobians"] = [_jacobian(j, name) for j in jacobians]
        reports.append(entry)
    return reports


def _jacobian(jac, name: dict[str, str]) -> dict[str, Any]:
    entry: dict[str, Any] = {
        "output": name[jac.output],
        "input": name[jac.input],
        "shape": list(jac.shape),
        "value": None if jac.value is None else to_report_value(jac.value),
    }
    if jac.value is None:
        entry["structure"] = jac.structure
    return entry


def format_groups(report: dict[str, Any]) -> list[str]:
    """Lines for the terminal table: each group, and its composite Jacobians' shapes, nodes named
    as their cards are (the report's labels)."""
    groups = report.get("groups") or []
    if not groups:
        return []
    lines = ["", "groups (composite Jacobians ∂output/∂input, rows × columns)"]
    shapes = {n["name"]: tuple(n["shape"] or ()) for n in report.get("nodes", [])}
    labels = {n["name"]: n["label"] for n in report.get("nodes", [])}
    for group in groups:
        lines.append(f"  {group['name']}: nodes {', '.join(labels[n] for n in group['nodes'])}")
        if "error" in group:
            lines.append(f"    {group['error']}")
        for jac in group["jacobians"]:
            out_shape = shapes.get(jac["output"], ())
            shape = jacobian_text(out_shape, tuple(jac["shape"])[len(out_shape) :])
            lines.append(f"    ∂{labels[jac['output']]}/∂{labels[jac['input']]}: {shape}")
    return lines
