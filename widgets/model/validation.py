"""One input contract for the whole course, so every bad input is refused in the same words.

Every public model function and explorer constructor refuses a bad value with a
``ValueError`` that names the parameter, the value given and the allowed range, e.g.
``speed_m_s=nan is outside the allowed range 2.2..5 m/s``:

- booleans, strings, bytes, ``None``, dates, complex numbers and other objects are not
  numbers (``True`` is not 1 deg of hip extension);
- NaN, infinities and values outside the range are refused, naming the first bad element
  of an array;
- an empty array is refused (it would silently give an empty result);
- arrays whose shapes cannot broadcast are refused naming both parameters and shapes.

Plain ints and floats, numpy numbers, 0-d arrays, ``Decimal`` and ``Fraction`` are fine.
Imports only numpy and the standard library.
"""

from __future__ import annotations

import math
import numbers
from decimal import Decimal
from typing import Any, Mapping

import numpy as np

#: numpy dtype kinds that hold plain real numbers (signed, unsigned, float).
_REAL_KINDS = frozenset("iuf")


def _range_text(low: float, high: float, unit: str) -> str:
    return f"{low:g}..{high:g} {unit}".rstrip()


def _not_a_number(name: str, value: Any, low: float, high: float, unit: str) -> ValueError:
    return ValueError(f"{name}={value!r} is not a number; allowed range is {_range_text(low, high, unit)}")


def _is_real_scalar(value: Any) -> bool:
    return (isinstance(value, (numbers.Real, Decimal)) and not isinstance(value, (bool, np.bool_))
            and not isinstance(value, (np.datetime64, np.timedelta64)))


def _real_array(name: str, value: Any, low: float, high: float, unit: str) -> np.ndarray:
    """``value`` as a float array if it holds only real numbers, else ValueError."""
    if _is_real_scalar(value):
        try:
            return np.asarray(float(value))
        except OverflowError:  # an int or Fraction too large for a float is out of any range
            return np.asarray(math.inf if value > 0 else -math.inf)
    if isinstance(value, (str, bytes, bool, np.bool_)) or value is None:
        raise _not_a_number(name, value, low, high, unit)
    try:
        arr = np.asarray(value)
    except (TypeError, ValueError):  # ragged nested sequences
        raise _not_a_number(name, value, low, high, unit) from None
    if arr.dtype.kind == "O":
        if not all(_is_real_scalar(item) for item in arr.flat):
            raise _not_a_number(name, value, low, high, unit)
        arr = arr.astype(float)
    elif arr.dtype.kind not in _REAL_KINDS:
        raise _not_a_number(name, value, low, high, unit)
    if arr.size == 0:
        raise ValueError(f"{name}={value!r} is empty; give a number in the allowed range "
                         f"{_range_text(low, high, unit)}")
    return arr.astype(float, copy=False)


def number_in_range(name: str, value: Any, low: float, high: float, unit: str = "") -> float:
    """``value`` as a finite float in ``low..high``, else ValueError naming it."""
    arr = _real_array(name, value, low, high, unit)
    if arr.ndim != 0:
        raise ValueError(f"{name}={value!r} is not a single number; allowed range is "
                         f"{_range_text(low, high, unit)}")
    number = float(arr)
    if not math.isfinite(number) or not low <= number <= high:
        shown = int(value) if isinstance(value, (int, np.integer)) else number
        raise ValueError(f"{name}={shown!r} is outside the allowed range {_range_text(low, high, unit)}")
    return number


def array_in_range(name: str, value: Any, low: float, high: float, unit: str = "") -> np.ndarray:
    """``value`` as a float array whose every element is finite and in ``low..high``.

    The error names the first offending element, so a bad value inside a sweep is found.
    """
    arr = _real_array(name, value, low, high, unit)
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


def one_of(name: str, value: Any, choices: tuple) -> Any:
    """The choice equal to ``value``, else ValueError listing the choices.

    Numbers match numbers (``1`` is the choice ``1.0``), but a boolean only matches a
    boolean and a string only a string: ``True`` is not ``1``.
    """
    for choice in choices:
        same_kind = (type(value) is type(choice)
                     or (_is_real_scalar(value) and _is_real_scalar(choice)))
        if same_kind and value == choice:
            return choice
    raise ValueError(f"{name}={value!r} is not one of {', '.join(map(repr, choices))}")


def broadcast_shapes(arrays: Mapping[str, np.ndarray]) -> tuple[int, ...]:
    """The common shape of named arrays, else ValueError naming two that clash and their shapes."""
    seen: list[tuple[str, tuple[int, ...]]] = []
    for name, arr in arrays.items():
        shape = np.shape(arr)
        for other, other_shape in seen:
            try:
                np.broadcast_shapes(shape, other_shape)
            except ValueError:
                raise ValueError(f"{name} has shape {shape} and {other} has shape {other_shape}: "
                                 f"they cannot be combined; give arrays of one shape (or scalars)") from None
        if shape:
            seen.append((name, shape))
    return np.broadcast_shapes(*(shape for _, shape in seen)) if seen else ()
