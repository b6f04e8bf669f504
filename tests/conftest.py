"""Test setup: Qt runs offscreen, so GUI tests work on machines without a display."""

import os

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
os.environ.setdefault("GRAPHVIZ_APP_SETTINGS", "test")  # keeps QSettings away from the user's own
