"""The Export dialog's choices as data: the formats it offers (one entry each: key, label, file
suffix, what the file chooser filters on), what the user chose (ExportChoice, which
`export.actions` writes), the backward pass offered when no animation runs (StepsOffer), and
how a file name follows the format picked."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from .formats import accepted_suffixes, names_a_kind_of_file
from .save import ExportSettings

# (key, label, file suffix, what the file chooser filters on): one file each, the text exports last
STILL_CHOICES = [
    ("png", "PNG image", ".png", "PNG images (*.png)"),
    ("svg", "SVG vector image", ".svg", "SVG images (*.svg)"),
    ("pdf", "PDF document", ".pdf", "PDF documents (*.pdf)"),
    ("tex", "LaTeX: the chain rule, every backward step", ".tex", "LaTeX files (*.tex)"),
    ("dot", "DOT graph for Graphviz", ".dot", "Graphviz DOT files (*.dot *.gv)"),
]
# while a backward animation is at a step: LaTeX of that step only (as `--step K` writes it)
TEX_STEP = ("step:tex", "LaTeX: the chain rule at the step shown now", ".tex", "LaTeX files (*.tex)")
TEXT_KEYS = (
    "tex",
    "step:tex",
    "dot",
)  # written as text (as `graphviz-app export -o x.tex | x.dot`): no pixels, no selection
STEP_CHOICES = [
    ("steps:gif", "All animation steps: animated GIF", ".gif", "GIF animations (*.gif)"),
    ("steps:apng", "All animation steps: animated PNG (APNG)", ".apng", "Animated PNG (*.apng *.png)"),
    ("steps:png", "All animation steps: numbered PNG frames", ".png", "PNG images (*.png)"),
]
ALL_CHOICES = STILL_CHOICES + [TEX_STEP] + STEP_CHOICES
BACKWARD_PREFIX = "Backward pass, every step: "  # the entries' names when no animation runs


@dataclass
class ExportChoice:
    path: Path
    settings: ExportSettings
    all_steps: bool  # every step of the running animation instead of the canvas as shown
    loss_curve: bool = False  # the training run's loss curve (a PNG) instead of the diagram
    step_only: bool = False  # LaTeX of the animation step shown now instead of every step


@dataclass
class StepsOffer:
    """What the animation formats export when no animation runs: the backward pass (F6)."""

    count: int = 0  # its frames: one per step, a collapsed group's steps as one
    what: str = ""  # e.g. 'the backward pass from "loss"'
    problem: str = ""  # why there is none (the entries then say so and Export waits)
    frames: str = ""  # the frames worded against the steps (export.backward.frames_text)


def entry(key: str) -> tuple[str, str, str, str]:
    """The format entry of this key (key, label, file suffix, the file chooser's filter)."""
    return next(c for c in ALL_CHOICES if c[0] == key)


def capital(text: str) -> str:
    return text[:1].upper() + text[1:]


def accepted(key: str) -> tuple[str, ...]:
    """The suffixes a file of this entry's format may have (its own first)."""
    return accepted_suffixes(key.split(":", 1)[-1])


def named_for_format(path: Path, key: str, suffix: str, offered: tuple[str, ...], stem: str) -> Path:
    """The file name once the format `key` (own suffix `suffix`) is picked: a name the dialog offered
    becomes the format's own (its stem and suffix); a name typed keeps its stem, and a suffix of
    another kind of file is replaced (a dot of the name's own is kept: "W.t" becomes "W.t.png")."""
    if path.stem in offered:
        return path.with_name(stem + suffix)
    if path.suffix.lower() in accepted(key):
        return path
    return path.with_suffix(suffix) if names_a_kind_of_file(path.suffix) else path.with_name(path.name + suffix)
