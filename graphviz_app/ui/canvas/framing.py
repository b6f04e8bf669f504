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
# screen pixels at the view's top kept for the pass's banner ("Backward · step 6 / 300 · …", about
# 32 px high, 10 px from the edge) when a step is brought into view: it never covers the step's cards
BANNER_ROOM = 56.0


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


def readable_focus(view, card: QRectF, inputs: list[QRectF]) -> QRectF:
    """What a graph opened on a card (a problem's) centres on: the card with the cards that feed it
    when they show together at READABLE_ZOOM with FIT_MARGIN around them, else the card alone."""
    whole = _united(card, inputs)
    return whole if fit_zoom(view, whole) >= READABLE_ZOOM - 1e-9 else QRectF(card)


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


def show_step(view, current: QRectF, connected: list[QRectF], zoom_in: bool = True, labels: list[QRectF] = ()) -> bool:
    """Bring an animation step into view: its current card with the cards its arrows connect (the
    cards it reads from), below the pass's banner. Two choices, each its own function: the zoom
    (_choose_step_zoom) and, at that zoom, what to show and how to move (_show_step_at). `labels`:
    the connected cards' badges (wider than their cards, with their gradients' footers), shown with
    the step when they fit at the zoom chosen, else left out. A step already shown whole moves
    nothing. True when the view moved."""
    whole = _united(current, connected)
    full = _united(whole, labels)
    zoom = _choose_step_zoom(view, whole, zoom_in)
    if zoom is None:  # the cards show whole already: the view moves only to bring in their badges
        if shown_rect(view).contains(full) or not _fits(view, full, view.zoom()):
            return False  # (the banner finds itself a place clear of cards where it can: overlay_presenter)
        zoom = view.zoom()
    return _show_step_at(view, current, full if _fits(view, full, zoom) else whole, zoom)


def _choose_step_zoom(view, whole: QRectF, zoom_in: bool = True) -> float | None:
    """The zoom a step (whole: its cards' rect) is shown at; None when it shows whole already at a
    zoom that stays (the user's view stays while the steps are in it).
    - Too far out to read a card (a large graph fitted whole): with zoom_in, READABLE_ZOOM, the
      least zoom in that reads the step (a small graph fitted just below it, at 0.69, stays almost
      whole: zooming on to actual size pushed its inputs and output out of view).
    - A readable zoom the user chose stays, unless the step needs a little less to show whole
      (never below READABLE_ZOOM).
    - A zoom too far out to read that stays (without zoom_in: chosen to watch a pass as a whole)."""
    zoom = view.zoom()
    if zoom_in and zoom < READABLE_ZOOM - 1e-9:
        return READABLE_ZOOM
    if shown_rect(view).contains(whole):
        return None
    if zoom > READABLE_ZOOM + 1e-9 and not _fits(view, whole, zoom):
        return max(READABLE_ZOOM, step_zoom(view, whole))
    return zoom


def _show_step_at(view, current: QRectF, whole: QRectF, zoom: float) -> bool:
    """Show the step at zoom. The target: the whole step when it fits, else its current card.
    At the view's own zoom the whole step comes by the least pan (the steps of a pass move the view
    no more than they need), and a current card already near the middle stays; at a new zoom the
    target is centred below the banner. True when the view moved."""
    fits = _fits(view, whole, zoom)
    if abs(zoom - view.zoom()) < 1e-9:  # (a zoom the user chose below Zoom to Fit's floor stays)
        if fits:
            _pan_least(view, whole)
            return True
        if _near_middle(view, current):
            return False  # the inputs cannot show with it and the card is in the middle already: stay
    else:
        view.jump_to(zoom)
    target = whole if fits else current
    # centred in the part of the view below the banner
    view.centerOn(target.center() - QPointF(0.0, BANNER_ROOM / 2 / max(view.zoom(), 1e-6)))
    return True


def show_group(view, group: QRectF, downstream: list[QRectF], upstream: list[QRectF]) -> None:
    """Bring a group dived into into view below the banner, with SHOW_MARGIN around it: with the
    cards wired to it when they all fit at a readable zoom, else with those it feeds (where the
    gradient arriving at its steps comes from), else the group alone. The user's zoom stays when
    the target fits at it, by the least pan (nothing moves when it shows so already); else the
    least zoom out that shows it (never below READABLE_ZOOM), centred."""
    choices = (_united(group, downstream + upstream), _united(group, downstream))
    target = next((r for r in choices if step_zoom(view, r) >= READABLE_ZOOM - 1e-9), QRectF(group))
    if _fits(view, target, view.zoom()):
        _pan_least(view, target)
        return
    view.jump_to(max(READABLE_ZOOM, step_zoom(view, target)))
    view.centerOn(target.center() - QPointF(0.0, BANNER_ROOM / 2 / max(view.zoom(), 1e-6)))


def _pan_least(view, rect: QRectF) -> None:
    """Pan by the least that shows rect (which fits) below the banner with SHOW_MARGIN around it."""
    zoom = max(view.zoom(), 1e-6)
    clear = clear_rect(view)
    room = clear.adjusted(SHOW_MARGIN / zoom, SHOW_MARGIN / zoom, -SHOW_MARGIN / zoom, -SHOW_MARGIN / zoom)

    def shift(low: float, high: float, room_low: float, room_high: float) -> float:
        if low < room_low:
            return low - room_low
        return max(high - room_high, 0.0)

    dx = shift(rect.left(), rect.right(), room.left(), room.right())
    dy = shift(rect.top(), rect.bottom(), room.top(), room.bottom())
    view.centerOn(shown_rect(view).center() + QPointF(dx, dy))


def step_zoom(view, rect: QRectF) -> float:
    """The zoom that shows rect whole below the banner with SHOW_MARGIN around it, at most actual size."""
    port = view.viewport().rect()
    room_w, room_h = port.width() - 2 * SHOW_MARGIN, port.height() - BANNER_ROOM - 2 * SHOW_MARGIN
    if room_w <= 0 or room_h <= 0:
        return MIN_ZOOM
    return min(room_w / max(rect.width(), 1.0), room_h / max(rect.height(), 1.0), FIT_MAX_ZOOM)


def clear_rect(view) -> QRectF:
    """The part of the scene the viewport shows below the pass's banner."""
    shown = shown_rect(view)
    return shown.adjusted(0.0, min(BANNER_ROOM / max(view.zoom(), 1e-6), shown.height()), 0.0, 0.0)


def _fits(view, rect: QRectF, zoom: float) -> bool:
    return step_zoom(view, rect) >= zoom - 1e-9


def _near_middle(view, rect: QRectF) -> bool:
    """Whether rect shows whole below the banner with its centre in the middle half of that part."""
    clear = clear_rect(view)
    middle = clear.adjusted(clear.width() / 4, clear.height() / 4, -clear.width() / 4, -clear.height() / 4)
    return clear.contains(rect) and middle.contains(rect.center())


def selection_rect(view) -> QRectF | None:
    """The selected cards' bounding rect (None without a selection)."""
    rects = [item.sceneBoundingRect() for item in view.scene().selectedItems() if item.isVisible()]
    if not rects:
        return None
    return _united(rects[0], rects[1:])


def _united(first: QRectF, rects) -> QRectF:
    """first united with each of rects (a new rect: first is left as it is)."""
    whole = QRectF(first)
    for rect in rects:
        whole = whole.united(rect)
    return whole
