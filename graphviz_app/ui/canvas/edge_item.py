"""An edge: a smooth cubic curve from an output port to an input port, labelled with its shape
(edge_labels draws the label; overlay_items.OverlayLabelItem the animation's label above it)."""

from __future__ import annotations

from PySide6.QtCore import QLineF, QPointF, QRectF, Qt
from PySide6.QtGui import QColor, QPainter, QPainterPath, QPainterPathStroker, QPen, QTransform
from PySide6.QtWidgets import QGraphicsItem, QGraphicsPathItem

from .edge_labels import LABEL_PAD, draw_label, draw_leader, label_area, label_pixmap, label_size
from .hover import Hoverable
from .overlay_items import OverlayLabelItem
from .theme import symbol_font, ui_font
from .zoom import FULL_DETAIL, LABEL_DETAIL, scene_detail, thin_edge_pen

LEADER_MIN = 4.0  # px: a label further than this from its point on the curve gets a leader line to it
_ROUND_CAP = Qt.PenCapStyle.RoundCap
_SOLID = Qt.PenStyle.SolidLine
_ANTIALIASING = QPainter.RenderHint.Antialiasing
_TX_SCALE = QTransform.TransformationType.TxScale.value  # translation and uniform-or-not scaling only
# looked up once, not per edge (Python's lookups of Qt's enums were a noticeable part of building 10,000 edges)
_BEHIND_PARENT = QGraphicsItem.GraphicsItemFlag.ItemStacksBehindParent
_SELECTABLE = QGraphicsItem.GraphicsItemFlag.ItemIsSelectable
_NO_CONTENTS = QGraphicsItem.GraphicsItemFlag.ItemHasNoContents
_NO_BUTTON = Qt.MouseButton.NoButton


def wire_preview(theme) -> QGraphicsPathItem:
    """A wire being made (dragged from a port, or what a dropped card or node will be joined by):
    dashed, in the selection colour, above the cards."""
    item = QGraphicsPathItem()
    item.setPen(QPen(QColor(theme.selection), 2.2, Qt.PenStyle.DashLine, Qt.PenCapStyle.RoundCap))
    item.setZValue(10)
    return item


def curve(a: QPointF, b: QPointF) -> QPainterPath:
    """Leaves a to the right and enters b from the left; loops round when b is behind a."""
    return _cubic(_controls(a, b))


def _cubic(controls: tuple[float, ...]) -> QPainterPath:
    ax, ay, c1x, c1y, c2x, c2y, bx, by = controls
    path = QPainterPath(QPointF(ax, ay))
    path.cubicTo(c1x, c1y, c2x, c2y, bx, by)
    return path


def _controls(a: QPointF, b: QPointF) -> tuple[float, ...]:
    """The curve's four points (a, two control points, b) as plain numbers."""
    ax, ay, bx, by = a.x(), a.y(), b.x(), b.y()
    dx = bx - ax
    reach = max(abs(dx) * 0.5, 40.0) if dx >= 0 else max(80.0, abs(by - ay) * 0.3 + abs(dx) * 0.25)
    return ax, ay, ax + reach, ay, bx - reach, by, bx, by


def _point_at(controls: tuple[float, ...], t: float) -> tuple[float, float]:
    """The curve's point (x, y) at parameter t, as QPainterPath.pointAtPercent gives it for a path of
    one cubic (the same de Casteljau steps as Qt's QBezier::pointAt), without Qt measuring the path's
    length first: labels are placed by trying points along every edge (8 µs a call in Qt, 1 here;
    plain numbers, no QPointF, as its callers want them)."""
    x1, y1, x2, y2, x3, y3, x4, y4 = controls
    m = 1.0 - t
    a, b, c = x1 * m + x2 * t, x2 * m + x3 * t, x3 * m + x4 * t
    a, b = a * m + b * t, b * m + c * t
    x = a * m + b * t
    a, b, c = y1 * m + y2 * t, y2 * m + y3 * t, y3 * m + y4 * t
    a, b = a * m + b * t, b * m + c * t
    return x, a * m + b * t


def label_box(x: float, y: float, w: float, h: float, shift: float, side: float) -> tuple[float, float, float, float]:
    """The label of size (w, h) centred on the point (x, y), moved by `shift` heights below (+) and
    `side` widths right (+): (left, top, width, height), as EdgeItem.label_rect_at's rectangle."""
    return x - w / 2 + side * w, y - h / 2 + shift * h, w, h


class EdgeItem(Hoverable, QGraphicsItem):
    """The edge's own paint draws only its shape label; the curve is a child QGraphicsPathItem, which
    Qt draws without calling into Python. With a thousand edges on screen, the calls into Python
    cost more than the drawing: a zoom step of the whole graph took twice as long. With no label to
    draw at the view's zoom the edge item has no contents, and Qt does not call it at all.

    What the curve looks like (its pen) is set when something changes: hover, selection, the
    animation, the theme, an export (redraw), and the view's zoom as it settles (set_detail, from
    zoom.py)."""

    def __init__(self, scene, key: tuple[str, str, int], src_item, dst_item):
        super().__init__()
        self._scene_ref = scene
        self.key = key
        self.src_item = src_item
        self.dst_item = dst_item
        self.shape_label = ""
        self.overlay_label = ""
        self.highlighted = False
        self.clash = False  # carries an operand its node refuses (shapes that do not fit): drawn in the error colour
        # (set by update_path, called below: the curve _path, its points _controls, the area it
        # covers _curve_area and the label's rectangle _label_rect)
        self._leader: QLineF | None = None  # from a label moved off its curve to its point on it
        self._label_fraction = 0.5  # where along the curve the label sits (the scene avoids collisions)
        self._label_shift = 0.0  # and how far above (-) or below (+) the curve, when the curve is crowded
        self._label_side = 0.0  # and how far left (-) or right (+) of its point there, in label widths
        # (None: a shape label hidden, no free place near its edge: see overlay_layout)
        self._bounds = QRectF()
        self._ends = (None, None)  # ports of collapsed group cards standing for its nodes (attach)
        self._overlay_item: OverlayLabelItem | None = None  # made when first asked for (overlay_label_item)
        self._detail = scene_detail(scene)  # (zoom.edge_detail: the thin pen's level, labels shown)
        self._drawn_label: QRectF | None = None  # where paint last put the label (see _restyle)
        # what _restyle (alone) last gave the curve and the item: asking Qt back costs as much as setting
        self._pen: QPen | None = None
        self._contents = True  # (Qt's default: ItemHasNoContents unset)
        self._curve = QGraphicsPathItem(self)
        self._curve.setFlag(_BEHIND_PARENT)  # under the label
        self._curve.setAcceptedMouseButtons(_NO_BUTTON)  # clicks (and hovers: Qt's default) go to the edge
        self.setFlag(_SELECTABLE)
        self.setAcceptHoverEvents(True)  # (at Qt's default z 0: under the cards, at 1)
        self.update_path()
        self._restyle()

    @property
    def src(self) -> str:
        return self.key[0]

    @property
    def dst(self) -> str:
        return self.key[1]

    @property
    def port(self) -> int:
        return self.key[2]

    @property
    def overlay_label_item(self) -> OverlayLabelItem:
        """The item that draws this edge's animation label, made when first asked for (most edges of a
        large graph never show one) and put in the edge's scene. Top-level, not a child, which could
        not rise above the badges."""
        if self._overlay_item is None:
            self._overlay_item = OverlayLabelItem(self)
            if self.scene() is not None:
                self.scene().addItem(self._overlay_item)
        return self._overlay_item

    def hide_overlay_label(self) -> None:
        """The animation's label hidden (its edge is inside a collapsed group); one never made needs nothing."""
        if self._overlay_item is not None:
            self._overlay_item.setVisible(False)

    def remove_from(self, scene) -> None:
        """Taken out of the scene, with its animation label's item if it was made; the input port
        it fed no longer shows its clash (a new edge there starts plain: the next evaluation says)."""
        self.set_clash(False)
        if self._overlay_item is not None and self._overlay_item.scene() is scene:
            scene.removeItem(self._overlay_item)
        scene.removeItem(self)

    def path(self) -> QPainterPath:
        return QPainterPath(self._path)

    def curve_bounds(self) -> QRectF:
        """path().boundingRect() without copying the path (asked of every labelled edge at each step)."""
        return self._path.boundingRect()

    def point_at(self, fraction: float) -> QPointF:
        """A point at this fraction of the curve's length from the producer (0) to the consumer (1)."""
        fraction = min(max(fraction, 0.0), 1.0)
        return self._path.pointAtPercent(self._path.percentAtLength(self._path.length() * fraction))

    def attach(self, src_end=None, dst_end=None) -> None:
        """End on a collapsed group's card instead of a hidden node's (None: the node's own port)."""
        if (src_end, dst_end) != self._ends:
            self._ends = (src_end, dst_end)
            self.update_path()

    def update_path(self) -> None:
        src_end, dst_end = self._ends
        a = (src_end or self.src_item.output).scene_center()
        b = (dst_end or self.dst_item.inputs[self.port]).scene_center()
        # (whoever moves the ends tells the scene: a new edge, or a card moved: node_item_moved)
        self.prepareGeometryChange()
        self._controls = _controls(a, b)
        self._path = _cubic(self._controls)
        # what it covers (the curve, not its control points: a loop back reaches far past them),
        # worked out with the curve, not again at each placing of its label
        self._curve_area = self._path.boundingRect().adjusted(-8, -8, 8, 8)
        self._curve.setPath(self._path)
        self._place_label()

    def set_shape_label(self, text: str) -> bool:
        """True if the label changed (the scene then places the labels again)."""
        if text == self.shape_label:
            return False
        self.shape_label = text
        self._moves_label()
        self._place_label()
        self.redraw()
        return True

    def set_overlay(self, label: str, highlighted: bool) -> None:
        if label != self.overlay_label or highlighted != self.highlighted:
            self.overlay_label = label
            self.highlighted = highlighted
            if not label:
                self._label_fraction, self._label_shift, self._label_side = 0.5, 0.0, 0.0
            self._moves_label()
            self._place_label()
            self.redraw()

    def label_rect(self) -> QRectF:
        """Where the label is drawn, in scene coordinates (the item sits at the origin); null without one."""
        return QRectF(self._label_rect)

    def label_rect_at(self, fraction: float, shift: float = 0.0, side: float = 0.0) -> QRectF:
        """The rectangle the current label would take centred on the curve at `fraction`, moved by
        `shift` label heights below (+) or above (-) it and `side` label widths right (+) or left (-)."""
        size = self.current_label_size()
        if size is None:
            return QRectF()
        return QRectF(*label_box(*self.curve_point(fraction), *size, shift, side))

    def current_label_size(self) -> tuple[float, float] | None:
        """The current label's width and height (None: no label, or no curve yet)."""
        text = self._label_text()
        if not text or self._path.isEmpty():
            return None
        return label_size(bool(self.overlay_label), text)

    def curve_point(self, fraction: float) -> tuple[float, float]:
        """The point (x, y) a label at `fraction` is centred on: by curve parameter, not length
        (0.5 is where labels always sat)."""
        return _point_at(self._controls, fraction)

    def leader(self) -> QLineF | None:
        """The thin line drawn from the label to its point on the curve, when placement moved the
        label off the curve (further than LEADER_MIN); None while the curve runs through it."""
        return QLineF(self._leader) if self._leader is not None else None

    def set_clash(self, on: bool) -> None:
        """Whether its node refuses what this edge carries (the scene, after each evaluation); its
        input port shows it too."""
        if on != self.clash:
            self.clash = on
            self.dst_item.inputs[self.port].set_clash(on)
            self.redraw()

    def set_label_place(self, fraction: float, shift: float | None = 0.0, side: float = 0.0) -> None:
        """Where the label goes (see label_rect_at); shift None hides a shape label."""
        if (fraction, shift, side) != (self._label_fraction, self._label_shift, self._label_side):
            self._label_fraction, self._label_shift, self._label_side = fraction, shift, side
            self._moves_label()
            self._place_label()
            self.redraw()

    def set_detail(self, detail: tuple[int | None, bool]) -> None:
        """The detail of the view's zoom (zoom.edge_detail): thin edges and labels depend on it."""
        if detail != self._detail:
            self._detail = detail
            self.redraw()

    def redraw(self) -> None:
        """Something that decides the look changed (hover, selection, the animation, the theme, an
        export): restyle the curve, then repaint the label."""
        self._restyle()
        self.update()

    def _moves_label(self) -> None:
        """The label is to change its size or place: where it was drawn is not where it will be."""
        self.prepareGeometryChange()

    def _restyle(self) -> None:
        scene = self._scene_ref
        theme = scene.theme
        clean = scene.clean_mode
        thin, labels = FULL_DETAIL if clean else self._detail
        if self.highlighted:
            pen = QPen(theme.roles["active"], 3.5, _SOLID, _ROUND_CAP)
        elif not clean and self.isSelected():
            pen = QPen(theme.selection, 3.0, _SOLID, _ROUND_CAP)
        elif self._hover and not clean:
            pen = QPen(theme.hover, 3.0, _SOLID, _ROUND_CAP)
        elif self.clash:
            pen = QPen(theme.error, 2.5, _SOLID, _ROUND_CAP)
        elif thin is not None:
            pen = thin_edge_pen(theme.edge, thin)
        else:
            pen = theme.edge_pen
        if self._pen is None or pen != self._pen:
            self._curve.setPen(pen)
            self._pen = pen
        # nothing of its own to draw (no label, or too small to read): Qt then skips the call into Python
        label = (labels and self._has_shape_label()) or self._has_overlay_leader()
        if not label and self._drawn_label is not None and self.scene() is not None:
            # Qt repaints nothing for an item without contents, not even where it drew before
            self.scene().update(self.mapRectToScene(self._drawn_label))
            self._drawn_label = None
        if label != self._contents:
            self.setFlag(_NO_CONTENTS, not label)
            self._contents = label

    def _has_shape_label(self) -> bool:
        """A shape label to draw (an animation label is drawn by its OverlayLabelItem instead)."""
        return bool(self.shape_label) and not self.overlay_label and not self._label_rect.isNull()

    def _has_overlay_leader(self) -> bool:
        """The leader of an animation label, which this item draws: under the cards, as edges are."""
        return bool(self.overlay_label) and self._leader is not None

    def _label_text(self) -> str:
        return self.overlay_label or self.shape_label

    def label_font(self):
        if self.overlay_label:
            return ui_font(8.5, bold=True)
        return symbol_font(8.0)

    def _place_label(self) -> None:
        shift = self._label_shift
        hidden = shift is None and not self.overlay_label
        place = (self._label_fraction, shift or 0.0, self._label_side)
        self._label_rect = rect = QRectF() if hidden else self.label_rect_at(*place)
        had_leader, self._leader = self._leader is not None, None
        if not rect.isNull() and shift:  # (on the curve, the label is centred on its point: no leader)
            anchor = QPointF(*_point_at(self._controls, self._label_fraction))  # (the point label_rect_at centres on)
            edge = QPointF(
                min(max(anchor.x(), rect.left()), rect.right()), min(max(anchor.y(), rect.top()), rect.bottom())
            )
            if QLineF(edge, anchor).length() > LEADER_MIN:
                self._leader = QLineF(edge, anchor)
        if self.overlay_label or self._overlay_item is not None:
            self.overlay_label_item.set_rect(rect if self.overlay_label else QRectF())
        if had_leader != (self._leader is not None):
            self._restyle()  # (whether the item has contents of its own)
        # kept, not recomputed: Qt asks for it on every repaint and hit test (a copy: the curve's own stays)
        self._bounds = self._curve_area.united(self._label_area()) if not rect.isNull() else QRectF(self._curve_area)

    def _label_area(self) -> QRectF:
        """What the label and its leader cover (a little more, for the antialiased border)."""
        return label_area(self._label_rect, self._leader)

    def boundingRect(self) -> QRectF:
        return self._bounds

    def shape(self) -> QPainterPath:
        stroker = QPainterPathStroker()
        stroker.setWidth(12)
        path = stroker.createStroke(self._path)
        if not self._label_rect.isNull():
            path.addRect(self._label_rect)
        return path

    def paint(self, painter, option, widget=None) -> None:
        """The shape label (the curve is the child item's)."""
        overlay = self._has_overlay_leader()
        if not overlay and not self._has_shape_label():
            return
        transform = painter.worldTransform()
        if not overlay and option.levelOfDetailFromTransform(transform) < LABEL_DETAIL:
            return  # shape labels would be specks of a few pixels; the animation's labels always show
        theme = self._scene_ref.theme
        painter.setRenderHint(_ANTIALIASING)
        self._drawn_label = self._label_area()
        on_screen = widget is not None
        if on_screen and painter.hasClipping() and not painter.clipBoundingRect().intersects(self._drawn_label):
            return  # the curve passes through the part drawn, its label lies elsewhere (a long edge)
        if self._leader is not None:
            draw_leader(painter, self._leader, self.label_colour() if overlay else theme.muted)
        if overlay:
            return  # (its OverlayLabelItem draws the label, above the badges)
        if on_screen and transform.type().value <= _TX_SCALE and abs(transform.m11() - transform.m22()) < 1e-9:
            # on screen: one cached picture per text and zoom, copied to whole pixels (crisp and far
            # cheaper than a rounded rectangle and text per edge at every pan and zoom step)
            self._blit_label(painter, transform, painter.device().devicePixelRatioF(), theme)
        else:  # exports (SVG, PDF, images): real vector text
            draw_label(painter, QRectF(self._label_rect), self.shape_label, self.label_font(), theme, self._ink(theme))

    def _blit_label(self, painter, transform, ratio: float, theme) -> None:
        scale = transform.m11()
        rect = self._label_rect
        pixmap = label_pixmap(self.shape_label, rect.width(), rect.height(), scale, ratio, theme, self._ink(theme))
        corner = transform.map(rect.topLeft())
        pad = LABEL_PAD * scale
        painter.save()
        painter.resetTransform()
        painter.drawPixmap(
            QPointF(round((corner.x() - pad) * ratio) / ratio, round((corner.y() - pad) * ratio) / ratio), pixmap
        )
        painter.restore()

    def _ink(self, theme) -> QColor:
        """The shape label's text: the error colour on an edge whose shape its node refuses."""
        return theme.error if self.clash else theme.muted

    def label_colour(self) -> QColor:
        theme = self.scene().theme
        return QColor(theme.roles["active"]) if self.highlighted else QColor(theme.edge)
