"""What every fuzzed call must satisfy: success or a one-line UserError, in bounded time and memory."""

from __future__ import annotations

import contextlib
import os
import resource
import time
import tracemalloc
from collections.abc import Callable, Iterator
from typing import Any

from hypothesis import HealthCheck, Phase, settings

from graphviz_app.core.errors import UserError

SECONDS = 10.0  # per call; generous: the machine is shared, and a real hang takes far longer
TRACED_MB = 300  # Python and numpy memory one call may hold at its peak
PROCESS_MB = 2500  # the whole process's peak (Qt included), for calls traced by the OS only

LONG = os.environ.get("GRAPHVIZ_FUZZ_LONG") == "1"  # set by `python -m tests.fuzz`


def fuzz_settings(examples: int, shrink: bool = True) -> settings:
    """In the suite: a few reproducible examples. In a long run: many, fresh each round.
    shrink=False for properties expected to fail for now (shrinking them would take minutes)."""
    phases = tuple(Phase) if shrink else (Phase.explicit, Phase.reuse, Phase.generate)
    quiet = [HealthCheck.too_slow, HealthCheck.data_too_large, HealthCheck.large_base_example]
    quiet.append(HealthCheck.filter_too_much)
    if LONG:
        return settings(
            max_examples=examples * int(os.environ.get("GRAPHVIZ_FUZZ_FACTOR", "20")),
            deadline=None,
            suppress_health_check=quiet,
            print_blob=True,
            phases=phases,
        )
    return settings(
        max_examples=examples,
        deadline=None,
        derandomize=True,
        database=None,
        suppress_health_check=quiet,
        phases=phases,
    )


@contextlib.contextmanager
def within_budget(seconds: float = SECONDS, traced_mb: float | None = TRACED_MB) -> Iterator[None]:
    """Time the block, and trace its memory (traced_mb None: only the process's peak, for Qt work)."""
    if traced_mb is not None:
        tracemalloc.start()
    _reset_peak()
    start = time.perf_counter()
    try:
        yield
    finally:
        elapsed = time.perf_counter() - start
        peak = 0
        if traced_mb is not None:
            peak = tracemalloc.get_traced_memory()[1]
            tracemalloc.stop()
    assert elapsed < seconds, f"took {elapsed:.1f} s (budget {seconds:.0f} s)"
    if traced_mb is not None:
        assert peak < traced_mb * 1e6, f"held {peak / 1e6:.0f} MB (budget {traced_mb:.0f} MB)"
    process_mb = _peak_mb()
    assert process_mb < PROCESS_MB, f"the process reached {process_mb:.0f} MB (budget {PROCESS_MB} MB)"


def _reset_peak() -> None:
    """Start the process's peak resident size afresh (Linux), so earlier tests' peaks do not count."""
    with contextlib.suppress(OSError):
        with open("/proc/self/clear_refs", "w") as f:
            f.write("5")


def _peak_mb() -> float:
    """The process's peak resident size since _reset_peak (Linux), else since it started."""
    with contextlib.suppress(OSError):
        with open("/proc/self/status") as f:
            for line in f:
                if line.startswith("VmHWM:"):
                    return int(line.split()[1]) / 1024
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def check_message(message: str) -> None:
    """A UserError's message: one non-empty line that can be printed as UTF-8."""
    assert message.strip(), "empty message"
    assert "\n" not in message and "\r" not in message, f"not one line: {message!r}"
    message.encode("utf-8")  # (a lone surrogate would make printing it fail)
    assert "Traceback" not in message


def outcome(call: Callable[[], Any], **budget) -> Any:
    """call() within the budget: its result, or None after a proper UserError. Anything else fails."""
    with within_budget(**budget):
        try:
            return call()
        except UserError as exc:
            check_message(exc.message)
            return None


def check_cli(code: int, out: str, err: str) -> None:
    """A command's outcome: exit 0; exit 1 for a result that is not a number (the report printed,
    each stderr line a `warning:` saying where it began); or exit 2 with exactly one `error:` line
    and nothing else."""
    assert "Traceback" not in err, err
    if code == 0:
        return
    if code == 1:
        lines = err.splitlines()
        assert out and lines and all(line.startswith("warning: ") for line in lines), err
        return
    assert code == 2, f"exit status {code}: {err}"
    lines = err.splitlines()
    assert len(lines) == 1 and lines[0].startswith("error: "), err
    assert out == "", out
