"""An installed wheel, not only a checkout, carries resources/ (examples, icons)."""

from __future__ import annotations

import subprocess
import sys
import zipfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def test_wheel_ships_every_resource(tmp_path):
    subprocess.run(
        [
            sys.executable,
            "-m",
            "pip",
            "wheel",
            "--no-deps",
            "--no-build-isolation",
            "-q",
            "-w",
            str(tmp_path),
            str(ROOT),
        ],
        check=True,
        capture_output=True,
        cwd=tmp_path,
    )
    (wheel,) = tmp_path.glob("graphviz_app-*.whl")
    names = set(zipfile.ZipFile(wheel).namelist())
    shipped = {
        "graphviz_app/resources/" + p.relative_to(ROOT / "resources").as_posix()
        for p in (ROOT / "resources").rglob("*")
        if p.is_file() and "__pycache__" not in p.parts
    }
    assert shipped, "resources/ is empty"
    assert shipped <= names, sorted(shipped - names)
    assert "graphviz_app/cli.py" in names
    entry_points = next(n for n in names if n.endswith("entry_points.txt"))
    assert "graphviz-app = graphviz_app.cli:main" in zipfile.ZipFile(wheel).read(entry_points).decode()


def test_resources_found_from_a_checkout():
    from graphviz_app.resources_path import resources_dir

    assert (resources_dir() / "README.md").is_file()
