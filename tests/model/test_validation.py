"""The shared input check says the same thing everywhere."""

import math

import numpy as np
import pytest

from widgets.model.validation import array_in_range, number_in_range, whole_number_in_range


def test_a_number_in_range_comes_back_as_float():
    assert number_in_range("speed_m_s", 3, 2.2, 5.0, "m/s") == 3.0


@pytest.mark.parametrize("value", [math.nan, math.inf, -math.inf, 1.0, 9.0])
def test_a_number_out_of_range_names_parameter_value_and_range(value):
    with pytest.raises(ValueError, match=rf"speed_m_s={value!r} is outside the allowed range 2.2..5 m/s"):
        number_in_range("speed_m_s", value, 2.2, 5.0, "m/s")


@pytest.mark.parametrize("value", ["fast", None, True])
def test_something_that_is_not_a_number_is_named(value):
    with pytest.raises(ValueError, match=r"weeks=.* is not a number; allowed range is 1..12"):
        number_in_range("weeks", value, 1, 12)


def test_an_array_check_names_the_first_bad_element():
    with pytest.raises(ValueError, match=r"hip_extension_deg=30.0 is outside"):
        array_in_range("hip_extension_deg", np.array([0.0, 30.0, 40.0]), -5, 25, "deg")


def test_whole_numbers_accept_integral_floats_and_refuse_fractions():
    assert whole_number_in_range("weeks", 3.0, 1, 12) == 3
    with pytest.raises(ValueError, match="weeks=2.5 is not a whole number"):
        whole_number_in_range("weeks", 2.5, 1, 12)
