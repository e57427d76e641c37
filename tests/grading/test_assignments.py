"""The course's four assignments: solutions pass, released versions fail, nothing secret leaks.

Secrets are read generically from the source notebooks (the inside of every solution,
hidden-test and mark-scheme region of *every* assignment), so a leak check needs no
knowledge of any one assignment. Objectives are read from the lessons.
"""

from __future__ import annotations

import json
import re
import shutil

import nbformat
import pytest
from nbgrader.validator import Validator
from traitlets.config import Config

from grading.course_factory import ASSIGNMENTS, leaks, nbgrader, secret_lines, source_path
from support.grading_objectives import all_objectives

THE_FOUR = ["a01_gait_and_imbalances", "a02_hip_extension_and_compensation", "a03_fixing_training_barefoot",
            "a04_capstone_judging_the_article"]
STUDENT = "untouched"


def nbgrader_info(cell) -> dict:
    return cell.metadata.get("nbgrader", {})


def validate(path, **options) -> dict:
    config = Config()
    config.Execute.timeout = 60
    for name, value in options.items():
        setattr(config.Validator, name, value)
    return Validator(config=config).validate(str(path))


SECRETS = secret_lines()


def _leaks(text: str) -> list[str]:
    return leaks(text, SECRETS)


def test_the_course_has_the_four_assignments():
    assert ASSIGNMENTS == THE_FOUR


@pytest.mark.parametrize("assignment", ASSIGNMENTS)
def test_every_assignment_has_secrets_to_protect(assignment):
    assert len(SECRETS[assignment]) >= 3


@pytest.mark.parametrize("assignment", ASSIGNMENTS)
def test_every_source_notebook_passes_validation(assignment):
    assert validate(source_path(assignment)) == {}


@pytest.mark.parametrize("assignment", ASSIGNMENTS)
def test_every_released_notebook_fails_all_its_autograded_tests(generated_course, assignment):
    released = generated_course / "release" / assignment / f"{assignment}.ipynb"
    tests = [c for c in nbformat.read(released, as_version=4).cells
             if c.cell_type == "code" and nbgrader_info(c).get("grade")]
    result = validate(released, ignore_checksums=True)
    assert len(result.get("failed", [])) == len(tests) > 0


@pytest.mark.parametrize("assignment", ASSIGNMENTS)
def test_no_solution_text_nor_hidden_test_of_any_assignment_reaches_the_release(generated_course, assignment):
    released = (generated_course / "release" / assignment / f"{assignment}.ipynb").read_text()
    for marker in ("BEGIN SOLUTION", "HIDDEN TESTS", "MARK SCHEME"):
        assert marker not in released
    assert _leaks(released) == []


@pytest.fixture(scope="session")
def graded_from_elsewhere(generated_course, tmp_path_factory):
    """Each assignment handed in untouched under another name, then autograded and given feedback
    by nbgrader started in an unrelated folder with ``--CourseDirectory.root``."""
    root = tmp_path_factory.mktemp("elsewhere")
    course, elsewhere = root / "course", root / "elsewhere"
    shutil.copytree(generated_course, course)
    elsewhere.mkdir()
    for assignment in ASSIGNMENTS:
        folder = course / "submitted" / STUDENT / assignment
        folder.mkdir(parents=True)
        shutil.copy(course / "release" / assignment / f"{assignment}.ipynb", folder / f"{assignment} (1).ipynb")
    for step in ("autograde", "generate_feedback"):
        nbgrader(course, step, "*", f"--CourseDirectory.root={course}", cwd=elsewhere)
    return course, elsewhere


def test_nbgrader_run_from_another_folder_writes_flags_and_records_into_the_course(graded_from_elsewhere):
    course, elsewhere = graded_from_elsewhere
    assert list(elsewhere.iterdir()) == []
    for assignment in ASSIGNMENTS:
        records = course / "grading_records" / assignment
        flags = json.loads((records / f"{STUDENT}.flags.json").read_text())
        assert [flag["code"] for flag in flags] == ["renamed-notebook"], assignment
        assert (records / f"{STUDENT}.answers.json").exists()


@pytest.mark.parametrize("assignment", ASSIGNMENTS)
def test_feedback_holds_no_solution_nor_hidden_test_of_any_assignment(graded_from_elsewhere, assignment):
    course, _ = graded_from_elsewhere
    html = (course / "feedback" / STUDENT / assignment / f"{assignment}.html").read_text()
    for marker in ("BEGIN SOLUTION", "HIDDEN TESTS", "MARK SCHEME"):
        assert marker not in html
    assert _leaks(html) == []


@pytest.mark.parametrize("assignment", ASSIGNMENTS)
def test_every_graded_item_names_objectives_the_lessons_state(assignment):
    objectives = all_objectives()
    notebook = nbformat.read(source_path(assignment), as_version=4)
    questions = [c.source for c in notebook.cells if c.cell_type == "markdown" and re.search(r"^## \d", c.source, re.M)]
    assert questions
    for question in questions:
        tags = re.findall(r"Assesses: ((?:L\d\d\.\d(?:, )?)+)", question)
        assert tags, f"no 'Assesses:' line in {question[:60]!r}"
        assert set(tags[0].split(", ")) <= objectives, question[:60]


@pytest.mark.parametrize("assignment", ASSIGNMENTS)
def test_each_assignment_mixes_choice_numeric_code_and_written_items(assignment):
    cells = nbformat.read(source_path(assignment), as_version=4).cells
    sources = "\n".join(c.source for c in cells)
    assert "check_choice" in sources or "check_choices" in sources
    assert "check_number" in sources
    assert re.search(r"^def \w+\(", sources, re.M), "a code exercise defines a function"
    assert any(c.cell_type == "markdown" and nbgrader_info(c).get("solution") and nbgrader_info(c).get("grade")
               for c in cells), "a manually graded written answer"
    assert "Mark scheme" in sources or "MARK SCHEME" in sources


def test_the_course_has_at_least_one_task_cell():
    tasks = [c for a in ASSIGNMENTS for c in nbformat.read(source_path(a), as_version=4).cells
             if nbgrader_info(c).get("task")]
    assert tasks


@pytest.mark.parametrize("assignment", ASSIGNMENTS)
def test_source_notebooks_run_in_the_python3_kernel(assignment):
    # committed clean: tests/course/test_lessons.py checks every notebook of the repository
    assert nbformat.read(source_path(assignment), as_version=4).metadata["kernelspec"]["name"] == "python3"


@pytest.mark.parametrize("assignment", ASSIGNMENTS)
def test_interactive_cells_stay_quiet_while_grading(assignment):
    notebook = nbformat.read(source_path(assignment), as_version=4)
    for cell in notebook.cells:
        if cell.cell_type == "code" and re.search(r"Explorer\(|display\(|interact", cell.source):
            assert "NBGRADER_EXECUTION" in cell.source
