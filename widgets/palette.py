"""Kept import path (``widgets.palette``) for notebooks already in learners' hands.

The code lives in :mod:`widgets.drawing.palette`; this module *is* that module once imported.
"""

import sys

from .drawing import palette as _module

sys.modules[__name__] = _module
