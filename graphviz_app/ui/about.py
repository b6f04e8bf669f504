"""Help → About: the program's version and licence (from its package metadata) and where its docs are."""

from __future__ import annotations

import html
import importlib.metadata
import platform
from pathlib import Path

import PySide6
from PySide6.QtCore import qVersion

PACKAGE = "graphviz_app"


def package_facts() -> tuple[str, str]:
    """(version, licence) as installed; a checkout run without installing says so."""
    try:
        meta = importlib.metadata.metadata(PACKAGE)
    except importlib.metadata.PackageNotFoundError:
        return "unknown (run from a checkout, not installed)", "see pyproject.toml"
    licence = meta.get("License-Expression") or meta.get("License") or "not stated"
    return meta["Version"], licence


def docs_place() -> str:
    """The README and docs folder of the checkout the program runs from, else where help is in the program."""
    top = Path(__file__).resolve().parents[2]
    readme, docs = top / "README.md", top / "docs"
    if readme.is_file():
        what = "README.md and docs/" if docs.is_dir() else "README.md"
        return f"Documentation: {what} in {html.escape(str(top))}"
    return "Documentation: the README on the project's page; <code>graphviz-app --help</code> on the command line."


def about_html() -> str:
    version, licence = package_facts()
    qt = f"PySide6 {PySide6.__version__}, Qt {qVersion()}"
    return (
        f"<b>graphviz-app</b> {html.escape(version)}"
        "<p>Build composition graphs of scalars, vectors and matrices, "
        "and watch the chain rule (backpropagation) step by step.</p>"
        f"<p>Licence: {html.escape(licence)}<br>"
        f"Python {platform.python_version()}, {qt}</p>"
        f"<p>{docs_place()}</p><p>Help → Mouse and Keyboard lists every gesture and shortcut.</p>"
    )
