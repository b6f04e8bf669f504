"""docs/modules.md names every module of the package, so the map of the code stays the code's."""

from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def test_every_module_is_named_in_docs_modules():
    text = (ROOT / "docs" / "modules.md").read_text(encoding="utf-8")
    package = ROOT / "graphviz_app"
    missing = [
        str(path.relative_to(ROOT))
        for path in sorted(package.rglob("*.py"))
        if path.name not in ("__init__.py", "__main__.py") and path.name not in text
    ]
    assert missing == [], f"add a line for each to docs/modules.md: {missing}"
