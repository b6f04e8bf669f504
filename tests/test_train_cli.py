"""`graphviz-app train`: the JSON contract, the table, the saved diagram, one-line errors."""

import json
import subprocess
import sys
from pathlib import Path

import numpy as np
import pytest
from classifier_helpers import many_variables_file

import graphviz_app as ga
from graphviz_app.cli import main
from graphviz_app.core import fileformat
from graphviz_app.core.errors import UserError
from graphviz_app.core.graph import Graph
from graphviz_app.core.train import train

EXAMPLES = Path(__file__).resolve().parents[1] / "resources" / "examples"
LINEAR = str(EXAMPLES / "05_linear_model.json")
NETWORK = str(EXAMPLES / "07_two_layer_network.json")


def run_ok(capsys, *argv) -> str:
    code = main(["train", *argv])
    out, err = capsys.readouterr()
    assert code == 0, err
    assert err == ""
    return out


def run_error(capsys, *argv) -> str:
    code = main(["train", *argv])
    out, err = capsys.readouterr()
    assert code == 2
    assert out == ""
    lines = err.splitlines()
    assert len(lines) == 1, err
    assert lines[0].startswith("error: ")
    assert "Traceback" not in err
    return lines[0]


# ------------------------------------------------------------------ contract
@pytest.mark.parametrize("optimizer", ["sgd", "momentum", "adam"])
def test_json_contract_gives_the_losses_and_final_values_by_name(capsys, optimizer):
    report = json.loads(run_ok(capsys, NETWORK, "--steps", "7", "--lr", "0.05", "--optimizer", optimizer, "--json"))
    assert list(report) == ["losses", "values", "stopped", "broadcasts"] and report["stopped"] is None
    assert len(report["losses"]) == 8
    assert list(report["values"]) == ["W1", "b1", "W2", "b2"]
    expected = train(fileformat.load(NETWORK), steps=7, lr=0.05, optimizer=optimizer)
    assert report["losses"] == expected.losses
    for nid in expected.variables:
        np.testing.assert_array_equal(report["values"][expected.labels[nid]], expected.final_values[nid])
    assert np.shape(report["values"]["W1"]) == (4, 3) and np.shape(report["values"]["b2"]) == (3,)


def test_default_optimizer_is_sgd_and_the_loss_falls(capsys):
    report = json.loads(run_ok(capsys, LINEAR, "--steps", "50", "--lr", "0.02", "--json"))
    sgd = train(fileformat.load(LINEAR), steps=50, lr=0.02, optimizer="sgd")
    assert report["losses"] == sgd.losses
    assert report["losses"][-1] < report["losses"][0]
    assert list(report["values"]) == ["theta"]  # as written in the file, the key grad --json uses too


def test_unnamed_variables_are_named_as_their_cards(tmp_path, capsys):
    g = Graph()
    a = g.add_node("variable", value=2.0)
    b = g.add_node("variable", value=-1.0)
    s = g.add_node("op", "add")
    loss = g.add_node("op", "square", name="loss")
    g.connect(a, s, 0)
    g.connect(b, s, 1)
    g.connect(s, loss, 0)
    g.set_output(loss)
    path = tmp_path / "two.json"
    fileformat.save(g, path)
    report = json.loads(run_ok(capsys, str(path), "--steps", "1", "--lr", "0.25", "--json"))
    # (a + b)² = 1, gradient 2(a + b) = 2 for both: one step of 0.25 takes 0.5 off each
    assert report == {
        "losses": [1.0, 0.0],
        "values": {"variable₁": 1.5, "variable₂": -1.5},
        "stopped": None,
        "broadcasts": [],
    }


def test_the_table_shows_optimizer_losses_and_values(capsys):
    out = run_ok(capsys, LINEAR, "--steps", "40", "--lr", "0.02", "--optimizer", "momentum")
    result = train(fileformat.load(LINEAR), steps=40, lr=0.02, optimizer="momentum")
    lines = out.splitlines()
    assert lines[0].startswith("SGD with momentum 0.9, learning rate 0.02, 40 steps: L 0.85 → ")
    assert any(line.split() == ["step", "L"] for line in lines)
    assert any(line.split()[:1] == ["40"] and line.split()[1] == f"{result.losses[-1]:.6g}" for line in lines)
    theta_row = next(line for line in lines if line.split()[:1] == ["θ"])
    assert "ℝ²" in theta_row and "[0.5, 0.8]" in theta_row  # the shape as its card writes it
    assert len(lines) < 25  # short: about ten losses, not forty


def test_o_saves_the_trained_diagram_and_leaves_the_input_alone(tmp_path, capsys):
    source = tmp_path / "net.json"
    g = fileformat.load(NETWORK)
    g.set_trainable(g.find("b2"), False)
    fileformat.save(g, source)
    before = source.read_text(encoding="utf-8")
    out_path = tmp_path / "trained.json"
    code = main(["train", str(source), "--steps", "5", "--lr", "0.1", "--json", "-o", str(out_path)])
    out, err = capsys.readouterr()
    assert code == 0 and err == f"wrote {out_path}\n"  # (stdout stays the JSON alone)
    report = json.loads(out)
    assert source.read_text(encoding="utf-8") == before
    trained = fileformat.load(out_path)
    assert "b2" not in report["values"]
    for name, value in report["values"].items():
        np.testing.assert_array_equal(trained.node(trained.find(name)).value, value)
    b2 = trained.find("b2")
    assert not trained.node(b2).trainable
    np.testing.assert_array_equal(trained.node(b2).value, g.node(b2).value)
    assert [n.id for n in trained.nodes()] == [n.id for n in g.nodes()]


def test_output_option_picks_the_loss(tmp_path, capsys):
    g = fileformat.load(LINEAR)
    g.set_output(g.find("e"))
    path = tmp_path / "e.json"
    fileformat.save(g, path)
    report = json.loads(run_ok(capsys, str(path), "--output", "L", "--steps", "2", "--lr", "0.01", "--json"))
    assert report["losses"][0] == pytest.approx(0.85)


# ------------------------------------------------------------------ errors
def _diagram(tmp_path, change) -> str:
    g = fileformat.load(LINEAR)
    change(g)
    path = tmp_path / "changed.json"
    fileformat.save(g, path)
    return str(path)


@pytest.mark.parametrize(
    ("args", "words"),
    [
        (["--steps", "0", "--lr", "0.1"], "--steps"),
        (["--steps", "-3", "--lr", "0.1"], "--steps"),
        (["--steps", "2.5", "--lr", "0.1"], "--steps"),
        (["--steps", "ten", "--lr", "0.1"], "--steps"),
        (["--steps", "", "--lr", "0.1"], "--steps"),
        (["--steps", "1000000000", "--lr", "0.1"], "--steps"),
        (["--steps", "3", "--lr", "0"], "--lr"),
        (["--steps", "3", "--lr", "-0.1"], "--lr"),
        (["--steps", "3", "--lr", "nan"], "--lr"),
        (["--steps", "3", "--lr", "inf"], "--lr"),
        (["--steps", "3", "--lr", "fast"], "--lr"),
        (["--steps", "3", "--lr", "1e400"], "--lr"),  # (refused as files and --set refuse it)
        (["--steps", "3", "--lr", "0.1", "--optimizer", "rmsprop"], "--optimizer"),
        (["--steps", "3", "--lr", "0.1", "--output", "nowhere"], "nowhere"),
        (["--steps", "3", "--lr", "0.1", "--bogus"], "--bogus"),
    ],
)
def test_bad_arguments_give_one_error_line_and_status_2(capsys, args, words):
    assert words in run_error(capsys, LINEAR, *args)


def test_the_learning_rate_is_read_as_the_window_reads_it(capsys):
    """--lr takes what the Train dialog's field takes: the cards' minus sign, thin spaces in groups."""
    for lr in ("2e\u22122", "0.000\u20091"):
        assert json.loads(run_ok(capsys, LINEAR, "--steps", "1", "--lr", lr, "--json"))["losses"]


def test_a_diagram_that_cannot_train_gives_one_error_line(tmp_path, capsys):
    def no_output(g):  # and two end nodes to choose from
        g.set_output(None)
        g.connect(g.find("theta"), g.add_node("op", "sin", name="stray"), 0)

    def vector_output(g):
        g.set_output(g.find("e"))

    def frozen(g):
        g.set_trainable(g.find("theta"), False)

    def theta_constant(g):
        g.set_kind(g.find("theta"), "constant")

    cases = [
        (no_output, "choose the output with --output NAME"),
        (vector_output, "scalar output"),
        (frozen, "no trainable variable"),
        (theta_constant, "no trainable variable"),
    ]
    for change, words in cases:
        assert words in run_error(capsys, _diagram(tmp_path, change), "--steps", "3", "--lr", "0.1")


def test_a_file_that_cannot_be_read_gives_one_error_line(tmp_path, capsys):
    assert "no such file" in run_error(capsys, str(tmp_path / "missing.json"), "--steps", "3", "--lr", "0.1")
    broken = tmp_path / "broken.json"
    broken.write_text('{"format": "graphviz_app", "version": 1,\n "nodes": [}', encoding="utf-8")
    assert "line 2" in run_error(capsys, str(broken), "--steps", "3", "--lr", "0.1")


def test_a_diverging_run_names_the_step_and_a_smaller_rate_and_saves_nothing(tmp_path, capsys):
    out_path = tmp_path / "never.json"
    line = run_error(capsys, LINEAR, "--steps", "100", "--lr", "0.1", "-o", str(out_path))
    assert line.startswith('error: stopped at step 3 of 100: the loss "L" grew from 0.85 to 2536; ')
    assert "the learning rate 0.1 is too large for this diagram (try 0.01)" in line
    assert line.endswith(f"{out_path} was not written")
    assert not out_path.exists()


def test_a_loss_that_becomes_infinite_at_once_is_an_error_too(capsys):
    line = run_error(capsys, LINEAR, "--steps", "10", "--lr", "1e200")
    assert line.startswith('error: stopped at step 1 of 10: the loss "L" grew from 0.85 to ∞; ')


def test_json_of_a_diverging_run_says_why_it_stopped_and_what_it_did(capsys):
    code = main(["train", LINEAR, "--steps", "100", "--lr", "0.1", "--json"])
    out, err = capsys.readouterr()
    assert code == 2 and err.startswith("error: stopped at step 3 of 100") and "Traceback" not in err
    report = json.loads(out)
    expected = train(fileformat.load(LINEAR), steps=100, lr=0.1)
    assert report["stopped"] == expected.stopped and report["stopped"].startswith("Stopped at step 3 of 100: ")
    assert report["losses"] == expected.losses and len(report["losses"]) == 4
    np.testing.assert_array_equal(report["values"]["theta"], expected.final_values[expected.variables[0]])


def test_exit_status_2_prints_json_only_for_a_run_that_stopped_and_help_says_so(capsys):
    """One rule, in train --help: status 2 is one error: line; with --json, a run that stopped
    early still prints what it did ("stopped" saying why), an error before any step prints nothing."""
    assert main(["train", LINEAR, "--lr", "5", "--steps", "50", "--json"]) == 2
    out, err = capsys.readouterr()
    assert json.loads(out)["stopped"].startswith("Stopped at step 1 of 50: ")
    assert err.startswith("error: stopped at step 1 of 50") and len(err.splitlines()) == 1
    assert "no such file" in run_error(capsys, "missing.json", "--json")
    assert "--steps" in run_error(capsys, LINEAR, "--steps", "0", "--json")
    assert main(["train", "--help"]) == 0
    help_text = " ".join(capsys.readouterr().out.split())
    assert "exit status:" in help_text
    assert (
        "a user error (a bad file or option): one error: line on stderr, nothing on stdout, with --json too"
        in help_text
    )
    assert "nothing on stdout, except with --json the JSON of the steps done on stdout" in help_text
    assert 'its "stopped" saying why' in help_text


def test_a_run_that_stopped_prints_nothing_on_stdout_without_json_as_help_says(capsys):
    assert main(["train", LINEAR, "--lr", "5", "--steps", "50"]) == 2
    out, err = capsys.readouterr()
    assert out == "" and err.startswith("error: stopped at step 1 of 50") and len(err.splitlines()) == 1


def test_a_loss_that_reaches_zero_from_below_prints_0_never_minus_0(capsys):
    """Adam on the cross-entropy of 07 drives the loss to −0.0 in floating point."""
    args = (NETWORK, "--lr", "1", "--steps", "30", "--optimizer", "adam")
    out = run_ok(capsys, *args, "--json")
    losses = json.loads(out)["losses"]
    assert "-0.0" not in out and losses[-1] == 0 and all(np.copysign(1, v) == 1 for v in losses)
    table = run_ok(capsys, *args)
    assert table.splitlines()[0].endswith("→ 0") and "  30    0\n" in table


def test_without_settings_the_shared_defaults_train_the_linear_model(capsys):
    from graphviz_app.core import train_defaults

    report = json.loads(run_ok(capsys, LINEAR, "--json"))
    expected = train(
        fileformat.load(LINEAR),
        steps=train_defaults.STEPS,
        lr=train_defaults.LEARNING_RATE,
        optimizer=train_defaults.OPTIMIZER,
    )
    assert report["losses"] == expected.losses and len(report["losses"]) == train_defaults.STEPS + 1
    assert report["stopped"] is None and report["losses"][-1] < 0.05


def test_the_reviewed_command_now_stops_with_status_2_and_no_traceback(capsys):
    """The command of the review (the old default rate 0.1): one line, status 2 (in this process;
    test_train_runs_as_a_program runs an error as a program)."""
    line = run_error(capsys, LINEAR, "--steps", "100", "--lr", "0.1")
    assert line.startswith("error: stopped at step 3 of 100: the loss") and "(try 0.01)" in line


def test_an_unwritable_destination_gives_one_error_line(tmp_path, capsys):
    line = run_error(capsys, LINEAR, "--steps", "2", "--lr", "0.01", "-o", str(tmp_path / "no" / "such" / "dir.json"))
    assert "cannot save" in line and "dir.json" in line


def test_train_runs_as_a_program():
    proc = subprocess.run(
        [sys.executable, "-m", "graphviz_app", "train", LINEAR, "--steps", "3", "--lr", "0.01", "--json"],
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert proc.returncode == 0, proc.stderr
    assert len(json.loads(proc.stdout)["losses"]) == 4
    bad = subprocess.run(
        [sys.executable, "-m", "graphviz_app", "train", LINEAR, "--steps", "0", "--lr", "0.01"],
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert bad.returncode == 2 and bad.stdout == "" and bad.stderr.startswith("error: --steps")


def test_output_named_as_its_card_shows_it(capsys):
    report = json.loads(run_ok(capsys, LINEAR, "--steps", "1", "--lr", "0.02", "--output", "L", "--json"))
    assert list(report["values"]) == ["theta"]
    by_letter = json.loads(run_ok(capsys, str(EXAMPLES / "06_h_of_Wa.json"), "--steps", "1", "--lr", "0.1", "--json"))
    assert by_letter["losses"]


def test_a_run_away_variable_is_an_error_even_when_the_loss_stays_bounded(capsys, tmp_path):
    line = run_error(capsys, str(EXAMPLES / "04_sin_of_square.json"), "--lr", "100", "--steps", "50")
    assert line.startswith("error: stopped at step ") and 'the variable "x" grew from ' in line
    assert line.endswith("the learning rate 100 is too large for this diagram (try 1)")  # (10 runs away too)


def test_a_diagram_whose_answer_is_millions_trains_to_it(capsys, tmp_path):
    path = tmp_path / "big.json"
    ga.trace(lambda w, x, y: (y - w * x) ** 2, w=0.0, x=1.0, y=3e6, constants=("x", "y")).save(path)
    report = json.loads(run_ok(capsys, str(path), "--steps", "50", "--lr", "0.25", "--json"))
    assert report["values"]["w"] == pytest.approx(3e6)


@pytest.mark.parametrize("optimizer", ["sgd", "momentum", "adam"])
def test_a_learning_rate_that_overflows_gives_one_error_line_and_no_numpy_warning(capsys, optimizer):
    import warnings

    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        line = run_error(capsys, LINEAR, "--lr", "1e308", "--optimizer", optimizer)
    assert [str(w.message) for w in caught] == []
    assert line.startswith('error: stopped at step 1 of 100: the loss "L" grew from 0.85 to ∞')
    assert "the learning rate 1e308 is too large" in line


def fit_file(tmp_path, frozen_y: bool = False) -> str:
    """sum((Y − X·W)²) with X, Y and W all trainable (as g.save or a hand-written file has it)."""
    from graphviz_app.core.expr import parse_expression

    g = parse_expression("sum((Y - X @ W)**2)")
    if frozen_y:
        g.set_trainable(g.find("Y"), False)
    path = tmp_path / "fit.json"
    fileformat.save(g, path)
    return str(path)


def test_data_names_are_left_alone_as_the_train_dialog_leaves_them_with_a_note(tmp_path, capsys):
    code = main(["train", fit_file(tmp_path), "--steps", "3", "--json"])
    out, err = capsys.readouterr()
    assert code == 0
    assert list(json.loads(out)["values"]) == ["W"]
    assert err.count("\n") == 1 and err.startswith("note: Y, X left as data, not trained")
    assert "--train NAME,..." in err and "--train-all" in err


def test_train_all_and_train_names_choose_the_variables(tmp_path, capsys):
    path = fit_file(tmp_path)
    assert list(json.loads(run_ok(capsys, path, "--steps", "3", "--json", "--train-all"))["values"]) == ["Y", "X", "W"]
    assert list(json.loads(run_ok(capsys, path, "--steps", "3", "--json", "--train", "W, X"))["values"]) == ["X", "W"]
    assert run_error(capsys, path, "--train", "Q") == 'error: --train Q: no variable is named "Q" (trainable: Y, X, W)'
    assert "--train must name" in run_error(capsys, path, "--train", ",")


def test_a_variable_the_file_freezes_stays_frozen_whatever_is_asked(tmp_path, capsys):
    path = fit_file(tmp_path, frozen_y=True)
    assert list(json.loads(run_ok(capsys, path, "--steps", "3", "--json", "--train-all"))["values"]) == ["X", "W"]
    line = run_error(capsys, path, "--train", "Y")
    assert line == 'error: --train Y: "Y" is a variable marked not trainable (trainable: X, W)'
    code = main(["train", path, "--steps", "3", "--json"])
    out, err = capsys.readouterr()
    assert code == 0 and list(json.loads(out)["values"]) == ["W"]
    assert err.startswith("note: X left as data")


def test_only_data_names_trainable_asks_which_to_train(tmp_path, capsys):
    from graphviz_app.core.expr import parse_expression

    path = tmp_path / "data.json"
    fileformat.save(parse_expression("sum((Y - X)**2)"), path)
    line = run_error(capsys, str(path))
    assert "--train NAME,..." in line and "--train-all" in line
    assert run_ok(capsys, str(path), "--steps", "2", "--train-all")


def test_a_wrong_train_name_names_the_option_and_offers_only_trainable_variables(capsys):
    """Walk 9: the ops, and the data a file keeps constant, cannot train: they are not offered."""
    line = run_error(capsys, NETWORK, "--train", "W1,Z")
    assert line == 'error: --train Z: no variable is named "Z" (trainable: W1, b1, W2, b2)'
    assert (
        run_error(capsys, NETWORK, "--train", "w1")
        == 'error: --train w1: no variable is named "w1" (did you mean "W1"?)'
    )
    # a name typed as its card's label is spelled (theta for θ) is offered as --output offers it
    assert run_error(capsys, LINEAR, "--train", "thta").endswith('no variable is named "thta" (did you mean "θ"?)')
    for name, what in [("x", "a constant"), ("h", "an op's result")]:  # (the input, an op)
        line = run_error(capsys, NETWORK, "--train", f"W1,{name}")
        assert line.startswith(f'error: --train {name}: "{name}" is {what}, not a trainable variable (trainable: W1, ')


def test_a_wrong_train_name_in_a_model_of_hundreds_lists_a_few_and_the_count(tmp_path, capsys):
    path = many_variables_file(tmp_path / "wide.json", 30)
    line = run_error(capsys, str(path), "--train", "Q")
    assert line.startswith('error: --train Q: no variable is named "Q" (trainable: w0, w1, ')
    assert line.endswith(", w11, … (30 in all))")


def test_o_says_what_it_wrote_on_stdout_as_export_does(tmp_path, capsys):
    out_path = tmp_path / "trained.json"
    out = run_ok(capsys, LINEAR, "--steps", "5", "--lr", "0.02", "-o", str(out_path))
    assert out.splitlines()[-1] == f"wrote {out_path}" and out.startswith("SGD, learning rate 0.02, 5 steps")
    assert fileformat.load(out_path).node(fileformat.load(out_path).find("theta")).value.shape == (2,)


def test_steps_whose_record_would_not_fit_memory_are_refused_before_training():
    """Every iterate's values and gradients are kept for the window to play back: example 09's
    101,770 trainable numbers make 100,000 steps 150 GB, refused at once with the steps that fit."""
    mnist = fileformat.load(EXAMPLES / "09_mnist_sized_network.json")
    with pytest.raises(UserError) as refused:
        train(mnist, steps=100_000, lr=0.1)
    assert refused.value.message.startswith("cannot train 100,000 steps: every iterate is kept")
    assert "101,770 trainable numbers, 1.6 MB each), 151.7 GB in all; at most 1,317 steps fit in 2.0 GB" in (
        refused.value.message
    )


def test_the_command_line_keeps_only_what_it_reports_so_any_run_length_fits():
    """`graphviz-app train` reports the losses and the values at both ends: it keeps no other iterate,
    and its numbers are those of a run that keeps them all."""
    graph = fileformat.load(NETWORK)
    full = train(graph, steps=40, lr=0.05, optimizer="adam")
    thin = train(graph, steps=40, lr=0.05, optimizer="adam", keep_iterates=False)
    assert thin.losses == full.losses and thin.steps == full.steps == 40
    assert sum(v is not None for v in thin.values) <= 3 and thin.values[20] is None
    for v in full.variables:
        assert np.array_equal(thin.values[0][v], full.values[0][v])
        assert np.array_equal(thin.final_values[v], full.final_values[v])
