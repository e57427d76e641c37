"""Kept import path (``widgets.cadence``) for notebooks already in learners' hands.

The code lives in :mod:`widgets.model.timing` (the explorer: :mod:`widgets.explorers.cadence`);
this module *is* that module once imported.
"""

import sys

from .model import timing as _module

sys.modules[__name__] = _module
