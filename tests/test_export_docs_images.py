"""The README's pictures exist, are modest in size, were made by the export command, and show what the canvas shows."""

from __future__ import annotations

import re
import shlex
import sys

import numpy as np
import pytest
from PIL import Image
from test_export_support import EXAMPLES, ROOT, make_scene, pixels

from graphviz_app.export import render
from graphviz_app.ui.canvas.node_item import FOOTER

sys.path.insert(0, str(ROOT / "docs"))
import make_images  # noqa: E402

from graphviz_app.ui.canvas.node_item import card_scene_rect

README = (ROOT / "README.md").read_text(encoding="utf-8")
SECTION = README.split("## Pictures", 1)[1].split("\n## ", 1)[0] if "## Pictures" in README else ""
SHOWN = re.findall(r"!\[[^\]]+\]\((docs/images/[^)]+)\)", SECTION)
MADE = {name: (example, extra) for name, example, extra, _ in make_images.IMAGES}


def test_readme_shows_two_to_four_pictures_that_exist_and_are_small():
    assert 2 <= len(SHOWN) <= 4
    for rel in SHOWN:
        path = ROOT / rel
        assert path.is_file(), rel
        assert path.stat().st_size < 400_000, rel
        assert Image.open(path).size[0] >= 800, rel


def test_each_caption_gives_the_command_that_made_its_picture():
    commands = re.findall(r"`(graphviz-app export [^`]+)`", SECTION)
    assert len(commands) == len(SHOWN)
    for rel, command in zip(SHOWN, commands):
        name = rel.rsplit("/", 1)[1]
        example, extra = MADE[name]  # made by docs/make_images.py
        words = shlex.split(command)
        assert words[2] == f"resources/examples/{example}" and (EXAMPLES / example).is_file()
        assert words[words.index("-o") + 1] == name
        assert words[words.index("-o") + 2 :] == extra


@pytest.mark.parametrize("name", ["linear_model.png", "two_layer_network.png"])
def test_pictures_show_the_node_footers_the_canvas_draws(drawn_scene, name):
    """Each node's footer (its value's shape and preview) is drawn, not left empty."""
    example, extra = MADE[name]
    scale = float(extra[extra.index("--scale") + 1])
    scene = make_scene(drawn_scene, EXAMPLES / example)
    source = render.export_rect(scene)
    arr = pixels(ROOT / "docs" / "images" / name)
    assert arr.shape[:2] == (round(source.height() * scale), round(source.width() * scale))
    for nid, item in scene.node_items().items():
        card = card_scene_rect(item)
        top = int((card.bottom() - FOOTER + 3 - source.top()) * scale)
        bottom = int((card.bottom() - 3 - source.top()) * scale)
        left = int((card.left() + 6 - source.left()) * scale)
        right = int((card.right() - 6 - source.left()) * scale)
        footer = arr[top:bottom, left:right, :3]
        assert np.ptp(footer) > 60, f"{name}: the footer of {nid} is empty"
