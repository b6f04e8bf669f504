"""The node palette: every input kind and op, grouped by category, filterable,
dragged onto the canvas or activated (double-click / Enter) to add at the view centre.
"""

from __future__ import annotations

from PySide6.QtCore import QEvent, QPoint, QSize, Qt, Signal
from PySide6.QtGui import QColor, QDrag, QIcon, QPainter, QPen, QPixmap
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDockWidget,
    QLabel,
    QLineEdit,
    QStyle,
    QToolTip,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)

from .catalog import CatalogEntry, catalog, grouped, tooltip_html
from .catalog_view import (
    COUNT_ROLE,
    ENTRY_ROLE,
    HEADER_ROLE,
    EntryDelegate,
    drag_pixmap,
    entry_width,
    header_width,
    node_mime_data,
)

DESCRIPTION_LINES = 8  # a description is read whole, wrapped between words (only a longer one ends in "…")


def search_icon(size: int = 16, color: str = "#6b7280") -> QIcon:
    """A magnifier drawn with QPainter (no icon theme is needed offscreen or on Windows)."""
    pixmap = QPixmap(size, size)
    pixmap.fill(Qt.transparent)
    painter = QPainter(pixmap)
    painter.setRenderHint(QPainter.Antialiasing)
    painter.setPen(QPen(QColor(color), 1.6, Qt.SolidLine, Qt.RoundCap))
    r = size * 0.30
    c = size * 0.42
    painter.drawEllipse(QPoint(int(c), int(c)), int(r), int(r))
    painter.drawLine(int(c + r * 0.75), int(c + r * 0.75), size - 3, size - 3)
    painter.end()
    return QIcon(pixmap)


def make_drag(source: QWidget, entry: CatalogEntry) -> QDrag:
    """The drag for one palette entry: our mime data plus a card of the entry as pixmap."""
    drag = QDrag(source)
    drag.setMimeData(node_mime_data(entry.kind, entry.op))
    pixmap = drag_pixmap(entry, source.font(), source.palette())
    drag.setPixmap(pixmap)
    drag.setHotSpot(QPoint(24, 17))
    return drag


class PaletteTree(QTreeWidget):
    """Group headers with their entries; starts drags and shows formula tooltips on demand."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setHeaderHidden(True)
        self.setRootIsDecorated(False)
        self.setIndentation(0)
        self.setUniformRowHeights(False)
        self.setItemDelegate(EntryDelegate(self, lines=DESCRIPTION_LINES))
        self._laid_out_width = -1
        self.setDragEnabled(True)
        self.setDragDropMode(QAbstractItemView.DragOnly)
        self.setSelectionMode(QAbstractItemView.SingleSelection)
        self.setVerticalScrollMode(QAbstractItemView.ScrollPerPixel)
        self.setMouseTracking(True)
        self.setFrameShape(QTreeWidget.NoFrame)
        self.setExpandsOnDoubleClick(False)
        self.setItemsExpandable(False)

    def minimumSizeHint(self) -> QSize:
        """Never narrower than its longest name and group title (with the scroll bar beside them):
        the dock, the window's layout and a restored layout all keep to it, so no name is cut."""
        hint = super().minimumSizeHint()
        widths = [0]
        for i in range(self.topLevelItemCount()):
            header = self.topLevelItem(i)
            widths.append(header_width(header.data(0, HEADER_ROLE) or "", header.childCount(), self.font()))
            widths += [
                entry_width(header.child(j).data(0, ENTRY_ROLE), self.font()) for j in range(header.childCount())
            ]
        scroll_bar = self.style().pixelMetric(QStyle.PM_ScrollBarExtent, None, self)
        return QSize(max(hint.width(), max(widths) + scroll_bar + 2 * self.frameWidth()), hint.height())

    def resizeEvent(self, event) -> None:
        super().resizeEvent(event)
        if self.viewport().width() != self._laid_out_width:  # descriptions wrap anew: rows change height
            self._laid_out_width = self.viewport().width()
            self.scheduleDelayedItemsLayout()

    def entry_at(self, item: QTreeWidgetItem | None) -> CatalogEntry | None:
        return None if item is None else item.data(0, ENTRY_ROLE)

    def startDrag(self, supported_actions) -> None:
        entry = self.entry_at(self.currentItem())
        if entry is None:
            return
        self.exec_drag(make_drag(self, entry))

    def exec_drag(self, drag: QDrag) -> Qt.DropAction:
        return drag.exec(Qt.CopyAction, Qt.CopyAction)

    def viewportEvent(self, event: QEvent) -> bool:
        # the full tooltip (with sympy formulas) is built only when one is shown
        if event.type() == QEvent.ToolTip:
            entry = self.entry_at(self.itemAt(event.pos()))
            if entry is not None:
                QToolTip.showText(event.globalPos(), tooltip_html(entry, with_formulas=True), self.viewport())
                return True
        return super().viewportEvent(event)


class PaletteDock(QDockWidget):
    """Dock listing what can be added; `activated(kind, op)` on double-click or Enter."""

    activated = Signal(str, object)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__("Nodes", parent)
        self.setObjectName("PaletteDock")
        self.setAllowedAreas(Qt.LeftDockWidgetArea | Qt.RightDockWidgetArea)
        body = QWidget(self)
        layout = QVBoxLayout(body)
        layout.setContentsMargins(8, 8, 8, 6)
        layout.setSpacing(6)

        self.filter_edit = QLineEdit(body)
        self.filter_edit.setObjectName("paletteFilter")
        self.filter_edit.setPlaceholderText("Filter ops…")
        self.filter_edit.setClearButtonEnabled(True)
        self.filter_edit.addAction(search_icon(), QLineEdit.LeadingPosition)
        self.filter_edit.setToolTip("Filter by name, category or description")
        self.filter_edit.textChanged.connect(self.apply_filter)
        self.filter_edit.returnPressed.connect(self._activate_first)
        self.filter_edit.installEventFilter(self)
        layout.addWidget(self.filter_edit)

        self.tree = PaletteTree(body)
        self.tree.itemActivated.connect(self._on_item_activated)
        layout.addWidget(self.tree, 1)

        self.empty_label = QLabel("No node matches the filter.", body)
        self.empty_label.setAlignment(Qt.AlignCenter)
        self.empty_label.setStyleSheet("color: palette(mid); padding: 12px;")
        self.empty_label.hide()
        layout.addWidget(self.empty_label)

        self.hint_label = QLabel("Drag onto the canvas, or double-click to add.", body)
        self.hint_label.setWordWrap(True)
        hint_font = self.hint_label.font()
        hint_font.setPointSizeF(max(7.0, hint_font.pointSizeF() - 1))
        self.hint_label.setFont(hint_font)
        self.hint_label.setStyleSheet("color: palette(mid);")
        layout.addWidget(self.hint_label)

        self.setWidget(body)
        self.reload()

    # ------------------------------------------------------------- content
    def reload(self) -> None:
        """Rebuild from the registry (an op registered later appears)."""
        self.tree.clear()
        self._headers: dict[str, QTreeWidgetItem] = {}
        for category, entries in grouped(catalog()):
            header = QTreeWidgetItem(self.tree)
            header.setData(0, HEADER_ROLE, category)
            header.setData(0, COUNT_ROLE, len(entries))
            header.setFlags(Qt.ItemIsEnabled)
            self._headers[category] = header
            for entry in entries:
                item = QTreeWidgetItem(header)
                item.setData(0, ENTRY_ROLE, entry)
                item.setData(0, Qt.DisplayRole, entry.title)
                item.setData(0, Qt.ToolTipRole, tooltip_html(entry))
                item.setFlags(Qt.ItemIsEnabled | Qt.ItemIsSelectable | Qt.ItemIsDragEnabled)
        self.tree.expandAll()
        self.tree.updateGeometry()  # (a longer name widens the palette's least width)
        self.apply_filter(self.filter_edit.text())

    def entries(self) -> list[CatalogEntry]:
        return [item.data(0, ENTRY_ROLE) for item in self._entry_items()]

    def visible_entries(self) -> list[CatalogEntry]:
        return [item.data(0, ENTRY_ROLE) for item in self._entry_items() if self._is_visible_entry(item)]

    def visible_categories(self) -> list[str]:
        return [c for c, header in self._headers.items() if not header.isHidden()]

    def item_for(self, kind: str, op: str | None) -> QTreeWidgetItem | None:
        for item in self._entry_items():
            if item.data(0, ENTRY_ROLE).key == (kind, op):
                return item
        return None

    def _entry_items(self) -> list[QTreeWidgetItem]:
        return [header.child(i) for header in self._headers.values() for i in range(header.childCount())]

    # -------------------------------------------------------------- filter
    def apply_filter(self, text: str) -> None:
        any_visible = False
        for header in self._headers.values():
            shown = 0
            for i in range(header.childCount()):
                item = header.child(i)
                match = item.data(0, ENTRY_ROLE).matches(text)
                item.setHidden(not match)
                shown += match
            header.setData(0, COUNT_ROLE, shown)
            header.setHidden(shown == 0)
            any_visible = any_visible or shown > 0
        self.tree.setVisible(any_visible)
        self.empty_label.setVisible(not any_visible)
        # while filtering, the best match is highlighted so Enter adds it; no filter, no highlight
        if not text.strip():
            self.tree.setCurrentItem(None)
            self.tree.clearSelection()
            return
        shown = [item for item in self._entry_items() if self._is_visible_entry(item)]
        if shown:
            self.tree.setCurrentItem(min(shown, key=lambda item: item.data(0, ENTRY_ROLE).rank(text)))

    @staticmethod
    def _is_visible_entry(item: QTreeWidgetItem | None) -> bool:
        return (
            item is not None
            and item.data(0, ENTRY_ROLE) is not None
            and not item.isHidden()
            and not item.parent().isHidden()
        )

    def _first_visible(self) -> QTreeWidgetItem | None:
        return next((item for item in self._entry_items() if self._is_visible_entry(item)), None)

    # ---------------------------------------------------------- activation
    def _on_item_activated(self, item: QTreeWidgetItem, column: int = 0) -> None:
        entry = item.data(0, ENTRY_ROLE)
        if entry is not None:
            self.activated.emit(entry.kind, entry.op)

    def _activate_first(self) -> None:
        """Enter in the filter box adds the highlighted (or first) match."""
        current = self.tree.currentItem()
        if not self._is_visible_entry(current):
            current = self._first_visible()
        if current is not None:
            self._on_item_activated(current)

    def eventFilter(self, watched, event) -> bool:
        # Down in the filter box moves into the list, so the keyboard alone is enough
        if watched is self.filter_edit and event.type() == QEvent.KeyPress:
            if event.key() in (Qt.Key_Down, Qt.Key_Up):
                self.tree.setFocus()
                if not self._is_visible_entry(self.tree.currentItem()):
                    first = self._first_visible()
                    if first is not None:
                        self.tree.setCurrentItem(first)
                return True
        return super().eventFilter(watched, event)
