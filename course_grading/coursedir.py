"""Where the course is: always nbgrader's ``CourseDirectory.root``, never the working folder.

nbgrader knows the course folder from its configuration (``nbgrader_config.py`` sets it, and
``--CourseDirectory.root=...`` overrides it). Grading records, flags and the source notebooks
are found from there, so running nbgrader from another folder writes them into the course.
"""

from __future__ import annotations

from pathlib import Path

# nbgrader's default CourseDirectory.directory_structure: {nbgrader_step}/{student_id}/{assignment_id}
_SUBMISSION_DEPTH = 3


def course_directory(configurable):
    """The ``CourseDirectory`` of the nbgrader run a plugin belongs to.

    nbgrader builds its converter (``Autograde``, ``GenerateFeedback``) with the run's
    ``CourseDirectory`` and makes it the parent of the exporter and of every preprocessor;
    this walks up to it. A plugin used on its own (a script, a test) reads
    ``CourseDirectory.root`` from its configuration, which defaults to the working folder
    exactly as nbgrader's does.
    """
    from nbgrader.coursedir import CourseDirectory

    node = configurable
    while node is not None:
        coursedir = getattr(node, "coursedir", None)
        if isinstance(coursedir, CourseDirectory):
            return coursedir
        node = getattr(node, "parent", None)
    return CourseDirectory(config=configurable.config)


def course_root(configurable) -> Path:
    """The course root (``CourseDirectory.root``) of the nbgrader run a plugin belongs to."""
    return Path(course_directory(configurable).root)


def source_notebook(configurable, assignment: str, notebook: str) -> Path:
    """The instructor's version of a notebook, in the course's source folder."""
    coursedir = course_directory(configurable)
    return Path(coursedir.format_path(coursedir.source_directory, ".", assignment)) / f"{notebook}.ipynb"


def course_root_of_submission(submission: Path) -> Path:
    """The course root above a submission folder ``<root>/submitted/<student>/<assignment>``.

    nbgrader passes a pre-convert hook only absolute notebook paths, which it builds as
    ``CourseDirectory.root`` joined with the directory structure; this undoes that join.
    """
    submission = Path(submission).resolve()
    if len(submission.parents) < _SUBMISSION_DEPTH:
        raise ValueError(f"{submission} is not <course>/<step>/<student>/<assignment>")
    return submission.parents[_SUBMISSION_DEPTH - 1]
