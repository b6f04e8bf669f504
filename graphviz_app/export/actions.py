"""File → Export… and Copy image in the main window."""


def install(window) -> None:
    """Called once by MainWindow at the end of its construction."""
