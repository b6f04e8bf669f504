"""Names that by convention hold data, not parameters: the inputs X and the targets Y of a model.

New from Expression makes such variables frozen; the Train dialog leaves them unchecked and
`graphviz-app train` leaves them alone unless told (`default_training`, the one rule of both), so
gradient descent fits the parameters (W, b) to the data instead of moving the data towards the
predictions. A guess from the name only: the user can always change it.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from .graph import Graph

# always data, whatever the case: the words of datasets
DATA_WORDS = frozenset({"target", "targets", "label", "labels", "input", "inputs"})
# the capital letters of a data matrix and its targets (a lower-case x is often the unknown to find:
# minimise (x - 3)², so it is not guessed)
DATA_LETTERS = frozenset({"X", "Y"})
RULE = "X, Y (y next to an X), targets, labels and inputs are data by convention"


def is_data_name(name: str | None, names: Iterable[str | None]) -> bool:
    """name looks like data among the diagram's variable names: X, Y, y when there is also an X,
    and target(s), label(s), input(s) in any case. Names with more after them (X1, y_true) are
    not guessed."""
    if not name:
        return False
    if name in DATA_LETTERS or name.lower() in DATA_WORDS:
        return True
    return name == "y" and "X" in set(names)


def default_training(graph: Graph) -> tuple[list[str], list[str]]:
    """The trainable variables' ids split as training starts by default, in the graph's order:
    (to train, left as data). Variables the file marks not trainable are in neither."""
    names = [n.name for n in graph.variables()]
    train, data = [], []
    for node in graph.nodes():
        if node.is_trainable:
            (data if is_data_name(node.name, names) else train).append(node.id)
    return train, data
