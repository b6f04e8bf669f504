"""docs/modules.md names every module of the package, so the map of the code stays the code's."""

import re
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def documented(text: str) -> set[str]:
    """The modules docs/modules.md names, as paths inside the package: its tree's indented folder
    lines ("  ui/", "    canvas/") give the folder each name on them and below them belongs to; a
    name may carry a path of its own from there (canvas/connect_input.py on a line of ui/)."""
    found: set[str] = set()
    folders: list[tuple[int, str]] = []  # (indent, folder name), outermost first
    for line in text.splitlines():
        indent = len(line) - len(line.lstrip())
        folder = re.match(r"^( *)([a-z_]+)/(\s|$)", line)
        if folder:
            folders = [f for f in folders if f[0] < indent] + [(indent, folder.group(2))]
        elif re.match(r"[a-z_0-9]+\.py\b", line.lstrip()):  # an entry: the folders it is beside end
            folders = [f for f in folders if f[0] < indent]
        inside = [name for i, name in folders if i <= indent]
        for path, name in re.findall(r"(?<![\w/])((?:[a-z_]+/)*)([a-z_0-9]+\.py)\b", line):
            found.add("/".join([*inside, *path.strip("/").split("/"), name]).replace("//", "/").strip("/"))
    return found


def test_every_module_is_named_in_docs_modules():
    text = (ROOT / "docs" / "modules.md").read_text(encoding="utf-8")
    names = documented(text)
    package = ROOT / "graphviz_app"
    missing = [
        str(path.relative_to(ROOT))
        for path in sorted(package.rglob("*.py"))
        if path.name not in ("__init__.py", "__main__.py") and str(path.relative_to(ROOT)) not in names
    ]
    assert missing == [], f"add a line for each to docs/modules.md, under its folder: {missing}"
