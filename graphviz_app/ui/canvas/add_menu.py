"""A menu of everything that can be added (variables, constants, each op by category)."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtWidgets import QMenu

from ...core.ops import CATEGORIES, all_ops


def fill_add_menu(menu: QMenu, add: Callable[[str, str | None], None]) -> None:
    menu.addAction("Variable", lambda: add("variable", None))
    menu.addAction("Constant", lambda: add("constant", None))
    menu.addSeparator()
    ops = all_ops()
    for category in CATEGORIES:
        sub = menu.addMenu(category.capitalize())
        for op in ops:
            if op.category == category:
                sub.addAction(f"{op.symbol}   {op.name}", lambda name=op.name: add("op", name)).setToolTip(
                    op.description
                )
