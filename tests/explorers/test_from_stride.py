"""From a measured stride to the Hip Extension Explorer and the runner profile.

Two strides: the shipped demo walker (real landmarks, walking, 97 steps/min, too few
steps) and a runner generated from the course's gait model, whose hip extension and
tilt at toe-off are known (about 9.7 and 8 deg). The runner profile lives in
a temporary file in every test (tests/conftest.py sets RUNNING_COURSE_PROFILE).
"""

import dataclasses
import errno
import json
import math
import os

import pytest

from video.synthetic_runner import make
from widgets import HipExtensionExplorer
from widgets.learner.profile import STRIDE_FIELDS, RunnerProfile, load_profile, save_profile
from widgets.model.gait import gait_curves, pose_at
from widgets.model.mechanics import PARAMETERS
from widgets.model.stride import analyse_landmarks
from widgets.explorers.from_stride import (
    confound_text,
    explore_my_stride,
    save_stride_to_profile,
    stride_measurements,
)
from widgets.video.demo_landmarks import FPS, SOURCE, demo_landmarks


@pytest.fixture(scope="module")
def demo():
    return analyse_landmarks(demo_landmarks(), FPS, source=SOURCE)


@pytest.fixture(scope="module")
def runner():
    return analyse_landmarks(make(60).landmarks, 60)


def pooled_thigh(report):
    values = [s.thigh_extension_at_toe_off_deg for s in report.steps]
    return sum(values) / len(values)


def with_thigh_angles(report, degrees):
    """The report with every step's thigh extension replaced (to reach a control's limits)."""
    return dataclasses.replace(report, steps=tuple(
        dataclasses.replace(s, thigh_extension_at_toe_off_deg=degrees) for s in report.steps))


# --- the explorer ----------------------------------------------------------------

def test_the_explorer_is_a_hip_extension_explorer_started_at_thigh_extension_minus_the_default_tilt(demo):
    app = explore_my_stride(demo)
    tilt = PARAMETERS["pelvic_tilt_deg"].default
    assert isinstance(app, HipExtensionExplorer)
    assert app.controls["hip_extension_deg"].value == pytest.approx(pooled_thigh(demo) - tilt)
    assert app.controls["pelvic_tilt_deg"].value == tilt


def test_assuming_the_gait_models_tilt_recovers_its_hip_extension_at_toe_off_within_one_degree(runner):
    curves = gait_curves(n=2001)
    pose = pose_at(curves.events["toe_off"], curves)
    app = explore_my_stride(runner, anterior_tilt_deg=pose.pelvic_tilt_deg)
    assert app.controls["hip_extension_deg"].value == pytest.approx(-pose.near_leg.hip_flexion_deg, abs=1.0)


def test_a_chosen_tilt_moves_hip_extension_by_the_same_amount_the_other_way(runner):
    low, high = (explore_my_stride(runner, anterior_tilt_deg=t).controls["hip_extension_deg"].value for t in (4, 12))
    assert low - high == pytest.approx(8.0)


def test_the_summary_says_where_every_start_value_came_from(demo):
    text = explore_my_stride(demo).summary()
    assert SOURCE in text
    assert f"measured thigh extension {pooled_thigh(demo):.1f} deg" in text
    assert "assumed anterior pelvic tilt of 8.0 deg" in text and "cannot measure tilt" in text
    assert "fewer than 7 per side" in text and "smallest real change 4.8 deg" in text
    assert "default runner's (1.75 m, 70 kg, 3.30 m/s)" in text
    assert "The clip shows walking" in text


@pytest.mark.parametrize("thigh, tilt, start", [(40.0, 8.0, 25.0), (-10.0, 8.0, -5.0)])
def test_a_hip_extension_outside_the_control_is_clamped_with_a_message(runner, thigh, tilt, start):
    app = explore_my_stride(with_thigh_angles(runner, thigh), anterior_tilt_deg=tilt)
    assert app.controls["hip_extension_deg"].value == start
    assert f"= {thigh - tilt:.1f} deg" in app.summary()
    assert f"outside the control's range -5..25 deg, so the explorer starts at {start:g} deg" in app.summary()


def test_height_mass_and_speed_come_from_the_saved_runner_profile(runner):
    save_profile(RunnerProfile.from_pace(1.68, 58, "5:30"))
    app = explore_my_stride(runner)
    assert app.values()["height_m"] == 1.68 and app.values()["speed_m_s"] == pytest.approx(1000 / 330)
    assert app.model_result().inputs.mass_kg == 58
    assert "(1.68 m, 58 kg, 3.03 m/s) come from your runner profile" in app.summary()
    assert app.profile == load_profile().profile


def test_a_profile_given_is_used_instead_of_the_saved_one(runner):
    save_profile(RunnerProfile(height_m=1.9))
    app = explore_my_stride(runner, profile=RunnerProfile(height_m=1.6, mass_kg=50))
    assert app.values()["height_m"] == 1.6 and app.model_result().inputs.mass_kg == 50
    assert "come from the runner profile given" in app.summary()


def test_a_running_cadence_is_used_and_said(runner):
    app = explore_my_stride(runner)
    assert app.model_result().inputs.cadence_steps_min == pytest.approx(runner.cadence_steps_min)
    assert f"Cadence: your measured {runner.cadence_steps_min:.0f} steps/min." in app.summary()


def test_a_walking_cadence_outside_the_models_range_leaves_its_default_and_says_so(demo):
    app = explore_my_stride(demo)
    assert app.model_result().inputs.cadence_steps_min == PARAMETERS["cadence_steps_min"].default
    assert ("measured cadence of 97 steps/min (a walking cadence) is outside the model's running range "
            "140..210 steps/min, so the model's default 170 steps/min is used") in app.summary()


def test_the_origin_is_in_the_alt_text_and_stays_after_a_move(runner):
    app = explore_my_stride(runner)
    app.set(hip_extension_deg=3.0)
    assert app.origin in app.summary() and app.origin in app.surface.alt
    assert app.summary().startswith("With 3.0 deg of hip extension")


@pytest.mark.parametrize("kwargs, named", [
    (dict(anterior_tilt_deg=25), r"anterior_tilt_deg=25 is outside the allowed range 0..20 deg"),
    (dict(anterior_tilt_deg=float("nan")), r"anterior_tilt_deg=nan is outside"),
    (dict(anterior_tilt_deg="8"), r"anterior_tilt_deg='8' is not a number"),
    (dict(profile={"height_m": 1.8}), r"profile=dict is not a RunnerProfile"),
])
def test_bad_arguments_are_refused_naming_them(runner, kwargs, named):
    with pytest.raises(ValueError, match=named):
        explore_my_stride(runner, **kwargs)


@pytest.mark.parametrize("call", [explore_my_stride, stride_measurements, save_stride_to_profile])
def test_something_that_is_not_a_report_is_refused(call):
    with pytest.raises(ValueError, match=r"report=dict is not a StrideReport"):
        call({"steps": []})


def test_a_report_without_a_thigh_angle_is_refused_saying_so(runner):
    with pytest.raises(ValueError, match="no step with a thigh extension"):
        explore_my_stride(with_thigh_angles(runner, math.nan))


def test_a_thigh_angle_past_horizontal_is_refused_not_clamped(runner):
    with pytest.raises(ValueError, match=r"thigh_extension_deg=120.0 is outside the allowed range -90..90 deg"):
        explore_my_stride(with_thigh_angles(runner, 120.0))


# --- the numbers -----------------------------------------------------------------

def test_the_measurements_are_the_reports_side_means_with_their_smallest_detectable_differences(demo):
    m = stride_measurements(demo)
    assert m["gait"] == "walking" and m["fps"] == 30.0
    for side in ("left", "right"):
        stats = demo.sides[side]
        assert m[f"steps_{side}"] == stats["contact_time_s"]["count"]
        assert m[f"thigh_extension_{side}_deg"] == stats["thigh_extension_at_toe_off_deg"]["mean"]
        assert m[f"thigh_extension_{side}_sd_deg"] == stats["thigh_extension_at_toe_off_deg"]["sd"]
        assert m[f"contact_time_{side}_s"] == stats["contact_time_s"]["mean"]
    assert (m["steps_left"], m["steps_right"]) == (3, 2)
    assert m["thigh_extension_sdd_deg"] == 4.8
    assert m["contact_time_sdd_s"] == pytest.approx(1 / 30)
    assert m["cadence_steps_min"] == pytest.approx(97.3, abs=0.1)


def test_the_cadence_sdd_is_what_two_frames_over_the_counted_steps_change(demo, runner):
    demo_m, runner_m = stride_measurements(demo), stride_measurements(runner)
    # demo: 4 step intervals at 97.3 steps/min span 2.467 s; 2 frames at 30 fps more give 94.7
    span = 4 * 60 / demo_m["cadence_steps_min"]
    assert demo_m["cadence_sdd_steps_min"] == pytest.approx(demo_m["cadence_steps_min"] - 240 / (span + 2 / 30))
    assert 2.0 < demo_m["cadence_sdd_steps_min"] < 3.0
    assert 0 < runner_m["cadence_sdd_steps_min"] < demo_m["cadence_sdd_steps_min"]


def test_the_measurements_are_plain_numbers_and_fit_the_profiles_fields(runner):
    m = stride_measurements(runner)
    assert all(type(v) in (int, float, str) for v in m.values())
    assert {f"stride_{k}" for k in m} == {*STRIDE_FIELDS, "stride_gait"}


def test_a_side_without_steps_gives_nan_not_an_error(runner):
    left_only = dataclasses.replace(runner, steps=tuple(s for s in runner.steps if s.side == "left"),
                                    sides={**runner.sides, "right": {k: {"mean": math.nan, "sd": math.nan, "count": 0}
                                                                     for k in runner.sides["right"]}})
    m = stride_measurements(left_only)
    assert m["steps_right"] == 0 and math.isnan(m["thigh_extension_right_deg"])
    assert save_stride_to_profile(left_only).startswith("Saved")
    assert load_profile().profile.stride_thigh_extension_right_deg is None


# --- the profile -----------------------------------------------------------------

def test_saving_keeps_the_measurements_and_the_other_fields(demo, empty_runner_profile):
    save_profile(RunnerProfile.from_pace(1.68, 58, "5:30", thomas_thigh_angle_deg=5))
    message = save_stride_to_profile(demo)
    loaded = load_profile()
    assert loaded.warning is None
    p = loaded.profile
    assert (p.height_m, p.mass_kg, p.thomas_thigh_angle_deg) == (1.68, 58, 5)
    m = stride_measurements(demo)
    assert {key: getattr(p, f"stride_{key}") for key in m} == pytest.approx(m)
    assert message.startswith(f"Saved to your runner profile ({empty_runner_profile}).")
    assert "thigh extension at toe-off left 18 deg" in message and "walking, 30 fps" in message


def test_an_unwritable_profile_folder_returns_the_reason_without_raising(demo, tmp_path, monkeypatch):
    blocker = tmp_path / "a-file"
    blocker.write_text("not a folder")
    monkeypatch.setenv("RUNNING_COURSE_PROFILE", str(blocker / "profile.json"))
    message = save_stride_to_profile(demo)
    assert message.startswith("Not saved: could not save") and "a part of that path is a file" in message
    assert blocker.read_text() == "not a folder"


def test_a_full_disk_returns_the_reason_and_keeps_the_old_file(demo, empty_runner_profile, monkeypatch):
    save_profile(RunnerProfile(mass_kg=61))
    before = empty_runner_profile.read_bytes()

    def full(*_args, **_kwargs):
        raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))

    monkeypatch.setattr(os, "replace", full)
    message = save_stride_to_profile(demo)
    assert message.startswith("Not saved:") and "the disk is full" in message
    assert empty_runner_profile.read_bytes() == before
    assert sorted(p.name for p in empty_runner_profile.parent.iterdir()) == ["profile.json"]


def test_a_profile_file_written_before_the_stride_fields_loads_unchanged(empty_runner_profile):
    old = {"version": 1, "height_m": 1.62, "mass_kg": 55, "speed_m_s": 2.9, "thomas_thigh_angle_deg": 8,
           "thomas_knee_flexion_deg": 70, "thomas_pelvis_moved": "no"}
    empty_runner_profile.write_text(json.dumps(old))
    loaded = load_profile()
    assert loaded.warning is None and not loaded.profile.has_stride
    assert loaded.profile == RunnerProfile(height_m=1.62, mass_kg=55, speed_m_s=2.9, thomas_thigh_angle_deg=8,
                                           thomas_knee_flexion_deg=70, thomas_pelvis_moved="no")


# --- the words -------------------------------------------------------------------

def test_the_confound_text_gives_hip_extension_for_each_tilt_and_says_the_clip_cannot_tell():
    text = confound_text(18)
    assert text.startswith("Your thigh reached 18 deg behind vertical at toe-off.")
    assert "hip extension plus anterior pelvic tilt (geometry; strong)" in text
    assert "if your pelvis tilted 5 deg forward, your hip extended 13 deg; with 10 deg of tilt, 8 deg; " \
           "with 15 deg of tilt, 3 deg." in text
    assert "cannot tell which of these is true" in text
    assert "(untested)" in text


def test_the_confound_text_uses_the_tilts_given():
    assert "tilted 0 deg forward, your hip extended 12 deg; with 20 deg of tilt, -8 deg" in confound_text(12, (0, 20))


@pytest.mark.parametrize("args, named", [
    ((float("nan"),), r"thigh_extension_deg=nan is outside the allowed range -90..90 deg"),
    ((18, (5, 99)), r"tilts_deg=99.0 is outside the allowed range -30..45 deg"),
    ((18, ()), r"tilts_deg=\(\) is empty"),
    ((18, [[5]]), r"tilts_deg=\[\[5\]\] is not a flat list"),
])
def test_the_confound_text_refuses_bad_angles_naming_them(args, named):
    with pytest.raises(ValueError, match=named):
        confound_text(*args)
