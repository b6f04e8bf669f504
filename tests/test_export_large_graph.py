"""A 1000-node diagram at 4×: accepted (streamed in bands), and its text is drawn large and sharp."""

from __future__ import annotations

import numpy as np
import pytest
from PIL import Image
from PySide6.QtCore import QRectF

from graphviz_app.core.autolayout import apply_layout
from graphviz_app.core.graph import Graph
from graphviz_app.core.sample_graphs import scalar_chains
from graphviz_app.export import bigpng, render, save
from graphviz_app.ui.canvas.drawing_scene import drawing_scene
from graphviz_app.ui.canvas.node_item import card_scene_rect


def thousand_nodes() -> Graph:
    """250 variables through sin → tanh chains, summed pairwise to one output: 1000 nodes."""
    g = scalar_chains(250, lambda i: (i % 7) / 7 - 0.5, lambda _i: ("sin", "tanh"))
    apply_layout(g)
    return g


@pytest.fixture(scope="module")
def big_scene(qapp):
    with drawing_scene(thousand_nodes()) as scene:  # (destroyed after the module's tests, on this thread)
        yield scene


def test_the_whole_graph_at_4x_is_accepted_as_a_streamed_png(big_scene):
    assert len(big_scene.graph) >= 1000
    source = render.export_rect(big_scene)
    size = render.pixel_size(source, 4, limit=bigpng.MAX_PIXELS)  # raises ExportError when refused
    assert size.width() * size.height() > save.BIG_PNG_PIXELS  # so export_still writes it in bands
    # every node lies inside the exported region, with the margin
    for item in big_scene.node_items().values():
        assert source.adjusted(render.MARGIN - 1, render.MARGIN - 1, 1 - render.MARGIN, 1 - render.MARGIN).contains(
            item.sceneBoundingRect()
        )


def test_band_of_the_4x_png_has_large_sharp_text(big_scene, tmp_path):
    """The top band of the 4× picture, cut to one node: its name is tens of pixels tall, with crisp edges."""
    item = big_scene.node_item(next(iter(big_scene.node_items())))
    card = card_scene_rect(item)
    source = QRectF(card.left() - 8, card.top() - 8, card.width() + 16, card.height() + 16)
    path = tmp_path / "node.png"
    bigpng.write_banded_png(big_scene, source, str(path), 4, band_rows=64)  # several bands
    arr = np.asarray(Image.open(path).convert("RGB"), dtype=int)
    assert arr.shape[:2] == (round(source.height() * 4), round(source.width() * 4))
    # the value in the body: dark text on the white body
    body = arr[int((8 + 24) * 4) + 8 : int((8 + card.height() - 22) * 4) - 8, 40:-40]
    dark_rows = np.where((body.sum(axis=2) < 250).any(axis=1))[0]
    assert dark_rows.size and dark_rows.max() - dark_rows.min() >= 28  # text ≥ 28 px tall at 4×
    # sharp: most text pixels are fully dark or fully light, few grey blur pixels
    grey = ((body.sum(axis=2) > 200) & (body.sum(axis=2) < 600)).sum()
    dark = (body.sum(axis=2) <= 200).sum()
    assert dark > grey
