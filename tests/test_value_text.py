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
    np.testing.assert_array_equal(read_value("1\t1\u00a0000\n2\t3"), [[1, 1000], [2, 3]])  # a spreadsheet's 1 000


def test_one_reader_one_answer_for_spaces_inside_numbers():
    # a thin or no-break space groups digits, in a cell and in typed or pasted text alike
    for group in ("\u2009", "\u00a0", "\u202f"):
        assert parse_cell(f"1{group}000") == 1000 and read_value(f"1{group}000").tolist() == 1000
        assert read_value(f"1{group}000 2").tolist() == [1000, 2]
    # a plain space separates numbers: a cell refuses "1 000" rather than read what the text would not
    with pytest.raises(ValueError, match=r"^“1 000” is not a number: a space separates numbers \(write 1000\)$"):
        parse_cell("1 000")
    with pytest.raises(ValueError, match=r"^“1 2” is not a number: a space separates numbers$"):
        parse_cell("1 2")
    with pytest.raises(ValueParseError, match=r"row 1, column 2: “1 000” is not a number"):
        read_value("1\t1 000\n2\t3")
    # and text that would be two numbers only by accident says how to write either meaning
    with pytest.raises(ValueParseError, match=r"^row 1: “1 000” would be 2 numbers .*write 1000 for one number$"):
        read_value("1 000")
    with pytest.raises(ValueParseError, match=r"^row 2: “−12 050 000” would be 3 numbers"):
        read_value("1 2 3\n−12 050 000 4 5")
    assert read_value("100 200 300").tolist() == [100, 200, 300]
    assert read_value("1 500").tolist() == [1, 500]  # (a group needs the 0 a number would not start with)
    with pytest.raises(ValueParseError) as error:  # no thousands here: a decimal point, or two numbers
        read_value("0 001")
    assert str(error.value) == (
        "row 1: “0 001” would be 2 numbers (a space separates numbers); write 0.001 for one number or 0, 1 for 2 numbers"
    )


def test_decimal_commas_mixed_with_spaces_are_refused_commas_alone_separate():
    with pytest.raises(ValueParseError) as error:
        read_value("1,5 2,5")
    assert str(error.value) == (
        "row 1: “1,5 2,5” mixes commas and spaces: write 1.5 2.5 for decimal numbers (a point, not a comma) "
        "or 1, 5, 2, 5 for one number each"
    )
    assert read_value("1,5,2,5").tolist() == read_value("1, 5, 2, 5").tolist() == [1, 5, 2, 5]
    assert read_value("1,5; 2,5").tolist() == [[1, 5], [2, 5]]


def test_numpy_repr_pasted_from_a_console_reads():
    assert read_value("array([[1., 2.], [3., 4.]])").tolist() == [[1, 2], [3, 4]]
    assert read_value("numpy.array([[1.,  2.],\n       [3.,  4.]])").tolist() == [[1, 2], [3, 4]]
    assert read_value("array([0.5, 1.5], dtype=float32)").tolist() == [0.5, 1.5]
    assert read_value("array(3.)").tolist() == 3.0
    assert read_value("array([ 1.,  2.,  3.,\n        4.])").tolist() == [1, 2, 3, 4]  # (a long row wraps)


def test_a_vector_reads_the_same_whatever_its_numbers_print_like():
    # numpy prints floats 1. (not JSON) and ints 1 (JSON): both are one vector, a column in a grid
    for text in ("array([1., 2.])", "array([1, 2])", "array([1., 2.], dtype=float32)", "[1., 2.]", "[1, 2]", "[1. 2.]"):
        assert parse_block(text).tolist() == [[1.0], [2.0]], text
        assert read_value(text).tolist() == [1.0, 2.0], text
    assert parse_block("array([1., nan])").shape == (2, 1)
    assert parse_block("[1 2; 3 4]").shape == (2, 2) and parse_block("[[1. 2.]]").shape == (1, 2)


def test_two_numpy_arrays_at_once_are_refused_as_such():
    with pytest.raises(ValueParseError, match=r"^the text holds 2 numpy arrays \(array\(…\)\): paste one at a time$"):
        read_value("array([1.,2.]), array([3.,4.])")


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


def test_a_vector_of_small_numbers_is_written_in_one_notation():
    from graphviz_app.core.number_text import short

    assert short(np.array([2.463e-05, -0.000972, 0.0002773])) == "[2.463e−5, −9.72e−4, 2.773e−4]"
    assert short(np.array([[1e-7, 0], [0.003, 4e-3]])) == "[[1e−7, 0], [3e−3, 4e−3]]"
    assert short(np.array([1e6, 1, 0.5])) == "[1e6, 1, 0.5]"  # (mixed sizes: each as it reads best)
    assert short(np.array([0.25, -1.5, 0])) == "[0.25, −1.5, 0]"
