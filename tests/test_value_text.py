"""Values as people paste or type them (core.table_text): the reader the value editor's grid
and Text field share."""

import numpy as np
import pytest

from graphviz_app.core.errors import ValueParseError
from graphviz_app.core.table_text import parse_block, parse_cell, read_value


def test_rows_give_scalars_vectors_and_matrices_json_keeps_its_shape():
    assert read_value("4").shape == ()
    assert read_value("1 2 3").shape == (3,) and read_value("1\n2\n3").shape == (3,)
    assert read_value("1 2; 3 4").shape == (2, 2)
    assert read_value("[[1, 2, 3]]").shape == (1, 3)  # JSON says it is a 1×3 matrix
    np.testing.assert_array_equal(read_value("1\t1 000\n2\t3"), [[1, 1000], [2, 3]])  # a tab row keeps its spaces


def test_the_grid_reads_a_vector_as_a_column():
    assert parse_block("[1, 2, 3]").shape == (3, 1)
    assert parse_block("1 2 3").shape == (1, 3)
    assert parse_block("5").shape == (1, 1)


@pytest.mark.parametrize(
    "text, message",
    [
        ("", "the text holds no numbers"),
        ("1 2\n3 4 5", "row 2 has 3 numbers but row 1 has 2"),
        ("1 2\n3 ?", "row 2, column 2: “?” is not a number"),
        ("1 1e999", "row 1, column 2: the number 1e999 is too large"),
        ("[[[1]]]", "3 dimensions"),
    ],
)
def test_bad_text_names_the_place(text, message):
    with pytest.raises(ValueParseError, match=message.replace("?", r"\?")):
        read_value(text)


def test_size_limit_and_cells():
    with pytest.raises(ValueParseError, match="at most 2 rows and columns"):
        read_value("1 2 3", limit=2)
    assert parse_cell(" −1.5 ") == -1.5 and parse_cell("inf") == np.inf
    with pytest.raises(ValueError, match="too large"):
        parse_cell("1e400")
