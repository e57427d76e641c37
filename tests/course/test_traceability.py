"""Every learning objective a lesson states is assessed somewhere: a self-check or an assignment.

Objectives come from each lesson's "Learning objectives" section, written as ``**L03.2**``.
Assessments come from the question banks' ``objectives`` and from nbgrader assignments in
``course/source/**/*.ipynb`` whose markdown cells carry lines such as
``Assesses: L03.1, L03.2``. ``pytest -s`` prints the objective-by-assessment matrix; a
failure prints it too.
"""

import json
import re
import sys
from collections import defaultdict
from pathlib import Path

import nbformat
import pytest

from support.grading_objectives import stated_objectives
from support.paths import ROOT

LESSONS = sorted((ROOT / "lessons").glob("[0-9][0-9]_*.ipynb"))
ASSIGNMENTS = sorted((ROOT / "course" / "source").glob("**/*.ipynb"))
BANKS = sorted((ROOT / "widgets" / "learner" / "question_bank").glob("lesson_*.json"))

ASSESSES = re.compile(r"^\s*(?:[*_>-]\s*)*\**Assesses:?\**:?\s*(.+)$", re.IGNORECASE | re.MULTILINE)
OBJECTIVE_ID = re.compile(r"L\d{2}\.\d+")


def markdown_lines(path: Path) -> list[str]:
    notebook = nbformat.read(path, as_version=4)
    return [line for cell in notebook.cells if cell.cell_type == "markdown" for line in cell.source.splitlines()]


def assessments() -> dict[str, set[str]]:
    """Assessment name -> objective ids it assesses."""
    assessed: dict[str, set[str]] = defaultdict(set)
    for path in BANKS:
        for question in json.loads(path.read_text(encoding="utf-8")).get("questions", []):
            assessed[f"selfcheck {path.stem}"].update(question.get("objectives", []))
    for path in ASSIGNMENTS:
        for line in markdown_lines(path):
            for match in ASSESSES.finditer(line):
                assessed[f"assignment {path.stem}"].update(OBJECTIVE_ID.findall(match.group(1)))
    return dict(assessed)


def objectives_by_lesson() -> dict[str, list[str]]:
    return {path.stem: stated_objectives(path) for path in LESSONS}


def matrix_text(objectives: dict[str, list[str]], assessed: dict[str, set[str]]) -> str:
    """Objectives as rows, assessments as numbered columns, x where one assesses the other."""
    names = sorted(assessed)
    legend = [f"  [{i + 1}] {name}" for i, name in enumerate(names)]
    header = f"{'objective':<12}" + "".join(f"{i + 1:>4}" for i in range(len(names))) + "  assessed by"
    rows = []
    for lesson, ids in objectives.items():
        for objective in ids:
            marks = [name for name in names if objective in assessed[name]]
            cells = "".join(f"{'x' if name in marks else '.':>4}" for name in names)
            rows.append(f"{objective:<12}{cells}  {len(marks) or 'NOBODY'}")
    return "\n".join(["Objective-by-assessment matrix", *legend, header, *rows])


def test_every_stated_objective_is_assessed_by_a_self_check_or_an_assignment():
    objectives = objectives_by_lesson()
    assert all(objectives.values()), f"lessons whose objectives the reader found none of: " \
        f"{[lesson for lesson, ids in objectives.items() if not ids]}"
    assessed = assessments()
    matrix = matrix_text(objectives, assessed)
    print("\n" + matrix)
    covered = set().union(*assessed.values()) if assessed else set()
    unassessed = [objective for ids in objectives.values() for objective in ids if objective not in covered]
    assert unassessed == [], f"objectives nobody assesses: {unassessed}\n{matrix}"


@pytest.mark.parametrize("lesson", LESSONS, ids=lambda p: p.stem)
def test_every_lesson_states_its_learning_objectives_with_its_own_number(lesson):
    ids = stated_objectives(lesson)
    assert ids, f"{lesson.name} has no **LNN.N** ids under a 'Learning objectives' heading"
    assert all(i.startswith(f"L{lesson.stem[:2]}.") for i in ids), ids


def test_every_assessed_objective_of_an_existing_lesson_is_stated_by_that_lesson():
    """An assessment pointing at an objective its lesson never states is a typo or a stale id."""
    objectives = objectives_by_lesson()
    stated = {objective for ids in objectives.values() for objective in ids}
    lessons_present = {name[:2] for name in objectives}
    orphans = sorted((name, objective) for name, ids in assessments().items() for objective in ids
                     if objective[1:3] in lessons_present and objective not in stated)
    assert orphans == [], f"assessed but not stated by the lesson: {orphans}"


def test_the_objective_reader_finds_bold_ids_only_inside_the_objectives_section(tmp_path):
    notebook = nbformat.v4.new_notebook(cells=[
        nbformat.v4.new_markdown_cell("# Lesson 03\n\nWe revisit **L02.1** here."),
        nbformat.v4.new_markdown_cell("## Learning objectives\n\n- **L03.1** explain the reach budget"),
        nbformat.v4.new_markdown_cell("- **L03.2** compare tilt and rotation\n\n### Detail\n\n- **L03.3** still inside"),
        nbformat.v4.new_markdown_cell("## Prerequisites\n\n**L01.1** is assumed."),
    ])
    path = tmp_path / "03_example.ipynb"
    nbformat.write(notebook, path)
    assert stated_objectives(path) == ["L03.1", "L03.2", "L03.3"]


def test_the_assessment_reader_finds_assesses_lines_in_an_assignment(tmp_path, monkeypatch):
    notebook = nbformat.v4.new_notebook(cells=[
        nbformat.v4.new_markdown_cell("## Question 1\n\n**Assesses:** L03.1, L03.2\n\nCompute the shortfall."),
        nbformat.v4.new_code_cell("# Assesses: L09.9 in a code cell does not count"),
    ])
    path = tmp_path / "a99_example.ipynb"
    nbformat.write(notebook, path)
    monkeypatch.setattr(sys.modules[__name__], "ASSIGNMENTS", [path])
    monkeypatch.setattr(sys.modules[__name__], "BANKS", [])
    assert assessments() == {"assignment a99_example": {"L03.1", "L03.2"}}
