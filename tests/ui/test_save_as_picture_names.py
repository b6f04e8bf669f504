"""Save As with a picture's name ("diagram.png"): nothing is written under that name (it would be
JSON in a .png); a message says that Save writes the diagram file and that pictures come from
File → Export…, and the file chooser opens again offering diagram.json."""

import pytest
from PySide6.QtWidgets import QFileDialog

from graphviz_app.core import fileformat
from graphviz_app.core.graph import Graph


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
