"""course_grading.batch: shards, the flags it adds after a batch, the report and the command line.

Grading itself (``autograde``) runs in the class simulation (test_class_simulation.py).
"""

from __future__ import annotations

import pytest

from course_grading.batch import flag_unfinished, format_report, main, report, shard, submissions
from course_grading.record.flags import FlagBook

ASSIGNMENT = "a1"


def test_students_are_dealt_into_balanced_shards():
    assert shard(list("abcde"), 2) == [["a", "c", "e"], ["b", "d"]]
    assert shard(["a"], 4) == [["a"]]
    assert shard([], 3) == []


@pytest.fixture
def course(tmp_path):
    """ann: graded; bob: an empty submission; cat: submitted, never graded; dan: graded with an error."""
    for student in ("ann", "bob", "cat", "dan"):
        (tmp_path / "submitted" / student / ASSIGNMENT).mkdir(parents=True)
    for student in ("ann", "cat", "dan"):
        (tmp_path / "submitted" / student / ASSIGNMENT / "nb.ipynb").write_text("{}")
    for student in ("ann", "dan"):
        (tmp_path / "autograded" / student / ASSIGNMENT).mkdir(parents=True)
        (tmp_path / "autograded" / student / ASSIGNMENT / "nb.ipynb").write_text("{}")
    (tmp_path / "nbgrader_config.py").write_text("")
    return tmp_path


def test_submissions_are_the_students_with_a_folder_for_the_assignment(course):
    assert submissions(course, ASSIGNMENT) == ["ann", "bob", "cat", "dan"]


def test_unfinished_submissions_are_flagged_with_their_reason(course):
    flag_unfinished(course, ASSIGNMENT, {"ann": None, "dan": "Traceback\nKeyError: 'q1'\n"})
    flags = {(f.student, f.code, f.message) for f in FlagBook(course).all(ASSIGNMENT)}
    assert flags == {("bob", "missing-notebook", f"{course / 'submitted' / 'bob' / ASSIGNMENT} holds no notebook"),
                     ("cat", "grading-failed", "no autograded notebook"),
                     ("dan", "grading-failed", "KeyError: 'q1'")}


def test_the_report_is_written_as_csv_and_printed_with_meanings(course):
    flags = report(course, ASSIGNMENT)
    csv = (course / "grading_records" / f"{ASSIGNMENT}.flagged.csv").read_text()
    assert csv.splitlines()[0] == "student,notebook,flag,meaning,details"
    assert "bob,-,missing-notebook,no notebook was submitted; scored zero," in csv
    text = format_report(flags, 4, ASSIGNMENT)
    assert text.splitlines()[0] == "a1: 4 submissions processed, 2 flagged"
    assert "grading-failed" in text and "nbgrader could not grade this submission" in text


def test_report_exits_1_when_a_submission_could_not_be_graded(course, capsys):
    assert main(["report", ASSIGNMENT, "--course", str(course)]) == 1
    assert "a1.flagged.csv" in capsys.readouterr().out


def test_report_exits_0_when_every_submission_was_graded_or_flagged(course):
    import shutil

    shutil.rmtree(course / "submitted" / "cat")
    (course / "submitted" / "dan" / ASSIGNMENT / "nb.ipynb").unlink()
    assert main(["report", ASSIGNMENT, "--course", str(course)]) == 0


def test_a_folder_without_nbgrader_config_is_refused(tmp_path, capsys):
    with pytest.raises(SystemExit) as stop:
        main(["report", ASSIGNMENT, "--course", str(tmp_path)])
    assert stop.value.code == 2 and "has no nbgrader_config.py" in capsys.readouterr().err
