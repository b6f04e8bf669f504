"""The canvas's right-click menus (menu_layout.CONTEXT_MENUS), made of the window's own actions.

A right-click selects the item clicked (a card keeps a selection it is part of), so the window's
actions, which act on the selection, act on it: an entry does what the same entry of the menu
bar does, with the same shortcut, help line and enabled state. Paste puts the nodes where the
menu was opened."""

from __future__ import annotations

from collections.abc import Callable, Mapping

from PySide6.QtCore import QPoint, QPointF
from PySide6.QtGui import QAction
from PySide6.QtWidgets import QMenu

from ..core.ops import get_op
from . import actions_table as table
from . import menu_layout
from .canvas import node_actions
from .canvas.add_menu import fill_add_menu
from .canvas.edge_item import EdgeItem
from .canvas.group_card_item import GroupCardItem
from .canvas.group_frame import GroupFrameItem
from .canvas.node_item import NodeItem


def card_shows(scene, node_id: str, on_card: str) -> bool:
    """Whether a card's menu shows an action whose row says `on_card`."""
    node = scene.graph.node(node_id)
    if on_card == table.INPUT_OR_PARAMS:
        return node.is_input or node_actions.has_params(scene, node_id)
    if on_card in (table.VARIABLE, table.CONSTANT):
        return node.kind == on_card
    if on_card == table.TAKES_INPUTS:
        return node.kind == "op" and bool(get_op(node.op).arity)
    if on_card == table.CONNECTED:
        return bool(scene.graph.inputs_of(node_id))
    return True


class CanvasMenus:
    def __init__(self, view, actions: Mapping[str, QAction], group_at_step: Callable[[], str | None]) -> None:
        """group_at_step: the collapsed group whose step Backward shows (None: none), whose menu
        alone offers what shows on GROUP_AT_STEP (Dive In)."""
        self.view = view
        self.actions = actions
        self.group_at_step = group_at_step
        self.point: QPointF | None = None  # where the menu shown was opened, while it is
        view.menuRequested.connect(self.show)

    def show(self, item, scene_pos: QPointF, global_pos: QPoint) -> None:
        menu = self.build(item, scene_pos)
        try:
            menu.exec(global_pos)
        finally:
            self.point = None
            menu.deleteLater()  # (it would keep the window's actions listed until the view goes)

    def build(self, item, scene_pos: QPointF) -> QMenu:
        """The menu for a right-click on item (a card, an edge, a group's frame or card; None: the
        empty canvas) at scene_pos; the item is selected."""
        scene = self.view.scene()
        self.point = scene_pos
        card = None
        if isinstance(item, NodeItem):
            card = item.node_id
            if card not in scene.selected_node_ids():
                scene.select_nodes([card])
            where = "node"
        elif isinstance(item, (GroupFrameItem, GroupCardItem, EdgeItem)):
            scene.clearSelection()
            item.setSelected(True)
            where = "edge" if isinstance(item, EdgeItem) else "group"
        else:
            where = "canvas"
        menu = QMenu(self.view)
        for entry in menu_layout.CONTEXT_MENUS[where]:
            if entry == "-":
                menu.addSeparator()
            elif entry == "@add_node":
                add = menu.addMenu(table.CONTEXT_BY_ID["add_node"].text)
                fill_add_menu(add, lambda kind, op: self.view.editor.add_node_inside(kind, op, scene_pos))
            elif table.BY_ID[entry].on_card == table.GROUP_AT_STEP:
                if where == "group" and item.group_id == self.group_at_step():
                    menu.addAction(self.actions[entry])
            elif card is None or card_shows(scene, card, table.BY_ID[entry].on_card):
                menu.addAction(self.actions[entry])
        return menu
