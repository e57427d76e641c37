"""Kept import path (``widgets.drills``) for notebooks already in learners' hands.

The code lives in :mod:`widgets.model.drills`; this module *is* that module once imported.
"""

import sys

from .model import drills as _module

sys.modules[__name__] = _module
