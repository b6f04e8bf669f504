"""A run that ends with its loss above where it began made the model worse: it is a stop, not a
success, in core.train (the rule), on the command line (exit 2, nothing saved) and in the window
(tests/ui/test_training_stops.py). Runs that overshoot and come back, or are noisy on the way
down, are untouched (the linear model's overshoots: tests/test_train.py). The model is walk 9's: a 2-layer tanh network with softmax cross-entropy."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from classifier_helpers import classifier_file

from graphviz_app.cli import main
from graphviz_app.core import fileformat
from graphviz_app.core.train import train


@pytest.fixture(scope="module")
def classifier(tmp_path_factory) -> Path:
    return classifier_file(tmp_path_factory.mktemp("classifier"))


@pytest.mark.parametrize("lr", [500.0, 50.0, 20.0])
def test_sgd_that_leaves_the_loss_above_its_start_is_stopped_with_a_smaller_rate(classifier, lr):
    """These rates end 88, 3.3 and 5.6 times the start, never 1000 times the best on the way."""
    result = train(fileformat.load(classifier), steps=50, lr=lr)
    assert result.steps == 50 and result.losses[-1] > result.losses[0]
    assert result.stopped.startswith(
        f'Ran 50 steps and made the model worse: the loss "mlp" ended at {result.losses[-1]:.4g}, above its start 1.665'
    )
    assert "Stopped" not in result.stopped  # (it ran to the end)
    assert f"the learning rate {lr:g} is too large for this diagram (try " in result.stopped
    suggested = float(result.stopped.rsplit("(try ", 1)[1].rstrip(")"))
    again = train(fileformat.load(classifier), steps=50, lr=suggested)
    assert again.stopped is None and again.losses[-1] < again.losses[0]


def test_the_lowest_loss_is_named_when_the_run_went_below_its_start_first(classifier):
    result = train(fileformat.load(classifier), steps=50, lr=50.0)
    assert f"(its lowest was {min(result.losses):.4g})" in result.stopped


@pytest.mark.parametrize("lr", [5.0, 1.0, 0.5])
def test_runs_that_end_below_their_start_are_not_touched_even_when_noisy(classifier, lr):
    """At 5 the loss climbs for four steps on the way (0.235 → 0.363) and still ends 500 times lower."""
    result = train(fileformat.load(classifier), steps=50, lr=lr)
    assert result.stopped is None and result.steps == 50 and result.losses[-1] < result.losses[0]
    if lr == 5.0:
        assert any(b > a for a, b in zip(result.losses, result.losses[1:]))


def test_the_command_line_exits_2_and_saves_nothing(classifier, tmp_path, capsys):
    out_path = tmp_path / "bad_trained.json"
    code = main(["train", str(classifier), "--steps", "50", "--lr", "500", "-o", str(out_path)])
    out, err = capsys.readouterr()
    assert code == 2 and out == "" and not out_path.exists()
    (line,) = err.splitlines()
    assert line.startswith(
        'error: ran 50 steps and made the model worse: the loss "mlp" ended at 146.6, above its start 1.665'
    )
    assert "the learning rate 500 is too large" in line and line.endswith(f"{out_path} was not written")


def test_the_json_of_such_a_run_says_why_it_stopped(classifier, capsys):
    code = main(["train", str(classifier), "--steps", "50", "--lr", "20", "--json"])
    out, err = capsys.readouterr()
    report = json.loads(out)
    assert code == 2 and err.startswith("error: ran 50 steps and made the model worse: ")
    assert len(report["losses"]) == 51 and report["stopped"].startswith("Ran 50 steps and made the model worse: ")
