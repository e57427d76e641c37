"""``running-course-grade``: the instructor's one command line, run as a real subprocess.

``graded_class`` (also used by test_analytics.py and test_lms_export.py) builds, once per test
session, a course in a temporary folder with a roster of eight students, seven of whom hand in
a02 as ``fixtures/submissions.py`` builds it (honest students, each wrong in a known way); the
class is graded by ``running-course-grade autograde`` run from the course folder, and one
written answer is then graded by hand, as a grader does in the formgrader.
"""

from __future__ import annotations

import csv
import os
import shutil
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

import pytest
from grading.course_factory import copy_course, nbgrader, read_notebook
from grading.fixtures.submissions import ASSIGNMENT, CLASS, NOTEBOOK

COMMAND = str(Path(sys.executable).parent / "running-course-grade")
HONEST = ["perfect", "metres_not_centimetres", "radians_not_degrees", "believes_rotation_was_measured",
          "ratio_upside_down", "hands_in_the_release_untouched", "answers_only_the_multiple_choice"]
ABSENT = "absent_student"
MANUAL_STUDENT, WRITTEN_ANSWER, MANUAL_SCORE = "perfect", "a02_q6_answer", 2.5
ASSIGNMENT_POINTS = 11.0  # 8 autograded + 3 for the written answer


@dataclass
class GradedClass:
    course: Path
    autograde: subprocess.CompletedProcess
    expected: dict[str, float]  # student -> a02 score (autograded + manual), absent -> 0

    @property
    def db_url(self) -> str:
        return f"sqlite:///{self.course / 'gradebook.db'}"


def run_cli(*args: str, cwd: Path, env: dict | None = None, check: bool = True) -> subprocess.CompletedProcess:
    result = subprocess.run([COMMAND, *args], cwd=cwd, check=False, capture_output=True, text=True, timeout=600,
                            env={**os.environ, **(env or {})})
    if check and result.returncode != 0:
        raise AssertionError(f"running-course-grade {' '.join(args)} -> {result.returncode}\n"
                             f"{result.stdout[-3000:]}\n{result.stderr[-3000:]}")
    return result


def hand_in(course: Path, students: list[str]) -> None:
    """Place each student's submission where `nbgrader collect` would put it."""
    released = read_notebook(course / "release" / ASSIGNMENT / NOTEBOOK)
    source = read_notebook(course / "source" / ASSIGNMENT / NOTEBOOK)
    builders = {student.id: student.build for student in CLASS}
    for student in students:
        folder = course / "submitted" / student / ASSIGNMENT
        folder.mkdir(parents=True)
        for name, content in builders[student](released, source).items():
            (folder / name).write_bytes(content)
        (folder / "timestamp.txt").write_text("2026-11-30 10:00:00.000000 UTC")


def grade_by_hand(db_url: str, student: str, grade_id: str, score: float) -> None:
    from nbgrader.api import Gradebook

    with Gradebook(db_url) as gradebook:
        grade = gradebook.find_grade(grade_id, ASSIGNMENT, ASSIGNMENT, student)
        grade.manual_score = score
        grade.needs_manual_grade = False
        gradebook.db.commit()


def build_graded_class(base: Path) -> GradedClass:
    course = base / "course"
    done = base / "built.txt"
    if not done.exists():
        if base.exists():
            shutil.rmtree(base)
        base.mkdir(parents=True)
        copy_course(course)
        roster = base / "roster.csv"
        roster.write_text("id,first_name,last_name,email\n" + "".join(
            f"{s},{s.split('_')[0].title()},Student{i},{s}@uni.example\n" for i, s in enumerate(HONEST + [ABSENT])))
        nbgrader(course, "db", "student", "import", str(roster))
        nbgrader(course, "generate_assignment", ASSIGNMENT)
        hand_in(course, HONEST)
        result = run_cli("autograde", ASSIGNMENT, "--workers", "2", cwd=course)
        (base / "autograde.out").write_text(result.stdout + "\n--stderr--\n" + result.stderr)
        grade_by_hand(f"sqlite:///{course / 'gradebook.db'}", MANUAL_STUDENT, WRITTEN_ANSWER, MANUAL_SCORE)
        done.write_text("ok")
    out = (base / "autograde.out").read_text().split("\n--stderr--\n")
    expected = {s.id: float(s.code_score) for s in CLASS if s.id in HONEST}
    expected[MANUAL_STUDENT] += MANUAL_SCORE
    expected[ABSENT] = 0.0
    return GradedClass(course, subprocess.CompletedProcess([COMMAND], 0, out[0], out[-1]), expected)


@pytest.fixture(scope="module")
def graded(tmp_path_factory) -> GradedClass:
    return build_graded_class(tmp_path_factory.getbasetemp() / "graded_class")


# --- help and finding the course ----------------------------------------------------------

@pytest.mark.parametrize("subcommand", [[], ["autograde"], ["report"], ["analytics"], ["export"]])
def test_every_subcommand_has_help(subcommand, tmp_path):
    result = run_cli(*subcommand, "--help", cwd=tmp_path)
    assert result.stdout.startswith("usage: running-course-grade")
    if subcommand == ["export"]:
        assert "{csv,canvas,moodle}" in result.stdout and "--roster" in result.stdout
    if not subcommand:
        for name in ("autograde", "report", "analytics", "export"):
            assert name in result.stdout


def test_python_dash_m_is_the_same_command(tmp_path):
    result = subprocess.run([sys.executable, "-m", "course_grading", "--help"], cwd=tmp_path,
                            check=False, capture_output=True, text=True, timeout=120)
    assert result.returncode == 0 and "autograde" in result.stdout


def test_outside_a_course_it_says_where_to_run(tmp_path):
    result = run_cli("report", ASSIGNMENT, cwd=tmp_path, check=False)
    assert result.returncode == 2
    assert "nbgrader_config.py" in result.stderr and "--course DIR" in result.stderr


# --- on a graded class ------------------------------------------------------------------

def test_autograde_grades_the_class_and_prints_the_report(graded):
    from nbgrader.api import Gradebook

    assert graded.autograde.returncode == 0
    assert f"{ASSIGNMENT}: {len(HONEST)} submissions processed" in graded.autograde.stdout
    with Gradebook(graded.db_url) as gradebook:
        scores = {s: gradebook.find_submission(ASSIGNMENT, s).score for s in HONEST}
    assert scores == {s: graded.expected[s] for s in HONEST}
    assert (graded.course / "grading_records" / f"{ASSIGNMENT}.flagged.csv").exists()


def test_the_course_root_comes_from_the_config_not_the_working_folder(graded, tmp_path):
    """From another folder with --course (before or after the subcommand): records go into the course."""
    records = graded.course / "grading_records" / f"{ASSIGNMENT}.flagged.csv"
    records.unlink()
    run_cli("--course", str(graded.course), "report", ASSIGNMENT, cwd=tmp_path)
    assert records.exists() and not (tmp_path / "grading_records").exists()
    run_cli("analytics", ASSIGNMENT, "--course", str(graded.course), cwd=tmp_path)
    assert (graded.course / "grading_records" / f"{ASSIGNMENT}.items.csv").exists()
    assert list(tmp_path.iterdir()) == []


def test_analytics_prints_items_and_objectives(graded):
    result = run_cli("analytics", cwd=graded.course)
    assert "a02_q4_tests" in result.stdout and "objective L03." in result.stdout
    assert f"{ASSIGNMENT}.items.csv" in result.stdout


def test_export_csv_is_nbgraders_export(graded, tmp_path):
    target = tmp_path / "grades.csv"
    run_cli("export", "--format", "csv", "--to", str(target), cwd=graded.course)
    with open(target, newline="") as handle:
        rows = {row["student_id"]: row for row in csv.DictReader(handle) if row["assignment"] == ASSIGNMENT}
    assert {s: float(r["score"]) for s, r in rows.items()} == graded.expected


def test_canvas_export_without_a_roster_mapping_is_refused(graded, tmp_path):
    result = run_cli("export", "--format", "canvas", "--to", str(tmp_path / "c.csv"), cwd=graded.course, check=False)
    assert result.returncode == 2 and "roster" in result.stderr
    assert not (tmp_path / "c.csv").exists()


def test_canvas_export_from_the_command_line(graded, tmp_path):
    roster = tmp_path / "lms_roster.csv"
    roster.write_text("student_id,lms_id,sis_user_id,sis_login_id,section\n" + "".join(
        f"{s},{1000 + i},S{i},{s}@login,Lab A\n" for i, s in enumerate(sorted(graded.expected))))
    target = tmp_path / "canvas.csv"
    result = run_cli("export", "--format", "canvas", "--roster", str(roster), "--to", str(target), cwd=graded.course)
    assert "canvas export" in result.stdout
    with open(target, newline="") as handle:
        rows = list(csv.reader(handle))
    assert rows[0][:5] == ["Student", "ID", "SIS User ID", "SIS Login ID", "Section"]
    column = rows[0].index(ASSIGNMENT)
    assert rows[1][0] == "Points Possible" and float(rows[1][column]) == ASSIGNMENT_POINTS
    by_id = {row[1]: float(row[column]) for row in rows[2:]}
    assert by_id == {str(1000 + i): graded.expected[s] for i, s in enumerate(sorted(graded.expected))}
