"""The main window's actions, menus, toolbar and Help → Mouse and Keyboard, built from actions_table."""

from __future__ import annotations

import html
from operator import attrgetter

from PySide6.QtCore import Qt
from PySide6.QtGui import QAction, QActionGroup, QKeySequence
from PySide6.QtWidgets import QDialog, QDialogButtonBox, QMenu, QTextBrowser, QToolBar, QVBoxLayout

from ..resources_path import example_title
from . import actions_table as table
from . import menu_layout
from .icons import make_icon
from .key_text import shortcut_texts

NATIVE = QKeySequence.SequenceFormat.NativeText
MENU_END_ROOM = 8  # px kept free right of a menu's shortcuts


def plain_text(spec: table.ActionSpec) -> str:
    return spec.text.replace("&", "")


def after_the_name_typed(window, spec: table.ActionSpec) -> bool:
    """Every action of the window first commits a card's name being typed (as Enter does), so
    that Save writes it, Backward and Export show it, and Undo undoes it: one rule here, not a line
    in each action. False: the name is refused and the action is not done (the editor stays open, the
    status bar says why). F2 again keeps the editor as it is."""
    if spec.id == "rename":
        return True
    return window.view.title_editor.commit_before_action(plain_text(spec).rstrip("…"))


def make_actions(window) -> dict[str, QAction]:
    """One QAction per row of the table, its handler found on the window (all its parts are built)."""
    actions: dict[str, QAction] = {}
    for spec in table.ACTIONS:
        action = QAction(spec.text, window)
        action.setObjectName(spec.id)
        action.setShortcuts([QKeySequence(s) for s in spec.shortcuts])
        action.setStatusTip(spec.help)
        action.setCheckable(spec.checkable)
        handler = attrgetter(spec.handler)(window)
        if spec.checkable and spec.argument is None:  # (a setting, also set by the program: no commit)
            action.toggled.connect(handler)
        elif spec.checkable:  # (a choice such as the layout convention: its check mark moves at once)
            action.triggered.connect(lambda _checked=False, h=handler, a=spec.argument: h(a))
        else:
            args = () if spec.argument is None else (spec.argument,)
            action.triggered.connect(
                lambda _checked=False, h=handler, a=args, s=spec: after_the_name_typed(window, s) and h(*a)
            )
        if spec.scope == table.CANVAS:
            action.setShortcutContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
            window.view.addAction(action)
        else:
            window.addAction(action)  # its shortcut works wherever it is (or is not) placed
        actions[spec.id] = action
    for ids in menu_layout.EXCLUSIVE_GROUPS:
        group = QActionGroup(window)
        for key in ids:
            group.addAction(actions[key])
    return actions


def build_menus(window, actions: dict[str, QAction], parts: dict) -> dict[str, QMenu]:
    """The menu bar from menu_layout.MENUS; `parts` gives the "@name" entries (a QMenu or a QAction)."""
    menus = {}
    for key, title, entries in menu_layout.MENUS:
        menu = menus[key] = window.menuBar().addMenu(title)
        margins = menu.contentsMargins()  # (room after the widest shortcut: "Ctrl+Shift+I" not on the edge)
        menu.setContentsMargins(margins.left(), margins.top(), margins.right() + MENU_END_ROOM, margins.bottom())
        for entry in entries:
            if entry == "-":
                menu.addSeparator()
            elif entry.startswith("@"):
                part = parts[entry[1:]]
                if isinstance(part, QMenu):
                    menu.addMenu(part)
                else:
                    if entry[1:] in menu_layout.PART_TEXTS:  # (a dock's toggle: its title, with a mnemonic)
                        part.setText(menu_layout.PART_TEXTS[entry[1:]])
                    menu.addAction(part)
            else:
                menu.addAction(actions[entry])
    return menus


def build_toolbar(window, actions: dict[str, QAction]) -> QToolBar:
    bar = QToolBar("Main", window)
    bar.setObjectName("MainToolBar")
    bar.setMovable(False)
    for entry in menu_layout.TOOLBAR:
        if entry == "-":
            bar.addSeparator()
            continue
        bar.addAction(actions[entry])
        if table.BY_ID[entry].text_beside_icon:  # the four runs look alike as pictures alone
            actions[entry].setIconText(plain_text(table.BY_ID[entry]).rstrip("…"))  # (a button says no "…")
            bar.widgetForAction(actions[entry]).setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextBesideIcon)
    window.addToolBar(bar)
    return bar


def apply_icons(actions: dict[str, QAction], palette) -> None:
    """Each action's drawn icon in the palette's colours (again when the palette changes)."""
    for spec in table.ACTIONS:
        if spec.icon:
            actions[spec.id].setIcon(make_icon(spec.icon, palette))


def tooltip(spec: table.ActionSpec) -> str:
    """What the action does and its shortcut, as a button's tooltip says it: "Save (Ctrl+S)"."""
    keys = shortcut_texts(spec)
    text = plain_text(spec).rstrip("…")
    return f"{text} ({keys[0]})" if keys else text


def set_tooltips(actions: dict[str, QAction]) -> None:
    """Toolbar buttons say what they do and their shortcut: "Save (Ctrl+S)"."""
    for spec in table.ACTIONS:
        actions[spec.id].setToolTip(tooltip(spec))


def show_playing(action: QAction, playing: bool, palette) -> None:
    """A Play / Pause action says what a click does, as its button shows it: the play picture and
    "Play (Space)", while it plays the pause picture and "Pause (Space)" ("Pause Training")."""
    spec = table.BY_ID[action.objectName()]
    action.setIcon(make_icon("pause" if playing else "play", palette))
    what = plain_text(spec).removeprefix("Play / Pause")  # ("" or " Training")
    keys = shortcut_texts(spec)
    said = f"{'Pause' if playing else 'Play'}{what}"
    action.setToolTip(f"{said} ({keys[0]})" if keys else said)


def numbered(number: int, title: str) -> str:
    """A list entry with its number as mnemonic: "&1 Title" (1–9, then 0 for the tenth; no more)."""
    title = title.replace("&", "&&")
    if number > 10:
        return f"{number} {title}"
    return f"&{number % 10} {title}"


def fill_examples(menu: QMenu, files, open_example) -> None:
    menu.clear()
    for number, path in enumerate(files, 1):
        menu.addAction(numbered(number, example_title(path)), lambda p=path: open_example(p))
    menu.setEnabled(bool(files))


# ====================================================== Mouse and Keyboard
def gestures_html() -> str:
    """Every gesture, then every action with its shortcuts, menu by menu."""
    rows = ["<h3>Mouse and canvas</h3><table cellpadding=3>"]
    rows += [
        f"<tr><td><b>{html.escape(what)}</b></td><td>{html.escape(how)}</td></tr>" for what, how in menu_layout.GESTURES
    ]
    rows.append("</table>")
    for _key, title, entries in menu_layout.MENUS:
        specs = [table.BY_ID[e] for e in entries if e in table.BY_ID]
        rows.append(f"<h3>{html.escape(title.replace('&', ''))} menu</h3><table cellpadding=3>")
        for spec in specs:
            keys = " · ".join(shortcut_texts(spec)) or "—"
            rows.append(
                f"<tr><td><b>{html.escape(plain_text(spec))}</b></td><td style='white-space:nowrap'>"
                f"{html.escape(keys)}</td><td>{html.escape(spec.help)}</td></tr>"
            )
        rows.append("</table>")
    rows.append("<h3>Right-click menus</h3><table cellpadding=3>")  # what they offer besides the menu bar's
    for spec in [*right_click_only(), *table.CONTEXT_ACTIONS]:
        rows.append(f"<tr><td><b>{html.escape(plain_text(spec))}</b></td><td>{html.escape(spec.help)}</td></tr>")
    rows.append("</table>")
    return "".join(rows)


def right_click_only() -> list[table.ActionSpec]:
    """The actions of the right-click menus that no menu of the menu bar has."""
    in_menus = {e for _key, _title, entries in menu_layout.MENUS for e in entries}
    return [spec for spec in table.ACTIONS if spec.id not in in_menus]


class GesturesDialog(QDialog):
    """Help → Mouse and Keyboard: a scrollable page built from the table of actions."""

    def __init__(self, parent=None):
        super().__init__(parent)
        self.setObjectName("gesturesDialog")
        self.setWindowTitle("Mouse and Keyboard")
        layout = QVBoxLayout(self)
        self.browser = QTextBrowser(self)
        self.browser.setHtml(gestures_html())
        layout.addWidget(self.browser)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close, self)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)
        self.resize(760, 640)

    def text(self) -> str:
        return self.browser.toPlainText()
