"""The course's assignments: solutions pass, released versions fail, nothing leaks on release."""

from __future__ import annotations

import re

import nbformat
import pytest
from nbgrader.validator import Validator
from traitlets.config import Config

from course_factory import ASSIGNMENTS, COURSE

OBJECTIVES = {
    "L01.1", "L01.2", "L01.3", "L02.1", "L02.2", "L02.3", "L03.1", "L03.2", "L03.3", "L03.4",
    "L04.1", "L04.2", "L05.1", "L05.2", "L06.1", "L06.2",
}
SOLUTION_REGION = re.compile(r"### BEGIN SOLUTION\n(.*?)### END SOLUTION", re.DOTALL)
HIDDEN_REGION = re.compile(r"### BEGIN HIDDEN TESTS\n(.*?)### END HIDDEN TESTS", re.DOTALL)


def source_path(assignment):
    return COURSE / "source" / assignment / f"{assignment}.ipynb"


def nbgrader_info(cell) -> dict:
    return cell.metadata.get("nbgrader", {})


def validate(path, **options) -> dict:
    config = Config()
    config.Execute.timeout = 60
    for name, value in options.items():
        setattr(config.Validator, name, value)
    return Validator(config=config).validate(str(path))


def test_the_course_has_at_least_four_assignments():
    assert len(ASSIGNMENTS) >= 4


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
def test_no_solution_text_nor_hidden_test_reaches_the_release(generated_course, assignment):
    released = (generated_course / "release" / assignment / f"{assignment}.ipynb").read_text()
    source = source_path(assignment).read_text()
    for marker in ("BEGIN SOLUTION", "HIDDEN TESTS", "MARK SCHEME", "Model answer"):
        assert marker not in released
    notebook = nbformat.reads(source, as_version=4)
    secrets = [line.strip() for cell in notebook.cells
               for region in SOLUTION_REGION.findall(cell.source) + HIDDEN_REGION.findall(cell.source)
               for line in region.splitlines() if len(line.strip()) > 25]
    assert secrets
    assert [line for line in secrets if line in released] == []


@pytest.mark.parametrize("assignment", ASSIGNMENTS)
def test_every_graded_item_names_the_objectives_it_assesses(assignment):
    notebook = nbformat.read(source_path(assignment), as_version=4)
    questions = [c.source for c in notebook.cells if c.cell_type == "markdown" and re.search(r"^## \d", c.source, re.M)]
    assert questions
    for question in questions:
        tags = re.findall(r"Assesses: ((?:L\d\d\.\d(?:, )?)+)", question)
        assert tags, f"no 'Assesses:' line in {question[:60]!r}"
        assert set(tags[0].split(", ")) <= OBJECTIVES


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
def test_source_notebooks_are_committed_clean(assignment):
    notebook = nbformat.read(source_path(assignment), as_version=4)
    for cell in notebook.cells:
        if cell.cell_type == "code":
            assert cell.outputs == [] and cell.execution_count is None
    assert "widgets" not in notebook.metadata
    assert notebook.metadata["kernelspec"]["name"] == "python3"


@pytest.mark.parametrize("assignment", ASSIGNMENTS)
def test_interactive_cells_stay_quiet_while_grading(assignment):
    notebook = nbformat.read(source_path(assignment), as_version=4)
    for cell in notebook.cells:
        if cell.cell_type == "code" and re.search(r"Explorer\(|display\(|interact", cell.source):
            assert "NBGRADER_EXECUTION" in cell.source
