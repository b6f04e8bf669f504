"""Write the worked examples of the source texts as diagrams in resources/examples/.

Run `python docs/make_examples.py` after changing this file; tests/test_examples.py
checks that the files on disk are exactly what this script writes.
Each example reproduces a worked example of /work/shared/seeds (see their README).
"""

from __future__ import annotations

import sys
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from graphviz_app.core.autolayout import apply_layout  # noqa: E402
from graphviz_app.core.fileformat import dumps, save  # noqa: E402
from graphviz_app.core.graph import Graph  # noqa: E402

EXAMPLES_DIR = ROOT / "resources" / "examples"


def op(g: Graph, name: str, *inputs: str, label: str | None = None, params: dict | None = None) -> str:
    nid = g.add_node("op", name, name=label, params=params)
    for port, src in enumerate(inputs):
        g.connect(src, nid, port)
    return nid


def chain_rule_sin_cos() -> Graph:
    """Seed 000: f = x1² + 2·x2, x1 = sin t, x2 = cos t; df/dt = 2 sin t (cos t − 1)."""
    g = Graph()
    t = g.add_node("variable", name="t", value=0.7)
    x1 = op(g, "sin", t, label="x1")
    x2 = op(g, "cos", t, label="x2")
    two = g.add_node("constant", value=2.0)
    f = op(g, "add", op(g, "square", x1), op(g, "mul", two, x2), label="f")
    g.set_output(f)
    return g


def two_variables_vector_form() -> Graph:
    """Seed 003: u = A x with A = [[1, 1], [1, −1]], y = ‖u‖²; ∂u/∂x = A, ∇y = [4x1, 4x2]."""
    g = Graph()
    a = g.add_node("constant", name="A", value=[[1.0, 1.0], [1.0, -1.0]])
    x = g.add_node("variable", name="x", value=[1.5, -0.5])
    u = op(g, "matmul", a, x, label="u")
    g.set_output(op(g, "sqnorm", u, label="y"))
    return g


def two_variables_scalar_form() -> Graph:
    """Seed 003 with scalars: u1 = x1 + x2, u2 = x1 − x2, y = u1² + u2²."""
    g = Graph()
    x1 = g.add_node("variable", name="x1", value=1.5)
    x2 = g.add_node("variable", name="x2", value=-0.5)
    u1 = op(g, "add", x1, x2, label="u1")
    u2 = op(g, "sub", x1, x2, label="u2")
    g.set_output(op(g, "add", op(g, "square", u1), op(g, "square", u2), label="y"))
    return g


def sin_of_square() -> Graph:
    """Seed 003: y = sin(x²); dy/dx = 2x cos(x²)."""
    g = Graph()
    x = g.add_node("variable", name="x", value=1.2)
    g.set_output(op(g, "sin", op(g, "square", x, label="u"), label="y"))
    return g


def linear_model() -> Graph:
    """Seed 000: e = y − Φθ, L = ‖e‖²; ∂L/∂θ = −2eᵀΦ (1×D)."""
    g = Graph()
    phi = g.add_node("constant", name="Phi", value=[[1.0, 0.5], [1.0, 1.5], [1.0, 2.5], [1.0, 3.5]])
    theta = g.add_node("variable", name="theta", value=[0.5, 0.8])
    y = g.add_node("constant", name="y", value=[1.2, 1.9, 3.1, 3.9])
    e = op(g, "sub", y, op(g, "matmul", phi, theta), label="e")
    g.set_output(op(g, "sqnorm", e, label="L"))
    return g


def h_of_wa() -> Graph:
    """Seed 001: z = W a, h = Σ tanh(z); ∂h/∂W = ∇h(z) aᵀ, a 3×2 matrix."""
    g = Graph()
    w = g.add_node("variable", name="W", value=[[0.5, -0.3], [0.2, 0.4], [-0.6, 0.1]])
    a = g.add_node("constant", name="a", value=[1.0, 2.0])
    z = op(g, "matmul", w, a, label="z")
    g.set_output(op(g, "sum", op(g, "tanh", z), label="h"))
    return g


def two_layer_network() -> Graph:
    """Seed 002: a chain of vector functions and a scalar loss, ∇L = J₁ᵀ…Jₖᵀ ∇L."""
    g = Graph()
    x = g.add_node("constant", name="x", value=[0.5, -1.0, 2.0])
    w1 = g.add_node(
        "variable",
        name="W1",
        value=[[0.2, -0.1, 0.4], [-0.3, 0.5, 0.1], [0.6, 0.2, -0.2], [0.1, -0.4, 0.3]],
    )
    b1 = g.add_node("variable", name="b1", value=[0.1, -0.1, 0.0, 0.2])
    h = op(g, "tanh", op(g, "add", op(g, "matmul", w1, x), b1), label="h")
    w2 = g.add_node(
        "variable",
        name="W2",
        value=[[0.3, -0.2, 0.5, 0.1], [-0.4, 0.6, 0.2, -0.3], [0.2, 0.1, -0.5, 0.4]],
    )
    b2 = g.add_node("variable", name="b2", value=[0.0, 0.1, -0.1])
    logits = op(g, "add", op(g, "matmul", w2, h), b2, label="logits")
    target = g.add_node("constant", name="target", value=[0.0, 1.0, 0.0])
    g.set_output(op(g, "softmax_xent", logits, target, label="loss"))
    return g


def two_layer_network_groups() -> Graph:
    """Seed 002 again, each layer a group: J_layer1 = J_h · J_add · J_matmul, one Jacobian per block."""
    g = two_layer_network()
    ops = {n.id: n for n in g.nodes() if n.kind == "op"}
    h, logits = g.find("h"), g.find("logits")
    layer1 = {h} | {s for s in g.ancestors(h) if s in ops}
    layer2 = ({logits} | {s for s in g.ancestors(logits) if s in ops}) - layer1
    g.groups.add(layer1, "layer1")
    g.groups.add(layer2, "layer2")
    # placed by hand: each layer's operations on one row, so its frame holds nothing else;
    # each parameter sits above and one column left of the card it feeds: every wire runs right
    places = {
        "x": (0, 0),
        "W1": (0, -180),
        "b1": (240, -180),
        "h": (720, 0),
        "W2": (720, -180),
        "b2": (960, -180),
        "logits": (1200, 0),
        "target": (1200, -180),
        "loss": (1440, 0),
    }
    for name, pos in places.items():
        g.move(g.find(name), pos)
    matmul1, add1 = sorted(layer1 - {h}, key=g.node_ids().index)
    (matmul2,) = layer2 - {logits}
    for nid, pos in ((matmul1, (240, 0)), (add1, (480, 0)), (matmul2, (960, 0))):
        g.move(nid, pos)
    return g


def two_layer_network_in_rows() -> Graph:
    """Seed 002 laid out a layer a row: in one row its twelve cards are too wide to read whole in
    a 1280-pixel window beside the docks; in two they open whole at a readable zoom.

    Placed by hand so that no wire runs under a card: the second row starts from h, the second
    layer's input, which feeds matmul₂'s B from straight ahead while W2, above h, feeds A from above
    (with h at the first row's end, its wire back to B ran under matmul₂'s card and looped round
    from A into B: no one could tell which wire fed which port)."""
    g = two_layer_network()
    row = 440.0  # the second row's middle: the wire from add down to h passes below W2 and its gradient box
    places = {
        "W1": (0, -70),
        "x": (0, 70),
        "b1": (240, 70),
        "W2": (40, row - 250),
        "h": (40, row),  # (set in: the wire's loop round to h's input stays within the cards' width)
        "b2": (240, row + 140),
        "logits": (480, row),
        "target": (480, row + 140),
        "loss": (720, row + 70),
    }
    for name, pos in places.items():
        g.move(g.find(name), pos)
    h, logits = g.find("h"), g.find("logits")
    add1 = g.inputs_of(h)[0]
    matmul1, matmul2 = g.inputs_of(add1)[0], g.inputs_of(logits)[0]  # (each add's port a)
    for nid, pos in ((matmul1, (240, -70)), (add1, (480, 0)), (matmul2, (240, row))):
        g.move(nid, pos)
    return g


HAND_PLACED = {
    "07_two_layer_network.json",  # two rows, one a layer, no wire under a card
    "08_two_layer_network_groups.json",  # the layered layout would put other nodes in a frame
}


def mnist_sized_network() -> Graph:
    """Realistic sizes: a batch of 32 images of 28×28 pixels, 784 → 128 → 10, the standard layer
    X @ W + b (the bias row broadcast over the batch), ReLU, and the mean softmax cross-entropy of
    the batch (one example per row). Random but seeded values, rounded so the file stays near a
    megabyte: pixels in [0, 1] (most are 0, as in MNIST), He-initialised weights, biases starting
    at 0 (as they usually do), one-hot labels."""
    import numpy as np

    rng = np.random.default_rng(2026)
    batch, pixels, hidden, classes = 32, 784, 128, 10
    ink = rng.random((batch, pixels)) < 0.2
    images = np.where(ink, np.round(rng.uniform(0.1, 1.0, (batch, pixels)), 2), 0.0)
    g = Graph()
    x = g.add_node("constant", name="X", value=images)
    w1 = g.add_node("variable", name="W1", value=np.round(rng.normal(0, np.sqrt(2 / pixels), (pixels, hidden)), 3))
    b1 = g.add_node("variable", name="b1", value=np.zeros(hidden))
    h = op(g, "relu", op(g, "add", op(g, "matmul", x, w1), b1), label="h")
    w2 = g.add_node("variable", name="W2", value=np.round(rng.normal(0, np.sqrt(2 / hidden), (hidden, classes)), 3))
    b2 = g.add_node("variable", name="b2", value=np.zeros(classes))
    logits = op(g, "add", op(g, "matmul", h, w2), b2, label="logits")
    labels = np.eye(classes)[rng.integers(classes, size=batch)]
    y = g.add_node("constant", name="Y", value=labels)
    g.set_output(op(g, "softmax_xent", logits, y, label="loss"))
    return g


EXAMPLES: dict[str, Callable[[], Graph]] = {
    "01_chain_rule_sin_cos.json": chain_rule_sin_cos,
    "02_two_variables_vector_form.json": two_variables_vector_form,
    "03_two_variables_scalar_form.json": two_variables_scalar_form,
    "04_sin_of_square.json": sin_of_square,
    "05_linear_model.json": linear_model,
    "06_h_of_Wa.json": h_of_wa,
    "07_two_layer_network.json": two_layer_network_in_rows,
    "08_two_layer_network_groups.json": two_layer_network_groups,
    "09_mnist_sized_network.json": mnist_sized_network,
}


def build_examples() -> dict[str, Graph]:
    """file name -> laid-out graph."""
    graphs = {}
    for filename, make in EXAMPLES.items():
        graph = make()
        if filename not in HAND_PLACED:
            apply_layout(graph)
        graphs[filename] = graph
    return graphs


def expected_texts() -> dict[str, str]:
    return {name: dumps(graph) for name, graph in build_examples().items()}


def main() -> int:
    EXAMPLES_DIR.mkdir(parents=True, exist_ok=True)
    for filename, graph in build_examples().items():
        save(graph, EXAMPLES_DIR / filename)
        print(f"wrote {EXAMPLES_DIR / filename}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
