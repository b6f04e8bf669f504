"""SVG and PDF keep text as text, with font names other programs understand, and the canvas's labels."""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET

from PySide6.QtGui import QFontDatabase, QImage, QPainter
from PySide6.QtSvg import QSvgRenderer
from test_export_support import LINEAR, make_scene, not_blank, qimage_pixels

from graphviz_app.core import engine
from graphviz_app.export.save import ExportSettings, export_still
from graphviz_app.export.svgfonts import fix_font_families
from graphviz_app.ui.animation.overlay_builder import backward_overlay

GENERIC = ("sans-serif", "serif", "monospace")


def svg_of(drawn_scene, tmp_path, step=None):
    scene = make_scene(drawn_scene, LINEAR)
    if step is not None:
        scene.overlay_presenter.show(backward_overlay(scene.graph, engine.backward(scene.graph), step, "numerator"))
    path = tmp_path / "d.svg"
    export_still(scene, path, ExportSettings("svg"))
    return path


def test_every_font_list_names_an_installed_font_and_ends_with_a_generic_family(drawn_scene, tmp_path):
    text = svg_of(drawn_scene, tmp_path).read_text(encoding="utf-8")
    families = set(re.findall(r'font-family="([^"]*)"', text))
    assert families
    installed = set(QFontDatabase.families())
    for value in families:
        names = [n.strip().strip("'") for n in value.split(",")]
        assert names[-1] in GENERIC, value
        assert names[0] in installed, value  # not Qt's private alias "Sans Serif"
    assert 'font-family="Sans Serif"' not in text


def test_svg_text_has_the_shapes_and_gradient_labels_of_the_canvas(drawn_scene, tmp_path):
    root = ET.parse(svg_of(drawn_scene, tmp_path, step=2)).getroot()
    text = " ".join("".join(e.itertext()) for e in root.iter() if e.tag.endswith("text"))
    assert "ℝ⁴ˣ²" in text and "ℝ⁴" in text  # node footers and edge shape labels
    compact = "".join(text.split())  # Qt may split a label into runs, one per font it falls back to
    assert "∂L/∂θ1×2" in compact and "step3/4" in compact  # the step's gradient labels and title


def test_svg_still_draws_after_the_font_rewrite(drawn_scene, tmp_path):
    renderer = QSvgRenderer(str(svg_of(drawn_scene, tmp_path)))
    assert renderer.isValid()
    image = QImage(renderer.defaultSize(), QImage.Format.Format_ARGB32)
    image.fill(0xFFFFFFFF)
    painter = QPainter(image)
    renderer.render(painter)
    painter.end()
    assert not_blank(qimage_pixels(image))


def test_font_lists_are_rewritten_once_and_keep_explicit_names(qapp):
    svg = '<text font-family="Sans Serif">a</text><text font-family="DejaVu Sans,Noto Sans Math,sans-serif">b</text>'
    fixed = fix_font_families(svg)
    assert 'font-family="DejaVu Sans, Noto Sans Math, sans-serif"' in fixed
    assert "Sans Serif" not in fixed and fixed.count("sans-serif") == 2
    assert fix_font_families(fixed) == fixed
