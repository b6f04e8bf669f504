"""Every action of the main window, declared once, as data.

The menus, the toolbar, the canvas's right-click menus and Help → Mouse and Keyboard are all
built from this table, with the same QActions, laid out as menu_layout.py lists them
(window_menus.py makes them and builds the window's menus; canvas_menus.py the right-click menus). An action's `handler` is the path of
a method from the window ("save", "view.zoom_in", "animation.run_backward"), called with
`argument` when one is given.
Shortcuts are portable QKeySequence strings ("Ctrl" is ⌘ on macOS).
"""

from __future__ import annotations

from dataclasses import dataclass

from ..core import conventions as cv

# when an action is enabled (window_menus.update_enabled); "" always
NODES = "nodes"  # some node is selected
NODES_OR_EDGES = "nodes_or_edges"  # (a collapsed group's card counts: its nodes)
ONE_NODE = "one_node"
ANIMATING = "animating"  # an animation runs (Stop)
# an animation shows its steps: it runs, and no error in the edited graph pauses it (Play / Pause)
STEPPING = "stepping"
LATER_STEP = "later_step"  # an animation shows its steps and one follows the step shown (Step Forward, Last Step)
EARLIER_STEP = (
    "earlier_step"  # an animation shows its steps and one comes before the step shown (Step Back, First Step)
)
GROUP_STOP = "group_stop"  # Backward shows a collapsed group's step (Dive In opens it)
INSIDE_GROUP = "inside_group"  # Backward steps inside a group dived into
# some variable is selected (training/controller.py update_actions, which the window calls at each
# selection change)
VARIABLES = "variables"
EDGES = "edges"  # some connection is selected
TRAINED = "trained"  # a training run's values can be reset (training/controller.py update_actions)
# a training run with steps still describes the diagram (training/controller.py update_actions; its
# step actions, as LATER_STEP and EARLIER_STEP, not at the step they would show)
TRAINING_RUN = "training_run"
GROUP = "group"  # a group is selected, or nodes inside one
CLIPBOARD = "clipboard"  # the clipboard holds copied nodes (updated when it changes)
DIAGRAM = "diagram"  # the diagram has a card: something to export or copy as a picture

CANVAS = "canvas"  # the shortcut works only while the canvas has the focus

# which cards' right-click menu shows the action (canvas_menus.py); "" every card's
INPUT_OR_PARAMS = "input_or_params"  # a variable, a constant, or an op with parameters (pow's p)
VARIABLE = "variable"
CONSTANT = "constant"
TAKES_INPUTS = "takes_inputs"  # an op with inputs
CONNECTED = "connected"  # something is connected into it
# a group's right-click menu: the collapsed group's whose step Backward shows (canvas_menus.py)
GROUP_AT_STEP = "group_at_step"


@dataclass(frozen=True)
class ActionSpec:
    id: str
    text: str  # as the menu shows it ("&" marks the mnemonic)
    help: str  # one line: the status bar and Help → Mouse and Keyboard
    handler: str
    shortcuts: tuple[str, ...] = ()
    icon: str = ""  # a drawing of ui.icons
    checkable: bool = False
    enabled_when: str = ""
    scope: str = ""  # CANVAS, or "" for the whole window
    argument: str | None = None
    on_card: str = ""  # which cards' right-click menu shows it (INPUT_OR_PARAMS, …)
    text_beside_icon: bool = False  # on the toolbar: the name beside the picture
    # it opens a dialog (or a chooser) that asks for more before acting: its text ends in "…"
    # (Rename edits on the card: no "…"; Help's pages and Gradient Check's result only show text;
    # Backward asks for an output or a seed only at times)
    dialog: bool = False


def _a(*args, **kwargs) -> ActionSpec:
    return ActionSpec(*args, **kwargs)


# View's layout entries, in the menus' Title Case (core's names are sentence case, for headings).
LAYOUT_TEXTS: dict[str, str] = {
    cv.NUMERATOR: "N&umerator Layout (Gradient as Row)",
    cv.DENOMINATOR: "&Denominator Layout (Gradient as Column)",
}

ACTIONS: tuple[ActionSpec, ...] = (
    # ---------------------------------------------------------------- file
    _a("new", "&New", "Start an empty graph", "files.new_document", ("Ctrl+N",), icon="new"),
    _a(
        "new_window",
        "New &Window",
        "Open another window, for a second document (copy and paste work between them)",
        "new_window",
        ("Ctrl+Shift+N",),
    ),
    _a("open", "&Open…", "Open a diagram", "files.open_dialog", ("Ctrl+O",), icon="open", dialog=True),
    _a(
        "from_expression",
        "New from Ex&pression…",
        "Type a formula such as sin(x**2) + x*y and get its graph",
        "files.new_from_expression",
        ("Ctrl+Shift+E",),
        dialog=True,
    ),
    _a("save", "&Save", "Save the diagram", "files.save", ("Ctrl+S",), icon="save"),
    _a(
        "save_as",
        "Save &As…",
        "Save the diagram under a new name",
        "files.save_as",
        ("Ctrl+Shift+S",),
        icon="save_as",
        dialog=True,
    ),
    _a(
        "export",
        "&Export…",
        "Save the diagram as PNG, SVG or PDF, or its animation (Backward's if none runs) as GIF or APNG",
        "exporter.open_dialog",
        ("Ctrl+Shift+X",),
        icon="export",
        dialog=True,
        enabled_when=DIAGRAM,
    ),
    _a(
        "copy_image",
        "Copy &Image",
        "Copy a picture of the diagram (or of the selection) to the clipboard",
        "exporter.copy_image",
        ("Ctrl+Shift+C",),
        icon="copy_image",
        enabled_when=DIAGRAM,
    ),
    _a("close", "&Close Window", "Close this window (it asks about unsaved changes)", "close", ("Ctrl+W",)),
    _a("quit", "&Quit", "Close every window (each asks about unsaved changes)", "quit_all", ("Ctrl+Q",)),
    # ---------------------------------------------------------------- edit
    _a("undo", "&Undo", "Undo the last edit", "undo_stack.undo", ("Ctrl+Z",), icon="undo"),
    _a("redo", "&Redo", "Redo the edit just undone", "undo_stack.redo", ("Ctrl+Shift+Z", "Ctrl+Y"), icon="redo"),
    _a("cut", "Cu&t", "Copy the selected nodes and delete them", "view.editor.cut", ("Ctrl+X",), enabled_when=NODES),
    _a(
        "copy",
        "&Copy",
        "Copy the selected nodes (paste them here or in another window)",
        "view.editor.copy",
        ("Ctrl+C",),
        enabled_when=NODES,
    ),
    _a(
        "paste",
        "&Paste",
        "Paste copied nodes under the mouse pointer",
        "paste_here",
        ("Ctrl+V",),
        enabled_when=CLIPBOARD,
    ),
    _a(
        "duplicate",
        "Dup&licate",
        "Copy and paste the selected nodes in one step",
        "view.editor.duplicate",
        ("Ctrl+D",),
        enabled_when=NODES,
    ),
    _a(
        "delete",
        "&Delete",
        "Delete the selected nodes and connections",
        "view.editor.delete_selection",
        ("Del", "Backspace"),
        enabled_when=NODES_OR_EDGES,
        scope=CANVAS,  # in the palette's search field or a dock the keys edit text
    ),
    _a("select_all", "Select &All", "Select every node", "view.select_all", ("Ctrl+A",)),
    _a(
        "find_card",
        "&Find Card…",
        "Find a card by its name: type part of it (cos13 finds cos₁₃), Enter selects the card and shows it",
        "view.card_finder.open",
        ("Ctrl+F",),
        dialog=True,  # (a chooser of the cards by name)
    ),
    _a(
        "select_following_card",
        "Select Follo&wing Card",
        "Select the card after the selected one in graph order (inputs first), to edit or rename it by keyboard",
        "view.select_following_card",
        ("Alt+Right",),
    ),
    _a(
        "select_preceding_card",
        "&Select Preceding Card",
        "Select the card before the selected one in graph order (towards the inputs)",
        "view.select_preceding_card",
        ("Alt+Left",),
    ),
    _a(
        "rename",
        "Rena&me",
        "Name the selected node on its card: type, then Enter (Esc cancels; emptied, it loses its name)",
        "view.title_editor.rename_selected",
        ("F2",),
        enabled_when=ONE_NODE,
    ),
    _a(
        "connect_input",
        "Connect &Input…",
        "Connect another card's output to the selected card's free input: type its name, Enter "
        "(several inputs free: then which one)",
        "view.input_connector.open_for_selection",
        ("Shift+Tab",),
        enabled_when=ONE_NODE,
        on_card=TAKES_INPUTS,
        dialog=True,  # (a chooser of the cards that can feed it)
        scope=CANVAS,  # (in a dialog or the palette Shift+Tab moves the focus back)
    ),
    _a(
        "set_output",
        "Set as &Output",
        "Make the selected node the output: what Backward differentiates",
        "set_selected_output",
        ("Ctrl+Shift+O",),
        enabled_when=ONE_NODE,
    ),
    _a(
        "edit_value",
        "Edit &Value…",
        "Edit the selected variable's or constant's value, or an op's parameters",
        "edit_selected_value",
        ("Ctrl+E",),
        enabled_when=ONE_NODE,
        on_card=INPUT_OR_PARAMS,
        dialog=True,
    ),
    _a(
        "trainable",
        "Traina&ble",
        "Let gradient descent change the selected variables (unchecked: frozen, training leaves them as they are)",
        "training.set_trainable",
        checkable=True,
        enabled_when=VARIABLES,
        on_card=VARIABLE,
    ),
    # (the four below: on the right-click menus only)
    _a(
        "make_constant",
        "Make It a &Constant",
        "The selected variable becomes a constant: no gradient is computed for it",
        "set_selected_kind",
        enabled_when=ONE_NODE,
        argument="constant",
        on_card=VARIABLE,
    ),
    _a(
        "make_variable",
        "Make It a Va&riable",
        "The selected constant becomes a variable: its gradient is computed",
        "set_selected_kind",
        enabled_when=ONE_NODE,
        argument="variable",
        on_card=CONSTANT,
    ),
    _a(
        "disconnect_inputs",
        "Disconn&ect Inputs",
        "Remove every connection into the selected node",
        "disconnect_selected_inputs",
        enabled_when=ONE_NODE,
        on_card=CONNECTED,
    ),
    _a(
        "disconnect",
        "&Disconnect",
        "Remove the selected connections (right-click an edge)",
        "disconnect_selected_edges",
        enabled_when=EDGES,
    ),
    # -------------------------------------------------------------- groups
    _a(
        "group",
        "&Group",
        "Make the selected nodes a named group, drawn as a frame that collapses to one card",
        "group_actions.group_selection",
        ("Ctrl+G",),
        enabled_when=NODES,
    ),
    _a(
        "ungroup",
        "U&ngroup",
        "Remove the selected group (or the group of the selected nodes); its nodes stay",
        "group_actions.ungroup",
        ("Ctrl+Shift+G",),
        enabled_when=GROUP,
    ),
    _a(
        "collapse_group",
        "Collapse or E&xpand Group",
        "Show the selected group as one card with its inputs and outputs, or open it again",
        "group_actions.toggle_collapsed",
        ("Ctrl+Alt+G",),
        enabled_when=GROUP,
    ),
    _a(
        "rename_group",
        "Renam&e Group…",
        "Give the selected group (or the group of the selected nodes) another name",
        "group_actions.rename",
        ("Shift+F2",),
        enabled_when=GROUP,
        dialog=True,
    ),
    # ---------------------------------------------------------------- view
    _a("zoom_in", "Zoom &In", "Zoom in on the canvas", "view.zoom_in", ("Ctrl++", "Ctrl+="), icon="zoom_in"),
    _a("zoom_out", "Zoom &Out", "Zoom out", "view.zoom_out", ("Ctrl+-",), icon="zoom_out"),
    _a("zoom_fit", "Zoom to &Fit", "Show the whole graph", "view.zoom_to_fit", ("Ctrl+1",), icon="zoom_fit"),
    _a("zoom_reset", "Actual &Size (100%)", "Show the cards at their own size", "view.zoom_reset", ("Ctrl+0",)),
    _a(
        "zoom_selection",
        "Zoom to S&election",
        "Show the selected cards whole, as large as the view holds them (up to actual size)",
        "view.zoom_to_selection",
        ("Ctrl+2",),
        enabled_when=NODES_OR_EDGES,
    ),
    _a("layout", "Auto &Layout", "Arrange the graph left to right", "view.auto_layout", ("Ctrl+L",), icon="layout"),
    _a("grid", "Show &Grid", "Show the grid behind the cards", "set_grid_visible", checkable=True),
    _a("snap", "Sn&ap to Grid", "Cards dropped or moved land on the grid", "set_snap", checkable=True),
    _a(
        "live_gradients",
        "Li&ve Gradients",
        "Every card shows its gradient of the output, updated after each edit (no animation needed)",
        "set_live_gradients",
        ("Ctrl+Shift+L",),
        checkable=True,
    ),
    *(
        _a(
            f"layout_{c}",
            LAYOUT_TEXTS[c],
            cv.convention_explanation(c),
            "animation.set_convention",
            checkable=True,
            argument=c,
        )  # fmt: skip
        for c in cv.CONVENTIONS
    ),
    _a(
        "next_pane",
        "Focus Ne&xt Pane",
        "Move the keyboard focus to the next pane: canvas, Nodes, Inspector, Chain rule, Training",
        "panes.next",
        ("Ctrl+Tab",),
    ),
    _a(
        "previous_pane",
        "Focus P&revious Pane",
        "Move the keyboard focus back to the pane before (Tab on the canvas is Quick Add)",
        "panes.previous",
        ("Ctrl+Shift+Tab",),
    ),
    # ----------------------------------------------------------------- run
    _a(
        "forward_values",
        "&Forward (Values)",
        "Animate the evaluation: values flow in topological order",
        "animation.run_values",
        ("F5",),
        icon="forward_values",
        text_beside_icon=True,
    ),
    _a(
        "backward",
        "&Backward",
        "Animate backpropagation from the output, step by step",
        "animation.run_backward",
        ("F6",),
        icon="backward",
        text_beside_icon=True,
    ),
    _a(
        "forward_mode",
        "Forward &Mode (JVP)…",
        "Animate forward-mode differentiation along a chosen direction",
        "animation.run_forward_mode",
        ("Shift+F6",),
        icon="forward_mode",
        text_beside_icon=True,
        dialog=True,
    ),
    _a(
        "gradcheck",
        "&Gradient Check",  # (no "…": it asks nothing, its window shows the result)
        "Compare the backward gradients with finite differences",
        "animation.run_gradcheck",
        ("F7",),
        icon="gradcheck",
        text_beside_icon=True,
    ),
    _a(
        "train",
        "&Train…",
        "Minimise the output by gradient descent: choose the optimizer, the learning rate and the steps",
        "training.open_dialog",
        ("F8",),
        dialog=True,
    ),
    _a(
        "reset_training",
        "&Reset Trained Values",
        "Put back the values the trained variables had before training",
        "training.reset",
        enabled_when=TRAINED,
    ),
    # the Training dock's transport: the iterations of the last run on the cards (no keys: the
    # animation's playback keys are Space and the arrows)
    _a(
        "training_play",
        "Play / Pause Trai&ning",
        "Play the training run's iterations on the cards, or pause them (the Training dock's ▶)",
        "training.toggle_play",
        icon="play",  # (the pause picture while it plays: window_menus.show_playing)
        enabled_when=TRAINING_RUN,
    ),
    _a(
        "training_forward",
        "Ne&xt Training Step",
        "The values one iteration of the training run later on the cards",
        "training.step_forward",
        icon="step_forward",
        enabled_when=TRAINING_RUN,
    ),
    _a(
        "training_back",
        "Pre&vious Training Step",
        "The values one iteration of the training run earlier on the cards",
        "training.step_back",
        icon="step_back",
        enabled_when=TRAINING_RUN,
    ),
    _a(
        "training_first",
        "Starting Valu&es (Step 0)",
        "The values the trained variables had before the training run, on the cards",
        "training.first_step",
        icon="first",
        enabled_when=TRAINING_RUN,
    ),
    _a(
        "training_last",
        "Trained Val&ues (Last Step)",
        "The values after the training run's last iteration on the cards",
        "training.last_step",
        icon="last",
        enabled_when=TRAINING_RUN,
    ),
    _a(
        "stop",
        "&Stop Animation",
        "End the animation. Inside a group dived into it first leaves the group (collapsed again), and the entry says so "
        '("Leave layer2 (Esc Again Stops)"); a second Esc ends the animation',
        "animation.stop",
        ("Esc",),
        enabled_when=ANIMATING,
    ),
    _a(
        "play",
        "&Play / Pause",
        "Play the animation, or pause it",
        "animation.controller.toggle_play",
        ("Space",),
        icon="play",  # (the timeline's button shows the pause picture while it plays: window_menus.show_playing)
        enabled_when=STEPPING,
    ),
    _a(
        "step_forward",
        "Step For&ward",
        "The next step of the animation",
        "animation.step_forward",
        ("Right",),
        icon="step_forward",
        enabled_when=LATER_STEP,
    ),
    _a(
        "step_back",
        "Step B&ack",
        "The step before",
        "animation.controller.step_back",
        ("Left",),
        icon="step_back",
        enabled_when=EARLIER_STEP,
    ),
    _a(
        "first_step",
        "F&irst Step",
        "Back to the animation's first step",
        "animation.controller.first",
        ("Home",),
        icon="first",
        enabled_when=EARLIER_STEP,
    ),
    _a(
        "last_step",
        "&Last Step",
        "On to the animation's last step",
        "animation.controller.last",
        ("End",),
        icon="last",
        enabled_when=LATER_STEP,
    ),
    _a(
        "dive_in",
        "&Dive In",
        "At a collapsed group's step of Backward: expand the group and step through its own steps",
        "animation.dives.dive_in",
        ("Ctrl+Shift+I",),
        enabled_when=GROUP_STOP,
        on_card=GROUP_AT_STEP,
    ),
    _a(
        "dive_out",
        "Dive &Out",
        "Inside a group dived into: collapse it again, back to its step, stepped over as one",
        "animation.dives.dive_out",
        ("Alt+Up",),
        enabled_when=INSIDE_GROUP,
    ),
    # ---------------------------------------------------------------- help
    _a("gestures", "&Mouse and Keyboard", "Every gesture and shortcut of the program", "show_gestures", ("F1",)),
    _a("about", "&About graphviz-app", "What this program is", "show_about"),
)

BY_ID: dict[str, ActionSpec] = {spec.id: spec for spec in ACTIONS}

# Edit Value's text while the selected card is an op with parameters (pow's p)
EDIT_PARAMETERS_TEXT = "Edit Parameter&s…"

# The animation's playback keys: while it shows, the canvas leaves these keys (Space, the arrows…)
# to them (canvas/view.py ANIMATION_KEYS).
PLAYBACK: tuple[str, ...] = ("play", "step_forward", "step_back", "first_step", "last_step")

# The transports' buttons, left to right: the animation's timeline (animation/timeline.py) and the
# Training dock's (training/dock.py). Each button is its action's (QToolButton.setDefaultAction):
# the same handler, enabled state, picture and tooltip as the menu's entry.
TIMELINE_BUTTONS: tuple[str, ...] = ("first_step", "step_back", "play", "step_forward", "last_step")
TRAINING_BUTTONS: tuple[str, ...] = (
    "training_first",
    "training_back",
    "training_play",
    "training_forward",
    "training_last",
)

# Parts of menus that are not actions of the window: a submenu's title, an entry acting on the
# list it shows (File → Open Recent's, recent_files.py).
CONTEXT_ACTIONS: tuple[ActionSpec, ...] = (
    _a("add_node", "Add &Node", "Add a node here: a variable, a constant or an op", ""),
    _a("clear_recent", "&Clear the List", "Forget the files opened recently (the files stay where they are)", ""),
)
CONTEXT_BY_ID: dict[str, ActionSpec] = {spec.id: spec for spec in CONTEXT_ACTIONS}
