"""Export renders the canvas scene: PNG at 1×/2×/4×, SVG, PDF, with the animation's overlay."""

from __future__ import annotations

import xml.etree.ElementTree as ET

import numpy as np
import pytest
from PIL import Image
from test_export_support import LINEAR, make_scene, not_blank, pixels, qimage_pixels

from graphviz_app.core import engine
from graphviz_app.export import render
from graphviz_app.export.formats import ExportError
from graphviz_app.export.save import ExportSettings, export_still
from graphviz_app.ui.animation.overlay_builder import backward_overlay


@pytest.fixture
def scene(drawn_scene):
    return make_scene(drawn_scene, LINEAR)


def _node_box(scene, source, node_id, scale):
    """The node's rect in image pixels."""
    rect = scene.node_item(node_id).sceneBoundingRect()
    left = int((rect.left() - source.left()) * scale)
    top = int((rect.top() - source.top()) * scale)
    return left, top, int(rect.width() * scale), int(rect.height() * scale)


def test_png_sizes_follow_the_scale_and_are_drawn(scene, tmp_path):
    sizes = {}
    for scale in (1, 2, 4):
        path = tmp_path / f"x{scale}.png"
        export_still(scene, path, ExportSettings("png", scale=scale))
        image = Image.open(path)
        sizes[scale] = image.size
        assert not_blank(pixels(image))
        assert image.info["dpi"][0] == pytest.approx(96 * scale, abs=0.5)
    w1, h1 = sizes[1]
    assert w1 > 300 and h1 > 100
    for scale in (2, 4):
        assert abs(sizes[scale][0] - scale * w1) <= scale and abs(sizes[scale][1] - scale * h1) <= scale


def test_high_resolution_is_drawn_not_upscaled(scene):
    """A 4× export has more detail than the 1× one blown up: text edges are drawn at 4×."""
    source = render.export_rect(scene)
    small = render.render_image(scene, source, 1)
    big = qimage_pixels(render.render_image(scene, source, 4))
    blown_up = pixels(
        Image.fromarray(qimage_pixels(small).astype(np.uint8)).resize(
            (big.shape[1], big.shape[0]), Image.Resampling.NEAREST
        )
    )
    assert big.shape == blown_up.shape
    # where the 1× picture has flat 4×4 blocks, the 4× picture has finer structure
    assert np.abs(big - blown_up).mean() > 1.0


def test_text_keeps_its_size_relative_to_nodes(scene):
    """Fonts are laid out at screen dpi: at 4× a node's text stays inside the node."""
    source = render.export_rect(scene)
    for scale in (1, 4):
        arr = qimage_pixels(render.render_image(scene, source, scale))
        x, y, w, h = _node_box(scene, source, "n2", scale)
        inside = arr[y + 2 : y + h - 2, x + 2 : x + w - 2, :3]
        assert not_blank(inside)


def test_backward_step_is_drawn_like_the_canvas_shows_it(scene):
    graph = scene.graph
    trace = engine.backward(graph)
    source = render.export_rect(scene)
    plain = qimage_pixels(render.render_image(scene, source, 1))
    scene.overlay_presenter.show(backward_overlay(graph, trace, 2, "numerator"))  # step 2 makes matmul n4 active
    source_step = render.export_rect(scene)
    step = qimage_pixels(render.render_image(scene, source_step, 1))
    x, y, w, h = _node_box(scene, source, "n4", 1)
    xs, ys, _, _ = _node_box(scene, source_step, "n4", 1)
    around_plain = plain[y - 4 : y + h + 4, x - 4 : x + w + 4]
    around_step = step[ys - 4 : ys + h + 4, xs - 4 : xs + w + 4]
    assert around_plain.shape == around_step.shape
    assert np.abs(around_plain - around_step).mean() > 3  # the active node's ring and colours
    # the overlay's title and badges make the step's picture taller than the plain one
    assert source_step.height() > source.height()


def test_selection_and_hover_are_never_drawn(scene):
    source = render.export_rect(scene)
    before = qimage_pixels(render.render_image(scene, source, 1))
    scene.select_nodes(["n4", "n2"])
    after = qimage_pixels(render.render_image(scene, source, 1))
    assert np.array_equal(before, after)
    assert sorted(scene.selected_node_ids()) == ["n2", "n4"]  # the selection is given back


def test_selection_region_is_the_selected_nodes_only(scene):
    whole = render.export_rect(scene)
    scene.select_nodes(["n2"])
    part = render.export_rect(scene, selection=True)
    node = scene.node_item("n2").sceneBoundingRect()
    assert part.contains(node)
    assert part.width() < whole.width() / 2
    scene.clearSelection()
    with pytest.raises(ExportError, match="nothing is selected"):
        render.export_rect(scene, selection=True)


def test_transparent_and_solid_backgrounds(scene, tmp_path):
    export_still(scene, tmp_path / "t.png", ExportSettings("png", transparent=True))
    export_still(scene, tmp_path / "s.png", ExportSettings("png"))
    transparent, solid = pixels(tmp_path / "t.png"), pixels(tmp_path / "s.png")
    assert transparent[0, 0, 3] == 0 and solid[0, 0, 3] == 255
    assert transparent[..., 3].max() == 255  # the nodes themselves are opaque
    assert scene.backgroundBrush().style() != 0  # the canvas keeps its own background


def test_empty_diagram_is_refused(drawn_scene, tmp_path):
    from graphviz_app.core.graph import Graph

    scene = drawn_scene(Graph())
    with pytest.raises(ExportError, match="empty"):
        export_still(scene, tmp_path / "e.png", ExportSettings("png"))
    assert list(tmp_path.iterdir()) == []


def test_svg_is_xml_with_the_node_names(scene, tmp_path):
    path = tmp_path / "d.svg"
    export_still(scene, path, ExportSettings("svg"))
    root = ET.parse(path).getroot()
    assert root.tag.endswith("svg")
    text = " ".join("".join(e.itertext()) for e in root.iter() if e.tag.endswith("text"))
    for name in ("Φ", "θ", "matmul", "sqnorm"):  # Phi and theta as their cards show them
        assert name in text
    source = render.export_rect(scene)
    assert root.get("viewBox") == f"0 0 {int(source.width())} {int(source.height())}"


def test_pdf_is_one_vector_page_of_the_diagrams_size(scene, tmp_path):
    path = tmp_path / "d.pdf"
    export_still(scene, path, ExportSettings("pdf"))
    data = path.read_bytes()
    assert data.startswith(b"%PDF")
    source = render.export_rect(scene)
    box = data.split(b"/MediaBox [", 1)[1].split(b"]", 1)[0].split()
    width, height = float(box[2]), float(box[3])
    assert width == pytest.approx(source.width() * 0.75, abs=1.5)
    assert height == pytest.approx(source.height() * 0.75, abs=1.5)
    assert b"/Subtype /Image" not in data  # vector: no embedded bitmap of the scene
    assert b"/Count 1" in data  # one page


def test_oversized_bitmap_is_refused_with_advice(scene):
    source = render.export_rect(scene)
    with pytest.raises(ExportError, match="smaller scale or export SVG or PDF"):
        render.render_image(scene, source, 60)


def test_banded_png_matches_the_single_image(scene, tmp_path):
    """Huge PNGs are drawn in bands: the bands join without seams into the same picture."""
    from graphviz_app.export.bigpng import write_banded_png

    scene.overlay_presenter.show(backward_overlay(scene.graph, engine.backward(scene.graph), 3, "numerator"))
    source = render.export_rect(scene)
    whole = qimage_pixels(render.render_image(scene, source, 2))
    path = tmp_path / "banded.png"
    assert write_banded_png(scene, source, str(path), 2, band_rows=37) == (whole.shape[1], whole.shape[0])
    banded = pixels(path)
    assert banded.shape == whole.shape
    assert np.abs(banded - whole).max() <= 2  # premultiplied → straight alpha rounding at most
    assert Image.open(path).info["dpi"][0] == pytest.approx(192, abs=0.5)


def test_big_png_export_goes_through_bands(scene, tmp_path, monkeypatch):
    from graphviz_app.export import save

    monkeypatch.setattr(save, "BIG_PNG_PIXELS", 1000)
    export_still(scene, tmp_path / "big.png", ExportSettings("png", scale=2))
    source = render.export_rect(scene)
    assert Image.open(tmp_path / "big.png").size == (int(source.width() * 2), int(source.height() * 2))
    assert not_blank(pixels(tmp_path / "big.png"))


def test_oversized_animation_is_refused_before_rendering(scene, monkeypatch):
    from graphviz_app.export import frames

    overlays = frames.backward_overlays(scene.graph, engine.backward(scene.graph), "numerator")
    monkeypatch.setattr(frames, "MAX_ANIMATION_PIXELS", 1_000_000)
    with pytest.raises(ExportError, match="4 frames of .* too much"):
        frames.render_frames(scene, overlays, 1)
    assert scene.overlay_presenter.overlay is None  # the canvas is left as it was
