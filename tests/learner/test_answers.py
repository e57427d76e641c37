"""widgets.learner.answers (the form checks run in students' kernels) and its old import path.

It also guards ``widgets.grading.answers``, the path
notebooks already released to students import.
"""

from __future__ import annotations

import subprocess
import sys

import numpy as np
import pytest

from widgets.learner import answers


def test_released_notebooks_still_import_the_helpers_from_the_old_path():
    from widgets.grading.answers import check_choice, check_choices, check_number

    assert (check_choice, check_choices, check_number) == (answers.check_choice, answers.check_choices,
                                                           answers.check_number)


def test_the_helpers_load_nothing_but_the_standard_library():
    code = ("import sys; from widgets.grading.answers import check_number; "
            "print(sorted(m for m in ('numpy', 'nbgrader', 'ipywidgets', 'matplotlib', 'course_grading') "
            "if m in sys.modules))")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=60)
    assert out.stdout.strip() == "[]", out.stderr


def test_check_choice_accepts_a_letter_in_any_case_and_spacing():
    assert answers.check_choice(" b ", "q", "ABCD") is None  # a lower-case, padded letter is fine


@pytest.mark.parametrize("value, message", [(None, "still None"), (2, "letter in quotes"),
                                            ("E", "not an option"), ("AB", "not an option")])
def test_check_choice_names_what_is_wrong_with_the_form(value, message):
    with pytest.raises(AssertionError, match=message):
        answers.check_choice(value, "q", "ABCD")


def test_check_choices_wants_a_set_not_a_string():
    with pytest.raises(AssertionError, match="set of letters"):
        answers.check_choices("AC", "q", "ABCD")
    assert answers.check_choices({"a", "C"}, "q", "ABCD") is None


def test_check_choices_refuses_an_empty_set():
    with pytest.raises(AssertionError, match="is empty"):
        answers.check_choices(set(), "q", "ABCD")


@pytest.mark.parametrize("value, message", [(None, "still None"), ("2.4", "single number"), (True, "single number"),
                                            (float("nan"), "finite"), (240.0, "check the unit")])
def test_check_number_explains_a_missing_or_implausible_number(value, message):
    with pytest.raises(AssertionError, match=message):
        answers.check_number(value, "shortfall_cm", "cm", 0.0, 100.0)


def test_check_number_accepts_numpy_floats():
    assert answers.check_number(np.float64(2.4), "x", "cm", 0, 10) is None
