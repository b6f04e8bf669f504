"""Values as typed (`--set`, the value dialog's text field): an array or one ValueParseError line."""

from __future__ import annotations

import contextlib
import io

from hypothesis import given

from fuzz.budget import check_cli, fuzz_settings, outcome
from fuzz.inputs import value_texts
from graphviz_app.cli import main
from graphviz_app.core.values import parse_value


@fuzz_settings(150)
@given(value_texts)
def test_parse_value(text):
    value = outcome(lambda: parse_value(text))
    if value is not None:
        assert value.ndim <= 2 and value.dtype == float and value.size >= 1


@fuzz_settings(30)
@given(value_texts)
def test_grad_with_set_values(text):
    # what argv holds for these bytes: what is not UTF-8 arrives as surrogates \udc80-\udcff
    text = text.encode("utf-8", "surrogatepass").decode("utf-8", "surrogateescape")
    out, err = io.StringIO(), io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        code = outcome(lambda: main(["grad", "--expr", "sum(x * x)", "--set", f"x={text}", "--json"]))
    check_cli(code, out.getvalue(), err.getvalue())
