"""What of a card's texts fits its bars, and at what size: the title bar's name and kind tag
(the name wins the room: the tag shrinks, then goes), the footer's problem on one line or two.
Plain text measuring (card_text's metrics); the card paints what these say."""

from __future__ import annotations

import functools

from .card_text import advance, elided

TAG_SIZES = (7.5, 6.5)  # the kind tag's point sizes, tried in turn beside a name


@functools.lru_cache(maxsize=4096)  # (asked at every paint of a card: once per name and kind instead)
def header_texts(title: str, kind: str, width: float) -> tuple[str, str, float | None]:
    """What a title bar width pixels wide reads: the name (shortened only when too long for the bar
    alone), the kind tag ("variable", "cos"; "" for an unnamed card) and its point size, None when
    the bar shows no tag."""
    tag = _tag_size(title, kind, width)
    shown = title if advance(title, False, 9.0, True) <= width else elided(title, width, False, 9.0, True)
    return shown, kind if tag is not None else "", tag


def _tag_size(title: str, kind: str, width: float) -> float | None:
    """The point size the kind tag ("variable", "cos") is drawn at beside the title in width
    pixels: its own, else smaller; None (no tag) when even the smaller one would cut the name. The
    card's colour already says its kind, and its name is the only thing telling alike cards apart."""
    if not kind:
        return None
    room = width - advance(title, False, 9.0, True) - 8
    return next((size for size in TAG_SIZES if advance(kind, False, size) <= room), None)


@functools.lru_cache(maxsize=1024)
def footer_lines(text: str, width: float, bold: bool) -> tuple[str, ...]:
    """A problem on one line of the footer, or on two of a smaller size when it is too long (cut
    between words; the second elided): a card's short problem is read whole, not its first half."""
    if advance(text, False, 7.5, bold) <= width:
        return (text,)
    words = text.split(" ")
    fits = [k for k in range(1, len(words)) if advance(" ".join(words[:k]), False, 7.0, bold) <= width]
    cut = fits[-1] if fits else 1
    return (text,) if len(words) == 1 else (" ".join(words[:cut]), " ".join(words[cut:]))
