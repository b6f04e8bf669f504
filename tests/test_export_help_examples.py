"""Every example `graphviz-app export --help` shows runs as shown (in a folder holding
model.json), and writes the files it names: the first thing a user copies from the help works."""

from __future__ import annotations

import shlex
import shutil

from test_export_support import LINEAR

from graphviz_app.cli import main


def help_examples(capsys) -> list[tuple[list[str], str]]:
    """(the command's arguments after `graphviz-app`, its comment) for each example line."""
    try:
        main(["export", "--help"])
    except SystemExit:
        pass
    text = capsys.readouterr().out.split("examples:", 1)[1]
    examples = []
    for line in text.splitlines():
        command, _, comment = line.strip().partition("#")
        if command.startswith("graphviz-app export"):  # (a pipe's other end is another program)
            examples.append((shlex.split(command.partition("|")[0])[1:], comment))
    return examples


def test_every_help_example_runs_as_shown(qapp, tmp_path, capsys, monkeypatch):
    shutil.copy(LINEAR, tmp_path / "model.json")
    monkeypatch.chdir(tmp_path)
    examples = help_examples(capsys)
    assert any("--all-steps" in args for args, _ in examples)
    for args, comment in examples:
        capsys.readouterr()  # (what the examples before printed)
        assert main(args) == 0, (args, capsys.readouterr().err)
        said = capsys.readouterr().out
        out = tmp_path / args[args.index("-o") + 1]
        if args[args.index("-o") + 1] == "-":  # written down the pipe, no file
            assert said.startswith("digraph") and not (tmp_path / "-").exists()
        elif "--all-steps" in args:
            assert (tmp_path / "step_000.png").is_file() and (tmp_path / "step_001.png").is_file()
            assert "step_000.png" in comment and "folder named in -o must exist" in comment  # (as the help says)
        else:
            assert out.is_file(), args
