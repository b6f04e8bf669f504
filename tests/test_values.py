"""Values typed as JSON text: numbers, vectors, matrices, and the round trip of non-finite numbers."""

import json
import math

import numpy as np
import pytest

from graphviz_app.core.errors import UserError, ValueParseError
from graphviz_app.core.values import as_array, from_json, parse_value, to_json_value


@pytest.mark.parametrize(
    "text, expected",
    [
        ("1.5", np.array(1.5)),
        ("-2", np.array(-2.0)),
        ("[1, 2, 3]", np.array([1.0, 2.0, 3.0])),
        ("[[1, 2], [3, 4], [5, 6]]", np.array([[1.0, 2.0], [3.0, 4.0], [5.0, 6.0]])),
        ("  [[7]]  ", np.array([[7.0]])),
    ],
)
def test_parse_value_shapes_and_numbers(text, expected):
    value = parse_value(text)
    assert value.dtype == float
    assert value.shape == expected.shape
    np.testing.assert_array_equal(value, expected)


@pytest.mark.parametrize(
    "text, fragment",
    [
        ("x", '(column 1: "x" is not a number)'),
        ("[1, 2", 'a "]" is missing at the end'),
        ("[[1,2],[3,4]", '(column 13: a "]" is missing at the end)'),
        ("[[1,2],[3,4", '"]]" are missing at the end'),
        ("[1 2]", "(column 4: a comma is missing before this)"),
        ("[1,,2]", "a number is missing between two commas"),
        ("[1, 2,]", 'the comma before "]" has nothing after it'),
        ("[1, 2]]", 'one "]" too many'),
        ("[[1, 2], [3]]", "rows have different lengths"),
        ("[[[1]]]", "3 dimensions: values are scalars, vectors or matrices"),
        ("[[1, [2]]]", "3 dimensions"),
        ("[1, [2]]", "entry [1]"),
        ("[true, 1]", "not a number"),
        ('"abc"', 'the text "abc"'),
        ("null", "not a number"),
        ('{"a": 1}', "not a number"),
        ("[]", "empty"),
        ("", "empty"),
    ],
)
def test_parse_value_errors_name_the_problem(text, fragment):
    with pytest.raises(ValueParseError) as info:
        parse_value(text)
    assert fragment in str(info.value)
    assert isinstance(info.value, UserError)
    assert "\n" not in str(info.value)


def test_non_finite_numbers_round_trip_as_valid_json():
    arr = np.array([[math.nan, math.inf], [-math.inf, 0.25]])
    out = to_json_value(arr)
    assert out == [["NaN", "Infinity"], ["-Infinity", 0.25]]
    text = json.dumps(out, allow_nan=False)  # strict JSON: would raise on a bare nan
    back = parse_value(text)
    assert np.isnan(back[0, 0]) and back[0, 1] == math.inf and back[1, 0] == -math.inf and back[1, 1] == 0.25
    assert np.isnan(parse_value("NaN")) and parse_value('"-Infinity"') == -math.inf


def test_to_json_value_scalar_vector_matrix_exact():
    assert to_json_value(np.array(0.1)) == 0.1
    assert to_json_value(np.array([1.0, 2.5])) == [1.0, 2.5]
    assert to_json_value(np.array([[1.0], [2.0]])) == [[1.0], [2.0]]
    x = np.array([0.1 + 0.2, 1e-300, 123456789.123])
    np.testing.assert_array_equal(parse_value(json.dumps(to_json_value(x))), x)


def test_to_json_value_gives_plain_python_numbers_with_non_finite_ones_anywhere():
    rng = np.random.default_rng(0)
    arr = rng.normal(size=(40, 7))
    arr[3, 2], arr[17, 0], arr[39, 6] = math.nan, math.inf, -math.inf
    out = to_json_value(arr)
    assert len(out) == 40 and all(len(row) == 7 for row in out)
    assert out[3][2] == "NaN" and out[17][0] == "Infinity" and out[39][6] == "-Infinity"
    assert all(type(x) is float for row in out for x in row if not isinstance(x, str))
    back = parse_value(json.dumps(out, allow_nan=False))
    np.testing.assert_array_equal(back, arr)  # (nan == nan for assert_array_equal)
    assert to_json_value(np.array(math.nan)) == "NaN" and type(to_json_value(np.float64(2.5))) is float


def test_as_array_accepts_numbers_lists_arrays_text():
    assert as_array(3).shape == ()
    assert as_array([1, 2]).shape == (2,)
    assert as_array(np.eye(2)).shape == (2, 2)
    assert as_array("[1, 2]").shape == (2,)
    with pytest.raises(ValueParseError, match="3 dimensions"):
        as_array(np.zeros((1, 1, 1)))
    with pytest.raises(ValueParseError, match="empty"):
        from_json([[]])


# ------------------------------------------------------------------ hostile values (issue 21)
@pytest.mark.parametrize(
    "text, shown",
    [
        ("1" * 5000, "111111111111… (5000 digits)"),  # beyond Python's 4300-digit limit
        ("[1, -" + "9" * 4301 + "]", "-99999999999… (4301 digits)"),
        ("1" * 310, "(310 digits)"),  # more than a float can hold
        ("1e999", "the number 1e999"),  # not silently infinity
        ("[[1, 2], [3, -1e400]]", "the number -1e400"),
        ("5" * 400 + ".25", "(402 digits)"),
    ],
)
def test_numbers_no_float_can_hold_are_a_value_error(text, shown):
    with pytest.raises(ValueParseError) as info:
        parse_value(text)
    message = info.value.message
    assert shown in message and "too large: numbers must lie within ±1.8e308" in message
    assert len(message) < 120


def test_the_largest_floats_are_still_read():
    assert parse_value("1.7976931348623157e308") == 1.7976931348623157e308
    assert parse_value(str(int(1.7e308))) == 1.7e308
    assert parse_value("[1e-400]")[0] == 0.0  # (underflow is a number, zero)


def test_values_beyond_the_limits_are_refused_before_arrays_are_made(monkeypatch):
    from graphviz_app.core import values

    monkeypatch.setattr(values, "MAX_NUMBERS", 5)
    with pytest.raises(ValueParseError, match=r"the value has 6 numbers \(2 × 3\); the limit is 5 numbers"):
        parse_value("[[1, 2, 3], [4, 5, 6]]")
    with pytest.raises(ValueParseError, match="the limit is 5 numbers"):
        as_array(np.zeros(6))
    monkeypatch.setattr(values, "MAX_TEXT_BYTES", 100)
    with pytest.raises(ValueParseError, match="the value is 101 bytes of text; the limit is 100 bytes"):
        parse_value("1" + " " * 100)


def test_arrays_and_graph_values_with_huge_integers_are_user_errors():
    from graphviz_app.core.graph import Graph

    with pytest.raises(ValueParseError, match="too large"):
        as_array(np.array([10**400], dtype=object))
    with pytest.raises(ValueParseError, match="too large"):
        from_json([1, 10**400])
    with pytest.raises(UserError, match="too large: numbers must lie within"):
        Graph().add_node("constant", value=10**309)
