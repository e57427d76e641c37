"""nbgrader's cell markers, and the one set of patterns every grading step uses for them.

nbgrader treats any *line containing* a delimiter (``BEGIN SOLUTION``, ``END HIDDEN TESTS``,
...) as a marker line, whatever comes before it (``###``, ``#`` or nothing) and after it; the
patterns here match the same lines, so what nbgrader removes on release is exactly what the
audit ignores, the feedback strips and the repair clears. The delimiters are nbgrader's
defaults (``ClearSolutions.begin_solution_delimeter`` and friends), which the course keeps.
"""

from __future__ import annotations

import re

BEGIN_SOLUTION, END_SOLUTION = "BEGIN SOLUTION", "END SOLUTION"
BEGIN_HIDDEN_TESTS, END_HIDDEN_TESTS = "BEGIN HIDDEN TESTS", "END HIDDEN TESTS"
BEGIN_MARK_SCHEME, END_MARK_SCHEME = "BEGIN MARK SCHEME", "END MARK SCHEME"


def region(begin: str, end: str) -> re.Pattern:
    """A region from the line holding ``begin`` to the end of the line holding ``end``.

    The newline after the end line is not part of the match, so a substitution keeps the
    following line where it was. The text between the marker lines is group ``inside``.
    """
    return re.compile(rf"^[^\n]*{begin}[^\n]*\n(?P<inside>.*?)^[^\n]*{end}[^\n]*$", re.MULTILINE | re.DOTALL)


SOLUTION = region(BEGIN_SOLUTION, END_SOLUTION)
HIDDEN_TESTS = region(BEGIN_HIDDEN_TESTS, END_HIDDEN_TESTS)
MARK_SCHEME = region(BEGIN_MARK_SCHEME, END_MARK_SCHEME)
SOLUTION_MARKER_LINE = re.compile(rf"^[^\n]*(?:{BEGIN_SOLUTION}|{END_SOLUTION})[^\n]*\n?", re.MULTILINE)


def without_solution_markers(source: str) -> str:
    """The instructor's solution as a learner would type it: the marker lines removed."""
    return SOLUTION_MARKER_LINE.sub("", source)
