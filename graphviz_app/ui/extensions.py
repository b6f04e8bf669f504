"""Lets the animation and export packages add their actions, docks and menus to the window."""
from __future__ import annotations


def install_extensions(window) -> None:
    from .animation.setup import install as install_animation
    from ..export.actions import install as install_export

    install_animation(window)
    install_export(window)
