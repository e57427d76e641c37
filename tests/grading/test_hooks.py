"""course_grading.intake.hooks: a renamed notebook is graded under its released name, in the right course."""

from __future__ import annotations

import json

import nbformat

from course_grading.intake.hooks import adopt_renamed_notebooks, prepare_submission
from course_grading.record.flags import FlagBook
from grading.course_factory import create_notebook, create_solution_cell


def _write(path, *grade_ids):
    path.parent.mkdir(parents=True, exist_ok=True)
    nbformat.write(create_notebook(*(create_solution_cell("x = 1", "code", g) for g in grade_ids)), path)
    return path


def _course(tmp_path, notebooks=("a1",)):
    course = tmp_path / "course"
    for name in notebooks:
        _write(course / "source" / "a1" / f"{name}.ipynb", f"{name}_q1", f"{name}_q2")
    submission = course / "submitted" / "ann" / "a1"
    submission.mkdir(parents=True)
    return course, submission


def test_a_renamed_notebook_is_graded_under_its_released_name(tmp_path):
    course, submission = _course(tmp_path)
    (submission / "a1 (copy).ipynb").write_text(json.dumps({"cells": []}))
    notebooks = [str(submission / "a1 (copy).ipynb")]
    adopted = adopt_renamed_notebooks(submission, course / "source" / "a1", notebooks)
    assert adopted == [("a1 (copy).ipynb", "a1.ipynb")]
    assert notebooks == [str(submission / "a1.ipynb")] and (submission / "a1.ipynb").exists()


def test_of_two_notebooks_each_renamed_one_goes_to_the_notebook_whose_cells_it_carries(tmp_path):
    course, submission = _course(tmp_path, ("part1", "part2"))
    _write(submission / "mine_b.ipynb", "part1_q1", "part1_q2")
    _write(submission / "mine_a.ipynb", "part2_q1")
    notebooks = [str(submission / "mine_a.ipynb"), str(submission / "mine_b.ipynb")]
    adopted = adopt_renamed_notebooks(submission, course / "source" / "a1", notebooks)
    assert sorted(adopted) == [("mine_a.ipynb", "part2.ipynb"), ("mine_b.ipynb", "part1.ipynb")]


def test_a_file_with_no_link_to_a_notebook_of_several_is_not_adopted(tmp_path):
    course, submission = _course(tmp_path, ("part1", "part2"))
    _write(submission / "part1.ipynb", "part1_q1")
    _write(submission / "notes.ipynb", "something_else")
    notebooks = [str(submission / "part1.ipynb"), str(submission / "notes.ipynb")]
    assert adopt_renamed_notebooks(submission, course / "source" / "a1", notebooks) == []


def test_the_hook_flags_in_the_course_of_the_submission_whatever_the_working_folder(tmp_path, monkeypatch):
    course, submission = _course(tmp_path)
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    monkeypatch.chdir(elsewhere)
    _write(submission / "final_v2.ipynb", "a1_q1", "a1_q2")
    notebooks = [str(submission / "final_v2.ipynb")]
    prepare_submission(assignment="a1", student="ann", notebooks=notebooks)
    flags = FlagBook(course).all("a1")
    assert [(f.student, f.notebook, f.code) for f in flags] == [("ann", "a1", "renamed-notebook")]
    assert not any(elsewhere.iterdir())


def test_a_rerun_clears_old_flags_and_reports_the_adoption_again(tmp_path):
    course, submission = _course(tmp_path)
    _write(submission / "final_v2.ipynb", "a1_q1")
    FlagBook(course).record("a1", "ann", "a1", "cell-timeout", "from the last run")
    for _ in range(2):
        prepare_submission(assignment="a1", student="ann", notebooks=[str(submission / "final_v2.ipynb")])
    assert [f.code for f in FlagBook(course).all("a1")] == ["renamed-notebook"]


def test_an_unreadable_file_met_while_matching_names_is_flagged(tmp_path):
    course, submission = _course(tmp_path, ("part1", "part2"))
    _write(submission / "part1.ipynb", "part1_q1")
    (submission / "broken.ipynb").write_text("{not json")
    prepare_submission(assignment="a1", student="ann",
                       notebooks=[str(submission / "part1.ipynb"), str(submission / "broken.ipynb")])
    flags = FlagBook(course).all("a1")
    assert [f.code for f in flags] == ["grading-fallback"] and "broken.ipynb" in flags[0].message
