"""Where the laid-out parts of a drawing go so that the whole is about a window's shape: parts
packed in rows (pack_components), and a long strip wrapped in bands like a line of text
(wrap_strip). autolayout lays out each part; this only moves parts and bands, on its grid
(layer_spacing between layers, row_spacing between rows)."""

from __future__ import annotations

from bisect import bisect_right

Places = dict[str, tuple[float, float]]

PACK_ASPECT = 16 / 10  # packed parts fill rows about this much wider than their stack is tall
PACK_GAP_LAYERS = 2  # layers between parts side by side: more room than between layers, no flow across
WRAP_MIN_LAYERS = 40  # a strip shorter than this stays one strip (every bundled example does)
WRAP_GAP_ROWS = 2  # rows between the bands of a wrapped strip


def wrap_strip(pos: Places, layer_spacing: float, row_spacing: float, spans: list[tuple[int, int]] = ()) -> Places:
    """A laid-out part (its first layer at x = 0) of at least WRAP_MIN_LAYERS layers that is far
    wider than a window's shape, cut into bands of consecutive layers placed one under the other,
    so the whole is about PACK_ASPECT; each band reads left to right as before, and the edges at
    a cut go back from the end of one band to the start of the next. spans: (first, last) layers
    that must stay in one band (a group's, so its frame is not stretched over two bands and all
    between): each cut moves to the nearest layer boundary outside them. Else pos as it is."""
    layers = round(max(x for x, _ in pos.values()) / layer_spacing) + 1
    ys = [y for _, y in pos.values()]
    band_height = max(ys) - min(ys) + row_spacing + WRAP_GAP_ROWS * row_spacing
    width = layers * layer_spacing
    bands = round((width / (PACK_ASPECT * band_height)) ** 0.5)
    if layers < WRAP_MIN_LAYERS or bands < 2:
        return pos
    per_band = -(-layers // bands)  # layers in a band (the last may have fewer)
    # a cut before layer k is allowed when no span holds both k - 1 and k
    free = [k for k in range(1, layers) if not any(first < k <= last for first, last in spans)]
    cuts: list[int] = []
    for wanted in range(per_band, layers, per_band):
        nearest = min(free, key=lambda k: abs(k - wanted), default=None)
        if nearest is not None and (not cuts or nearest > cuts[-1]):
            cuts.append(nearest)
    if not cuts:
        return pos
    starts = [0, *cuts]  # the first layer of each band
    wrapped = {}
    for nid, (x, y) in pos.items():
        band = bisect_right(cuts, round(x / layer_spacing))  # (cuts ascend: those at or before its layer)
        wrapped[nid] = (x - starts[band] * layer_spacing, y + band * band_height)
    return wrapped


def pack_components(parts: list[Places], layer_spacing: float, row_spacing: float) -> Places:
    """Place the laid-out parts of a graph in rows, in their order (a shelf packing): each row as
    wide as about PACK_ASPECT times the height of all rows (but at least the widest part), parts
    top-aligned in a row, PACK_GAP_LAYERS layers and a row's spacing between them. The first part
    starts at (0, its own top)."""
    boxes = []
    for pos in parts:
        xs, ys = [x for x, _ in pos.values()], [y for _, y in pos.values()]
        # a part's box: its cards' places plus room for the cards and the gap after them
        boxes.append(
            (min(xs), min(ys), max(xs) - min(xs) + PACK_GAP_LAYERS * layer_spacing, max(ys) - min(ys) + row_spacing)
        )
    area = sum(w * h for _, _, w, h in boxes)
    row_width = max(max(w for _, _, w, _ in boxes), (area * PACK_ASPECT) ** 0.5)
    placed: Places = {}
    x = y = row_height = 0.0
    top = boxes[0][1]
    for pos, (left, up, width, height) in zip(parts, boxes):
        if x > 0 and x + width > row_width:  # this part starts the next row
            x, y, row_height = 0.0, y + row_height, 0.0
        dx, dy = x - left, top + y - up
        for nid, (px, py) in pos.items():
            placed[nid] = (px + dx, py + dy)
        x += width
        row_height = max(row_height, height)
    return placed
