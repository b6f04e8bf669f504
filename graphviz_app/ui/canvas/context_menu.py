"""Right-click menus on a node, an edge or the empty canvas, built from ui/actions_table.py."""

from __future__ import annotations

from PySide6.QtCore import QPointF, Qt
from PySide6.QtGui import QKeySequence
from PySide6.QtWidgets import QMenu

from ...core.ops import get_op
from ..actions_table import BY_ID, CONTEXT_BY_ID, CONTEXT_MENUS
from ..commands.common import try_push
from ..commands.edges import DisconnectCommand
from ..commands.training import SetTrainableCommand
from . import node_actions
from .add_menu import fill_add_menu
from .edge_item import EdgeItem
from .group_actions import GroupActions, target_group
from .group_card_item import GroupCardItem
from .group_frame import GroupFrameItem
from .node_item import NodeItem


def _report(scene):
    return scene.statusMessage.emit


def _node_entries(view, scene, nid: str) -> dict:
    """What each entry does on node nid: id -> (slot, enabled); entries left out are not shown."""
    node = scene.graph.node(nid)
    entries = {
        "rename": (lambda: view.title_editor.open_node(nid), True),
        "set_output": (lambda: node_actions.set_output(scene, nid), scene.graph.output != nid),
        "duplicate": (view.editor.duplicate, True),
        "delete": (view.editor.delete_selection, True),
    }
    if node_actions.has_params(scene, nid):
        entries["@edit_params"] = (lambda: node_actions.edit_params(view, scene, nid), True)
    if node.is_input:
        entries["edit_value"] = (lambda: node_actions.edit_value(view, scene, nid), True)
        entries["@make_constant" if node.kind == "variable" else "@make_variable"] = (
            lambda: node_actions.toggle_kind(scene, nid),
            True,
        )
    if node.kind == "variable":  # a checkable entry: (slot, enabled, checked)
        flip = lambda: try_push(  # noqa: E731
            scene.undo_stack, lambda: SetTrainableCommand(scene.graph, [nid], not node.trainable), _report(scene)
        )
        entries["trainable"] = (flip, True, node.trainable)
    if node.kind == "op" and get_op(node.op).arity:
        entries["connect_input"] = (lambda: view.input_connector.open_for(nid), True)
    if scene.graph.inputs_of(nid):
        entries["@disconnect_inputs"] = (lambda: node_actions.disconnect_inputs(scene, nid), True)
    groups = GroupActions(scene, view)
    entries["group"] = (lambda: groups.group_selection(), True)  # (a lambda: the menu keeps it)
    entries["ungroup"] = (lambda: groups.ungroup(), target_group(scene) is not None)
    return entries


def build_context_menu(view, item, scene_pos: QPointF) -> QMenu:
    scene = view.scene()
    menu = QMenu(view)
    if isinstance(item, NodeItem):
        nid = item.node_id
        if nid not in scene.selected_node_ids():
            scene.select_nodes([nid])
        where, entries = "node", _node_entries(view, scene, nid)
    elif isinstance(item, (GroupFrameItem, GroupCardItem)):
        scene.clearSelection()
        item.setSelected(True)
        groups = GroupActions(scene, view)
        where, entries = (
            "group",
            {
                "collapse_group": (lambda: groups.toggle_collapsed(), True),  # (lambdas: the menu keeps them)
                "rename_group": (lambda: groups.rename(), True),
                "ungroup": (lambda: groups.ungroup(), True),
            },
        )
    elif isinstance(item, EdgeItem):
        key = item.key
        scene.clearSelection()
        item.setSelected(True)
        disconnect = lambda: try_push(  # noqa: E731
            scene.undo_stack, lambda: DisconnectCommand(scene.graph, key[1], key[2]), scene.statusMessage.emit
        )
        where, entries = "edge", {"@disconnect": (disconnect, True)}
    else:
        where, entries = (
            "canvas",
            {
                "paste": (lambda: view.editor.paste(scene_pos), True),
                "select_all": (view.select_all, True),
                "layout": (view.auto_layout, True),
                "zoom_fit": (view.zoom_to_fit, True),
            },
        )
    for entry in CONTEXT_MENUS[where]:
        if entry == "-":
            menu.addSeparator()
        elif entry == "@add_node":
            add = menu.addMenu(CONTEXT_BY_ID["add_node"].text)
            fill_add_menu(add, lambda kind, op: view.add_node_inside(kind, op, scene_pos))
        elif entry in entries:
            spec = CONTEXT_BY_ID[entry[1:]] if entry.startswith("@") else BY_ID[entry]
            slot, enabled, *checked = entries[entry]
            action = menu.addAction(spec.text, slot)
            action.setStatusTip(spec.help)
            action.setEnabled(enabled)
            if checked:
                action.setCheckable(True)
                action.setChecked(checked[0])
            # shown beside the entry; while the menu is open the key picks it
            action.setShortcuts([QKeySequence(s) for s in spec.shortcuts])
            action.setShortcutContext(Qt.ShortcutContext.WidgetShortcut)
    return menu
