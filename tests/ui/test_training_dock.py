"""The Training dock: stepping through the iterations sets the values (its buttons are the Run menu's
training actions), playing shows them one after another, an edit ends stepping until undone, and
another document empties the dock."""

from __future__ import annotations

import numpy as np
from PySide6.QtCore import Qt
from ui.training_helpers import LINEAR, NETWORK, fill, ok_button, open_dialog, same, train_in_window, values_of

from graphviz_app.core.graph import Graph, NodeChanged
from graphviz_app.ui import actions_table as table
from graphviz_app.ui.canvas.labels import number_text, value_preview
from graphviz_app.ui.commands.nodes import SetValueCommand
from graphviz_app.ui.window_menus import gestures_html


def test_stepping_through_the_iterations_sets_the_values(window, qtbot):
    window.files.open_example(LINEAR)
    result = train_in_window(window, qtbot, "sgd", "0.02", "12")
    trained = result.variables
    dock = window.training.dock

    qtbot.mouseClick(dock.back_button, Qt.MouseButton.LeftButton)
    assert same(values_of(window, trained), result.values[11])
    assert dock.step_label.text() == f"step 11 / 12 · loss {number_text(result.losses[11])}"
    dock.slider.setValue(5)  # (dragging the slider)
    assert same(values_of(window, trained), result.values[5])
    dock.slider.setFocus()
    qtbot.keyClick(dock.slider, Qt.Key.Key_Right)
    assert same(values_of(window, trained), result.values[6])
    qtbot.mouseClick(dock.forward_button, Qt.MouseButton.LeftButton)
    assert same(values_of(window, trained), result.values[7])
    qtbot.mouseClick(dock.first_button, Qt.MouseButton.LeftButton)
    assert same(values_of(window, trained), result.values[0])
    assert dock.plot.step == 0  # the loss curve's marker follows
    # the cards show the values of the iteration (their previews), the output card its loss
    window.scene.evaluator.refresh()
    assert window.scene.node_item(trained[0]).state.preview == value_preview(result.values[0][trained[0]])
    assert window.scene.node_item(result.output).state.preview == value_preview(np.array(result.losses[0]))

    # stepping right after Train is part of the Train undo step
    assert window.undo_stack.count() == 1
    # a trained variable edited by hand holds the values of no iteration: no step number, said as the
    # step bars say theirs ("step 4 / 12", core.step_numbers)
    theta = trained[0]
    window.undo_stack.push(SetValueCommand(window.graph, theta, window.graph.node(theta).value + 1.0))
    assert dock.step_label.text() == "step – / 12" and "values of no iteration" in dock.note.text()
    window.action("undo").trigger()
    window.action("undo").trigger()
    assert same(values_of(window, trained), result.values[0])


def test_the_training_docks_buttons_are_the_run_menus_training_actions(window, qtbot):
    """One path per command: the dock's transport buttons are the Run menu's training entries (listed
    in Help → Mouse and Keyboard); a button and its entry do the same and are enabled together,
    by the animation's transport's rule: Starting Values and Previous not at step 0, Next and
    Trained Values not at the last."""
    window.files.open_example(LINEAR)
    dock = window.training.dock
    buttons = {
        "training_first": dock.first_button,
        "training_back": dock.back_button,
        "training_play": dock.play_button,
        "training_forward": dock.forward_button,
        "training_last": dock.last_button,
    }
    entries = {a.text(): a for a in window.menus["run"].actions()}
    assert all(entries[table.BY_ID[key].text] is window.action(key) for key in buttons)
    assert all(table.BY_ID[key].text.replace("&", "") in gestures_html() for key in buttons)

    def enabled() -> set[str]:
        shown = {key: button.isEnabled() for key, button in buttons.items()}
        assert shown == {key: window.action(key).isEnabled() for key in buttons}
        return {key for key, on in shown.items() if on}

    everything, at_start = set(buttons), {"training_play", "training_forward", "training_last"}
    at_end = {"training_first", "training_back", "training_play"}
    assert enabled() == set()  # no run yet
    result = train_in_window(window, qtbot, "sgd", "0.02", "12")
    trained = result.variables
    assert window.training.step_shown() == 12 and enabled() == at_end  # (the trained values: the last step)
    qtbot.mouseClick(dock.back_button, Qt.MouseButton.LeftButton)
    assert window.training.step_shown() == 11 and same(values_of(window, trained), result.values[11])
    window.action("training_back").trigger()  # Run → Previous Training Step: the same
    assert window.training.step_shown() == 10 and dock.step_label.text().startswith("step 10 / 12 · ")
    assert enabled() == everything
    window.action("training_first").trigger()
    assert window.training.step_shown() == 0 and dock.slider.value() == 0
    assert enabled() == at_start
    qtbot.mouseClick(dock.forward_button, Qt.MouseButton.LeftButton)
    assert window.training.step_shown() == 1 and enabled() == everything
    qtbot.mouseClick(dock.last_button, Qt.MouseButton.LeftButton)
    assert same(values_of(window, trained), result.values[12]) and enabled() == at_end
    dock.slider.setValue(11)  # (dragging the slider)
    assert enabled() == everything
    qtbot.mouseClick(dock.forward_button, Qt.MouseButton.LeftButton)
    assert window.training.step_shown() == 12 and enabled() == at_end
    qtbot.mouseClick(dock.first_button, Qt.MouseButton.LeftButton)
    assert same(values_of(window, trained), result.values[0]) and enabled() == at_start
    assert dock.play_button.toolTip() == "Play Training"
    window.action("training_play").trigger()  # ▶ in the Run menu
    assert window.training.playing and dock.play_button.toolTip() == "Pause Training"
    qtbot.mouseClick(dock.play_button, Qt.MouseButton.LeftButton)
    assert not window.training.playing and dock.play_button.toolTip() == "Play Training"
    window.action("training_first").trigger()
    assert window.training.step_shown() == 0 and enabled() == at_start
    assert window.undo_stack.count() == 1  # (stepping after Train is part of its undo step)

    target = next(n for n in window.graph.node_ids() if n not in trained and window.graph.node(n).is_input)
    window.undo_stack.push(SetValueCommand(window.graph, target, window.graph.node(target).value + 1.0))
    assert enabled() == set()  # the run no longer describes the diagram
    window.action("undo").trigger()
    assert enabled() == at_start


def test_playing_shows_the_iterations_one_after_another_on_the_cards(window, qtbot):
    window.files.open_example(LINEAR)
    dialog = open_dialog(window, qtbot)
    fill(dialog, qtbot, "sgd", "0.02", "20")
    qtbot.mouseClick(ok_button(dialog), Qt.MouseButton.LeftButton)
    dock = window.training.dock
    assert not window.training.playing and window.training.step_shown() == 20  # the trained values, paused
    seen = []
    window.graph.subscribe(lambda event: isinstance(event, NodeChanged) and seen.append(window.training.step_shown()))
    qtbot.mouseClick(dock.play_button, Qt.MouseButton.LeftButton)  # ▶ plays from the start
    assert window.training.playing
    qtbot.waitUntil(lambda: not window.training.playing, timeout=10_000)
    shown = [k for k in seen if k is not None]
    assert shown == sorted(shown) and len(set(shown)) >= 10 and shown[-1] == 20
    assert window.undo_stack.count() == 1  # played through: still one undo step


def test_an_edit_of_the_diagram_ends_stepping_until_it_is_undone(window, qtbot):
    window.files.open_example(NETWORK)
    train_in_window(window, qtbot, "adam", "0.01", "10")
    dock = window.training.dock
    target = next(n.id for n in window.graph.nodes() if n.name == "target")
    window.undo_stack.push(SetValueCommand(window.graph, target, [1.0, 0.0, 0.0]))
    assert not dock.slider.isEnabled() and not dock.reset_button.isEnabled()
    assert "The diagram changed after this run" in dock.note.text() and dock.note.isVisibleTo(dock)
    window.action("undo").trigger()
    assert dock.slider.isEnabled() and not dock.note.isVisibleTo(dock)


def test_deleting_a_card_and_undoing_it_brings_the_run_back(window, qtbot):
    """Train, Reset, Delete a card, Ctrl+Z: the dock stayed locked ("The diagram changed after this
    run…") though the diagram was the trained one again (its version counter only grows). The run
    now compares the diagram itself: the undo brings stepping back; the edit still locks it."""
    window.files.open_example(LINEAR)
    train_in_window(window, qtbot, "sgd", "0.02", "8")
    dock = window.training.dock
    window.action("reset_training").trigger()
    assert dock.slider.isEnabled() and window.training.step_shown() == 0
    loss = next(n.id for n in window.graph.nodes() if n.id == window.graph.output)
    window.scene.clearSelection()
    window.scene.select_nodes([loss])
    window.view.setFocus()
    qtbot.keyClick(window.view, Qt.Key.Key_Delete)
    assert loss not in window.graph
    assert not dock.slider.isEnabled() and "The diagram changed after this run" in dock.note.text()
    qtbot.keyClick(window.view, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    assert loss in window.graph
    assert dock.slider.isEnabled() and not dock.note.isVisibleTo(dock)
    assert window.action("training_play").isEnabled()  # (Reset: none to do, the start values shown)
    dock.slider.setValue(8)  # stepping works again: the trained values
    assert window.training.step_shown() == 8
    # a different structure (a card added) still locks it
    window.undo_stack.push(_add_constant(window.graph))
    assert not dock.slider.isEnabled()


def _add_constant(graph):
    from graphviz_app.ui.commands.nodes import AddNodeCommand

    return AddNodeCommand(graph, "constant", value=1.0, pos=(0.0, 400.0))


def test_a_new_document_forgets_the_run(window, qtbot):
    window.files.open_example(LINEAR)
    train_in_window(window, qtbot, "sgd", "0.02", "5")
    window.files.new_document()
    dock = window.training.dock
    assert window.training.run is None and dock.placeholder.isVisibleTo(dock)
    assert window.exporter.make_dialog().loss_curve_size is None


def test_another_document_empties_the_dock_keeps_it_small_and_drops_training_status(window, qtbot):
    window.files.open_example(LINEAR)
    train_in_window(window, qtbot, "sgd", "0.02", "5")
    open_dialog(window, qtbot).reject()
    assert window.statusBar().currentMessage() == "Training cancelled."
    full = window.training.dock.height()
    window.open_graph(Graph(), None, "other")  # (as the API's show and New from Expression open one)
    dock = window.training.dock
    qtbot.waitUntil(lambda: dock.height() < full / 2)
    assert dock.isVisible() and dock.placeholder.isVisible() and not dock.plot.isVisible()  # the user's choice
    assert window.statusBar().currentMessage() != "Training cancelled."


def test_the_slider_and_reset_are_enabled_by_the_run_menus_rules(window, qtbot):
    """Reset is Run → Reset Trained Values (enabled with it, a click does it); the slider is enabled
    while the iterations can be shown, as Play is: one rule each, the controller's."""
    window.files.open_example(LINEAR)
    result = train_in_window(window, qtbot, "sgd", "0.02", "6")
    dock, reset, play = window.training.dock, window.action("reset_training"), window.action("training_play")

    def agree() -> bool:
        return dock.reset_button.isEnabled() == reset.isEnabled() and dock.slider.isEnabled() == play.isEnabled()

    assert agree() and reset.isEnabled() and play.isEnabled()  # at the trained values
    qtbot.mouseClick(dock.reset_button, Qt.MouseButton.LeftButton)  # does what the menu entry does
    assert same(values_of(window, result.variables), result.values[0])
    assert agree() and not reset.isEnabled() and play.isEnabled()  # at step 0: nothing to reset
    window.action("training_last").trigger()
    assert agree() and reset.isEnabled()
    target = next(n.id for n in window.graph.nodes() if n.kind == "constant")
    window.undo_stack.push(SetValueCommand(window.graph, target, window.graph.node(target).value + 1.0))
    assert agree() and not reset.isEnabled() and not play.isEnabled()  # the run no longer describes the diagram
    window.action("undo").trigger()
    assert agree() and reset.isEnabled() and play.isEnabled()
