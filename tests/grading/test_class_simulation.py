"""A class of 24 through release, fetch, submit, collect, autograde, feedback and export.

The class (``fixtures/submissions.py``) mixes honest students with known scores and
hostile or broken submissions. The simulation runs once (``simulation.run_class``); each
test below checks one thing an instructor relies on.
"""

from __future__ import annotations

import re

import nbformat
import pytest
from nbgrader.exchange import ExchangeError
from nbgrader.exchange.default import ExchangeSubmit

from grading.course_factory import leaks, run_exchange, secret_lines, student_exchange_config
from grading.fixtures.submissions import ASSIGNMENT, CLASS, NOTEBOOK, renamed_notebook
from grading.simulation import MANUAL_SCORE, MANUALLY_GRADED_STUDENT, run_class

pytestmark = pytest.mark.slow

STUDENTS = {student.id: student for student in CLASS}


@pytest.fixture(scope="module")
def graded_class(tmp_path_factory):
    return run_class(tmp_path_factory.mktemp("class"))


def test_plain_nbgrader_autograde_finishes_the_batch_without_error(graded_class):
    assert graded_class.first.returncode == 0, graded_class.first.output[-3000:]


def test_the_batch_entry_point_finishes_without_error(graded_class):
    assert graded_class.second.returncode == 0, graded_class.second.output[-3000:]


@pytest.mark.parametrize("student", STUDENTS)
def test_each_student_gets_the_expected_autograded_score(graded_class, student):
    assert graded_class.first.code_scores[student] == STUDENTS[student].code_score


@pytest.mark.parametrize("student", STUDENTS)
def test_each_student_is_flagged_for_exactly_what_they_did(graded_class, student):
    assert graded_class.first.flags[student] == set(STUDENTS[student].flags)


def test_the_export_lists_every_student_with_their_score(graded_class):
    export = graded_class.first.export
    assert set(export) == set(STUDENTS)
    for student, row in export.items():
        expected = STUDENTS[student].code_score + (MANUAL_SCORE if student == MANUALLY_GRADED_STUDENT else 0)
        assert float(row["raw_score"]) == expected, student


def test_a_second_run_changes_no_score(graded_class):
    assert graded_class.second.code_scores == graded_class.first.code_scores


def test_a_second_run_raises_the_same_flags(graded_class):
    assert graded_class.second.flags == graded_class.first.flags


def test_a_second_run_exports_the_same_grades(graded_class):
    assert graded_class.second.export == graded_class.first.export


def test_a_manual_grade_survives_autograding_again_and_stays_graded(graded_class):
    assert graded_class.second.manual_answer == (MANUAL_SCORE, False)


def test_the_flagged_report_says_what_and_why_for_every_flag(graded_class):
    report = (graded_class.course / "grading_records" / f"{ASSIGNMENT}.flagged.csv").read_text()
    for student in CLASS:
        for code in student.flags:
            assert re.search(rf"^{student.id},[^,]*,{code},", report, re.M), (student.id, code)


def _feedback(graded_class, student) -> str:
    return (graded_class.course / "feedback" / student / ASSIGNMENT / f"{ASSIGNMENT}.html").read_text()


def test_feedback_reaches_every_graded_student(graded_class):
    graded = [s.id for s in CLASS if s.id != "missing_notebook"]
    assert all((graded_class.course / "feedback" / s / ASSIGNMENT / f"{ASSIGNMENT}.html").exists() for s in graded)


# Students' code answers are copied from the instructor's solution (fixtures/submissions.py),
# so code solutions are not secret here; model answers, hidden tests and mark schemes are.
SECRETS = secret_lines(code_solutions=False)


@pytest.mark.parametrize("student", ["perfect", "metres_not_centimetres", "deleted_written_answer", "invalid_json",
                                     "edited_test_cell", "deleted_test_cell"])
def test_feedback_holds_no_hidden_test_model_answer_or_mark_scheme_of_any_assignment(graded_class, student):
    html = _feedback(graded_class, student)
    for marker in ("BEGIN SOLUTION", "HIDDEN TESTS", "MARK SCHEME"):
        assert marker not in html
    assert leaks(html, SECRETS) == []


def test_feedback_names_the_misconception_behind_a_wrong_answer(graded_class):
    assert "That is the shortfall in metres; the question asks for centimetres." in _feedback(
        graded_class, "metres_not_centimetres")


def test_a_deleted_written_answer_is_restored_without_the_model_answer(graded_class):
    # (the autograded copy is the instructor's: it holds the hidden tests, but never a model answer)
    path = graded_class.course / "autograded" / "deleted_written_answer" / ASSIGNMENT / NOTEBOOK
    notebook = nbformat.read(path, as_version=4)
    restored = [c.source for c in notebook.cells if c.metadata.get("nbgrader", {}).get("grade_id") == "a02_q6_answer"]
    assert len(restored) == 1 and "was missing from the submission" in restored[0]
    assert restored[0].endswith("\n\nYOUR ANSWER HERE")
    assert "Model answer" not in path.read_text()


def test_megabytes_of_output_are_cut_before_they_reach_the_gradebook(graded_class):
    path = graded_class.course / "autograded" / "megabytes_of_output" / ASSIGNMENT / NOTEBOOK
    assert path.stat().st_size < 200_000


def test_an_infinite_loop_costs_one_timeout_and_the_rest_is_graded(graded_class):
    notebook = nbformat.read(graded_class.course / "autograded" / "infinite_loop" / ASSIGNMENT / NOTEBOOK, 4)
    errors = [o.ename for c in notebook.cells if c.cell_type == "code" for o in c.outputs if o.output_type == "error"]
    assert errors.count("CellTimeoutError") == 1


def test_no_released_notebook_in_the_exchange_holds_a_secret_of_any_assignment(graded_class):
    released = list((graded_class.exchange / "running-technique" / "outbound").rglob("*.ipynb"))
    assert [path.name for path in released] == [NOTEBOOK]
    text = released[0].read_text()
    assert "BEGIN SOLUTION" not in text and "HIDDEN TESTS" not in text
    assert leaks(text, secret_lines()) == []


def test_strict_submission_refuses_a_renamed_notebook(graded_class, tmp_path):
    from nbgrader.exchange.default import ExchangeFetchAssignment

    config = student_exchange_config(graded_class.exchange, tmp_path, "careful_student", ASSIGNMENT)
    config.ExchangeSubmit.strict = True
    run_exchange(ExchangeFetchAssignment, config)
    folder = tmp_path / ASSIGNMENT
    released = nbformat.read(folder / NOTEBOOK, 4)
    (folder / NOTEBOOK).unlink()
    for name, content in renamed_notebook(released, released).items():
        (folder / name).write_bytes(content)
    with pytest.raises(ExchangeError, match="missing notebooks for the submission"):
        run_exchange(ExchangeSubmit, config)


def test_the_formgrader_api_lists_every_submission_with_its_score(graded_class):
    from course_grading.batch import course_api

    api = course_api(graded_class.course)
    submissions = {s["student"]: s for s in api.get_submissions(ASSIGNMENT)}
    assert set(submissions) == set(STUDENTS)
    assert submissions["perfect"]["score"] == STUDENTS["perfect"].code_score + MANUAL_SCORE
    assert submissions["missing_notebook"]["score"] == 0
