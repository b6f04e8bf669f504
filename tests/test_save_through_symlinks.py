"""Saving to a name that is a symbolic link writes the file it points to: the link stays a link
(a diagram kept in a git repository or a shared folder and linked from elsewhere is saved there)."""

import os
import stat
from pathlib import Path

import pytest

from graphviz_app.cli import main
from graphviz_app.core import fileformat
from graphviz_app.core.file_access import write_atomically

EXAMPLES = Path(__file__).resolve().parents[1] / "resources" / "examples"

pytestmark = pytest.mark.skipif(not hasattr(os, "symlink") or os.name == "nt", reason="symbolic links")


@pytest.fixture
def linked(tmp_path):
    real = tmp_path / "real"
    real.mkdir()
    target = real / "model.json"
    target.write_text((EXAMPLES / "04_sin_of_square.json").read_text(encoding="utf-8"), encoding="utf-8")
    target.chmod(0o640)
    link = tmp_path / "link.json"
    link.symlink_to(Path("real") / "model.json")
    return link, target


def test_a_save_through_a_link_writes_its_target_and_keeps_the_link(linked):
    link, target = linked
    write_atomically(link, "new text\n")
    assert link.is_symlink() and os.readlink(link) == os.path.join("real", "model.json")
    assert target.read_text(encoding="utf-8") == "new text\n"
    assert stat.S_IMODE(target.stat().st_mode) == 0o640  # the target's mode, kept
    assert sorted(p.name for p in target.parent.iterdir()) == ["model.json"]  # no temporary left


def test_train_o_through_a_link_saves_the_trained_diagram_in_the_target(linked, capsys):
    link, target = linked
    assert main(["train", str(link), "--steps", "3", "--lr", "0.1", "-o", str(link)]) == 0, capsys.readouterr().err
    assert link.is_symlink()
    assert float(fileformat.load(target).node(fileformat.load(target).find("x")).value) != 1.2


def test_export_through_a_link_writes_its_target(tmp_path, capsys):
    picture = tmp_path / "pictures" / "chain.dot"
    picture.parent.mkdir()
    picture.write_text("old", encoding="utf-8")
    link = tmp_path / "chain.dot"
    link.symlink_to(picture)
    assert main(["export", str(EXAMPLES / "04_sin_of_square.json"), "-o", str(link)]) == 0, capsys.readouterr().err
    assert link.is_symlink() and picture.read_text(encoding="utf-8").startswith("digraph")
