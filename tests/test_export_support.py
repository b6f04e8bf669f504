"""Shared by the export tests: the examples as scenes, image statistics."""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np
from PIL import Image

ROOT = Path(__file__).resolve().parent.parent
EXAMPLES = ROOT / "resources" / "examples"
LINEAR = EXAMPLES / "05_linear_model.json"
TWO_LAYER = EXAMPLES / "07_two_layer_network.json"


def make_scene(drawn_scene, path: Path = LINEAR):
    """The scene of the file at path, made by the drawn_scene fixture (destroyed at the test's end)."""
    from graphviz_app.core.fileformat import load

    return drawn_scene(load(path))


def pixels(path_or_image) -> np.ndarray:
    """RGBA pixels of a PNG file (first frame) or a PIL image, as an int array (int32: exact for any
    sum, difference or square of pixel values, and half the time of int64 on a 2× picture)."""
    image = path_or_image if isinstance(path_or_image, Image.Image) else Image.open(path_or_image)
    return np.asarray(image.convert("RGBA")).astype(np.int32)


def qimage_pixels(image) -> np.ndarray:
    from graphviz_app.export.frames import to_pil

    return pixels(to_pil(image))


def not_blank(arr: np.ndarray) -> bool:
    """Real drawing, not one flat colour: plenty of variance and several distinct colours."""
    rgb = arr[..., :3].reshape(-1, 3)
    return rgb.std() > 10 and len(np.unique(rgb[:: max(1, len(rgb) // 20000)], axis=0)) > 20


def tall_diagram(folder, stretch: float = 100.0):
    """Branching chains laid out, then stretched `stretch` times downwards: about 700 × stretch
    units tall (70,000 at 100: taller than viewers take even at --scale 0.5), in few cards (fast)."""
    from graphviz_app.core import fileformat
    from graphviz_app.core.autolayout import apply_layout
    from graphviz_app.core.sample_graphs import branching_chains

    graph = branching_chains(3, 2)
    apply_layout(graph)
    for nid in graph.node_ids():
        x, y = graph.node(nid).pos
        graph.move(nid, (x, y * stretch))
    path = folder / "tall.json"
    fileformat.save(graph, path)
    return path


def wide_diagram(folder):
    """The linear model with its last card 17,000 units away: a picture wider than viewers take at
    2× (34,000 pixels), yet few pixels in all (fast to write)."""
    data = json.loads(LINEAR.read_text(encoding="utf-8"))
    data["nodes"][-1]["pos"] = [17_000.0, 0.0]
    path = folder / "wide.json"
    path.write_text(json.dumps(data), encoding="utf-8")
    return path
