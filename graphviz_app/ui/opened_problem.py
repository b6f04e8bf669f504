"""Opening a graph on one of its cards: g.show() on the output, a diagram
opened with an error on the card with the first problem. One rule for all: the whole graph when it
reads whole, else that card with the cards feeding it when they fit at a readable zoom (the card
alone when they do not); the status bar says the problem, as it says any new one."""

from __future__ import annotations

from .canvas.framing import readable_focus
from .canvas.problem_card import card_and_inputs


def frame_on(window, node: str | None) -> bool:
    """Fit the window's view on its graph, on node's card and the cards feeding it when the graph
    does not read whole (the card's collapsed group, when it is inside one); False when node shows
    nowhere on the canvas, and the view is fitted as a graph just opened is (on its inputs)."""
    rects = card_and_inputs(window.scene, node)
    window.view.fit_document(readable_focus(window.view, *rects) if rects is not None else None)
    return rects is not None


def frame_first_problem(window) -> bool:
    """Frame the window's view on the first problem of its graph (the one the status bar names);
    False when the graph has none, and the view stays as opened."""
    evaluation = window.evaluator.evaluation  # (evaluated now rather than on the next event-loop turn)
    first = next(iter(evaluation.errors), None) if evaluation is not None else None
    if first is None or not frame_on(window, first):
        return False
    # said even when the document before had the same problem (the evaluator says only a new one)
    window.status.problem(evaluation.errors[first], evaluation.fixes.get(first, ""))
    return True
