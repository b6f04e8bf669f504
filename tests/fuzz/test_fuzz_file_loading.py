"""The file loader on mutated examples, mutated bytes and arbitrary bytes: a graph or one FileFormatError line.

A graph that loads must save to the same text, evaluate, and run backward without anything
but UserErrors.
"""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from fuzz.budget import fuzz_settings, outcome
from fuzz.inputs import mutated_bytes, mutated_documents, mutated_texts, to_bytes, to_text
from graphviz_app.core import engine, fileformat


def loaded_graph_behaves(graph) -> None:
    text = fileformat.dumps(graph)
    assert fileformat.dumps(fileformat.loads(text)) == text  # what loads saves and opens again
    evaluation = outcome(lambda: engine.evaluate(graph))
    if evaluation is not None and graph.output is not None:
        outcome(lambda: engine.backward(graph, evaluation=evaluation, seed="jacobian"))


@pytest.fixture(scope="module")
def folder(tmp_path_factory):
    return tmp_path_factory.mktemp("fuzz_files")


@fuzz_settings(120)
@given(mutated_documents())
def test_mutated_documents(case):
    doc, ascii_only = case
    graph = outcome(lambda: fileformat.loads(to_text(doc, ascii_only), source="fuzz.json"))
    if graph is not None:
        loaded_graph_behaves(graph)


@fuzz_settings(80)
@given(mutated_texts())
def test_mutated_texts(text):
    graph = outcome(lambda: fileformat.loads(text, source="fuzz.json"))
    if graph is not None:
        loaded_graph_behaves(graph)


@fuzz_settings(40)
@given(st.one_of(mutated_bytes(), st.binary(max_size=300), mutated_texts().map(to_bytes)))
def test_mutated_and_arbitrary_bytes_from_a_file(folder, data):
    path = folder / "fuzz.json"
    path.write_bytes(data)
    graph = outcome(lambda: fileformat.load(path))
    if graph is not None:
        loaded_graph_behaves(graph)
