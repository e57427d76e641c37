"""Shared artists: the stick figure and the gait curves change in place and stay in the palette."""

import pytest

from support.drawing import PALETTE_HEX, colours_of, new_axes, snapshot
from widgets.drawing.artists import GaitCurvesArtist, StickFigureArtist
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
