"""A real PostgreSQL gradebook: two graders at once and one grading by hand, nothing lost.

A throwaway cluster is made in a temporary folder with Debian's binaries
(``/usr/lib/postgresql/*/bin/initdb`` and ``pg_ctl``; package ``postgresql``), listening on
127.0.0.1 at a free port, and always stopped afterwards. PostgreSQL refuses to run as root,
so as root the cluster runs as the unprivileged user ``nobody`` (``runuser``). The course
selects the gradebook the way an instructor does: ``RUNNING_COURSE_DB_URL`` (read by
``course/nbgrader_config.py`` into ``CourseDirectory.db_url``).

Then: grader 1 autogrades a01 while grader 2 autogrades a02 (two ``running-course-grade``
processes at the same time); a written answer of a01 is graded by hand as soon as a01 is
done; every score must be in the gradebook, and the exports must equal those of the same
work done one step after another on an sqlite gradebook.

Skipped only where the PostgreSQL binaries are missing and neither ``CI`` nor
``REQUIRE_BROWSER`` is set; otherwise a missing server fails the test.
"""

from __future__ import annotations

import csv
import glob
import os
import shutil
import socket
import subprocess
import sys
import tempfile
from pathlib import Path

import pytest

from support.capability import unavailable
from grading.course_factory import copy_course, read_notebook
from grading.fixtures.submissions import solved
from grading.test_cli import COMMAND, hand_in

pytestmark = [pytest.mark.postgres, pytest.mark.slow]

A01, A02 = "a01_gait_and_imbalances", "a02_hip_extension_and_compensation"
A02_STUDENTS = ["perfect", "metres_not_centimetres", "believes_rotation_was_measured", "hands_in_the_release_untouched"]
A01_STUDENTS = {"perfect": "solved", "ratio_upside_down": "solved", "hands_in_the_release_untouched": "untouched"}
ROSTER = sorted(set(A02_STUDENTS) | set(A01_STUDENTS) | {"absent_student"})
HAND_GRADED = ("perfect", A01, "a01_q6_answer", 2.0)


def postgres_bin() -> Path | None:
    found = sorted(glob.glob("/usr/lib/postgresql/*/bin/initdb"), key=lambda p: int(Path(p).parts[-3]))
    return Path(found[-1]).parent if found else None


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _as_server_user(command: list[str]) -> list[str]:
    return ["runuser", "-u", "nobody", "--", *command] if os.geteuid() == 0 else command


@pytest.fixture(scope="module")
def postgres_url():
    binaries = postgres_bin()
    if binaries is None:
        unavailable("no PostgreSQL server binaries in /usr/lib/postgresql/*/bin (apt-get install postgresql)")
    import psycopg2  # the driver must be installed: a missing one is a broken environment, never a skip

    folder = Path(tempfile.mkdtemp(prefix="rtc-postgres-"))
    if os.geteuid() == 0:  # the server runs as nobody: give it the folder
        import pwd

        nobody = pwd.getpwnam("nobody")
        os.chown(folder, nobody.pw_uid, nobody.pw_gid)
    data, port = folder / "data", free_port()
    subprocess.run(_as_server_user([str(binaries / "initdb"), "-D", str(data), "-U", "postgres", "-A", "trust",
                                    "-E", "UTF8", "--no-sync"]), check=True, capture_output=True, timeout=120)
    options = f"-p {port} -k {folder} -c listen_addresses=127.0.0.1 -c fsync=off -c max_connections=60"
    started = subprocess.run(_as_server_user([str(binaries / "pg_ctl"), "-D", str(data), "-o", options,
                                              "-l", str(folder / "server.log"), "-w", "-t", "60", "start"]),
                             check=False, capture_output=True, text=True, timeout=120)
    try:
        if started.returncode != 0:
            log = (folder / "server.log").read_text() if (folder / "server.log").exists() else ""
            pytest.fail(f"PostgreSQL did not start: {started.stderr}\n{log[-2000:]}")
        connection = psycopg2.connect(host="127.0.0.1", port=port, user="postgres", dbname="postgres")
        connection.autocommit = True
        with connection.cursor() as cursor:
            cursor.execute("CREATE DATABASE running_technique")
        connection.close()
        yield f"postgresql://postgres@127.0.0.1:{port}/running_technique"
    finally:
        subprocess.run(_as_server_user([str(binaries / "pg_ctl"), "-D", str(data), "-m", "fast", "-w", "stop"]),
                       check=False, capture_output=True, timeout=120)
        shutil.rmtree(folder, ignore_errors=True)


def prepare_course(folder: Path, env: dict) -> Path:
    course = copy_course(folder / "course")
    roster = folder / "roster.csv"
    roster.write_text("id,first_name,last_name,email\n" + "".join(
        f"{s},{s.split('_')[0].title()},Student,{s}@uni.example\n" for s in ROSTER))
    for args in (["db", "student", "import", str(roster)], ["generate_assignment", A01], ["generate_assignment", A02]):
        _nbgrader(course, env, *args)
    hand_in(course, A02_STUDENTS)
    released = read_notebook(course / "release" / A01 / f"{A01}.ipynb")
    source = read_notebook(course / "source" / A01 / f"{A01}.ipynb")
    import nbformat

    for student, kind in A01_STUDENTS.items():
        target = course / "submitted" / student / A01
        target.mkdir(parents=True)
        nbformat.write(solved(released, source) if kind == "solved" else released, target / f"{A01}.ipynb")
        (target / "timestamp.txt").write_text("2026-11-30 10:00:00.000000 UTC")
    return course


def _nbgrader(course: Path, env: dict, *args: str) -> None:
    result = subprocess.run([str(Path(sys.executable).parent / "nbgrader"), *args], cwd=course, env=env,
                            check=False, capture_output=True, text=True, timeout=600)
    assert result.returncode == 0, result.stderr[-3000:]


def grader(course: Path, env: dict, assignment: str) -> subprocess.Popen:
    return subprocess.Popen([COMMAND, "autograde", assignment, "--workers", "1"], cwd=course, env=env,
                            stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)


def exports(course: Path, env: dict, roster_mapping: Path) -> dict[str, list[list[str]]]:
    files = {}
    for fmt, extra in (("csv", []), ("canvas", ["--roster", str(roster_mapping)]), ("moodle", ["--roster", str(roster_mapping)])):
        target = course / f"export_{fmt}.csv"
        result = subprocess.run([COMMAND, "export", "--format", fmt, "--to", str(target), *extra], cwd=course,
                                env=env, check=False, capture_output=True, text=True, timeout=300)
        assert result.returncode == 0, result.stderr
        with open(target, newline="") as handle:
            files[fmt] = list(csv.reader(handle))
    return files


def scores(db_url: str) -> dict[tuple[str, str], tuple[float, float | None]]:
    from nbgrader.api import Gradebook

    with Gradebook(db_url) as gradebook:
        found = {}
        for assignment in (A01, A02):
            for submission in gradebook.find_assignment(assignment).submissions:
                found[(assignment, submission.student.id)] = (submission.code_score, submission.written_score)
        return found


def test_two_graders_and_a_hand_grade_on_postgres_lose_nothing(postgres_url, tmp_path):
    env_pg = {**os.environ, "RUNNING_COURSE_DB_URL": postgres_url}
    env_sqlite = {k: v for k, v in os.environ.items() if k != "RUNNING_COURSE_DB_URL"}
    roster_mapping = tmp_path / "lms.csv"
    roster_mapping.write_text("student_id,lms_id,sis_user_id,sis_login_id,section,email,idnumber\n" + "".join(
        f"{s},{100 + i},S{i},{s},Lab,{s}@lms.example,N{i}\n" for i, s in enumerate(ROSTER)))

    # on Postgres: two graders at the same time, and a hand grade while grading goes on
    course = prepare_course(tmp_path / "pg", env_pg)
    assert not (course / "gradebook.db").exists()  # the gradebook really is the server
    first, second = grader(course, env_pg, A01), grader(course, env_pg, A02)
    first_output, _ = first.communicate(timeout=600)
    assert first.returncode == 0, first_output[-3000:]
    student, assignment, grade_id, score = HAND_GRADED
    overlapped = second.poll() is None  # usually: a02 has more submissions than a01
    grade_by_hand_in(postgres_url, student, assignment, grade_id, score)
    print(f"hand grade given while grader 2 was still grading: {'yes' if overlapped else 'no'}")
    second_output, _ = second.communicate(timeout=600)
    assert second.returncode == 0, second_output[-3000:]
    assert not (course / "gradebook.db").exists()

    # the same work one step after another on sqlite
    reference = prepare_course(tmp_path / "sqlite", env_sqlite)
    for assignment_id in (A01, A02):
        result = subprocess.run([COMMAND, "autograde", assignment_id, "--workers", "2"], cwd=reference,
                                env=env_sqlite, check=False, capture_output=True, text=True, timeout=600)
        assert result.returncode == 0, result.stdout[-3000:]
    sqlite_url = f"sqlite:///{reference / 'gradebook.db'}"
    grade_by_hand_in(sqlite_url, student, assignment, grade_id, score)

    on_postgres, on_sqlite = scores(postgres_url), scores(sqlite_url)
    expected_keys = {(A01, s) for s in A01_STUDENTS} | {(A02, s) for s in A02_STUDENTS}
    assert set(on_postgres) == expected_keys  # no submission lost
    assert on_postgres == on_sqlite
    assert on_postgres[(A01, "perfect")][1] == score  # the hand grade survived
    assert on_postgres[(A02, "perfect")][0] == 8 and on_postgres[(A01, "perfect")][0] > 0
    assert exports(course, env_pg, roster_mapping) == exports(reference, env_sqlite, roster_mapping)


def grade_by_hand_in(db_url: str, student: str, assignment: str, grade_id: str, score: float) -> None:
    from nbgrader.api import Gradebook

    with Gradebook(db_url) as gradebook:
        grade = gradebook.find_grade(grade_id, assignment, assignment, student)
        grade.manual_score = score
        grade.needs_manual_grade = False
        gradebook.db.commit()
