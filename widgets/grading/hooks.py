"""Per-submission preparation, run by nbgrader's ``Autograde.pre_convert_hook``.

nbgrader calls the hook once per submission, before grading, with the list of the
submission's notebook paths (the same list object the converter then uses). The hook

1. clears the submission's old flags, so a rerun reports exactly what it finds again;
2. adopts a renamed notebook: when a released notebook is missing and another notebook
   carries its graded cells, a copy under the released name is graded (nbgrader would
   otherwise skip the unknown name and fail the whole submission) and it is flagged.
"""

from __future__ import annotations

import json
import os
import shutil
from pathlib import Path

from .flags import flag_book_here


def _grade_ids(path: Path) -> set[str]:
    """The nbgrader grade ids a notebook file carries; empty when it cannot be read."""
    try:
        cells = json.loads(path.read_text(encoding="utf-8"))["cells"]
        return {cell["metadata"]["nbgrader"]["grade_id"] for cell in cells
                if "grade_id" in cell.get("metadata", {}).get("nbgrader", {})}
    except (OSError, ValueError, KeyError, TypeError):
        return set()


def released_names(assignment: str, course_root: Path) -> set[str]:
    """Names of the notebooks an assignment consists of, from its source folder."""
    return {path.stem for path in (course_root / "source" / assignment).glob("*.ipynb")}


def adopt_renamed_notebooks(submission: Path, expected: set[str], notebooks: list[str]) -> list[tuple[str, str]]:
    """Copy each renamed notebook to its released name; return ``(found, expected)`` pairs."""
    present = {path.stem: path for path in submission.glob("*.ipynb")}
    unknown = {stem: path for stem, path in present.items() if stem not in expected}
    adopted = []
    for name in sorted(expected):
        target = submission / f"{name}.ipynb"
        if target.exists():
            # adopted by an earlier run: report it again, so reruns flag the same
            for stem, path in unknown.items():
                if path.read_bytes() == target.read_bytes():
                    adopted.append((path.name, target.name))
            continue
        if not unknown:
            continue
        source_ids = _grade_ids(Path("source") / submission.name / f"{name}.ipynb")
        stem, path = max(unknown.items(), key=lambda item: (len(_grade_ids(item[1]) & source_ids), item[0]))
        if source_ids and not _grade_ids(path) & source_ids and len(expected) > 1:
            continue  # nothing links this file to that notebook
        shutil.copy2(path, target)
        del unknown[stem]
        if str(path) in notebooks:
            notebooks[notebooks.index(str(path))] = str(target)
        else:
            notebooks.append(str(target))
        adopted.append((path.name, target.name))
    return adopted


def prepare_submission(assignment: str, student: str, notebooks: list[str]) -> None:
    """nbgrader ``pre_convert_hook``: see the module docstring.

    ``assignment`` and ``student`` are what nbgrader was asked for (possibly ``*``); the
    submission itself is read from the notebook paths.
    """
    if not notebooks:
        return
    submission = Path(notebooks[0]).parent
    assignment_id, student_id = submission.name, submission.parent.name
    book = flag_book_here()
    book.clear(assignment_id, student_id)
    expected = released_names(assignment_id, Path(os.getcwd()))
    for found, graded_as in adopt_renamed_notebooks(submission, expected, notebooks):
        book.record(assignment_id, student_id, Path(graded_as).stem, "renamed-notebook",
                    f"submitted as {found}; graded as {graded_as}")
