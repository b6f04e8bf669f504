"""What a label or badge keeps off, as the placement (overlay_layout) asks it many times a step:
the rectangles near one column of places as plain numbers (Nearby, hits, meets), the shown
wires' curves cut into pieces when first asked (Wires), and the marker's path."""

from __future__ import annotations

from PySide6.QtCore import QLineF, QRectF

from .rect_index import RectIndex

MARKER_CLEAR = 8.0  # px: the marker's dot and its white ring, around each point of its path
MARKER_STEP = 12.0  # px: the pieces of a marker's path kept clear (few rectangles, a little wider on a slope)
WIRE_CLEAR = 2.0  # px: a wire's pen (and its antialiasing) around its curve, which a gradient label keeps off


class Nearby:
    """What lies in one column of places a label may take (around its point at one fraction of its
    curve), as plain (key, left, top, right, bottom) numbers: the cards, ports, badges and labels
    placed before it (`hard`, keys tagged by where they come from), the group frames' edges, the
    marker's path and the bounds of the other wires (set by the caller). Each place tried compares
    with these few instead of asking every index again."""

    def __init__(self, area: tuple, cards, badges, placed, old_order, order, frames, marker) -> None:
        self.hard = [
            ((i, entry[0]), *entry[1:])
            for i, found in enumerate(
                (cards.entries_near(*area), badges.entries_near(*area), placed.entries_near(*area, old_order, order))
            )
            for entry in found
        ]
        self.frames = frames.entries_near(*area) if frames is not None else []
        self.marker = marker.entries_near(*area) if marker is not None else []
        self.wires: list = []


def hits(entries: list, left: float, top: float, right: float, bottom: float) -> int:
    """RectIndex.hits of a rectangle (grown by its margin) among these entries: how many keys overlap it."""
    return len({key for key, l2, t2, r2, b2 in entries if left < r2 and l2 < right and top < b2 and t2 < bottom})


def meets(entries: list, left: float, top: float, right: float, bottom: float) -> bool:
    """hits(...) > 0, answered at the first entry found."""
    for _, l2, t2, r2, b2 in entries:
        if left < r2 and l2 < right and top < b2 and t2 < bottom:
            return True
    return False


def marker_path(edges) -> list[QRectF]:
    """Rectangles along the curves of `edges` (the ones the marker travels), each around a piece
    of the curve up to MARKER_STEP long and grown by MARKER_CLEAR: the dot never leaves them on its
    way, and a label clear of them is never under it."""
    return [rect for edge in edges for rect in _curve_pieces(edge.path(), MARKER_CLEAR)]


class Wires:
    """The shown edges' curves, which a gradient label keeps off (but for its own). An edge is cut
    into pieces (MARKER_STEP long, grown by WIRE_CLEAR) only when a label is tried near it: a step
    tries a few places, and cutting a thousand curves cost more than the whole step."""

    def __init__(self, edges: dict) -> None:
        # key -> the edge's curve (a copy Qt shares, not the item: a replaced document's edges
        # must not be kept alive by a layout not yet forgotten)
        self._paths = {key: edge.path() for key, edge in edges.items()}
        self._bounds = RectIndex()
        for key, path in self._paths.items():
            self._bounds.add(key, path.boundingRect().adjusted(-WIRE_CLEAR, -WIRE_CLEAR, WIRE_CLEAR, WIRE_CLEAR))
        self._pieces: dict = {}

    def covered(self, rect: QRectF, skip=None) -> int:
        """How many pieces of the wires (but the one keyed `skip`) the rectangle covers."""
        return self._covered(rect, lambda key: key != skip)

    def own_covered(self, rect: QRectF, nodes) -> int:
        """How many pieces of the wires into or out of `nodes` (a set of node ids) the rectangle covers."""
        return self._covered(rect, lambda key: key[0] in nodes or key[1] in nodes)

    def _covered(self, rect: QRectF, counted) -> int:
        """How many pieces of the wires near `rect` whose keys are `counted` the rectangle covers."""
        keys = self._bounds.keys_meeting(rect, margin=0.0)
        left, top, right, bottom = rect.getCoords()
        if left == right or top == bottom:
            return 0  # (an empty rectangle covers nothing, as Qt's intersects says)
        left, right = (left, right) if left < right else (right, left)
        top, bottom = (top, bottom) if top < bottom else (bottom, top)
        return self._pieces_hit((key for key in keys if counted(key)), left, top, right, bottom)

    def covered_near(self, near: list, left: float, top: float, right: float, bottom: float) -> int:
        """covered() of a rectangle given as numbers, among the wires `near` it (near())."""
        if left == right or top == bottom:
            return 0  # (an empty rectangle covers nothing, as Qt's intersects says)
        keys = (key for key, l2, t2, r2, b2 in near if left < r2 and l2 < right and top < b2 and t2 < bottom)
        return self._pieces_hit(keys, left, top, right, bottom)

    def _pieces_hit(self, keys, left: float, top: float, right: float, bottom: float) -> int:
        """How many pieces of these wires overlap the rectangle."""
        return sum(
            1
            for key in keys
            for pl, pt, pr, pb in self.pieces(key)
            if pl < right and left < pr and pt < bottom and top < pb
        )

    def near(self, left: float, top: float, right: float, bottom: float, skip=None) -> list:
        """The bounds of the wires (but the one keyed `skip`) that overlap the rectangle, as
        RectIndex.entries_near gives them: what a label tried there is compared with (covered_near)."""
        return self._bounds.entries_near(left, top, right, bottom, skip)

    def pieces(self, key) -> list[tuple[float, float, float, float]]:
        """The pieces of the wire keyed `key` as (left, top, right, bottom), cut the first time they
        are asked for (one with no area meets nothing, as Qt's intersects says: left out)."""
        pieces = self._pieces.get(key)
        if pieces is None:
            coords = (piece.getCoords() for piece in _curve_pieces(self._paths[key], WIRE_CLEAR))
            pieces = self._pieces[key] = [c for c in coords if c[0] != c[2] and c[1] != c[3]]
        return pieces


def _curve_pieces(path, clear: float) -> list[QRectF]:
    """Rectangles around pieces of an edge's curve (path) up to MARKER_STEP long, grown by `clear`."""
    rects = []
    for polygon in path.toSubpathPolygons():  # (the curve as Qt flattens it to draw it)
        points = [polygon.at(i) for i in range(polygon.size())]
        start = 0
        for i in range(1, len(points)):
            if QLineF(points[start], points[i]).length() >= MARKER_STEP or i == len(points) - 1:
                xs, ys = [p.x() for p in points[start : i + 1]], [p.y() for p in points[start : i + 1]]
                rects.append(
                    QRectF(min(xs), min(ys), max(xs) - min(xs), max(ys) - min(ys)).adjusted(
                        -clear, -clear, clear, clear
                    )
                )
                start = i
    return rects
