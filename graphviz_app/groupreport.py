"""The "groups" part of `graphviz-app grad --json` and of its table.

    "groups": [{"id", "name", "nodes", "inputs", "outputs",
                "jacobians": [{"output", "input", "shape", "value"}]}]

Ids throughout; each Jacobian is the group's composite ∂output/∂input (core/composite.py)
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
from .core.shape_text import jacobian_text
from .core.values import to_json_value


def groups_report(
    graph: Graph, evaluation: engine.Evaluation, limit: int = engine.JACOBIAN_LIMIT
) -> list[dict[str, Any]]:
    order = {nid: i for i, nid in enumerate(graph.node_ids())}
    reports = []
    for group in graph.groups:
        entry: dict[str, Any] = {
            "id": group.id,
            "name": group.name,
            "nodes": sorted(group.nodes, key=order.__getitem__),
            "inputs": graph.groups.inputs(group.id),
            "outputs": graph.groups.outputs(group.id),
            "jacobians": [],
        }
        problem = next((p for n in entry["outputs"] if (p := evaluation.problem(n)) is not None), None)
        if problem is not None:
            entry["error"] = f'the group "{group.name}" cannot be evaluated: {problem}'
        else:
            try:
                jacobians = composite_jacobians(graph, group.id, values=evaluation.values, limit=limit)
            except UserError as exc:
                jacobians, entry["error"] = [], exc.message
            entry["jacobians"] = [_jacobian(j) for j in jacobians]
        reports.append(entry)
    return reports


def _jacobian(jac) -> dict[str, Any]:
    entry: dict[str, Any] = {
        "output": jac.output,
        "input": jac.input,
        "shape": list(jac.shape),
        "value": None if jac.value is None else to_json_value(jac.value),
    }
    if jac.value is None:
        entry["structure"] = jac.structure
    return entry


def format_groups(report: dict[str, Any], labels: dict[str, str]) -> list[str]:
    """Lines for the terminal table: each group, and its composite Jacobians' shapes, nodes named
    as their cards are (labels: node id -> name)."""
    groups = report.get("groups") or []
    if not groups:
        return []
    lines = ["", "groups (composite Jacobians ∂output/∂input, rows × columns)"]
    shapes = {n["id"]: tuple(n["shape"] or ()) for n in report.get("nodes", [])}
    for group in groups:
        lines.append(f"  {group['name']}: nodes {', '.join(labels[n] for n in group['nodes'])}")
        if "error" in group:
            lines.append(f"    {group['error']}")
        for jac in group["jacobians"]:
            out_shape = shapes.get(jac["output"], ())
            shape = jacobian_text(out_shape, tuple(jac["shape"])[len(out_shape) :])
            lines.append(f"    ∂{labels[jac['output']]}/∂{labels[jac['input']]}: {shape}")
    return lines
