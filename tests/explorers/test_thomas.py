"""ThomasTestExplorer: readings for each pattern, limits always stated, posture drawn in place."""

import numpy as np
import pytest

from widgets.explorers.thomas import (KNEE_FLEXION_CUTOFF_DEG, KNEE_FLEXION_LIMITS_DEG, PELVIS_ANSWERS,
                                 THIGH_ANGLE_LIMITS_DEG, ThomasTestExplorer,
                                 interpret_thomas_test)

THIGHS = [THIGH_ANGLE_LIMITS_DEG[0], 0.0, THIGH_ANGLE_LIMITS_DEG[1]]
KNEES = [KNEE_FLEXION_LIMITS_DEG[0], 70.0, KNEE_FLEXION_LIMITS_DEG[1]]


@pytest.fixture(scope="module")
def explorer():
    return ThomasTestExplorer(use_profile=False)


def test_thigh_below_horizontal_with_a_bent_knee_reads_negative_without_pattern():
    reading = interpret_thomas_test(-10, 90, "no")
    assert not reading.positive and reading.pattern == "none"
    assert "reads negative" in reading.text()


def test_thigh_exactly_horizontal_counts_as_reaching_it():
    assert not interpret_thomas_test(0, 90).positive


def test_thigh_above_horizontal_with_a_bent_knee_suggests_iliopsoas():
    reading = interpret_thomas_test(12, 90)
    assert reading.positive and reading.pattern == "iliopsoas"
    assert "iliopsoas" in reading.pattern_note


def test_knee_straighter_than_the_cutoff_with_thigh_down_suggests_rectus_femoris():
    reading = interpret_thomas_test(-5, KNEE_FLEXION_CUTOFF_DEG - 20)
    assert not reading.positive and reading.pattern == "rectus_femoris"
    assert "rectus femoris" in reading.pattern_note


def test_thigh_up_and_knee_straight_is_a_mixed_pattern():
    reading = interpret_thomas_test(10, 50)
    assert reading.positive and reading.pattern == "mixed"
    assert "rectus femoris" in reading.pattern_note and "iliopsoas" in reading.pattern_note


def test_knee_cutoff_is_labelled_as_an_unverified_convention():
    assert "convention; evidence: unverified" in interpret_thomas_test(10, 90).text()


@pytest.mark.parametrize("thigh, knee", [(-10, 90), (15, 60)])
def test_every_reading_states_the_tests_limits_and_that_it_is_not_a_diagnosis(thigh, knee):
    text = interpret_thomas_test(thigh, knee).text()
    for phrase in ("sensitivity about 32 %", "specificity about 57 %", "kappa 0.33-0.40",
                   "Schache et al. 2000", "not a measure of how your stride uses hip extension",
                   "not a diagnosis"):
        assert phrase in text


def test_an_arching_back_makes_the_reading_less_trustworthy():
    note = interpret_thomas_test(-5, 90, "yes").pelvis_note
    assert "less trustworthy" in note and "negative result may hide a limit" in note


@pytest.mark.parametrize("name, args", [
    ("thigh_angle_deg", (50, 90)), ("thigh_angle_deg", (-31, 90)), ("thigh_angle_deg", (float("nan"), 90)),
    ("knee_flexion_deg", (0, -1)), ("knee_flexion_deg", (0, 150)), ("knee_flexion_deg", (0, "bent")),
])
def test_out_of_range_angles_raise_naming_the_parameter(name, args):
    with pytest.raises(ValueError, match=name):
        interpret_thomas_test(*args)


def test_an_unknown_pelvis_answer_raises_naming_the_allowed_answers():
    with pytest.raises(ValueError, match="pelvis_moved='maybe'"):
        interpret_thomas_test(0, 90, "maybe")


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
    x, y = explorer.person.lines["near_leg"].get_data()
    hip, knee = np.array([x[0], y[0]]), np.array([x[1], y[1]])
    dx, dy = knee - hip
    assert np.degrees(np.arctan2(dy, dx)) == pytest.approx(20)


@pytest.mark.parametrize("control, low, high", [
    ("thigh_angle_deg", THIGHS[0], THIGHS[-1]),
    ("knee_flexion_deg", KNEES[0], KNEES[-1]),
])
def test_posture_changes_in_place_when_an_angle_moves(control, low, high):
    explorer = ThomasTestExplorer(use_profile=False)
    figure, leg = explorer.figure, explorer.person.lines["near_leg"]
    explorer.set(**{control: low})
    before = np.array(leg.get_xydata()).copy()
    explorer.set(**{control: high})
    assert not np.allclose(before, leg.get_xydata())
    assert explorer.figure is figure and explorer.person.lines["near_leg"] is leg


def test_angle_label_follows_the_thigh(explorer):
    explorer.set(thigh_angle_deg=-12)
    assert explorer.angle_label.get_text() == "-12 deg"


def test_explorer_starts_from_the_profiles_thomas_result(empty_runner_profile):
    from widgets.profile import RunnerProfile, save_profile

    save_profile(RunnerProfile(thomas_thigh_angle_deg=8.0, thomas_knee_flexion_deg=65.0,
                               thomas_pelvis_moved="yes"))
    values = ThomasTestExplorer().values()
    assert values == {"thigh_angle_deg": 8.0, "knee_flexion_deg": 65.0, "pelvis_moved": "yes"}


def test_explorer_without_a_saved_result_starts_level_with_horizontal():
    values = ThomasTestExplorer(use_profile=False).values()
    assert values["thigh_angle_deg"] == 0.0 and values["pelvis_moved"] == "not sure"


def test_profile_and_explorer_accept_the_same_ranges():
    from widgets import profile

    assert profile.THOMAS_THIGH_ANGLE_LIMITS_DEG == THIGH_ANGLE_LIMITS_DEG
    assert profile.THOMAS_KNEE_FLEXION_LIMITS_DEG == KNEE_FLEXION_LIMITS_DEG
    assert profile.THOMAS_PELVIS_ANSWERS == PELVIS_ANSWERS


def test_controls_are_labelled_for_keyboard_and_screen_reader_users(explorer):
    assert all(control.description for control in explorer.controls.values())
