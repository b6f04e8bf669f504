"""Help → About names the version and licence from the package metadata and where the docs are."""

from __future__ import annotations

import importlib.metadata
from email.message import Message
from pathlib import Path

from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication, QMessageBox


def about_text(window) -> str:
    seen = []

    def read_and_close():
        box = QApplication.activeModalWidget()
        assert isinstance(box, QMessageBox)
        seen.append(box.text())
        box.accept()

    QTimer.singleShot(0, read_and_close)
    window.action("about").trigger()
    return seen[0]


def test_about_states_version_licence_and_docs(window):
    text = about_text(window)
    meta = importlib.metadata.metadata("graphviz_app")
    assert meta["Version"] in text
    assert "Licence: MIT" in text
    assert "README.md" in text and "docs" in text
    assert str(Path(__file__).resolve().parents[2]) not in text  # (no path of a source tree)
    assert "Qt " in text and "Python " in text


def _meta(**fields) -> Message:
    meta = Message()
    for key, values in fields.items():
        for value in values if isinstance(values, list) else [values]:
            meta[key.replace("_", "-")] = value
    return meta


def test_the_docs_are_found_on_the_projects_page_named_in_the_metadata():
    from graphviz_app.ui.about import project_url

    urls = ["Repository, https://example.org/repo", "Documentation, https://example.org/docs"]
    assert project_url(_meta(Project_URL=urls)) == "https://example.org/docs"
    assert project_url(_meta(Project_URL=["Homepage, https://example.org"])) == "https://example.org"
    assert project_url(_meta(Home_page="https://example.org/old")) == "https://example.org/old"
    assert project_url(_meta(Name="graphviz_app")) == "" and project_url(None) == ""
