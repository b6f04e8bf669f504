"""Help → About names the version and licence from the package metadata and where the docs are."""

from __future__ import annotations

import importlib.metadata

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
    assert "Qt " in text and "Python " in text
