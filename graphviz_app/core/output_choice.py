"""Which node is the output: the one asked for, else the one set, else the only end node (a node
that feeds nothing; ops first: a stray variable beside the graph is not what anyone
differentiates). One rule for the window (F6, Live gradients, the status bar, Train), the CLI
(grad, train, export --step) and the Python API; each says in `choose` how its user picks one."""

from __future__ import annotations

from .errors import GraphError, ShapeError
from .graph import Graph
from .naming import display_label, find_node
from .shape_text import shape_text

NAMED_END_NODES = 8  # the message listing the end nodes names this many, then says how many more


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


def resolve_output(graph: Graph, output: str | None = None, choose: str = "pass output=NAME") -> str:
    """The output's id: `output` (an id as code holds it, else a name: Graph.node_id), else the
    graph's output, else its only end node. GraphError for an unknown name, an empty graph, or
    several end nodes (named as their cards name them, with `choose`: how to pick one)."""
    if output is not None:
        return graph.node_id(output)
    out, _implied = output_in_use(graph)
    if out is not None:
        return out
    if len(graph) == 0:
        raise GraphError("the graph is empty: it has no output")
    ends = [f'"{display_label(graph, n)}"' for n in output_candidates(graph)]
    if len(ends) > NAMED_END_NODES:
        ends = [*ends[:NAMED_END_NODES], f"and {len(ends) - NAMED_END_NODES} more"]
    raise GraphError(
        f"no output is chosen and {len(output_candidates(graph))} nodes feed nothing ({', '.join(ends)}): "
        f"choose the output with {choose}"
    )


def command_line_output(graph: Graph, name: str | None) -> str:
    """The output a command (grad, train, export) works on: the node its --output NAME names,
    else resolve_output's rule, each refusal saying how to choose (--output NAME)."""
    if name is not None:
        try:
            return find_node(graph, name, "the diagram")
        except GraphError as exc:
            raise GraphError(f"--output {name}: {exc.message}") from None
    return resolve_output(graph, None, choose="--output NAME")


def require_scalar(graph: Graph, output: str, shape: tuple[int, ...], need: str) -> None:
    """ShapeError naming the output and its shape as its card writes it (ℝ³) when `need` (e.g.
    "training") takes a number."""
    if tuple(shape) != ():
        raise ShapeError(
            f'{need} needs a scalar output: "{display_label(graph, output)}" is in {shape_text(shape)}, not ℝ '
            "(reduce it to a number, e.g. with sum, mean or sqnorm)",
            output,
        )
