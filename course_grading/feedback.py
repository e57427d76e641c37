"""Feedback that teaches without handing out the hidden tests.

nbgrader builds feedback from the autograded notebook, which holds the full test cells: the
hidden tests, and tracebacks that quote the failing hidden line. ``StripHiddenTests`` (in
``GenerateFeedback.preprocessors``) removes, from the HTML returned to students:

- hidden-test regions in test cells (replaced by a one-line note);
- mark-scheme and solution regions anywhere;
- the traceback of a failing test, keeping its last line: the error and the message that
  names the misconception.

Remove it from the list in ``nbgrader_config.py`` to return everything.
"""

from __future__ import annotations

from nbgrader import utils
from nbgrader.preprocessors import NbGraderPreprocessor

from .markers import HIDDEN_TESTS, MARK_SCHEME, SOLUTION

HIDDEN_NOTE = "# (hidden tests: run by the grader, not shown in feedback)"


def strip_regions(source: str) -> str:
    source = HIDDEN_TESTS.sub(HIDDEN_NOTE, source)
    source = MARK_SCHEME.sub("", source)
    return SOLUTION.sub("", source).rstrip()


class StripHiddenTests(NbGraderPreprocessor):
    """Remove hidden tests, mark schemes and quoting tracebacks from feedback."""

    def preprocess_cell(self, cell, resources, index):
        cell.source = strip_regions(cell.source)
        if cell.cell_type == "code" and utils.is_grade(cell):
            for output in cell.get("outputs", []):
                if output.get("output_type") == "error":
                    output.traceback = [f"{output.get('ename', 'Error')}: {output.get('evalue', '')}"]
        return cell, resources
