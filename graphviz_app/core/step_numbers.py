"""The steps of a backward pass as people read them, numbered from 1: "step 4 / 12", a collapsed
group's stop "steps 4–6 / 12". The window's step bar, the canvas's banner, the Inspector and the
exports all write a stop's steps with numbered_steps (a single step numbered otherwise, a training
run's in the Training dock's bar: one_step), so each says it alike: " / " with its spaces
in titles and bars, " of " inside a sentence ("Backward step 3 of 7")."""

from __future__ import annotations

MAX_RUNS = 2  # runs listed one by one ("steps 2, 4–5 / 6"); more are said by count and span


def numbered_steps(steps: list[int], count: int, sep: str = " / ") -> str:
    """0-based sorted trace steps, of a pass of `count` steps: "step 4 / 12"; one run "steps 4–6 /
    12"; two "steps 2, 4–5 / 6" (step 3 is another node's); more (a group whose steps interleave
    with the rest of the pass) as how many and from where to where, "26 steps (159–1000) / 1000",
    short enough for a step bar and a banner however many runs there are."""
    if len(steps) == 1:
        return one_step(steps[0] + 1, count, sep)
    runs = _runs(steps)
    if len(runs) > MAX_RUNS:
        return f"{len(steps)} steps ({steps[0] + 1}–{steps[-1] + 1}){sep}{count}"
    return f"steps {', '.join(_run_text(r) for r in runs)}{sep}{count}"


def one_step(number: int | str, count: int, sep: str = " / ") -> str:
    """One step numbered as shown, of `count`: "step 4 / 12" (number: as people read it, from 1 in a
    backward pass, from 0 in a training run, whose step 0 is its start; "–" for none)."""
    return f"step {number}{sep}{count}"


def _runs(steps: list[int]) -> list[list[int]]:
    """Consecutive steps together: [1, 3, 4] -> [[1], [3, 4]]."""
    runs: list[list[int]] = []
    for k in steps:
        if runs and k == runs[-1][-1] + 1:
            runs[-1].append(k)
        else:
            runs.append([k])
    return runs


def _run_text(run: list[int]) -> str:
    return f"{run[0] + 1}" if len(run) == 1 else f"{run[0] + 1}–{run[-1] + 1}"
