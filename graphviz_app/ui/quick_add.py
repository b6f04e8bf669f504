"""Quick add: a popup at the cursor (Tab or a context-menu action on the canvas)
with a search box over the catalog; the keyboard alone picks a node.
"""

from __future__ import annotations

from PySide6.QtCore import QEvent, QPoint, Qt, Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QFrame,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QVBoxLayout,
    QWidget,
)

from .catalog import CatalogEntry, catalog, search, tooltip_html
from .catalog_view import ENTRY_ROLE, ROW_HEIGHT, EntryDelegate
from .palette import search_icon
from .popup_list import on_screen, search_key

VISIBLE_ROWS = 9
NO_MATCH = "No node matches."


class QuickAddPopup(QFrame):
    """`chosen(kind, op)` when an entry is picked with Enter or a click; Esc closes."""

    chosen = Signal(str, object)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent, Qt.Popup | Qt.FramelessWindowHint)
        self.setObjectName("QuickAddPopup")
        self.setFrameShape(QFrame.StyledPanel)
        self.setStyleSheet(
            "#QuickAddPopup { background: palette(base); border: 1px solid palette(mid); border-radius: 8px; }"
        )
        layout = QVBoxLayout(self)
        layout.setContentsMargins(8, 8, 8, 8)
        layout.setSpacing(6)

        self.search_edit = QLineEdit(self)
        self.search_edit.setPlaceholderText("Add node…  (type to search)")
        self.search_edit.setClearButtonEnabled(True)
        self.search_edit.addAction(search_icon(), QLineEdit.LeadingPosition)
        self.search_edit.textChanged.connect(self.apply_filter)
        self.search_edit.installEventFilter(self)
        layout.addWidget(self.search_edit)

        self.list = QListWidget(self)
        self.list.setItemDelegate(EntryDelegate(self.list))
        self.list.setFrameShape(QFrame.NoFrame)
        self.list.setFocusPolicy(Qt.NoFocus)  # typing always goes to the search box
        self.list.setSelectionMode(QAbstractItemView.SingleSelection)
        self.list.setVerticalScrollMode(QAbstractItemView.ScrollPerPixel)
        self.list.setMouseTracking(True)
        self.list.itemClicked.connect(self._choose_item)
        layout.addWidget(self.list)

        self.empty_label = QLabel(NO_MATCH, self)
        self.empty_label.setAlignment(Qt.AlignCenter)
        self.empty_label.setWordWrap(True)
        self.empty_label.setStyleSheet("color: palette(mid); padding: 8px;")
        self.empty_label.hide()
        layout.addWidget(self.empty_label)

        hint = QLabel("↑↓ choose · Enter add · Esc close", self)
        hint.setStyleSheet("color: palette(mid);")
        font = hint.font()
        font.setPointSizeF(max(7.0, font.pointSizeF() - 1))
        hint.setFont(font)
        layout.addWidget(hint)
        self.setFixedWidth(340)
        self._entries: list[CatalogEntry] = catalog()
        self.apply_filter("")

    # -------------------------------------------------------------- content
    def apply_filter(self, text: str) -> None:
        """Show the matching entries, best first, and highlight the first."""
        self.list.clear()
        for entry in search(self._entries, text):
            item = QListWidgetItem(entry.title)
            item.setData(ENTRY_ROLE, entry)
            item.setToolTip(tooltip_html(entry))
            self.list.addItem(item)
        empty = self.list.count() == 0
        rows = min(max(self.list.count(), 1), VISIBLE_ROWS)
        self.list.setFixedHeight(ROW_HEIGHT * rows + 4)
        self.list.setVisible(not empty)
        self.empty_label.setVisible(empty)
        if not empty:
            self.list.setCurrentRow(0)
        self.adjustSize()

    def visible_entries(self) -> list[CatalogEntry]:
        return [self.list.item(i).data(ENTRY_ROLE) for i in range(self.list.count())]

    def current_entry(self) -> CatalogEntry | None:
        item = self.list.currentItem()
        return None if item is None else item.data(ENTRY_ROLE)

    # --------------------------------------------------------------- showing
    def popup_at(
        self, global_pos: QPoint, entries: list[CatalogEntry] | None = None, hint: str = "", empty: str = ""
    ) -> None:
        """Open at the cursor with an empty filter and the focus in the search box; `entries`:
        only these (a dropped wire offers what can take it), `hint`: the search box's placeholder,
        `empty`: what to say when nothing matches (why, when only some entries are offered)."""
        self._entries = catalog() if entries is None else list(entries)  # (ops registered since appear)
        self.search_edit.setPlaceholderText(hint or "Add node…  (type to search)")
        self.empty_label.setText(empty or NO_MATCH)
        self.search_edit.blockSignals(True)
        self.search_edit.clear()
        self.search_edit.blockSignals(False)
        self.apply_filter("")
        self.adjustSize()
        self.move(on_screen(self, global_pos))
        self.show()
        self.raise_()
        self.activateWindow()
        self.search_edit.setFocus(Qt.PopupFocusReason)

    # -------------------------------------------------------------- choosing
    def _choose_item(self, item: QListWidgetItem) -> None:
        entry = item.data(ENTRY_ROLE)
        if entry is None:
            return
        self.close()
        self.chosen.emit(entry.kind, entry.op)

    def eventFilter(self, watched, event) -> bool:
        if watched is self.search_edit and event.type() == QEvent.KeyPress:
            if search_key(self, self.list, event.key(), VISIBLE_ROWS, self._choose_item):
                return True
        return super().eventFilter(watched, event)

    def keyPressEvent(self, event) -> None:
        if event.key() == Qt.Key_Escape:
            self.close()
            return
        super().keyPressEvent(event)
