"""`graphviz-app grad` and `export` on mutated examples: exit 0 with the output, or exit 2 with one `error:` line."""

from __future__ import annotations

import contextlib
import io
import json
import xml.etree.ElementTree as ET

import pytest
from hypothesis import given
from hypothesis import strategies as st

from fuzz.budget import check_cli, fuzz_settings, outcome
from fuzz.inputs import SMALL_TEXTS, mutated_documents, mutated_texts, to_bytes, to_text
from graphviz_app.cli import main


def run(argv: list[str], traced: bool = True) -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        code = outcome(lambda: main(argv), **({} if traced else {"traced_mb": None}))
    return code, out.getvalue(), err.getvalue()


@pytest.fixture(scope="module")
def folder(tmp_path_factory):
    return tmp_path_factory.mktemp("fuzz_commands")


documents = st.one_of(
    mutated_documents().map(lambda case: to_bytes(to_text(*case))),
    mutated_texts().map(to_bytes),
)


@fuzz_settings(25)
@given(documents)
def test_grad(folder, data):
    path = folder / "grad.json"
    path.write_bytes(data)
    code, out, err = run(["grad", str(path), "--json"])
    check_cli(code, out, err)
    if code == 0:
        report = json.loads(out)
        assert set(report) == {"value", "shape", "gradients", "jacobians", "nodes", "groups"}


@fuzz_settings(6)
@given(
    st.one_of(
        mutated_documents().map(lambda case: to_bytes(to_text(*case))),
        st.sampled_from(SMALL_TEXTS).map(to_bytes),
    ),
    st.sampled_from(["out.png", "out.svg", "out.pdf"]),
    st.sampled_from([[], ["--step", "1"], ["--step", "2"]]),
)
def test_export(qapp, folder, data, name, step):
    path = folder / "export.json"
    path.write_bytes(data)
    target = folder / name
    target.unlink(missing_ok=True)
    code, out, err = run(["export", str(path), "-o", str(target), *step], traced=False)
    check_cli(code, out, err)
    assert target.exists() == (code == 0)
    if code == 0 and name.endswith(".svg"):
        ET.parse(target)  # well-formed XML whatever the names hold
