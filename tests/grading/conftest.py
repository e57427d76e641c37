"""Fixtures for the grading tests (factories live in course_factory.py)."""

from __future__ import annotations

from pathlib import Path

import pytest

from course_factory import ASSIGNMENTS, copy_course, nbgrader


@pytest.fixture(scope="session")
def generated_course(tmp_path_factory) -> Path:
    """A course copy with every assignment generated (source -> release)."""
    course_dir = copy_course(tmp_path_factory.mktemp("generated") / "course")
    for assignment in ASSIGNMENTS:
        nbgrader(course_dir, "generate_assignment", assignment, "--force")
    return course_dir
