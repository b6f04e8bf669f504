"""The scene drawn for an export: no selection, hover, connection preview or zoom-dependent look."""

from __future__ import annotations

from contextlib import contextmanager


@contextmanager
def clean_render(scene):
    """While inside, `scene` (a GraphScene) draws as an export shows it; afterwards as before."""
    selected = scene.selectedItems()
    scene.connector.cancel()
    scene.clean_mode = True
    for item in selected:
        item.setSelected(False)
    scene.repaint_all()
    scene.overlay_presenter.place_title()  # above the graph, not where the view kept it
    try:
        yield scene
    finally:
        scene.clean_mode = False
        for item in selected:
            if item.scene() is scene:
                item.setSelected(True)
        scene.repaint_all()
        scene.overlay_presenter.place_title()
