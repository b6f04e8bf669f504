"""A diagram just opened whose evaluation has an error: the view is framed on the card with the
first problem, with the cards feeding it when they fit at a readable zoom (a graph that reads whole
still shows whole), and the status bar says the problem, as it says any new one."""

from __future__ import annotations

from .canvas.framing import readable_focus
from .canvas.problem_card import card_and_inputs


def frame_first_problem(window) -> bool:
    """Frame the window's view on the first problem of its graph (the one the status bar names);
    False when the graph has none, and the view stays as opened."""
    evaluation = window.evaluator.evaluation  # (evaluated now rather than on the next event-loop turn)
    first = next(iter(evaluation.errors), None) if evaluation is not None else None
    rects = card_and_inputs(window.scene, first)
    if rects is None:
        return False
    window.view.fit_document(readable_focus(window.view, *rects))
    # said even when the document before had the same problem (the evaluator says only a new one)
    window.status.problem(evaluation.errors[first], evaluation.fixes.get(first, ""))
    return True
