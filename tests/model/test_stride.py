"""Stride analysis from landmarks, checked on runners generated from the course's own gait model.

The synthetic runner (tests/video/synthetic_runner.py) knows its events and, from the pose
itself, every angle; the analysis only sees pixel coordinates.
"""

import csv
import math

import numpy as np
import pytest

from video.synthetic_runner import make
from widgets.model.stride import (LANDMARK_NAMES, SMALLEST_DETECTABLE, STEPS_FOR_STABLE_MEAN,
                                  analyse_landmarks)

CASES = [(fps, direction) for fps in (30, 60, 120) for direction in ("right", "left")]


@pytest.fixture(scope="module", params=CASES, ids=[f"{f}fps-{d}" for f, d in CASES])
def runner(request):
    fps, direction = request.param
    synthetic = make(fps, direction=direction)
    return synthetic, analyse_landmarks(synthetic.landmarks, fps), direction


def _true_event(synthetic, step):
    return min(synthetic.events[step.side], key=lambda e: abs(e[0] - step.initial_contact_s))


def test_the_direction_of_travel_is_found(runner):
    _, report, direction = runner
    assert report.direction == direction


def test_a_running_sequence_is_analysed_as_running(runner):
    _, report, _ = runner
    assert report.gait == "running"


def test_every_complete_step_is_found(runner):
    synthetic, report, _ = runner
    assert len(report.steps) == sum(len(v) for v in synthetic.events.values())


def test_initial_contact_and_toe_off_are_within_one_frame(runner):
    synthetic, report, _ = runner
    frame = 1.0 / synthetic.fps
    for step in report.steps:
        contact, toe_off = _true_event(synthetic, step)
        assert abs(step.initial_contact_s - contact) <= 1.1 * frame
        assert abs(step.toe_off_s - toe_off) <= 1.1 * frame


def test_contact_time_is_within_two_frames(runner):
    synthetic, report, _ = runner
    for step in report.steps:
        contact, toe_off = _true_event(synthetic, step)
        assert abs(step.contact_time_s - (toe_off - contact)) <= 2.0 / synthetic.fps


def test_cadence_matches_the_runner(runner):
    synthetic, report, _ = runner
    assert report.cadence_steps_min == pytest.approx(synthetic.cadence_steps_min, rel=0.02)


def test_thigh_extension_at_toe_off_is_within_one_degree(runner):
    synthetic, report, _ = runner
    for step in report.steps:
        _, toe_off = _true_event(synthetic, step)
        series = synthetic.thigh_extension_deg[step.side]
        truth = np.interp(toe_off, np.arange(series.size) / synthetic.fps, series)
        assert step.thigh_extension_at_toe_off_deg == pytest.approx(truth, abs=1.0)


def test_knee_flexion_and_overstride_at_contact_are_within_one_degree(runner):
    synthetic, report, _ = runner
    for step in report.steps:
        k = step.initial_contact_frame
        assert step.knee_flexion_at_contact_deg == pytest.approx(synthetic.knee_flexion_deg[step.side][k], abs=1.0)
        assert step.overstride_deg == pytest.approx(synthetic.overstride_deg[step.side][k], abs=1.0)


def test_trunk_lean_is_within_one_degree(runner):
    synthetic, report, _ = runner
    for step in report.steps:
        assert step.trunk_lean_deg == pytest.approx(synthetic.trunk_lean_deg, abs=1.0)


def test_running_steps_have_a_flight_phase(runner):
    _, report, _ = runner
    flights = [s.flight_time_s for s in report.steps if math.isfinite(s.flight_time_s)]
    assert flights and min(flights) > 0


def test_side_means_come_with_their_spread_and_count(runner):
    _, report, _ = runner
    for side in ("left", "right"):
        stats = report.sides[side]["thigh_extension_at_toe_off_deg"]
        assert stats["count"] == sum(s.side == side for s in report.steps)
        assert stats["sd"] < 1.0


def test_the_summary_shows_each_angle_with_its_smallest_detectable_difference(runner):
    _, report, _ = runner
    text = report.summary()
    for sdd, _ in SMALLEST_DETECTABLE.values():
        assert f"smallest real change {sdd:g}" in text
    assert "hip extension plus pelvic tilt" in text


def test_fewer_than_seven_steps_per_side_gives_a_warning(runner):
    _, report, _ = runner
    few = min(report.sides[s]["contact_time_s"]["count"] for s in ("left", "right")) < STEPS_FOR_STABLE_MEAN
    assert any("fewer than 7 per side" in w for w in report.warnings) == few


def test_a_long_clip_has_no_step_count_warning():
    synthetic = make(30, seconds=7.0)
    report = analyse_landmarks(synthetic.landmarks, 30)
    assert min(report.sides[s]["contact_time_s"]["count"] for s in ("left", "right")) >= 7
    assert not any("fewer than" in w for w in report.warnings)


def test_the_csv_has_one_row_per_step(tmp_path, runner):
    _, report, _ = runner
    out = tmp_path / "steps.csv"
    report.to_csv(out)
    rows = list(csv.DictReader(out.open()))
    assert len(rows) == len(report.steps)
    assert {"side", "initial_contact_s", "toe_off_s", "contact_time_s",
            "thigh_extension_at_toe_off_deg", "knee_flexion_at_contact_deg", "trunk_lean_deg",
            "overstride_deg"} <= set(rows[0])


def test_missing_frames_drop_only_the_steps_they_cut():
    synthetic = make(60)
    landmarks = {k: v.copy() for k, v in synthetic.landmarks.items()}
    for xy in landmarks.values():
        xy[100:110] = np.nan
    full = analyse_landmarks(synthetic.landmarks, 60)
    gappy = analyse_landmarks(landmarks, 60, frames_with_person=230)
    assert 0 < len(gappy.steps) < len(full.steps)
    assert all(not (s.initial_contact_frame <= 109 and s.toe_off_frame >= 100) for s in gappy.steps)


@pytest.mark.parametrize("fps", [0, -30, math.nan, math.inf, "30", True, 5000])
def test_a_bad_frame_rate_is_refused_naming_it(fps):
    synthetic = make(30, seconds=1.0)
    with pytest.raises(ValueError, match="fps"):
        analyse_landmarks(synthetic.landmarks, fps)


def test_a_missing_landmark_is_refused_naming_it():
    synthetic = make(30, seconds=1.0)
    landmarks = dict(synthetic.landmarks)
    del landmarks["left_heel"]
    with pytest.raises(ValueError, match="left_heel"):
        analyse_landmarks(landmarks, 30)


def test_landmarks_of_different_lengths_are_refused():
    synthetic = make(30, seconds=1.0)
    landmarks = dict(synthetic.landmarks)
    landmarks["right_toe"] = landmarks["right_toe"][:-3]
    with pytest.raises(ValueError, match="right_toe"):
        analyse_landmarks(landmarks, 30)


def test_a_wrongly_shaped_landmark_is_refused():
    synthetic = make(30, seconds=1.0)
    landmarks = dict(synthetic.landmarks)
    landmarks["left_knee"] = landmarks["left_knee"][:, 0]
    with pytest.raises(ValueError, match=r"left_knee.*shape"):
        analyse_landmarks(landmarks, 30)


def test_a_table_with_no_person_is_refused():
    landmarks = {name: np.full((20, 2), np.nan) for name in LANDMARK_NAMES}
    with pytest.raises(ValueError, match="leg length"):
        analyse_landmarks(landmarks, 30)


# --- walking: double support, no flight (tests/video/synthetic_walker.py) ---------------

from video.synthetic_walker import make as make_walker  # noqa: E402
from widgets.model.stride import fix_side_swaps  # noqa: E402


@pytest.fixture(scope="module", params=CASES, ids=[f"walk-{f}fps-{d}" for f, d in CASES])
def walker(request):
    fps, direction = request.param
    synthetic = make_walker(fps, direction=direction)
    return synthetic, analyse_landmarks(synthetic.landmarks, fps), direction


def test_a_walking_sequence_is_analysed_as_walking(walker):
    synthetic, report, direction = walker
    assert report.gait == "walking" and report.direction == direction
    assert any("walking, not running" in w for w in report.warnings)


def test_every_walking_step_is_found_with_its_events_within_two_frames(walker):
    synthetic, report, _ = walker
    assert len(report.steps) == sum(len(v) for v in synthetic.events.values())
    frame = 1.0 / synthetic.fps
    for step in report.steps:
        contact, toe_off = _true_event(synthetic, step)
        assert abs(step.initial_contact_s - contact) <= 2.1 * frame
        assert abs(step.toe_off_s - toe_off) <= 2.1 * frame


def test_walking_cadence_is_within_two_percent(walker):
    synthetic, report, _ = walker
    assert report.cadence_steps_min == pytest.approx(synthetic.cadence_steps_min, rel=0.02)


def test_legs_swapped_by_a_tracker_for_a_few_frames_are_put_back():
    synthetic = make_walker(60)
    swapped = {k: v.copy() for k, v in synthetic.landmarks.items()}
    for joint in ("hip", "knee", "ankle", "heel", "toe"):
        a, b = swapped[f"left_{joint}"], swapped[f"right_{joint}"]
        a[100:104], b[100:104] = b[100:104].copy(), a[100:104].copy()
    fixed, count = fix_side_swaps(swapped)
    assert count >= 1
    for name in LANDMARK_NAMES:
        np.testing.assert_allclose(fixed[name], synthetic.landmarks[name])
    clean = analyse_landmarks(synthetic.landmarks, 60)
    again = analyse_landmarks(swapped, 60)
    assert [(s.side, s.initial_contact_frame) for s in again.steps] == \
        [(s.side, s.initial_contact_frame) for s in clean.steps]


# --- from the camera's thigh angle to hip extension: the tilt confound ----------------

from hypothesis import given, settings  # noqa: E402
from hypothesis import strategies as st  # noqa: E402
from hypothesis.extra import numpy as hnp  # noqa: E402

from widgets.model.stride import ANTERIOR_TILT_RANGE_DEG, hip_extension_from_thigh_deg  # noqa: E402

_hips = hnp.arrays(float, hnp.array_shapes(max_dims=2, max_side=5),
                   elements=st.floats(-40, 40, allow_nan=False))
_tilts = st.floats(*ANTERIOR_TILT_RANGE_DEG, allow_nan=False)


@settings(max_examples=200, deadline=None)
@given(hip=_hips, tilt=_tilts)
def test_a_thigh_angle_built_as_hip_extension_plus_tilt_gives_the_hip_extension_back(hip, tilt):
    thigh = hip + tilt
    back = hip_extension_from_thigh_deg(thigh, tilt)
    assert isinstance(back, np.ndarray) and back.shape == hip.shape
    np.testing.assert_allclose(back, hip, atol=1e-9)


def test_the_gait_models_runner_at_toe_off_has_thigh_angle_equal_to_hip_extension_plus_tilt():
    from widgets.model.gait import gait_curves, pose_at
    curves = gait_curves(n=2001)
    pose = pose_at(curves.events["toe_off"], curves)
    thigh = pose.pelvic_tilt_deg - pose.near_leg.hip_flexion_deg  # the angle a camera sees
    assert hip_extension_from_thigh_deg(thigh, pose.pelvic_tilt_deg) == pytest.approx(-pose.near_leg.hip_flexion_deg)


def test_scalars_give_a_plain_float_and_arrays_broadcast():
    assert hip_extension_from_thigh_deg(18, 8) == 10.0 and type(hip_extension_from_thigh_deg(18, 8)) is float
    np.testing.assert_allclose(hip_extension_from_thigh_deg([18.0, 20.0], [[5.0], [10.0]]), [[13, 15], [8, 10]])


@pytest.mark.parametrize("thigh, tilt, named", [
    (float("nan"), 8, r"thigh_extension_deg=nan is outside the allowed range -90..90 deg"),
    (95, 8, r"thigh_extension_deg=95.0 is outside the allowed range -90..90 deg"),
    ([10, float("inf")], 8, r"thigh_extension_deg=inf is outside"),
    (18, 50, r"anterior_tilt_deg=50.0 is outside the allowed range -30..45 deg"),
    (18, "8", r"anterior_tilt_deg='8' is not a number"),
    (18, True, r"anterior_tilt_deg=True is not a number"),
    ([1, 2], [1, 2, 3], r"anterior_tilt_deg has shape \(3,\) and thigh_extension_deg has shape \(2,\)"),
])
def test_a_bad_angle_is_refused_naming_the_parameter_value_and_range(thigh, tilt, named):
    with pytest.raises(ValueError, match=named):
        hip_extension_from_thigh_deg(thigh, tilt)
