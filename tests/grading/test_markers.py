"""course_grading.markers: one set of patterns for nbgrader's marker lines."""

from __future__ import annotations

import pytest

from course_grading.markers import HIDDEN_TESTS, MARK_SCHEME, SOLUTION, without_solution_markers


@pytest.mark.parametrize("begin, end", [("### BEGIN SOLUTION", "### END SOLUTION"),
                                        ("# BEGIN SOLUTION", "# END SOLUTION"),
                                        ("    BEGIN SOLUTION  ", "END SOLUTION (keep this)")])
def test_a_marker_line_is_any_line_holding_the_delimiter_as_in_nbgrader(begin, end):
    source = f"a = 1\n{begin}\nx = 3\n{end}\nb = 2"
    assert SOLUTION.sub("STUB", source) == "a = 1\nSTUB\nb = 2"


def test_a_substitution_keeps_the_line_after_the_region_in_place():
    source = "check(x)\n### BEGIN HIDDEN TESTS\nassert x == 42\n### END HIDDEN TESTS\nprint('done')"
    assert HIDDEN_TESTS.sub("NOTE", source) == "check(x)\nNOTE\nprint('done')"


def test_two_regions_in_one_cell_are_matched_separately():
    source = "### BEGIN SOLUTION\na\n### END SOLUTION\nkeep\n### BEGIN SOLUTION\nb\n### END SOLUTION"
    assert SOLUTION.sub("S", source) == "S\nkeep\nS"


def test_the_inside_of_a_region_is_its_own_group():
    source = "=== BEGIN MARK SCHEME ===\n1 point\n=== END MARK SCHEME ==="
    assert MARK_SCHEME.search(source).group("inside") == "1 point\n"


def test_without_solution_markers_keeps_the_solution_itself():
    assert without_solution_markers("### BEGIN SOLUTION\nx = 3\n### END SOLUTION\n") == "x = 3\n"
