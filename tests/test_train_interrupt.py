"""Ctrl+C during `graphviz-app train`: the steps done are reported and saved, no traceback, exit 130."""

import json
import signal
import subprocess
import sys
from pathlib import Path

import numpy as np
import pytest

from graphviz_app.core import fileformat
from graphviz_app.core.train import train

EXAMPLES = Path(__file__).resolve().parents[1] / "resources" / "examples"
BIG = str(EXAMPLES / "09_mnist_sized_network.json")  # slow enough per step for a progress line
LINEAR = str(EXAMPLES / "05_linear_model.json")


def interrupted_run(*argv: str) -> tuple[int, str, str, str]:
    """Start `train`, wait for its first progress line on stderr, press Ctrl+C (SIGINT)."""
    process = subprocess.Popen(
        [sys.executable, "-m", "graphviz_app", "train", BIG, "--steps", "1300", *argv],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        encoding="utf-8",
        preexec_fn=lambda: signal.signal(signal.SIGINT, signal.SIG_DFL),  # (a background shell ignores it)
    )
    first = process.stderr.readline()
    process.send_signal(signal.SIGINT)
    out, err = process.communicate(timeout=120)
    return process.returncode, first, out, err


@pytest.mark.skipif(sys.platform == "win32", reason="SIGINT to a child process is a POSIX feature")
def test_ctrl_c_reports_the_steps_done_and_saves_the_values_reached(tmp_path):
    saved = tmp_path / "trained.json"
    code, first, out, err = interrupted_run("-o", str(saved))
    assert first.startswith("step ") and "of 1300: loss " in first and "Ctrl+C" in first
    assert code == 130
    assert "Traceback" not in err
    error_lines = [line for line in err.splitlines() if line.startswith("error: ")]
    assert len(error_lines) == 1, err
    assert error_lines[0].startswith("error: interrupted at step ")
    done = int(error_lines[0].split("interrupted at step ")[1].split()[0])
    assert 1 <= done < 1300
    assert f"{saved} holds the values after step {done}" in error_lines[0]
    assert f"{done} steps (interrupted at step {done} of 1300)" in out.splitlines()[0]
    assert f"wrote {saved}" in out
    graph = fileformat.load(saved)  # the weights reached, not the starting ones
    start = fileformat.load(BIG)
    w1 = next(n for n in graph.nodes() if n.name == "W1")
    assert not np.allclose(w1.value, next(n for n in start.nodes() if n.name == "W1").value)


@pytest.mark.skipif(sys.platform == "win32", reason="SIGINT to a child process is a POSIX feature")
def test_ctrl_c_with_json_prints_the_losses_so_far():
    code, _, out, err = interrupted_run("--json")
    assert code == 130
    report = json.loads(out)
    done = len(report["losses"]) - 1
    assert done >= 1
    assert report["stopped"] == f"Interrupted at step {done} of 1300 (Ctrl+C)"
    assert set(report["values"]) == {"W1", "b1", "W2", "b2"}
    assert f"error: interrupted at step {done} of 1300" in err
    assert "Traceback" not in err


def test_an_interrupted_run_keeps_the_iterates_done():
    graph = fileformat.load(LINEAR)

    def press_ctrl_c(k: int, loss: float) -> None:
        if k == 3:
            raise KeyboardInterrupt

    result = train(graph, steps=50, lr=0.01, interruptible=True, on_loss=press_ctrl_c)
    assert result.interrupted
    assert result.steps == 3
    assert len(result.losses) == len(result.values) == len(result.gradients) == 4
    full = train(graph, steps=3, lr=0.01)
    assert result.losses == full.losses


def test_without_interruptible_ctrl_c_propagates():
    def press_ctrl_c(k: int, loss: float) -> None:
        raise KeyboardInterrupt

    with pytest.raises(KeyboardInterrupt):
        train(fileformat.load(LINEAR), steps=5, lr=0.01, on_loss=press_ctrl_c)
