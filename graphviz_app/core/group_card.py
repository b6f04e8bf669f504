"""What the card of a collapsed group shows: its name, and its inputs and outputs with their
names and shapes (the canvas only draws this)."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from . import engine
from .graph import Graph
from .naming import display_labels, natural_key

Shape = tuple[int, ...]
# a collapsed card's gradient tag lists this many of its members' gradients, then says how many more
CARD_GRADIENTS = 4


@dataclass(frozen=True)
class CardPort:
    node: str
    label: str  # as the node's own card shows it
    shape: Shape | None  # None when the node has no value (an error upstream)


@dataclass(frozen=True)
class GroupCard:
    group: str
    name: str
    inputs: list[CardPort]  # nodes outside feeding the group, top to bottom as they stand
    outputs: list[CardPort]  # the group's nodes read outside (or the graph's output), top to bottom
    size: int  # how many nodes it stands for


def group_card(graph: Graph, group_id: str, evaluation: engine.Evaluation | None = None) -> GroupCard:
    group = graph.groups.get(group_id)
    ev = evaluation or engine.evaluate(graph)
    labels = display_labels(graph)

    def port(nid: str) -> CardPort:
        return CardPort(nid, labels[nid], ev.shape(nid))

    def top_to_bottom(nodes: list[str]) -> list[str]:
        """In the order the nodes stand, so that edges into the card's ports do not cross (a stable
        sort: nodes on one row keep the graph's order)."""
        return sorted(nodes, key=lambda nid: graph.node(nid).pos[1])

    return GroupCard(
        group.id,
        group.name,
        [port(n) for n in top_to_bottom(graph.groups.inputs(group_id))],
        [port(n) for n in top_to_bottom(graph.groups.outputs(group_id))],
        len(group.nodes),
    )


def tag_rows(members: list[str], label_of: Callable[[str], str], seed: str = "") -> list[str]:
    """The members whose gradients a collapsed card's tag lists, in name order (x2 before x10), as
    the Inspector lists them at the group's stop; without the trivial seed ∂L/∂L = 1 of the pass's
    output (seed: that node, "" when the seed says something), unless it is the only row."""
    rows = sorted(members, key=lambda n: natural_key(label_of(n)))
    return [n for n in rows if n != seed] if len(rows) > 1 else rows


def gradients_text(texts: list[str], *, in_window: bool) -> str:
    """A collapsed card's gradient tag at a backward step: its members' gradients (each text as the
    member's own card's tag says it), the first CARD_GRADIENTS, then how many more: in the window
    "… and 196 more (all in the Inspector)", which lists them; on paper (an export: in_window
    False), where there is no Inspector, "… and 196 more". A group of 200 inputs listed them all,
    a tag thousands of pixels tall. in_window has no default: a caller that forgot it would put
    the window's words on paper, or the other way round."""
    if len(texts) <= CARD_GRADIENTS + 1:  # ("… and 1 more" would take the room of that one)
        return "\n".join(texts)
    more = f"… and {len(texts) - CARD_GRADIENTS} more" + (" (all in the Inspector)" if in_window else "")
    return "\n".join([*texts[:CARD_GRADIENTS], more])
