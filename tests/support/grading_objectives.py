"""The learning objectives the lessons state, read from the lessons themselves.

A lesson states its objectives in bold (``**L03.2**``) under a heading that starts with
"Learning objectives", up to the next heading of the same or a higher level. (The same
reading as ``tests/course/test_traceability.py``; that module may import this one.)
"""

from __future__ import annotations

import re
from pathlib import Path

import nbformat

from support.paths import LESSONS

OBJECTIVE = re.compile(r"\*\*(L\d{2}\.\d+)\*\*")
HEADING = re.compile(r"^(#{1,6})\s+(.*?)\s*#*\s*$")


def stated_objectives(path: Path) -> list[str]:
    """Objective ids a lesson states, in order."""
    found, level = [], None
    notebook = nbformat.read(path, as_version=4)
    for cell in notebook.cells:
        if cell.cell_type != "markdown":
            continue
        for line in cell.source.splitlines():
            heading = HEADING.match(line)
            if heading:
                depth = len(heading.group(1))
                if heading.group(2).lower().startswith("learning objectives"):
                    level = depth
                    continue
                if level is not None and depth <= level:
                    level = None
            if level is not None:
                found += OBJECTIVE.findall(line)
    return list(dict.fromkeys(found))


def all_objectives() -> set[str]:
    """Every objective any lesson states."""
    return {objective for path in LESSONS for objective in stated_objectives(path)}
