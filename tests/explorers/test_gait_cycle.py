"""GaitCycleExplorer: Play drives the instant; the text twin and artists follow the curves."""

import numpy as np
import pytest

from widgets.model.gait import angle_at
from widgets.explorers.gait_cycle import PHASES, GaitCycleExplorer, phase_at
from widgets.model.gait import LIMITED_BY_DEG
from widgets.mechanics import contact_time_s

PERCENTS = [0, 50, 100]
EXTENSIONS = ["enough", "limited"]
SHARES = [0.0, 1.0]


@pytest.fixture(scope="module")
def explorer():
    return GaitCycleExplorer(use_profile=False)


def test_the_percent_slider_has_a_named_play_button(explorer):
    percent = explorer.controls["percent"]
    assert percent.playable and percent.play_label == "step through the gait cycle"
    assert percent.play_step == 2


def test_moving_through_the_cycle_moves_the_marker(explorer):
    explorer.set(percent=0, extension="enough")
    marker = explorer.curves_artist.markers["hip_flexion_deg"]
    before = tuple(marker.get_xdata())
    explorer.controls["percent"].value = 30
    assert tuple(marker.get_xdata()) == (30.0,) != before


def test_toe_off_is_contact_time_times_stride_frequency(explorer):
    expected = 100 * contact_time_s(3.3) * 170 / 120
    assert explorer.curves().events["toe_off"] == pytest.approx(expected)


def test_limited_extension_is_two_degrees_short_of_what_the_stride_needs(explorer):
    needed = explorer.curves("enough").hip_extension_limit_deg
    assert explorer.curves("limited").hip_extension_limit_deg == pytest.approx(needed - LIMITED_BY_DEG)


def test_limited_extension_clips_the_hip_curve_and_adds_tilt(explorer):
    enough = explorer.curves("enough", 0.0)
    limited = explorer.curves("limited", 0.0)
    assert limited.hip_flexion_deg.min() > enough.hip_flexion_deg.min()
    assert limited.pelvic_tilt_deg.max() > enough.pelvic_tilt_deg.max()


def test_limited_extension_made_up_by_rotation_enlarges_the_rotation_curve(explorer):
    enough = explorer.curves("enough", 1.0)
    limited = explorer.curves("limited", 1.0)
    assert np.ptp(limited.pelvic_rotation_deg) > np.ptp(enough.pelvic_rotation_deg)


@pytest.mark.parametrize("percent, phase", [(10, "near stance"), (40, "flight"),
                                            (60, "far stance"), (95, "flight"), (100, "near stance")])
def test_phases_follow_the_events(explorer, percent, phase):
    assert phase_at(percent, explorer.curves()) == phase


@pytest.mark.parametrize("percent", PERCENTS)
@pytest.mark.parametrize("extension", EXTENSIONS)
@pytest.mark.parametrize("share", SHARES)
def test_summary_states_the_curves_numbers_across_the_controls(explorer, percent, extension, share):
    explorer.set(percent=percent, extension=extension, rotation_share=share)
    curves = explorer.curves()
    text = explorer.summary()
    hip = angle_at(percent, curves.hip_flexion_deg, curves)
    tilt = angle_at(percent, curves.pelvic_tilt_deg, curves)
    rotation = angle_at(percent, curves.pelvic_rotation_deg, curves)
    assert f"At {percent} % of the gait cycle: {PHASES[phase_at(percent, curves)]}." in text
    assert f"Hip {hip:+.1f} deg" in text
    assert f"anterior pelvic tilt {tilt:.1f} deg" in text
    assert f"pelvic rotation {rotation:+.1f} deg" in text
    assert f"Toe-off of the near foot is at {curves.events['toe_off']:.1f} %" in text
    assert "synthetic" in text
    if extension == "limited":
        assert f"clipped at {-curves.hip_extension_limit_deg:+.1f} deg" in text
        if share == 0.0:
            assert f"{curves.extra_tilt_deg:.1f} deg of extra anterior pelvic tilt" in text
            assert "Franz et al. 2009" in text
        else:
            assert f"{curves.rotation_deg:.1f} deg of extra pelvic rotation" in text
            assert "hypothesis" in text
    else:
        assert "no compensation is needed" in text


@pytest.mark.parametrize("percent", PERCENTS)
def test_markers_sit_on_the_curves_at_the_chosen_instant(explorer, percent):
    explorer.set(percent=percent, extension="limited", rotation_share=1.0)
    curves = explorer.curves()
    for field, marker in explorer.curves_artist.markers.items():
        x, y = marker.get_data()
        assert x[0] == percent
        assert y[0] == pytest.approx(angle_at(percent, getattr(curves, field), curves))


@pytest.mark.parametrize("control, low, high", [
    ("percent", 0, 50),  # 100 % is the same instant as 0 %
    ("extension", "enough", "limited"),
    ("rotation_share", 0.0, 1.0),
])
def test_artists_change_in_place_when_a_control_moves(control, low, high):
    explorer = GaitCycleExplorer(use_profile=False, extension="limited")
    figure = explorer.figure
    thigh = explorer.person.patches["near_thigh"]
    curve_lines = explorer.curves_artist.lines
    explorer.set(**{control: low})
    before = [thigh.get_xy().copy()] + [line.get_ydata().copy() for line in curve_lines.values()]
    explorer.set(**{control: high})
    after = [thigh.get_xy()] + [line.get_ydata() for line in curve_lines.values()]
    assert any(a.shape != b.shape or not np.allclose(a, b) for a, b in zip(before, after))
    assert explorer.figure is figure and explorer.person.patches["near_thigh"] is thigh
    assert explorer.curves_artist.lines is curve_lines


def test_stance_foot_stands_on_the_ground(explorer):
    explorer.set(percent=20)
    y = explorer.person.chain("near", "leg")[:, 1]
    assert min(y) == pytest.approx(0.0, abs=1e-9)


def test_runner_is_off_the_ground_in_flight(explorer):
    explorer.set(percent=42)
    lowest = min(min(explorer.person.chain(side, "leg")[:, 1]) for side in ("near", "far"))
    assert lowest > 0.0


def test_controls_are_labelled_for_keyboard_and_screen_reader_users(explorer):
    assert all(control.description for control in explorer.controls.values())


def test_explorer_uses_the_profile_speed_for_toe_off(empty_runner_profile):
    from widgets.profile import RunnerProfile, save_profile

    save_profile(RunnerProfile(speed_m_s=4.5))
    expected = 100 * contact_time_s(4.5) * 170 / 120
    assert GaitCycleExplorer().curves().events["toe_off"] == pytest.approx(expected)
