"""course_grading.intake.reading: an unreadable notebook is graded as an empty one, and flagged."""

from __future__ import annotations

import io

import nbformat
import pytest

from course_grading.intake.reading import TolerantNotebookExporter
from course_grading.record.flags import FlagBook
from grading.course_factory import course_config, create_notebook, create_solution_cell, nbgrader_resources


@pytest.mark.parametrize("content, reason", [("{this is not json", "NotJSONError"),
                                             ('{"cells": 3, "metadata": {}, "nbformat": 4, "nbformat_minor": 5}',
                                              "TypeError")])
def test_an_unreadable_notebook_becomes_an_empty_flagged_one(tmp_path, content, reason):
    resources = nbgrader_resources()
    exporter = TolerantNotebookExporter(config=course_config(tmp_path))
    output, resources = exporter.from_file(io.StringIO(content), resources=resources)
    notebook = nbformat.reads(output, as_version=4)
    assert notebook.cells == [] and notebook.metadata.kernelspec.name == "python3"
    assert resources["nbgrader"]["unreadable"] is True
    flags = FlagBook(tmp_path).all("a1")
    assert [f.code for f in flags] == ["unreadable-notebook"] and reason in flags[0].message


def test_a_readable_notebook_passes_through_unflagged(tmp_path):
    text = nbformat.writes(create_notebook(create_solution_cell("x = 3", "code", "q1")))
    output, resources = TolerantNotebookExporter(config=course_config(tmp_path)).from_file(
        io.StringIO(text), resources=nbgrader_resources())
    assert [c.source for c in nbformat.reads(output, as_version=4).cells] == ["x = 3"]
    assert "unreadable" not in resources["nbgrader"] and FlagBook(tmp_path).all("a1") == []


def test_outside_grading_a_damaged_file_still_raises():
    with pytest.raises(ValueError):
        TolerantNotebookExporter().from_file(io.StringIO("{this is not json"))
