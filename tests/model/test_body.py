"""The shared side-view stick figure: proportions, ground contact, tilt, blending."""

import numpy as np
import pytest

from widgets.model.body import (SEGMENT_SHARES, ArmAngles, LegAngles, Pose, blend, chain_xy,
                                  joint_positions, lowest_point_y, segment_lengths_m)


def thigh_angle_from_down_deg(points, side="near"):
    dx, dy = points[f"{side}_knee"] - points["hip"]
    return np.degrees(np.arctan2(dx, -dy))


@pytest.mark.parametrize("height_m", [1.4, 1.75, 2.1])
def test_segment_lengths_scale_with_height(height_m):
    lengths = segment_lengths_m(height_m)
    for name, share in SEGMENT_SHARES.items():
        assert lengths[name] == pytest.approx(share * height_m)


def test_a_taller_figure_has_proportionally_longer_segments():
    short, tall = segment_lengths_m(1.5), segment_lengths_m(1.8)
    assert tall["thigh"] / short["thigh"] == pytest.approx(1.8 / 1.5)


def test_standing_pose_with_the_hip_at_leg_length_stands_on_the_ground():
    height_m = 1.75
    points = joint_positions(Pose(), height_m, hip_xy=(0.0, 0.530 * height_m))
    assert lowest_point_y(points) == pytest.approx(0.0, abs=1e-9)
    assert points["near_heel"][1] == pytest.approx(0.0, abs=1e-9)
    assert points["near_toe"][1] == pytest.approx(0.0, abs=1e-9)


def test_standing_figure_is_upright_with_the_head_on_top():
    points = joint_positions(Pose(), 1.75)
    assert points["shoulder"][0] == pytest.approx(0.0)
    assert points["head"][1] > points["neck"][1] > points["shoulder"][1] > points["hip"][1]


@pytest.mark.parametrize("tilt_deg", [0.0, 8.0, 15.0])
def test_pelvic_tilt_swings_the_thigh_back_by_the_tilt(tilt_deg):
    pose = Pose(pelvic_tilt_deg=tilt_deg, near_leg=LegAngles(hip_flexion_deg=-10.0))
    points = joint_positions(pose, 1.75)
    assert thigh_angle_from_down_deg(points) == pytest.approx(-10.0 - tilt_deg)


def test_knee_flexion_folds_the_shank_back_from_the_thigh():
    points = joint_positions(Pose(near_leg=LegAngles(knee_flexion_deg=90.0)), 1.75)
    dx, dy = points["near_ankle"] - points["near_knee"]
    assert dx < 0 and dy == pytest.approx(0.0, abs=1e-9)


def test_blend_endpoints_give_the_two_poses():
    a = Pose(trunk_lean_deg=2.0, near_leg=LegAngles(10.0, 20.0, 5.0), near_arm=ArmAngles(15.0, 80.0))
    b = Pose(trunk_lean_deg=8.0, near_leg=LegAngles(-10.0, 40.0, 25.0), far_arm=ArmAngles(-20.0, 90.0))
    assert blend(a, b, 0.0) == a
    assert blend(a, b, 1.0) == b


def test_blend_halfway_averages_every_angle():
    a, b = Pose(near_leg=LegAngles(10.0, 20.0, 0.0)), Pose(near_leg=LegAngles(30.0, 40.0, 10.0))
    assert blend(a, b, 0.5).near_leg == LegAngles(20.0, 30.0, 5.0)


def test_limb_chain_runs_from_the_hip_to_the_toe():
    points = joint_positions(Pose(), 1.75)
    chain = chain_xy(points, "far", "leg")
    np.testing.assert_allclose(chain[0], points["hip"])
    np.testing.assert_allclose(chain[4], points["far_toe"])


@pytest.mark.parametrize("height_m", [0.5, 3.0, float("nan"), float("inf")])
def test_invalid_height_raises_naming_the_parameter(height_m):
    with pytest.raises(ValueError, match="height_m=.* is outside the allowed range 1..2.5 m"):
        segment_lengths_m(height_m)
