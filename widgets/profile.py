"""Kept import path (``widgets.profile``) for notebooks already in learners' hands.

The code lives in :mod:`widgets.learner.profile`; this module *is* that module once imported.
"""

import sys

from .learner import profile as _module

sys.modules[__name__] = _module
