"""The tour notebook runs start to finish in a real Jupyter kernel (nbclient + ipykernel)."""

from pathlib import Path

import pytest
from api_helpers import skip_without_ops

nbformat = pytest.importorskip("nbformat")
nbclient = pytest.importorskip("nbclient")
pytest.importorskip("ipykernel")

TOUR = Path(__file__).resolve().parents[1] / "docs" / "tour.ipynb"


@pytest.mark.timeout(600)
def test_the_tour_notebook_runs(tmp_path):
    skip_without_ops("sin", "pow", "add", "sub", "matmul", "sum", "tanh")
    notebook = nbformat.read(TOUR, as_version=4)
    # "python3" is the kernel of the interpreter running the tests (jupyter_client's native kernel)
    client = nbclient.NotebookClient(
        notebook, kernel_name="python3", timeout=300, resources={"metadata": {"path": str(tmp_path)}}
    )
    client.execute()  # raises CellExecutionError with the cell and its traceback
    outputs = [out for cell in notebook.cells if cell.cell_type == "code" for out in cell.outputs]
    kinds = {kind for out in outputs for kind in out.get("data", {})}
    assert "image/png" in kinds  # the graph shown inline
    assert "image/svg+xml" in kinds
    html = [out["data"]["text/html"] for out in outputs if "text/html" in out.get("data", {})]
    assert any("graphviz-app-animation" in h and "data:image/png;base64," in h for h in html)
    assert not [out for out in outputs if out.output_type == "error"]
    assert (tmp_path / "linear_model.json").exists() and (tmp_path / "linear_model.png").exists()
