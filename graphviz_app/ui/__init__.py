"""The Qt layer: thin views over graphviz_app.core.

Importing it switches off Qt's GUI thread pool (QT_NO_GUI_THREADPOOL, read when Qt first
paints): the raster engine splits large fills and image scaling across that pool, and a canvas
repaint is hundreds of small draws, each paying for waking the pool's threads and waiting for
them. On a two-core machine a pan or zoom of a 1000-node graph repainted about twice as fast
without it (benchmarks/canvas.py).
"""

import os

os.environ.setdefault("QT_NO_GUI_THREADPOOL", "1")
