"""course_grading.sanitize.audit: edited or deleted test cells are flagged (scores are not changed)."""

from __future__ import annotations

from course_grading.record.flags import FlagBook
from course_grading.sanitize.audit import AuditTestCells, released_test_source
from grading.course_factory import (course_config, create_notebook, grade_id, nbgrader_resources, released,
                                    small_source_notebook)


def _audit(nb, course, **info):
    resources = nbgrader_resources(db_url=f"sqlite:///{course / 'gradebook.db'}")
    resources["nbgrader"].update(info)
    AuditTestCells(config=course_config(course)).preprocess(nb, resources)
    return [(f.code, f.message) for f in FlagBook(course).all("a1")]


def _released():
    """The small notebook as released: hidden tests removed, as nbgrader does."""
    cells = [released(c) for c in small_source_notebook().cells]
    for cell in cells:
        cell.source = released_test_source(cell.source) if grade_id(cell) == "q1_tests" else cell.source
    return create_notebook(*cells)


def test_released_test_source_drops_the_hidden_tests():
    source = "assert x is not None, 'set x'\n### BEGIN HIDDEN TESTS\nassert x == 3\n### END HIDDEN TESTS\n"
    assert released_test_source(source) == "assert x is not None, 'set x'"


def test_an_untouched_test_raises_no_flag(small_course):
    assert _audit(_released(), small_course) == []


def test_an_edited_test_is_flagged(small_course):
    nb = _released()
    next(c for c in nb.cells if grade_id(c) == "q1_tests").source = "pass"
    assert _audit(nb, small_course) == [("test-cell-edited", "q1_tests: the original test was run")]


def test_whitespace_at_line_ends_is_not_an_edit(small_course):
    nb = _released()
    cell = next(c for c in nb.cells if grade_id(c) == "q1_tests")
    cell.source = cell.source + "   \n\n"
    assert _audit(nb, small_course) == []


def test_a_deleted_test_is_flagged(small_course):
    nb = _released()
    nb.cells = [c for c in nb.cells if grade_id(c) != "q1_tests"]
    assert _audit(nb, small_course) == [("test-cell-deleted", "q1_tests: the original test was put back")]


def test_a_written_answer_with_points_is_not_a_test(small_course):
    nb = _released()
    nb.cells = [c for c in nb.cells if grade_id(c) != "q2_answer"]
    assert _audit(nb, small_course) == []


def test_an_unreadable_notebook_is_not_audited_again(small_course):
    assert _audit(create_notebook(), small_course, unreadable=True) == []
