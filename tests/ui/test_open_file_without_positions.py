"""A file that gives its nodes no places (written by hand or by a script: "pos" left out, or every
node at one spot) opens laid out, not as a pile of cards with all but one hidden; a file with a
layout of its own keeps it. The window and `graphviz-app export` agree."""

import json
from itertools import combinations

from PySide6.QtGui import QImage

from graphviz_app.cli import main
from graphviz_app.core import fileformat, sample_graphs
from graphviz_app.core.autolayout import lay_out_if_piled


def hand_written(tmp_path):
    """y = sin(x) · x, as a person writes it: no positions."""
    text = {
        "format": "graphviz_app",
        "version": 1,
        "nodes": [
            {"id": "x", "kind": "variable", "name": "x", "value": 0.5},
            {"id": "s", "kind": "op", "op": "sin"},
            {"id": "y", "kind": "op", "op": "mul", "name": "y"},
        ],
        "edges": [
            {"from": "x", "to": "s", "port": 0},
            {"from": "s", "to": "y", "port": 0},
            {"from": "x", "to": "y", "port": 1},
        ],
    }
    path = tmp_path / "hand.json"
    path.write_text(json.dumps(text), encoding="utf-8")
    return path


def card_rects(window):
    return {nid: item.sceneBoundingRect() for nid, item in window.scene.node_items().items()}


def test_a_file_without_positions_opens_laid_out_and_unmodified(window, tmp_path):
    assert window.files.open_path(hand_written(tmp_path), ask=False)
    rects = card_rects(window)
    assert len(rects) == 3
    for a, b in combinations(rects.values(), 2):
        assert not a.intersects(b)  # every card in sight, none under another
    assert "laid out as Auto Layout does" in window.statusBar().currentMessage()
    assert window.undo_stack.isClean()  # (nothing for the user to save or undo)


def test_a_file_with_its_own_layout_keeps_it(window, tmp_path):
    g = sample_graphs.branching_chains(2, 3)
    for i, nid in enumerate(g.node_ids()):
        g.move(nid, (0.0, 0.0) if i < 2 else (300.0 * i, 40.0))  # two cards piled on purpose
    path = tmp_path / "mine.json"
    fileformat.save(g, path)
    assert window.files.open_path(path, ask=False)
    assert {nid: window.graph.node(nid).pos for nid in g.node_ids()} == {nid: g.node(nid).pos for nid in g.node_ids()}
    assert "Auto Layout" not in window.statusBar().currentMessage()


def test_a_large_pile_opens_quickly_and_laid_out():
    """2000 cards on one spot: labels were placed against the whole pile (a minute per edit)."""
    g = sample_graphs.branching_chains(20, 50)
    assert lay_out_if_piled(g)
    assert len({g.node(nid).pos for nid in g.node_ids()}) == len(g)
    assert not lay_out_if_piled(g)  # (laid out now: left as it is)


def test_export_lays_out_a_file_without_positions(qapp, tmp_path, capsys):
    """(In this process: test_export_command runs the command as a program.)"""
    out = tmp_path / "hand.png"
    code = main(["export", str(hand_written(tmp_path)), "-o", str(out)])
    assert code == 0, capsys.readouterr().err
    image = QImage(str(out))
    assert image.width() > 2 * image.height()  # three cards laid out across, not one card's worth
