"""Every bundled example opens with each wire clear of the cards it does not join, and meeting the
cards it joins only at their ports: in example 07 the wire from h ran under matmul₂'s card, came
out at port A and looped into port B, so no one could tell which wire fed which port (in the
window, in every export and in the README's picture)."""

from __future__ import annotations

import pytest
from PySide6.QtWidgets import QApplication
from ui.wire_helpers import crossings, named

from graphviz_app.resources_path import examples_dir

EXAMPLES = sorted(path.name for path in examples_dir().glob("*.json"))


def test_every_example_is_checked():
    assert len(EXAMPLES) >= 9


@pytest.mark.parametrize("name", EXAMPLES)
def test_no_wire_runs_behind_a_card_nor_into_its_ends_cards(window, name):
    assert window.files.open_path(examples_dir() / name, ask=False)
    QApplication.processEvents()
    assert len(window.scene.edge_items()) == len(window.graph.edges())
    assert named(window, crossings(window)) == []
