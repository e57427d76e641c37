"""Factories for grading tests: cells, notebooks, gradebooks, course folders, nbgrader commands.

Cell factories follow nbgrader's own tests (``nbgrader/tests/__init__.py``): ``create_grade_cell``,
``create_solution_cell``, ``create_grade_and_solution_cell``, ``create_locked_cell``,
``create_task_cell``. ``released`` turns a source cell into what a learner receives (with
the checksum nbgrader stores), ``source_gradebook`` records a source notebook in a gradebook
as ``nbgrader generate_assignment`` does, and ``nbgrader_resources`` builds the resources
nbgrader hands its preprocessors.

Course-level tests never touch ``course/`` itself: they copy its config and source notebooks
into a temporary folder, as an instructor's fresh checkout would look, and run the real
``nbgrader`` commands there. (The venv's ``bin/`` is put on ``PATH`` by ``tests/conftest.py``.)
Import as ``from grading.course_factory import ...``.
"""

from __future__ import annotations

import html
import json
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import nbformat
from nbformat.v4 import new_code_cell, new_markdown_cell, new_notebook
from nbgrader import utils
from nbgrader.nbgraderformat import MetadataValidator
from traitlets.config import Config

from support.paths import ROOT

SCHEMA_VERSION = MetadataValidator.schema_version
COURSE = ROOT / "course"
COURSE_ID = "running-technique"
NBGRADER = str(Path(sys.executable).parent / "nbgrader")
GENERATED = ("release", "submitted", "autograded", "feedback", "gradebook.db", "nbgrader.log",
             "grading_records", "exchange", "*.csv", "__pycache__", ".ipynb_checkpoints")
ASSIGNMENTS = sorted(path.name for path in (COURSE / "source").iterdir() if path.is_dir())
KERNELSPEC = {"name": "python3", "display_name": "Python 3 (ipykernel)", "language": "python"}


# --- cells (nbgrader's factories) -------------------------------------------------------

def _cell(source: str, cell_type: str, **nbgrader_info):
    cell = new_code_cell(source) if cell_type == "code" else new_markdown_cell(source)
    info = {"grade": False, "solution": False, "locked": False, "task": False, "schema_version": SCHEMA_VERSION}
    info.update(nbgrader_info)
    cell.metadata["nbgrader"] = info
    return cell


def create_regular_cell(source: str, cell_type: str = "code"):
    return new_code_cell(source) if cell_type == "code" else new_markdown_cell(source)


def create_grade_cell(source: str, cell_type: str, grade_id: str, points: float):
    """A test cell (code) or a graded read-only cell: worth ``points``, locked."""
    return _cell(source, cell_type, grade=True, locked=True, grade_id=grade_id, points=points)


def create_solution_cell(source: str, cell_type: str, grade_id: str):
    """An answer cell without points (graded through the test cells after it)."""
    return _cell(source, cell_type, solution=True, grade_id=grade_id)


def create_grade_and_solution_cell(source: str, cell_type: str, grade_id: str, points: float):
    """An answer cell with points: a manually graded written answer, for example."""
    return _cell(source, cell_type, grade=True, solution=True, grade_id=grade_id, points=points)


def create_locked_cell(source: str, cell_type: str, grade_id: str):
    """A read-only cell, such as the question above an answer."""
    return _cell(source, cell_type, locked=True, grade_id=grade_id)


def create_task_cell(source: str, cell_type: str, grade_id: str, points: float):
    return _cell(source, cell_type, task=True, locked=True, grade_id=grade_id, points=points)


def released(cell):
    """A source cell as a learner receives it: nbgrader's checksum recorded."""
    cell = nbformat.from_dict(dict(cell))
    if "nbgrader" in cell.metadata:
        cell.metadata.nbgrader["checksum"] = utils.compute_checksum(cell)
    return cell


def create_notebook(*cells):
    return new_notebook(cells=list(cells), metadata={"kernelspec": dict(KERNELSPEC)})


def grade_id(cell) -> str | None:
    return cell.get("metadata", {}).get("nbgrader", {}).get("grade_id")


def small_source_notebook():
    """A one-question source notebook with every kind of nbgrader cell (assignment a1, notebook nb)."""
    return create_notebook(
        create_locked_cell("## Question 1\nHow far?", "markdown", "q1_question"),
        create_solution_cell("### BEGIN SOLUTION\nx = 3\n### END SOLUTION", "code", "q1_answer"),
        create_grade_cell("assert x is not None, 'set x'\n### BEGIN HIDDEN TESTS\nassert x == 3\n### END HIDDEN TESTS",
                          "code", "q1_tests", 1),
        create_locked_cell("## Question 2\nWhy?", "markdown", "q2_question"),
        create_grade_and_solution_cell("### BEGIN SOLUTION\nModel answer: tilt.\n### END SOLUTION",
                                       "markdown", "q2_answer", 2),
        create_task_cell("Describe the plot.", "markdown", "q3_task", 1),
    )


# --- gradebooks and resources -----------------------------------------------------------

def source_gradebook(db_url: str, source_notebook, assignment: str = "a1", notebook: str = "nb") -> str:
    """Record a source notebook's cells in a gradebook, as ``nbgrader generate_assignment`` does."""
    from nbgrader.api import Gradebook
    from nbgrader.preprocessors import SaveCells

    with Gradebook(db_url) as gradebook:
        gradebook.update_or_create_assignment(assignment)
    resources = nbgrader_resources(assignment=assignment, notebook=notebook, db_url=db_url)
    SaveCells().preprocess(nbformat.from_dict(dict(source_notebook)), resources)
    return db_url


def nbgrader_resources(assignment: str = "a1", student: str = "ann", notebook: str = "nb",
                       db_url: str | None = None) -> dict:
    """The resources nbgrader gives each preprocessor for one notebook of one submission."""
    info = {"assignment": assignment, "student": student, "notebook": notebook}
    if db_url is not None:
        info["db_url"] = db_url
    return {"nbgrader": info, "metadata": {"path": "."}}


def course_config(root: Path) -> Config:
    """Configuration of an nbgrader run whose course root is ``root``."""
    config = Config()
    config.CourseDirectory.root = str(root)
    return config


# --- secrets: what must never reach a student ---------------------------------------------

def secret_lines(code_solutions: bool = True) -> dict[str, set[str]]:
    """Assignment -> lines inside its solution, hidden-test and mark-scheme regions that appear
    nowhere outside such regions in any source notebook (read from every assignment's source).

    ``code_solutions=False`` leaves out solution regions of code cells (a student whose code is
    right may well type the same lines). Lines shorter than 20 characters could appear by chance.
    """
    from course_grading.markers import HIDDEN_TESTS, MARK_SCHEME, SOLUTION

    secret, public = {}, set()
    for assignment in ASSIGNMENTS:
        source = nbformat.read(source_path(assignment), as_version=4)
        inside, protected = set(), set()
        for cell in source.cells:
            for pattern in (SOLUTION, HIDDEN_TESTS, MARK_SCHEME):
                for match in pattern.finditer(cell.source):
                    lines = {line.strip() for line in match.group("inside").splitlines()}
                    inside |= lines
                    if code_solutions or pattern is not SOLUTION or cell.cell_type != "code":
                        protected |= lines
        public |= {line.strip() for cell in source.cells for line in cell.source.splitlines()} - inside
        secret[assignment] = {line for line in protected if len(line) >= 20}
    return {assignment: lines - public for assignment, lines in secret.items()}


def leaks(text: str, secrets: dict[str, set[str]]) -> list[str]:
    """Secret lines found in ``text`` (a notebook's JSON or an HTML page), as ``assignment: line``.

    HTML is also compared as the text a reader sees: tags (syntax highlighting) removed, entities decoded.
    """
    readable = html.unescape(re.sub(r"<[^>]+>", "", text))
    return sorted(f"{assignment}: {line}" for assignment, lines in secrets.items() for line in lines
                  if line in text or json.dumps(line)[1:-1] in text or line in readable)


# --- course folders and nbgrader commands -----------------------------------------------

def _generated(folder: str, names: list[str]) -> set[str]:
    """What ``copy_course`` leaves out of ``folder``: GENERATED, except that an assignment's own
    data files (``source/<id>/*.csv``) are course material, not exported grades."""
    ignored = shutil.ignore_patterns(*GENERATED)(folder, names)
    if Path(folder).parent.name == "source":
        ignored = {name for name in ignored if not name.endswith(".csv")}
    return ignored


def copy_course(destination: Path) -> Path:
    """A fresh course folder: the config, source notebooks and their data files, nothing nbgrader generated."""
    shutil.copytree(COURSE, destination, ignore=_generated)
    return destination


def nbgrader(course_dir: Path, *args: str, exchange: Path | None = None, check: bool = True,
             timeout: float = 600, cwd: Path | None = None) -> subprocess.CompletedProcess:
    """Run a real ``nbgrader`` command, by default in ``course_dir`` (where it finds nbgrader_config.py)."""
    env = dict(os.environ)
    if exchange is not None:
        env["RUNNING_COURSE_EXCHANGE"] = str(exchange)
    result = subprocess.run([NBGRADER, *args], cwd=cwd or course_dir, env=env, capture_output=True,
                            text=True, timeout=timeout)
    if check and result.returncode != 0:
        raise AssertionError(f"nbgrader {' '.join(args)} failed ({result.returncode}):\n{result.stderr[-4000:]}")
    return result


def read_notebook(path: Path) -> nbformat.NotebookNode:
    return nbformat.read(path, as_version=4)


def source_path(assignment: str) -> Path:
    return COURSE / "source" / assignment / f"{assignment}.ipynb"


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
