"""A bad command line points at the help of the command that was typed, in one line on stderr."""

import pytest
from test_cli import run_error as one_error_line


@pytest.mark.parametrize(
    "argv, bad, helped",
    [
        (["export", "model.json", "--bogus"], "--bogus", "graphviz-app export --help"),
        (
            ["export", "model.json", "-o", "x.png", "--frames-per-second", "3"],
            "--frames-per-second",
            "graphviz-app export --help",
        ),
        (["grad", "--bogus"], "--bogus", "graphviz-app grad --help"),
        (["grad", "a.json", "b.json"], "b.json", "graphviz-app grad --help"),
        (["--bogus"], "--bogus", "graphviz-app --help"),
    ],
)
def test_unknown_arguments_point_at_the_subcommand_help(capsys, argv, bad, helped):
    line = one_error_line(capsys, *argv)
    assert bad in line
    assert line.endswith(f"(see {helped})")


def test_subcommand_argument_errors_keep_their_own_help(capsys):
    assert one_error_line(capsys, "grad", "--set").endswith("(see graphviz-app grad --help)")
    assert one_error_line(capsys, "export").endswith("(see graphviz-app export --help)")
