"""Rename in place: a double-click on a card's title (or F2, or right-click → Rename…) opens a line
editor over it, its text selected. Enter commits (one undo step), Escape cancels, a click elsewhere
commits; an emptied title takes the node's own name away (the card shows its op again); a name the
model refuses is not applied and the status bar says why, naming the node as its card does.
(A group is renamed in a dialog: a double-click on its title collapses it.)"""

from __future__ import annotations

from PySide6.QtCore import QEvent, QRectF, Qt, QTimer, Signal
from PySide6.QtGui import QKeySequence
from PySide6.QtWidgets import QGraphicsProxyWidget, QLineEdit
from shiboken6 import isValid

from ...core.graph import NodeRemoved, Reset
from ...core.naming import display_label, name_problem
from ..actions_table import BY_ID
from ..commands.common import try_push
from ..commands.nodes import RenameCommand
from ..menu_layout import MENUS
from .node_item import HEADER, NodeItem
from .theme import ui_font

EDITOR_Z = 40  # above cards and the animation's badges
INSET = 3.0  # scene units between the header's edge and the editor
OWN_KEYS = (Qt.Key.Key_Escape, Qt.Key.Key_Return, Qt.Key.Key_Enter)
# the File menu's keys (Save, Save As, Export, Close, Quit…) act on the document even while a name is
# typed: the window commits the name first (window_menus.make_actions); no text-editing key is one of them
FILE_ACTIONS = next(entries for key, _title, entries in MENUS if key == "file")
WINDOW_KEYS = [QKeySequence(key) for action in FILE_ACTIONS if action in BY_ID for key in BY_ID[action].shortcuts]


def title_rect(item: NodeItem) -> QRectF:
    """A card's title band, in scene coordinates."""
    card = item.card_rect()
    return item.mapRectToScene(QRectF(card.left(), card.top(), card.width(), HEADER))


def editor_takes(event) -> bool:
    """A key pressed while a name is typed that the editor keeps from the window's shortcuts:
    Esc, Enter and every text-editing key (Ctrl+A/C/V/X/Z, and Ctrl+D, which would duplicate the
    card); Alt (the menus) and the function keys still reach the window."""
    if event.key() in OWN_KEYS:
        return True
    if QKeySequence(event.keyCombination()) in WINDOW_KEYS:
        return False  # Save, Close Window, Quit…: the window commits the name, then saves or asks
    if event.modifiers() & Qt.KeyboardModifier.AltModifier:
        return False
    return not Qt.Key.Key_F1.value <= event.key() <= Qt.Key.Key_F12.value


class TitleLineEdit(QLineEdit):
    """Enter commits and Escape cancels (both taken here, before the window's shortcuts); losing
    the keyboard to a click elsewhere commits."""

    commit = Signal(bool)  # True: by Enter (a refused name keeps the editor open to correct it)
    cancel = Signal()

    def event(self, event) -> bool:
        # a key the proxy hands over is first offered to the window's shortcuts (Esc stops an animation)
        if event.type() == QEvent.Type.ShortcutOverride and editor_takes(event):
            event.accept()
            return True
        return super().event(event)

    def keyPressEvent(self, event) -> None:
        if event.key() == Qt.Key.Key_Escape:
            self.cancel.emit()
        elif event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
            self.commit.emit(True)
        else:
            super().keyPressEvent(event)
            return
        event.accept()

    def focusOutEvent(self, event) -> None:
        super().focusOutEvent(event)
        if event.reason() != Qt.FocusReason.PopupFocusReason:  # (its own context menu keeps it open)
            self.commit.emit(False)


class TitleEditor:
    def __init__(self, view) -> None:
        self.view = view
        self.node_id: str | None = None
        self._graph = None  # followed while editing: the node may go (an undo, a new document)
        self.proxy: QGraphicsProxyWidget | None = None  # while editing
        self._shown = ""  # what the title said when the editor opened

    @property
    def editing(self) -> bool:
        return self.node_id is not None

    def line_edit(self) -> TitleLineEdit | None:
        return self.proxy.widget() if self.proxy is not None else None

    def rename_selected(self) -> None:
        """F2: rename the one selected card in place (several or none selected: nothing)."""
        scene = self.view.scene()
        nodes = scene.selected_node_ids() if scene is not None else []
        if len(nodes) == 1 and nodes[0] != self.node_id:  # (F2 again while typing: keep the text)
            self.open_node(nodes[0])

    def open_node(self, node_id: str) -> None:
        """Rename node_id in place, its card first brought into view (a hidden card: nothing)."""
        item = self.view.scene().node_item(node_id)
        if item is None or not item.isVisible():
            return
        self.view.show_rect(title_rect(item))
        self.open(item)

    def open(self, item: NodeItem) -> None:
        self.close()
        scene = self.view.scene()
        node = scene.graph.node(item.node_id)
        self.node_id = item.node_id
        self._graph = scene.graph
        scene.graph.subscribe(self._on_model)
        self._shown = node.name or display_label(scene.graph, item.node_id)
        edit = TitleLineEdit(self._shown)
        edit.setFont(ui_font(9.0, bold=True))
        edit.setFrame(True)
        rect = title_rect(item).adjusted(INSET, INSET, -INSET, -INSET)
        edit.setFixedSize(round(rect.width()), round(rect.height()))
        edit.commit.connect(self.commit)
        edit.cancel.connect(self.close)
        self.proxy = QGraphicsProxyWidget()
        self.proxy.setWidget(edit)
        self.proxy.setZValue(EDITOR_Z)
        self.proxy.setPos(rect.topLeft())
        scene.addItem(self.proxy)
        self.view.setFocus(Qt.FocusReason.OtherFocusReason)
        scene.setFocusItem(self.proxy, Qt.FocusReason.MouseFocusReason)
        edit.setFocus(Qt.FocusReason.MouseFocusReason)
        edit.selectAll()

    def commit(self, stay: bool = False, waiting: str = "") -> None:
        """Apply the name typed, if it is a good one and not what the title said already. waiting:
        the action that waits for a refused name to be corrected (said with the refusal)."""
        if not self.editing:
            return
        scene = self.view.scene()
        graph, node_id = scene.graph, self.node_id
        text = self.line_edit().text().strip()
        if node_id not in graph.node_ids():  # (deleted meanwhile: an undo, another window)
            self.close()
            return
        shown = display_label(graph, node_id)
        problem = name_problem(graph, node_id, text)
        if problem is not None:
            said = f"{shown} keeps its name: {problem}"
            if stay and waiting:
                said += f". {waiting} not done: correct the name typed (or Esc keeps {shown}), then do it again"
            scene.statusMessage.emit(said)
            if stay:  # Enter: the editor stays, to correct what was typed
                self.line_edit().selectAll()
                return
            self.close()
            return
        self.close()
        if text != self._shown and (text or graph.node(node_id).name is not None):
            try_push(scene.undo_stack, lambda: RenameCommand(graph, node_id, text), scene.statusMessage.emit)

    def commit_before_action(self, action: str) -> bool:
        """Before an action of the window (Save, Backward, Export, Close…) the name being typed is
        committed, as Enter commits it, so the action sees it. A refused name keeps the editor open,
        its text selected and the status bar saying why, as after Enter: False, the action (named
        so: "Save") is not done; the user corrects the name (or Esc drops it) and does it again.
        True: nothing is being typed now."""
        if not self.editing:
            return True
        self.commit(stay=True, waiting=action)
        if self.editing:
            self.line_edit().setFocus(Qt.FocusReason.OtherFocusReason)
        return not self.editing

    def close(self) -> None:
        """End editing and leave the model as it is (Escape; also after a commit)."""
        proxy, self.proxy, self.node_id = self.proxy, None, None
        if self._graph is not None:
            self._graph.unsubscribe(self._on_model)
            self._graph = None
        if proxy is None:
            return
        proxy.hide()
        # removed once the event that closed it (a key, a focus change on it) is over
        # (not when the window went first, the proxy with it)
        QTimer.singleShot(0, lambda: isValid(proxy) and proxy.scene() is not None and proxy.scene().removeItem(proxy))

    def _on_model(self, event) -> None:
        if isinstance(event, Reset) or (isinstance(event, NodeRemoved) and event.node_id == self.node_id):
            self.close()  # nothing left to rename
