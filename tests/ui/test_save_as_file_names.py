"""Save As follows the one rule of diagram file names that g.save and `graphviz-app train -o`
follow (export.formats.diagram_named): a name of another kind of file (model.pt, notes.txt,
run.ipynb) is refused in the same words and the chooser comes back offering NAME.json; a name
with a dot of its own (model_lr0.01) gets .json added. So every file the window saves is one
that Open and a drop on the window read again. A picture's name ("diagram.png") gets its own words:
Save writes the diagram file, pictures come from File → Export…"""

import pytest
from PySide6.QtWidgets import QFileDialog, QMessageBox
from ui.test_file_drops import drop_on, files_mime

from graphviz_app.core import fileformat
from graphviz_app.core.graph import Graph
from graphviz_app.export.formats import ExportError, diagram_named


@pytest.fixture
def errors(window):
    said = []
    window.files.show_error = lambda title, message: said.append((title, message))
    return said


@pytest.fixture
def drawn(window):
    g = Graph()
    x = g.add_node("variable", name="x", value=1.0, pos=(0, 0))
    s = g.add_node("op", "sin", pos=(200, 0))
    g.connect(x, s, 0)
    window.open_graph(g, title="Untitled")
    yield window
    window.undo_stack.setClean()


def answer_save_dialog(monkeypatch, *names):
    """The file chooser returns names one after the other, then "" (cancelled); what it offered is kept."""
    offered, queue = [], list(names)
    monkeypatch.setattr(
        QFileDialog,
        "getSaveFileName",
        lambda _w, _t, start, _f: (offered.append(start), (queue.pop(0) if queue else "", ""))[1],
    )
    return offered


@pytest.mark.parametrize("name", ["model.pt", "notes.txt", "run.ipynb", "table.CSV"])
def test_another_kind_of_files_name_is_refused_in_g_saves_words(drawn, errors, tmp_path, monkeypatch, name):
    offered = answer_save_dialog(monkeypatch, str(tmp_path / name))
    assert not drawn.files.save_as()  # (then cancelled)
    assert not (tmp_path / name).exists()
    with pytest.raises(ExportError) as refused:
        diagram_named(tmp_path / name, "Save")
    ((title, message),) = errors
    assert title == "Not saved: not a diagram file's name"
    assert message.startswith(refused.value.message)  # the rule's own words ...
    assert f"write {tmp_path / name.split('.')[0]}.json" in message  # ... naming the file to write instead
    assert offered[1] == str(tmp_path / f"{name.split('.')[0]}.json")  # the chooser again, at that name
    assert drawn.files.path is None and drawn.shown_title().startswith("Untitled")


def test_a_dot_of_the_names_own_gets_json_added(drawn, errors, tmp_path, monkeypatch):
    answer_save_dialog(monkeypatch, str(tmp_path / "model_lr0.01"))
    assert drawn.files.save_as() and errors == []
    assert len(fileformat.load(tmp_path / "model_lr0.01.json")) == 2
    assert not (tmp_path / "model_lr0.01").exists()
    assert drawn.shown_title().startswith("model_lr0.01.json")


def test_json_added_asks_before_replacing_that_file(drawn, errors, tmp_path, monkeypatch):
    (tmp_path / "run.1.json").write_text("{}", encoding="utf-8")
    asked = []
    monkeypatch.setattr(
        QMessageBox, "question", lambda _w, _t, text, *_a: (asked.append(text), QMessageBox.StandardButton.No)[1]
    )
    offered = answer_save_dialog(monkeypatch, str(tmp_path / "run.1"))
    assert not drawn.files.save_as()
    assert len(asked) == 1 and "run.1.json already exists" in asked[0]
    assert offered[1] == str(tmp_path / "run.1.json") and (tmp_path / "run.1.json").read_text() == "{}"


def test_the_file_saved_from_a_refused_name_drops_back_on_the_window(drawn, errors, tmp_path, monkeypatch, qtbot):
    answer_save_dialog(monkeypatch, str(tmp_path / "model.pt"), str(tmp_path / "model.json"))
    assert drawn.files.save_as()
    saved = tmp_path / "model.json"
    drawn.open_graph(Graph(), title="Untitled")
    assert drop_on(drawn.view.viewport(), files_mime(saved))
    qtbot.waitUntil(lambda: drawn.files.path == saved.resolve(), timeout=3000)
    assert len(drawn.graph) == 2


@pytest.mark.parametrize("name", ["diagram.png", "diagram.SVG", "diagram.pdf", "diagram.gif"])
def test_a_picture_name_is_refused_and_the_chooser_offers_the_diagram_name(drawn, errors, tmp_path, monkeypatch, name):
    offered = answer_save_dialog(monkeypatch, str(tmp_path / name))
    assert not drawn.files.save_as()  # (then cancelled)
    assert not (tmp_path / name).exists()
    ((title, message),) = errors
    assert f"{name} is a picture's name" in message and "File → Export…" in message
    assert "diagram.json" in message
    assert offered[1] == str(tmp_path / "diagram.json")  # the chooser again, at the diagram's name
    assert drawn.files.path is None and drawn.shown_title().startswith("Untitled")


def test_choosing_the_offered_name_then_saves(drawn, errors, tmp_path, monkeypatch):
    answer_save_dialog(monkeypatch, str(tmp_path / "diagram.png"), str(tmp_path / "diagram.json"))
    assert drawn.files.save_as()
    assert len(fileformat.load(tmp_path / "diagram.json")) == 2
    assert not (tmp_path / "diagram.png").exists()
    assert drawn.statusBar().currentMessage() == f"Saved {tmp_path / 'diagram.json'}"


def test_a_name_ending_in_png_json_is_a_diagram(drawn, errors, tmp_path, monkeypatch):
    answer_save_dialog(monkeypatch, str(tmp_path / "diagram.png.json"))
    assert drawn.files.save_as() and errors == []
    assert len(fileformat.load(tmp_path / "diagram.png.json")) == 2


@pytest.mark.parametrize("after", ["/", "/ "])
def test_a_name_ending_in_a_slash_is_a_folder_not_a_diagram_file(drawn, errors, tmp_path, monkeypatch, after):
    typed = str(tmp_path / "runs") + after
    offered = answer_save_dialog(monkeypatch, typed)
    assert not drawn.files.save_as()  # (then cancelled)
    ((title, message),) = errors
    assert title == "Not saved: no folder there"
    assert f'"{typed.rstrip()}" names a folder, which does not exist: create the folder first' in message
    assert f"e.g. {tmp_path / 'diagram.json'}." in message  # (in a folder that exists: no second error)
    assert "Save writes" not in message  # (not a wrong kind of file: no word about .json files)
    assert offered[1] == str(tmp_path / "diagram.json")  # the chooser again, at the name the message gives
    assert not (tmp_path / "runs.json").exists() and not (tmp_path / "runs").exists()


def test_a_folder_with_a_space_after_its_slash_names_no_file_and_no_empty_name(drawn, errors, tmp_path, monkeypatch):
    (tmp_path / "runs").mkdir()
    answer_save_dialog(monkeypatch, str(tmp_path / "runs") + "/ ")
    assert not drawn.files.save_as()  # (then cancelled)
    ((title, message),) = errors
    assert "names no file (only spaces)" in message and f"e.g. {tmp_path / 'runs' / 'diagram.json'}" in message
    assert message.endswith("so nothing was saved.") and "the name  " not in message
    assert sorted(p.name for p in tmp_path.rglob("*")) == ["runs"]


def test_a_name_under_a_folder_the_system_will_not_look_into_is_refused_not_a_crash(
    drawn, errors, tmp_path, monkeypatch
):
    """A path the system refuses to look up (here a name too long; a folder without the right to
    enter it alike): said as a folder not there, never a traceback out of Save As."""
    typed = tmp_path / ("a" * 300) / "sub" / "d.json"
    offered = answer_save_dialog(monkeypatch, str(typed))
    assert not drawn.files.save_as()  # (then cancelled)
    ((title, message),) = errors
    assert title == "Not saved: no folder there" and message.startswith("d.json was not saved: the folder")
    assert offered[1] == str(tmp_path / "d.json")


@pytest.mark.parametrize("name", ["   ", "runs/ .json"])
def test_a_name_of_spaces_only_is_refused_and_the_chooser_comes_back(drawn, errors, tmp_path, monkeypatch, name):
    (tmp_path / "runs").mkdir()
    offered = answer_save_dialog(monkeypatch, str(tmp_path / name))
    assert not drawn.files.save_as()  # (then cancelled)
    ((title, message),) = errors
    assert "names no file (only spaces)" in message
    assert offered[1] == offered[0]  # the chooser again, where it was
    assert sorted(p.name for p in tmp_path.rglob("*")) == ["runs"]  # nothing written


def test_a_missing_folder_is_named_and_the_chooser_comes_back_where_a_folder_exists(
    drawn, errors, tmp_path, monkeypatch
):
    offered = answer_save_dialog(monkeypatch, str(tmp_path / "nowhere" / "deeper" / "a.json"))
    assert not drawn.files.save_as()  # (then cancelled)
    ((title, message),) = errors
    assert message == (
        f'a.json was not saved: the folder "{tmp_path / "nowhere" / "deeper"}" does not exist: create it first, '
        "or save in a folder that exists."
    )
    assert "No such file" not in message and "Save writes" not in message
    assert offered[1] == str(tmp_path / "a.json")  # the chooser again, in the nearest folder that exists
    assert sorted(tmp_path.iterdir()) == [] and drawn.files.path is None


def test_a_file_in_the_way_is_named_as_a_file(drawn, errors, tmp_path, monkeypatch):
    (tmp_path / "m.json").write_text("{}")
    offered = answer_save_dialog(monkeypatch, str(tmp_path / "m.json" / "a.json"))
    assert not drawn.files.save_as()
    ((title, message),) = errors
    assert f'"{tmp_path / "m.json"}" is a file, not a folder: "a.json" cannot be saved inside it' in message
    assert "Not a directory" not in message
    assert offered[1] == str(tmp_path / "a.json") and (tmp_path / "m.json").read_text() == "{}"
