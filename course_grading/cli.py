"""``running-course-grade``: one command line for the instructor.

Subcommands (each has ``--help``)::

    running-course-grade autograde <assignment> [--workers N] [--student ID] [--no-force]
    running-course-grade report <assignment>
    running-course-grade analytics [<assignment> ...]
    running-course-grade export --format {csv,canvas,moodle} [--to FILE] [--roster FILE]

Run it from the course folder (the one with ``nbgrader_config.py``) or name that folder with
``--course DIR`` (before or after the subcommand). The course root and the gradebook are
nbgrader's: ``CourseDirectory.root`` and ``CourseDirectory.db_url`` as that config sets them
(so ``RUNNING_COURSE_DB_URL`` selects a Postgres gradebook here as everywhere), never the
folder the command was started from. ``python -m course_grading`` is the same command.
"""

from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path

CONFIG_FILE = "nbgrader_config.py"


class CourseNotFound(SystemExit):
    pass


def load_course(course: str | None):
    """(course root, nbgrader CourseDirectory) from the config in ``course`` or the working folder."""
    folder = Path(course or os.getcwd()).resolve()
    if not (folder / CONFIG_FILE).exists():
        where = f"--course {course}" if course else f"the working folder {folder}"
        raise CourseNotFound(f"running-course-grade: {where} has no {CONFIG_FILE}; "
                             "run from the course folder or pass --course DIR")
    from nbgrader.coursedir import (
        CourseDirectory,  # imported only now: it takes seconds
    )
    from traitlets.config.loader import PyFileConfigLoader

    config = PyFileConfigLoader(CONFIG_FILE, path=str(folder)).load_config()
    if "root" not in config.CourseDirectory:
        config.CourseDirectory.root = str(folder)
    coursedir = CourseDirectory(config=config)
    return Path(coursedir.root).resolve(), coursedir


def _add_course(parser: argparse.ArgumentParser, default) -> None:
    parser.add_argument("--course", metavar="DIR", default=default,
                        help="the course folder holding nbgrader_config.py (default: the working folder)")


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="running-course-grade", description=__doc__.split("\n")[0],
                                     epilog="Run from the course folder, or give --course DIR.")
    _add_course(parser, None)
    sub = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")

    grade = sub.add_parser("autograde", help="grade every submission of an assignment in parallel, then report",
                           description="Grade every submission in submitted/<student>/<assignment> with the "
                                       "course's hardened pipeline (course_grading.batch), then print the report.")
    grade.add_argument("assignment")
    grade.add_argument("--workers", type=int, default=None, help="grading processes (default: one more than the cores)")
    grade.add_argument("--student", action="append", help="grade only this student (repeatable)")
    grade.add_argument("--no-force", action="store_true", help="skip submissions already autograded")

    report = sub.add_parser("report", help="flag unfinished submissions and print what was flagged and why",
                            description="Write grading_records/<assignment>.flagged.csv and print every flag.")
    report.add_argument("assignment")

    analytics = sub.add_parser("analytics", help="item difficulty, discrimination, wrong answers, objective mastery",
                               description="Write grading_records/<assignment>.items.csv per assignment "
                                           "(see course_grading.analytics) and print a summary.")
    analytics.add_argument("assignment", nargs="*", help="default: every assignment with submissions")

    export = sub.add_parser("export", help="grades as nbgrader CSV, a Canvas gradebook CSV or a Moodle import CSV",
                            description="Export every student's score per assignment from the gradebook.")
    export.add_argument("--format", choices=["csv", "canvas", "moodle"], default="csv")
    export.add_argument("--to", metavar="FILE", help="output file (default: grades.csv / canvas_grades.csv / "
                                                     "moodle_grades.csv in the course folder)")
    export.add_argument("--roster", metavar="FILE", help="roster mapping CSV with LMS ids "
                                                         "(student_id,lms_id,sis_user_id,sis_login_id,section,email,idnumber); "
                                                         "needed for canvas and moodle")
    export.add_argument("--assignment-map", metavar="FILE", help="optional CSV assignment,lms_name,lms_id")
    export.add_argument("--assignment", action="append", help="export only this assignment (repeatable)")

    for subparser in (grade, report, analytics, export):
        _add_course(subparser, argparse.SUPPRESS)
    return parser


def main(argv: list[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    try:
        root, coursedir = load_course(args.course)
    except CourseNotFound as error:
        print(error, file=sys.stderr)
        return 2
    os.environ["PATH"] = str(Path(sys.executable).parent) + os.pathsep + os.environ.get("PATH", "")  # alembic

    if args.command in ("autograde", "report"):
        from . import batch

        batch_args = [args.command, args.assignment, "--course", str(root)]
        if args.command == "autograde":
            if args.workers:
                batch_args += ["--workers", str(args.workers)]
            for student in args.student or []:
                batch_args += ["--student", student]
            if args.no_force:
                batch_args.append("--no-force")
        return batch.main(batch_args)

    if args.command == "analytics":
        from . import analytics

        results = analytics.run(coursedir.db_url, root, args.assignment or None)
        if not results:
            print("no assignment has submissions yet")
        for name, result in results.items():
            print(analytics.format_summary(result))
            print(f"items: {analytics.items_csv_path(root, name)}")
        return 0

    from . import lms_export

    default_name = {"csv": "grades.csv", "canvas": "canvas_grades.csv", "moodle": "moodle_grades.csv"}[args.format]
    destination = Path(args.to).resolve() if args.to else root / default_name
    pending: list[tuple[str, str]] = []
    try:
        lms_export.export(coursedir.db_url, args.format, destination,
                          Path(args.roster).resolve() if args.roster else None,
                          Path(args.assignment_map).resolve() if args.assignment_map else None, args.assignment,
                          pending=pending)
    except (lms_export.UnmappedStudents, ValueError, FileNotFoundError) as error:
        print(f"running-course-grade export: {error}", file=sys.stderr)
        return 2
    if pending:
        print(f"warning: {len(pending)} submissions still need manual grading (counted without those items): "
              + ", ".join(f"{s}/{a}" for a, s in pending[:10]) + (" ..." if len(pending) > 10 else ""))
    print(f"{args.format} export: {destination}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
