"""One instructor's day with a class of 24, run once per test session.

Steps: import the roster; generate and release a02 into an exchange in a temporary folder;
each student fetches it and submits what ``fixtures/submissions.py`` builds (one OS user,
``--student``); the instructor collects, autogrades with the plain ``nbgrader autograde``,
grades one written answer by hand, generates feedback and exports grades; then grades the
class again with the course's batch entry point and exports again.
"""

from __future__ import annotations

import csv
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

from nbgrader.api import Gradebook, MissingEntry
from nbgrader.exchange.default import ExchangeFetchAssignment, ExchangeSubmit

from grading.course_factory import copy_course, nbgrader, read_notebook, run_exchange, student_exchange_config
from grading.fixtures.submissions import ASSIGNMENT, CLASS, NOTEBOOK

MANUALLY_GRADED_STUDENT = "perfect"
MANUAL_SCORE = 2.5
WRITTEN_ANSWER = "a02_q6_answer"


@dataclass
class GradingRound:
    returncode: int
    output: str
    code_scores: dict[str, float]
    flags: dict[str, set[str]]
    export: dict[str, dict[str, str]]
    manual_answer: tuple[float | None, bool]


@dataclass
class ClassRun:
    course: Path
    exchange: Path
    first: GradingRound
    second: GradingRound


def _gradebook_state(course: Path) -> tuple[dict[str, float], tuple[float | None, bool]]:
    with Gradebook(f"sqlite:///{course / 'gradebook.db'}") as gradebook:
        scores = {}
        for student in gradebook.students:
            try:
                scores[student.id] = gradebook.find_submission(ASSIGNMENT, student.id).code_score
            except MissingEntry:  # no submission at all
                scores[student.id] = 0.0
        grade = gradebook.find_grade(WRITTEN_ANSWER, NOTEBOOK[:-6], ASSIGNMENT, MANUALLY_GRADED_STUDENT)
        return scores, (grade.manual_score, grade.needs_manual_grade)


def _flags(course: Path) -> dict[str, set[str]]:
    from course_grading.batch import report

    flags: dict[str, set[str]] = {student.id: set() for student in CLASS}
    for flag in report(course, ASSIGNMENT):
        flags.setdefault(flag.student, set()).add(flag.code)
    return flags


def _export(course: Path, name: str) -> dict[str, dict[str, str]]:
    nbgrader(course, "export", "--to", name)
    with open(course / name, newline="") as handle:
        return {row["student_id"]: row for row in csv.DictReader(handle)}


def _grade_written_answer_by_hand(course: Path) -> None:
    """What a grader does in the formgrader: give a score, which marks the cell as graded."""
    with Gradebook(f"sqlite:///{course / 'gradebook.db'}") as gradebook:
        grade = gradebook.find_grade(WRITTEN_ANSWER, NOTEBOOK[:-6], ASSIGNMENT, MANUALLY_GRADED_STUDENT)
        grade.manual_score = MANUAL_SCORE
        grade.needs_manual_grade = False
        gradebook.db.commit()


def hand_in(exchange: Path, homes: Path) -> None:
    for student in CLASS:
        home = homes / student.id
        home.mkdir(parents=True)
        config = student_exchange_config(exchange, home, student.id, ASSIGNMENT)
        run_exchange(ExchangeFetchAssignment, config)
        folder = home / ASSIGNMENT
        released = read_notebook(folder / NOTEBOOK)
        source = read_notebook(homes.parent / "course" / "source" / ASSIGNMENT / NOTEBOOK)
        files = student.build(released, source)
        (folder / NOTEBOOK).unlink()
        for name, content in files.items():
            (folder / name).write_bytes(content)
        run_exchange(ExchangeSubmit, config)


def run_class(root: Path) -> ClassRun:
    course = copy_course(root / "course")
    exchange = root / "exchange"
    exchange.mkdir()
    roster = root / "roster.csv"
    roster.write_text("id,first_name,last_name\n" + "".join(f"{s.id},{s.id.split('_')[0]},Student\n" for s in CLASS))
    nbgrader(course, "db", "student", "import", str(roster))
    nbgrader(course, "generate_assignment", ASSIGNMENT)
    nbgrader(course, "release_assignment", ASSIGNMENT, exchange=exchange)
    hand_in(exchange, root / "students")
    nbgrader(course, "collect", ASSIGNMENT, "--CollectApp.check_owner=False", exchange=exchange)

    plain = nbgrader(course, "autograde", ASSIGNMENT, check=False)
    _grade_written_answer_by_hand(course)
    nbgrader(course, "generate_feedback", ASSIGNMENT)
    scores, _ = _gradebook_state(course)
    first = GradingRound(plain.returncode, plain.stderr, scores, _flags(course),
                         _export(course, "grades_first.csv"), _gradebook_state(course)[1])

    batch = subprocess.run([sys.executable, "-m", "course_grading.batch", "autograde", ASSIGNMENT,
                            "--course", str(course), "--workers", "2"], capture_output=True, text=True)
    scores, manual = _gradebook_state(course)
    second = GradingRound(batch.returncode, batch.stdout + batch.stderr, scores, _flags(course),
                          _export(course, "grades_second.csv"), manual)
    return ClassRun(course, exchange, first, second)
