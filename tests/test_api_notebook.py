"""The tour notebook runs start to finish in a real Jupyter kernel (nbclient + ipykernel)."""

import json
import sys
from pathlib import Path

import pytest
from api_helpers import skip_without_ops

nbformat = pytest.importorskip("nbformat")
nbclient = pytest.importorskip("nbclient")
pytest.importorskip("ipykernel")

TOUR = Path(__file__).resolve().parents[1] / "docs" / "tour.ipynb"


KERNEL = "graphviz-app-tests"


@pytest.fixture
def kernel_of_this_interpreter(tmp_path, monkeypatch):
    """A kernelspec that runs the interpreter running the tests (whatever kernels the user has
    installed): Jupyter looks in JUPYTER_PATH first."""
    folder = tmp_path / "jupyter" / "kernels" / KERNEL
    folder.mkdir(parents=True)
    spec = {
        "argv": [sys.executable, "-m", "ipykernel_launcher", "-f", "{connection_file}"],
        "display_name": "graphviz_app tests",
        "language": "python",
    }
    (folder / "kernel.json").write_text(json.dumps(spec), encoding="utf-8")
    monkeypatch.setenv("JUPYTER_PATH", str(tmp_path / "jupyter"))
    return KERNEL


@pytest.mark.timeout(600)
def test_the_tour_notebook_runs(tmp_path, kernel_of_this_interpreter):
    skip_without_ops("sin", "pow", "add", "sub", "matmul", "sum", "tanh")
    notebook = nbformat.read(TOUR, as_version=4)
    work = tmp_path / "work"
    work.mkdir()
    client = nbclient.NotebookClient(
        notebook, kernel_name=kernel_of_this_interpreter, timeout=300, resources={"metadata": {"path": str(work)}}
    )
    client.execute()  # raises CellExecutionError with the cell and its traceback
    outputs = [out for cell in notebook.cells if cell.cell_type == "code" for out in cell.outputs]
    kinds = {kind for out in outputs for kind in out.get("data", {})}
    assert "image/png" in kinds  # the graph shown inline
    assert "image/svg+xml" in kinds
    html = [out["data"]["text/html"] for out in outputs if "text/html" in out.get("data", {})]
    assert any("graphviz-app-animation" in h and "data:image/png;base64," in h for h in html)
    assert not [out for out in outputs if out.output_type == "error"]
    assert (work / "linear_model.json").exists() and (work / "linear_model.png").exists()
