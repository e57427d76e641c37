"""One place for input checks, so every bad input is refused in the same words.

Every public function of the course refuses a bad number with a ``ValueError`` that
names the parameter, the value given and the allowed range, e.g.
``speed_m_s=nan is outside the allowed range 2.2..5 m/s``. Imports only numpy.
"""

from __future__ import annotations

import math
from typing import Any

import numpy as np


def _range_text(low: float, high: float, unit: str) -> str:
    return f"{low:g}..{high:g} {unit}".rstrip()


def number_in_range(name: str, value: Any, low: float, high: float, unit: str = "") -> float:
    """``value`` as a finite float in ``low..high``, else ValueError naming it."""
    if isinstance(value, bool):
        raise ValueError(f"{name}={value!r} is not a number; allowed range is {_range_text(low, high, unit)}")
    try:
        number = float(value)
    except (TypeError, ValueError):
        raise ValueError(f"{name}={value!r} is not a number; "
                         f"allowed range is {_range_text(low, high, unit)}") from None
    if not math.isfinite(number) or not low <= number <= high:
        shown = int(value) if isinstance(value, (int, np.integer)) else number
        raise ValueError(f"{name}={shown!r} is outside the allowed range {_range_text(low, high, unit)}")
    return number


def array_in_range(name: str, value: Any, low: float, high: float, unit: str = "") -> np.ndarray:
    """``value`` as a float array whose every element is finite and in ``low..high``.

    The error names the first offending element, so a bad value inside a sweep is found.
    """
    try:
        arr = np.asarray(value, dtype=float)
    except (TypeError, ValueError):
        raise ValueError(f"{name}={value!r} is not a number; "
                         f"allowed range is {_range_text(low, high, unit)}") from None
    bad = ~np.isfinite(arr) | (arr < low) | (arr > high)
    if np.any(bad):
        shown = float(arr[bad].flat[0])
        raise ValueError(f"{name}={shown!r} is outside the allowed range {_range_text(low, high, unit)}")
    return arr


def whole_number_in_range(name: str, value: Any, low: int, high: int, unit: str = "") -> int:
    """``value`` as an int in ``low..high`` (a float like 3.0 is accepted), else ValueError."""
    number = number_in_range(name, value, low, high, unit)
    if number != int(number):
        raise ValueError(f"{name}={value!r} is not a whole number; allowed range is {_range_text(low, high, unit)}")
    return int(number)
