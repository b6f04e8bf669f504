"""What the animation shows on the canvas: roles, badges, edge labels, the marker and the title.

The animation hands over plain data (`ui.overlay.SceneOverlay`); this gives the scene's items
what changed since the overlay shown before (a step touches a few roles, badges and edges out
of hundreds) and places badges and labels clear of the cards.
"""

from __future__ import annotations

import contextlib
from collections.abc import Iterator
from dataclasses import replace
from functools import partial

from PySide6.QtCore import QPointF, QRectF, QTimer

from ...core.group_card import gradients_text, tag_rows
from ...core.naming import display_label
from ..overlay import SceneOverlay
from . import label_obstacles, overlay_layout, rect_index
from .overlay_items import BadgeItem, MarkerItem, TitleItem

CARD_BADGE = "\x00group card "  # + group id: the key of a collapsed card's badge (no node's id starts so)
TITLE_ROOM = 10.0  # screen pixels between the title and the view's edge
TITLE_GAP = 16.0  # scene units between the title and what it stands above
SETTLE_MS = 200  # a card moved with no animation: its edges' shape labels are placed when it rests this long


class OverlayPresenter:
    def __init__(self, scene) -> None:
        self.scene = scene
        self.overlay: SceneOverlay | None = None  # what the animation asked for
        self.badges: dict[str, BadgeItem] = {}
        # group id -> (its collapsed card, the badge on it showing the gradients of the members it hides)
        self.card_badges: dict[str, tuple[object, BadgeItem]] = {}
        # kept from step to step until a node moves: the cards' places, the graph's extent, where
        # each badge went (a step then re-places only the badges its changes touch)
        self._cards: rect_index.RectIndex | None = None
        self._frame_edges: rect_index.RectIndex | None = None  # the group frames' sides and bottoms
        self._wires: label_obstacles.Wires | None = None  # the shown edges' curves (a gradient label keeps off)
        self._cards_rect: QRectF | None = None
        self._badge_layout: overlay_layout.Placement | None = None
        self._label_layout: overlay_layout.Placement | None = (
            None  # (kept, like the badges' places, while no card moves)
        )
        self._shown: SceneOverlay | None = None  # the overlay the items show (None: redo all of it)
        self._marker_path: list[QRectF] = []  # kept clear of labels: where the marker travels (its edges')
        self._marker: MarkerItem | None = None
        self._title: TitleItem | None = None
        self._title_over: QRectF | None = None  # an export of part of the graph: the title above that part
        # the part of the scene the view shows (and its zoom): the title is kept inside it
        self._view_area: tuple[QRectF, float] | None = None
        self._settle = QTimer(scene, singleShot=True, interval=SETTLE_MS)  # (goes with the scene)
        self._settle.timeout.connect(self._place_texts)

    # ------------------------------------------------------------ the scene tells
    def show(self, overlay: SceneOverlay | None) -> None:
        old, self.overlay = self.overlay, overlay
        if old is not None and overlay is not None and _without_marker(old) == _without_marker(overlay):
            self._place_marker()  # a marker frame: roles, badges and labels stay where they are
            return
        self._apply()

    def items_changed(self) -> None:
        """Cards were added, removed or made anew: the next overlay is given to every item."""
        self.forget_layout()
        self._shown = None

    def wires_changed(self) -> None:
        """An edge came or went: the badges and labels are placed afresh, off the wires as they are now."""
        self._wires = self._badge_layout = self._label_layout = None

    def node_removed(self, node_id: str) -> None:
        self.badges.pop(node_id, None)
        self.items_changed()

    def cards_changed(self, place: bool = True) -> None:
        """The collapsed group cards were made anew or changed: each shows its members' gradients.
        place: False when the caller has the labels placed later (a collapse: once it is done)."""
        if self._sync_card_badges() and self._shown is not None and place:
            self._place_texts()

    def drawn_for_export_changed(self) -> None:
        """The scene is now drawn for an export, or no longer (scene.clean_mode): the collapsed cards'
        tags point to the Inspector only in the window, and the title stands above the graph in an
        export, where the view kept it in the window."""
        self.cards_changed()
        self.place_title()

    def rebuilt(self) -> None:
        """Every item is new (the model was reset)."""
        self.badges.clear()
        self.card_badges.clear()
        self.items_changed()
        if self.overlay is not None:
            self._apply()

    def node_moved(self, node_id: str) -> None:
        self.forget_layout()
        overlay = self.overlay
        if overlay is None:
            self._settle.start()  # the shape labels: once the drag pauses (placing them all takes a while)
            return
        self._place_texts()
        if overlay.marker and node_id in overlay.marker[0][:2]:
            self._place_marker()

    def restyle(self) -> None:
        """The theme changed: the badges paint again (each keeps a picture of itself in the old colours)."""
        for badge in self._all_badges():
            badge.update()

    def _all_badges(self) -> list[BadgeItem]:
        """The nodes' badges and the collapsed cards' ones."""
        return [*self.badges.values(), *(badge for _, badge in self.card_badges.values())]

    def forget_layout(self) -> None:
        self._cards = self._cards_rect = self._frame_edges = self._wires = None
        self._badge_layout = self._label_layout = None
        self._marker_path = []

    def extent(self) -> QRectF:
        """What the overlay adds to the picture of the graph: badges, the marker, the title."""
        rect = QRectF()
        for item in (*self._all_badges(), self._marker, self._title):
            if item is not None and item.isVisible():
                rect = rect.united(item.sceneBoundingRect())
        return rect

    @property
    def title(self) -> TitleItem | None:
        """The title item ("Backward · step 4 / 10 · numerator layout"), None when the overlay has none."""
        return self._title

    def title_rect_above(self, region: QRectF) -> QRectF:
        """Where an export of `region` alone (the selection) draws the title: above its left edge, on
        one line, as an export of the whole graph draws it above the graph; empty when there is none."""
        if self._title is None or region.isEmpty():
            return QRectF()
        size = self._title.one_line_size()
        return QRectF(QPointF(region.left(), region.top() - size.height() - TITLE_GAP), size)

    @contextlib.contextmanager
    def title_above(self, region: QRectF) -> Iterator[None]:
        """While inside, the title sits above `region` (an export of the selection) instead of the graph."""
        self._title_over = QRectF(region)
        self.place_title()
        try:
            yield
        finally:
            self._title_over = None
            self.place_title()

    # ------------------------------------------------------------------ drawing
    def _apply(self) -> None:
        scene = self.scene
        nodes, edges = scene.node_items(), scene.edge_items()
        new = self.overlay or SceneOverlay()
        old, self._shown = self._shown, new
        if old is None:
            roles, badge_ids, edge_keys = set(nodes), set(self.badges) | set(new.node_badges), set(edges)
        else:
            roles = _changed(old.node_roles, new.node_roles)
            badge_ids = _changed(old.node_badges, new.node_badges)
            edge_keys = _changed(old.edge_labels, new.edge_labels) | (old.edge_highlight ^ new.edge_highlight)
        for nid in roles:
            item = nodes.get(nid)
            if item is not None:
                item.set_role(new.node_roles.get(nid))
        if roles or old is None:
            scene.groups.show_roles()  # a collapsed group's card shows the roles of its nodes
        for nid in badge_ids:
            text, node, badge = new.node_badges.get(nid), nodes.get(nid), self.badges.get(nid)
            if not text or node is None:
                if badge is not None:
                    del self.badges[nid]
                    if badge.scene() is not None:
                        scene.removeItem(badge)
            elif badge is None:
                self.badges[nid] = BadgeItem(node, text)
            else:
                badge.set_text(text)
        badge_ids |= self._sync_card_badges()
        for key in edge_keys:
            edge = edges.get(key)
            if edge is not None:
                edge.set_overlay(new.edge_labels.get(key, ""), key in new.edge_highlight)
        self._set_title_text()  # (placed with the texts: _place_texts places it last)
        self._place_texts(badge_ids, same_texts=not edge_keys)
        self._place_marker()

    def _sync_card_badges(self) -> set:
        """Each collapsed card shows, in one badge, the gradients the step shows for the members it
        hides (group_presenter.badge_members), in name order, the trivial seed left out
        (core.group_card.tag_rows): a group of inputs keeps ∂L/∂x on its card; a few of them, then
        how many more (core.group_card.gradients_text: in an export, no pointer to the Inspector). Returns the
        keys of the card badges that came, went or changed (for _place_texts)."""
        overlay = self._shown
        texts = overlay.node_badges if overlay is not None else {}
        groups = self.scene.groups
        wanted = {}
        seed = overlay.seed if overlay is not None else ""
        label = partial(display_label, self.scene.graph)
        in_window = not self.scene.clean_mode  # (an export has no Inspector to point to)
        for gid, card in groups.cards.items() if texts else ():
            rows = tag_rows([n for n in groups.badge_members(gid) if texts.get(n)], label, seed)
            lines = [texts[n] for n in rows]
            if lines:
                wanted[gid] = (card, gradients_text(lines, in_window=in_window))  # (a few, then how many more)
        touched = set()
        for gid, (card, badge) in list(self.card_badges.items()):
            if gid not in wanted or wanted[gid][0] is not card:  # (a card made anew gets a new badge)
                del self.card_badges[gid]
                touched.add(CARD_BADGE + gid)
                if badge.scene() is not None:
                    self.scene.removeItem(badge)
        for gid, (card, text) in wanted.items():
            kept = self.card_badges.get(gid)
            if kept is None:
                self.card_badges[gid] = (card, BadgeItem(card, text))
            elif kept[1].text != text:
                kept[1].set_text(text)
            else:
                continue
            touched.add(CARD_BADGE + gid)
        return touched

    def _card_index(self) -> rect_index.RectIndex:
        """The shown cards and their ports, the group frames' title bands and the collapsed cards:
        what badges, labels and the title keep off."""
        return rect_index.card_index(self.scene.node_items(), self.scene.groups.obstacles())

    def labels_changed(self, changed: bool) -> None:
        """An evaluation set the edges' shape labels: place them afresh if one `changed` or a card
        moved, came or went since they were placed."""
        if changed or self._cards is None:
            self._place_texts()

    def _place_texts(self, touched: set | None = None, same_texts: bool = False) -> None:
        """Badges off the neighbours' cards, then the edge labels (the step's, then the shapes')
        clear of cards, ports, badges and each other. `touched`: the only badges whose text may
        have changed; `same_texts`: no edge label changed (then only what a change reaches moves)."""
        if self._cards is None:
            self._cards = self._card_index()
        shown = {nid: badge for nid, badge in self.badges.items() if badge.isVisible()}  # (not in a collapsed group)
        shown.update((CARD_BADGE + gid, badge) for gid, (_, badge) in self.card_badges.items() if badge.isVisible())
        all_edges = self.scene.edge_items()
        if self._wires is None:  # (while no card moves, no wire does)
            self._wires = label_obstacles.Wires({k: e for k, e in all_edges.items() if e.isVisible()})
        # (a badge keeps off its card's wires too: a collapsed card's are those of the nodes it hides)
        groups = self.scene.graph.groups
        own_ends = {CARD_BADGE + gid: groups.get(gid).nodes for gid in self.card_badges if gid in groups}
        self._badge_layout = overlay_layout.place_badges(
            shown, self._cards, self._badge_layout, touched, self._wires, own_ends
        )
        # each group's frame holds its members' tags under their cards (one above a card keeps off the title band)
        places = self._badge_layout.places
        bands = self.scene.groups.hold_tags({n: p.rect for n, p in places.items() if not p.above})
        if bands:  # a frame grew or shrank: its title band and edges, which labels keep off, moved
            self._cards = self._card_index()
            self._frame_edges = None
        if self._frame_edges is None:  # (a label off its wire keeps off them: see overlay_layout)
            self._frame_edges = rect_index.rect_index(list(self.scene.groups.edges().values()))
        if same_texts and self._label_layout is not None:
            edges = self.scene.edge_items()
        else:
            edges = {
                key: edge
                for key, edge in self.scene.edge_items().items()
                if (edge.overlay_label or edge.shape_label) and edge.isVisible()
            }
        # the marker travels the highlighted edges (the step's, which it goes along in turn)
        highlighted = self.overlay.edge_highlight if self.overlay is not None else ()
        path = label_obstacles.marker_path(
            all_edges[key] for key in sorted(highlighted) if key in all_edges and all_edges[key].isVisible()
        )
        changed = list(self._badge_layout.moved) + bands
        if path != self._marker_path:
            changed += self._marker_path + path
            self._marker_path = path
        # (labels near the badges that went, came or moved, and near the marker's old and new path, are placed again)
        self._label_layout = overlay_layout.place_labels(
            edges,
            self._badge_layout.rects,
            self._cards,
            self._label_layout,
            changed,
            same_texts,
            rect_index.rect_index(path),
            self._frame_edges,
            self._wires,
        )
        self.place_title()  # (above the labels and badges, wherever they went)

    def _place_marker(self) -> None:
        marker = self.overlay.marker if self.overlay is not None else None
        edge = self.scene.edge_item(marker[0]) if marker else None
        if edge is None:
            if self._marker is not None:
                self.scene.removeItem(self._marker)
                self._marker = None
            return
        if self._marker is None:
            self._marker = MarkerItem()
            self.scene.addItem(self._marker)
        fraction = marker[1]
        along = 1.0 - fraction if self.overlay.marker_backward else fraction
        self._marker.setPos(edge.point_at(along))

    def _set_title_text(self) -> None:
        """The title item says the overlay's title (made or taken away as needed); not yet placed."""
        text = self.overlay.title if self.overlay is not None else ""
        if not text:
            if self._title is not None:
                self.scene.removeItem(self._title)
                self._title = None
            return
        if self._title is None:
            self._title = TitleItem()
            self.scene.addItem(self._title)
        self._title.set_text(text)

    def view_moved(self, area: QRectF, zoom: float) -> None:
        """The view now shows `area` of the scene at `zoom`: the title stays inside it."""
        if self._view_area is None or self._view_area != (area, zoom):
            self._view_area = (QRectF(area), zoom)
            self.place_title()

    def place_title(self) -> None:
        """Above the graph's left edge and above everything the step shows (cards, group frames,
        badges, edge labels): it never covers a label. On the canvas, moved inward as far as needed
        to be whole in view (a pan never cuts it off); with the graph's top out of view, to the
        highest place in view clear of cards, badges and labels. An export shows it above the graph."""
        title = self._title
        if title is None:
            return
        if self._title_over is not None:
            title.fit_width(None)
            title.setPos(self.title_rect_above(self._title_over).topLeft())
            return
        if self._cards_rect is None:
            self._cards_rect = self.scene.cards_rect().united(self.scene.groups.extent())
        graph_rect = self._cards_rect
        top = graph_rect.top()
        for layout in (self._badge_layout, self._label_layout):
            highest = layout.rects.top() if layout is not None else None
            if highest is not None:
                top = min(top, highest)
        in_view = self._view_area is not None and not self.scene.clean_mode
        if in_view:  # a narrow view: the title wraps to fit it (an export shows it on one line)
            area, zoom = self._view_area
            title.fit_width(area.width() - 2 * TITLE_ROOM / max(zoom, 1e-6))
        else:
            title.fit_width(None)
        size = title.boundingRect().size()
        x, y = graph_rect.left(), top - size.height() - TITLE_GAP
        if in_view:
            room = TITLE_ROOM / max(zoom, 1e-6)
            x = max(min(x, area.right() - room - size.width()), area.left() + room)
            pushed = max(min(y, area.bottom() - room - size.height()), area.top() + room)
            if pushed != y:  # scrolled past the graph's top: the highest place in view that hides nothing
                x, pushed = self._place_in_view(title, x, pushed, area, room)
            y = pushed
        if title.pos() != QPointF(x, y):
            title.setPos(x, y)

    def _place_in_view(self, title: TitleItem, x: float, top: float, area: QRectF, room: float) -> tuple[float, float]:
        """Where in view the title hides no card, badge or label (_free_place); with no such room
        for it on one line, wrapped at its parts (narrower: it fits between columns of cards);
        else on one line at the highest place at `x` that hides no badge or label (a card's corner
        is still readable under it, a gradient is not); else at `top`."""
        size = title.boundingRect().size()
        place = self._free_place(x, top, size, area, room)
        if place is not None:
            return place
        zoom = self._view_area[1] if self._view_area is not None else 1.0
        wide = title.text_width_of_parts()
        if wide + 2 * title.PAD_X < size.width() - 1:
            title.fit_width(wide + 2 * title.PAD_X + 1)
            place = self._free_place(x, top, title.boundingRect().size(), area, room)
            if place is not None:
                return place
            title.fit_width(area.width() - 2 * TITLE_ROOM / max(zoom, 1e-6))
        rows = self._rows(top, size, area, room)
        return x, next((row for row in rows if not self._covers_a_label(QRectF(QPointF(x, row), size))), top)

    @staticmethod
    def _rows(top: float, size, area: QRectF, room: float) -> list[float]:
        low, step = area.bottom() - room - size.height(), max(size.height() / 2, 1.0)
        return [top + i * step for i in range(int(max(low - top, 0) / step) + 1)] + [low]

    def _free_place(self, x: float, top: float, size, area: QRectF, room: float) -> tuple[float, float] | None:
        """Where in view a title of `size` hides no card, badge or label: the highest row from `top`
        down, leftmost first from `x` (a graph taller than the view leaves no room above it, but
        often a gap beside its top cards); None when there is none."""
        if self._cards is None:
            self._cards = self._card_index()
        right, across = max(area.right() - room - size.width(), x), max(size.width() / 4, 1.0)
        columns = [x + i * across for i in range(int((right - x) / across) + 1)] + [right]
        for row in self._rows(top, size, area, room):
            for column in columns:
                rect = QRectF(QPointF(column, row), size)
                if not self._covers_a_label(rect) and not self._cards.meets(rect, margin=overlay_layout.CLEARANCE):
                    return column, row
        return None

    def _covers_a_label(self, rect: QRectF) -> bool:
        """Whether the title at rect would hide a badge or an edge label."""
        return any(
            layout is not None and layout.rects.meets(rect) for layout in (self._badge_layout, self._label_layout)
        )


def _changed(old: dict, new: dict) -> set:
    """The keys whose value differs between two dicts (missing counts as None)."""
    return {key for key in old.keys() | new.keys() if old.get(key) != new.get(key)}


def _without_marker(overlay: SceneOverlay) -> SceneOverlay:
    return replace(overlay, marker=None, marker_backward=True)
