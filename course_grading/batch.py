"""The course's batch grading entry point: every submission graded or flagged, in parallel.

Usage (from anywhere; ``--course`` defaults to the current folder)::

    python -m course_grading.batch autograde a02_hip_extension_and_compensation --workers 2
    python -m course_grading.batch report a02_hip_extension_and_compensation

``autograde`` steps:

1. list the submissions in ``submitted/<student>/<assignment>``;
2. import nbgrader once, then fork ``--workers`` processes (default: one more than the cores), one shard
   of students each; a worker loads the course's ``nbgrader_config.py`` once and grades its
   students one after the other through nbgrader's own ``Autograde`` converter (so the
   hardening in the config applies exactly as in ``nbgrader autograde``), with no start-up
   per submission: each submission still gets a fresh kernel, but ``kernel_pool`` started it
   while the previous submission ran, and used kernels shut down in the background;
3. a submission whose grading fails is recorded (retrying briefly if the sqlite gradebook was
   busy) and the batch goes on;
4. ``report``: flags submissions without a notebook and submissions nbgrader could not grade,
   then writes ``grading_records/<assignment>.flagged.csv`` and prints what was flagged and why.

The exit status is 0 when every submission was graded or flagged, 1 otherwise.
"""

from __future__ import annotations

import argparse
import multiprocessing
import os
import sys
import time
from pathlib import Path

from .record.flags import MEANINGS, RECORDS_FOLDER, Flag, FlagBook

GRADEBOOK_BUSY_RETRIES = 3


def default_workers() -> int:
    """One worker more than the cores: a worker waits while its kernel runs a cell, and the extra
    one keeps the cores busy meanwhile (benchmarks/class_scale.py, 200 submissions on 2 cores:
    2 workers 93.6 s, 3 workers 75.6 s, 4 workers 85.4 s)."""
    return (os.cpu_count() or 1) + 1


def submissions(course_root: Path, assignment: str) -> list[str]:
    """Students with a submission folder for ``assignment``, sorted."""
    return sorted(path.parent.name for path in (course_root / "submitted").glob(f"*/{assignment}") if path.is_dir())


def shard(students: list[str], workers: int) -> list[list[str]]:
    """Deal students round-robin into at most ``workers`` non-empty shards."""
    shards = [students[i::workers] for i in range(max(1, workers))]
    return [s for s in shards if s]


def preload() -> None:
    """Import nbgrader and the hardening once, before forking: each import costs seconds."""
    import nbgrader.apps  # noqa: F401  (nbformat, nbconvert, the gradebook and the converters)

    from . import feedback  # noqa: F401
    from .execute import execution, kernel_pool, output_limits  # noqa: F401
    from .intake import hooks, reading  # noqa: F401
    from .record import manual_grades  # noqa: F401
    from .sanitize import audit, repair  # noqa: F401


def course_api(course_root: Path, prestart_kernels: bool = False):
    """nbgrader's Python API for a course folder, configured by its nbgrader_config.py.

    ``prestart_kernels`` gives each submission a fresh kernel booted ahead of time (batch use:
    the caller must ``kernel_pool.close_shared_pools()`` when done).
    """
    from nbgrader.apps import NbGraderAPI
    from nbgrader.coursedir import CourseDirectory
    from traitlets.config.loader import PyFileConfigLoader

    config = PyFileConfigLoader("nbgrader_config.py", path=str(course_root)).load_config()
    config.CourseDirectory.root = str(course_root)
    config.ResilientExecute.prestart_kernels = prestart_kernels
    coursedir = CourseDirectory(config=config)
    return NbGraderAPI(coursedir=coursedir, config=config)


def grade_shard(course_root: str, assignment: str, students: list[str], force: bool) -> dict[str, str | None]:
    """Grade one shard in this process; return student -> error text (None when graded)."""
    from .execute.kernel_pool import close_shared_pools

    api = course_api(Path(course_root), prestart_kernels=True)
    errors: dict[str, str | None] = {}
    try:
        for student in students:
            for attempt in range(GRADEBOOK_BUSY_RETRIES + 1):
                result = api.autograde(assignment, student, force=force, create=True)
                error = None if result["success"] else (result.get("error") or result.get("log") or "failed")
                if error is None or "database is locked" not in error or attempt == GRADEBOOK_BUSY_RETRIES:
                    break
                time.sleep(0.5 * (attempt + 1))
            errors[student] = error
    finally:
        close_shared_pools()
    return errors


def _grade_shard_star(arguments):
    return grade_shard(*arguments)


def autograde(course_root: Path, assignment: str, workers: int | None = None, force: bool = True,
              students: list[str] | None = None) -> dict[str, str | None]:
    """Grade every submission of ``assignment`` in ``workers`` processes."""
    course_root = Path(course_root).resolve()
    workers = workers or default_workers()
    students = students if students is not None else submissions(course_root, assignment)
    jobs = [(str(course_root), assignment, part, force) for part in shard(students, workers)]
    preload()
    if len(jobs) <= 1:
        results = [grade_shard(*job) for job in jobs]
    else:
        # fork: the workers inherit the imports; nothing has started a thread, loop or database yet
        with multiprocessing.get_context("fork").Pool(len(jobs)) as pool:
            results = pool.map(_grade_shard_star, jobs)
    return {student: error for part in results for student, error in part.items()}


def flag_unfinished(course_root: Path, assignment: str, errors: dict[str, str | None] | None = None) -> None:
    """Flag submissions with no notebook, and those nbgrader could not grade."""
    book = FlagBook(course_root)
    for student in submissions(course_root, assignment):
        submitted = course_root / "submitted" / student / assignment
        if not any(submitted.glob("*.ipynb")):
            book.clear(assignment, student)
            book.record(assignment, student, "-", "missing-notebook", f"{submitted} holds no notebook")
            continue
        error = (errors or {}).get(student)
        graded = any((course_root / "autograded" / student / assignment).glob("*.ipynb"))
        if error or not graded:
            reason = (error or "no autograded notebook").strip().splitlines()[-1][:300]
            book.record(assignment, student, "-", "grading-failed", reason)


def report(course_root: Path, assignment: str, errors: dict[str, str | None] | None = None) -> list[Flag]:
    """Complete the flags, write the CSV report and return every flag of the assignment."""
    course_root = Path(course_root).resolve()
    flag_unfinished(course_root, assignment, errors)
    book = FlagBook(course_root)
    (course_root / RECORDS_FOLDER).mkdir(exist_ok=True)
    book.write_report(assignment, course_root / RECORDS_FOLDER / f"{assignment}.flagged.csv")
    return book.all(assignment)


def format_report(flags: list[Flag], graded: int, assignment: str) -> str:
    lines = [f"{assignment}: {graded} submissions processed, {len({f.student for f in flags})} flagged"]
    for flag in flags:
        lines.append(f"  {flag.student:<24} {flag.code:<20} {MEANINGS[flag.code]} [{flag.message}]")
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m course_grading.batch", description=__doc__.split("\n")[0])
    parser.add_argument("command", choices=["autograde", "report"])
    parser.add_argument("assignment")
    parser.add_argument("--course", default=".", help="the course folder (holds nbgrader_config.py)")
    parser.add_argument("--workers", type=int, default=default_workers(),
                        help="grading processes (default: one more than the cores)")
    parser.add_argument("--no-force", action="store_true", help="skip submissions already autograded")
    parser.add_argument("--student", action="append", help="grade only this student (repeatable)")
    args = parser.parse_args(argv)
    course_root = Path(args.course).resolve()
    if not (course_root / "nbgrader_config.py").exists():
        parser.error(f"{course_root} has no nbgrader_config.py")

    errors: dict[str, str | None] = {}
    if args.command == "autograde":
        errors = autograde(course_root, args.assignment, args.workers, not args.no_force, args.student)
    flags = report(course_root, args.assignment, errors)
    print(format_report(flags, len(errors) or len(submissions(course_root, args.assignment)), args.assignment))
    print(f"report: {course_root / RECORDS_FOLDER / (args.assignment + '.flagged.csv')}")
    ungraded = {f.student for f in flags if f.code == "grading-failed"}
    return 1 if ungraded else 0


if __name__ == "__main__":
    sys.exit(main())
