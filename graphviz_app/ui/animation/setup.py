"""Adds the animation's actions, toolbar and docks to the main window."""


def install(window) -> None:
    """Called once by MainWindow at the end of its construction."""
