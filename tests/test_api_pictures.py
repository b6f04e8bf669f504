"""Pictures from Python: files, inline notebook display, the animation, the window."""

import base64
import io
import json
import re
import shutil
import subprocess

import numpy as np
import pytest
from api_helpers import linear_model, needs_ops
from PIL import Image

import graphviz_app as ga
from graphviz_app.api.window import open_window
from graphviz_app.cli import main


@pytest.fixture
def model():
    return linear_model()


def test_png_svg_pdf_files(model, tmp_path):
    png = model.to_png(tmp_path / "m.png", step=2, scale=2)
    with Image.open(png) as image:
        width, height = image.size
    with Image.open(model.to_png(tmp_path / "one.png", step=2, scale=1)) as image:
        assert width == pytest.approx(2 * image.size[0], abs=4)  # scale 2 doubles the picture
    svg = model.to_svg(tmp_path / "m.svg", step=1).read_text(encoding="utf-8")
    assert "<svg" in svg and "θ" in svg  # theta, as its card shows it
    assert model.to_pdf(tmp_path / "m.pdf").read_bytes().startswith(b"%PDF")


def test_step_counts_as_the_pictures_title_it(model, tmp_path):
    """step=3 is the picture titled "step 3 / 5", as `graphviz-app export --step 3` and the window."""
    assert "step 3 / 5" in model.to_svg(tmp_path / "s.svg", step=3).read_text(encoding="utf-8")
    assert "Step 3 of 5" in model.to_latex(step=3)
    assert any(line.startswith("  step 3: sub,") for line in repr(model.backward()).splitlines())


def test_a_file_name_says_the_format_written(model, tmp_path):
    assert model.to_png(tmp_path / "bare") == tmp_path / "bare.png"  # (as export --format names it)
    with pytest.raises(ga.Error) as error:
        model.to_svg(tmp_path / "x.png")
    assert str(error.value) == f'"{tmp_path / "x.png"}" is a PNG name but SVG was asked: write {tmp_path / "x.svg"}'
    with pytest.raises(ga.Error, match=r"\.bmp name \(not a format graphviz-app writes\)"):
        model.to_png(tmp_path / "x.bmp")
    with pytest.raises(ga.Error, match="is a DOT name but LaTeX was asked"):
        model.to_latex(path=tmp_path / "x.dot")
    with pytest.raises(ga.Error, match="is an APNG name but GIF was asked"):
        model.to_gif(tmp_path / "x.apng")
    assert sorted(p.name for p in tmp_path.iterdir()) == ["bare.png"]


def test_step_out_of_range(model, tmp_path):
    with pytest.raises(ga.Error, match=r"step 99 is out of range: the backward pass has 5 steps \(1 to 5\)"):
        model.to_png(tmp_path / "x.png", step=99)
    with pytest.raises(ga.Error, match=r"step 0 is out of range: the backward pass has 5 steps \(1 to 5\)"):
        model.to_png(tmp_path / "x.png", step=0)
    assert not (tmp_path / "x.png").exists()


@pytest.mark.parametrize(("step", "got"), [(True, "True (bool)"), ("2", "'2' (str)"), (3.0, "3.0 (float)")])
def test_step_must_be_a_whole_number(model, tmp_path, step, got):
    said = f"step must be a whole number: the backward pass has 5 steps (1 to 5); got {got}"
    with pytest.raises(ga.Error, match=f"^{re.escape(said)}$"):
        model.to_png(tmp_path / "x.png", step=step)
    assert not (tmp_path / "x.png").exists()
    assert model.to_latex(step=np.int64(2)) == model.to_latex(step=2)


def test_gif_has_one_frame_per_step(model, tmp_path):
    path = model.to_gif(tmp_path / "m.gif")
    with Image.open(path) as image:
        assert image.n_frames == len(model.backward())


def test_inline_display_in_notebooks(model):
    png, size = model._repr_png_()
    assert png.startswith(b"\x89PNG")
    with Image.open(io.BytesIO(png)) as image:  # drawn at 2×, shown at its canvas size
        assert size == {"width": image.size[0] // 2, "height": image.size[1] // 2}
    svg = model._repr_svg_()
    assert svg.lstrip().startswith("<?xml") or "<svg" in svg[:300]
    assert "Φ" in svg  # Phi, as its card shows it


def test_an_empty_graph_has_no_inline_picture_and_cannot_be_exported(tmp_path):
    g = ga.Graph()
    assert g._repr_png_() is None and g._repr_svg_() is None
    assert repr(g) == "<graphviz_app.Graph: 0 nodes>"
    with pytest.raises(ga.Error, match="the diagram is empty: there is nothing to export"):
        g.to_png(tmp_path / "empty.png")


def test_animation_html_embeds_every_frame_and_needs_no_internet(model, tmp_path):
    animation = model.animate()
    assert len(animation) == 5  # (the constants Φ and y get no step)
    html = animation._repr_html_()
    frames = re.findall(r"data:image/png;base64,([A-Za-z0-9+/=]+)", html)
    assert len(frames) >= 5
    assert base64.b64decode(frames[0]).startswith(b"\x89PNG")
    for button in ("first", "prev", "play", "next", "last"):
        assert f'data-go="{button}"' in html
    assert "Step 1 of 5" in html
    assert "http://" not in html and "https://" not in html
    with Image.open(io.BytesIO(animation.frames[0])) as image:  # drawn at 2×, shown at its canvas size
        assert f'width="{image.size[0] // 2}"' in html
    saved = animation.save(tmp_path / "a.gif")
    with Image.open(saved) as image:
        assert image.n_frames == 5
    with pytest.raises(ga.Error, match=r"is a \.mp4 name .* write .*a\.gif"):
        animation.save(tmp_path / "a.mp4")


def test_show_without_a_display_says_what_to_do(model):
    # the tests run Qt offscreen: no window can be seen there
    with pytest.raises(ga.Error, match="there is no display to open the editor window on"):
        model.show()


@needs_ops("sin")
def test_the_window_holds_a_copy_of_the_graph(qtbot):
    g = ga.trace(lambda x: np.sin(x), x=0.3)
    window = open_window(g.core, "sin")
    qtbot.addWidget(window)
    assert window.isVisible()
    assert sorted(n.name or n.op for n in window.graph.nodes()) == sorted(n.name or n.op for n in g.core.nodes())
    assert window.graph is not g.core
    before = sorted((n.id, n.name, n.op) for n in g.core.nodes())
    x = window.graph.find("x")
    window.graph.rename(x, "z")  # editing in the window leaves the caller's graph as it was
    window.graph.add_node("op", "cos")
    assert sorted((n.id, n.name, n.op) for n in g.core.nodes()) == before and g.core.find("x") == x


NODE = shutil.which("node")

# a stand-in for the browser's document: the animation's root, its image, label and buttons
_FAKE_DOM = """
const html = require("fs").readFileSync(0, "utf8");
const script = html.split("<script>")[1].split("</script>")[0];
const id = html.match(/<div id="([^"]+)"/)[1];
const img = {src: "first"}, label = {textContent: ""};
const buttons = {};
for (const go of ["first", "prev", "play", "next", "last"]) {
  buttons[go] = {getAttribute: () => go, addEventListener: (type, f) => { buttons[go].click = f; }};
}
const root = {
  querySelector: (sel) => (sel === "img" ? img : label),
  querySelectorAll: () => Object.values(buttons),
};
global.document = {getElementById: (wanted) => (wanted === id ? root : null)};
eval(script);
const seen = [];
for (const go of ["next", "next", "last", "next", "prev", "first", "prev"]) {
  buttons[go].click();
  seen.push(label.textContent.split(":")[0] + "|" + img.src.slice(-12));
}
console.log(JSON.stringify(seen));
"""


@pytest.mark.skipif(NODE is None, reason="node is not installed: the buttons' script is checked where it is")
def test_the_step_buttons_step_through_the_frames(model):
    animation = model.animate()
    run = subprocess.run(
        [NODE, "-e", _FAKE_DOM], input=animation._repr_html_(), capture_output=True, text=True, timeout=60
    )
    assert run.returncode == 0, run.stderr
    seen = json.loads(run.stdout)
    tails = [base64.b64encode(frame).decode("ascii")[-12:] for frame in animation.frames]
    expected = [1, 2, 4, 4, 3, 0, 0]  # next, next, last, next (stays), prev, first, prev (stays)
    assert [s.split("|")[0] for s in seen] == [f"Step {k + 1} of 5" for k in expected]
    assert [s.split("|")[1] for s in seen] == [tails[k] for k in expected]


@needs_ops("sin", "cos", "mul")
def test_show_lays_out_a_graph_built_by_hand(qtbot, monkeypatch):
    """g.show() opens the window on the cards apart, where g.save puts them (not piled at (0, 0))."""
    import graphviz_app.api.window as window_module

    monkeypatch.setattr(window_module, "require_window_system", lambda: None)  # (offscreen: no display)
    g = ga.Graph()
    x = g.variable("x", 0.7)
    g.op("mul", g.op("sin", x), g.op("cos", x), name="o1")
    window = g.show(block=False)
    qtbot.addWidget(window)
    places = {n.name or n.op: n.pos for n in window.graph.nodes()}
    assert len(set(places.values())) == 4


@pytest.mark.parametrize(("bad", "shown"), [("2", '"2"'), ("1", '"1"'), (None, "NoneType"), (True, "True")])
def test_a_scale_that_is_not_a_number_is_one_clear_error(model, tmp_path, bad, shown):
    said = rf"^scale must be a number of pixels per canvas unit \(such as 1 or 2\), not {shown}$"
    for draw in (model.to_png, model.to_svg, model.to_pdf, model.to_gif):
        with pytest.raises(ga.Error, match=said):
            draw(tmp_path / "m", scale=bad)
    with pytest.raises(ga.Error, match=said):
        model.animate(scale=bad)
    assert not any(tmp_path.iterdir())


@pytest.mark.parametrize(
    ("bad", "shown"),
    [
        (10**400, "an integer of 401 digits"),
        (-(10**400), "a negative integer of 401 digits"),
        (10**5000, "an integer of 5001 digits"),  # (too long for str(): counted without it)
    ],
    ids=["401 digits", "negative", "5001 digits"],
)
def test_an_integer_too_large_for_a_float_is_a_scale_out_of_range_too(model, tmp_path, bad, shown):
    said = rf"^scale must be a number above 0 and at most 64, not {shown}$"
    with pytest.raises(ga.Error, match=said):
        model.to_png(tmp_path / "m.png", scale=bad)
    with pytest.raises(ga.Error, match=said):
        model.animate(scale=bad)
    assert not any(tmp_path.iterdir())


@pytest.mark.parametrize("bad", [0, -1, 65, float("nan")])
def test_a_scale_out_of_range_is_refused_as_the_command_line_refuses_it(model, tmp_path, capsys, bad):
    with pytest.raises(ga.Error, match=rf"^scale must be a number above 0 and at most 64, not {bad:g}$"):
        model.to_png(tmp_path / "m.png", scale=bad)
    with pytest.raises(ga.Error, match=rf"^scale must be a number above 0 and at most 64, not {bad:g}$"):
        model.animate(scale=bad)
    diagram = model.save(tmp_path / "m.json")
    assert main(["export", str(diagram), "-o", str(tmp_path / "m.png"), "--scale", str(bad)]) == 2
    assert capsys.readouterr().err == f"error: --scale must be a number above 0 and at most 64, not {bad:g}\n"
    assert not (tmp_path / "m.png").exists()
