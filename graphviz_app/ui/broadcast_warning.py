"""The warning a dialog shows under its fields when the graph it is about broadcast a column against
a vector to n×n (X @ w − y: Evaluation.notes, from OpDef.outer_by_mistake), in the words the status
bar, the card and `graphviz-app train` use, a line each. A warning, never a reason to refuse OK."""

from __future__ import annotations


def broadcast_warning(evaluation) -> list[str]:
    """A line per op that broadcast so (empty: none), each beginning with the card's name."""
    return [f"⚠ {note}" for note in evaluation.notes.values()]
