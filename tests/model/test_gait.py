"""Synthetic gait curves: key events, periodicity, clipping, compensation, validation."""

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from widgets.mechanics import PARAMETERS, push_off
from widgets.model.body import Pose, joint_positions, lowest_point_y
from widgets.model.gait import (FLIGHT_RISE_M, LIMITED_BY_DEG, TOE_OFF_LIMITS_PERCENT, angle_at, gait_curves,
                                hip_height_m, pose_at, runner_curves, toe_off_percent, toe_off_pose)


def value_at(curves, field, percent):
    return angle_at(percent, getattr(curves, field), curves)


def test_hip_curve_passes_through_its_key_events():
    curves = gait_curves(toe_off_percent=38.0)
    extension_needed = push_off().hip_extension_needed_deg
    assert value_at(curves, "hip_flexion_deg", 0.0) == pytest.approx(30.0)
    assert value_at(curves, "hip_flexion_deg", 38.0) == pytest.approx(-extension_needed, abs=1e-6)
    assert value_at(curves, "hip_flexion_deg", 85.0) == pytest.approx(40.0)
    assert curves.hip_flexion_deg[-1] == pytest.approx(30.0)


def test_hip_is_most_extended_at_toe_off_and_most_flexed_near_85_percent():
    curves = gait_curves(toe_off_percent=36.0, n=1001)
    assert curves.percent[np.argmin(curves.hip_flexion_deg)] == pytest.approx(36.0, abs=0.2)
    assert curves.percent[np.argmax(curves.hip_flexion_deg)] == pytest.approx(85.0, abs=0.2)
    assert curves.hip_flexion_deg.min() == pytest.approx(-9.65, abs=0.05)


def test_all_curves_are_periodic():
    curves = gait_curves(push_off(hip_extension_deg=6, rotation_share=0.5))
    for field in ("hip_flexion_deg", "pelvic_tilt_deg", "pelvic_rotation_deg",
                  "knee_flexion_deg", "ankle_plantarflexion_deg"):
        values = getattr(curves, field)
        assert values[0] == pytest.approx(values[-1], abs=1e-9), field
        # no jump across the seam: the step over it is like the steps beside it
        seam_step = abs(values[1] - values[-2])
        assert seam_step < 3 * np.max(np.abs(np.diff(values))) + 1e-9, field


def test_normal_tilt_stays_anterior_and_oscillates_twice_per_stride():
    curves = gait_curves(n=401)
    tilt = curves.pelvic_tilt_deg
    assert 5.5 <= tilt.min() and tilt.max() == pytest.approx(8.0)
    peaks = np.sum((tilt[1:-1] > tilt[:-2]) & (tilt[1:-1] >= tilt[2:]))
    assert peaks == 2


@pytest.mark.parametrize("amplitude", [0.0, 6.0, 8.5])
def test_normal_rotation_is_a_stride_frequency_sine_with_the_results_amplitude(amplitude):
    curves = gait_curves(push_off(normal_rotation_deg=amplitude))
    expected = amplitude * np.cos(2 * np.pi * curves.percent / 100)
    np.testing.assert_allclose(curves.pelvic_rotation_deg, expected, atol=1e-9)


def test_limited_hip_extension_clips_the_hip_curve_near_toe_off():
    curves = gait_curves(push_off(hip_extension_deg=6, rotation_share=1.0))
    assert curves.hip_flexion_deg.min() == pytest.approx(-6.0)
    assert curves.hip_flexion_unlimited_deg.min() < -9.0
    clipped = curves.percent[curves.hip_flexion_deg > curves.hip_flexion_unlimited_deg + 1e-9]
    assert clipped.min() > 25 and clipped.max() < 50


def test_enough_hip_extension_leaves_the_hip_curve_unclipped():
    curves = gait_curves(push_off(hip_extension_deg=20))
    np.testing.assert_array_equal(curves.hip_flexion_deg, curves.hip_flexion_unlimited_deg)


def test_extra_tilt_from_the_model_appears_at_toe_off():
    result = push_off(hip_extension_deg=6, rotation_share=0.0)
    curves = gait_curves(result)
    by_rotation = gait_curves(push_off(hip_extension_deg=6, rotation_share=1.0))
    toe_off = curves.events["toe_off"]
    assert result.extra_tilt_deg > 3
    assert value_at(curves, "pelvic_tilt_deg", toe_off) == pytest.approx(8.0 + result.extra_tilt_deg)
    assert value_at(by_rotation, "pelvic_tilt_deg", toe_off) == pytest.approx(8.0)


def test_rotation_from_the_model_moves_the_push_off_hip_back_at_toe_off():
    result = push_off(hip_extension_deg=8, rotation_share=1.0)
    with_rotation = gait_curves(result)
    without = gait_curves(push_off(hip_extension_deg=8, rotation_share=0.0))
    toe_off = with_rotation.events["toe_off"]
    change = value_at(with_rotation, "pelvic_rotation_deg", toe_off) - value_at(without, "pelvic_rotation_deg", toe_off)
    assert change == pytest.approx(-result.pelvic_rotation_deg, abs=1e-6)


def test_rotation_beyond_the_usable_limit_is_capped_and_flagged():
    result = push_off(hip_extension_deg=4, rotation_share=1.0)
    curves = gait_curves(result)
    assert not curves.feasible
    assert curves.rotation_deg == pytest.approx(result.max_rotation_deg)


def test_events_mark_contact_toe_off_and_two_flight_phases():
    curves = gait_curves(toe_off_percent=40.0)
    assert curves.events["initial_contact"] == 0.0
    assert curves.events["toe_off"] == 40.0
    assert curves.events["opposite_initial_contact"] == 50.0
    assert curves.flight_percent == ((40.0, 50.0), (90.0, 100.0))


def test_curves_take_the_runners_extension_and_tilt_from_the_results_inputs():
    curves = gait_curves(push_off(hip_extension_deg=-3.5, pelvic_tilt_deg=12.0))
    assert curves.hip_extension_limit_deg == -3.5
    assert curves.pelvic_tilt_deg.max() == pytest.approx(12.0)


@pytest.mark.parametrize("keyword, value, message", [
    ("toe_off_percent", 60.0, "toe_off_percent=60.0 is outside the allowed range 25..45 %"),
    ("toe_off_percent", float("nan"), "toe_off_percent=nan"),
    ("tilt_oscillation_deg", "a lot", "tilt_oscillation_deg='a lot' is not a number"),
    ("n", 5, "n=5 is outside the allowed range 11..100001"),
    ("n", 50.5, "n=50.5 is not a whole number"),
])
def test_bad_inputs_raise_value_errors_naming_the_parameter(keyword, value, message):
    with pytest.raises(ValueError, match=message.replace("(", r"\(").replace(".", r"\.")):
        gait_curves(**{keyword: value})


def test_a_result_that_is_not_a_push_off_is_refused():
    with pytest.raises(ValueError, match="result=.* is not a PushOff"):
        gait_curves({"hip_extension_deg": 8})


def test_array_results_are_refused():
    with pytest.raises(ValueError, match="scalar"):
        gait_curves(push_off(hip_extension_deg=np.array([6.0, 8.0])))


def test_pose_at_follows_the_curves_with_the_far_leg_half_a_cycle_later():
    curves = gait_curves(push_off(hip_extension_deg=7, rotation_share=0.5))
    pose = pose_at(30.0, curves)
    assert isinstance(pose, Pose)
    assert pose.near_leg.hip_flexion_deg == pytest.approx(value_at(curves, "hip_flexion_deg", 30.0))
    assert pose.far_leg.hip_flexion_deg == pytest.approx(value_at(curves, "hip_flexion_deg", 80.0))
    assert pose.far_leg.knee_flexion_deg == pytest.approx(value_at(curves, "knee_flexion_deg", 80.0))
    assert pose.pelvic_tilt_deg == pytest.approx(value_at(curves, "pelvic_tilt_deg", 30.0))


def test_arms_swing_opposite_their_own_legs():
    pose = pose_at(85.0, gait_curves())
    assert pose.near_leg.hip_flexion_deg > pose.far_leg.hip_flexion_deg
    assert pose.near_arm.shoulder_flexion_deg < pose.far_arm.shoulder_flexion_deg


@pytest.mark.parametrize("percent", [-1.0, 100.5, float("inf")])
def test_pose_at_outside_the_cycle_raises(percent):
    with pytest.raises(ValueError, match="percent="):
        pose_at(percent, gait_curves())


@settings(max_examples=40, deadline=None)
@given(extension=st.floats(-5, 25), tilt=st.floats(0, 20), share=st.floats(0, 1),
       toe_off=st.floats(25, 45))
def test_curves_stay_finite_and_the_hip_never_extends_past_its_limit(extension, tilt, share, toe_off):
    result = push_off(hip_extension_deg=extension, pelvic_tilt_deg=tilt, rotation_share=share)
    curves = gait_curves(result, toe_off_percent=toe_off, n=101)
    for field in ("hip_flexion_deg", "pelvic_tilt_deg", "pelvic_rotation_deg"):
        assert np.all(np.isfinite(getattr(curves, field)))
    assert curves.hip_flexion_deg.min() >= -extension - 1e-9
    assert np.all(curves.hip_flexion_deg <= PARAMETERS["hip_extension_deg"].high + 40.0)


def test_toe_off_percent_is_contact_time_over_stride_time():
    result = push_off(speed_m_s=3.3, cadence_steps_min=170)
    assert toe_off_percent(result) == pytest.approx(100 * result.contact_time_s * 170 / 120)


def test_toe_off_percent_stays_within_the_curves_range():
    slow_and_quick = push_off(speed_m_s=2.2, cadence_steps_min=210)
    assert toe_off_percent(slow_and_quick) == TOE_OFF_LIMITS_PERCENT[1]


def test_a_runner_with_enough_extension_reaches_exactly_what_the_stride_needs():
    curves = runner_curves()
    assert curves.hip_extension_limit_deg == pytest.approx(push_off().hip_extension_needed_deg)
    np.testing.assert_array_equal(curves.hip_flexion_deg, curves.hip_flexion_unlimited_deg)


@pytest.mark.parametrize("share, field", [(0.0, "extra_tilt_deg"), (1.0, "rotation_deg")])
def test_a_limited_runner_is_short_by_the_limit_and_compensates_as_told(share, field):
    curves = runner_curves(limited=True, rotation_share=share, speed_m_s=4.0)
    needed = push_off(speed_m_s=4.0).hip_extension_needed_deg
    assert curves.hip_extension_limit_deg == pytest.approx(needed - LIMITED_BY_DEG)
    assert getattr(curves, field) > 0


@pytest.mark.parametrize("hip_extension_deg", [4.0, 8.0, 12.0])
def test_toe_off_pose_puts_the_toe_where_the_model_says(hip_extension_deg):
    result = push_off(hip_extension_deg=hip_extension_deg, rotation_share=0.5, height_m=1.6)
    points = joint_positions(toe_off_pose(result), 1.6)
    assert -points["near_toe"][0] == pytest.approx(result.reach_achieved_m, abs=1e-4)


def test_toe_off_pose_uses_only_the_extension_the_stride_needs():
    result = push_off(hip_extension_deg=20.0)
    assert toe_off_pose(result).near_leg.hip_flexion_deg == pytest.approx(-result.hip_extension_needed_deg)


def test_the_stance_foot_stays_on_the_ground_and_the_hip_rises_in_flight():
    curves = gait_curves()
    for percent in (0.0, 10.0, 30.0):
        points = joint_positions(pose_at(percent, curves), 1.75, (0.0, hip_height_m(percent, curves)))
        assert lowest_point_y(points) == pytest.approx(0.0, abs=1e-9)
    start, end = curves.flight_percent[0]
    middle = (start + end) / 2
    grounded = [hip_height_m(p, curves) for p in (start, end)]
    assert hip_height_m(middle, curves) == pytest.approx(sum(grounded) / 2 + FLIGHT_RISE_M, abs=2e-3)
