"""Shared artists: the stick figure and the gait curves change in place and stay in the palette."""

import numpy as np
import pytest

from support.drawing import PALETTE_HEX, colours_of, new_axes, snapshot
from widgets.drawing.artists import GaitCurvesArtist, StickFigureArtist
from widgets.drawing.body_view import RunnerArtist
from widgets.model.body import joint_positions
from widgets.mechanics import push_off
from widgets.model.body import LegAngles, Pose
from widgets.model.gait import gait_curves


def test_stick_figure_artist_keeps_its_lines_and_moves_them():
    _, ax = new_axes()
    artist = StickFigureArtist(ax)
    lines = artist.artists()
    artist.update(Pose())
    before = snapshot(lines)
    artist.update(Pose(near_leg=LegAngles(hip_flexion_deg=30.0)))
    assert artist.artists() == lines and snapshot(lines) != before


def test_runner_artist_moves_its_shapes_in_place_to_the_model_s_joints():
    _, ax = new_axes()
    runner = RunnerArtist(ax)
    shapes = runner.artists()
    runner.update(Pose())
    before = snapshot(shapes)
    pose = Pose(near_leg=LegAngles(hip_flexion_deg=30.0, knee_flexion_deg=40.0))
    points = runner.update(pose, hip_xy=(0.1, 0.9))
    assert runner.artists() == shapes and snapshot(shapes) != before
    assert len(ax.patches) == len(shapes)
    expected = joint_positions(pose, 1.75, (0.1, 0.9))
    assert all((points[k] == expected[k]).all() for k in expected)
    assert runner.chain("near", "leg")[1] == pytest.approx(expected["near_knee"])


def test_runner_artist_draws_the_near_side_dark_over_a_light_far_side():
    _, ax = new_axes()
    runner = RunnerArtist(ax)
    runner.update(Pose())
    near, far = runner.patches["near_thigh"], runner.patches["far_thigh"]
    assert near.get_zorder() > runner.patches["trunk"].get_zorder() > far.get_zorder()
    assert sum(near.get_facecolor()[:3]) < sum(far.get_facecolor()[:3])
    assert colours_of(runner.artists()) <= PALETTE_HEX


def test_runner_artist_limbs_have_thickness():
    _, ax = new_axes()
    runner = RunnerArtist(ax)
    runner.update(Pose())
    thigh = runner.patches["near_thigh"].get_xy()
    assert np.ptp(thigh[:, 0]) > 0.1  # an upright thigh is several centimetres wide


def test_chain_before_any_update_raises():
    _, ax = new_axes()
    with pytest.raises(ValueError, match="update"):
        RunnerArtist(ax).chain("near", "leg")


def test_gait_curves_artist_updates_curves_and_moves_its_marker_in_place():
    _, ax = new_axes()
    artist = GaitCurvesArtist(ax)
    artist.update(gait_curves(), percent=10.0)
    lines = artist.artists()
    before = snapshot(lines)
    artist.update(gait_curves(push_off(hip_extension_deg=5, rotation_share=0.5)))
    after_update = snapshot(lines)
    artist.set_percent(38.0)
    assert before != after_update != snapshot(lines)
    assert all(a is b for a, b in zip(artist.artists(), lines))
    assert artist.cursor.get_xdata()[0] == 38.0


def test_gait_curves_artist_is_labelled_synthetic_with_units_and_palette_colours():
    _, ax = new_axes()
    artist = GaitCurvesArtist(ax)
    artist.update(gait_curves())
    texts = " ".join(t.get_text() for t in ax.texts)
    assert "synthetic" in texts
    assert ax.get_xlabel() == "Gait cycle (%)" and ax.get_ylabel() == "Angle (deg)"
    assert colours_of(artist.artists()) <= PALETTE_HEX


def test_gait_curves_artist_shades_both_flight_phases():
    _, ax = new_axes()
    artist = GaitCurvesArtist(ax)
    artist.update(gait_curves(toe_off_percent=40.0))
    assert [(r.get_x(), r.get_width()) for r in artist.flight] == [(40.0, 10.0), (90.0, 10.0)]


def test_set_percent_before_any_curves_raises():
    _, ax = new_axes()
    with pytest.raises(ValueError, match="update"):
        GaitCurvesArtist(ax).set_percent(10.0)
