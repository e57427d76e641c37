"""Factories for grading tests: a course folder in a temporary place, nbgrader commands, students.

Tests never touch ``course/`` itself: they copy its source (config and source notebooks) into
a temporary folder, as an instructor's fresh checkout would look, and run the real
``nbgrader`` commands there.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import nbformat
from traitlets.config import Config

# nbgrader runs `alembic` as a subprocess: the venv's bin must come first.
os.environ["PATH"] = str(Path(sys.executable).parent) + os.pathsep + os.environ["PATH"]

REPO = Path(__file__).resolve().parents[2]
COURSE = REPO / "course"
COURSE_ID = "running-technique"
NBGRADER = str(Path(sys.executable).parent / "nbgrader")
GENERATED = ("release", "submitted", "autograded", "feedback", "gradebook.db", "nbgrader.log",
             "grading_records", "exchange", "*.csv", "__pycache__", ".ipynb_checkpoints")
ASSIGNMENTS = sorted(path.name for path in (COURSE / "source").iterdir() if path.is_dir())


def copy_course(destination: Path) -> Path:
    """A fresh course folder: the config and source notebooks, nothing nbgrader generated."""
    shutil.copytree(COURSE, destination, ignore=shutil.ignore_patterns(*GENERATED))
    return destination


def nbgrader(course_dir: Path, *args: str, exchange: Path | None = None, check: bool = True,
             timeout: float = 600) -> subprocess.CompletedProcess:
    """Run a real ``nbgrader`` command in ``course_dir`` (where it finds nbgrader_config.py)."""
    env = dict(os.environ)
    if exchange is not None:
        env["RUNNING_COURSE_EXCHANGE"] = str(exchange)
    result = subprocess.run([NBGRADER, *args], cwd=course_dir, env=env, capture_output=True,
                            text=True, timeout=timeout)
    if check and result.returncode != 0:
        raise AssertionError(f"nbgrader {' '.join(args)} failed ({result.returncode}):\n{result.stderr[-4000:]}")
    return result


def read_notebook(path: Path) -> nbformat.NotebookNode:
    return nbformat.read(path, as_version=4)


def student_exchange_config(exchange: Path, home: Path, student: str, assignment: str) -> Config:
    """What `nbgrader fetch_assignment/submit --student=ID` would configure for one student."""
    config = Config()
    config.Exchange.root = str(exchange)
    config.Exchange.assignment_dir = str(home)
    config.CourseDirectory.root = str(home)
    config.CourseDirectory.course_id = COURSE_ID
    config.CourseDirectory.assignment_id = assignment
    config.CourseDirectory.student_id = student
    return config


def run_exchange(step, config: Config) -> None:
    """Run one exchange step (fetch or submit) in this process, as the student's command would."""
    from nbgrader.auth import Authenticator
    from nbgrader.coursedir import CourseDirectory

    coursedir = CourseDirectory(config=config)
    step(coursedir=coursedir, authenticator=Authenticator(config=config), config=config).start()
