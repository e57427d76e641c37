"""What was flagged while grading, and why: the list an instructor reads after a batch.

Each hardening step records a flag when it repaired, bounded or could not grade something.
Flags live in ``<course>/grading_records/<assignment>/<student>.flags.json`` (one small file
per submission, so parallel graders never write the same file), where ``<course>`` is nbgrader's
``CourseDirectory.root`` (see ``course_grading.coursedir``). A submission's flags are
cleared when it is graded again, so a rerun reproduces exactly the same list.
"""

from __future__ import annotations

import csv
import json
import os
from dataclasses import asdict, dataclass
from pathlib import Path

from ..coursedir import course_root

RECORDS_FOLDER = "grading_records"

# What each flag code means, in the instructor's words. course/README.md lists the same codes in
# its flag table; tests/grading/test_flags.py keeps the two in sync.
MEANINGS = {
    "unreadable-notebook": "the notebook is not valid JSON (damaged or truncated); graded as empty",
    "renamed-notebook": "the notebook had another name; graded under the released name",
    "missing-notebook": "no notebook was submitted; scored zero",
    "duplicate-grade-id": "a graded cell appeared twice (duplicated or split); repaired before grading",
    "tampered-metadata": "nbgrader cell metadata was edited; reset before grading",
    "test-cell-edited": "a test cell was edited; the original test was run instead",
    "test-cell-deleted": "a test cell was deleted; the original test was put back and run",
    "cell-timeout": "a cell ran longer than the per-cell timeout and was interrupted",
    "memory-limit": "a cell asked for more memory than the grading kernel may use",
    "kernel-died": "the kernel stopped (os._exit or a crash); it was restarted and grading went on",
    "input-call": "a cell waited for keyboard input (input()), which grading cannot give",
    "sys-exit": "a cell called sys.exit()/exit(); grading went on",
    "output-truncated": "a cell printed more than the output limit; the rest was cut",
    "grading-failed": "nbgrader could not grade this submission; see nbgrader.log",
    "unsandboxed": "the student's code ran with the grader's own rights (this machine could not sandbox it); "
                   "check the submission before trusting its grade",
    "grading-fallback": "a grading step could not read a file it needed and fell back; see nbgrader.log",
}


@dataclass(frozen=True)
class Flag:
    assignment: str
    student: str
    notebook: str
    code: str
    message: str


class FlagBook:
    """Reads and writes the flags of one course folder."""

    def __init__(self, root: str | os.PathLike) -> None:
        self.folder = Path(root) / RECORDS_FOLDER

    def _path(self, assignment: str, student: str) -> Path:
        return self.folder / assignment / f"{student}.flags.json"

    def clear(self, assignment: str, student: str) -> None:
        self._path(assignment, student).unlink(missing_ok=True)

    def record(self, assignment: str, student: str, notebook: str, code: str, message: str) -> Flag:
        if code not in MEANINGS:
            raise ValueError(f"code must be one of {sorted(MEANINGS)}, got {code!r}")
        flag = Flag(assignment, student, notebook, code, message)
        flags = self.read(assignment, student)
        if flag not in flags:
            flags.append(flag)
            path = self._path(assignment, student)
            path.parent.mkdir(parents=True, exist_ok=True)
            temporary = path.with_suffix(".tmp")
            temporary.write_text(json.dumps([asdict(f) for f in flags], indent=1))
            os.replace(temporary, path)
        return flag

    def read(self, assignment: str, student: str) -> list[Flag]:
        path = self._path(assignment, student)
        if not path.exists():
            return []
        return [Flag(**item) for item in json.loads(path.read_text())]

    def all(self, assignment: str) -> list[Flag]:
        folder = self.folder / assignment
        flags: list[Flag] = []
        for path in sorted(folder.glob("*.flags.json")):
            flags.extend(Flag(**item) for item in json.loads(path.read_text()))
        return sorted(flags, key=lambda f: (f.student, f.notebook, f.code, f.message))

    def write_report(self, assignment: str, path: str | os.PathLike) -> Path:
        """Write every flag of an assignment as CSV, with what its code means."""
        path = Path(path)
        with path.open("w", newline="") as handle:
            writer = csv.writer(handle)
            writer.writerow(["student", "notebook", "flag", "meaning", "details"])
            for flag in self.all(assignment):
                writer.writerow([flag.student, flag.notebook, flag.code, MEANINGS[flag.code], flag.message])
        return path


def record_from_resources(plugin, resources: dict, code: str, message: str) -> Flag:
    """Record a flag for the notebook an nbgrader plugin (a preprocessor, an exporter) is working on.

    The flag goes into the course of the plugin's nbgrader run (``CourseDirectory.root``).
    """
    info = resources["nbgrader"]
    return FlagBook(course_root(plugin)).record(info["assignment"], info["student"], info["notebook"], code, message)
