"""GroupPresenter: the scene's groups, kept in step with graph.groups.

An expanded group is a frame around its nodes' cards (and around the frames and cards of the
groups inside it); a collapsed group is one card standing for its nodes, whose cards and inside
edges are hidden while the edges crossing its boundary end on the card's ports. Where a collapsed
card stands is worked out by card_spot; the presenter places it there.
"""

from __future__ import annotations

from dataclasses import dataclass

from PySide6.QtCore import QPointF, QRectF

from ...core.graph import EdgeAdded, EdgeRemoved, NodeAdded, NodeRemoved
from ...core.group_card import group_card
from ...core.groups import GroupCollapsed
from ..commands.common import try_push
from ..commands.groups import CollapseGroupCommand
from ..overlay import ACTIVE, FINISHED, PENDING, RECEIVING
from . import card_spot
from .card_placing_later import CardPlacingLater
from .group_card_item import PORT_R as CARD_PORT_R
from .group_card_item import GroupCardItem
from .group_frame import PAD, TITLE, GroupFrameItem
from .node_item import card_scene_rect

TAG_PAD = 4.0  # between a gradient tag under a member's card and its frame's edge
TITLE_SIDE_ROOM = 16.0  # a label keeps this far from a frame's title band on either side


class GroupPresenter:
    def __init__(self, scene) -> None:
        self.scene = scene
        self.frames: dict[str, GroupFrameItem] = {}
        self.cards: dict[str, GroupCardItem] = {}
        self._attached = False  # some edge ends on a group card (so a refresh must reattach them all)
        self._card_edges: dict[str, list] = {}  # group id -> the edges ending on its card
        self._evaluation = None  # the latest the scene showed: cards take their shapes from it
        self._nested = None  # (the groups, what _nesting worked out for them)
        # group id -> (its nodes' positions after the user dragged its card, where the card was
        # dropped): while its nodes stand there, the card stays where the user put it
        self._dropped: dict[str, tuple[tuple, QPointF]] = {}
        self._tags: dict[str, QRectF] = {}  # node id -> the gradient tag under its card (scene coordinates)
        self._spots: dict[str, tuple] = {}  # group id -> (what card_spot.card_clear_spot was asked, its answer)
        self.later = CardPlacingLater(self)  # (the cards placed once an edit is done: scene._command_done)

    # ------------------------------------------------------------- queries
    def frame_item(self, group_id: str) -> GroupFrameItem | None:
        return self.frames.get(group_id)

    def card_item(self, group_id: str) -> GroupCardItem | None:
        return self.cards.get(group_id)

    def group_item(self, group_id: str) -> GroupFrameItem | GroupCardItem | None:
        """What shows the group: its collapsed card, else its frame (None: hidden inside another card)."""
        return self.cards.get(group_id) or self.frames.get(group_id)

    def badge_members(self, group_id: str) -> list[str]:
        """The members whose gradients a collapsed card shows while their own cards are hidden: those
        its output ports stand for, and its variables (the gradients a lecture is about; an inner
        op's gradient is a step of the block's own chain rule). In no order: core.group_card.tag_rows
        orders them."""
        card = self.cards.get(group_id)
        if card is None:
            return []
        graph = self.scene.graph
        members = list(card.outputs)
        inner = graph.groups.get(group_id).nodes - set(members)
        return members + [n for n in inner if graph.node(n).kind == "variable"]

    def selected_group_ids(self) -> list[str]:
        return [
            item.group_id for item in self.scene.selectedItems() if isinstance(item, (GroupFrameItem, GroupCardItem))
        ]

    def selected_group_nodes(self) -> list[str]:
        """The nodes the selected groups stand for: a selected frame (an expanded group, picked by its
        title) stands for its nodes just as a selected collapsed card does, so Delete, Copy, Cut,
        Duplicate and Group take the same nodes whether the group is collapsed or not."""
        groups = self.scene.graph.groups
        return [n for gid in self.selected_group_ids() if gid in groups for n in sorted(groups.get(gid).nodes)]

    def selection_nodes(self) -> list[str]:
        """The nodes an edit of the selection takes: the selected cards', then those the selected
        frames and collapsed cards stand for (each once)."""
        return list(dict.fromkeys(self.scene.selected_node_ids() + self.selected_group_nodes()))

    # ------------------------------------------------------------- changes
    def toggle(self, group_id: str) -> None:
        """Collapse an expanded group, expand a collapsed one (one undo step)."""
        graph = self.scene.graph
        if group_id in graph.groups:
            collapsed = not graph.groups.get(group_id).collapsed
            # (then its card or frame is selected alone: CollapseSelection, as after Undo and Redo)
            try_push(
                self.scene.undo_stack,
                lambda: CollapseGroupCommand(graph, group_id, collapsed),
                self.scene.statusMessage.emit,
            )

    def refresh(self, labels_later: bool = False) -> None:
        """Everything again: which cards show, the group cards, the edges' ends, the frames.
        labels_later: the labels placed once the edit is done (later.place_labels_soon), not now."""
        graph = self.scene.graph
        groups = graph.groups
        if not len(groups) and not self.frames and not self.cards and not self._attached:
            return  # (the usual graph without groups costs nothing)
        hidden = groups.shown_as()
        items = self.scene.node_items()
        # the cards about to hide deselected first, as one selection change: Qt deselects a card it
        # hides and says so for each one, which cost the listeners a pass over the selection each (O(n²))
        self.scene.deselect_items(items[n] for n in self.scene.selected_node_ids() if n in hidden and n in items)
        for nid, item in items.items():
            item.setVisible(nid not in hidden)
        cards = groups.visible_collapsed()  # (inner collapsed groups hide inside outer ones)
        shown = {g.id for g in cards}
        framed = {g.id for g in groups if not g.collapsed and not any(g.nodes <= c.nodes for c in cards)}
        self._swap_items(shown, framed)
        self._place_new_cards(shown, hidden)
        self.show_roles()
        if shown or self._attached:
            self._attach_edges(hidden)
        self.place_frames()
        self.scene.overlay_presenter.forget_layout()  # labels keep off the frames and cards as they are now
        self.scene.overlay_presenter.cards_changed(place=not labels_later)  # the cards' gradients go on them
        if labels_later:
            self.later.place_labels_soon()

    def show_roles(self) -> None:
        """The animation's roles: a collapsed card glows as the most telling role of its hidden nodes."""
        overlay = self.scene.overlay_presenter.overlay
        roles = overlay.node_roles if overlay is not None else {}
        groups = self.scene.graph.groups
        for gid, card in self.cards.items():
            inside = {roles.get(n) for n in groups.get(gid).nodes}
            card.set_role(next((r for r in (ACTIVE, RECEIVING, PENDING, FINISHED) if r in inside), None))

    def evaluated(self, evaluation) -> None:
        """New shapes: the group cards show them."""
        self._evaluation = evaluation
        self._place_new_cards(self.cards, self.scene.graph.groups.shown_as())

    def model_changed(self, event) -> None:
        """A node or an edge came or went: the groups follow when it touches one (a node in a group,
        an edge ending in a collapsed group or on a group card); otherwise nothing changes for them,
        which keeps a large edit of a graph with many groups linear."""
        groups = self.scene.graph.groups
        if not len(groups) and not self.frames and not self.cards and not self._attached:
            return
        match event:
            case NodeAdded(node_id) | NodeRemoved(node_id):
                touched = any(node_id in g.nodes for g in groups)  # (leaving a group is a GroupsChanged)
            case EdgeAdded(edge) | EdgeRemoved(edge):
                hidden = groups.shown_as()
                touched = edge[0] in hidden or edge[1] in hidden
            case _:
                touched = True
        if touched:
            # (a collapse evaluates nothing, whose evaluation would place the labels: they are placed
            # once the edit is done, if a step of Backward shown anew for it has not placed them)
            self.refresh(labels_later=isinstance(event, GroupCollapsed))

    def node_moved(self, node_id: str) -> None:
        """A card moved: the collapsed card of its group follows its (hidden) nodes, except while
        dragged; the frames around it follow (only the groups holding it)."""
        holding = self._nesting().holding.get(node_id, []) if self.cards or self.frames else []
        if self.cards and not self.scene.gestures.dragging_items:
            self.later.node_moved(node_id)
        if self.frames and holding:
            self.place_frames({g.id for g in holding})

    def place_cards(self) -> None:
        """Each collapsed card where it stands (_card_centre), left to right: a card placed may
        stand in the way of those after it."""
        hidden = self.scene.graph.groups.shown_as()
        for gid in self._left_to_right(self.cards):
            card = self.cards[gid]
            centre = self._card_centre(gid, hidden)
            if centre != card.pos():
                card.place(centre)
                self.card_moved(card)

    def card_moved(self, card: GroupCardItem) -> None:
        """A group card moved (dragged, or following its nodes): its edges and the frames around it follow."""
        for edge in self._card_edges.get(card.group_id, ()):
            edge.update_path()
        if self.frames:
            self.place_frames()

    def drag_moves(self) -> dict:
        """After a drag of group cards: the moves of their groups' nodes (node id -> (old, new)).
        Each card stays where it was dropped while its nodes stand where the drag moves them
        (undo moves them back, and the card with them to where it stood)."""
        graph = self.scene.graph
        moves = {}
        for card in self.cards.values():
            if not card.isSelected():
                continue
            dx, dy = card.pos().x() - card.placed.x(), card.pos().y() - card.placed.y()
            if dx or dy:
                nodes = sorted(graph.groups.get(card.group_id).nodes)
                for nid in nodes:
                    x, y = graph.node(nid).pos
                    moves[nid] = ((x, y), (x + dx, y + dy))
                self._dropped[card.group_id] = (tuple(moves[n][1] for n in nodes), QPointF(card.pos()))
        return moves

    def extent(self) -> QRectF:
        """What the frames and group cards cover (exports show them)."""
        rect = QRectF()
        for item in (*self.frames.values(), *self.cards.values()):
            rect = rect.united(item.sceneBoundingRect())
        return rect

    def obstacles(self) -> dict:
        """What labels must not cover, in scene coordinates: each frame's title band (its name and
        button) and each collapsed card with its ports."""
        found = {}
        for gid, frame in self.frames.items():
            # (wider than the frame: a label level with the title, just beside the frame's corner,
            # would read as part of the title)
            band = frame.mapRectToScene(frame.title_rect())
            found[("frame", gid)] = band.adjusted(-TITLE_SIDE_ROOM, 0.0, TITLE_SIDE_ROOM, 0.0)
        for gid, card in self.cards.items():
            found[("group card", gid)] = card_scene_rect(card)
            corner = QPointF(CARD_PORT_R, CARD_PORT_R)
            for side, ports in (("in", card.inputs), ("out", card.outputs)):
                for nid, point in ports.items():
                    centre = point.scene_center()
                    found[("group port", gid, side, nid)] = QRectF(centre - corner, centre + corner)
        return found

    def edges(self) -> dict:
        """Each frame's left, right and bottom edges (its top is the title band), thin rectangles in
        scene coordinates: an edge label keeps off them, rather than straddle a frame half inside it."""
        found = {}
        for gid, frame in self.frames.items():
            r = frame.mapRectToScene(frame.rect)
            found[("frame edge", gid, "left")] = QRectF(r.left() - 0.5, r.top(), 1.0, r.height())
            found[("frame edge", gid, "right")] = QRectF(r.right() - 0.5, r.top(), 1.0, r.height())
            found[("frame edge", gid, "bottom")] = QRectF(r.left(), r.bottom() - 0.5, r.width(), 1.0)
        return found

    def hold_tags(self, tags: dict[str, QRectF]) -> list[QRectF]:
        """The animation's gradient tags under the cards (node id -> scene rectangle): each frame
        grows to hold its members' tags, so that none straddles a frame's edge. Returns where the
        frames that moved or grew were and are now (labels keep off their title bands and edges: see
        obstacles and edges)."""
        if tags.keys() == self._tags.keys() and all(tags[n] == self._tags[n] for n in tags):
            return []
        self._tags = dict(tags)
        if not self.frames:
            return []
        before = {gid: frame.mapRectToScene(frame.rect) for gid, frame in self.frames.items()}
        self.place_frames()
        after = {gid: frame.mapRectToScene(frame.rect) for gid, frame in self.frames.items()}
        room = -TITLE_SIDE_ROOM, 0.0, TITLE_SIDE_ROOM, 0.0  # (the title band as obstacles gives it)
        return [
            rect.adjusted(*room) for gid in after if after[gid] != before[gid] for rect in (before[gid], after[gid])
        ]

    # ------------------------------------------------------------ internal
    def _swap_items(self, cards: set[str], frames: set[str]) -> None:
        """The group cards and frames made or removed as these groups now show, a selected group
        still selected (its frame replaced by its card, or the other way), as one selection change:
        Qt says selectionChanged for each selected item removed, and the listeners would see the
        group unselected, then selected again (the Inspector built its view twice more)."""
        scene = self.scene
        before = set(scene.selectedItems())
        picked = set(self.selected_group_ids())
        blocked = scene.blockSignals(True)
        try:
            self._sync(self.cards, cards, GroupCardItem)
            self._sync(self.frames, frames, GroupFrameItem)
            scene.select_items(self.group_item(gid) for gid in picked if self.group_item(gid) is not None)
        finally:
            scene.blockSignals(blocked)
        if not blocked and set(scene.selectedItems()) != before:
            scene.selectionChanged.emit()

    def _sync(self, items: dict, wanted: set[str], make) -> None:
        for gid in [g for g in items if g not in wanted]:
            item = items.pop(gid)
            self.scene.removeItem(item)
            self._dropped.pop(gid, None)  # (collapsed again, a card is placed anew)
        for gid in wanted:
            if gid not in items:
                items[gid] = make(self, gid)
                self.scene.addItem(items[gid])

    def _place_new_cards(self, group_ids, hidden: dict[str, str]) -> None:
        """These collapsed cards made again (ports, shapes, problems) and placed, left to right.
        hidden: groups.shown_as(), node -> the card standing for it: the nodes are walked once for
        all the cards (each node to its card), not once per card."""
        graph = self.scene.graph
        # the last evaluation shown, not a new one per edit: the next one arrives after the edits
        # (None before the first: the card takes its shapes from it, through `evaluated`)
        errors = self._evaluation.errors if self._evaluation is not None else {}
        problems: dict[str, list[str]] = {gid: [] for gid in group_ids}
        if errors:
            for n in graph.node_ids():  # (each card's problems as the nodes come)
                if n in errors and hidden.get(n) in problems:
                    problems[hidden[n]].append(errors[n])
        for gid in self._left_to_right(group_ids):
            item = self.cards[gid]
            item.set_card(
                group_card(graph, gid, self._evaluation), problems[gid]
            )  # (its ports first: its spot depends on them)
            item.place(self._card_centre(gid, hidden))
            for edge in self._card_edges.get(gid, ()):
                edge.update_path()

    def _left_to_right(self, group_ids) -> list[str]:
        """Collapsed groups in the order of their nodes' middles: a card fed by another is placed after it."""
        groups = self.scene.graph.groups
        return sorted(group_ids, key=lambda gid: card_spot.members_rect(self.scene, groups.get(gid).nodes).center().x())

    def _card_centre(self, group_id: str, hidden: dict[str, str]) -> QPointF:
        """Where a collapsed card stands: where the user dropped it, while its nodes stand where
        that drag put them; else where card_spot says (near its nodes, clear of other cards).
        hidden: groups.shown_as()."""
        graph = self.scene.graph
        dropped = self._dropped.get(group_id)
        if dropped is not None:
            nodes = sorted(graph.groups.get(group_id).nodes)
            if tuple(graph.node(n).pos for n in nodes) == dropped[0]:
                return QPointF(dropped[1])
        centre, members = card_spot.card_centre(self.scene, self.cards, group_id, hidden)
        spot, looked = card_spot.card_clear_spot(self.scene, self.cards, group_id, centre, members, self._spots, hidden)
        if looked is not None:
            self.later.looked(group_id, *looked)
        return spot

    def _attach_edges(self, hidden: dict[str, str]) -> None:
        attached = False
        self._card_edges = {}
        for (src, dst, _port), edge in self.scene.edge_items().items():
            s, d = hidden.get(src), hidden.get(dst)
            inside = s is not None and s == d
            edge.setVisible(not inside)
            if inside:
                edge.hide_overlay_label()
            crossing = s != d
            src_end = self.cards[s].outputs.get(src) if s is not None and crossing else None
            dst_end = self.cards[d].inputs.get(src) if d is not None and crossing else None
            edge.attach(src_end, dst_end)
            for gid, end in ((s, src_end), (d, dst_end)):
                if end is not None:
                    self._card_edges.setdefault(gid, []).append(edge)
            attached = attached or src_end is not None or dst_end is not None
        self._attached = attached

    def place_frames(self, only: set[str] | None = None) -> None:
        """Each frame around its visible cards and the frames and cards inside it, inner ones first.
        only: these groups' frames (the groups holding a moved card); the others stay as they are."""
        nesting = self._nesting()
        groups = self.scene.graph.groups
        wanted = self.frames.keys() if only is None else [g for g in only if g in self.frames]
        rects: dict[str, QRectF] = {}
        for gid in sorted(wanted, key=nesting.position.__getitem__, reverse=True):
            group = groups.get(gid)
            rect = card_spot.members_rect(self.scene, [n for n in group.nodes if n not in nesting.hidden])
            for card in {nesting.hidden[n] for n in group.nodes if n in nesting.hidden}:
                rect = rect.united(card_scene_rect(self.cards[card]))
            for child in nesting.children.get(gid, ()):
                inner = rects.get(child) or (self.frames[child].rect if child in self.frames else None)
                if inner is not None:
                    rect = rect.united(inner)
            rect = rect.adjusted(-PAD, -PAD - TITLE, PAD, PAD)
            for nid in group.nodes & self._tags.keys():
                if nid not in nesting.hidden:
                    rect = rect.united(self._tags[nid].adjusted(-TAG_PAD, -TAG_PAD, TAG_PAD, TAG_PAD))
            rects[gid] = rect
            depth, up = 0, nesting.parent[gid]
            while up is not None:
                depth, up = depth + 1, nesting.parent[up]
            self.frames[gid].set_frame(rect, group.name, depth)

    def _nesting(self) -> _Nesting:
        """How the groups nest, worked out once per change of the groups (a move of every card
        asks for it once per card)."""
        groups = self.scene.graph.groups
        key = tuple(groups)  # (Group is immutable: a change of the groups makes new ones)
        if self._nested is not None and self._nested[0] == key:
            return self._nested[1]
        ordered = groups.ordered()
        nesting = _Nesting({g.id: i for i, g in enumerate(ordered)}, {}, {}, groups.shown_as(), {})
        for i, group in enumerate(ordered):
            outer = [o.id for o in ordered[:i] if group.nodes <= o.nodes]
            nesting.parent[group.id] = outer[-1] if outer else None
            nesting.children.setdefault(nesting.parent[group.id], []).append(group.id)
            for nid in group.nodes:
                nesting.holding.setdefault(nid, []).append(group)
        self._nested = (key, nesting)
        return nesting


@dataclass
class _Nesting:
    position: dict[str, int]  # group id -> its place in groups.ordered() (outer groups first)
    parent: dict[str, str | None]
    children: dict[str | None, list[str]]
    hidden: dict[str, str]  # groups.shown_as(): node id -> the collapsed card standing for it
    holding: dict[str, list]  # node id -> the groups holding it
