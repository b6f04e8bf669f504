"""Where the animation's badges and edge labels go, so that none hides another or a node card.

Badges go under their card unless that covers another card or the card's own wires (then above
it, then shifted sideways); a badge with no free place there (wider than its card, between its neighbours' badges
on one row of cards) takes the same places one badge height further off its card, a second row.
The edge labels (the active step's first, then the shape labels) then slide along their curve
to the first point clear of cards, ports, badges and each other, and step off the curve,
further and further, when no point on it is free (a wide label on a short edge). A shape label
steps off at most one label height: with no free place that near (cards almost touching) it is
hidden rather than floating away from its edge (the cards' footers show the shapes too).
A gradient label (the step's, bold) and a badge keep CLEARANCE from cards and badges: any
nearer, they read as one box with the card's glow or the badge. Labels keep off the path the
marker travels (the highlighted edges): the dot never covers a label's text. A gradient label
keeps off the other wires too, rather than off the marker's path (it reads as belonging to the wire
it covers: on a grey wire it named the wrong one), when its own wire has room. Off its curve, a
gradient label may also stand beside its point (its leader stays upright), and takes a place
whose leader crosses no card, badge or label before one further away (the leader of a label above
everything ran down through other labels). A gradient label with no place clear of the other wires
also tries places nearer its wire's ends (where two wires cross in the middle of a narrow gap), and
takes one whose leader crosses a wire rather than sit on one.
Deterministic: the same graph, layout and step always give the same picture.

While no card moves, a placement is kept from call to call (Placement): a step or an edit with
Live gradients on re-places only the badges and labels whose size or text changed and those a
changed place reaches (in the same order), which gives what placing everything afresh gives.
"""

from __future__ import annotations

import heapq
from typing import NamedTuple

from PySide6.QtCore import QRectF

from .edge_item import label_box
from .label_obstacles import Nearby, Wires, hits, meets
from .rect_index import MARGIN, RectIndex

LABEL_FRACTIONS = (0.5, 0.4, 0.6, 0.3, 0.7, 0.2, 0.8)  # along the curve, middle first
# then, for a gradient label that found no place clear of other wires, nearer its wire's ends too: where
# wires cross in the middle of a narrow gap, the place beside its own wire is near one end
END_FRACTIONS = (*LABEL_FRACTIONS, 0.1, 0.9)
# label heights off the curve, only when no point on it is free: far enough to clear a card's height
LABEL_SHIFTS = (0.0, -1.0, 1.0, -2.0, 2.0, -3.0, 3.0, -4.0, 4.0, -5.0, 5.0, -6.0, 6.0, -7.0, 7.0)
# then, nearer than the first free one of those, in quarters of a height: a gradient label steps just
# off the marker's path, or fits in a narrow gap between badges, rather than going further
FINE_SHIFTS = tuple(sign * (n + i / 4) for n in range(1, 7) for i in range(1, 4) for sign in (-1.0, 1.0))
# off the curve, a gradient label may also stand beside its point, which stays over it (an upright
# leader): between two cards, where a label the width of the gap fits above them, not far beyond them
LABEL_SIDES = (0.0, -0.4, 0.4)
LEADER_END = 3.0  # px of a leader next to the curve not checked (the curve may start at a port)
SHAPE_LABEL_SHIFTS = LABEL_SHIFTS[:3]  # a shape label no further off its edge than this, else hidden
BADGE_STEPS = (0.0, 30.0, -30.0, 60.0, -60.0, 90.0, -90.0, 120.0, -120.0)  # sideways moves, px
BADGE_ROWS = (0, 1)  # next to the card, then one badge further off (beyond the neighbours' badges)
CLEARANCE = 4.0  # px between a gradient label or badge and a card (off its glow's brighter part) or a badge
MARKER_ROOM = 2.0  # label heights: a label free but for the marker's path stays there rather than go further


class BadgePlace(NamedTuple):
    size: tuple[float, float]  # the badge's width and height when placed
    above: bool
    dx: float
    row: int  # 0: next to its card; 1: one badge further off
    rect: QRectF  # where it went, in scene coordinates
    area: QRectF  # the places it tried (up to the first free one): only a change here moves it


class Placement:
    """What a placement of badges (or labels) leaves for the next one, while no card moves: where
    each went, their rectangles (keyed by the order they are placed in), the areas each could have
    gone to (keyed by badge or edge), and the rectangles that changed in the last call."""

    def __init__(self) -> None:
        self.places: dict = {}
        self.rects = RectIndex()
        self.areas = RectIndex()
        self.moved: list[QRectF] = []

    def _drop(self, key, order) -> None:
        old = self.places.pop(key)
        self.rects.remove(order, old.rect)
        self.areas.remove(key, old.area)

    def _put(self, key, order, place) -> None:
        self.places[key] = place
        self.rects.add(order, place.rect)
        self.areas.add(key, place.area)

    def remove(self, keys: list, order_of) -> set:
        """These keys' places gone (order_of(key): the order each was placed in), all out before
        any is looked at: returns the keys still placed whose areas they met (to be placed again)."""
        rects = [self.places[key].rect for key in keys]
        for key in keys:
            self._drop(key, order_of(key))
        reached: set = set()
        self._reach(reached, *rects)
        return reached

    def record(self, key, old, old_order, place, order, look: bool) -> set:
        """key is now at `place` (was at `old`, None if new): the index follows, and the keys whose
        areas the rectangle that went or came meets are returned (to be placed again)."""
        if place != old:
            if old is not None:
                self._drop(key, old_order)
            self._put(key, order, place)
        reached: set = set()
        if old is None or old.rect != place.rect:
            self._reach(reached, place.rect, old.rect if old is not None else None, look=look)
        return reached

    def _reach(self, reached: set, *rects: QRectF, look: bool = True) -> None:
        """Rectangles that went, came or moved: the places whose areas they meet are to be redone
        (added to `reached`, unless not `look`)."""
        for rect in rects:
            if rect is not None:
                self.moved.append(rect)
                if look:
                    reached |= self.areas.keys_meeting(rect, CLEARANCE)  # (the widest margin a place keeps)


def place_badges(
    badges: dict,
    cards: RectIndex,
    before: Placement | None = None,
    touched: set | None = None,
    wires: Wires | None = None,
    own_ends: dict | None = None,
) -> Placement:
    """Puts every badge where it covers no other node's card and, if possible, no other badge and
    none of its own card's wires (`wires`: under its card, a wire leaving the port downwards ran
    under the badge that names its gradient; `own_ends`: badge key -> the node ids whose wires are
    its card's, for a badge not keyed by its node: a collapsed group card's). Returns where the
    badges went (`before`, updated, if given).

    Badges are placed one by one in a fixed order, each avoiding the ones placed before it. With
    `before` (the placement of the previous step, the cards unchanged), a badge of the same size
    keeps its place unless a badge placed, moved or removed since then lies where it could go:
    then nothing it was placed against has changed, and the result is the same as placing
    everything again, at the cost of what changed. `touched`: the only badges that may have come,
    gone or changed their size since `before` (None: every badge is looked at)."""
    placement = before if before is not None else Placement()
    placement.moved = []
    places = placement.places
    candidates = places.keys() | badges.keys() if before is None or touched is None else touched
    went = [nid for nid in candidates if nid in places and nid not in badges]
    todo = placement.remove(went, lambda nid: nid)
    todo |= {
        nid for nid in candidates if nid in badges and (nid not in places or places[nid].size != badges[nid].size())
    }
    later: list = []  # (a heap of) the badges a change reached while placing
    done: set = set()
    everything = len(todo) == len(badges)  # (then no change can reach a badge not already to be placed)
    for nid in _in_order(sorted(todo, reverse=True), later):
        if nid in done:
            continue
        done.add(nid)
        badge, old = badges[nid], places.get(nid)
        # (its old rectangle is not below it)
        own = own_ends.get(nid, (nid,)) if own_ends else (nid,)
        place = _place_badge(nid, badge, badge.size(), cards, placement.rects, wires, own)
        badge.place(place.above, place.dx, place.row)
        for other in placement.record(nid, old, nid, place, nid, look=not everything) - done:
            if other > nid:  # (the badges placed before it did not look at it)
                heapq.heappush(later, other)
    return placement


def _place_badge(
    nid, badge, size, cards: RectIndex, placed: RectIndex, wires: Wires | None = None, own=()
) -> BadgePlace:
    best, best_cost, tried = (False, 0.0, 0), None, QRectF()
    places = ((above, dx, row) for row in BADGE_ROWS for above in (False, True) for dx in BADGE_STEPS)
    for place in places:
        rect = badge.scene_rect_at(*place)
        tried = tried.united(rect)
        cost = (
            cards.hits(rect, skip=nid, margin=CLEARANCE),
            placed.hits(rect, below=nid, margin=CLEARANCE),
            wires.own_covered(rect, own) if wires is not None else 0,
        )
        if best_cost is None or cost < best_cost:
            best, best_cost = place, cost
        if cost == (0, 0, 0):
            break
    return BadgePlace(size, *best, badge.scene_rect_at(*best), tried)


class LabelPlace(NamedTuple):
    text: tuple[str, str]  # the edge's step label and shape label when placed
    curve: QRectF  # the bounds of the edge's curve then (an edge re-attached to a group card moves)
    fraction: float
    shift: float | None  # None: a shape label with no free place near its edge, hidden
    side: float  # label widths right (+) or left (-) of its point on the curve (its leader stays upright)
    rect: QRectF  # where it went, in scene coordinates (null: hidden)
    area: QRectF  # the places it tried (up to the first free one): only a change here moves it


def place_labels(
    edges: dict,
    badges: RectIndex,
    cards: RectIndex,
    before: Placement | None = None,
    changed: list | None = None,
    same_texts: bool = False,
    marker: RectIndex | None = None,
    frames: RectIndex | None = None,
    wires: Wires | None = None,
) -> Placement:
    """Slides each labelled edge's label (`edges`: key -> edge) along its curve to the first point
    clear of badges, cards, ports and the labels placed before it (the active step's labels go
    first); off the curve only when the whole curve is crowded; where it covers least when nothing
    is free. Returns where they went (`before`, updated, if given).

    With `before` (the placement of the last call, the cards unchanged) and `changed` (the old and
    new rectangles of the badges that went, came or moved since), a label with the same text
    keeps its place unless a badge or label that changed lies where it could go: as with
    place_badges, the result is the same as placing everything again. `same_texts`: no label
    came, went or changed its text since `before` (`edges` then needs to hold only those placed),
    so only the labels near a change are looked at. `marker`: the path the marker travels
    (marker_path), kept clear of every label; a change of it belongs in `changed`. `frames`: the
    group frames' edges (group_presenter.edges), which a label moved off its curve keeps off (on a
    frame's edge, on a leader, it reads as belonging to neither side; on its curve it may cross one,
    as its wire does); a change of them belongs in `changed`. `wires`: every shown edge's curve
    (Wires), which a gradient label keeps off but for its own; placed against as they stand (a
    change of them is a change of the cards: start afresh)."""
    placement = before if before is not None else Placement()
    placement.moved = []
    places = placement.places
    todo: set = set()
    if before is None or not same_texts:
        # gone, or placed in another turn now (a step's label back to a shape label, or the other way):
        # out first, so that no label placed before it in its new turn avoids it where it was
        went = [
            key for key in places if key not in edges or bool(places[key].text[0]) != bool(edges[key].overlay_label)
        ]
        todo = placement.remove(went, lambda key: _order(places[key].text[0], key))
        for key, edge in edges.items():
            old = places.get(key)
            if old is None or old.text != (edge.overlay_label, edge.shape_label) or old.curve != edge.curve_bounds():
                todo.add(key)
    for rect in changed or ():
        todo |= placement.areas.keys_meeting(rect, CLEARANCE)
    first = sorted(((_order(edges[key].overlay_label, key), key) for key in todo), reverse=True)
    later: list = []  # (a heap of) the labels a change reached while placing
    done: set = set()
    everything = len(todo) == len(edges)  # (then no change can reach a label not already to be placed)
    for order, key in _in_order(first, later):
        if key in done:
            continue
        done.add(key)
        edge, old = edges[key], places.get(key)
        text, curve = (edge.overlay_label, edge.shape_label), edge.curve_bounds()
        old_order = _order(old.text[0], key) if old is not None else None
        place = _place_label(
            edge, text, curve, badges, cards, placement.rects, marker, order, old_order, frames, key, wires
        )
        edge.set_label_place(place.fraction, place.shift, place.side)
        for other in placement.record(key, old, old_order, place, order, look=not everything) - done:
            other_order = _order(edges[other].overlay_label, other)
            if other_order > order:  # (the labels placed before it did not look at it)
                heapq.heappush(later, (other_order, other))
    return placement


def _in_order(first: list, later: list):
    """The items of `first` (sorted, last first) and of the heap `later` (which may grow meanwhile),
    smallest first."""
    while first or later:
        if later and (not first or later[0] < first[-1]):
            yield heapq.heappop(later)
        else:
            yield first.pop()


def _order(overlay_label: str, key) -> tuple:
    """Labels are placed in this order: the active step's first."""
    return (not overlay_label, key)


def _place_label(
    edge,
    text,
    curve: QRectF,
    badges: RectIndex,
    cards: RectIndex,
    placed: RectIndex,
    marker: RectIndex | None,
    order: tuple,
    old_order=None,
    frames: RectIndex | None = None,
    key=None,
    wires: Wires | None = None,
) -> LabelPlace:
    gradient = bool(text[0])  # the active step's label: always shown; a shape label may be hidden
    clear = CLEARANCE if gradient else MARGIN  # (a shape label, small and grey, may sit nearer)
    size = edge.current_label_size()  # (None: no label to place, every place is off the curve)
    w, h = size or (0.0, 0.0)
    tried = None  # (x, y, width, height) of the places tried, as QRectF.united grows it
    boxes: dict = {}  # (fraction, shift, side) -> the label's (left, top, right, bottom) there, as tried
    costs: dict = {}  # (fraction, shift, side) -> what the label covers there (cost)
    # Every place at one fraction of the curve lies in a column around its point there: what the
    # indexes hold in that column is gathered once (Nearby) and each place compared with that alone.
    reach = max(map(abs, (*LABEL_SHIFTS, *FINE_SHIFTS))) if gradient else max(map(abs, SHAPE_LABEL_SHIFTS))
    half_w, half_h = (0.5 + max(map(abs, LABEL_SIDES))) * w + clear + 1.0, (0.5 + reach) * h + clear + 1.0
    columns: dict = {}  # fraction -> (its point on the curve, Nearby)

    def column(fraction: float) -> tuple:
        found = columns.get(fraction)
        if found is None:
            x, y = edge.curve_point(fraction)
            area = (x - half_w, y - half_h, x + half_w, y + half_h)
            found = columns[fraction] = (x, y), Nearby(area, cards, badges, placed, old_order, order, frames, marker)
            if gradient and wires is not None:
                found[1].wires = wires.near(*area, skip=key)
        return found

    def box_at(place) -> tuple | None:
        """The label's (left, top, right, bottom) there, counted as tried; None off the curve."""
        nonlocal tried
        if size is None:
            return None
        fraction = place[0]
        x, y = (columns.get(fraction) or column(fraction))[0]
        left, top, _, _ = label_box(x, y, w, h, place[1], place[2])
        right, bottom = left + w, top + h
        if tried is None:
            tried = (left, top, w, h)
        else:  # (QRectF.united, number for number)
            tx, ty, tw, th = tried
            tr, tb = tx + tw, ty + th
            ux, uy = tx if tx < left else left, ty if ty < top else top
            tried = (ux, uy, (right if tr < right else tr) - ux, (bottom if tb < bottom else tb) - uy)
        box = boxes[place] = (left, top, right, bottom)
        return box

    def leader(place, box: tuple) -> tuple | None:
        """The leader from the label there to its point on the curve (None: on the curve, or next to it)."""
        if not place[1]:
            return None  # (on the curve: no leader)
        left, top, _, bottom = box
        x, y = (left + w / 2) - place[2] * w, (top + h / 2) - place[1] * h
        end = top if y < top else bottom
        if abs(end - y) <= LEADER_END:
            return None
        y += LEADER_END if end > y else -LEADER_END  # (short of the curve, which starts at a port)
        upper = min(y, end)
        return x - 0.5, upper, (x - 0.5) + 1.0, upper + abs(end - y)

    def cost(place, above=None):
        """price(place), priced once (the pass near the ends tries the first pass's places again).
        With `above` (the first count of the best place so far), a place covering more cards, badges
        and labels than that loses whatever the rest of its cost: it is counted no further, (count,)."""
        if place not in costs:
            costs[place] = price(place, box_at(place), above)
        else:
            found = costs[place]
            if found is not None and len(found) == 1 and (above is None or found[0] <= above):
                costs[place] = price(place, boxes[place], None)  # (counted in full now; tried already)
        return costs[place]

    def price(place, box, above):
        """What the label covers there (box): (cards, badges and labels; what its leader crosses of
        them; the other wires' pieces; those its leader crosses; the marker's path), None off the
        curve. A label on a crossing of wires reads as naming either; a leader across a wire, less so."""
        if box is None:
            return None
        near = columns[place[0]][1]
        left, top, right, bottom = box
        grown = (left - clear, top - clear, right + clear, bottom + clear)
        off = frames is not None and place[1]  # (off its curve, the frame edges it lies across count)
        if not gradient:  # (a shape label takes a free place or hides: whether it is free is enough,
            # and answered at the first rectangle met: cards piled on one spot cost no count of the pile)
            hard = int(meets(near.hard, *grown) or bool(off and meets(near.frames, *grown)))
            if above is not None and hard > above:
                return (hard,)
            return hard, 0, 0, 0, int(meets(near.marker, *box)) if marker is not None else 0
        hard = hits(near.hard, *grown) + (hits(near.frames, *grown) if off else 0)
        if above is not None and hard > above:
            return (hard,)
        line = leader(place, box)
        return (
            hard,
            hits(near.hard, *line) if line is not None else 0,
            wires.covered_near(near.wires, *box) if wires is not None else 0,
            wires.covered_near(near.wires, *line) if wires is not None and line is not None else 0,
            hits(near.marker, *box) if marker is not None else 0,
        )

    def is_free(place) -> bool:
        box = box_at(place)
        if box is None:
            return False
        near = columns[place[0]][1]
        left, top, right, bottom = box
        grown = (left - clear, top - clear, right + clear, bottom + clear)
        if meets(near.hard, *grown) or (frames is not None and place[1] and meets(near.frames, *grown)):
            return False
        line = leader(place, box)
        return not (
            (line is not None and meets(near.hard, *line))
            or (wires is not None and wires.covered_near(near.wires, *box))
            or (wires is not None and line is not None and wires.covered_near(near.wires, *line))
            or (marker is not None and meets(near.marker, *box))
        )

    def places(shifts, fractions):
        """(fraction, shift, side) to try, nearest first; beside its point only off the curve."""
        for shift in shifts:
            for side in LABEL_SIDES if gradient and shift else (0.0,):
                for fraction in fractions:
                    yield fraction, shift, side

    def choose(fractions) -> tuple:
        """The place taken among those at `fractions` along the curve, and its cost."""
        best, best_cost, free, on_path = (0.5, 0.0, 0.0), None, None, None
        on_wires = None  # (cost, place): the first place on the least of other wires (then under its leader)
        for place in places(LABEL_SHIFTS if gradient else SHAPE_LABEL_SHIFTS, fractions):
            if on_path is not None and abs(place[1]) > max(MARKER_ROOM, abs(on_path[1])):
                break  # (a free place further than this loses to the one on the marker's path)
            found = cost(place, best_cost[0] if best_cost is not None else None)
            if found is None or len(found) == 1:
                continue  # (off the curve, or covering more than the best place so far: it loses)
            if best_cost is None or found < best_cost:
                best, best_cost = place, found
            if found[:2] == (0, 0):
                if on_path is None:
                    on_path = place  # covers nothing but wires (the marker's path, other wires)
                if on_wires is None or found[2:4] < on_wires[0][2:4]:
                    on_wires = (found, place)
            if found == (0, 0, 0, 0, 0):
                free = place
                break
        # nearer than the free place found (or than where one would lose to the place on the marker's
        # path): a crowd with neither costs no more than before
        bound = abs(free[1]) if free is not None else max(MARKER_ROOM, abs(on_path[1])) if on_path is not None else 0.0
        if gradient and bound > 1.0:
            nearer = (shift for shift in FINE_SHIFTS if abs(shift) < bound)
            free = next((place for place in places(nearer, fractions) if is_free(place)), free)
        if free is not None and (on_path is None or abs(free[1]) <= max(MARKER_ROOM, abs(on_path[1]))):
            return free, (0, 0, 0, 0, 0)
        if on_wires is not None:
            # on its own wire (the marker then passes under it, never over its text) rather than on
            # another, which it would read as naming; on as little of others as it can
            return on_wires[1], on_wires[0]
        return best, best_cost

    best, best_cost = choose(LABEL_FRACTIONS)
    if gradient and best_cost is not None and any(best_cost[:4]):  # (on another wire, a card or a label)
        near_ends = choose(END_FRACTIONS)
        if near_ends[1][:4] < best_cost[:4]:
            best, best_cost = near_ends
    area = QRectF(*tried) if tried is not None else QRectF()
    if not gradient and best_cost[0]:
        return LabelPlace(text, curve, best[0], None, 0.0, QRectF(), area)
    box = boxes.get(best)
    full = QRectF(box[0], box[1], w, h) if box is not None else edge.label_rect_at(*best)
    return LabelPlace(text, curve, *best, full, area)
