"""The hardening modules of widgets.grading, one behaviour at a time, without a kernel."""

from __future__ import annotations

import json
import subprocess
import sys

import nbformat
import pytest
from nbformat.v4 import new_code_cell, new_markdown_cell, new_notebook
from nbgrader import utils

from widgets.grading import answers
from widgets.grading.batch import shard
from widgets.grading.execution import memory_limit_argument
from widgets.grading.feedback import HIDDEN_NOTE, StripHiddenTests, strip_regions
from widgets.grading.flags import FlagBook
from widgets.grading.hooks import adopt_renamed_notebooks
from widgets.grading.output_limits import LimitOutputSize
from widgets.grading.repair import ClearRestoredSolutions, RepairGradedCells


# --- answers ----------------------------------------------------------------------------

def test_check_choice_accepts_a_letter_in_any_case_and_spacing():
    assert answers.check_choice(" b ", "q", "ABCD") == "B"


@pytest.mark.parametrize("value, message", [(None, "still None"), (2, "letter in quotes"),
                                            ("E", "not an option"), ("AB", "not an option")])
def test_check_choice_names_what_is_wrong_with_the_form(value, message):
    with pytest.raises(AssertionError, match=message):
        answers.check_choice(value, "q", "ABCD")


def test_check_choices_wants_a_set_not_a_string():
    with pytest.raises(AssertionError, match="set of letters"):
        answers.check_choices("AC", "q", "ABCD")
    assert answers.check_choices({"a", "C"}, "q", "ABCD") == {"A", "C"}


@pytest.mark.parametrize("value, message", [(None, "still None"), ("2.4", "single number"), (True, "single number"),
                                            (float("nan"), "finite"), (240.0, "check the unit")])
def test_check_number_explains_a_missing_or_implausible_number(value, message):
    with pytest.raises(AssertionError, match=message):
        answers.check_number(value, "shortfall_cm", "cm", 0.0, 100.0)


def test_check_number_accepts_numpy_floats():
    import numpy as np

    assert answers.check_number(np.float64(2.4), "x", "cm", 0, 10) == pytest.approx(2.4)


# --- flags ------------------------------------------------------------------------------

def test_a_flag_recorded_twice_is_listed_once(tmp_path):
    book = FlagBook(tmp_path)
    book.record("a1", "ann", "nb", "cell-timeout", "cell 3")
    book.record("a1", "ann", "nb", "cell-timeout", "cell 3")
    assert len(book.all("a1")) == 1


def test_clearing_a_submission_forgets_only_its_flags(tmp_path):
    book = FlagBook(tmp_path)
    book.record("a1", "ann", "nb", "cell-timeout", "cell 3")
    book.record("a1", "bob", "nb", "sys-exit", "cell 4")
    book.clear("a1", "ann")
    assert [f.student for f in book.all("a1")] == ["bob"]


def test_an_unknown_flag_code_is_refused(tmp_path):
    with pytest.raises(ValueError, match="code must be one of"):
        FlagBook(tmp_path).record("a1", "ann", "nb", "bad-vibes", "")


def test_the_report_explains_each_flag(tmp_path):
    book = FlagBook(tmp_path)
    book.record("a1", "ann", "nb", "memory-limit", "cell 2")
    text = book.write_report("a1", tmp_path / "r.csv").read_text()
    assert "ann,nb,memory-limit,a cell asked for more memory" in text


# --- repair -----------------------------------------------------------------------------

def _answer_cell(source, grade_id="q1", released=False):
    cell = new_code_cell(source, metadata={"nbgrader": {
        "grade": False, "solution": True, "locked": False, "grade_id": grade_id, "schema_version": 3}})
    if released:
        cell.metadata.nbgrader["checksum"] = utils.compute_checksum(cell)
    return cell


def _repair(cells, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    resources = {"nbgrader": {"assignment": "a1", "student": "ann", "notebook": "nb"}}
    nb, _ = RepairGradedCells().preprocess(new_notebook(cells=cells), resources)
    return nb, FlagBook(tmp_path).all("a1")


def test_an_untouched_copy_of_an_answer_cell_is_dropped(tmp_path, monkeypatch):
    stub = _answer_cell("x = None\nraise NotImplementedError()", released=True)
    worked = _answer_cell("x = None\nraise NotImplementedError()", released=True)
    worked.source = "x = 3"
    nb, flags = _repair([worked, stub], tmp_path, monkeypatch)
    assert [c.source for c in nb.cells] == ["x = 3"]
    assert [f.code for f in flags] == ["duplicate-grade-id"]


def test_the_halves_of_a_split_answer_cell_are_merged_in_order(tmp_path, monkeypatch):
    nb, _ = _repair([_answer_cell("a = 1"), _answer_cell("b = a + 1")], tmp_path, monkeypatch)
    assert [c.source for c in nb.cells] == ["a = 1\nb = a + 1"]


def test_of_distant_edited_copies_the_last_is_graded_and_the_first_still_runs(tmp_path, monkeypatch):
    between = new_markdown_cell("notes")
    nb, _ = _repair([_answer_cell("a = 1"), between, _answer_cell("a = 2")], tmp_path, monkeypatch)
    assert [c.source for c in nb.cells] == ["a = 1", "notes", "a = 2"]
    assert nb.cells[0].metadata.nbgrader == {} and nb.cells[2].metadata.nbgrader["grade_id"] == "q1"


def test_an_edited_schema_version_is_reset_and_flagged(tmp_path, monkeypatch):
    cell = _answer_cell("a = 1")
    cell.metadata.nbgrader["schema_version"] = 99
    nb, flags = _repair([cell], tmp_path, monkeypatch)
    assert nb.cells[0].metadata.nbgrader["schema_version"] == 3
    assert [f.code for f in flags] == ["tampered-metadata"]


def test_a_restored_written_answer_loses_its_model_answer():
    cell = new_markdown_cell("This cell was missing.\n\n### BEGIN SOLUTION\nModel answer: tilt.\n### END SOLUTION")
    cleared, _ = ClearRestoredSolutions().preprocess_cell(cell, {}, 0)
    assert "Model answer" not in cleared.source and "YOUR ANSWER HERE" in cleared.source


# --- feedback ---------------------------------------------------------------------------

def test_hidden_tests_are_replaced_by_a_note():
    source = "check(x)\n### BEGIN HIDDEN TESTS\nassert x == 42\n### END HIDDEN TESTS"
    assert strip_regions(source) == f"check(x)\n{HIDDEN_NOTE}"


def test_a_failing_test_keeps_its_message_but_not_its_traceback():
    cell = new_code_cell("assert x == 42, 'use cm'", metadata={"nbgrader": {
        "grade": True, "solution": False, "locked": True, "grade_id": "t", "points": 1, "schema_version": 3}})
    cell.outputs = [nbformat.v4.new_output("error", ename="AssertionError", evalue="use cm",
                                           traceback=["---", "assert x == 42, 'use cm'", "AssertionError: use cm"])]
    stripped, _ = StripHiddenTests().preprocess_cell(cell, {}, 0)
    assert stripped.outputs[0].traceback == ["AssertionError: use cm"]


# --- output limits, execution, hooks, batch --------------------------------------------

def test_megabytes_of_output_are_cut_to_the_limit_and_flagged(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    cell = new_code_cell("print('x' * 10**6)")
    cell.outputs = [nbformat.v4.new_output("stream", name="stdout", text="x" * 10**6)]
    resources = {"nbgrader": {"assignment": "a1", "student": "ann", "notebook": "nb"}}
    limited, _ = LimitOutputSize(max_chars=1000).preprocess_cell(cell, resources, 0)
    assert sum(len(o.text) for o in limited.outputs) < 1200
    assert [f.code for f in FlagBook(tmp_path).all("a1")] == ["output-truncated"]


def test_the_memory_cap_stops_a_kernel_from_reserving_more(tmp_path):
    code = ("import resource\n" + memory_limit_argument(256).split("=", 1)[1] + "\n"
            "try:\n    bytearray(1024**3)\nexcept MemoryError:\n    print('capped')\n")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=60)
    assert out.stdout.strip() == "capped"


def test_a_renamed_notebook_is_graded_under_its_released_name(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    submission = tmp_path / "submitted" / "ann" / "a1"
    submission.mkdir(parents=True)
    (submission / "a1 (copy).ipynb").write_text(json.dumps({"cells": []}))
    notebooks = [str(submission / "a1 (copy).ipynb")]
    assert adopt_renamed_notebooks(submission, {"a1"}, notebooks) == [("a1 (copy).ipynb", "a1.ipynb")]
    assert notebooks == [str(submission / "a1.ipynb")] and (submission / "a1.ipynb").exists()


def test_students_are_dealt_into_balanced_shards():
    assert shard(list("abcde"), 2) == [["a", "c", "e"], ["b", "d"]]
    assert shard(["a"], 4) == [["a"]]


def test_importing_widgets_does_not_import_the_grading_package():
    code = "import sys, widgets; print('widgets.grading' in sys.modules, 'nbgrader' in sys.modules)"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=60)
    assert out.stdout.split() == ["False", "False"]
