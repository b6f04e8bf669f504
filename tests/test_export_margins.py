"""Every example, plain and at each backward step, is exported whole: a clear margin on all four sides."""

from __future__ import annotations

import numpy as np
import pytest
from test_export_support import EXAMPLES, make_scene, qimage_pixels

from graphviz_app.core import engine
from graphviz_app.export import render
from graphviz_app.export.frames import backward_overlays
from graphviz_app.export.render import MARGIN

EXAMPLE_FILES = sorted(EXAMPLES.glob("*.json"))


def border_is_empty(arr: np.ndarray, background, width: int) -> bool:
    bands = [arr[:width], arr[-width:], arr[:, :width], arr[:, -width:]]
    return all((band[..., :3] == background).all() for band in bands)


@pytest.mark.parametrize("path", EXAMPLE_FILES, ids=lambda p: p.stem)
def test_nothing_is_clipped_plain_or_at_any_step(drawn_scene, path):
    scene = make_scene(drawn_scene, path)
    background = np.array(render.background_color(scene).getRgb()[:3])
    scale = 2
    width = int((MARGIN - 6) * scale)  # antialiased glows may reach a few units into the margin
    arr = qimage_pixels(render.render_image(scene, render.export_rect(scene), scale))
    assert border_is_empty(arr, background, width), f"{path.name}: drawing reaches the edge"
    graph = scene.graph
    evaluation = engine.evaluate(graph)
    seed = None if evaluation.shape(graph.output) == () else "jacobian"
    for k, overlay in enumerate(backward_overlays(graph, engine.backward(graph, seed=seed), "numerator")):
        scene.overlay_presenter.show(overlay)
        arr = qimage_pixels(render.render_image(scene, render.export_rect(scene), scale))
        assert border_is_empty(arr, background, width), f"{path.name} step {k}: drawing reaches the edge"
