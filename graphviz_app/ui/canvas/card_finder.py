"""Edit → Find Card… (Ctrl+F): a card found by its name. A popup at the top of the canvas lists
every card and group by the names they show, filtered as the user types (cos13 finds cos₁₃, theta
finds θ: card_chooser.matches); Enter selects the card alone and brings it into view where it reads
(framing.show_found). A node hidden in a collapsed group is found too: the group's card is selected
and the status bar says so. Nothing is edited: no undo step.
"""

from __future__ import annotations

from PySide6.QtCore import QObject, QPoint

from ...core.naming import display_labels, natural_key, typed
from ..card_chooser import CardChooserPopup, Choice
from ..key_text import key_text

GROUP = "group"  # a choice's key for a group: (GROUP, group id); a node's is its id


def card_choices(scene) -> list[Choice]:
    """Every node (those hidden in a collapsed group too) and every group, by the names they show,
    in name order."""
    graph = scene.graph
    labels = display_labels(graph)
    hidden_in = graph.groups.shown_as() if len(graph.groups) else {}
    found = []
    for nid in graph.node_ids():
        node = graph.node(nid)
        title = labels.get(nid, nid)
        what = node.op if node.kind == "op" and node.op else node.kind
        details = [] if typed(title).startswith(what) else [what]  # (cos₁₃ says it is a cos)
        if nid in hidden_in:
            details.append(f"inside {graph.groups.get(hidden_in[nid]).name} (collapsed)")
        words = (node.name,) if node.name else ()
        found.append(Choice(nid, title, " · ".join(details), None, words))
    for group in graph.groups:
        found.append(Choice((GROUP, group.id), group.name, "group, collapsed" if group.collapsed else "group"))
    found.sort(key=lambda c: natural_key(c.title))
    return found


class CardFinder(QObject):
    """The keyboard's way to a card by its name; one per view (`view.card_finder`)."""

    def __init__(self, view) -> None:
        super().__init__()  # (made before the view's own __init__; the view then becomes its parent)
        self.view = view
        self.popup: CardChooserPopup | None = None

    def open(self) -> None:
        view = self.view
        scene = view.scene()
        choices = card_choices(scene)
        if not choices:
            scene.statusMessage.emit("Find Card: the graph has no cards yet")
            return
        if view.title_editor.editing:  # (as a click elsewhere does: the name typed is applied first)
            view.title_editor.commit()
        popup = self._popup()
        port = view.viewport()
        top = port.mapToGlobal(QPoint(port.width() // 2, 12))
        popup.open_at(
            top - QPoint(popup.width() // 2, 0),
            "Find a card by its name",
            choices,
            "Type part of a card's name",
            verb="select",
            nothing="No card named “{text}”",
        )

    def _popup(self) -> CardChooserPopup:
        if self.popup is None:
            self.popup = CardChooserPopup(self.view)
            self.popup.chosen.connect(self.select)
            self.popup.refused.connect(lambda text: self.view.scene().statusMessage.emit(text))
        return self.popup

    def select(self, key) -> None:
        """Select the card of a node (a node id) or group ((GROUP, id)) alone and show it."""
        scene = self.view.scene()
        graph = scene.graph
        if isinstance(key, tuple):
            if key[1] not in graph.groups:
                return  # (gone meanwhile: an undo while the popup was open)
            group = graph.groups.get(key[1])
            # (the collapsed group drawn for the whole group, itself or one around it; a collapsed
            # group inside it hides only part of it, and the group's frame is found)
            name = group.name
            outer = next(
                (c.id for c in graph.groups.visible_collapsed() if group.nodes and group.nodes <= c.nodes), None
            )
            own = scene.groups.frame_item(group.id) if outer is None else None
            if outer == group.id:
                own, outer = scene.groups.card_item(group.id), None  # (its own card)
        else:
            if key not in graph:
                return
            name, outer = display_labels(graph).get(key, key), graph.groups.shown_as().get(key)
            own = scene.node_item(key) if outer is None else None
        item = own if outer is None else scene.groups.card_item(outer)
        if item is None or not item.isVisible():
            scene.statusMessage.emit(f"{name} is not shown on the canvas")
            return
        scene.clearSelection()
        item.setSelected(True)
        self.view.show_found(item.sceneBoundingRect())
        self.view.setFocus()
        if outer is None:
            scene.statusMessage.emit(f"Found {name}")
        else:
            group = graph.groups.get(outer).name
            scene.statusMessage.emit(
                f"Found {name} inside the collapsed group {group}: its card is selected "
                f"({key_text('collapse_group')} expands it)"
            )
