"""Regenerates the pictures in docs/images/ with the export command (the same rendering as the editor).

    python docs/make_images.py

Runs without a display: the export command picks Qt's offscreen platform itself.
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
EXAMPLES = ROOT / "resources" / "examples"
OUT = ROOT / "docs" / "images"

# (output file, example, extra export arguments, caption)
IMAGES = [
    (
        "linear_model.png",
        "05_linear_model.json",
        ["--scale", "2"],
        "The linear model L = ‖y − Φθ‖² as a composition graph",
    ),
    (
        "linear_model_step.png",
        "05_linear_model.json",
        ["--step", "3", "--scale", "2"],
        "Backpropagation through the linear model, step 3 of 4: the matmul passes ∂L/∂θ back (the constants Φ and y get no gradient), each gradient with its shape",
    ),
    (
        "linear_model_backward.gif",
        "05_linear_model.json",
        ["--all-steps", "--scale", "1.5"],
        "The whole backward pass of the linear model, one step per frame",
    ),
    (
        "h_of_Wa_step.png",
        "06_h_of_Wa.json",
        ["--step", "3", "--scale", "2"],
        "h(Wa), step 3 of 4: z = Wa passes the gradient on to the matrix W: ∂h/∂W, 2×3 in numerator layout",
    ),
    (
        "two_layer_network.png",
        "07_two_layer_network.json",
        ["--scale", "2"],
        "A two-layer network with a softmax cross-entropy loss",
    ),
    (
        "two_layer_network_step.png",
        "07_two_layer_network.json",
        ["--step", "5", "--scale", "2"],
        "The two-layer network during backpropagation (step 5 of 10)",
    ),
]


def main() -> int:
    OUT.mkdir(parents=True, exist_ok=True)
    for name, example, extra, caption in IMAGES:
        command = [
            sys.executable,
            "-m",
            "graphviz_app",
            "export",
            str(EXAMPLES / example),
            "-o",
            str(OUT / name),
            *extra,
        ]
        result = subprocess.run(command, cwd=ROOT, capture_output=True, text=True)
        if result.returncode != 0:
            print(f"{name}: {result.stderr.strip()}", file=sys.stderr)
            return result.returncode
        print(f"docs/images/{name}  {caption}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
