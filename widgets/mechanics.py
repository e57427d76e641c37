"""Kept import path (``widgets.mechanics``) for notebooks already in learners' hands.

The code lives in :mod:`widgets.model.mechanics`; this module *is* that module once imported.
"""

import sys

from .model import mechanics as _module

sys.modules[__name__] = _module
