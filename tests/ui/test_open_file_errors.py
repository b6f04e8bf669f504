"""The window's "Cannot open the file" box says what `graphviz-app grad` and `ga.load` say about
the same file: nodes named as their cards, with the file's ids, and the line."""

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
    assert seen == [str(info.value)] == [f'no such file: "{path}"']
