"""A class on a real JupyterHub, end to end (issue 12, item 1).

An instructor and three students are system users; each has a server started through the
hub's REST API. The instructor releases a01 (as themselves, in their course copy) and has the
formgrader; the students fetch, one answers and validates, one submits twice, one submits after
the due date; the instructor collects, autogrades with the course's pipeline
(``running-course-grade autograde``, sandboxed: it runs as root), grades the written answer,
generates and releases feedback, which the students fetch; then exports. Students' commands
run as the students (runuser), so the exchange's and the homes' permissions are the real ones.
"""

from __future__ import annotations

import csv
import datetime
import json
import re
import subprocess
import time
from pathlib import Path

import pytest
from support.hub_machine import run

pytestmark = [pytest.mark.hub, pytest.mark.slow, pytest.mark.timeout(900)]

ASSIGNMENT = "a01_gait_and_imbalances"
NOTEBOOK = f"{ASSIGNMENT}.ipynb"
WRITTEN = "a01_q6_answer"
MAX_SCORE = 12.0  # 9 points of code tests, 3 for the written answer
MANUAL_SCORE = 2.0
EDIT_SCRIPT = """
import json, sys, nbformat
path, answers = sys.argv[1], json.load(open(sys.argv[2]))
nb = nbformat.read(path, as_version=4)
for cell in nb.cells:
    grade_id = cell.metadata.get("nbgrader", {}).get("grade_id")
    if grade_id in answers:
        cell.source = answers[grade_id]
nbformat.write(nb, path)
"""
GRADE_SCRIPT = f"""
import sys
from nbgrader.api import Gradebook
student, score = sys.argv[1], float(sys.argv[2])
with Gradebook("sqlite:///gradebook.db") as gradebook:
    grade = gradebook.find_grade({WRITTEN!r}, {ASSIGNMENT!r}, {ASSIGNMENT!r}, student)
    assert grade.needs_manual_grade, "the written answer should wait for the instructor"
    grade.manual_score = score
    gradebook.db.commit()
"""


def _answers(only: set[str] | None = None) -> dict[str, str]:
    """grade id -> the instructor's solution without markers (code answers), a student's text (written)."""
    import nbformat
    from grading.course_factory import source_path
    from grading.fixtures.submissions import without_solution_markers

    answers = {}
    for cell in nbformat.read(source_path(ASSIGNMENT), as_version=4).cells:
        info = cell.metadata.get("nbgrader", {})
        if info.get("solution") and (only is None or info["grade_id"] in only):
            answers[info["grade_id"]] = (without_solution_markers(cell.source) if cell.cell_type == "code" else
                                         "Long sitting keeps the hip flexors short, so the hip extends less "
                                         "at push-off and the pelvis or lower back makes up for it.")
    return answers


def _edit(hub, student: str, answers: dict[str, str]) -> None:
    """The student writes answers into their fetched notebook (nbformat, as that user)."""
    folder = hub.workdir / "answers"
    folder.mkdir(exist_ok=True, mode=0o755)
    answers_file = folder / f"{student}-{time.monotonic_ns()}.json"
    answers_file.write_text(json.dumps(answers))
    answers_file.chmod(0o644)
    hub.as_user(student, str(hub.env / "bin" / "python"), "-c", EDIT_SCRIPT,
                f"/home/{student}/{ASSIGNMENT}/{NOTEBOOK}", str(answers_file))


def _denied(hub, student: str, *command: str) -> str:
    result = hub.as_user(student, *command, check=False)
    assert result.returncode != 0 and "Permission denied" in result.stderr, (
        f"{student} could run {' '.join(command)}:\n{result.stdout[:500]}{result.stderr[:500]}")
    return result.stderr


def _score(html: str) -> float:
    match = re.search(r"Score:\s*([\d.]+)\s*/\s*([\d.]+)", html)
    assert match, "no score in the feedback"
    assert float(match.group(2)) == MAX_SCORE
    return float(match.group(1))


@pytest.fixture(scope="module")
def servers(hub):
    """Every user's own server, started through the REST API, one after the other (timed)."""
    for name in [hub.instructor, *hub.students]:
        hub.start_servers([name])
    hub.measurements["spawn to ready (s)"] = dict(hub.spawn_seconds)
    time.sleep(3)  # let the servers settle before measuring an idle one
    rss = {}
    for name in [hub.instructor, *hub.students]:
        out = subprocess.run(["ps", "-U", name, "-o", "rss="], check=False, capture_output=True, text=True).stdout
        rss[name] = round(sum(int(value) for value in out.split()) / 1024)  # all the user runs: the server
    hub.measurements["idle server RSS (MiB)"] = rss
    return hub


def test_instructor_reaches_the_formgrader_through_the_hub(servers):
    hub = servers
    status, page = hub.get(f"/user/{hub.instructor}/formgrader/")
    assert status == 200, page[:2000]
    assert "formgrader" in page.lower() and "Manage Assignments" in page
    status, page = hub.get(f"/user/{hub.students[0]}/api/status")
    assert status == 200, page[:500]


def test_a_class_from_release_to_export(servers):
    hub = servers
    keen, twice, late = hub.students
    # --- release (the instructor, in their course copy) ---------------------------------------
    hub.instructor_nbgrader("generate_assignment", ASSIGNMENT, "--force")
    hub.instructor_nbgrader("release_assignment", ASSIGNMENT)
    # --- fetch: each student as themselves, into their home --------------------------------------
    for student in hub.students:
        hub.nbgrader_as(student, "fetch_assignment", ASSIGNMENT)
        assert Path(f"/home/{student}/{ASSIGNMENT}/{NOTEBOOK}").exists()
    from grading.course_factory import leaks, secret_lines

    secrets = secret_lines()
    released = Path(f"/home/{keen}/{ASSIGNMENT}/{NOTEBOOK}").read_text()
    assert leaks(released, secrets) == [], "the released notebook carries solutions or hidden tests"
    # --- one student answers and validates; submissions -----------------------------------------
    _edit(hub, keen, _answers())
    validated = hub.nbgrader_as(keen, "validate", f"{ASSIGNMENT}/{NOTEBOOK}", check=False)
    # A visible test cell's last value counts as partial credit: the answer checks return None.
    assert "Success! Your notebook passes all the tests." in validated.stdout, validated.stdout + validated.stderr
    hub.nbgrader_as(keen, "submit", ASSIGNMENT)
    hub.nbgrader_as(twice, "submit", ASSIGNMENT)  # first: the release untouched
    time.sleep(1.1)
    _edit(hub, twice, _answers({"a01_q1_answer", "a01_q2_answer"}))
    hub.nbgrader_as(twice, "submit", ASSIGNMENT)  # second: two multiple-choice answers (2 points)
    time.sleep(1.1)
    due = datetime.datetime.now(datetime.timezone.utc).strftime("%Y-%m-%d %H:%M:%S UTC")
    hub.instructor_nbgrader("db", "assignment", "add", ASSIGNMENT, f"--duedate={due}")
    time.sleep(1.1)
    hub.nbgrader_as(late, "submit", ASSIGNMENT)  # after the due date
    # --- no student reads another's work, the instructor's course or the exchange's inbound -----
    source = hub.course / "source" / ASSIGNMENT / NOTEBOOK
    _denied(hub, keen, "cat", str(source))
    _denied(hub, keen, "cat", str(hub.course / "gradebook.db"))
    _denied(hub, keen, "ls", str(hub.exchange / "running-technique" / "inbound"))
    _denied(hub, keen, "cat", f"/home/{twice}/{ASSIGNMENT}/{NOTEBOOK}")
    _denied(hub, late, "ls", f"/home/{keen}/{ASSIGNMENT}")
    # --- collect (the instructor), autograde (the course's pipeline, sandboxed, as root) --------
    hub.instructor_nbgrader("collect", ASSIGNMENT)
    for student in hub.students:
        assert (hub.course / "submitted" / student / ASSIGNMENT / NOTEBOOK).exists()
        _denied(hub, keen if student != keen else twice, "cat",
                str(hub.course / "submitted" / student / ASSIGNMENT / NOTEBOOK))
    graded = run(str(hub.env / "bin" / "running-course-grade"), "--course", str(hub.course), "autograde",
                 ASSIGNMENT, "--workers", "2", cwd=str(hub.course), check=False, timeout=600,
                 env={"PATH": f"{hub.env / 'bin'}:/usr/bin:/bin", "HOME": "/root", "LANG": "C.UTF-8",
                      "RUNNING_COURSE_EXCHANGE": str(hub.exchange), "RUNNING_COURSE_SANDBOX": "require"})
    assert graded.returncode == 0, graded.stdout[-3000:] + graded.stderr[-3000:]
    # --- the instructor grades the written answer (nbgrader's API, as the instructor) -----------
    hub.as_user(hub.instructor, str(hub.env / "bin" / "python"), "-c", GRADE_SCRIPT, keen, str(MANUAL_SCORE),
                cwd=hub.course)
    # --- feedback: generated and released by the instructor, fetched by each student --------------
    hub.instructor_nbgrader("generate_feedback", ASSIGNMENT, "--force")
    hub.instructor_nbgrader("release_feedback", ASSIGNMENT)
    expected = {keen: MAX_SCORE - (3 - MANUAL_SCORE), twice: 2.0, late: 0.0}
    for student in hub.students:
        hub.nbgrader_as(student, "fetch_feedback", ASSIGNMENT)
        pages = sorted(Path(f"/home/{student}/{ASSIGNMENT}/feedback").rglob("*.html"))
        assert len(pages) == 1, f"{student} has feedback pages {pages}"  # their own, one submission
        page = pages[0].read_text()
        assert _score(page) == expected[student], student
        assert leaks(page, secret_lines(code_solutions=False)) == [], f"{student}'s feedback leaks hidden tests"
    _denied(hub, keen, "ls", str(hub.exchange / "running-technique" / "feedback"))
    _denied(hub, keen, "ls", f"/home/{twice}/{ASSIGNMENT}/feedback")
    # --- grades in the gradebook and the export -------------------------------------------------
    from nbgrader.api import Gradebook

    with Gradebook(f"sqlite:///{hub.course / 'gradebook.db'}") as gradebook:
        submissions = {s: gradebook.find_submission(ASSIGNMENT, s) for s in hub.students}
        scores = {s: submission.score for s, submission in submissions.items()}
        lateness = {s: submission.total_seconds_late for s, submission in submissions.items()}
    assert scores == expected
    assert lateness[late] > 0 and lateness[keen] == 0 and lateness[twice] == 0, lateness
    export = Path(f"/home/{hub.instructor}/grades.csv")
    hub.as_user(hub.instructor, str(hub.env / "bin" / "running-course-grade"), "export", "--format", "csv",
                "--to", str(export), cwd=hub.course, extra_env={"RUNNING_COURSE_EXCHANGE": str(hub.exchange)})
    rows = [row for row in csv.DictReader(export.open()) if row["assignment"] == ASSIGNMENT]
    assert {row["student_id"]: float(row["score"]) for row in rows} == expected
