"""The program settles Python's cycle collector once per document (ui/collector.py)."""

from __future__ import annotations

import gc
import weakref

from graphviz_app.ui import collector


def test_settling_the_collector_sets_survivors_aside_and_frees_what_was_dropped(qtbot):
    class Cycle:
        pass

    a = Cycle()
    a.me = a
    try:
        collector.settle()
        assert gc.get_freeze_count() > 0
        gone = weakref.ref(a)
        del a
        gc.collect()
        assert gone() is not None  # set aside: a plain collection does not look at it
        collector.settle()
        assert gone() is None  # the next settle looks again, and frees it
    finally:
        gc.unfreeze()


def test_the_program_settles_the_collector_after_each_document(qtbot, monkeypatch, tmp_path):
    from graphviz_app.ui.main_window import MainWindow

    calls = []
    monkeypatch.setattr(collector, "settle", lambda: calls.append(1))
    w = MainWindow()
    qtbot.addWidget(w)
    w.new_document()
    qtbot.wait(10)
    assert calls == []  # a window in a test (or a script) leaves the collector alone
    w.settle_garbage = True  # as app.run_app sets it
    w.new_document()
    qtbot.waitUntil(lambda: calls == [1])
