"""Typesets the ops' LaTeX formulas as mathematics with QPainter: stacked fractions,
raised exponents, lowered indices, italic letters, upright function names.

The ops declare their formulas once, in a small LaTeX subset (core/ops); this
module lays that subset out as boxes, so the Inspector shows ∂ sin(u) over ∂u
as a real fraction rather than source text. Only the ops' own strings are
given to it, never user text; an unknown command is shown by its name.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from PySide6.QtCore import QPointF, Qt
from PySide6.QtGui import QFont, QFontMetricsF, QPainter, QPainterPath, QPen

FAMILIES = ["STIX Two Math", "Cambria Math", "DejaVu Serif", "Times New Roman", "serif"]
SCRIPT = 0.7  # size of exponents and indices relative to their base
FRACTION = 0.92  # size of a fraction's parts relative to the surrounding text

SYMBOLS = {
    "partial": "∂",
    "delta": "δ",
    "theta": "θ",
    "alpha": "α",
    "beta": "β",
    "gamma": "γ",
    "sigma": "σ",
    "lambda": "λ",
    "mu": "μ",
    "phi": "φ",
    "Phi": "Φ",
    "pi": "π",
    "epsilon": "ε",
    "eta": "η",
    "tau": "τ",
    "omega": "ω",
    "Sigma": "Σ",
    "Delta": "Δ",
    "top": "⊤",
    "|": "‖",
    "cdot": "·",
    "times": "×",
    "otimes": "⊗",
    "infty": "∞",
    "le": "≤",
    "ge": "≥",
    "ne": "≠",
    "to": "→",
    "odot": "⊙",
    "nabla": "∇",
}
FUNCTIONS = {"sin", "cos", "tan", "tanh", "cosh", "sinh", "log", "exp", "max", "min", "sign", "diag", "tr"}
SPACES = {",": 0.17, ";": 0.28, ":": 0.22, " ": 0.25, "quad": 1.0}
BINARY = {"+": "+", "-": "−", "=": "=", "<": "<", ">": ">", "·": "·", "×": "×"}
TOKEN = re.compile(r"\\[A-Za-z]+|\\.|[{}^_]|\s+|.", re.S)


def math_font(scale: float, base_pt: float, italic: bool = False) -> QFont:
    font = QFont()
    font.setFamilies(FAMILIES)
    font.setPointSizeF(max(base_pt * scale, 5.0))
    font.setItalic(italic)
    return font


# ------------------------------------------------------------------- boxes
@dataclass
class Box:
    """A laid-out piece: width, height above the baseline (ascent) and below (descent)."""

    width: float = 0.0
    ascent: float = 0.0
    descent: float = 0.0

    def draw(self, painter: QPainter, x: float, baseline: float) -> None:
        return None


@dataclass
class TextBox(Box):
    text: str = ""
    font: QFont = field(default_factory=QFont)

    @classmethod
    def make(cls, text: str, font: QFont, pad: float = 0.0) -> TextBox:
        m = QFontMetricsF(font)
        return cls(m.horizontalAdvance(text) + 2 * pad, m.ascent(), m.descent(), text, font)

    def draw(self, painter, x, baseline):
        painter.setFont(self.font)
        pad = (self.width - QFontMetricsF(self.font).horizontalAdvance(self.text)) / 2
        painter.drawText(QPointF(x + pad, baseline), self.text)


@dataclass
class Row(Box):
    items: list = field(default_factory=list)

    @classmethod
    def make(cls, items: list) -> Row:
        return cls(
            sum(b.width for b in items),
            max((b.ascent for b in items), default=0.0),
            max((b.descent for b in items), default=0.0),
            items,
        )

    def draw(self, painter, x, baseline):
        for b in self.items:
            b.draw(painter, x, baseline)
            x += b.width


@dataclass
class Fraction(Box):
    num: Box = None
    den: Box = None
    axis: float = 0.0  # height of the fraction bar above the baseline
    gap: float = 2.0

    @classmethod
    def make(cls, num: Box, den: Box, font: QFont) -> Fraction:
        m = QFontMetricsF(font)
        axis = m.xHeight() * 0.55
        gap = max(1.5, m.height() * 0.12)
        width = max(num.width, den.width) + m.horizontalAdvance(" ") * 0.6
        return cls(
            width, axis + gap + num.ascent + num.descent, den.ascent + den.descent + gap - axis, num, den, axis, gap
        )

    def draw(self, painter, x, baseline):
        bar = baseline - self.axis
        self.num.draw(painter, x + (self.width - self.num.width) / 2, bar - self.gap - self.num.descent)
        self.den.draw(painter, x + (self.width - self.den.width) / 2, bar + self.gap + self.den.ascent)
        painter.save()
        pen = QPen(painter.pen().color(), 1.0)
        painter.setPen(pen)
        inset = 1.0
        painter.drawLine(QPointF(x + inset, bar), QPointF(x + self.width - inset, bar))
        painter.restore()


@dataclass
class Scripts(Box):
    base: Box = None
    sup: Box | None = None
    sub: Box | None = None
    up: float = 0.0
    down: float = 0.0

    @classmethod
    def make(cls, base: Box, sup: Box | None, sub: Box | None, font: QFont) -> Scripts:
        m = QFontMetricsF(font)
        up = max(m.xHeight() * 0.9, base.ascent - (sup.ascent * 0.6 if sup else 0))
        down = max(m.descent() * 1.2, base.descent + (sub.ascent * 0.45 if sub else 0) - m.descent() * 0.4)
        width = base.width + max(sup.width if sup else 0.0, sub.width if sub else 0.0) + 1.0
        ascent = max(base.ascent, up + sup.ascent if sup else 0.0)
        descent = max(base.descent, down + sub.descent if sub else 0.0)
        return cls(width, ascent, descent, base, sup, sub, up, down)

    def draw(self, painter, x, baseline):
        self.base.draw(painter, x, baseline)
        sx = x + self.base.width + 0.5
        if self.sup is not None:
            self.sup.draw(painter, sx, baseline - self.up)
        if self.sub is not None:
            self.sub.draw(painter, sx, baseline + self.down)


@dataclass
class Radical(Box):
    inner: Box = None
    sign: float = 0.0

    @classmethod
    def make(cls, inner: Box, font: QFont) -> Radical:
        sign = QFontMetricsF(font).horizontalAdvance("√") * 0.8
        return cls(inner.width + sign + 2, inner.ascent + 3, inner.descent + 1, inner, sign)

    def draw(self, painter, x, baseline):
        top = baseline - self.ascent + 1
        bottom = baseline + self.descent
        s = self.sign
        painter.save()
        painter.setPen(QPen(painter.pen().color(), 1.1))
        painter.drawPolyline(
            [
                QPointF(x, baseline - self.ascent * 0.35),
                QPointF(x + s * 0.3, baseline - self.ascent * 0.45),
                QPointF(x + s * 0.6, bottom),
                QPointF(x + s, top),
                QPointF(x + self.width, top),
            ]
        )
        painter.restore()
        self.inner.draw(painter, x + s + 1, baseline)


@dataclass
class Delimited(Box):
    """( … ), | … |, ‖ … ‖ drawn tall enough for their content."""

    left: str = "("
    right: str = ")"
    inner: Box = None
    side: float = 0.0

    @classmethod
    def make(cls, left: str, inner: Box, right: str, font: QFont) -> Delimited:
        side = QFontMetricsF(font).horizontalAdvance("(") * 0.9
        sides = (side if left else 0.0) + (side if right else 0.0)
        return cls(inner.width + sides, inner.ascent + 1, inner.descent + 1, left, right, inner, side)

    def _draw_delim(self, painter, char: str, x: float, top: float, bottom: float) -> None:
        w = self.side
        mid = (top + bottom) / 2
        if char in "()":
            outer, inner = (x + w * 0.8, x + w * 0.05) if char == "(" else (x + w * 0.2, x + w * 0.95)
            path = QPainterPath(QPointF(outer, top))
            path.quadTo(QPointF(inner, mid), QPointF(outer, bottom))
            painter.drawPath(path)
        elif char in "|‖":
            xs = [x + w / 2] if char == "|" else [x + w / 2 - 1.5, x + w / 2 + 1.5]
            for lx in xs:
                painter.drawLine(QPointF(lx, top), QPointF(lx, bottom))
        elif char in "[]":
            edge = x + w * 0.3 if char == "[" else x + w * 0.7
            tip = x + w * 0.8 if char == "[" else x + w * 0.2
            painter.drawPolyline([QPointF(tip, top), QPointF(edge, top), QPointF(edge, bottom), QPointF(tip, bottom)])
        else:
            painter.drawText(QPointF(x, bottom - 2), char)

    def draw(self, painter, x, baseline):
        top, bottom = baseline - self.ascent, baseline + self.descent
        ix = x + (self.side if self.left else 0.0)
        painter.save()
        painter.setPen(QPen(painter.pen().color(), 1.1))
        painter.setBrush(Qt.BrushStyle.NoBrush)
        if self.left:
            self._draw_delim(painter, self.left, x, top, bottom)
        if self.right:
            self._draw_delim(painter, self.right, ix + self.inner.width, top, bottom)
        painter.restore()
        self.inner.draw(painter, ix, baseline)


@dataclass
class Accent(Box):
    inner: Box = None

    @classmethod
    def make(cls, inner: Box) -> Accent:
        return cls(inner.width, inner.ascent + 3, inner.descent, inner)

    def draw(self, painter, x, baseline):
        self.inner.draw(painter, x, baseline)
        top = baseline - self.ascent + 1
        mid = x + self.width / 2 + 1
        painter.save()
        painter.setPen(QPen(painter.pen().color(), 0.9))
        painter.drawPolyline([QPointF(mid - 3, top + 3), QPointF(mid, top), QPointF(mid + 3, top + 3)])
        painter.restore()


# ------------------------------------------------------------------ parser
class _Parser:
    def __init__(self, latex: str, base_pt: float):
        self.tokens = [t for t in TOKEN.findall(latex)]
        self.i = 0
        self.base_pt = base_pt

    def peek(self):
        return self.tokens[self.i] if self.i < len(self.tokens) else None

    def take(self):
        tok = self.peek()
        self.i += 1
        return tok

    def font(self, scale, italic=False):
        return math_font(scale, self.base_pt, italic)

    def row(self, scale: float, stop=("}",)) -> Row:
        items: list[Box] = []
        while True:
            tok = self.peek()
            if tok is None or tok in stop:
                break
            if tok in ("^", "_"):
                self.take()
                script = self.argument(scale * SCRIPT)
                base = items.pop() if items else Box()
                sup, sub = (script, None) if tok == "^" else (None, script)
                if isinstance(base, Scripts) and ((sup and base.sup is None) or (sub and base.sub is None)):
                    sup, sub, base = sup or base.sup, sub or base.sub, base.base
                items.append(Scripts.make(base, sup, sub, self.font(scale)))
                continue
            box = self.atom(scale)
            if box is not None:
                items.append(box)
        return Row.make(items)

    def argument(self, scale: float) -> Box:
        """A {group} or a single atom (for ^2, _k, \\frac12)."""
        while self.peek() is not None and self.peek().isspace():
            self.take()
        if self.peek() == "{":
            self.take()
            box = self.row(scale)
            self.take()
            return box
        return self.atom(scale) or Box()

    def raw_group(self) -> str:
        if self.peek() != "{":
            return self.take() or ""
        self.take()
        text = []
        while self.peek() not in (None, "}"):
            text.append(self.take())
        self.take()
        return "".join(text)

    def atom(self, scale: float) -> Box | None:
        tok = self.take()
        if tok.isspace():
            return None
        if tok == "{":
            box = self.row(scale)
            self.take()
            return box
        if tok.startswith("\\"):
            return self.command(tok[1:], scale)
        if tok in BINARY:
            pad = self.font(scale).pointSizeF() * 0.22 if tok in "=<>" or (tok in "+-" and scale >= 0.99) else 0.0
            return TextBox.make(BINARY[tok], self.font(scale), pad)
        return TextBox.make(tok, self.font(scale, italic=tok.isalpha()))

    def command(self, name: str, scale: float) -> Box | None:
        font = self.font(scale)
        if name == "frac":
            inner = scale * FRACTION if scale >= 0.99 else scale
            num, den = self.argument(inner), self.argument(inner)
            return Fraction.make(num, den, font)
        if name == "sqrt":
            return Radical.make(self.argument(scale), font)
        if name == "hat":
            return Accent.make(self.argument(scale))
        if name in ("operatorname", "mathrm", "text"):
            return TextBox.make(self.raw_group(), font)
        if name == "left":
            left = self._delimiter(self.take())
            inner = self.row(scale, stop=("\\right",))
            self.take()
            right = self._delimiter(self.take() or ".")
            return Delimited.make(left, inner, right, font)
        if name in SPACES:
            return Box(font.pointSizeF() * SPACES[name] * 1.33)
        if name in FUNCTIONS:
            return TextBox.make(name, font, font.pointSizeF() * 0.08)
        if name == "sum":
            return TextBox.make("Σ", self.font(scale * 1.15), font.pointSizeF() * 0.05)
        if name in SYMBOLS:
            return TextBox.make(SYMBOLS[name], font)
        return TextBox.make(name, font)  # an unknown command is shown by its name

    @staticmethod
    def _delimiter(tok: str) -> str:
        return {"\\|": "‖", ".": "", "\\{": "{", "\\}": "}"}.get(tok, tok)


def layout(latex: str, base_pt: float = 13.0) -> Box:
    """The formula laid out as boxes (draw with box.draw(painter, x, baseline))."""
    parser = _Parser(latex, base_pt)
    box = parser.row(1.0, stop=())
    return box
