"""A value that became nan: the status bar and the card say where it began and why."""

import numpy as np

from graphviz_app.core.expr import parse_expression
from graphviz_app.core.fileformat import save


def test_the_status_bar_and_the_card_say_why(window, qtbot, tmp_path):
    g = parse_expression("log(x)", {"x": np.asarray(-1.0)})
    save(g, tmp_path / "log.json")
    window.files.open_path(str(tmp_path / "log.json"), ask=False)
    message = "log gets x = −1: log is defined for positive numbers only; its value is nan"
    qtbot.waitUntil(lambda: window.statusBar().currentMessage() == message)
    card = window.scene.node_item(window.graph.output)
    assert card.state.preview == "nan" and card.toolTip() == message
    window.graph.set_value(window.graph.find("x"), 2.0)  # fixed: the card says its usual tip
    qtbot.waitUntil(lambda: card.state.warning is None)
    assert "log" in card.toolTip() and "defined" not in card.toolTip()
