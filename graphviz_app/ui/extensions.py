"""Lets the animation and export packages add their actions, docks and menus to the window."""

from __future__ import annotations


def install_extensions(window) -> None:
    from ..export.actions import install as install_export
    from .animation.setup import install as install_animation

    install_animation(window)
    install_export(window)
    _export_beside_save(window)


def _export_beside_save(window) -> None:
    """Export is a file action: on the toolbar it belongs with New, Open and Save."""
    export = getattr(window, "export_actions", None)
    bar = window.toolbar
    items = bar.actions()
    if export is None or export.export_action not in items or window.actions["save"] not in items:
        return
    bar.removeAction(export.export_action)
    items = bar.actions()
    after_save = items.index(window.actions["save"]) + 1
    if after_save < len(items):
        bar.insertAction(items[after_save], export.export_action)
    else:
        bar.addAction(export.export_action)
