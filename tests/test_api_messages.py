"""The API's refusals read as the rest of the program's: large numbers grouped by thousands,
what the user wrote quoted with "…"."""

import re

import numpy as np
import pytest
from api_helpers import linear_model

import graphviz_app as ga


def test_a_picture_too_large_names_its_size_with_grouped_digits(tmp_path):
    def chain(x):  # (forty cards: too many pixels at the largest scale, 64)
        for _ in range(40):
            x = np.sin(x)
        return x

    with pytest.raises(ga.Error) as info:
        ga.trace(chain, x=0.5).to_png(tmp_path / "m.png", scale=64)
    message = str(info.value)
    assert re.search(r"would be \d{1,3}(,\d{3})+×\d{1,3}(,\d{3})+ pixels \(\d{1,3}(,\d{3})+ megapixels, limit", message)
    assert not (tmp_path / "m.png").exists()


def test_an_unknown_layout_is_quoted_as_written():
    with pytest.raises(ga.Error, match='layout must be "numerator" or "denominator", not "rows"$'):
        linear_model().to_latex(layout="rows")
