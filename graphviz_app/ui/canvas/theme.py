"""Colours and fonts of the canvas, for the light and the dark palette."""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import cached_property

from PySide6.QtCore import Qt
from PySide6.QtGui import QColor, QFont, QGuiApplication, QPalette, QPen

from ..catalog import CARD_COLORS
from ..overlay import ACTIVE, FINISHED, PENDING, RECEIVING

EDGE_WIDTH = 2.0  # a plain edge, in scene units (far out, zoom.thin_edge_pen)


@dataclass
class Theme:
    dark: bool
    canvas: QColor
    grid_minor: QColor
    grid_major: QColor
    node_body: QColor
    node_border: QColor
    text: QColor
    muted: QColor
    selection: QColor
    hover: QColor
    edge: QColor
    edge_label_bg: QColor
    error: QColor
    warning: QColor
    output: QColor
    port: QColor
    port_highlight: QColor
    categories: dict[str, QColor] = field(default_factory=dict)
    roles: dict[str, QColor] = field(default_factory=dict)
    badge_bg: QColor = field(default_factory=lambda: QColor("#fffbe6"))
    badge_text: QColor = field(default_factory=lambda: QColor("#3a3000"))

    def category_colour(self, key: str) -> QColor:
        return self.categories.get(key, self.categories["elementwise"])

    @cached_property
    def edge_pen(self) -> QPen:
        """A plain edge's pen: made once, as every repaint draws most edges with it."""
        return QPen(self.edge, EDGE_WIDTH, Qt.PenStyle.SolidLine, Qt.PenCapStyle.RoundCap)


def _categories(dark: bool) -> dict[str, QColor]:
    colours = {k: QColor(v) for k, v in CARD_COLORS.items()}
    if dark:
        colours = {k: c.lighter(115) for k, c in colours.items()}
    return colours


def _roles(dark: bool) -> dict[str, QColor]:
    return {
        ACTIVE: QColor("#ff8c1a"),
        FINISHED: QColor("#2eaa4f"),
        PENDING: QColor("#8fa3b8") if not dark else QColor("#6c7f93"),
        RECEIVING: QColor("#2f8de4"),
    }


LIGHT = Theme(
    dark=False,
    canvas=QColor("#f6f7f9"),
    grid_minor=QColor("#e9ebef"),
    grid_major=QColor("#dadde3"),
    node_body=QColor("#ffffff"),
    node_border=QColor("#b9c0ca"),
    text=QColor("#1d2330"),
    muted=QColor("#687282"),
    selection=QColor("#2f7ff0"),
    hover=QColor("#7fb0f5"),
    edge=QColor("#7d8796"),
    edge_label_bg=QColor(246, 247, 249, 230),
    error=QColor("#d7263d"),
    warning=QColor("#d98a1c"),
    output=QColor("#1d2330"),  # ink, not the selection's blue: the output card must not look selected
    port=QColor("#5b6677"),
    port_highlight=QColor("#26b35a"),
    categories=_categories(False),
    roles=_roles(False),
)

DARK = Theme(
    dark=True,
    canvas=QColor("#1e2127"),
    grid_minor=QColor("#262a31"),
    grid_major=QColor("#30353e"),
    node_body=QColor("#2b3039"),
    node_border=QColor("#474f5c"),
    text=QColor("#e6e9ef"),
    muted=QColor("#9aa3b2"),
    selection=QColor("#5b9dff"),
    hover=QColor("#3d6fb8"),
    edge=QColor("#8b95a5"),
    edge_label_bg=QColor(30, 33, 39, 230),
    error=QColor("#ff5c6c"),
    warning=QColor("#f0a540"),
    output=QColor("#e6e9ef"),
    port=QColor("#aab3c2"),
    port_highlight=QColor("#3ddc7a"),
    categories=_categories(True),
    roles=_roles(True),
    badge_bg=QColor("#3a3520"),
    badge_text=QColor("#fff3c4"),
)


def current_theme() -> Theme:
    """The theme matching the application's palette (dark when its window colour is dark)."""
    app = QGuiApplication.instance()
    if app is None:
        return LIGHT
    window = app.palette().color(QPalette.ColorRole.Window)
    return DARK if window.lightnessF() < 0.5 else LIGHT


_FONTS: dict[tuple, QFont] = {}  # painting asks for the same few fonts thousands of times per frame


def ui_font(point_size: float, bold: bool = False) -> QFont:
    key = ("ui", point_size, bold)
    font = _FONTS.get(key)
    if font is None:
        font = _FONTS[key] = QFont()
        font.setPointSizeF(point_size)
        font.setBold(bold)
    return QFont(font)  # a copy (cheap, shared data): callers may change it


_PENS: dict[tuple[int, float], QPen] = {}


def cached_pen(colour: QColor, width: float) -> QPen:
    """A solid pen of this colour and width, made once: cards paint a few pens thousands of times.
    (Made from the colour itself, not its 8-bit rgba, which would round Qt's 16-bit channels.)"""
    key = (colour.rgba(), width)
    pen = _PENS.get(key)
    if pen is None:
        pen = _PENS[key] = QPen(colour, width)
    return pen


def symbol_font(point_size: float) -> QFont:
    """Op symbols (σ, Σ, ‖x‖², ⊗) need a font with good maths coverage."""
    key = ("symbol", point_size)
    font = _FONTS.get(key)
    if font is None:
        font = _FONTS[key] = QFont()
        font.setFamilies(["DejaVu Sans", "Noto Sans Math", "Segoe UI Symbol", "Cambria Math", "sans-serif"])
        font.setPointSizeF(point_size)
    return QFont(font)
