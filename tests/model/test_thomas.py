"""Reading a modified Thomas test: finding, knee pattern, pelvic caveat, the test's limits."""

import pytest

from widgets.model.thomas import KNEE_FLEXION_CUTOFF_DEG, classify_thomas_test, interpret_thomas_test


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


def test_knee_cutoff_is_labelled_as_a_clinical_norm_not_measured_in_athletes():
    text = interpret_thomas_test(10, 90).text()
    assert "classical clinical norm, not a threshold measured in athletes" in text
    assert "(Harvey 1998; evidence: unverified)" in text


@pytest.mark.parametrize("thigh, knee", [(-10, 90), (15, 60)])
def test_every_reading_states_the_tests_limits_and_that_it_is_not_a_diagnosis(thigh, knee):
    text = interpret_thomas_test(thigh, knee).text()
    for phrase in ("sensitivity about 32 %", "specificity about 57 %", "kappa 0.33-0.47",
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


@pytest.mark.parametrize("thigh, knee, expected", [
    (5.0, KNEE_FLEXION_CUTOFF_DEG, (True, "iliopsoas")), (5.0, KNEE_FLEXION_CUTOFF_DEG - 1, (True, "mixed")),
    (0.0, KNEE_FLEXION_CUTOFF_DEG - 1, (False, "rectus_femoris")), (-5.0, KNEE_FLEXION_CUTOFF_DEG, (False, "none"))])
def test_the_rule_alone_classifies_at_its_boundaries(thigh, knee, expected):
    assert classify_thomas_test(thigh, knee) == expected
    reading = interpret_thomas_test(thigh, knee)
    assert (reading.positive, reading.pattern) == expected
