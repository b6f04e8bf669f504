"""The Qt layer: thin views over graphviz_app.core.

Importing it switches off Qt's GUI thread pool (QT_NO_GUI_THREADPOOL, read when Qt first
paints): the raster engine splits large fills and image scaling across that pool, and a canvas
repaint is hundreds of small draws, each paying for waking the pool's threads and waiting for
them. On a two-core machine a pan or zoom of a 1000-node graph repainted about twice as fast
without it (benchmarks/canvas.py).

It also keeps the garbage collector from freeing anything on a thread other than the GUI
thread (collect_on_gui_thread.py): Qt objects must be destroyed on the GUI thread.
"""

import os

from .collect_on_gui_thread import install as _install_collection_on_gui_thread

os.environ.setdefault("QT_NO_GUI_THREADPOOL", "1")
_install_collection_on_gui_thread()
