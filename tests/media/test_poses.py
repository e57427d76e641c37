"""Motion helpers of the stick figure and the sanity of every drill's key poses."""

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from widgets.media import poses
from widgets.model.body import (Keyframe, Pose, arm_reaching, ease_in_out, hip_for_anchor,
                                  interpolate_keyframes, joint_positions, leg_reaching,
                                  lowest_point_y, pelvis_xy, segment_lengths_m)

H = poses.FIGURE_HEIGHT_M
GROUND_TOLERANCE_M = 0.002


def points(key: Keyframe) -> dict:
    return joint_positions(key.pose, H, key.hip_xy)


def all_drill_keyframes() -> list[Keyframe]:
    return [*poses.walking_spiderman(), *poses.kneeling_hip_flexor_stretch(), *poses.glute_bridge(),
            *poses.modified_thomas_test().values(), *(s.keyframe for s in poses.toe_off_scenes()),
            *poses.foot_strike().values()]


# --- easing and interpolation ------------------------------------------------

def test_easing_starts_at_zero_and_ends_at_one():
    assert ease_in_out(0.0) == 0.0 and ease_in_out(1.0) == pytest.approx(1.0)


def test_easing_is_monotonic_and_symmetric():
    f = np.linspace(0, 1, 101)
    eased = ease_in_out(f)
    assert np.all(np.diff(eased) >= 0)
    assert np.allclose(eased + eased[::-1], 1.0)


def test_easing_starts_slower_than_linear():
    assert ease_in_out(0.1) < 0.1


@pytest.mark.parametrize("bad", [-0.1, 1.1, float("nan")])
def test_easing_rejects_fractions_outside_zero_to_one(bad):
    with pytest.raises(ValueError, match="fraction"):
        ease_in_out(bad)


def test_interpolation_passes_exactly_through_every_keyframe():
    keys = poses.walking_spiderman()
    frames = interpolate_keyframes(keys, frames_per_transition=5, hold_frames=1, height_m=H)
    shown = {f.key: f for f in frames if f.key is not None}
    assert sorted(shown) == list(range(len(keys)))
    for index, frame in shown.items():
        assert frame.pose == keys[index].pose and frame.hip_xy == tuple(keys[index].hip_xy)


def test_interpolation_gives_the_expected_number_of_frames():
    keys = poses.walking_spiderman()
    frames = interpolate_keyframes(keys, frames_per_transition=5, hold_frames=1, height_m=H)
    assert len(frames) == 2 * len(keys) + 4 * (len(keys) - 1)


def test_interpolation_keeps_the_anchor_joint_still():
    keys = poses.walking_spiderman()
    frames = interpolate_keyframes(keys, frames_per_transition=6, height_m=H)
    position = 0
    for start, end in zip(keys[:-1], keys[1:]):
        target = points(end)[end.anchor]
        for frame in frames[position + 1:position + 6]:
            moved = joint_positions(frame.pose, H, frame.hip_xy)[end.anchor]
            assert np.allclose(moved, target, atol=1e-9)
        position += 6


def test_interpolation_needs_two_keyframes():
    with pytest.raises(ValueError, match="keyframes"):
        interpolate_keyframes([poses.standing()])


def test_interpolated_angles_stay_between_the_keyframes():
    a, b = poses.standing(), poses.walking_spiderman()[1]
    frames = interpolate_keyframes([a, b], frames_per_transition=8, height_m=H)
    lo, hi = sorted((a.pose.near_leg.hip_flexion_deg, b.pose.near_leg.hip_flexion_deg))
    assert all(lo - 1e-9 <= f.pose.near_leg.hip_flexion_deg <= hi + 1e-9 for f in frames)


# --- inverse kinematics and placement -----------------------------------------

@settings(max_examples=60, deadline=None)
@given(dx=st.floats(-0.5, 0.5), dy=st.floats(-0.9, -0.3), foot=st.floats(60, 120))
def test_leg_reaching_puts_the_heel_on_its_target(dx, dy, foot):
    seg = segment_lengths_m(H)
    target = np.array([dx, dy])
    sole = target + 0.25 * seg["foot"] * np.array([np.sin(np.radians(foot)), -np.cos(np.radians(foot))])
    if not 0.1 < np.hypot(*sole) < seg["thigh"] + seg["shank"] + seg["ankle_height"]:
        return
    leg = leg_reaching((0.0, 0.0), target, H, pelvic_tilt_deg=8.0, foot_direction_deg=foot)
    pose = Pose(pelvic_tilt_deg=8.0, near_leg=leg)
    assert np.allclose(joint_positions(pose, H)["near_heel"], target, atol=1e-6)
    assert leg.knee_flexion_deg >= 0.0


def test_leg_reaching_rejects_a_foot_out_of_reach():
    with pytest.raises(ValueError, match="foot_xy"):
        leg_reaching((0.0, 1.0), (0.0, -1.0), H)


def test_arm_reaching_puts_the_fingertips_on_the_target():
    shoulder = np.array([0.0, 1.4])
    arms = arm_reaching(shoulder, (0.3, 0.9), H, trunk_lean_deg=20.0)
    pose = Pose(trunk_lean_deg=20.0, near_arm=arms)
    hip = shoulder - joint_positions(pose, H)["shoulder"]
    assert np.allclose(joint_positions(pose, H, hip)["near_hand"], (0.3, 0.9), atol=1e-6)


def test_hip_for_anchor_places_the_named_joint():
    pose = poses.walking_spiderman()[1].pose
    hip = hip_for_anchor(pose, H, "near_heel", (2.0, 0.0))
    assert np.allclose(joint_positions(pose, H, hip)["near_heel"], (2.0, 0.0))


def test_hip_for_anchor_rejects_an_unknown_joint():
    with pytest.raises(ValueError, match="joint"):
        hip_for_anchor(Pose(), H, "near_thumb", (0, 0))


def test_pelvis_is_level_at_zero_tilt_and_its_front_drops_with_anterior_tilt():
    level = pelvis_xy(Pose(), H)
    tilted = pelvis_xy(Pose(pelvic_tilt_deg=15.0), H)
    tucked = pelvis_xy(Pose(pelvic_tilt_deg=-15.0), H)
    assert level[0, 1] == pytest.approx(level[1, 1])
    assert tilted[1, 1] < tilted[0, 1] and tucked[1, 1] > tucked[0, 1]


# --- the drills' poses are anatomically believable ----------------------------

@pytest.mark.parametrize("key", all_drill_keyframes(), ids=lambda k: k.label)
def test_no_keyframe_goes_below_the_ground(key):
    assert lowest_point_y(points(key)) >= -GROUND_TOLERANCE_M


@pytest.mark.parametrize("key", all_drill_keyframes(), ids=lambda k: k.label)
def test_knees_bend_only_the_anatomical_way(key):
    for leg in (key.pose.near_leg, key.pose.far_leg):
        assert -5.0 <= leg.knee_flexion_deg <= 160.0


@pytest.mark.parametrize("key", poses.walking_spiderman(), ids=lambda k: k.label)
def test_spiderman_keyframes_have_a_foot_on_the_ground(key):
    p = points(key)
    lowest_foot = min(p[f"{s}_{j}"][1] for s in ("near", "far") for j in ("heel", "toe"))
    assert abs(lowest_foot) < GROUND_TOLERANCE_M


def lunges():
    return [k for k in poses.walking_spiderman() if "lunge" in k.label.lower() or "elbow" in k.label.lower()]


def front_side(key):
    return "near" if "right" in key.label.lower() else "far"


@pytest.mark.parametrize("key", lunges(), ids=lambda k: k.label)
def test_lunge_front_shin_is_near_vertical_and_front_foot_flat(key):
    p, side = points(key), front_side(key)
    shin = p[f"{side}_knee"] - p[f"{side}_ankle"]
    assert abs(np.degrees(np.arctan2(shin[0], shin[1]))) < 20.0
    assert abs(p[f"{side}_heel"][1]) < GROUND_TOLERANCE_M and abs(p[f"{side}_toe"][1]) < GROUND_TOLERANCE_M


@pytest.mark.parametrize("key", lunges(), ids=lambda k: k.label)
def test_lunge_back_leg_is_long_with_the_toes_planted_behind(key):
    p, back = points(key), "far" if front_side(key) == "near" else "near"
    assert abs(p[f"{back}_toe"][1]) < GROUND_TOLERANCE_M
    assert p[f"{back}_toe"][0] < p["hip"][0] - 0.5
    assert getattr(key.pose, f"{back}_leg").knee_flexion_deg < 60.0


@pytest.mark.parametrize("key", [k for k in poses.walking_spiderman() if "elbow" in k.label.lower()],
                         ids=lambda k: k.label)
def test_spiderman_elbow_goes_to_the_front_heel_on_the_same_side(key):
    p, side = points(key), front_side(key)
    assert np.linalg.norm(p[f"{side}_elbow"] - p[f"{side}_heel"]) < 0.15


def test_kneeling_stretch_keeps_the_back_knee_on_the_ground():
    for key in poses.kneeling_hip_flexor_stretch():
        assert 0.0 <= points(key)["near_knee"][1] < 0.04


def test_kneeling_stretch_cue_tucks_the_pelvis_and_extends_the_back_hip():
    setup, fault, cue = poses.kneeling_hip_flexor_stretch()
    assert cue.pose.pelvic_tilt_deg < 0 < fault.pose.pelvic_tilt_deg
    assert -cue.pose.near_leg.hip_flexion_deg > -fault.pose.near_leg.hip_flexion_deg + 20


def test_glute_bridge_top_lines_up_shoulder_hip_and_knee():
    p = points(poses.glute_bridge()[1])
    a, b = p["hip"] - p["shoulder"], p["near_knee"] - p["hip"]
    assert abs(np.degrees(np.arctan2(a[0] * b[1] - a[1] * b[0], a @ b))) < 2.0
    assert p["hip"][1] > 0.25


def test_glute_bridge_keeps_heels_and_shoulders_in_place():
    start, top = (points(k) for k in poses.glute_bridge())
    assert np.allclose(start["near_heel"], top["near_heel"]) and np.allclose(start["shoulder"], top["shoulder"])


def thigh_angle_below_horizontal_deg(key):
    p = points(key)
    thigh = p["near_knee"] - p["hip"]
    return -np.degrees(np.arctan2(thigh[1], thigh[0]))


def test_thomas_test_negative_thigh_reaches_below_horizontal():
    assert thigh_angle_below_horizontal_deg(poses.modified_thomas_test()["negative"]) > 0


def test_thomas_test_positive_thigh_stays_above_horizontal():
    assert thigh_angle_below_horizontal_deg(poses.modified_thomas_test()["positive"]) < 0


def test_toe_off_scenes_take_their_compensation_from_the_model():
    from widgets.mechanics import push_off
    full, tilt, rotation = poses.toe_off_scenes()
    limited = poses.LIMITED_HIP_EXTENSION_DEG
    assert tilt.pelvic_tilt_deg == pytest.approx(8.0 + push_off(hip_extension_deg=limited,
                                                                  rotation_share=0.0).extra_tilt_deg)
    assert rotation.pelvic_rotation_deg == pytest.approx(push_off(hip_extension_deg=limited).pelvic_rotation_deg)
    assert full.pelvic_rotation_deg == 0.0 and full.hip_extension_deg > limited


@pytest.mark.parametrize("percent", [float(p) for p in range(0, 100, 2)])
def test_running_stance_foot_touches_the_ground_and_flight_feet_do_not(percent):
    pose = poses.running_pose(percent)
    p = joint_positions(pose, H, (0.0, poses.running_hip_height_m(percent)))
    lowest = {s: min(p[f"{s}_heel"][1], p[f"{s}_toe"][1]) for s in ("near", "far")}
    if poses.near_foot_in_stance(percent):
        assert abs(lowest["near"]) < GROUND_TOLERANCE_M
    elif poses.far_foot_in_stance(percent):
        assert abs(lowest["far"]) < GROUND_TOLERANCE_M
    else:
        assert min(lowest.values()) > 0.0


def test_foot_strike_lands_heel_first_and_forefoot_first():
    scenes = poses.foot_strike()
    rear, fore = points(scenes["rearfoot"]), points(scenes["forefoot"])
    assert rear["near_heel"][1] == pytest.approx(0.0, abs=1e-9) and rear["near_toe"][1] > 0.02
    assert fore["near_toe"][1] == pytest.approx(0.0, abs=1e-9) and fore["near_heel"][1] > 0.02


def test_both_foot_strikes_land_the_same_distance_ahead_of_the_hip():
    """Strike type does not set where the foot lands (content review #28): the panels keep it equal."""
    ahead = {kind: points(key)[key.anchor][0] - points(key)["hip"][0] for kind, key in poses.foot_strike().items()}
    assert ahead["rearfoot"] == pytest.approx(poses.FOOT_STRIKE_LANDING_AHEAD_M, abs=1e-6)
    assert ahead["forefoot"] == pytest.approx(poses.FOOT_STRIKE_LANDING_AHEAD_M, abs=1e-6)


def test_foot_strikes_bend_the_knee_as_described():
    scenes = poses.foot_strike()
    for kind, (_, _, knee) in poses.FOOT_STRIKES.items():
        assert scenes[kind].pose.near_leg.knee_flexion_deg == pytest.approx(knee, abs=0.01)
