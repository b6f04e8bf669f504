"""The main window: files, examples, title, unsaved changes, clipboard, recovery, menus."""

import pytest
from PySide6.QtWidgets import QFileDialog, QMessageBox
from ui.canvas_helpers import activate, dump, sample_graph
from ui.expression_helpers import answer_expression

from graphviz_app.core import fileformat
from graphviz_app.resources_path import example_files
from graphviz_app.ui.commands.nodes import AddNodeCommand
from graphviz_app.ui.document_files import DocumentFiles
from graphviz_app.ui.main_window import MainWindow
from graphviz_app.ui.recovery import offer_recovery


@pytest.fixture
def errors(monkeypatch):
    shown = []
    monkeypatch.setattr(DocumentFiles, "show_error", lambda self, title, message: shown.append(message))
    return shown


@pytest.fixture
def window(qtbot, errors):
    w = MainWindow()
    qtbot.addWidget(w)
    w.files.ask_unsaved = lambda: QMessageBox.StandardButton.Discard
    w.show()
    qtbot.waitExposed(w)
    activate(qtbot, w)
    yield w
    w.undo_stack.setClean()


def test_window_parts(window):
    assert set(window.menus) == {"file", "edit", "view", "run", "help"}
    assert window.view.scene() is window.scene and window.scene.graph is window.graph
    assert window.toolbar.actions()
    assert window.palette_dock is not None


def test_title_star_follows_the_undo_stack(window):
    assert window.shown_title().startswith("Untitled —")
    window.undo_stack.push(AddNodeCommand(window.graph, "op", "sin"))
    assert window.shown_title().startswith("Untitled* —")
    assert window.action("undo").text() == "&Undo Add sin"
    window.undo_stack.undo()
    assert window.shown_title().startswith("Untitled —")


def test_save_and_open_round_trip(window, tmp_path):
    window.graph.replace_with(sample_graph())
    window.undo_stack.push(AddNodeCommand(window.graph, "constant", value=[[1, 2]], pos=(5, 6)))
    expected = dump(window.graph)
    path = tmp_path / "g.json"
    assert window.files.save_to(path)
    assert window.shown_title().startswith("g.json —")
    assert str(path.resolve()) in window.files.recent.files()
    window.files.new_document()
    assert len(window.graph) == 0
    assert window.files.open_path(path)
    assert dump(window.graph) == expected
    assert window.undo_stack.count() == 0 and window.undo_stack.isClean()


def test_a_graph_made_elsewhere_opens_as_the_document(window, tmp_path):
    """open_graph (the Python API's g.show()): an unsaved document by default, or one saved to a path."""
    window.undo_stack.push(AddNodeCommand(window.graph, "op", "exp"))
    graph = sample_graph()
    window.open_graph(graph, title="From Python")
    assert window.graph.find("L") and len(window.graph) == 2 and window.files.path is None
    assert window.shown_title().startswith("From Python —")
    assert window.undo_stack.count() == 0 and window.undo_stack.isClean()
    assert window.scene.node_item(window.graph.find("L")) is not None
    path = tmp_path / "mine.json"
    window.open_graph(sample_graph(), path)
    assert window.shown_title().startswith("mine.json —") and window.files.path == path.resolve()
    window.undo_stack.push(AddNodeCommand(window.graph, "op", "sin"))
    assert window.files.save()  # to that file, no dialog
    assert len(fileformat.load(path)) == 3


def test_corrupted_file_leaves_the_work_untouched(window, tmp_path, errors):
    window.undo_stack.push(AddNodeCommand(window.graph, "op", "exp"))
    before = dump(window.graph)
    bad = tmp_path / "bad.json"
    bad.write_text(
        '{"format": "graphviz_app", "version": 1,\n "nodes": [\n {"id": "n1", "kind": "op", "op": "nope"}\n]}'
    )
    assert not window.files.open_path(bad, ask=False)
    assert dump(window.graph) == before and not window.undo_stack.isClean()
    assert errors and "bad.json" in errors[-1] and "line" in errors[-1]
    garbage = tmp_path / "garbage.json"
    garbage.write_bytes(b"\xff\xfe\x00 not json")
    assert not window.files.open_path(garbage, ask=False)
    assert not window.files.open_path(tmp_path / "missing.json", ask=False)
    assert dump(window.graph) == before and len(errors) == 3


@pytest.mark.parametrize("path", example_files(), ids=lambda p: p.name)
def test_every_example_opens_without_errors(window, path):
    assert window.files.open_example(path)
    ev = window.scene.evaluator.evaluation
    assert len(window.graph) > 0 and ev.errors == {} and ev.blocked == {}
    assert window.graph.output is not None and window.graph.output in ev.values
    assert "(example)" in window.shown_title() and window.files.path is None


def test_examples_menu_lists_the_examples(window):
    assert len(window.examples_menu.actions()) == len(example_files()) > 0


def test_close_asks_about_unsaved_changes(window):
    window.undo_stack.push(AddNodeCommand(window.graph, "op", "sin"))
    window.files.ask_unsaved = lambda: QMessageBox.StandardButton.Cancel
    assert not window.close()
    assert window.isVisible()
    window.files.ask_unsaved = lambda: QMessageBox.StandardButton.Discard
    assert window.close()


def test_save_when_asked(window, tmp_path):
    path = tmp_path / "kept.json"
    window.files.save_to(path)
    window.undo_stack.push(AddNodeCommand(window.graph, "op", "cos"))
    window.files.ask_unsaved = lambda: QMessageBox.StandardButton.Save
    window.files.new_document()
    assert [n.op for n in fileformat.load(path).nodes()] == ["cos"]


def test_copy_paste_between_two_windows(window, qtbot):
    window.graph.replace_with(sample_graph())
    window.scene.select_nodes(window.graph.node_ids())
    assert window.view.editor.copy()
    other = MainWindow()
    qtbot.addWidget(other)
    other.graph.replace_with(sample_graph())
    other.view.editor.paste()
    assert len(other.graph) == 4
    assert sorted(n.name for n in other.graph.nodes()) == ["L", "L_2", "x", "x_2"]
    assert len(other.graph.edges()) == 2
    other.undo_stack.undo()
    assert len(other.graph) == 2
    other.undo_stack.setClean()
    other.close()


def test_cut_duplicate_delete_actions(window):
    window.graph.replace_with(sample_graph())
    before = dump(window.graph)
    x = window.graph.find("x")
    window.scene.select_nodes([x])
    window.action("duplicate").trigger()
    assert len(window.graph) == 3 and window.undo_stack.undoText() == "Duplicate 1 node"
    window.action("cut").trigger()
    assert len(window.graph) == 2
    window.action("paste").trigger()
    assert len(window.graph) == 3
    window.scene.select_nodes([x])
    window.action("delete").trigger()
    assert x not in window.graph
    for _ in range(4):
        window.undo_stack.undo()
    assert dump(window.graph) == before


def test_set_output_and_layout_actions(window):
    window.graph.replace_with(sample_graph())
    x = window.graph.find("x")
    window.scene.select_nodes([x])
    window.action("set_output").trigger()
    assert window.graph.output == x
    window.action("layout").trigger()
    window.undo_stack.undo()
    window.undo_stack.undo()
    assert window.graph.output == window.graph.find("L")


def test_new_from_expression(window, monkeypatch):
    answer_expression(monkeypatch, "sin(x**2) * y")
    window.files.new_from_expression()
    assert window.graph.output is not None and len(window.graph) >= 4
    assert not window.undo_stack.isClean()
    window.undo_stack.undo()
    assert len(window.graph) == 0


def test_an_opened_file_is_edited_undone_and_replaced_as_any_document(window, tmp_path, monkeypatch):
    path = tmp_path / "g.json"
    fileformat.save(sample_graph(), path)
    assert window.files.open_path(path, ask=False)
    opened = dump(window.graph)
    assert window.scene.node_item(window.graph.find("L")) is not None  # the canvas followed the Reset
    window.undo_stack.push(AddNodeCommand(window.graph, "op", "sin"))
    window.graph.rename(window.graph.find("x"), "x0")  # (not undoable: after the command)
    window.graph.rename(window.graph.find("x0"), "x")
    window.undo_stack.undo()
    assert dump(window.graph) == opened
    answer_expression(monkeypatch, "exp(u)")
    window.files.new_from_expression()
    made = dump(window.graph)
    window.undo_stack.push(AddNodeCommand(window.graph, "op", "cos"))
    window.undo_stack.undo()
    window.undo_stack.undo()  # the expression's graph: the command keeps its own copy to redo
    assert len(window.graph) == 0
    window.undo_stack.redo()
    assert dump(window.graph) == made and window.scene.node_item(window.graph.find("u")) is not None


def test_bad_expression_is_reported_in_the_dialog(window, monkeypatch):
    problems = []
    answer_expression(monkeypatch, "sin(x", problems=problems)
    window.files.new_from_expression()
    assert len(window.graph) == 0
    assert problems and problems[0].startswith("Cannot read the expression: ")


def test_autosave_and_recovery(window, qtbot, monkeypatch):
    from graphviz_app.ui import autosave

    window.graph.replace_with(sample_graph())
    window.undo_stack.push(AddNodeCommand(window.graph, "op", "tanh"))
    window.autosaver.save_now()
    file = window.autosaver.file
    assert file.exists()
    expected = dump(window.graph)
    # pretend the writer crashed: its recovery file belongs to a dead process
    crashed = file.with_name("autosave-999999999-1.json")
    file.rename(crashed)
    file.with_suffix(".meta").rename(crashed.with_suffix(".meta"))
    found = autosave.leftovers(file.parent)
    assert [f.file for f in found] == [crashed]
    fresh = MainWindow()
    qtbot.addWidget(fresh)
    monkeypatch.setattr(QMessageBox, "question", lambda *a, **k: QMessageBox.StandardButton.Yes)
    assert offer_recovery(fresh)
    assert dump(fresh.graph) == expected and not fresh.undo_stack.isClean()
    assert "(recovered)" in fresh.windowTitle()
    assert not crashed.exists()
    fresh.undo_stack.setClean()
    fresh.close()


def test_clean_exit_removes_the_recovery_file(window):
    window.undo_stack.push(AddNodeCommand(window.graph, "op", "tanh"))
    window.autosaver.save_now()
    assert window.autosaver.file.exists()
    window.undo_stack.undo()
    window.autosaver.save_now()  # clean again: nothing to recover
    assert not window.autosaver.file.exists()
    window.undo_stack.redo()
    window.autosaver.save_now()
    window.files.ask_unsaved = lambda: QMessageBox.StandardButton.Discard
    assert window.close()
    assert not window.autosaver.file.exists()


def test_grid_and_snap_toggles(window):
    window.action("grid").setChecked(False)
    assert not window.view.grid_visible
    window.action("snap").setChecked(True)
    assert window.scene.snap_enabled
    nid = window.view.editor.add_node_at(
        "op",
        "sin",
        window.view.mapToScene(window.view.viewport().rect().center()) + type(window.view.mapToScene(0, 0))(7, 3),
    )
    x, y = window.graph.node(nid).pos
    assert x % 20 == 0 and y % 20 == 0
    window.action("snap").setChecked(False)
    window.action("grid").setChecked(True)


def test_grid_and_snap_choices_are_remembered_by_the_next_window(window, qtbot):
    window.action("grid").setChecked(False)
    window.action("snap").setChecked(True)
    later = MainWindow()
    qtbot.addWidget(later)
    assert not later.action("grid").isChecked() and not later.view.grid_visible
    assert later.action("snap").isChecked() and later.scene.snap_enabled
    window.action("grid").setChecked(True)
    window.action("snap").setChecked(False)


def test_a_new_window_leaves_the_settings_file_as_it_was(window, qtbot):
    from graphviz_app.ui.settings import settings_file

    window.action("layout_numerator").trigger()  # (the file exists and holds what a new window reads)
    window.settings.sync()
    before = settings_file().stat()
    later = MainWindow()
    qtbot.addWidget(later)
    later.show()
    qtbot.waitUntil(later.isVisible)
    later.settings.sync()
    after = settings_file().stat()
    assert (after.st_ino, after.st_mtime_ns, after.st_size) == (before.st_ino, before.st_mtime_ns, before.st_size)


def _offered_start(window, monkeypatch) -> str:
    from PySide6.QtWidgets import QFileDialog

    offered = []
    monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda _w, _t, start, _f: (offered.append(start), ("", ""))[1])
    assert not window.files.save_as()
    return offered[-1]


def test_an_example_given_by_its_path_opens_as_an_example(window, monkeypatch):
    from pathlib import Path

    from graphviz_app.resources_path import examples_dir

    window.settings.remove("files/save_dir")
    assert window.files.open_path(examples_dir() / "05_linear_model.json")  # as `graphviz-app resources/examples/…`
    assert "(example)" in window.shown_title() and window.files.path is None
    start = Path(_offered_start(window, monkeypatch))
    assert start.name == "05_linear_model.json"
    assert not start.resolve().is_relative_to(examples_dir().resolve())  # never into the bundled examples
    assert start.parent == window.files.save_folder()


def test_save_starts_in_the_folder_last_saved_to(window, tmp_path, monkeypatch):
    from pathlib import Path

    from graphviz_app.resources_path import examples_dir

    window.files.open_example(examples_dir() / "04_sin_of_square.json")
    window.settings.setValue("files/last_dir", str(examples_dir()))  # (what opening from there leaves)
    assert window.files.save_to(tmp_path / "kept.json")
    window.files.new_document()
    assert Path(_offered_start(window, monkeypatch)) == tmp_path / "untitled.json"


def test_the_status_bar_error_goes_once_the_graph_is_fixed(window, qtbot):
    window.undo_stack.push(AddNodeCommand(window.graph, "op", "sin"))
    qtbot.waitUntil(lambda: "is not connected" in window.statusBar().currentMessage(), timeout=3000)
    window.undo_stack.undo()
    window.undo_stack.push(AddNodeCommand(window.graph, "variable", value=1.0))
    window.scene.evaluator.refresh()
    assert window.statusBar().currentMessage() == "Added variable x"  # the edit says what it did


def test_another_message_stays_when_the_graph_evaluates(window, qtbot):
    window.undo_stack.push(AddNodeCommand(window.graph, "variable", value=1.0))
    window.scene.evaluator.refresh()
    window.undo_stack.push(AddNodeCommand(window.graph, "variable", value=2.0))
    window.status.show("Saved somewhere")
    window.scene.evaluator.refresh()
    assert window.statusBar().currentMessage() == "Saved somewhere"


@pytest.mark.parametrize("keys", ["Ctrl+Y", "Ctrl+Shift+Z"])
def test_redo_keys(window, qtbot, keys):
    from PySide6.QtCore import Qt

    window.undo_stack.push(AddNodeCommand(window.graph, "op", "sin"))
    window.view.setFocus()
    qtbot.keyClick(window.view, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    assert len(window.graph) == 0
    modifiers = Qt.KeyboardModifier.ControlModifier
    if "Shift" in keys:
        modifiers |= Qt.KeyboardModifier.ShiftModifier
    qtbot.keyClick(window.view, Qt.Key.Key_Y if keys.endswith("Y") else Qt.Key.Key_Z, modifiers)
    assert len(window.graph) == 1


def test_examples_have_titles_and_save_as_offers_the_examples_file_name(window, monkeypatch):
    titles = [a.text().split(" ", 1)[1] for a in window.examples_menu.actions()]  # ("&5 Linear model…": a mnemonic)
    assert "Linear model: ‖y − Φθ‖²" in titles and not any("_" in t for t in titles)
    example = next(p for p in example_files() if p.name == "05_linear_model.json")
    assert window.files.open_example(example)
    assert "Linear model" in window.shown_title() and "Linear model" in window.statusBar().currentMessage()
    offered = []
    monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda _w, _t, start, _f: (offered.append(start), ("", ""))[1])
    assert not window.files.save_as()
    assert offered and offered[0].endswith("05_linear_model.json")


def test_a_bad_file_is_named_once_in_its_message(window, tmp_path, monkeypatch):
    shown = []
    monkeypatch.setattr(window.files, "show_error", lambda title, message: shown.append(message))
    bad = tmp_path / "trunc.json"
    bad.write_text('{"format": "graphviz_app", "nodes": [', "utf-8")
    assert not window.files.open_path(bad, ask=False)
    assert shown and shown[0].count("trunc.json") == 1 and "line 1" in shown[0]


def test_a_missing_file_is_said_as_everywhere_else(window, tmp_path, errors):
    """The editor words a file it cannot read as grad and export do (as a sentence in its box)."""
    missing = tmp_path / "gone.json"
    assert not window.files.open_path(missing, ask=False)
    assert errors == [f'No such file: "{missing}"']


def answer_save_dialog(monkeypatch, *names):
    """QFileDialog.getSaveFileName returns names one after the other, then "" (cancelled); the start offered each time is kept."""
    offered, queue = [], list(names)
    monkeypatch.setattr(
        QFileDialog,
        "getSaveFileName",
        lambda _w, _t, start, _f: (offered.append(start), (queue.pop(0) if queue else "", ""))[1],
    )
    return offered


def answer_replace(monkeypatch, answer):
    asked = []

    def question(_parent, _title, text, *_args):
        asked.append(text)
        return answer

    monkeypatch.setattr(QMessageBox, "question", question)
    return asked


def test_save_as_a_name_without_suffix_asks_before_replacing_its_json_file(window, tmp_path, monkeypatch):
    window.graph.replace_with(sample_graph())
    existing = tmp_path / "model.json"
    existing.write_text("keep me", "utf-8")
    offered = answer_save_dialog(monkeypatch, str(tmp_path / "model"))
    asked = answer_replace(monkeypatch, QMessageBox.StandardButton.No)
    assert not window.files.save_as()
    assert existing.read_text("utf-8") == "keep me" and window.files.path is None
    assert len(asked) == 1 and "model.json already exists" in asked[0]
    assert offered == [offered[0], str(existing)]  # No: the file chooser again, at the name that exists

    answer_save_dialog(monkeypatch, str(tmp_path / "model"))
    answer_replace(monkeypatch, QMessageBox.StandardButton.Yes)
    assert window.files.save_as()
    assert len(fileformat.load(existing)) == 2 and window.shown_title().startswith("model.json —")


def test_save_as_a_new_name_adds_json_without_asking(window, tmp_path, monkeypatch):
    window.graph.replace_with(sample_graph())
    answer_save_dialog(monkeypatch, str(tmp_path / "fresh"))
    asked = answer_replace(monkeypatch, QMessageBox.StandardButton.No)
    assert window.files.save_as()
    assert asked == [] and len(fileformat.load(tmp_path / "fresh.json")) == 2
    (tmp_path / "other.json").write_text("the chooser asked about this one itself", "utf-8")
    answer_save_dialog(monkeypatch, str(tmp_path / "other.json"))
    assert window.files.save_as() and asked == []
