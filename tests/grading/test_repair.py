"""course_grading.sanitize.repair: repeated graded cells, edited metadata, deleted cells, restored solutions."""

from __future__ import annotations

from nbformat.v4 import new_markdown_cell

from course_grading.record.flags import FlagBook
from course_grading.sanitize.repair import ClearRestoredSolutions, RepairGradedCells, RestoreDeletedCells
from grading.course_factory import (course_config, small_source_notebook, create_notebook, create_solution_cell, grade_id, nbgrader_resources,
                                    released)


def _repair(cells, root):
    nb, _ = RepairGradedCells(config=course_config(root)).preprocess(create_notebook(*cells), nbgrader_resources())
    return nb, FlagBook(root).all("a1")


def test_an_untouched_copy_of_an_answer_cell_is_dropped(tmp_path):
    stub = released(create_solution_cell("x = None\nraise NotImplementedError()", "code", "q1"))
    worked = released(create_solution_cell("x = None\nraise NotImplementedError()", "code", "q1"))
    worked.source = "x = 3"
    nb, flags = _repair([worked, stub], tmp_path)
    assert [c.source for c in nb.cells] == ["x = 3"]
    assert [f.code for f in flags] == ["duplicate-grade-id"]


def test_the_halves_of_a_split_answer_cell_are_merged_in_order(tmp_path):
    nb, _ = _repair([create_solution_cell("a = 1", "code", "q1"), create_solution_cell("b = a + 1", "code", "q1")],
                    tmp_path)
    assert [c.source for c in nb.cells] == ["a = 1\nb = a + 1"]


def test_of_distant_edited_copies_the_last_is_graded_and_the_first_still_runs(tmp_path):
    cells = [create_solution_cell("a = 1", "code", "q1"), new_markdown_cell("notes"),
             create_solution_cell("a = 2", "code", "q1")]
    nb, _ = _repair(cells, tmp_path)
    assert [c.source for c in nb.cells] == ["a = 1", "notes", "a = 2"]
    assert nb.cells[0].metadata.nbgrader == {} and nb.cells[2].metadata.nbgrader["grade_id"] == "q1"


def test_an_edited_schema_version_is_reset_and_flagged(tmp_path):
    cell = create_solution_cell("a = 1", "code", "q1")
    cell.metadata.nbgrader["schema_version"] = 99
    nb, flags = _repair([cell], tmp_path)
    assert nb.cells[0].metadata.nbgrader["schema_version"] == 3
    assert [f.code for f in flags] == ["tampered-metadata"]


def test_a_restored_written_answer_loses_its_model_answer():
    cell = new_markdown_cell("This cell was missing.\n\n### BEGIN SOLUTION\nModel answer: tilt.\n### END SOLUTION")
    cleared, _ = ClearRestoredSolutions().preprocess_cell(cell, {}, 0)
    assert cleared.source == "This cell was missing.\n\nYOUR ANSWER HERE"


# --- RestoreDeletedCells (a gradebook of the small notebook; see conftest) ----------------

def _restore(nb, course):
    resources = nbgrader_resources(db_url=f"sqlite:///{course / 'gradebook.db'}")
    restored, _ = RestoreDeletedCells(config=course_config(course)).preprocess(nb, resources)
    return restored, FlagBook(course).all("a1")


def _released_without(*deleted):
    return create_notebook(*(released(c) for c in small_source_notebook().cells if grade_id(c) not in deleted))


def test_a_deleted_test_is_put_back_right_after_its_answer(small_course):
    nb, flags = _restore(_released_without("q1_tests"), small_course)
    assert [grade_id(c) for c in nb.cells] == ["q1_question", "q1_answer", "q1_tests", "q2_question", "q2_answer",
                                               "q3_task"]
    assert flags == []


def test_a_deleted_question_and_its_test_return_in_source_order(small_course):
    nb, _ = _restore(_released_without("q1_question", "q1_tests", "q2_question"), small_course)
    assert [grade_id(c) for c in nb.cells] == ["q1_question", "q1_answer", "q1_tests", "q2_question", "q2_answer",
                                               "q3_task"]
    assert nb.cells[0].metadata.nbgrader["locked"] is True


def test_an_answer_cell_without_points_is_not_put_back(small_course):
    nb, _ = _restore(_released_without("q1_answer"), small_course)
    assert "q1_answer" not in [grade_id(c) for c in nb.cells]


def test_an_empty_notebook_gets_every_graded_and_read_only_cell(small_course):
    nb, _ = _restore(create_notebook(), small_course)
    assert [grade_id(c) for c in nb.cells] == ["q1_question", "q1_tests", "q2_question", "q2_answer", "q3_task"]


def test_an_unreadable_source_notebook_is_flagged_and_cells_return_in_gradebook_order(small_course):
    (small_course / "source" / "a1" / "nb.ipynb").write_text("{broken")
    nb, flags = _restore(_released_without("q1_tests"), small_course)
    assert "q1_tests" in [grade_id(c) for c in nb.cells]
    assert [f.code for f in flags] == ["grading-fallback"] and "gradebook order" in flags[0].message


def test_a_notebook_the_gradebook_does_not_know_is_left_alone(small_course):
    resources = nbgrader_resources(notebook="other", db_url=f"sqlite:///{small_course / 'gradebook.db'}")
    nb = create_notebook()
    restored, _ = RestoreDeletedCells(config=course_config(small_course)).preprocess(nb, resources)
    assert restored.cells == []
