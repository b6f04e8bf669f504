"""What an export costs, part by part: the canvas every step shares (frames.union_rect: each step's
overlay laid out), drawing the frames, and writing them as PNG, GIF and APNG; with the files' sizes.

Run: QT_QPA_PLATFORM=offscreen python benchmarks/export.py [EXAMPLE ...] [--scale S]
(default: examples 05 and 07 at scale 2, the default of PNG, GIF and APNG; CPU ms, best of 3;
no assertions). The whole `graphviz-app export` of each format is timed too, in this process.
"""

from __future__ import annotations

import contextlib
import io
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

ROOT = Path(__file__).resolve().parent.parent


def best_cpu_ms(fn, repeat: int = 3):
    best, result = float("inf"), None
    for _ in range(repeat):
        start = time.process_time()
        result = fn()
        best = min(best, (time.process_time() - start) * 1000)
    return best, result


def main() -> None:
    args = sys.argv[1:]
    scale = 2.0
    if "--scale" in args:
        at = args.index("--scale")
        scale = float(args[at + 1])
        del args[at : at + 2]
    names = args or ["05_linear_model", "07_two_layer_network"]

    from PySide6.QtWidgets import QApplication

    QApplication.instance() or QApplication([])
    folder = Path(tempfile.mkdtemp(prefix="export-bench-"))
    for name in names:
        one_example(name, scale, folder)


def one_example(name: str, scale: float, folder: Path) -> None:
    from graphviz_app.cli import main as cli
    from graphviz_app.export import frames as fr
    from graphviz_app.export.backward import backward_trace
    from graphviz_app.export.reading import read_diagram
    from graphviz_app.ui.canvas.drawing_scene import drawing_scene

    path = ROOT / "resources" / "examples" / f"{name}.json"
    graph = read_diagram(str(path), "x.png")
    trace = backward_trace(graph)
    with drawing_scene(graph) as scene:
        overlays = fr.backward_overlays(graph, trace, "numerator")
        ms, canvas = best_cpu_ms(lambda: fr.union_rect(scene, overlays))
        print(f"{name}, {len(overlays)} steps, scale {scale:g}")
        print(f"  canvas of every step (union_rect)   {ms:7.0f} ms  ({ms / len(overlays):.1f} a step)")
        ms, images = best_cpu_ms(lambda: fr.render_frames(scene, overlays, scale, canvas=canvas))
        size = f"{images[0].width()}×{images[0].height()}"
        print(f"  drawing the frames ({size})     {ms:7.0f} ms  ({ms / len(images):.1f} a frame)")
    png = folder / "frame.png"
    ms, _ = best_cpu_ms(lambda: fr.save_png(images[len(images) // 2], str(png)))
    print(f"  one frame as PNG                    {ms:7.0f} ms  {png.stat().st_size / 1024:7.0f} KB")
    for kind, save in (("GIF", fr.save_gif), ("APNG", fr.save_apng)):
        out = folder / f"all.{kind.lower()}"
        ms, _ = best_cpu_ms(lambda save=save, out=out: save(images, str(out)))
        print(f"  every frame as {kind:4}                 {ms:7.0f} ms  {out.stat().st_size / 1024:7.0f} KB")
    exports = [("still PNG", "still.png", []), ("--step 2 PNG", "step.png", ["--step", "2"])]
    exports += [(f"{fmt.upper()} of every step", f"all.{fmt}", []) for fmt in ("gif", "apng")]
    for what, out, extra in exports:
        arguments = ["export", str(path), "--scale", f"{scale:g}", "-o", str(folder / out), *extra]
        with contextlib.redirect_stdout(io.StringIO()), contextlib.redirect_stderr(io.StringIO()):
            ms, code = best_cpu_ms(lambda arguments=arguments: cli(arguments))
        print(f"  graphviz-app export, {what:18} {ms:7.0f} ms" + ("" if code == 0 else f"  (exit {code})"))


if __name__ == "__main__":
    main()
