"""course_grading.analytics: item statistics and objective mastery, checked against the gradebook.

The figures are recomputed here independently (numpy, straight from nbgrader's ``Grade`` rows)
on the class that test_cli.py grades, and read back from ``<assignment>.items.csv`` with csv.
"""

from __future__ import annotations

import csv

import nbformat
import numpy as np
import pytest
from grading.course_factory import ASSIGNMENTS, source_path
from grading.fixtures.submissions import ASSIGNMENT
from grading.test_cli import build_graded_class

from course_grading import analytics


@pytest.fixture(scope="module")
def graded(tmp_path_factory):
    return build_graded_class(tmp_path_factory.getbasetemp() / "graded_class")


@pytest.fixture(scope="module")
def items(graded):
    analytics.run(graded.db_url, graded.course, [ASSIGNMENT])
    with open(graded.course / "grading_records" / f"{ASSIGNMENT}.items.csv", newline="") as handle:
        rows = list(csv.DictReader(handle))
    return {(row["kind"], row["id"]): row for row in rows}


@pytest.fixture(scope="module")
def grade_table(graded):
    """student -> grade id -> (score, graded?), straight from the gradebook."""
    from nbgrader.api import Gradebook

    table = {}
    with Gradebook(graded.db_url) as gradebook:
        for submission in gradebook.find_assignment(ASSIGNMENT).submissions:
            table[submission.student.id] = {
                grade.name: (grade.score, not (grade.needs_manual_grade and grade.manual_score is None))
                for notebook in submission.notebooks for grade in notebook.grades}
    return table


# --- pure functions ----------------------------------------------------------------------

def test_pearson_matches_numpy_and_is_blank_without_variance():
    xs, ys = [1.0, 0.0, 1.0, 1.0, 0.0], [7.0, 3.0, 5.0, 8.0, 4.0]
    assert analytics.pearson(xs, ys) == pytest.approx(np.corrcoef(xs, ys)[0, 1])
    assert analytics.pearson([1.0, 1.0, 1.0], [1.0, 2.0, 3.0]) is None
    assert analytics.pearson([1.0, 0.0], [1.0, 0.0]) is None


def test_discrimination_is_corrected_item_total_correlation():
    item = {"a": 1.0, "b": 0.0, "c": 1.0, "d": 0.0}
    totals = {"a": 5.0, "b": 1.0, "c": 3.0, "d": 3.0}
    rest = [4.0, 1.0, 2.0, 3.0]  # total minus the item
    assert analytics.corrected_item_total(item, totals) == pytest.approx(np.corrcoef([1, 0, 1, 0], rest)[0, 1])


@pytest.mark.parametrize("source, expected", [
    ("answer_x = 'b'", "B"),
    ('answer_x = None\nanswer_x = {"C", "a"}', "A,C"),
    ("answer_x = pick()", "(not a literal)"),
    ("answer_x = None", None),
    ("other = 'A'", None),
    ("answer_x = 'A' +", None),  # a syntax error is no answer
])
def test_the_answer_a_cell_assigns_is_read_without_running_it(source, expected):
    assert analytics.assigned_value(source, "answer_x") == expected


@pytest.mark.parametrize("assignment", ASSIGNMENTS)
def test_every_graded_item_of_every_assignment_assesses_an_objective(assignment):
    source = nbformat.read(source_path(assignment), as_version=4)
    objectives = analytics.item_objectives(source)
    graded = [cell.metadata.nbgrader["grade_id"] for cell in source.cells
              if cell.metadata.get("nbgrader", {}).get("grade") or cell.metadata.get("nbgrader", {}).get("task")]
    assert graded and all(objectives[g] for g in graded), {g: objectives[g] for g in graded}
    assert all(analytics.OBJECTIVE_ID.fullmatch(o) for g in graded for o in objectives[g])


def test_an_item_takes_the_objectives_of_its_question():
    source = nbformat.read(source_path(ASSIGNMENT), as_version=4)
    question = next(c for c in source.cells if c.metadata.get("nbgrader", {}).get("grade_id") == "a02_q4_question")
    stated = analytics.OBJECTIVE_ID.findall(analytics.ASSESSES.search(question.source).group(1))
    assert analytics.item_objectives(source)["a02_q4_tests"] == stated


def test_objectives_in_cell_metadata_are_read_too():
    nb = nbformat.v4.new_notebook(cells=[nbformat.v4.new_code_cell("x = 1", metadata={
        "objectives": ["L02.9"], "nbgrader": {"grade_id": "q_tests", "grade": True}})])
    assert analytics.item_objectives(nb) == {"q_tests": ["L02.9"]}


def test_multiple_choice_items_and_their_keys_come_from_the_source():
    source = nbformat.read(source_path("a03_fixing_training_barefoot"), as_version=4)
    choices = analytics.choice_variables(source)
    assert choices["a03_q1_tests"] == ("answer_spiderman_cue", "B")
    assert choices["a03_q5_tests"][0] == "answer_barefoot_claims" and "," in choices["a03_q5_tests"][1]
    assert "a03_q3_tests" not in choices  # a numeric item


# --- on the graded class ------------------------------------------------------------------

def test_every_item_is_listed_with_its_counts_and_means(items, grade_table):
    students = sorted(grade_table)
    item_ids = sorted({g for grades in grade_table.values() for g in grades})
    assert sorted(i for kind, i in items if kind == "item") == item_ids
    for grade_id in item_ids:
        row = items[("item", grade_id)]
        scores = [grade_table[s][grade_id][0] for s in students if grade_table[s][grade_id][1]]
        assert int(row["n_students"]) == len(students) == 7
        assert int(row["n_graded"]) == len(scores)
        assert float(row["mean_score"]) == pytest.approx(np.mean(scores), abs=1e-3)
        assert float(row["difficulty"]) == pytest.approx(np.mean(scores) / float(row["points"]), abs=1e-3)


def test_discrimination_matches_an_independent_computation(items, grade_table):
    students = sorted(grade_table)
    totals = {s: sum(score for score, _ in grade_table[s].values()) for s in students}
    for grade_id in ("a02_q1_tests", "a02_q2_tests", "a02_q4_tests", "a02_q5_tests"):
        item = np.array([grade_table[s][grade_id][0] for s in students])
        rest = np.array([totals[s] for s in students]) - item
        assert float(items[("item", grade_id)]["discrimination"]) == pytest.approx(np.corrcoef(item, rest)[0, 1], abs=1e-3)


def test_common_wrong_answers_of_the_multiple_choice_item(items):
    row = items[("item", "a02_q4_tests")]
    assert row["correct_answer"] == "B"
    # believes_rotation_was_measured answered A; hands_in_the_release_untouched left None
    assert sorted(row["common_wrong_answers"].split("; ")) == ["(no answer) (1)", "A (1)"]
    assert items[("item", "a02_q1_tests")]["common_wrong_answers"] == ""  # a numeric item


def test_objective_mastery_is_the_share_of_its_points_earned(items, grade_table):
    tagged = {g: row["objectives"].split() for (kind, g), row in items.items() if kind == "item"}
    objectives = {o for os_ in tagged.values() for o in os_}
    assert objectives and all(("objective", o) in items for o in objectives)
    for objective in objectives:
        earned = possible = 0.0
        mastered = assessed = 0
        for grades in grade_table.values():
            mine = [g for g, os_ in tagged.items() if objective in os_ and grades[g][1]]
            got = sum(grades[g][0] for g in mine)
            out_of = sum(float(items[("item", g)]["points"]) for g in mine)
            earned, possible = earned + got, possible + out_of
            if out_of:  # students whose items on this objective are all still ungraded do not count
                assessed += 1
                mastered += got >= 0.7 * out_of
        row = items[("objective", objective)]
        assert float(row["mastery"]) == pytest.approx(earned / possible, abs=1e-3)
        assert float(row["mastered_share"]) == pytest.approx(mastered / assessed, abs=1e-3)


def test_the_instructor_dashboard_runs_on_the_graded_class(graded, monkeypatch):
    """course/instructor_dashboard.ipynb executes headless and shows each figure with its alt text."""
    from nbclient import NotebookClient
    from support.paths import ROOT

    monkeypatch.setenv("RUNNING_COURSE_DIR", str(graded.course))
    notebook = nbformat.read(ROOT / "course" / "instructor_dashboard.ipynb", as_version=4)
    assert all(not c.get("outputs") and c.get("execution_count") is None for c in notebook.cells if c.cell_type == "code")
    NotebookClient(notebook, timeout=120, kernel_name="python3", resources={"metadata": {"path": str(graded.course)}}).execute()
    html_outputs = [o["data"]["text/html"] for c in notebook.cells for o in c.get("outputs", [])
                    if "text/html" in o.get("data", {})]
    text = "".join(o.get("text", "") for c in notebook.cells for o in c.get("outputs", []))
    assert len(html_outputs) == 2 and all('alt="' in h and "bar chart" in h.lower() for h in html_outputs)
    assert f"Two bar charts for {ASSIGNMENT}" in text and "a02_q4_tests" in text and "key B" in text
