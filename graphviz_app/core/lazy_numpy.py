"""numpy, imported on first use rather than with the module that names it.

Importing numpy takes about a tenth of a second, which the window would otherwise
wait for at launch although an empty graph computes nothing. `np.x` works as with
the real module; each name is looked up in numpy once and then kept here.
"""

from __future__ import annotations


class _LazyNumpy:
    def __getattr__(self, name: str):
        import numpy

        value = getattr(numpy, name)
        setattr(self, name, value)  # later look-ups find it without coming here
        return value

    def __repr__(self) -> str:
        return "<numpy, imported on first use>"


np = _LazyNumpy()
