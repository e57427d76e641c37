"""ThomasTestExplorer: readings for each pattern, limits always stated, posture drawn in place."""

import numpy as np
import pytest

from widgets.explorers.thomas import ThomasTestExplorer
from widgets.model.thomas import (KNEE_FLEXION_LIMITS_DEG, PELVIS_ANSWERS, THIGH_ANGLE_LIMITS_DEG,
                                  interpret_thomas_test)

THIGHS = [THIGH_ANGLE_LIMITS_DEG[0], 0.0, THIGH_ANGLE_LIMITS_DEG[1]]
KNEES = [KNEE_FLEXION_LIMITS_DEG[0], 70.0, KNEE_FLEXION_LIMITS_DEG[1]]


@pytest.fixture(scope="module")
def explorer():
    return ThomasTestExplorer(use_profile=False)


@pytest.mark.parametrize("thigh", THIGHS)
@pytest.mark.parametrize("knee", KNEES)
@pytest.mark.parametrize("pelvis", PELVIS_ANSWERS)
def test_summary_equals_the_interpretation_across_the_controls(explorer, thigh, knee, pelvis):
    explorer.set(thigh_angle_deg=thigh, knee_flexion_deg=knee, pelvis_moved=pelvis)
    assert explorer.summary() == interpret_thomas_test(thigh, knee, pelvis).text()
    verdict = "positive" if thigh > 0 else "negative"
    assert explorer.verdict.get_text().startswith(f"Test reads {verdict}")


def test_hanging_thigh_is_drawn_at_the_entered_angle(explorer):
    explorer.set(thigh_angle_deg=20, knee_flexion_deg=90)
    hip, knee = explorer.person.chain("near", "leg")[:2]
    dx, dy = knee - hip
    assert np.degrees(np.arctan2(dy, dx)) == pytest.approx(20)


@pytest.mark.parametrize("control, low, high", [
    ("thigh_angle_deg", THIGHS[0], THIGHS[-1]),
    ("knee_flexion_deg", KNEES[0], KNEES[-1]),
])
def test_posture_changes_in_place_when_an_angle_moves(control, low, high):
    explorer = ThomasTestExplorer(use_profile=False)
    figure, shank = explorer.figure, explorer.person.patches["near_shank"]
    explorer.set(**{control: low})
    before = np.array(shank.get_xy()).copy()
    explorer.set(**{control: high})
    assert not np.allclose(before, shank.get_xy())
    assert explorer.figure is figure and explorer.person.patches["near_shank"] is shank


def test_angle_label_follows_the_thigh(explorer):
    explorer.set(thigh_angle_deg=-12)
    assert explorer.angle_label.get_text() == "thigh -12\N{DEGREE SIGN}"


def test_explorer_starts_from_the_profiles_thomas_result(empty_runner_profile):
    from widgets.profile import RunnerProfile, save_profile

    save_profile(RunnerProfile(thomas_thigh_angle_deg=8.0, thomas_knee_flexion_deg=65.0,
                               thomas_pelvis_moved="yes"))
    values = ThomasTestExplorer().values()
    assert values == {"thigh_angle_deg": 8.0, "knee_flexion_deg": 65.0, "pelvis_moved": "yes"}


def test_explorer_without_a_saved_result_starts_level_with_horizontal():
    values = ThomasTestExplorer(use_profile=False).values()
    assert values["thigh_angle_deg"] == 0.0 and values["pelvis_moved"] == "not sure"


def test_controls_are_labelled_for_keyboard_and_screen_reader_users(explorer):
    assert all(control.description for control in explorer.controls.values())
