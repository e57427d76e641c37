"""Step timing: step, contact and flight time and stride length from speed and cadence."""

import pytest

from widgets.mechanics import contact_time_s
from widgets.model.timing import CADENCE_LIMITS_STEPS_MIN, raised_cadence_steps_min, step_timing


def test_step_time_is_sixty_over_cadence():
    assert step_timing(3.3, 170).step_time_s == pytest.approx(60 / 170)


def test_contact_time_comes_from_the_kipp_line():
    assert step_timing(4.0, 180).contact_time_s == pytest.approx(contact_time_s(4.0))


def test_flight_time_is_step_time_minus_contact_time():
    timing = step_timing(3.3, 170)
    assert timing.flight_time_s == pytest.approx(60 / 170 - contact_time_s(3.3))


def test_stride_length_is_two_steps_of_speed_times_step_time():
    timing = step_timing(3.3, 170)
    assert timing.stride_length_m == pytest.approx(2 * 3.3 * 60 / 170)


def test_speed_equals_stride_length_times_stride_frequency():
    timing = step_timing(4.2, 186)
    assert timing.stride_length_m * timing.stride_frequency_hz == pytest.approx(4.2)


def test_flight_vanishes_when_contact_outlasts_the_step():
    timing = step_timing(2.2, 231)
    assert timing.contact_time_s > timing.step_time_s
    assert timing.flight_time_s == 0.0 and not timing.has_flight


def test_raised_cadence_adds_the_percentage():
    assert raised_cadence_steps_min(170, 10) == pytest.approx(187)


@pytest.mark.parametrize("bad", [float("nan"), float("inf"), 90.0, 300.0, "fast"])
def test_step_timing_rejects_a_bad_cadence_naming_it(bad):
    low, high = CADENCE_LIMITS_STEPS_MIN
    with pytest.raises(ValueError, match=rf"cadence_steps_min=.*{low:g}\.\.{high:g}"):
        step_timing(3.3, bad)


@pytest.mark.parametrize("bad", [float("nan"), 1.0, 6.0])
def test_step_timing_rejects_a_bad_speed_naming_it(bad):
    with pytest.raises(ValueError, match="speed_m_s"):
        step_timing(bad, 170)
