"""Old home of the answer helpers, kept so released assignments keep working.

New notebooks import :mod:`widgets.learner.answers`.
"""

from widgets.learner.answers import check_choice, check_choices, check_number

__all__ = ["check_choice", "check_choices", "check_number"]
