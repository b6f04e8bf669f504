"""The Python API's implementation; `graphviz_app/__init__.py` names what is public.

errors (Error, TraceError, ShapeError), tracing (ga.trace and its tracers), functions (the ops
numpy lacks), graph_handle (ga.Graph, ga.load), and, imported only when used: drawing,
animation, window and qt_app (the one place a QApplication is made).
"""
