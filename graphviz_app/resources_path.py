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
