"""Fixtures for the grading tests (factories live in course_factory.py)."""

from __future__ import annotations

import functools
import shutil
from pathlib import Path

import nbgrader.api as nbgrader_api
import pytest

from grading.course_factory import ASSIGNMENTS, copy_course, nbgrader, small_source_notebook, source_gradebook


@pytest.fixture(scope="session", autouse=True)
def alembic_version_asked_once():
    """nbgrader asks the ``alembic`` program for its schema version on every gradebook it opens
    (about a second each); the answer never changes within a run, so the unit tests ask once."""
    original = nbgrader_api.get_alembic_version
    nbgrader_api.get_alembic_version = functools.cache(original)
    yield
    nbgrader_api.get_alembic_version = original


@pytest.fixture(scope="session")
def generated_course(tmp_path_factory) -> Path:
    """A course copy with every assignment generated (source -> release)."""
    course_dir = copy_course(tmp_path_factory.mktemp("generated") / "course")
    for assignment in ASSIGNMENTS:
        nbgrader(course_dir, "generate_assignment", assignment, "--force")
    return course_dir


@pytest.fixture(scope="session")
def _small_gradebook_file(tmp_path_factory) -> Path:
    path = tmp_path_factory.mktemp("gradebook") / "gradebook.db"
    source_gradebook(f"sqlite:///{path}", small_source_notebook())
    return path


@pytest.fixture
def small_course(tmp_path, _small_gradebook_file) -> Path:
    """A course root holding the small notebook as ``source/a1/nb.ipynb`` and its gradebook."""
    import nbformat

    shutil.copy(_small_gradebook_file, tmp_path / "gradebook.db")
    (tmp_path / "source" / "a1").mkdir(parents=True)
    nbformat.write(small_source_notebook(), tmp_path / "source" / "a1" / "nb.ipynb")
    return tmp_path
