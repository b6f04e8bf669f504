"""Pictures of a graph through the export code the editor and `graphviz-app export` use.

Qt is imported here, and only when a picture is asked for.
"""

from __future__ import annotations

import os
import tempfile
from pathlib import Path

from ..core.graph import Graph as CoreGraph
from ..core.trace import BackwardTrace
from .qt_app import application


def scene_for(graph: CoreGraph):
    """The canvas scene of graph, as the editor draws it: a context manager, the scene gone on leaving
    (ui/canvas/drawing_scene.py says why)."""
    application()
    from ..ui.canvas.drawing_scene import drawing_scene

    return drawing_scene(graph)


def save_still(
    graph: CoreGraph, path: str | Path, fmt: str, scale: float = 1.0, transparent: bool = False, theme: str = "light"
) -> Path:
    from ..export.save import ExportSettings, export_still

    settings = ExportSettings(fmt=fmt, scale=scale, transparent=transparent, theme=theme)
    with scene_for(graph) as scene:
        return export_still(scene, path, settings)[0]


def save_step(
    graph: CoreGraph,
    trace: BackwardTrace,
    index: int,
    layout: str,
    path: str | Path,
    fmt: str,
    scale: float = 1.0,
    transparent: bool = False,
    theme: str = "light",
) -> Path:
    """Backward step `index` drawn as `graphviz-app export --step` draws it: the stop showing it
    (inside a collapsed group, the group's), on the canvas every stop shares."""
    from ..export.save import ExportSettings, export_backward_step

    settings = ExportSettings(fmt=fmt, scale=scale, transparent=transparent, theme=theme)
    with scene_for(graph) as scene:
        return export_backward_step(scene, graph, trace, index, layout, path, settings)[0]


def still_bytes(graph: CoreGraph, fmt: str, scale: float = 1.0) -> bytes:
    """A PNG or SVG as bytes (for notebooks), written through the same exporter as files."""
    folder = tempfile.mkdtemp(prefix="graphviz_app-")
    path = Path(folder) / f"graph.{fmt}"
    try:
        save_still(graph, path, fmt, scale)
        return path.read_bytes()
    finally:
        if path.exists():
            path.unlink()
        os.rmdir(folder)


def backward_frames(graph: CoreGraph, trace: BackwardTrace, layout: str, scale: float = 1.0, theme: str = "light"):
    """(QImages, step titles) of every backward step, all of one size."""
    from ..export import frames as fr
    from ..export.save import themed

    overlays = fr.backward_overlays(graph, trace, layout)
    with scene_for(graph) as scene, themed(scene, theme):
        return fr.render_frames(scene, overlays, scale), [o.title for o in overlays]
