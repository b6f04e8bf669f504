"""`g.show()`: the editor window on a copy of the graph."""

from __future__ import annotations

from ..core.graph import Graph as CoreGraph
from .qt_app import application, qt_event_loop_running, require_window_system


def open_window(graph: CoreGraph, title: str = "From Python"):
    """A shown editor window holding a copy of graph (the user saves it from there)."""
    from ..ui.app import apply_colour_scheme, load_formulas_soon
    from ..ui.main_window import MainWindow

    app = application()
    apply_colour_scheme(app)
    window = MainWindow()
    window.open_graph(graph.copy(), title=title)  # an unsaved document, as New from Expression makes
    window.show()
    load_formulas_soon()  # (as the program's own start does: the first F6 then does not wait for sympy)
    from PySide6.QtCore import QTimer

    _show_output(window, title)
    # again once the window has its real size (the window as context: never after it is gone)
    QTimer.singleShot(0, window, lambda: _show_output(window, title))
    return window


def _show_output(window, title: str) -> None:
    """What the user traced the graph for: the whole graph when it fits readably, else its output
    and the cards feeding it at a readable zoom; the status bar says so,
    as opening a file does."""
    from ..core.output_choice import output_in_use
    from ..ui.commands.common import plural
    from ..ui.opened_problem import frame_on

    on_output = frame_on(window, output_in_use(window.graph)[0])
    said = f'Opened "{title}" from Python: {plural(len(window.graph), "node")}, unsaved'
    window.status.show(window.files.opened(said, "output" if on_output else "inputs"))


def show(graph: CoreGraph, title: str, block: bool | None = None):
    """Open the window; block until it closes in a script, return at once under IPython's `%gui qt`."""
    require_window_system()
    window = open_window(graph, title)
    if block is None:
        block = not qt_event_loop_running()
    if block:
        application().exec()
    return window
