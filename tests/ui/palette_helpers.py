"""Light and dark in the window tests: switch the application's colours as the program does
(the `restore_palette` fixture in conftest.py puts them back after a test)."""

from PySide6.QtWidgets import QApplication

from graphviz_app.ui.app import apply_colour_scheme


def switch(dark: bool) -> None:
    apply_colour_scheme(QApplication.instance(), dark=dark)  # as the program does on a system switch
    QApplication.processEvents()
