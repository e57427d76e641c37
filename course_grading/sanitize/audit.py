"""Flagging test cells a learner edited or deleted.

nbgrader already grades with the original tests (``OverwriteCells`` restores an edited test,
``add_missing_cells`` a deleted one), so these flags do not change a score: they tell the
instructor whose notebook tried to change its tests, which is worth a conversation.
"""

from __future__ import annotations

from nbgrader import utils
from nbgrader.api import Gradebook, MissingEntry
from nbgrader.preprocessors import NbGraderPreprocessor

from ..markers import HIDDEN_TESTS
from ..record.flags import record_from_resources


def released_test_source(source: str) -> str:
    """A test cell's source as a learner received it: hidden tests removed, whitespace trimmed."""
    return "\n".join(line.rstrip() for line in HIDDEN_TESTS.sub("", source).strip().splitlines() if line.strip())


class AuditTestCells(NbGraderPreprocessor):
    """Compare a submission's test cells with the gradebook's and flag differences."""

    def preprocess(self, nb, resources):
        info = resources["nbgrader"]
        if info.get("unreadable"):
            return nb, resources  # already flagged as unreadable; every test is missing
        with Gradebook(info["db_url"]) as gradebook:
            try:
                notebook = gradebook.find_notebook(info["notebook"], info["assignment"])
            except MissingEntry:
                return nb, resources
            tests = {cell.name: released_test_source(cell.source) for cell in notebook.source_cells
                     if cell.cell_type == "code" and cell.name in {g.name for g in notebook.grade_cells}
                     and cell.name not in {s.name for s in notebook.solution_cells}}
        seen = set()
        for cell in nb.cells:
            if cell.cell_type != "code" or not utils.is_grade(cell):
                continue
            grade_id = cell.metadata.nbgrader.get("grade_id")
            if grade_id not in tests or grade_id in seen:
                continue
            seen.add(grade_id)
            if released_test_source(cell.source) != tests[grade_id]:
                record_from_resources(self, resources, "test-cell-edited", f"{grade_id}: the original test was run")
        for grade_id in sorted(set(tests) - seen):
            record_from_resources(self, resources, "test-cell-deleted", f"{grade_id}: the original test was put back")
        return nb, resources
