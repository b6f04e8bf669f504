"""The knife: Ctrl + right-drag across the canvas draws a dashed line; every edge it crosses
lights up (the theme's error colour) as it is crossed, and on release those edges are cut, in
one undo step (as in Blender's and ComfyUI's node editors). Escape cancels and cuts nothing.

The view hands it its mouse events first (GraphView.mousePressEvent and the others); a Ctrl +
right-click without a drag cuts nothing and opens no menu.
"""

from __future__ import annotations

from PySide6.QtCore import QPointF, Qt
from PySide6.QtGui import QColor, QPainterPath, QPainterPathStroker, QPen
from PySide6.QtWidgets import QGraphicsPathItem

from ..commands.common import try_push
from ..commands.cut import CutEdgesCommand

KNIFE_Z = 50  # above cards, badges and labels
DOOMED_Z = 0.5  # a crossed edge's mark: over the edges, under the cards
DOOMED_WIDTH = 5.0  # screen pixels
MIN_DRAG = 4.0  # screen pixels the mouse must travel before a press becomes a cut
CROSS_WIDTH = 2.0  # scene units: the knife's line and an edge's curve meet within this


def cut_edges(edges, knife: QPainterPath) -> list:
    """The edge items whose curve the knife's polyline crosses (curves as drawn, not straight lines)."""
    stroker = QPainterPathStroker()
    stroker.setWidth(CROSS_WIDTH)
    blade = stroker.createStroke(knife)
    reach = blade.boundingRect()
    crossed = []
    for edge in edges:
        if not edge.isVisible():
            continue  # inside a collapsed group: not on screen, not cut
        curve = edge.path()
        # (padded: a straight level or upright edge's rectangle has no height or width, and
        # QRectF.intersects says an empty rectangle meets nothing)
        around = curve.controlPointRect().adjusted(-CROSS_WIDTH, -CROSS_WIDTH, CROSS_WIDTH, CROSS_WIDTH)
        if reach.intersects(around) and blade.intersects(stroker.createStroke(curve)):
            crossed.append(edge)
    return crossed


class Knife:
    def __init__(self, view) -> None:
        self.view = view
        self.line: QGraphicsPathItem | None = None  # the dashed line, while cutting
        self._press: QPointF | None = None  # where a Ctrl + right press was (view coordinates)
        self._points: list[QPointF] = []  # the knife's path in scene coordinates
        self._marks: dict = {}  # edge key -> (edge item, its mark): the edges crossed so far

    @property
    def active(self) -> bool:
        """A Ctrl + right press is held (a cut once it has moved)."""
        return self._press is not None

    def crossed(self) -> list:
        """The edge items the knife crosses now, in the order it reached them (cut on release)."""
        return [edge for edge, _ in self._marks.values() if edge.scene() is not None]

    def press(self, event) -> bool:
        """True if this press starts the knife (Ctrl + right button) and is taken."""
        wanted = event.button() == Qt.MouseButton.RightButton and (
            event.modifiers() & Qt.KeyboardModifier.ControlModifier
        )
        if not wanted or self.view.scene() is None:
            return False
        self._press = event.position()
        self._points = [self.view.mapToScene(event.position().toPoint())]
        event.accept()
        return True

    def move(self, event) -> bool:
        if self._press is None:
            return False
        if not (event.buttons() & Qt.MouseButton.RightButton):
            self.cancel()  # the release never came (it went elsewhere): end the knife, cut nothing
            return False
        if self.line is None:
            travel = event.position() - self._press
            if abs(travel.x()) + abs(travel.y()) < MIN_DRAG:
                event.accept()
                return True
            self._show_line()
        self._extend(self.view.mapToScene(event.position().toPoint()))
        self.line.setPath(self._path())
        event.accept()
        return True

    def release(self, event) -> bool:
        if self._press is None or event.button() != Qt.MouseButton.RightButton:
            return self._press is not None  # (other buttons while cutting: ignored)
        cutting = self.line is not None
        if cutting:
            self._extend(self.view.mapToScene(event.position().toPoint()))
        crossed = self.crossed()
        self.cancel()
        if cutting:
            self._cut(crossed)
        event.accept()
        return True

    def takes_menu(self, event) -> bool:
        """A right-click menu asked for by a Ctrl + right press (or during a cut) is not shown."""
        return self.active or bool(event.modifiers() & Qt.KeyboardModifier.ControlModifier)

    def cancel(self) -> None:
        self._press = None
        self._points = []
        for _, mark in self._marks.values():
            if mark.scene() is not None:
                mark.scene().removeItem(mark)
        self._marks = {}
        if self.line is not None:
            if self.line.scene() is not None:
                self.line.scene().removeItem(self.line)
            self.line = None
            self.view.viewport().unsetCursor()

    def _show_line(self) -> None:
        scene = self.view.scene()
        colour = QColor(scene.theme.error)
        pen = QPen(colour, 2.0, Qt.PenStyle.DashLine, Qt.PenCapStyle.RoundCap)
        pen.setCosmetic(True)  # as thick at every zoom
        self.line = QGraphicsPathItem()
        self.line.setPen(pen)
        self.line.setZValue(KNIFE_Z)
        self.line.setAcceptedMouseButtons(Qt.MouseButton.NoButton)
        scene.addItem(self.line)
        self.view.viewport().setCursor(Qt.CursorShape.CrossCursor)

    def _extend(self, point: QPointF) -> None:
        """The knife reaches point: mark the edges its newest stretch crosses (only that stretch is
        tested, so a long stroke over a large graph stays as quick as a short one)."""
        stretch = QPainterPath(self._points[-1])
        stretch.lineTo(point)
        self._points.append(point)
        scene = self.view.scene()
        for edge in cut_edges(scene.edge_items().values(), stretch):
            if edge.key not in self._marks:
                self._marks[edge.key] = (edge, self._mark(edge))

    def _mark(self, edge) -> QGraphicsPathItem:
        """A crossed edge drawn over in the error colour: it will be cut."""
        colour = QColor(self.view.scene().theme.error)
        colour.setAlpha(200)
        pen = QPen(colour, DOOMED_WIDTH, Qt.PenStyle.SolidLine, Qt.PenCapStyle.RoundCap)
        pen.setCosmetic(True)
        mark = QGraphicsPathItem(edge.path())
        mark.setPen(pen)
        mark.setZValue(DOOMED_Z)
        mark.setAcceptedMouseButtons(Qt.MouseButton.NoButton)
        mark.setToolTip("Cut on release (Esc: keep it)")
        self.view.scene().addItem(mark)
        return mark

    def _path(self) -> QPainterPath:
        path = QPainterPath()
        if self._points:
            path.moveTo(self._points[0])
            for point in self._points[1:]:
                path.lineTo(point)
        return path

    def _cut(self, crossed: list) -> None:
        scene = self.view.scene()
        if crossed:
            keys = [edge.key for edge in crossed]
            try_push(scene.undo_stack, lambda: CutEdgesCommand(scene.graph, keys), scene.statusMessage.emit)
