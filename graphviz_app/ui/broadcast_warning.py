"""The warning a dialog shows under its fields when the graph it is about broadcast a column against
a vector to n×n (X @ w − y: Evaluation.notes, from OpDef.outer_by_mistake), in the words the status
bar, the card and `graphviz-app train` use, a line each, then what OK does all the same. A warning,
never a reason to refuse OK."""

from __future__ import annotations

from . import tones
from .tones import ToneLabel


def broadcast_warning(evaluation, consequence: str) -> str:
    """A line per op that broadcast so, each beginning with the card's name, then the line
    `consequence` (what OK does all the same); "" when no op did."""
    notes = [f"⚠ {note}" for note in evaluation.notes.values()]
    return "\n".join([*notes, consequence]) if notes else ""


def warning_label(text: str, name: str, parent) -> ToneLabel:
    """The label that shows the warning under a dialog's fields (objectName name), wrapped, in the
    error tone, hidden while it has no text."""
    label = ToneLabel(text, tones.error, parent)
    label.setObjectName(name)
    label.setWordWrap(True)
    label.setVisible(bool(text))
    return label
