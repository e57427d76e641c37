"""course_grading.execute.output_limits: megabytes of output cut to a readable size, and flagged."""

from __future__ import annotations

import nbformat
from nbformat.v4 import new_code_cell

from course_grading.execute.output_limits import LimitOutputSize
from course_grading.record.flags import FlagBook
from grading.course_factory import course_config, nbgrader_resources


def test_megabytes_of_output_are_cut_to_the_limit_and_flagged_in_the_course(tmp_path):
    cell = new_code_cell("print('x' * 10**6)")
    cell.outputs = [nbformat.v4.new_output("stream", name="stdout", text="x" * 10**6)]
    limiter = LimitOutputSize(max_chars=1000, config=course_config(tmp_path))
    limited, _ = limiter.preprocess_cell(cell, nbgrader_resources(), 0)
    assert sum(len(o.text) for o in limited.outputs) < 1200
    assert [f.code for f in FlagBook(tmp_path).all("a1")] == ["output-truncated"]


def test_rich_outputs_share_the_same_budget(tmp_path):
    cell = new_code_cell("x")
    cell.outputs = [nbformat.v4.new_output("execute_result", data={"text/plain": "y" * 800, "text/html": "z" * 800},
                                           execution_count=1)]
    limited, _ = LimitOutputSize(max_chars=1000, config=course_config(tmp_path)).preprocess_cell(
        cell, nbgrader_resources(), 0)
    data = limited.outputs[0].data
    assert len(data["text/plain"]) + len(data["text/html"]) == 1000


def test_short_output_is_left_alone(tmp_path):
    cell = new_code_cell("print(1)")
    cell.outputs = [nbformat.v4.new_output("stream", name="stdout", text="1\n")]
    limited, _ = LimitOutputSize(config=course_config(tmp_path)).preprocess_cell(cell, nbgrader_resources(), 0)
    assert [o.text for o in limited.outputs] == ["1\n"] and FlagBook(tmp_path).all("a1") == []
