"""Where the shipped resources (examples, icons) live.

Installed: inside the package as graphviz_app/resources (see setup.py).
Run from a checkout: the top-level resources/ folder.
"""

from __future__ import annotations

from pathlib import Path


def resources_dir() -> Path:
    here = Path(__file__).resolve().parent
    installed = here / "resources"
    if installed.is_dir():
        return installed
    return here.parent / "resources"


def examples_dir() -> Path:
    return resources_dir() / "examples"


def example_files() -> list[Path]:
    return sorted(examples_dir().glob("*.json"))


# what the Examples menu calls the shipped examples (by file name, without the number)
EXAMPLE_TITLES = {
    "chain_rule_sin_cos": "Chain rule: f(sin t, cos t)",
    "two_variables_vector_form": "Two variables, vector form: ‖Ax‖²",
    "two_variables_scalar_form": "Two variables, scalar form",
    "sin_of_square": "sin(x²)",
    "linear_model": "Linear model: ‖y − Φθ‖²",
    "h_of_Wa": "h(Wa): the derivative by a matrix W",
    "two_layer_network": "Two-layer network with softmax cross-entropy",
    "two_layer_network_groups": "Two-layer network, each layer a group",
    "mnist_sized_network": "Two-layer network at MNIST sizes: batch 32, 784 → 128 → 10",
}


def example_title(path: Path) -> str:
    """A shipped example's title; another file's name, read as words ("01_my_graph" -> "My graph")."""
    stem = path.stem.split("_", 1)[-1] if path.stem[:2].isdigit() else path.stem
    if stem in EXAMPLE_TITLES:
        return EXAMPLE_TITLES[stem]
    words = stem.replace("_", " ")
    return words[:1].upper() + words[1:]
