"""Qt objects left as garbage, to see which thread destroys them."""

import threading

from PySide6.QtCore import QObject, Qt, QTimer


def leave_qt_garbage(destroyed_on: list) -> None:
    """A Qt object owned by Python alone (with a timer child), in a reference cycle: garbage
    that only a collection frees. destroyed_on gets the name of the thread it dies on."""
    holder = QObject()
    holder.timer = QTimer(holder)
    holder.me = holder  # (the cycle)
    on_destroyed = lambda: destroyed_on.append(threading.current_thread().name)  # noqa: E731
    holder.destroyed.connect(on_destroyed, Qt.ConnectionType.DirectConnection)  # (told on the thread it dies on)
