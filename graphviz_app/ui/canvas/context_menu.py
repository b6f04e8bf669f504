"""Right-click menus on a node, an edge or the empty canvas."""

from __future__ import annotations

from PySide6.QtCore import QPointF
from PySide6.QtWidgets import QMenu

from ..commands import DisconnectCommand, try_push
from . import node_actions
from .add_menu import fill_add_menu
from .edge_item import EdgeItem
from .node_item import NodeItem
from .port_item import PortItem


def build_context_menu(view, item, scene_pos: QPointF) -> QMenu:
    scene = view.scene()
    menu = QMenu(view)
    if isinstance(item, PortItem):
        item = item.node_item
    if isinstance(item, NodeItem):
        nid = item.node_id
        if nid not in scene.selected_node_ids():
            scene.select_nodes([nid])
        node = scene.graph.node(nid)
        menu.addAction("Rename…", lambda: node_actions.rename_node(view, scene, nid))
        if node_actions.has_params(scene, nid):
            menu.addAction("Edit parameters…", lambda: node_actions.edit_params(view, scene, nid))
        if node.is_input:
            menu.addAction("Edit value…", lambda: node_actions.edit_value(view, scene, nid))
            other = "constant" if node.kind == "variable" else "variable"
            menu.addAction(f"Make it a {other}", lambda: node_actions.toggle_kind(scene, nid))
        out = menu.addAction("Set as output", lambda: node_actions.set_output(scene, nid))
        out.setEnabled(scene.graph.output != nid)
        if scene.graph.inputs_of(nid):
            menu.addAction("Disconnect inputs", lambda: node_actions.disconnect_inputs(scene, nid))
        menu.addSeparator()
        menu.addAction("Duplicate", view.duplicate)
        menu.addAction("Delete", scene.delete_selection)
    elif isinstance(item, EdgeItem):
        key = item.key
        scene.clearSelection()
        item.setSelected(True)
        menu.addAction(
            "Disconnect",
            lambda: try_push(
                scene.undo_stack, lambda: DisconnectCommand(scene.graph, key[1], key[2]), scene.statusMessage.emit
            ),
        )
    else:
        add = menu.addMenu("Add node")
        fill_add_menu(add, lambda kind, op: scene.add_node_at(kind, op, scene_pos))
        menu.addSeparator()
        menu.addAction("Paste", lambda: view.paste(scene_pos))
        menu.addAction("Select all", view.select_all)
        menu.addAction("Auto layout", view.auto_layout)
        menu.addAction("Zoom to fit", view.zoom_to_fit)
    return menu
