"""Per-submission preparation, run by nbgrader's ``Autograde.pre_convert_hook``.

nbgrader calls the hook once per submission, before grading, with the list of the
submission's notebook paths (the same list object the converter then uses). The hook

1. clears the submission's old flags, so a rerun reports exactly what it finds again;
2. adopts a renamed notebook: when a released notebook is missing and another notebook
   carries its graded cells, a copy under the released name is graded (nbgrader would
   otherwise skip the unknown name and fail the whole submission) and it is flagged.

nbgrader gives a hook no configuration, only absolute paths
``<CourseDirectory.root>/submitted/<student>/<assignment>/<notebook>.ipynb``; the course root
is read from them (``course_grading.coursedir``), never from the working folder. A notebook
that cannot be read while matching names is logged and flagged (``grading-fallback``).
"""

from __future__ import annotations

import json
import shutil
from pathlib import Path

from traitlets.log import get_logger

from ..coursedir import course_root_of_submission
from ..record.flags import FlagBook

def grade_ids(path: Path, problems: list[str] | None = None) -> set[str]:
    """The nbgrader grade ids a notebook file carries.

    A file that cannot be read carries none; why is appended to ``problems`` and logged.
    """
    try:
        cells = json.loads(Path(path).read_text(encoding="utf-8"))["cells"]
        return {cell["metadata"]["nbgrader"]["grade_id"] for cell in cells
                if "grade_id" in cell.get("metadata", {}).get("nbgrader", {})}
    except (OSError, ValueError, KeyError, TypeError) as error:
        reason = f"{Path(path).name} unreadable while matching renamed notebooks ({type(error).__name__})"
        get_logger().warning("%s: %s", path, reason)  # nbgrader's log when nbgrader runs
        if problems is not None:
            problems.append(reason)
        return set()


def released_names(source_folder: Path) -> set[str]:
    """Names of the notebooks an assignment consists of, from its source folder."""
    return {path.stem for path in Path(source_folder).glob("*.ipynb")}


def adopt_renamed_notebooks(submission: Path, source_folder: Path, notebooks: list[str],
                            problems: list[str] | None = None) -> list[tuple[str, str]]:
    """Copy each renamed notebook to its released name; return ``(found, expected)`` pairs.

    ``source_folder`` holds the instructor's notebooks of the assignment; ``notebooks`` (the
    converter's list) is updated in place; unreadable files are described in ``problems``.
    """
    expected = released_names(source_folder)
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
        source_ids = grade_ids(Path(source_folder) / f"{name}.ipynb", problems)
        candidates = {stem: grade_ids(path, problems) for stem, path in unknown.items()}
        stem = max(candidates, key=lambda s: (len(candidates[s] & source_ids), s))
        if source_ids and not candidates[stem] & source_ids and len(expected) > 1:
            continue  # nothing links this file to that notebook
        path = unknown.pop(stem)
        shutil.copy2(path, target)
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
    root = course_root_of_submission(submission)
    book = FlagBook(root)
    book.clear(assignment_id, student_id)
    problems: list[str] = []
    adopted = adopt_renamed_notebooks(submission, root / "source" / assignment_id, notebooks, problems)
    for found, graded_as in adopted:
        book.record(assignment_id, student_id, Path(graded_as).stem, "renamed-notebook",
                    f"submitted as {found}; graded as {graded_as}")
    for reason in problems:
        book.record(assignment_id, student_id, "-", "grading-fallback", reason)
