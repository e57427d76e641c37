"""course_grading.feedback: hidden tests, mark schemes and quoting tracebacks stay out of feedback."""

from __future__ import annotations

import nbformat

from course_grading.feedback import HIDDEN_NOTE, StripHiddenTests, strip_regions
from grading.course_factory import create_grade_and_solution_cell, create_grade_cell


def test_hidden_tests_are_replaced_by_a_note():
    source = "check(x)\n### BEGIN HIDDEN TESTS\nassert x == 42\n### END HIDDEN TESTS"
    assert strip_regions(source) == f"check(x)\n{HIDDEN_NOTE}"


def test_mark_schemes_and_solutions_are_removed():
    source = "Answer:\n### BEGIN MARK SCHEME\n2 points for tilt\n### END MARK SCHEME\n### BEGIN SOLUTION\ntilt\n### END SOLUTION"
    assert strip_regions(source) == "Answer:"


def test_a_failing_test_keeps_its_message_but_not_its_traceback():
    cell = create_grade_cell("assert x == 42, 'use cm'", "code", "t", 1)
    cell.outputs = [nbformat.v4.new_output("error", ename="AssertionError", evalue="use cm",
                                           traceback=["---", "assert x == 42, 'use cm'", "AssertionError: use cm"])]
    stripped, _ = StripHiddenTests().preprocess_cell(cell, {}, 0)
    assert stripped.outputs[0].traceback == ["AssertionError: use cm"]


def test_a_written_answer_keeps_the_students_words():
    cell = create_grade_and_solution_cell("The pelvis tilts forward instead.", "markdown", "q2", 2)
    stripped, _ = StripHiddenTests().preprocess_cell(cell, {}, 0)
    assert stripped.source == "The pelvis tilts forward instead."
