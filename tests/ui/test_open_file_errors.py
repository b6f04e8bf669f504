"""The window's "Cannot open the file" box says what `graphviz-app grad` and `ga.load` say about
the same file: nodes named as their cards, never by the file's ids, and the line; the status bar
says the open failed (not what the last open did)."""

import pytest
from PySide6.QtWidgets import QMessageBox
from test_file_error_names import CASES
from ui.canvas_helpers import dump, when_modal

import graphviz_app as ga


@pytest.mark.parametrize("case", ["a cycle", "a bad value", "a port an op lacks"])
def test_the_cannot_open_box_names_nodes_as_the_command_line_does(window, tmp_path, case):
    text, expected = CASES[case]
    path = tmp_path / "d.json"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(ga.Error) as info:
        ga.load(path)
    before = dump(window.graph)
    seen = []
    check = when_modal(QMessageBox, lambda box: (seen.append((box.windowTitle(), box.text())), box.accept()))
    assert not window.files.open_path(path, ask=False)
    check()
    assert seen == [("Cannot open the file", str(info.value))]
    assert expected in seen[0][1]
    assert dump(window.graph) == before


def test_a_missing_file_is_said_alike(window, tmp_path):
    path = tmp_path / "gone.json"
    with pytest.raises(ga.Error) as info:
        ga.load(path)
    seen = []
    check = when_modal(QMessageBox, lambda box: (seen.append(box.text()), box.accept()))
    assert not window.files.open_path(path, ask=False)
    check()
    assert str(info.value) == f'no such file: "{path}"'  # (after the command line's "error: ")
    assert seen == [f'No such file: "{path}"']  # a sentence, as the box's other messages


def test_after_a_failed_open_the_status_bar_says_so(window, tmp_path):
    from graphviz_app.resources_path import examples_dir

    assert window.files.open_example(examples_dir() / "04_sin_of_square.json")
    assert window.statusBar().currentMessage().startswith("Opened")
    path = tmp_path / "d.json"
    path.write_text(CASES["a bad value"][0], encoding="utf-8")
    check = when_modal(QMessageBox, lambda box: box.accept())
    assert not window.files.open_path(path, ask=False)
    check()
    said = window.statusBar().currentMessage()
    assert said.startswith("Could not open d.json") and "Opened" not in said


@pytest.mark.parametrize(
    "name, data, said",
    [
        ("picture.png", b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", "this is a PNG picture, not a diagram file"),
        ("photo.json", b"\xff\xd8\xff\xe0\x00\x10JFIF", "this is a JPEG picture, not a diagram file"),
        ("notes.pdf", b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n", "this is a PDF document, not a diagram file"),
        ("blob.bin", b"\x01\x02\x00\x80\x81garbage", "not a text file"),
    ],
)
def test_a_picture_or_other_binary_file_is_named_for_what_it_is(window, tmp_path, name, data, said):
    """Opening a PNG by mistake: the box says what it is, in words; no byte codes, no "UTF-8";
    the work already open stays untouched."""
    path = tmp_path / name
    path.write_bytes(data)
    before = dump(window.graph)
    seen = []
    check = when_modal(QMessageBox, lambda box: (seen.append(box.text()), box.accept()))
    assert not window.files.open_path(path, ask=False)
    check()
    assert said in seen[0] and name in seen[0]
    assert "UTF-8" not in seen[0] and "0x" not in seen[0]
    assert dump(window.graph) == before
