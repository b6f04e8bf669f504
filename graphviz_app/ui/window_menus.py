"""The main window's actions, menus and toolbar (what each does lives in MainWindow)."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QMenu, QToolBar

from ..resources_path import example_title

Std = QKeySequence.StandardKey


def _action(window, text: str, slot, shortcut=None, tip: str | None = None, checkable=False) -> QAction:
    action = QAction(text, window)
    if shortcut is not None:
        shortcuts = shortcut if isinstance(shortcut, list) else [shortcut]
        keys = []
        for s in shortcuts:
            keys.extend(QKeySequence.keyBindings(s) if isinstance(s, QKeySequence.StandardKey) else [QKeySequence(s)])
        action.setShortcuts(keys)
    if tip:
        action.setStatusTip(tip)
    action.setCheckable(checkable)
    if checkable:
        action.toggled.connect(slot)
    else:
        action.triggered.connect(lambda _checked=False: slot())
    return action


def build_menus(w) -> None:
    """Creates w.actions, w.menus and w.toolbar (icons: icons.apply_icons, once all actions exist)."""
    a = w.actions = {}
    a["new"] = _action(w, "&New", w.new_document, Std.New, "Start an empty graph")
    a["new_window"] = _action(
        w,
        "New &Window",
        w.new_window,
        "Ctrl+Shift+N",
        "Open another window, for a second document (copy and paste work between them)",
    )
    a["open"] = _action(w, "&Open…", w.open_dialog, Std.Open, "Open a diagram")
    a["save"] = _action(w, "&Save", w.save, Std.Save, "Save the diagram")
    a["save_as"] = _action(w, "Save &As…", w.save_as, Std.SaveAs, "Save the diagram under a new name")
    a["from_expression"] = _action(
        w,
        "New from &Expression…",
        w.new_from_expression,
        "Ctrl+Shift+E",
        tip="Type a formula such as sin(x**2) + x*y and get its graph",
    )
    a["close"] = _action(w, "&Close Window", w.close, Std.Close)
    a["quit"] = _action(w, "&Quit", w.quit_all, Std.Quit, "Close every window (each asks about unsaved changes)")

    stack = w.undo_stack
    a["undo"] = stack.createUndoAction(w, "&Undo")
    a["undo"].setShortcuts(QKeySequence.keyBindings(Std.Undo))
    a["redo"] = stack.createRedoAction(w, "&Redo")
    a["redo"].setShortcuts(QKeySequence.keyBindings(Std.Redo))
    a["cut"] = _action(w, "Cu&t", w.view.cut, Std.Cut)
    a["copy"] = _action(w, "&Copy", w.view.copy, Std.Copy)
    a["paste"] = _action(w, "&Paste", lambda: w.view.paste(w.view.scene_pos_under_cursor()), Std.Paste)
    a["duplicate"] = _action(w, "D&uplicate", w.view.duplicate, "Ctrl+D")
    a["delete"] = _action(w, "&Delete", w.scene.delete_selection, [Std.Delete, "Backspace"])
    # Delete and Backspace delete nodes only while the canvas has the focus (not in the palette's
    # list or a dock); the menu item works from anywhere
    a["delete"].setShortcutContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
    w.view.addAction(a["delete"])
    a["select_all"] = _action(w, "Select &All", w.view.select_all, Std.SelectAll)
    a["rename"] = _action(w, "&Rename…", w.rename_selected, "F2")
    a["set_output"] = _action(w, "Set as &Output", w.set_selected_output, "Ctrl+Shift+O")
    a["edit_value"] = _action(w, "Edit &Value…", w.edit_selected_value, "Ctrl+E")

    a["zoom_in"] = _action(w, "Zoom &In", w.view.zoom_in, [Std.ZoomIn, "Ctrl+="])
    a["zoom_out"] = _action(w, "Zoom &Out", w.view.zoom_out, Std.ZoomOut)
    a["zoom_fit"] = _action(w, "Zoom to &Fit", w.view.zoom_to_fit, "Ctrl+1")
    a["zoom_reset"] = _action(w, "Actual &Size (100%)", w.view.zoom_reset, "Ctrl+0")
    a["layout"] = _action(w, "Auto &Layout", w.view.auto_layout, "Ctrl+L", "Arrange the graph left to right")
    a["grid"] = _action(w, "Show &Grid", w.set_grid_visible, checkable=True)
    a["snap"] = _action(w, "S&nap to Grid", w.set_snap, checkable=True)
    a["about"] = _action(w, "&About graphviz-app", w.show_about)
    a["gestures"] = _action(w, "&Mouse and Keyboard", w.show_gestures, Std.HelpContents)

    bar = w.menuBar()
    m = w.menus = {}
    m["file"] = bar.addMenu("&File")
    m["edit"] = bar.addMenu("&Edit")
    m["view"] = bar.addMenu("&View")
    m["run"] = bar.addMenu("&Run")
    m["help"] = bar.addMenu("&Help")

    f = m["file"]
    f.addActions([a["new"], a["new_window"], a["open"]])
    w.recent_menu = f.addMenu("Open &Recent")
    w.examples_menu = f.addMenu("E&xamples")
    f.addAction(a["from_expression"])
    f.addSeparator()
    f.addActions([a["save"], a["save_as"]])
    f.addSeparator()
    f.addActions([a["close"], a["quit"]])

    e = m["edit"]
    e.addActions([a["undo"], a["redo"]])
    e.addSeparator()
    e.addActions([a["cut"], a["copy"], a["paste"], a["duplicate"], a["delete"]])
    e.addSeparator()
    e.addAction(a["select_all"])
    e.addSeparator()
    e.addActions([a["rename"], a["set_output"], a["edit_value"]])

    v = m["view"]
    v.addActions([a["zoom_in"], a["zoom_out"], a["zoom_fit"], a["zoom_reset"]])
    v.addSeparator()
    v.addAction(a["layout"])
    v.addSeparator()
    v.addActions([a["grid"], a["snap"]])
    v.addSeparator()

    m["help"].addActions([a["gestures"], a["about"]])

    tb = w.toolbar = QToolBar("Main", w)
    tb.setObjectName("MainToolBar")
    tb.setMovable(False)
    tb.addActions([a["new"], a["open"], a["save"]])
    tb.addSeparator()
    tb.addActions([a["undo"], a["redo"]])
    tb.addSeparator()
    tb.addActions([a["zoom_fit"], a["layout"]])
    w.addToolBar(tb)


def add_shortcut_tooltips(actions) -> None:
    """Toolbar buttons say what they do and their shortcut: "Save (Ctrl+S)"."""
    for action in actions:
        if action.isSeparator() or not action.text():
            continue
        text = action.text().replace("&", "").rstrip("…")
        keys = action.shortcut().toString(QKeySequence.SequenceFormat.NativeText)
        action.setToolTip(f"{text} ({keys})" if keys else text)


def fill_examples(menu: QMenu, files, open_example) -> None:
    menu.clear()
    for path in files:
        menu.addAction(example_title(path), lambda p=path: open_example(p))
    menu.setEnabled(bool(files))
