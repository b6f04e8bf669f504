"""Which node is the output when none is set: the nodes that feed nothing (ops first: a stray
variable beside the graph is not what anyone differentiates). One such node is the output in
use (F6 takes it, Live gradients and the status bar show it); several are offered to choose from."""

from __future__ import annotations

from .graph import Graph


def output_candidates(graph: Graph) -> list[str]:
    """The nodes that feed nothing (only ops when there are some), top to bottom."""
    sinks = [n for n in graph.nodes() if not graph.consumers_of(n.id)]
    ops = [n for n in sinks if n.kind == "op"]
    chosen = ops or sinks
    return [n.id for n in sorted(chosen, key=lambda n: (n.pos[1], n.pos[0]))]


def output_in_use(graph: Graph) -> tuple[str | None, bool]:
    """(the output's id, whether it is implied): the output set, else the only candidate; None
    when nothing is set and there are no or several candidates."""
    if graph.output is not None and graph.output in graph:
        return graph.output, False
    candidates = output_candidates(graph) if len(graph) else []
    return (candidates[0], True) if len(candidates) == 1 else (None, False)
