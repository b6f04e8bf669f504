"""Collapsed cards placed once an edit is done, not once per move of it.

A move of a card that a collapsed card follows (one of its nodes, or wired to them) or that
stood in the way of it asks for the cards to be placed; they are placed when the undo stack has
run the command (GraphScene._command_done), or at the next turn of the event loop for a move
made outside it. Each move placing every card made a large edit (an Auto Layout) O(n²).
A collapse or an expand places the edges' labels the same way, once it is done: a step of
Backward shown anew for it (a Dive In) places them first, and they are not placed twice.
"""

from __future__ import annotations

from PySide6.QtCore import QRectF, QTimer

from .node_item import card_scene_rect


class CardPlacingLater:
    def __init__(self, presenter) -> None:
        self.presenter = presenter
        self._soon = False  # the cards are to be placed once the edit is done (_place_cards_soon)
        self._labels_soon = False  # the edges' labels likewise (place_labels_soon)
        self._near: dict[str, tuple] = {}  # group id -> (the region its spot was looked for in, the cards there)

    def looked(self, group_id: str, region: QRectF, keys: set) -> None:
        """Where the group card's spot was chosen (see card_spot.card_clear_spot): a card that
        stood, or now stands, there may be in the way of it."""
        self._near[group_id] = (region, keys)

    def node_moved(self, node_id: str) -> None:
        """A card moved (not dragged): the collapsed cards are placed once the edit is done when
        one of them follows it or it stood in the way of one."""
        cards = self.presenter.cards
        if any(self._follows(gid, node_id) or self._in_the_way(gid, node_id) for gid in cards):
            self._place_cards_soon()  # (once for all the moves of an edit: an Auto Layout moves every node)

    def _follows(self, group_id: str, node_id: str) -> bool:
        """Whether the group's card follows this node: one of its nodes, or wired to them."""
        graph = self.presenter.scene.graph
        nodes = graph.groups.get(group_id).nodes
        return (
            node_id in nodes
            or any(e.dst in nodes for e in graph.consumers_of(node_id))
            or any(src in nodes for src in graph.inputs_of(node_id).values())
        )

    def _in_the_way(self, group_id: str, node_id: str) -> bool:
        """Whether this node's card stood, or now stands, in the region the group card's spot was
        last chosen in (its wires' region: see card_spot.card_clear_spot)."""
        near = self._near.get(group_id)
        item = self.presenter.scene.node_item(node_id)
        if near is None or item is None:
            return True
        region, keys = near
        return node_id in keys or card_scene_rect(item).intersects(region)

    def _place_cards_soon(self) -> None:
        """The cards placed once the edit is done (each of its moves placing every card made a
        large edit O(n²)): when the undo stack has run the command, or at the next turn of the
        event loop for a move made outside it."""
        if not self._soon:
            self._soon = True
            QTimer.singleShot(0, self.presenter.scene, self.place_held_cards)

    def place_labels_soon(self) -> None:
        """A group collapsed or expanded (which evaluates nothing): the edges' labels placed around
        its card or frame once the edit is done, unless something placed them since (a step of
        Backward shown anew for it: each placement costs about a third of a Dive In)."""
        if not self._labels_soon:
            self._labels_soon = True
            QTimer.singleShot(0, self.presenter.scene, self.place_held_cards)

    def place_held_cards(self) -> None:
        """The cards placed now, if moves since asked for it (_place_cards_soon), then the labels if
        a collapse asked for it (place_labels_soon): the scene calls it once the undo stack has run
        a command."""
        if self._soon:
            self._soon = False
            presenter = self.presenter
            if presenter.cards and not presenter.scene.gestures.dragging_items:
                presenter.place_cards()
        if self._labels_soon:
            self._labels_soon = False
            self.presenter.scene.overlay_presenter.labels_changed(False)  # (nothing when placed since)
