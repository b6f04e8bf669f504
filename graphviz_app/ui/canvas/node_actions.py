"""Edits of one node that need a dialog (edit value, parameters) or a choice (set output, kind)."""

from __future__ import annotations

from PySide6.QtWidgets import QDialog

from ...core.errors import UserError
from ...core.naming import display_label, name_problem
from ...core.ops import get_op
from ...core.values import to_json_value
from ..commands.common import Steps, done_text, try_push
from ..commands.edges import DisconnectCommand
from ..commands.nodes import RenameCommand, SetKindCommand, SetOutputCommand, SetParamsCommand, SetValueCommand


def _report(scene):
    return scene.statusMessage.emit


def has_params(scene, node_id: str) -> bool:
    node = scene.graph.node(node_id)
    return node.kind == "op" and bool(get_op(node.op).defaults)


def edit_params(parent, scene, node_id: str) -> None:
    """An op's parameters (pow's p) in a dialog; one undo step when they changed."""
    from ..params_dialog import ParamsDialog

    node = scene.graph.node(node_id)
    dialog = ParamsDialog(scene.graph, node_id, parent)
    if dialog.exec() != QDialog.DialogCode.Accepted:
        return
    params = dialog.params()
    if params is not None and params != get_op(node.op).params_with_defaults(node.params):
        try_push(scene.undo_stack, lambda: SetParamsCommand(scene.graph, node_id, params), _report(scene))


def set_output(scene, node_id: str) -> None:
    if scene.graph.output != node_id:
        try_push(scene.undo_stack, lambda: SetOutputCommand(scene.graph, node_id), _report(scene))


def toggle_kind(scene, node_id: str) -> None:
    node = scene.graph.node(node_id)
    kind = "constant" if node.kind == "variable" else "variable"
    try_push(scene.undo_stack, lambda: SetKindCommand(scene.graph, node_id, kind), _report(scene))


def disconnect_inputs(scene, node_id: str) -> None:
    ports = sorted(scene.graph.inputs_of(node_id))
    if not ports:
        return
    stack = scene.undo_stack
    stack.beginMacro(f"Disconnect the inputs of {display_label(scene.graph, node_id)}")
    for port in ports:
        stack.push(DisconnectCommand(scene.graph, node_id, port))
    stack.endMacro()


def disconnect_edges(scene, keys) -> None:
    """Remove the connections (src, dst, port): one undo step."""
    keys = sorted(keys)
    if len(keys) == 1:
        _src, dst, port = keys[0]
        try_push(scene.undo_stack, lambda: DisconnectCommand(scene.graph, dst, port), _report(scene))
    elif keys:
        stack = scene.undo_stack
        stack.beginMacro(f"Disconnect {len(keys)} connections")
        for _src, dst, port in keys:
            stack.push(DisconnectCommand(scene.graph, dst, port))
        stack.endMacro()


def edit_value(parent, scene, node_id: str) -> None:
    """The value editor (value, name and kind of a variable or constant): one undo step."""
    node = scene.graph.node(node_id)
    if not node.is_input:
        return
    from ..value_editor import ValueEditorDialog  # (here: it uses canvas.labels, and the canvas package imports this)

    dialog = ValueEditorDialog(
        parent,
        node,
        name_check=lambda name: name_problem(scene.graph, node_id, name),
        title=display_label(scene.graph, node_id),
    )
    if dialog.exec() == QDialog.DialogCode.Accepted:
        _apply_editor(scene, node_id, dialog)


def _apply_editor(scene, node_id: str, dialog) -> None:
    """The value editor may also change the name and the kind: one undo step for all of it,
    and none when nothing changed (OK on an untouched dialog leaves the document clean)."""
    graph, stack = scene.graph, scene.undo_stack
    node = graph.node(node_id)
    try:
        value = dialog.value()
        # exact: the nesting holds the shape, floats compare exactly, NaN and ±inf become equal text
        same = node.value is not None and to_json_value(value) == to_json_value(node.value)
        commands = [] if same else [SetValueCommand(graph, node_id, value)]
        name = dialog.name()
        if (name or None) != node.name:
            commands.append(RenameCommand(graph, node_id, name))
        kind = dialog.kind()
        if kind and kind != node.kind:
            commands.append(SetKindCommand(graph, node_id, kind))
    except UserError as exc:
        scene.statusMessage.emit(exc.message)
        return
    if not commands:
        return
    if len(commands) == 1:
        stack.push(commands[0])
        return
    stack.push(Steps(*_edit_texts(scene.graph, node_id, commands), commands))


def _edit_texts(graph, node_id: str, commands: list) -> tuple[str, str]:
    """The value editor's several changes as one undo text that names the node once, as its card
    shows it after the edit ("Rename z to y and set its value", not "Edit z" for a card now called
    y), and the same in the past for the status bar, built from the parts, never from the text."""
    renames = [c for c in commands if isinstance(c, RenameCommand)]
    kinds = [c for c in commands if isinstance(c, SetKindCommand)]
    parts = [(renames[0].text(), done_text(renames[0]))] if renames else []  # (imperative, past)
    if any(isinstance(c, SetValueCommand) for c in commands):
        what = f"the value of {display_label(graph, node_id)}"
        parts.append(("set its value", "set its value") if parts else (f"Edit {what}", f"Edited {what}"))
    if kinds:
        parts.append((f"make it a {kinds[0].new}", f"made it a {kinds[0].new}"))
    return tuple(_joined([part[i] for part in parts]) for i in (0, 1))


def _joined(parts: list[str]) -> str:
    """ "a", "a and b", "a, b and c"."""
    return ", ".join(parts[:-1]) + " and " + parts[-1] if len(parts) > 1 else parts[0]
