"""What File → Export… remembers of the last export, for the next dialog in any window and the
next session (the app's settings): the format, the resolution (a custom dpi too), the background,
the colours (light or dark) and the folder. The file name is not remembered: it follows the document.

A remembered value that is not one the dialog could have written (a settings file edited by
hand, or from another version: dpi = inf) is ignored, so the dialog always opens."""

from __future__ import annotations

from dataclasses import dataclass
from math import isfinite
from pathlib import Path

from ..ui.settings import app_settings
from .formats import THEMES

FORMAT_KEY = "export/format"
RESOLUTION_KEY = "export/resolution"
DPI_KEY = "export/dpi"
TRANSPARENT_KEY = "export/transparent"
THEME_KEY = "export/theme"
FOLDER_KEY = "export/folder"
CUSTOM = "custom"  # the resolution "Custom dpi", as remembered
DPI_RANGE = (24, 2400)  # the custom dpi the dialog offers


@dataclass
class Remembered:
    format: str = ""  # a format's key, or "" (none remembered)
    resolution: str = ""  # a scale as written ("2"), CUSTOM, or ""
    dpi: int | None = None  # the custom dpi, within DPI_RANGE
    transparent: bool = False
    theme: str = ""  # light | dark | "" (none remembered: the window's look)


def remembered_choices() -> Remembered:
    """The last export's choices, each that is unreadable or out of range left at its default."""
    memory = app_settings()
    return Remembered(
        format=str(memory.value(FORMAT_KEY, "") or ""),
        resolution=str(memory.value(RESOLUTION_KEY, "") or ""),
        dpi=_dpi(memory.value(DPI_KEY, "")),
        transparent=str(memory.value(TRANSPARENT_KEY, "")).lower() == "true",
        theme=theme if (theme := str(memory.value(THEME_KEY, "") or "")) in THEMES else "",
    )


def remember_choices(
    fmt: str | None, scale: float | None, dpi: int, transparent: bool | None, folder: Path, theme: str | None = None
) -> None:
    """Keep an export's choices: fmt None keeps the format remembered (a loss curve is no format
    chosen), scale None is the custom dpi, transparent and theme None keep the background and the
    colours remembered (a text export has none)."""
    memory = app_settings()
    if fmt is not None:
        memory.setValue(FORMAT_KEY, fmt)
    memory.setValue(RESOLUTION_KEY, CUSTOM if scale is None else f"{scale:g}")
    memory.setValue(DPI_KEY, str(dpi))
    if transparent is not None:
        memory.setValue(TRANSPARENT_KEY, "true" if transparent else "false")
    if theme is not None:
        memory.setValue(THEME_KEY, theme)
    memory.setValue(FOLDER_KEY, str(folder.absolute()))


def remembered_folder() -> str:
    """The folder of the last export from any window, or "" (File → Export… starts there)."""
    return str(app_settings().value(FOLDER_KEY, "") or "")


def _dpi(value) -> int | None:
    try:
        dpi = float(value)
    except (TypeError, ValueError):
        return None
    low, high = DPI_RANGE
    return round(dpi) if isfinite(dpi) and low <= dpi <= high else None
