"""The empty canvas says how to start: a hint in its middle while the graph has no node. (The
scroll bars stay: hiding them while empty made the first dropped card jump as they came back.)"""

from __future__ import annotations

import html

from PySide6.QtCore import Qt
from PySide6.QtGui import QPalette
from PySide6.QtWidgets import QLabel
from shiboken6 import isValid

from ..actions_table import BY_ID
from ..key_text import shortcut_texts

WIDTH = 520  # the hint's lines at most this wide (px), the canvas allowing
# what the status bar says of an action that needs nodes on an empty graph (Backward, Train…, Auto Layout, …)
EMPTY_GRAPH = "The graph is empty: add a variable and an operation first."


def _entry(action_id: str) -> str:
    """A menu entry as a person finds it: "File → New from Expression… (Ctrl+Shift+E)"."""
    spec = BY_ID[action_id]
    keys = shortcut_texts(spec)[0] if spec.shortcuts else ""
    return f"File → {spec.text.replace('&', '')}" + (f" ({keys})" if keys else "")


def hint_html() -> str:
    lines = [
        "Drag a node from the Nodes palette, or press Tab here and type its name",
        f"{_entry('from_expression')} turns a formula into its graph",
        "File → Examples opens a finished graph to step through",
    ]
    items = "".join(f"<p>{html.escape(line)}</p>" for line in lines)
    return f"<p style='font-size:large'><b>An empty graph: three ways to start</b></p>{items}"


class EmptyHint(QLabel):
    """Shown over the view's viewport while its scene's graph is empty; clicks go through it.
    A child of the view, not of its viewport: the viewport's children move when it scrolls."""

    def __init__(self, view):
        super().__init__(view)
        self.setObjectName("emptyCanvasHint")
        self.view = view
        self.setAttribute(Qt.WidgetAttribute.WA_TransparentForMouseEvents)
        self.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.setWordWrap(True)
        self.setTextFormat(Qt.TextFormat.RichText)
        self.setText(hint_html())
        self.setForegroundRole(QPalette.ColorRole.PlaceholderText)  # (muted, in the light and the dark theme)
        self._graph = None
        self._empty: bool | None = None
        self.hide()  # (placed again as the view resizes: GraphView.resizeEvent)
        # a size of its own from the start: Qt sizes a child shown without one to its size hint, a
        # layout of its text at a width nobody sees (it is placed when the view shows)
        self.resize(WIDTH, 0)

    def follow(self, scene) -> None:
        """Watch this scene's graph (the view shows another document: its own)."""
        if self._graph is not None:
            self._graph.unsubscribe(self._on_model)
        self._graph = scene.graph if scene is not None else None
        if self._graph is not None:
            self._graph.subscribe(self._on_model)
        self._empty = None
        self._on_model()

    def is_shown_for_empty_graph(self) -> bool:
        return bool(self._empty)

    def _on_model(self, _event=None) -> None:
        if not isValid(self):  # (its window closed; the graph lives on, in a script say)
            if self._graph is not None:
                self._graph.unsubscribe(self._on_model)
            return
        empty = self._graph is not None and len(self._graph) == 0
        if empty == self._empty:
            return
        self._empty = empty
        self.setVisible(empty)
        self.place()

    def place(self) -> None:
        """In the middle of the canvas, while it shows: a hidden hint, or one in a view not shown yet,
        is placed when it shows (_on_model, GraphView.showEvent), each placing a layout of its text."""
        if self.isHidden() or not self.view.isVisible():
            return
        area = self.view.viewport().geometry()  # (in the view's coordinates)
        width = max(80, min(WIDTH, area.width() - 40))
        height = min(self.heightForWidth(width), area.height())
        self.setGeometry(area.center().x() - width // 2, area.center().y() - height // 2, width, height)
