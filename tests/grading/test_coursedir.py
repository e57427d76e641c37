"""course_grading.coursedir: the course root comes from nbgrader's configuration, not the working folder."""

from __future__ import annotations

import pytest
from nbconvert.exporters import NotebookExporter
from nbgrader.coursedir import CourseDirectory
from nbgrader.preprocessors import NbGraderPreprocessor

from course_grading.coursedir import course_root, course_root_of_submission, source_notebook
from grading.course_factory import course_config


class _Converter(NbGraderPreprocessor):
    """Stands in for nbgrader's converter, which holds the run's CourseDirectory."""


def test_a_preprocessor_finds_the_course_directory_of_its_converter(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    converter = _Converter()
    converter.coursedir = CourseDirectory(root=str(tmp_path / "course"))
    exporter = NotebookExporter(parent=converter)
    plugin = NbGraderPreprocessor(parent=exporter)
    assert course_root(plugin) == tmp_path / "course"


def test_a_plugin_on_its_own_reads_the_root_from_its_configuration(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    assert course_root(NbGraderPreprocessor(config=course_config(tmp_path / "course"))) == tmp_path / "course"


def test_the_source_notebook_is_in_the_configured_source_folder(tmp_path):
    config = course_config(tmp_path)
    config.CourseDirectory.source_directory = "instructor"
    path = source_notebook(NbGraderPreprocessor(config=config), "a1", "nb")
    assert path == tmp_path / "instructor" / "a1" / "nb.ipynb"


def test_the_root_above_a_submission_folder(tmp_path):
    assert course_root_of_submission(tmp_path / "course" / "submitted" / "ann" / "a1") == tmp_path / "course"


def test_a_path_too_short_to_be_a_submission_is_refused():
    with pytest.raises(ValueError, match="is not <course>"):
        course_root_of_submission("/a1")
