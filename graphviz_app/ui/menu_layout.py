"""Where the actions (actions_table.py) show: the menu bar, the toolbar, the canvas's right-click
menus, and what Help → Mouse and Keyboard says of the mouse. Entries are action ids; window_menus.py
and canvas_menus.py build the menus from them."""

from __future__ import annotations

from ..core import conventions as cv
from .key_text import key_text, keys_text

# The menu entries the window makes itself ("@name" below) that toggle a dock: their text there
# (the dock's own title stays as it is).
PART_TEXTS: dict[str, str] = {
    "palette": "&Nodes",
    "inspector": "Ins&pector",
    "chain": "&Chain Rule",
    "training": "&Training",
}

# The menu bar, in order: a title and its entries, by action id. "-" is a separator; "@name"
# is a part the window makes itself (a submenu, a dock's show/hide toggle).
MENUS: tuple[tuple[str, str, tuple[str, ...]], ...] = (
    ("file", "&File", (
        "new", "new_window", "open", "@recent", "@examples", "from_expression", "-",
        "save", "save_as", "-", "export", "copy_image", "-", "close", "quit",
    )),
    ("edit", "&Edit", (
        "undo", "redo", "-", "cut", "copy", "paste", "duplicate", "delete", "-", "select_all", "find_card", "select_following_card", "select_preceding_card", "-",
        "rename", "connect_input", "set_output", "edit_value", "trainable", "-",
        "group", "ungroup", "collapse_group", "rename_group",
    )),
    ("view", "&View", (
        "zoom_in", "zoom_out", "zoom_fit", "zoom_selection", "zoom_reset", "-", "layout", "-", "grid", "snap", "-",
        "@palette", "-", "live_gradients", *(f"layout_{c}" for c in cv.CONVENTIONS), "-", "@inspector", "@chain", "@training",
        "-", "next_pane", "previous_pane",
    )),
    ("run", "&Run", (
        "forward_values", "backward", "forward_mode", "-", "gradcheck", "stop", "-", "train", "reset_training",
        "training_play", "training_forward", "training_back", "training_first", "training_last", "-",
        "play", "step_forward", "step_back", "first_step", "last_step", "dive_in", "dive_out",
    )),
    ("help", "&Help", ("gestures", "about")),
)  # fmt: skip

TOOLBAR: tuple[str, ...] = (
    "new", "open", "save", "export", "-", "undo", "redo", "-", "zoom_fit", "layout", "-",
    "forward_values", "backward", "forward_mode", "gradcheck",
)  # fmt: skip

# Only one of these is checked at a time.
EXCLUSIVE_GROUPS: tuple[tuple[str, ...], ...] = (tuple(f"layout_{c}" for c in cv.CONVENTIONS),)

# Right-click menus on the canvas: on a card, an edge, a group, the empty canvas. Their entries are
# the window's own actions (ids of ACTIONS), acting on the clicked item: it is selected first (the
# card menu leaves out what its `on_card` says does not apply to the card). "@add_node" is a
# submenu adding a node where the menu was opened. "recent": what File → Open Recent shows below
# its files.
CONTEXT_MENUS: dict[str, tuple[str, ...]] = {
    "node": (
        "rename",
        "edit_value",
        "make_constant",
        "make_variable",
        "trainable",
        "set_output",
        "connect_input",
        "disconnect_inputs",
        "-",
        "group",
        "ungroup",
        "-",
        "duplicate",
        "delete",
    ),
    "edge": ("disconnect",),
    "group": ("dive_in", "-", "collapse_group", "rename_group", "ungroup"),
    "canvas": ("@add_node", "-", "paste", "select_all", "layout", "zoom_fit"),
    "recent": ("@clear_recent",),
}


# What the mouse (and keys that are not actions) do on the canvas: Help → Mouse and Keyboard.
def _playback_keys() -> str:
    """What the keys do while an animation runs, with the keys the actions table gives them."""
    keys = keys_text
    return (
        f"while one runs, also on the canvas: {keys('play')} plays or pauses, {keys('step_back')} and "
        f"{keys('step_forward')} step back and forward, {keys('first_step')} and {keys('last_step')} go to the "
        "first and last step; Up and Down do nothing there (no card moves: the arrows are the animation's)"
    )


GESTURES: tuple[tuple[str, str], ...] = (
    (
        "Add a node",
        "drag from the palette · double-click on the empty canvas, or Tab with nothing selected (Esc clears "
        "the selection), then type its name: it lands on a free spot, never on another card",
    ),
    (
        "Build from the keyboard",
        "select a card, press Tab: quick add lists the ops that take its output; type, Enter: the new node "
        "comes right of the card, fed by it, and is selected, so Tab again continues the chain (x → sin → square); "
        "a variable or constant chosen there takes no input: it comes unconnected, in the inputs' column",
    ),
    (
        "Connect",
        "drag from an output port (right) to an input port (left) · Esc cancels · from the keyboard: select "
        f"the card to feed, {key_text('connect_input')}, type the name of the card feeding it, Enter",
    ),
    (
        "Disconnect",
        f"drag an edge's end off its input · right-click the edge · select it and press {key_text('delete')}",
    ),
    ("Add and connect", "drop a wire on the empty canvas: quick add lists what fits it, the node comes connected"),
    ("Insert into an edge", "drop a free node (or one from the palette) onto an edge: it runs through the node"),
    (
        "Cut edges",
        "Ctrl + right-drag a line across them: the edges it crosses light up, and are cut on release (one undo step) · Esc cancels",
    ),
    ("Edit a value", "double-click a variable's or constant's body"),
    ("Edit a parameter", "double-click the body of an op that has one, such as pow's exponent p"),
    (
        "Rename",
        f"{key_text('rename')}, right-click → Rename or double-click a card's title (or the body of an op without parameters): "
        "type on the card, Enter (Esc cancels)",
    ),
    (
        "Rename a group",
        f"{key_text('rename_group')} or right-click its title → Rename Group… (a double-click on it collapses it)",
    ),
    (
        "Groups",
        f"select nodes, {key_text('group')} · double-click a group's title (or click its button) to collapse or expand it",
    ),
    ("Move a group", "drag its title, or its card when collapsed"),
    ("Set the output", "right-click a node → Set as Output (what Backward differentiates)"),
    (
        "Select",
        "click · drag a rectangle on the empty canvas · Ctrl+click adds or removes · from the keyboard: "
        f"{key_text('select_following_card')} and {key_text('select_preceding_card')} select the following and preceding card in graph order",
    ),
    (
        "Leave the canvas",
        f"{key_text('next_pane')} and {key_text('previous_pane')} move the focus between the canvas and the docks",
    ),
    (
        "Move",
        "drag nodes · arrow keys (Left, Right, Up, Down) move the selection, Shift+arrow by 1 px "
        "(not while an animation runs: then the arrows are the animation's)",
    ),
    ("Zoom", "Ctrl + wheel"),
    ("Pan", "wheel · middle button drag · hold Space and drag"),
    ("Animation", _playback_keys()),
    ("Menus", "right-click a node, an edge or the empty canvas"),
)
