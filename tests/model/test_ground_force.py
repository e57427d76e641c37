"""Schematic vertical force of one contact: impulse balance, contact time, impact transient."""

import numpy as np
import pytest

from widgets.mechanics import contact_time_s
from widgets.model.ground_force import IMPACT_PEAK_BW, PATTERNS, vertical_force_curve

SPEEDS = [2.2, 3.6, 5.0]
CADENCES = [140, 175, 210]


@pytest.mark.parametrize("pattern", PATTERNS)
@pytest.mark.parametrize("speed", SPEEDS)
@pytest.mark.parametrize("cadence", CADENCES)
def test_area_under_the_curve_is_body_weight_times_step_time(pattern, speed, cadence):
    curve = vertical_force_curve(pattern, speed, cadence, samples=2001)
    t_s = curve.time_ms / 1000
    area = np.sum((curve.force_bw[1:] + curve.force_bw[:-1]) / 2 * np.diff(t_s))
    assert area == pytest.approx(60 / cadence, rel=1e-3)


@pytest.mark.parametrize("pattern", PATTERNS)
@pytest.mark.parametrize("speed", SPEEDS)
def test_contact_time_comes_from_the_mechanics_model(pattern, speed):
    curve = vertical_force_curve(pattern, speed)
    assert curve.contact_time_s == pytest.approx(contact_time_s(speed))
    assert curve.time_ms[-1] == pytest.approx(contact_time_s(speed) * 1000)


@pytest.mark.parametrize("pattern", PATTERNS)
def test_force_is_zero_at_touch_down_and_toe_off_and_never_negative(pattern):
    curve = vertical_force_curve(pattern, 3.3)
    assert curve.force_bw[0] == pytest.approx(0, abs=1e-9)
    assert curve.force_bw[-1] == pytest.approx(0, abs=1e-9)
    assert curve.force_bw.min() >= 0


@pytest.mark.parametrize("speed", SPEEDS)
def test_rearfoot_has_an_impact_transient_of_one_and_a_half_to_two_body_weights(speed):
    curve = vertical_force_curve("rearfoot", speed)
    assert IMPACT_PEAK_BW[0] - 0.05 <= curve.impact_peak_bw <= IMPACT_PEAK_BW[1] + 0.1
    assert 18 <= curve.impact_peak_ms <= 32
    assert curve.impact_peak_bw < curve.active_peak_bw


def test_forefoot_curve_rises_smoothly_to_a_single_peak():
    curve = vertical_force_curve("forefoot", 3.3)
    rising = np.diff(curve.force_bw[: np.argmax(curve.force_bw) + 1])
    assert curve.impact_peak_bw is None and np.all(rising >= 0)


def test_active_peak_rises_with_speed_at_a_fixed_cadence():
    peaks = [vertical_force_curve("forefoot", v, 170).active_peak_bw for v in SPEEDS]
    assert peaks == sorted(peaks) and 2.2 < peaks[0] and peaks[-1] < 3.5


@pytest.mark.parametrize("kwargs,match", [
    ({"pattern": "midfoot"}, "pattern='midfoot'"),
    ({"pattern": "forefoot", "speed_m_s": 6.0}, "speed_m_s=6.0.*2.2..5"),
    ({"pattern": "forefoot", "cadence_steps_min": 100}, "cadence_steps_min=100"),
    ({"pattern": "forefoot", "speed_m_s": float("nan")}, "speed_m_s=nan"),
    ({"pattern": "forefoot", "samples": 10}, "samples=10"),
])
def test_bad_inputs_are_value_errors_naming_the_parameter(kwargs, match):
    with pytest.raises(ValueError, match=match):
        vertical_force_curve(**kwargs)
