"""What the group actions of the window do (Ctrl+G, Ctrl+Shift+G, collapse, rename): each one
undo step, through the commands of ui/commands/groups.py."""

from __future__ import annotations

from PySide6.QtWidgets import QDialog, QLabel, QLineEdit

from ...core.errors import GraphError
from ...core.groups import Group
from ..checked_dialog import CheckedDialog
from ..commands.common import try_push
from ..commands.groups import GroupCommand, RenameGroupCommand, UngroupCommand
from ..key_text import key_text


def target_group(scene) -> str | None:
    """The group the user means: a selected frame or group card, else the innermost group
    holding all the selected nodes."""
    picked = scene.groups.selected_group_ids()
    if picked:
        return picked[0]
    nodes = set(scene.selected_node_ids())
    if not nodes:
        return None
    holding = [g for g in scene.graph.groups.ordered() if nodes <= g.nodes]
    return holding[-1].id if holding else None


class GroupNameDialog(CheckedDialog):
    """A group's name, checked as it is typed (taken, empty): OK waits for a good one."""

    def __init__(self, graph, group_id: str, parent=None):
        super().__init__(parent)
        self.graph, self.group_id = graph, group_id
        group = graph.groups.get(group_id)
        self.setWindowTitle("Rename Group")
        self.body.addWidget(QLabel(f"New name for the group {group.name}:", self))
        self.edit = QLineEdit(group.name, self)
        self.edit.selectAll()
        self.edit.setMinimumWidth(280)
        self.body.addWidget(self.edit)
        self.finish()
        self.edit.textChanged.connect(self.check)

    def name(self) -> str:
        return self.edit.text().strip()

    def problem(self) -> str | None:
        group = self.graph.groups.get(self.group_id)
        try:
            self.graph.groups.check(Group(group.id, self.name(), group.nodes, group.collapsed))
        except GraphError as exc:
            return exc.message
        return None


class GroupActions:
    def __init__(self, scene, parent) -> None:
        self.scene = scene
        self.parent = parent  # of the rename dialog

    def group_selection(self) -> None:
        """Ctrl+G: the selected nodes (and the nodes of selected frames and collapsed cards) become a group."""
        scene = self.scene
        nodes = scene.groups.selection_nodes()
        if not nodes:
            scene.statusMessage.emit("Select the nodes to group first")
            return
        command = try_push(scene.undo_stack, lambda: GroupCommand(scene.graph, nodes), scene.statusMessage.emit)
        if command is not None:
            scene.statusMessage.emit(
                f"Grouped as {command.name}: double-click its title to collapse it, {key_text('rename_group')} renames it"
            )

    def ungroup(self) -> None:
        """Ctrl+Shift+G: the selected group (or the group of the selected nodes) goes; its nodes stay."""
        scene = self.scene
        gid = target_group(scene)
        if gid is None:
            scene.statusMessage.emit("Select a group (its title) or nodes in a group first")
            return
        try_push(scene.undo_stack, lambda: UngroupCommand(scene.graph, gid), scene.statusMessage.emit)

    def toggle_collapsed(self) -> None:
        gid = target_group(self.scene)
        if gid is None:
            self.scene.statusMessage.emit("Select a group (its title) or nodes in a group first")
            return
        self.scene.groups.toggle(gid)

    def rename(self) -> None:
        scene = self.scene
        gid = target_group(scene)
        if gid is None:
            scene.statusMessage.emit("Select a group (its title) or nodes in a group first")
            return
        dialog = GroupNameDialog(scene.graph, gid, self.parent)
        if dialog.exec() == QDialog.DialogCode.Accepted and dialog.name() != scene.graph.groups.get(gid).name:
            try_push(
                scene.undo_stack, lambda: RenameGroupCommand(scene.graph, gid, dialog.name()), scene.statusMessage.emit
            )
