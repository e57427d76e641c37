"""course_grading.record.manual_grades: a rerun keeps answers a person already reviewed as reviewed."""

from __future__ import annotations

import json

import pytest
from nbgrader.api import Gradebook

from course_grading.record.flags import FlagBook
from course_grading.record.manual_grades import SaveAutoGradesKeepingReviews, answer_fingerprint, fingerprints_path
from grading.course_factory import (course_config, create_notebook, grade_id, nbgrader_resources, released,
                                    small_source_notebook)

WRITTEN = "q2_answer"


@pytest.fixture
def submitted(small_course):
    """The small course with one submission by ann; returns the course root."""
    with Gradebook(f"sqlite:///{small_course / 'gradebook.db'}") as gradebook:
        gradebook.add_student("ann")
        gradebook.add_submission("a1", "ann")
    return small_course


def _answered(written="The pelvis tilts forward."):
    cells = [released(c) for c in small_source_notebook().cells]
    next(c for c in cells if grade_id(c) == WRITTEN).source = written
    return create_notebook(*cells)


def _save(course, nb):
    resources = nbgrader_resources(db_url=f"sqlite:///{course / 'gradebook.db'}")
    SaveAutoGradesKeepingReviews(config=course_config(course)).preprocess(nb, resources)


def _review(course, score=1.5):
    with Gradebook(f"sqlite:///{course / 'gradebook.db'}") as gradebook:
        grade = gradebook.find_grade(WRITTEN, "nb", "a1", "ann")
        grade.manual_score, grade.needs_manual_grade = score, False
        gradebook.db.commit()


def _written_grade(course):
    with Gradebook(f"sqlite:///{course / 'gradebook.db'}") as gradebook:
        grade = gradebook.find_grade(WRITTEN, "nb", "a1", "ann")
        return grade.manual_score, grade.needs_manual_grade


def test_the_fingerprint_changes_with_the_answer_and_with_the_automatic_score():
    assert answer_fingerprint("a", 1.0) != answer_fingerprint("b", 1.0)
    assert answer_fingerprint("a", 1.0) != answer_fingerprint("a", 0.0)


def test_fingerprints_are_written_into_the_course_records(submitted):
    _save(submitted, _answered())
    saved = json.loads(fingerprints_path(submitted, "a1", "ann").read_text())
    assert set(saved) == {"q1_tests", WRITTEN}


def test_a_reviewed_unchanged_answer_stays_reviewed_after_a_rerun(submitted):
    _save(submitted, _answered())
    _review(submitted)
    _save(submitted, _answered())
    assert _written_grade(submitted) == (1.5, False)


def test_a_reviewed_answer_that_changed_needs_grading_again(submitted):
    _save(submitted, _answered())
    _review(submitted)
    _save(submitted, _answered("A different answer."))
    assert _written_grade(submitted) == (1.5, True)


def test_an_unreadable_record_reopens_the_review_and_is_flagged(submitted):
    _save(submitted, _answered())
    _review(submitted)
    fingerprints_path(submitted, "a1", "ann").write_text("{cut sho")
    _save(submitted, _answered())
    assert _written_grade(submitted) == (1.5, True)
    flags = FlagBook(submitted).all("a1")
    assert [f.code for f in flags] == ["grading-fallback"] and "ann.answers.json" in flags[0].message
