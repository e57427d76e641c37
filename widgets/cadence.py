"""Kept import path (``widgets.cadence``) for notebooks already in learners' hands.

The code lives in :mod:`widgets.explorers.cadence`; this module *is* that module once imported.
"""

import sys

from .explorers import cadence as _module

sys.modules[__name__] = _module
