"""Rectangles in scene coordinates, bucketed on a coarse grid, asked what comes near a rectangle:
what the overlay layout places badges and labels against (cards, ports, group titles, badges and
labels placed, the marker's path)."""

from __future__ import annotations

from PySide6.QtCore import QRectF

from .port_item import RADIUS as PORT_RADIUS

MARGIN = 2.0  # a label just touching a badge still reads as a collision
CELL = 256.0  # px: the bucket size of the index


class RectIndex:
    """Rectangles bucketed on a coarse grid: a 200-node step asks about neighbours, not all pairs.

    Kept as plain (left, top, right, bottom) numbers and compared in Python: at 10,000 cards a
    file's opening adds 40,000 rectangles and asks 30,000 questions, and a call into Qt per
    comparison (and a Qt object kept per rectangle) cost more than the comparisons."""

    def __init__(self) -> None:
        self._cells: dict[tuple[int, int], list[tuple[object, float, float, float, float]]] = {}

    @staticmethod
    def _coords(rect: QRectF, grow: float = 0.0) -> tuple[float, float, float, float]:
        left, top, right, bottom = rect.getCoords()
        left, top, right, bottom = left - grow, top - grow, right + grow, bottom + grow  # QRectF.adjusted
        if left > right:  # (a negative width or height, as Qt allows: normalised, as Qt compares)
            left, right = right, left
        if top > bottom:
            top, bottom = bottom, top
        return left, top, right, bottom

    @staticmethod
    def _span(left: float, top: float, right: float, bottom: float) -> list[tuple[int, int]]:
        x0, x1, y0, y1 = int(left // CELL), int(right // CELL), int(top // CELL), int(bottom // CELL)
        if x0 == x1 and y0 == y1:
            return [(x0, y0)]  # most cards, ports and labels lie in one cell
        return [(i, j) for i in range(x0, x1 + 1) for j in range(y0, y1 + 1)]

    def add(self, key, rect: QRectF) -> None:
        self.add_coords(key, *self._coords(rect))

    def add_coords(self, key, left: float, top: float, right: float, bottom: float) -> None:
        """add() of a rectangle given as numbers (left <= right, top <= bottom)."""
        entry = (key, left, top, right, bottom)
        cells = self._cells
        for cell in self._span(left, top, right, bottom):
            found = cells.get(cell)
            if found is None:
                cells[cell] = [entry]
            else:
                found.append(entry)

    def remove(self, key, rect: QRectF) -> None:
        """Takes out what add(key, rect) put in."""
        coords = self._coords(rect)
        entry = (key, *coords)
        for cell in self._span(*coords):
            entries = self._cells[cell]
            entries.remove(entry)
            if not entries:
                del self._cells[cell]

    def hits(self, rect: QRectF, skip=None, below=None, margin: float = MARGIN) -> int:
        """How many stored rectangles (other than the one keyed `skip`, and only those keyed before
        `below` if given) come within `margin` of rect."""
        left, top, right, bottom = self._coords(rect, margin)
        seen = set()
        for cell in self._span(left, top, right, bottom):
            for key, l2, t2, r2, b2 in self._cells.get(cell, ()):
                # (_overlap written out: this loop runs for every rectangle near every label tried)
                if left < r2 and l2 < right and top < b2 and t2 < bottom and l2 != r2 and t2 != b2:
                    if key != skip and (below is None or key < below):
                        seen.add(key)
        return len(seen)

    def meets(self, rect: QRectF, skip=None, below=None, margin: float = MARGIN) -> bool:
        """hits(...) > 0, answered at the first rectangle found."""
        if not self._cells:
            return False  # (no badges, no labels placed yet: asked once per label tried)
        left, top, right, bottom = self._coords(rect, margin)
        for cell in self._span(left, top, right, bottom):
            for key, l2, t2, r2, b2 in self._cells.get(cell, ()):
                if left < r2 and l2 < right and top < b2 and t2 < bottom and l2 != r2 and t2 != b2:
                    if key != skip and (below is None or key < below):
                        return True
        return False

    def entries_near(self, left: float, top: float, right: float, bottom: float, skip=None, below=None) -> list:
        """The stored rectangles (as (key, left, top, right, bottom), each once) with an area that
        overlap the given one, but the one keyed `skip` and, if given, only those keyed before
        `below`: what a caller asking hits/meets many times inside that rectangle compares with."""
        if not self._cells:
            return []  # (often: no frames, no marker's path, no label placed yet)
        box = (left, top, right, bottom)
        found = dict.fromkeys(
            entry for cell in self._span(*box) for entry in self._cells.get(cell, ()) if _overlap(box, entry)
        )
        return [entry for entry in found if entry[0] != skip and (below is None or entry[0] < below)]

    def keys_meeting(self, rect: QRectF, margin: float = MARGIN) -> set:
        """The keys of the stored rectangles that come within `margin` of rect (none for a null rect)."""
        if rect.isNull():
            return set()
        coords = self._coords(rect, margin)
        return {
            entry[0] for cell in self._span(*coords) for entry in self._cells.get(cell, ()) if _overlap(coords, entry)
        }

    def top(self) -> float | None:
        """The top of the highest stored rectangle with an area (None: none). Row by row from the
        top: a rectangle is stored in the row of cells its top lies in."""
        rows: dict[int, list] = {}
        for (_, j), entries in self._cells.items():
            rows.setdefault(j, []).append(entries)
        for j in sorted(rows):
            tops = [t for entries in rows[j] for _, left, t, right, b in entries if left != right and t != b]
            if tops:
                return min(tops)
        return None


def _overlap(coords: tuple[float, float, float, float], entry: tuple) -> bool:
    """As QRectF.intersects: an overlap of some area (an empty stored rectangle meets nothing)."""
    left, top, right, bottom = coords
    _, l2, t2, r2, b2 = entry
    return left < r2 and l2 < right and top < b2 and t2 < bottom and l2 != r2 and t2 != b2


def card_index(nodes: dict, others: dict | None = None) -> RectIndex:
    """Every shown node's card in scene coordinates, keyed by node id, and its ports (which poke
    out of the card), keyed by (node id, port); then the `others` (key -> scene rectangle: the
    groups' title bands and collapsed cards)."""
    index = RectIndex()
    r = PORT_RADIUS
    for nid, item in nodes.items():
        if not item.isVisible():
            continue  # (inside a collapsed group: its card stands for it)
        # A card has no parent and no transform: its scene rect (card_scene_rect) and its ports'
        # centres are its own (NodeItem.box, its rect) moved by its pos, as Qt's mapRectToScene and
        # mapToScene add it (x + dx), number for number. One call into Qt per card, not three
        # (10,000 cards: about 60 ms less).
        pos = item.pos()
        x0, y0 = pos.x(), pos.y()
        x, y, width, height = item.box
        left, top = x + x0, y + y0
        index.add_coords(nid, left, top, left + width, top + height)
        for port in (*item.inputs, item.output):
            x, y = port.x + x0, port.y + y0
            index.add_coords((nid, port.is_output, port.index), x - r, y - r, x + r, y + r)
    for key, rect in (others or {}).items():
        index.add(key, rect)
    return index


def rect_index(rects: list[QRectF]) -> RectIndex:
    index = RectIndex()
    for i, rect in enumerate(rects):
        index.add(i, rect)
    return index
