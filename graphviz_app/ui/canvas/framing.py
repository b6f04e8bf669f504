"""What part of the graph the view frames, and at which zoom: the whole graph (Zoom to Fit, a
graph just opened), a rect brought into view (a new card, a rename), an animation's step, the
selection at actual size. GraphView's entry points call these; they zoom by `view.jump_to`."""

from __future__ import annotations

from PySide6.QtCore import QPointF, QRectF

from .zoom import FIT_MIN_ZOOM, MIN_ZOOM

FIT_MAX_ZOOM = 1.0  # zoom to fit never blows a small graph up beyond its natural size
FIT_MARGIN = 40.0
# an opened graph is never shown smaller than this: card texts stay readable (a larger graph opens
# at this zoom on its inputs; zoom to fit, one key away, shows it whole). A card's title is 9 pt,
# 12 px at 96 dpi: at 0.7 it is drawn 8.4 px high, bold, still read at a glance (at 0.6, 7 px, it is
# not). 0.84 (10 px) cut off the first examples at 1280×800 while 0.73 showed them whole.
READABLE_ZOOM = 0.7
# a graph that fits at the readable zoom only with a narrower margin than FIT_MARGIN shows whole
# (its cards' bounding rects already keep room for their glow around them)
TIGHT_MARGIN = 4.0
# room (screen pixels) kept around a card the animation brings into view
SHOW_MARGIN = 40.0


def shown_rect(view) -> QRectF:
    """The part of the scene the viewport shows."""
    return view.mapToScene(view.viewport().rect()).boundingRect()


def fit_zoom(view, rect: QRectF, margin: float = FIT_MARGIN) -> float:
    """The zoom that shows rect whole with `margin` screen pixels around it, at most FIT_MAX_ZOOM;
    it may be below FIT_MIN_ZOOM, where Zoom to Fit stops."""
    # the margin is in screen pixels, so a large graph zoomed far out still keeps clear of the edges
    port = view.viewport().rect()
    room_w, room_h = port.width() - 2 * margin, port.height() - 2 * margin
    if room_w <= 0 or room_h <= 0:
        return MIN_ZOOM
    return min(room_w / max(rect.width(), 1.0), room_h / max(rect.height(), 1.0), FIT_MAX_ZOOM)


def fit(view, readable: bool, focus: QRectF | None = None) -> None:
    """Show the whole graph; `readable`: not below READABLE_ZOOM, a graph too large to read whole
    shows at that zoom on its inputs, or on `focus` (a card's rect) when given."""
    rect = view.scene().items_bounding_rect()
    if rect.isNull():
        view.jump_to(1.0)
        view.centerOn(0, 0)
        return
    port = view.viewport().rect()
    zoom = fit_zoom(view, rect)
    if readable and zoom < READABLE_ZOOM:
        view.jump_to(READABLE_ZOOM)
        tight_w, tight_h = port.width() - 2 * TIGHT_MARGIN, port.height() - 2 * TIGHT_MARGIN
        if rect.width() * READABLE_ZOOM <= tight_w and rect.height() * READABLE_ZOOM <= tight_h:
            view.centerOn(rect.center())  # whole, nearer the edges
        else:
            room_w, room_h = port.width() - 2 * FIT_MARGIN, port.height() - 2 * FIT_MARGIN
            view.centerOn(readable_centre(rect, room_w / READABLE_ZOOM, room_h / READABLE_ZOOM, focus))
        return
    view.jump_to(zoom, FIT_MIN_ZOOM)
    view.centerOn(rect.center())


def readable_centre(rect: QRectF, width: float, height: float, focus: QRectF | None = None) -> QPointF:
    """Where to centre a graph too large to show whole (a view of width × height scene units):
    graphs flow left to right from their inputs, where reading it starts, so the view shows its left
    end (Backward's animation pans to the output when it starts there), its top if it is too tall;
    with `focus`, that card, with as much of the graph around it as the view holds. Each direction
    the graph fits in is centred."""
    if focus is None:
        x = rect.center().x() if rect.width() <= width else rect.left() + width / 2
        y = rect.center().y() if rect.height() <= height else rect.top() + height / 2
        return QPointF(x, y)

    def along(low: float, high: float, room: float, at: float) -> float:
        if high - low <= room:
            return (low + high) / 2
        return min(max(at, low + room / 2), high - room / 2)  # (no empty canvas beyond the graph's end)

    return QPointF(
        along(rect.left(), rect.right(), width, focus.center().x()),
        along(rect.top(), rect.bottom(), height, focus.center().y()),
    )


def show_rect(view, rect: QRectF) -> bool:
    """Bring rect (scene coordinates) into view, with a margin, by the least pan; a rect already
    shown whole moves nothing (False: the view stays where the user put it)."""
    if shown_rect(view).contains(rect):
        return False
    port, zoom = view.viewport().rect(), view.zoom()
    # the margin shrinks for a rect that nearly fills the view, so the rect itself still shows whole
    x_margin = min(SHOW_MARGIN, max(0.0, (port.width() - rect.width() * zoom) / 2 - 1))
    y_margin = min(SHOW_MARGIN, max(0.0, (port.height() - rect.height() * zoom) / 2 - 1))
    view.ensureVisible(rect, int(x_margin), int(y_margin))
    return True


def show_found(view, rect: QRectF) -> bool:
    """Bring a card found by name into view where it reads: from a zoom too far out to read a card
    (a large graph fitted whole) the view zooms in on it, to actual size (less for a card too large
    for the view), never below READABLE_ZOOM; at the user's own zoom, a card not shown whole is
    centred (a jump, not the least pan: the eye finds it in the middle); one shown whole moves
    nothing. True when the view moved."""
    if view.zoom() < READABLE_ZOOM - 1e-9:
        view.jump_to(max(READABLE_ZOOM, fit_zoom(view, rect, SHOW_MARGIN)))
        view.centerOn(rect.center())
        return True
    if shown_rect(view).contains(rect):
        return False
    view.centerOn(rect.center())
    return True


def show_step(view, current: QRectF, connected: list[QRectF], zoom_in: bool = True) -> bool:
    """Bring an animation step into view: its current card with the cards its arrows connect when
    they all fit in the view, else the current card alone. With zoom_in, at a zoom too far out to
    read a card (a large graph fitted whole) the view first zooms in, about the step, to where the
    step shows readably: actual size, or less for a step too wide for it, never below
    READABLE_ZOOM. Any other zoom is the user's and stays; the view pans by the least needed.
    True when the view moved."""
    whole = QRectF(current)
    for rect in connected:
        whole = whole.united(rect)
    if zoom_in and view.zoom() < READABLE_ZOOM - 1e-9:
        zoom = max(READABLE_ZOOM, fit_zoom(view, whole, SHOW_MARGIN))
        view.jump_to(zoom)
        port = view.viewport().rect()
        room_w, room_h = port.width() - 2 * SHOW_MARGIN, port.height() - 2 * SHOW_MARGIN
        fits = whole.width() * zoom <= room_w and whole.height() * zoom <= room_h
        view.centerOn((whole if fits else current).center())
        return True
    port, zoom = view.viewport().rect(), view.zoom()
    fits = whole.width() * zoom <= port.width() and whole.height() * zoom <= port.height()
    return show_rect(view, whole if fits else current)


def selection_rect(view) -> QRectF | None:
    """The selected cards' bounding rect (None without a selection)."""
    rects = [item.sceneBoundingRect() for item in view.scene().selectedItems() if item.isVisible()]
    if not rects:
        return None
    whole = QRectF(rects[0])
    for rect in rects[1:]:
        whole = whole.united(rect)
    return whole
