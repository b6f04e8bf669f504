"""What the Python API's documents show is what the program does."""

import re
import warnings
from pathlib import Path

import numpy as np

import graphviz_app as ga

ROOT = Path(__file__).resolve().parents[1]


def test_the_documented_sqrt_warning_is_the_one_given():
    doc = (ROOT / "docs" / "python-api.md").read_text(encoding="utf-8")
    (shown,) = re.findall(r"# UndefinedValueWarning: (sqrt gets .*)", doc)
    g = ga.trace(lambda x: np.sqrt(x), x=0.0)
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        assert "x" in g.gradients
    assert [str(w.message) for w in caught] == [shown]


def test_the_readme_says_show_needs_a_display():
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    (line,) = [line for line in readme.splitlines() if line.startswith("g.show()")]
    assert "needs a display" in line and "to_png" in line
