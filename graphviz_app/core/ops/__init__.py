"""The op registry. Importing this package declares every built-in op.

Its names are those of `base` (everything an op's declaration uses), listed once, there."""

from . import elementwise, elementwise_binary, linalg, reductions  # noqa: F401  (each module registers its ops)
from .base import *  # noqa: F403
from .base import __all__  # noqa: F401
