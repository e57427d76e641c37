"""course_grading.lms_export: Canvas and Moodle CSVs from the gradebook, read back with csv.

The graded class comes from test_cli.py (seven a02 submissions, one written answer graded by
hand, one student on the roster who handed nothing in).
"""

from __future__ import annotations

import csv

import pytest
from grading.fixtures.submissions import ASSIGNMENT
from grading.test_cli import ASSIGNMENT_POINTS, build_graded_class

from course_grading import lms_export


@pytest.fixture(scope="module")
def graded(tmp_path_factory):
    return build_graded_class(tmp_path_factory.getbasetemp() / "graded_class")


@pytest.fixture
def roster(graded, tmp_path):
    """LMS ids for every student: Canvas ids 5000+, SIS ids, two sections, e-mails, Moodle id numbers."""
    path = tmp_path / "roster_mapping.csv"
    with open(path, "w", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(lms_export.ROSTER_FIELDS)
        for i, student in enumerate(sorted(graded.expected)):
            writer.writerow([student, 5000 + i, f"SIS{i:03d}", f"login{i}", "Lab A" if i % 2 else "Lab B",
                             f"{student}@lms.example", f"ID{i:03d}"])
    return path


def read_rows(path):
    with open(path, newline="", encoding="utf-8") as handle:
        return list(csv.reader(handle))


def test_canvas_csv_has_canvas_columns_points_row_and_every_score(graded, roster, tmp_path):
    path = lms_export.export(graded.db_url, "canvas", tmp_path / "canvas.csv", roster)
    rows = read_rows(path)
    assert rows[0] == ["Student", "ID", "SIS User ID", "SIS Login ID", "Section", ASSIGNMENT]
    assert rows[1] == ["Points Possible", "", "", "", "", "11"] and ASSIGNMENT_POINTS == 11
    with open(roster, newline="") as handle:
        mapping = {row["student_id"]: row for row in csv.DictReader(handle)}
    body = rows[2:]
    assert len(body) == len(graded.expected)
    for display, lms_id, sis_user, sis_login, section, score in body:
        student = next(s for s, m in mapping.items() if m["lms_id"] == lms_id)
        assert (sis_user, sis_login, section) == (mapping[student]["sis_user_id"], mapping[student]["sis_login_id"],
                                                  mapping[student]["section"])
        assert float(score) == graded.expected[student], student
        assert "," in display  # "Last, First", as Canvas lists students
    assert {row[1] for row in body} == {m["lms_id"] for m in mapping.values()}


def test_moodle_csv_identifies_students_by_email_and_id_number(graded, roster, tmp_path):
    path = lms_export.export(graded.db_url, "moodle", tmp_path / "moodle.csv", roster)
    header, *body = read_rows(path)
    assert header == ["First name", "Last name", "ID number", "Email address", ASSIGNMENT]
    with open(roster, newline="") as handle:
        mapping = {row["email"]: row for row in csv.DictReader(handle)}
    assert len(body) == len(graded.expected)
    for first, last, id_number, email, score in body:
        student = mapping[email]["student_id"]
        assert id_number == mapping[email]["idnumber"]
        assert float(score) == graded.expected[student], student
        assert first and last


def test_an_assignment_map_names_canvas_columns_with_their_ids(graded, roster, tmp_path):
    assignment_map = tmp_path / "assignments.csv"
    assignment_map.write_text(f"assignment,lms_name,lms_id\n{ASSIGNMENT},Assignment 2: hip extension,77\n")
    rows = read_rows(lms_export.export(graded.db_url, "canvas", tmp_path / "c.csv", roster, assignment_map))
    assert rows[0][5] == "Assignment 2: hip extension (77)"
    rows = read_rows(lms_export.export(graded.db_url, "moodle", tmp_path / "m.csv", roster, assignment_map))
    assert rows[0][4] == "Assignment 2: hip extension"


def test_a_student_missing_from_the_roster_mapping_stops_the_export(graded, roster, tmp_path):
    lines = roster.read_text().splitlines()
    roster.write_text("\n".join(line for line in lines if not line.startswith("perfect,")) + "\n")
    with pytest.raises(lms_export.UnmappedStudents, match="perfect"):
        lms_export.export(graded.db_url, "canvas", tmp_path / "c.csv", roster)
    assert not (tmp_path / "c.csv").exists()


def test_the_plain_csv_is_nbgraders_export(graded, tmp_path):
    with open(lms_export.export(graded.db_url, "csv", tmp_path / "g.csv"), newline="") as handle:
        rows = list(csv.DictReader(handle))
    assert {row["student_id"]: float(row["score"]) for row in rows} == graded.expected


def test_pending_manual_grades_are_listed(graded):
    pending = lms_export.pending_manual_grades(graded.db_url)
    # everyone who wrote an answer that nobody graded yet; the blank ones were scored 0 by nbgrader
    assert (ASSIGNMENT, "perfect") not in pending
    assert (ASSIGNMENT, "metres_not_centimetres") in pending


@pytest.mark.parametrize("value, text", [(2.5, "2.5"), (8.0, "8"), (1 / 3, "0.33"), (0.0, "0"), (-0.0, "0")])
def test_scores_are_written_plainly(value, text):
    assert lms_export._number(value) == text


def test_roster_without_student_id_column_is_refused(tmp_path):
    path = tmp_path / "bad.csv"
    path.write_text("id,lms_id\nann,1\n")
    with pytest.raises(ValueError, match="student_id"):
        lms_export.read_roster(path)
