"""Font names in exported SVG that other programs understand.

Qt writes the application font under its own alias ("Sans Serif"), which no
browser or vector editor knows: they fall back to a serif face and the text
no longer fits its boxes. Each family list gets the font Qt actually used and
a CSS generic family at the end.
"""

from __future__ import annotations

import re

from PySide6.QtGui import QFont, QFontInfo

GENERIC = {"serif", "sans-serif", "monospace", "cursive", "fantasy", "system-ui", "math"}
QT_ALIASES = {"sans serif": "sans-serif", "serif": "serif", "monospace": "monospace", "helvetica": "sans-serif"}
_FAMILY = re.compile(r'font-family="([^"]*)"')


def _css_families(value: str) -> str:
    names = [name.strip().strip("'") for name in value.split(",") if name.strip()]
    out: list[str] = []
    generic = "sans-serif"
    for name in names:
        alias = QT_ALIASES.get(name.lower())
        if name.lower() in GENERIC:
            generic = name.lower()
            continue
        if alias is not None:  # Qt's alias: name the real font it resolved to
            generic = alias
            name = QFontInfo(QFont(name)).family()
        if name and name not in out:
            out.append(name)
    quoted = [f"'{name}'" if not re.fullmatch(r"[A-Za-z][A-Za-z0-9 -]*", name) else name for name in out]
    return ", ".join(quoted + [generic])


def fix_font_families(svg: str) -> str:
    cache: dict[str, str] = {}

    def replace(match: re.Match) -> str:
        value = match.group(1)
        if value not in cache:
            cache[value] = _css_families(value)
        return f'font-family="{cache[value]}"'

    return _FAMILY.sub(replace, svg)
