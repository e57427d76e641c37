"""The shared input check says the same thing everywhere."""

import math
from decimal import Decimal
from fractions import Fraction

import numpy as np
import pytest

from widgets.model.validation import (array_in_range, broadcast_shapes, number_in_range, one_of,
                                      whole_number_in_range)


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


@pytest.mark.parametrize("value", [True, False, np.bool_(True), "3.3", b"3.3", ["3", "4"], None,
                                   np.datetime64("2020-01-01"), 3 + 0j, object(), [[1, 2], [3]],
                                   np.array([1.0, None], dtype=object), np.array([True, False])])
def test_an_array_check_refuses_what_is_not_a_real_number(value):
    with pytest.raises(ValueError, match=r"rotation_share=.* is not a number; allowed range is 0..1"):
        array_in_range("rotation_share", value, 0, 1)


@pytest.mark.parametrize("value", [[], np.array([]), np.zeros((0, 3))])
def test_an_empty_array_is_refused_naming_the_parameter_and_range(value):
    with pytest.raises(ValueError, match=r"hip_extension_deg=.* is empty; give a number in the allowed range -5..25 deg"):
        array_in_range("hip_extension_deg", value, -5, 25, "deg")


def test_none_is_reported_as_none_not_as_nan():
    with pytest.raises(ValueError, match=r"speed_m_s=None is not a number"):
        array_in_range("speed_m_s", None, 2.2, 5.0, "m/s")


@pytest.mark.parametrize("value", [np.int64(3), np.float32(3.0), np.array(3.0), Decimal("3"), Fraction(3, 1),
                                   [3, 4], (3.5,)])
def test_real_numbers_of_every_kind_are_accepted(value):
    assert np.all(array_in_range("speed_m_s", value, 2.2, 5.0, "m/s") >= 3.0)


def test_a_single_number_check_refuses_an_array():
    with pytest.raises(ValueError, match=r"weeks=\[3, 4\] is not a single number"):
        number_in_range("weeks", [3, 4], 1, 12)


def test_shapes_that_broadcast_give_their_common_shape():
    assert broadcast_shapes({"a": 1.0, "b": np.zeros(3), "c": np.zeros((2, 3))}) == (2, 3)


def test_shapes_that_clash_are_named_with_both_parameters():
    with pytest.raises(ValueError, match=r"speed_m_s has shape \(3,\) and hip_extension_deg has shape \(2,\)"):
        broadcast_shapes({"hip_extension_deg": np.zeros(2), "mass_kg": 70.0, "speed_m_s": np.zeros(3)})


def test_one_of_returns_the_matching_choice_and_keeps_booleans_apart_from_numbers():
    assert one_of("rotation_share", 1, (0.0, 1.0)) == 1.0
    with pytest.raises(ValueError, match=r"rotation_share=True is not one of 0.0, 1.0"):
        one_of("rotation_share", True, (0.0, 1.0))
    with pytest.raises(ValueError, match=r"rotating_segment='legs' is not one of 'pelvis', 'trunk'"):
        one_of("rotating_segment", "legs", ("pelvis", "trunk"))


def test_a_number_too_large_for_a_float_is_out_of_range_not_an_overflow():
    with pytest.raises(ValueError, match=r"x=.* is outside the allowed range 0..1"):
        number_in_range("x", 10 ** 400, 0, 1)
