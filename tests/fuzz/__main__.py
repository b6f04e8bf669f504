"""Long fuzzing and soak runs: `python -m tests.fuzz --minutes N [--soak ACTIONS]` from the repository root.

Runs the fuzz tests again and again with fresh random input (GRAPHVIZ_FUZZ_LONG=1: many examples
per round, failures kept in .hypothesis/ and replayed first next time) until N minutes have passed,
then, with --soak, the soak test with ACTIONS random editor actions per seed. Exit status 1 at the
first failure, whose minimal example hypothesis prints.
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def pytest(args: list[str], env: dict[str, str]) -> int:
    command = [sys.executable, "-m", "pytest", "-x", "-q", "-rxX", "-p", "no:cacheprovider"]
    command += ["-W", "ignore::hypothesis.errors.HypothesisWarning", *args]  # (large examples' reprs)
    return subprocess.run(command, cwd=ROOT, env=env).returncode


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m tests.fuzz", description=__doc__.split("\n\n")[0])
    parser.add_argument("--minutes", type=float, default=10.0, help="how long to fuzz (default 10; 0: no fuzzing)")
    parser.add_argument("--factor", type=int, default=5, help="examples per round, times the suite's (default 5)")
    parser.add_argument("--soak", type=int, default=0, metavar="ACTIONS", help="then soak with ACTIONS actions")
    args = parser.parse_args(argv)
    env = dict(os.environ, GRAPHVIZ_FUZZ_LONG="1", GRAPHVIZ_FUZZ_FACTOR=str(args.factor))
    env.setdefault("QT_QPA_PLATFORM", "offscreen")
    deadline = time.monotonic() + args.minutes * 60
    rounds = 0
    while time.monotonic() < deadline:
        rounds += 1
        print(f"fuzz round {rounds} ({(deadline - time.monotonic()) / 60:.1f} minutes left)", flush=True)
        if pytest(["tests/fuzz"], env) != 0:
            print(f"fuzzing found a failure in round {rounds}", file=sys.stderr)
            return 1
    if args.soak:
        print(f"soak: {args.soak} actions per seed", flush=True)
        if pytest(["tests/test_soak.py"], dict(env, GRAPHVIZ_SOAK_ACTIONS=str(args.soak))) != 0:
            print("the soak test failed", file=sys.stderr)
            return 1
    print(f"done: {rounds} fuzz rounds" + (f", soak of {args.soak} actions" if args.soak else "") + ", no failure")
    return 0


if __name__ == "__main__":
    sys.exit(main())
