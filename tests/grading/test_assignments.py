"""The course's five assignments: solutions pass, released versions fail, nothing secret leaks.

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

from grading import a05_data
from grading.course_factory import ASSIGNMENTS, leaks, nbgrader, secret_lines, source_path
from support.grading_objectives import all_objectives

THE_FIVE = ["a01_gait_and_imbalances", "a02_hip_extension_and_compensation", "a03_fixing_training_barefoot",
            "a04_capstone_judging_the_article", "a05_measure_your_stride"]
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


def test_the_course_has_the_five_assignments():
    assert ASSIGNMENTS == THE_FIVE


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


# --- a05: the landmark table, the solution against the generator's truth, the tests against wrong answers ---

A05 = "a05_measure_your_stride"
A05_POINTS = 9  # autograded: 1 + 3 + 2 + 2 + 1 (the written answer is graded by hand)


def run_a05(monkeypatch, answers: dict[str, str] | None = None) -> tuple[dict[str, str | None], dict]:
    """Run a05's source cells in this process, in its folder (beside the data file), with the answer
    cells named in ``answers`` (grade_id -> source) replaced. Returns grade_id of every test cell ->
    None when it passed, else its error, and the namespace the cells left."""
    monkeypatch.chdir(source_path(A05).parent)
    namespace: dict = {}
    results: dict[str, str | None] = {}
    for cell in nbformat.read(source_path(A05), as_version=4).cells:
        if cell.cell_type != "code":
            continue
        grade_id = nbgrader_info(cell)["grade_id"]
        try:
            exec(compile((answers or {}).get(grade_id, cell.source), grade_id, "exec"), namespace)  # noqa: S102
        except Exception as error:  # noqa: BLE001  (a wrong answer may raise anything)
            results[grade_id] = f"{type(error).__name__}: {error}"
        else:
            results[grade_id] = None
    return {g: r for g, r in results.items() if g.endswith("_tests")}, namespace


def test_a05_data_file_is_what_its_generator_writes():
    committed = (source_path(A05).parent / "runner_side_view.csv").read_text(encoding="utf-8")
    assert committed == a05_data.csv_text()
    assert committed.splitlines()[0] == ",".join(a05_data.COLUMNS)
    assert len(committed.splitlines()) == 1 + round(a05_data.SECONDS * a05_data.FPS)


def test_a05_source_folder_holds_only_what_students_receive():
    assert sorted(p.name for p in source_path(A05).parent.iterdir()) == [f"{A05}.ipynb", "runner_side_view.csv"]


def test_a05_data_file_is_released_with_the_notebook(generated_course):
    released = generated_course / "release" / A05 / "runner_side_view.csv"
    assert released.read_text(encoding="utf-8") == a05_data.csv_text()


def test_a05_solution_passes_every_test_in_process(monkeypatch):
    results, _ = run_a05(monkeypatch)
    assert len(results) == 5 and all(error is None for error in results.values()), results


def test_a05_solution_finds_the_generators_events_within_one_frame(monkeypatch):
    _, ns = run_a05(monkeypatch)
    frame_s = 1 / a05_data.FPS
    for side, known in a05_data.known_events().items():
        found = ns["find_contacts"](ns["time_s"], ns["on_ground"](ns["heel_m"][side], ns["toe_m"][side]))
        assert len(found) == len(known) >= 3, side
        for (ic, to), (true_ic, true_to) in zip(found, known):
            assert abs(ic - true_ic) <= frame_s and abs(to - true_to) <= frame_s, (side, ic, to, true_ic, true_to)
    true_contact_s = a05_data.stance_share() * 120 / a05_data.CADENCE_STEPS_MIN
    assert abs(ns["contact_time_s_mean"] - true_contact_s) <= frame_s
    assert ns["cadence_from_table"] == pytest.approx(a05_data.CADENCE_STEPS_MIN, abs=2)


_ON_GROUND = "def on_ground(heel_m, toe_m, tolerance_m=GROUND_TOLERANCE_M):\n"
_FIND = "def find_contacts(time_s, on_ground_mask):\n"
_CADENCE = "def cadence_steps_min(initial_contacts_s):\n"
_RUNS = """    t, d = np.asarray(time_s), np.asarray(on_ground_mask, dtype=bool)
    edges = np.flatnonzero(np.diff(np.concatenate(([0], d.astype(int), [0]))))
    runs = list(zip(edges[::2], edges[1::2]))
"""
WRONG_A05_ANSWERS = {
    "heel only": ("a05_q1_answer", _ON_GROUND + "    return np.asarray(heel_m) <= tolerance_m\n",
                  "a05_q1_tests", "forefoot landing"),
    "cut contacts kept": ("a05_q2_answer", _FIND + _RUNS + "    return [(t[a], t[b - 1]) for a, b in runs]\n",
                          "a05_q2_tests", "leave it out"),
    "toe-off as the first frame off": (
        "a05_q2_answer", _FIND + _RUNS + "    return [(t[a], t[b]) for a, b in runs if a > 0 and b < len(d)]\n",
        "a05_q2_tests", "last frame on the ground"),
    "contacts, not steps": ("a05_q3_answer", _CADENCE + "    c = np.sort(initial_contacts_s)\n"
                            "    return len(c) / (c[-1] - c[0]) * 60\n", "a05_q3_tests", "span three steps"),
    "unsorted": ("a05_q3_answer", _CADENCE + "    c = list(initial_contacts_s)\n"
                 "    if len(c) < 2 or c[-1] == c[0]:\n        raise ValueError(c)\n"
                 "    return (len(c) - 1) / (c[-1] - c[0]) * 60\n", "a05_q3_tests", "sort them first"),
    "no ValueError": ("a05_q3_answer", _CADENCE + "    c = np.sort(initial_contacts_s)\n"
                      "    return (len(c) - 1) / (c[-1] - c[0]) * 60 if len(c) > 1 else 0.0\n",
                      "a05_q3_tests", "must raise ValueError"),
    "one foot only": ("a05_q4_answer", ("c = find_contacts(time_s, on_ground(heel_m['left'], toe_m['left']))\n"
                                        "contact_time_s_mean = float(np.mean([b - a for a, b in c]))\n"
                                        "cadence_from_table = cadence_steps_min([a for a, _ in c])\n"),
                      "a05_q4_tests", "strides"),
    "contact time in frames": ("a05_q4_answer", "contact_time_s_mean = 16\ncadence_from_table = 170\n",
                               "a05_q4_tests", "contact_time_s_mean"),
    "thigh angle read as hip extension": ("a05_q5_answer", "answer_thigh_angle = 'A'\n", "a05_q5_tests",
                                          "tilted forward"),
}


@pytest.mark.parametrize("mistake", WRONG_A05_ANSWERS)
def test_a05_tests_catch_a_wrong_answer_and_name_it(monkeypatch, mistake):
    answer_id, source, tests_id, message = WRONG_A05_ANSWERS[mistake]
    results, _ = run_a05(monkeypatch, {answer_id: source})
    assert results[tests_id] is not None and message in results[tests_id], results[tests_id]
    # the other items do not depend on this one (the table's numbers use every function)
    assert {g for g, error in results.items() if error} <= {tests_id, "a05_q4_tests"}, results


def test_a05_is_graded_on_the_source_data_file_whatever_the_student_did_to_theirs(generated_course, tmp_path):
    """A submission answered as the solution does, with a tampered data file, scores every autograded point."""
    from nbgrader.api import Gradebook

    course = tmp_path / "course"
    shutil.copytree(generated_course, course)
    folder = course / "submitted" / "tamperer" / A05
    folder.mkdir(parents=True)
    answered = nbformat.read(course / "release" / A05 / f"{A05}.ipynb", as_version=4)
    solutions = {nbgrader_info(c).get("grade_id"): c.source for c in nbformat.read(source_path(A05), as_version=4).cells}
    for cell in answered.cells:  # the released notebook, answered as the model solution does
        if nbgrader_info(cell).get("solution"):
            cell.source = re.sub(r"^\s*### (BEGIN|END) SOLUTION\n?", "", solutions[nbgrader_info(cell)["grade_id"]],
                                 flags=re.MULTILINE)
    nbformat.write(answered, folder / f"{A05}.ipynb")
    data = (course / "source" / A05 / "runner_side_view.csv").read_text()
    lines = data.splitlines()
    (folder / "runner_side_view.csv").write_text("\n".join(lines[:1] + [lines[1]] * 3) + "\n")
    nbgrader(course, "autograde", A05, "--student=tamperer")
    with Gradebook(f"sqlite:///{course / 'gradebook.db'}") as gradebook:
        submission = gradebook.find_submission(A05, "tamperer")
        assert submission.score == A05_POINTS and submission.needs_manual_grade
    assert (course / "autograded" / "tamperer" / A05 / "runner_side_view.csv").read_text() == data
