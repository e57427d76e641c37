"""Form checks for answers given through variables, used by the assignments' visible tests.

A visible test should tell a learner at once that an answer has the wrong *form* (left as
``None``, a number given as text, a letter that is not an option) without revealing whether
it is right; hidden tests judge correctness. Standard library only: it runs in the student's
kernel, during validation and during grading.

Each check returns ``None``: a visible test cell often ends with one, and nbgrader reads a
test cell's last value as partial credit, so a returned number or letter would make
``nbgrader validate`` fail on a correct answer.
"""

from __future__ import annotations

import math
from numbers import Real


def check_choice(value: object, name: str, options: str) -> None:
    """Fail with a message about its form unless ``value`` is one of the letters ``options`` (e.g. ``"ABCD"``)."""
    _letter(value, name, options)


def _letter(value: object, name: str, options: str) -> str:
    """The chosen letter, upper-cased, or AssertionError about its form."""
    allowed = ", ".join(f'"{letter}"' for letter in options)
    if value is None:
        raise AssertionError(f"{name} is still None: set it to one of {allowed}.")
    if not isinstance(value, str):
        raise AssertionError(
            f"{name} must be a letter in quotes (one of {allowed}), not {type(value).__name__} {value!r}."
        )
    letter = value.strip().upper()
    if len(letter) != 1 or letter not in options.upper():
        raise AssertionError(f"{name} = {value!r} is not an option: use one of {allowed}.")
    return letter


def check_choices(value: object, name: str, options: str) -> None:
    """Fail on its form unless ``value`` is a set of chosen letters (for 'select all that apply')."""
    allowed = ", ".join(f'"{letter}"' for letter in options)
    if value is None:
        raise AssertionError(f"{name} is still None: give a set of letters such as {{\"A\", \"C\"}}.")
    if isinstance(value, str) or not isinstance(value, (set, frozenset, list, tuple)):
        raise AssertionError(
            f"{name} must be a set of letters such as {{\"A\", \"C\"}}, not {type(value).__name__} {value!r}."
        )
    letters = frozenset(_letter(item, f"each letter in {name}", options) for item in value)
    if not letters:
        raise AssertionError(f"{name} is empty: choose at least one of {allowed}.")


def check_number(value: object, name: str, unit: str, low: float, high: float) -> None:
    """Fail when ``value`` is missing, not a number or implausible.

    ``low`` and ``high`` bound a *plausible* answer (not the right one): a value outside
    them usually means a unit slip (metres for centimetres, radians for degrees).
    """
    if value is None:
        raise AssertionError(f"{name} is still None: compute it and store the number (in {unit}).")
    if isinstance(value, bool) or not isinstance(value, Real):
        raise AssertionError(
            f"{name} must be a single number in {unit}, not {type(value).__name__} {value!r}."
        )
    number = float(value)
    if not math.isfinite(number):
        raise AssertionError(f"{name} = {number} is not a finite number.")
    if not low <= number <= high:
        raise AssertionError(
            f"{name} = {number:g} {unit} is outside the plausible range {low:g}..{high:g} {unit}: "
            f"check the unit (metres or centimetres? degrees or radians?)."
        )
