"""The one place the Python API starts Qt: drawing needs a QApplication, showing a window a display.

Imported only when something is drawn or shown, so `import graphviz_app` never loads Qt.
"""

from __future__ import annotations

import os
import sys

from .errors import Error


def display_available() -> bool:
    """Whether windows can be shown: always on Windows and macOS, else with an X11 or Wayland display."""
    platform = os.environ.get("QT_QPA_PLATFORM", "")
    if platform:
        return platform not in ("offscreen", "minimal")
    if sys.platform in ("win32", "darwin"):
        return True
    return bool(os.environ.get("DISPLAY") or os.environ.get("WAYLAND_DISPLAY"))


def application():
    """The running QApplication, or a new one: offscreen when there is no display to show windows on
    (a notebook on a server, CI), so pictures are drawn all the same."""
    from PySide6.QtWidgets import QApplication

    app = QApplication.instance()
    if app is None:
        if not display_available():
            os.environ["QT_QPA_PLATFORM"] = "offscreen"
        app = QApplication([sys.argv[0] if sys.argv and sys.argv[0] else "graphviz-app"])
    return app


def can_show_windows() -> bool:
    """A running Qt draws on a real screen, or none runs yet and a display is there to start on."""
    from PySide6.QtGui import QGuiApplication

    if QGuiApplication.instance() is None:
        return display_available()
    return QGuiApplication.platformName() not in ("offscreen", "minimal")


def require_window_system() -> None:
    """show() on a machine with no display: say what works instead."""
    if not can_show_windows():
        raise Error(
            "there is no display to open the editor window on: draw the graph instead "
            "(g.to_png(...), g.to_svg(...), or display(g) in a notebook)"
        )


def qt_event_loop_running() -> bool:
    """True inside IPython or Jupyter after `%gui qt`: a window can then stay open without blocking."""
    ipython = sys.modules.get("IPython")
    shell = ipython.get_ipython() if ipython is not None and hasattr(ipython, "get_ipython") else None
    if shell is None:
        return False
    loops = [getattr(shell, "active_eventloop", None)]
    kernel = getattr(shell, "kernel", None)
    if kernel is not None:
        loop = getattr(kernel, "eventloop", None)
        loops.append(getattr(loop, "__name__", loop))
    return any(loop and "qt" in str(loop).lower() for loop in loops)
