"""What the animation asks the canvas to draw on top of the graph: plain data, no maths.

The animation controller turns a step of a core trace into a `SceneOverlay`;
the canvas scene draws it (`OverlayPresenter.show`). Export renders the same
scene, so what is exported is exactly what the canvas shows.
"""

from __future__ import annotations

from dataclasses import dataclass, field

EdgeKey = tuple[str, str, int]  # (source id, consumer id, input port)

# Roles of a node during an animation, drawn with distinct colours.
ACTIVE = "active"  # the node of the current step
FINISHED = "finished"  # its gradient (or forward value/tangent) is complete
PENDING = "pending"  # part of the pass, not reached yet
RECEIVING = "receiving"  # receives a contribution in the current step


@dataclass
class SceneOverlay:
    title: str = ""  # e.g. "Backward · step 3 / 9 · numerator layout"
    node_roles: dict[str, str] = field(default_factory=dict)
    node_badges: dict[str, str] = field(default_factory=dict)  # text under a node: "∂L/∂u = [1, 2]  1×2"
    edge_labels: dict[EdgeKey, str] = field(default_factory=dict)  # "∂L/∂u  1×3"
    edge_highlight: set[EdgeKey] = field(default_factory=set)
    # a gradient travelling along an edge: (edge, fraction 0..1 from consumer to producer
    # in backward mode, from producer to consumer in forward mode)
    marker: tuple[EdgeKey, float] | None = None
    marker_backward: bool = True
    # the pass's output when its seed is the trivial ∂L/∂L = 1 (a collapsed card's tag leaves it out)
    seed: str = ""
