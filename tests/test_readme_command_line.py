"""The README's command-line section names every option `graphviz-app export --help` offers, and
says that --layout is for pictures as well as LaTeX (as the help's option list has it)."""

from __future__ import annotations

import re
from pathlib import Path

from graphviz_app.cli import main

README = (Path(__file__).resolve().parents[1] / "README.md").read_text(encoding="utf-8")
SECTION = README.split("## Command line", 1)[1].split("\n## ", 1)[0]


def export_options(capsys) -> set[str]:
    assert main(["export", "--help"]) == 0
    help_text = capsys.readouterr().out
    options = help_text.split("options:", 1)[1].split("examples:", 1)[0]
    return set(re.findall(r"(?<![\w-])--[a-z][a-z-]*", options)) - {"--help"}


def test_every_export_option_is_in_the_readme(capsys):
    missing = sorted(o for o in export_options(capsys) if o not in SECTION)
    assert not missing, f"README's command line omits {missing}"


def test_layout_is_shown_for_picture_exports_too():
    picture_lines = [line for line in SECTION.splitlines() if re.search(r"-o OUT\.(png|gif)\b", line)]
    assert picture_lines and all("--layout" in line for line in picture_lines)
    assert "pictures (PNG, SVG, PDF, GIF, APNG) and LaTeX alike" in SECTION
