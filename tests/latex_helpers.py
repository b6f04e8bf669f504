"""pdflatex for the tests that compile the LaTeX export (skipped where it is not installed)."""

import shutil
import subprocess

PDFLATEX = shutil.which("pdflatex")
NO_PDFLATEX = "pdflatex is not installed (Debian: texlive-latex-base)"


def compile_latex(text: str, tmp_path) -> str:
    """The log of pdflatex's run (which must succeed)."""
    (tmp_path / "doc.tex").write_text(text, encoding="utf-8")
    run = subprocess.run(
        [PDFLATEX, "-interaction=nonstopmode", "-halt-on-error", "doc.tex"],
        cwd=tmp_path,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert run.returncode == 0, run.stdout[-2000:]
    assert (tmp_path / "doc.pdf").stat().st_size > 1000
    return (tmp_path / "doc.log").read_text(encoding="latin-1")
