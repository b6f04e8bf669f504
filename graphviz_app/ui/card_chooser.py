"""A small searchable popup of choices (cards by the names they show, or an op's inputs): type to
filter, ↑↓ to move, Enter to choose, Esc to close. Choices that cannot be taken stay listed,
dimmed, with the reason beside them; Enter on one says why in the popup and keeps it open.
"""

from __future__ import annotations

from dataclasses import dataclass

from PySide6.QtCore import QEvent, QPoint, QSize, Qt, Signal
from PySide6.QtGui import QPalette
from PySide6.QtWidgets import QAbstractItemView, QFrame, QLabel, QLineEdit, QListWidget, QListWidgetItem, QVBoxLayout

from ..core.naming import typed
from .palette import search_icon
from .popup_list import on_screen, search_key

VISIBLE_ROWS = 9
# rows listed at most: more than a person scrolls through, and each costs Qt a row at every key
# (5000 cards would take it about 0.1 s); the rest are reached by typing more of the name
LISTED_ROWS = 200
ROW_PADDING = 10  # px above and below a row's text, together
KEY_ROLE = Qt.ItemDataRole.UserRole


@dataclass(frozen=True)
class Choice:
    key: object  # what `chosen` hands back (a node id, a port number)
    title: str  # what the list shows first (a card's name, an input's name)
    detail: str = ""  # shown after it (a shape, "replaces x"; for a refused one, why in a few words)
    refusal: str | None = None  # why it cannot be chosen, in full (None: it can)
    words: tuple[str, ...] = ()  # also matched by the filter (a name as written: theta for θ)


def folded(choice: Choice) -> tuple[str, ...]:
    """The choice's names as the filter compares them (core.naming.typed, case folded)."""
    return tuple(typed(n).casefold() for n in (choice.title, *choice.words))


def matches(choices: list[Choice], text: str, names: list[tuple[str, ...]] | None = None) -> list[Choice]:
    """The choices whose title (or one of its words) contains text: the one named text exactly
    first, then those beginning with it; the order given is kept otherwise. Names compare as the
    CLI finds nodes (core.naming.typed): square2 finds the card shown as square₂. `names`: each
    choice's `folded` names, worked out once for a long list filtered at each key."""
    text = typed(text.strip()).casefold()
    if not text:
        return list(choices)
    if names is None:
        names = [folded(c) for c in choices]
    exact, starts, contains = [], [], []
    for c, own in zip(choices, names, strict=True):
        if text in own:
            exact.append(c)
        elif any(n.startswith(text) for n in own):
            starts.append(c)
        elif any(text in n for n in own):
            contains.append(c)
    return exact + starts + contains


class CardChooserPopup(QFrame):
    """`chosen(key)` when a choice that can be taken is picked; `current(key)` as the highlight moves
    (None: nothing, or a refused choice, highlighted); `refused(message)` when a refused one is picked."""

    chosen = Signal(object)
    current = Signal(object)
    refused = Signal(str)

    def __init__(self, parent=None) -> None:
        super().__init__(parent, Qt.WindowType.Popup | Qt.WindowType.FramelessWindowHint)
        self.setObjectName("CardChooserPopup")
        self.setFrameShape(QFrame.Shape.StyledPanel)
        self.setStyleSheet(
            "#CardChooserPopup { background: palette(base); border: 1px solid palette(mid); border-radius: 8px; }"
        )
        layout = QVBoxLayout(self)
        layout.setContentsMargins(8, 8, 8, 8)
        layout.setSpacing(6)
        self.title_label = QLabel(self)
        self.title_label.setWordWrap(True)
        layout.addWidget(self.title_label)
        self.search_edit = QLineEdit(self)
        self.search_edit.setClearButtonEnabled(True)
        self.search_edit.addAction(search_icon(), QLineEdit.ActionPosition.LeadingPosition)
        self.search_edit.textChanged.connect(self.apply_filter)
        self.search_edit.installEventFilter(self)
        layout.addWidget(self.search_edit)
        self.list = QListWidget(self)
        self.list.setFrameShape(QFrame.Shape.NoFrame)
        self.list.setFocusPolicy(Qt.FocusPolicy.NoFocus)  # typing always goes to the search box
        self.list.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.list.itemClicked.connect(self._choose_item)
        self.list.currentItemChanged.connect(self._highlighted)
        layout.addWidget(self.list)
        self.message_label = QLabel(self)  # nothing matches, or why the choice was refused
        self.message_label.setWordWrap(True)
        self.message_label.hide()
        layout.addWidget(self.message_label)
        self.hint_label = QLabel(self)
        self.hint_label.setStyleSheet("color: palette(mid);")
        layout.addWidget(self.hint_label)
        self.setFixedWidth(360)
        self._choices: list[Choice] = []
        self._names: list[tuple[str, ...]] = []  # each choice's folded names (matches)
        self._nothing = "Nothing matches."

    # -------------------------------------------------------------- content
    def open_at(
        self,
        global_pos: QPoint,
        title: str,
        choices: list[Choice],
        placeholder: str,
        verb: str = "connect",
        nothing: str = "Nothing matches.",
    ) -> None:
        """Show the choices; `verb`: what Enter does, for the hint; `nothing`: what it says when no
        choice matches ({text}: what was typed)."""
        self._choices = list(choices)
        self._names = [folded(c) for c in self._choices]
        self._nothing = nothing
        self.title_label.setText(title)
        self.hint_label.setText(f"↑↓ choose · Enter {verb} · Esc close")
        self.search_edit.setPlaceholderText(placeholder)
        self.search_edit.blockSignals(True)
        self.search_edit.clear()
        self.search_edit.blockSignals(False)
        self.apply_filter("")
        self.move(on_screen(self, global_pos))
        self.show()
        self.raise_()
        self.activateWindow()
        self.search_edit.setFocus(Qt.FocusReason.PopupFocusReason)
        self._highlighted(self.list.currentItem())

    def apply_filter(self, text: str) -> None:
        self.list.clear()
        dim = self.palette().color(QPalette.ColorGroup.Disabled, QPalette.ColorRole.Text)
        row = QSize(0, self.list.fontMetrics().height() + ROW_PADDING)  # (room to read, as the quick add's rows)
        found = matches(self._choices, text, self._names)
        self.list.setUpdatesEnabled(False)
        for choice in found[:LISTED_ROWS]:
            item = QListWidgetItem(f"{choice.title}   {choice.detail}".strip())
            item.setData(KEY_ROLE, choice)
            item.setSizeHint(row)
            if choice.refusal is not None:
                item.setForeground(dim)
                item.setToolTip(choice.refusal)
            self.list.addItem(item)
        self.list.setUpdatesEnabled(True)
        count = self.list.count()
        self.list.setFixedHeight(row.height() * min(count, VISIBLE_ROWS) + 2 * self.list.frameWidth() if count else 0)
        self.list.setVisible(count > 0)
        if not count:
            self._say(self._nothing.format(text=text.strip()))
        elif len(found) > count:
            self._say(f"{count} of {len(found)} listed: type more of the name")
        else:
            self._say("")
        if count:
            takeable = next((i for i in range(count) if self.list.item(i).data(KEY_ROLE).refusal is None), 0)
            self.list.setCurrentRow(takeable)
        self.adjustSize()

    def visible_choices(self) -> list[Choice]:
        return [self.list.item(i).data(KEY_ROLE) for i in range(self.list.count())]

    def message(self) -> str:
        return self.message_label.text() if self.message_label.isVisible() else ""

    def _say(self, text: str) -> None:
        self.message_label.setText(text)
        self.message_label.setVisible(bool(text))
        self.adjustSize()

    # -------------------------------------------------------------- choosing
    def _highlighted(self, item) -> None:
        choice = None if item is None else item.data(KEY_ROLE)
        self.current.emit(None if choice is None or choice.refusal is not None else choice.key)

    def _choose_item(self, item: QListWidgetItem) -> None:
        choice: Choice = item.data(KEY_ROLE)
        if choice.refusal is not None:
            self._say(choice.refusal)
            self.refused.emit(choice.refusal)
            return
        self.close()
        self.chosen.emit(choice.key)

    def eventFilter(self, watched, event) -> bool:
        if watched is self.search_edit and event.type() == QEvent.Type.KeyPress:
            if event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter) and not self.list.count():
                self.refused.emit(self.message())  # (nothing matches: the status bar says it too)
                return True
            if search_key(self, self.list, event.key(), VISIBLE_ROWS, self._choose_item):
                return True
        return super().eventFilter(watched, event)

    def keyPressEvent(self, event) -> None:
        if event.key() == Qt.Key.Key_Escape:
            self.close()
            return
        super().keyPressEvent(event)
