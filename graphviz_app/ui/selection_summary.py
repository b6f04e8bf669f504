"""A selection of several cards, said where the user looks: the Inspector says "497 cards
selected", names the first few and the actions that apply to them; the status bar counts them.
Worked out once the selection settles (Select All and a rubber band select card by card)."""

from __future__ import annotations

from dataclasses import dataclass

from PySide6.QtCore import QObject, QTimer
from PySide6.QtWidgets import QLabel

from ..core.naming import display_labels
from .animation.inspector_content import InspectorContent
from .canvas.group_card_item import GroupCardItem
from .canvas.node_item import NodeItem
from .key_text import key_text

FIRST_NAMES = 6  # the names the Inspector lists before "and 491 more"


@dataclass(frozen=True)
class Selection:
    names: tuple[str, ...]  # every selected card's name, as the cards show them, in the graph's order

    @property
    def count(self) -> int:
        return len(self.names)


def count_text(count: int) -> str:
    return f"{count:,} card{'' if count == 1 else 's'} selected"


def names_text(selection: Selection) -> str:
    """ "x0, x1, cos₁, add₂, … and 493 more"."""
    first = ", ".join(selection.names[:FIRST_NAMES])
    rest = selection.count - FIRST_NAMES
    return f"{first}, and {rest:,} more" if rest > 0 else first


def actions_text() -> str:
    """What the user can do with several cards, each with its key as the menus write it."""
    return (
        f"Group them: {key_text('group')}\n"
        f"Delete them: {key_text('delete')}\n"
        f"Copy or duplicate them: {key_text('copy')}, {key_text('duplicate')}\n"
        f"See them all, as large as they fit: {key_text('zoom_selection')}\n"
        f"See them at actual size: {key_text('zoom_reset')}\n"
        "Click one card to inspect its value and shape."
    )


def selected_cards(scene) -> Selection:
    """The selected cards (nodes and collapsed groups' cards), in the graph's order."""
    graph = scene.graph
    items = scene.selectedItems()
    nodes = {item.node_id for item in items if isinstance(item, NodeItem)}
    labels = display_labels(graph) if nodes else {}
    names = [labels.get(n, n) for n in graph.node_ids() if n in nodes] if nodes else []
    names += [graph.groups.get(item.group_id).name for item in items if isinstance(item, GroupCardItem)]
    return Selection(tuple(names))


class SelectionSummary(QObject):
    """Follows the scene's selection: two cards or more are told in the Inspector and counted in
    the status bar; fewer, the Inspector shows what it shows for one card or none."""

    def __init__(self, window) -> None:
        super().__init__(window)
        self.window = window
        self.label = QLabel(window)  # (in the status bar, left of the graph's size and loss)
        self.label.setObjectName("selectionLabel")
        self.label.setContentsMargins(0, 0, 12, 0)
        self.label.hide()
        window.statusBar().insertPermanentWidget(0, self.label)
        self._timer = QTimer(self, singleShot=True, interval=0)
        self._timer.timeout.connect(self.update)
        window.scene.selectionChanged.connect(self._timer.start)

    def update(self) -> None:
        selection = selected_cards(self.window.scene)
        several = selection if selection.count >= 2 else None
        self.label.setText(count_text(selection.count) if several else "")
        self.label.setVisible(several is not None)
        self.window.animation.inspector.show_selection(several)


def selection_content(selection: Selection) -> InspectorContent:
    """What the Inspector shows for several selected cards."""
    return InspectorContent(
        title=count_text(selection.count),
        subtitle=names_text(selection),
        note=actions_text(),
        title_tip="\n".join(selection.names[:50]),
    )
