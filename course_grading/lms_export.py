"""Grades from the gradebook to a learning-management system: Canvas or Moodle CSV, or nbgrader's CSV.

The gradebook knows students by their nbgrader id; an LMS knows them by its own ids. A
**roster mapping** CSV links the two, one row per student (header required; only
``student_id`` is mandatory, empty cells are allowed)::

    student_id,lms_id,sis_user_id,sis_login_id,section,email,idnumber
    ann.lee,40123,S1001,alee,Tuesday lab,ann.lee@uni.example,S1001

- ``lms_id`` is Canvas's numeric user id (column ``ID`` of a gradebook Canvas exported);
  ``sis_user_id``, ``sis_login_id`` and ``section`` are Canvas's columns of the same names.
- ``email`` and ``idnumber`` identify the student in Moodle (choose one of them as the
  "identify user by" field when importing); they default to the gradebook's e-mail and the
  nbgrader id.

Each assignment's score is nbgrader's: the submission's score (autograded plus manual grades)
minus any late penalty, never below 0, and 0 without a submission (as ``nbgrader export``).
An optional **assignment mapping** (``assignment,lms_name,lms_id``) names the LMS column: for
Canvas ``"<lms_name> (<lms_id>)"`` updates an existing assignment, while a column without an id
makes Canvas create a new assignment on import.

Canvas (Grades -> Import): columns ``Student`` ("Last, First"), ``ID``, ``SIS User ID``, ``SIS
Login ID``, ``Section``, then one column per assignment, and a second row ``Points Possible``
with each assignment's maximum. Moodle (Grades -> Import -> CSV file): ``First name``,
``Last name``, ``ID number``, ``Email address``, then one column per assignment; map each to a
grade item on the import page.
"""

from __future__ import annotations

import csv
from dataclasses import dataclass
from pathlib import Path

FORMATS = ("csv", "canvas", "moodle")
CANVAS_FIXED = ["Student", "ID", "SIS User ID", "SIS Login ID", "Section"]
MOODLE_FIXED = ["First name", "Last name", "ID number", "Email address"]
ROSTER_FIELDS = ["student_id", "lms_id", "sis_user_id", "sis_login_id", "section", "email", "idnumber"]


class UnmappedStudents(ValueError):
    """Students in the gradebook that the roster mapping does not list."""


@dataclass
class StudentGrades:
    student_id: str
    first_name: str
    last_name: str
    email: str
    scores: dict[str, float]  # assignment -> score


def _number(value: float) -> str:
    text = f"{round(float(value), 2):.2f}".rstrip("0").rstrip(".")
    return text if text not in ("", "-0") else "0"


def read_roster(path: Path | None) -> dict[str, dict[str, str]]:
    """student_id -> the mapping row (all ROSTER_FIELDS present, missing ones empty)."""
    if path is None:
        return {}
    with open(path, newline="", encoding="utf-8-sig") as handle:
        reader = csv.DictReader(handle)
        if not reader.fieldnames or "student_id" not in reader.fieldnames:
            raise ValueError(f"{path}: the roster mapping needs a header with a student_id column")
        roster = {}
        for row in reader:
            student = (row.get("student_id") or "").strip()
            if student:
                roster[student] = {key: (row.get(key) or "").strip() for key in ROSTER_FIELDS}
    return roster


def read_assignment_map(path: Path | None) -> dict[str, dict[str, str]]:
    """assignment -> {"lms_name": ..., "lms_id": ...}."""
    if path is None:
        return {}
    with open(path, newline="", encoding="utf-8-sig") as handle:
        return {row["assignment"].strip(): {"lms_name": (row.get("lms_name") or "").strip(),
                                            "lms_id": (row.get("lms_id") or "").strip()}
                for row in csv.DictReader(handle) if (row.get("assignment") or "").strip()}


def collect(gradebook, assignments: list[str] | None = None) -> tuple[list[str], dict[str, float], list[StudentGrades]]:
    """(assignment names, assignment -> points possible, one StudentGrades per student), sorted."""
    from nbgrader.api import MissingEntry

    records = [a for a in gradebook.assignments if not assignments or a.name in assignments]
    records.sort(key=lambda a: a.name)
    names = [a.name for a in records]
    possible = {a.name: float(a.max_score or 0) for a in records}
    students = []
    for student in sorted(gradebook.students, key=lambda s: s.id):
        scores = {}
        for name in names:
            try:
                submission = gradebook.find_submission(name, student.id)
            except MissingEntry:
                scores[name] = 0.0
            else:
                scores[name] = max(0.0, float(submission.score or 0) - float(submission.late_submission_penalty or 0))
        students.append(StudentGrades(student.id, student.first_name or "", student.last_name or "",
                                      student.email or "", scores))
    return names, possible, students


def _check_mapped(students: list[StudentGrades], roster: dict[str, dict[str, str]]) -> None:
    missing = [s.student_id for s in students if s.student_id not in roster]
    if missing:
        raise UnmappedStudents("the roster mapping lists no LMS ids for: " + ", ".join(missing))


def _column(assignment: str, mapping: dict[str, dict[str, str]], canvas: bool) -> str:
    entry = mapping.get(assignment, {})
    name = entry.get("lms_name") or assignment
    if canvas and entry.get("lms_id"):
        return f"{name} ({entry['lms_id']})"
    return name


def canvas_rows(names, possible, students, roster, mapping=None) -> list[list[str]]:
    mapping = mapping or {}
    _check_mapped(students, roster)
    rows = [CANVAS_FIXED + [_column(n, mapping, True) for n in names],
            ["Points Possible", "", "", "", ""] + [_number(possible[n]) for n in names]]
    for student in students:
        entry = roster[student.student_id]
        display = ", ".join(part for part in (student.last_name, student.first_name) if part) or student.student_id
        rows.append([display, entry["lms_id"], entry["sis_user_id"], entry["sis_login_id"], entry["section"]]
                    + [_number(student.scores[n]) for n in names])
    return rows


def moodle_rows(names, possible, students, roster, mapping=None) -> list[list[str]]:
    mapping = mapping or {}
    _check_mapped(students, roster)
    rows = [MOODLE_FIXED + [_column(n, mapping, False) for n in names]]
    for student in students:
        entry = roster[student.student_id]
        rows.append([student.first_name, student.last_name, entry["idnumber"] or student.student_id,
                     entry["email"] or student.email] + [_number(student.scores[n]) for n in names])
    return rows


def export(db_url: str, fmt: str, destination: Path, roster_path: Path | None = None,
           assignment_map_path: Path | None = None, assignments: list[str] | None = None,
           pending: list | None = None) -> Path:
    """Write the gradebook's grades as ``fmt`` (csv, canvas or moodle) to ``destination``.

    A list passed as ``pending`` receives ``pending_manual_grades`` (read in the same session).
    """
    from nbgrader.api import Gradebook

    if fmt not in FORMATS:
        raise ValueError(f"unknown format {fmt!r}; choose one of {', '.join(FORMATS)}")
    destination = Path(destination)
    destination.parent.mkdir(parents=True, exist_ok=True)
    with Gradebook(db_url) as gradebook:
        if pending is not None:
            pending.extend(_pending(gradebook, assignments))
        if fmt == "csv":
            from nbgrader.plugins import CsvExportPlugin

            CsvExportPlugin(to=str(destination), assignment=list(assignments or [])).export(gradebook)
            return destination
        names, possible, students = collect(gradebook, assignments)
    roster = read_roster(roster_path)
    if not roster:
        raise UnmappedStudents(f"a {fmt} export needs a roster mapping (--roster FILE) with the LMS ids")
    mapping = read_assignment_map(assignment_map_path)
    rows = (canvas_rows if fmt == "canvas" else moodle_rows)(names, possible, students, roster, mapping)
    with open(destination, "w", newline="", encoding="utf-8") as handle:
        csv.writer(handle).writerows(rows)
    return destination


def pending_manual_grades(db_url: str, assignments: list[str] | None = None) -> list[tuple[str, str]]:
    """(assignment, student) pairs whose submission still waits for a grader: their export counts 0 there."""
    from nbgrader.api import Gradebook

    with Gradebook(db_url) as gradebook:
        return _pending(gradebook, assignments)


def _pending(gradebook, assignments: list[str] | None = None) -> list[tuple[str, str]]:
    pending = []
    for assignment in gradebook.assignments:
        if assignments and assignment.name not in assignments:
            continue
        for submission in assignment.submissions:
            if submission.needs_manual_grade:
                pending.append((assignment.name, submission.student.id))
    return sorted(pending)
