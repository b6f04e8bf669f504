"""Names that by convention hold data, not parameters: the inputs X and the targets Y of a model.

New from Expression makes such variables frozen and the Train dialog leaves them unchecked, so
gradient descent fits the parameters (W, b) to the data instead of moving the data towards the
predictions. A guess from the name only: the user can always change it.
"""

from __future__ import annotations

from collections.abc import Iterable

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
