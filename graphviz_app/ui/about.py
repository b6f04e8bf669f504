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


def project_url(meta) -> str:
    """The project's page from the package metadata (pyproject's [project.urls]: Documentation
    first, then Homepage, Repository; an old-style Home-page); "" when it names none."""
    if meta is None:
        return ""
    urls = dict(
        (part.strip() for part in entry.split(",", 1)) for entry in meta.get_all("Project-URL") or [] if "," in entry
    )
    for label in ("Documentation", "Homepage", "Repository", "Source"):
        if urls.get(label):
            return urls[label]
    return meta.get("Home-page") or next(iter(urls.values()), "")


def shipped_docs() -> Path | None:
    """A docs folder installed inside the package, if one is shipped (a wheel may carry it)."""
    folder = Path(__file__).resolve().parents[1] / "docs"
    return folder if folder.is_dir() else None


def docs_place() -> str:
    """Where an installed user finds the documentation: the docs shipped with the package, else the
    project's page, else the README by name (never a path of the source tree they may not have)."""
    docs = shipped_docs()
    if docs is not None:
        return f"Documentation: {html.escape(str(docs))}"
    try:
        meta = importlib.metadata.metadata(PACKAGE)
    except importlib.metadata.PackageNotFoundError:
        meta = None
    url = project_url(meta)
    if url:
        link = html.escape(url, quote=True)
        return f'Documentation: <a href="{link}">{html.escape(url)}</a>'
    return (
        "Documentation: the project's README.md (and its docs folder); "
        "<code>graphviz-app --help</code> on the command line."
    )


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
