"""Collecting without an exchange: files returned through an LMS or by e-mail."""

from __future__ import annotations

import shutil

from grading.course_factory import nbgrader

ASSIGNMENT = "a01_gait_and_imbalances"


def test_zip_collect_files_a_returned_notebook_under_its_students_id(generated_course, tmp_path):
    course = tmp_path / "course"
    shutil.copytree(generated_course, course)
    archive = course / "downloaded" / ASSIGNMENT / "archive"
    archive.mkdir(parents=True)
    shutil.copy(course / "release" / ASSIGNMENT / f"{ASSIGNMENT}.ipynb", archive / f"ann.lee--{ASSIGNMENT}.ipynb")
    nbgrader(course, "zip_collect", ASSIGNMENT)
    assert (course / "submitted" / "ann.lee" / ASSIGNMENT / f"{ASSIGNMENT}.ipynb").exists()
