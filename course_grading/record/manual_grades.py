"""Keeping a person's grading when autograde runs again.

nbgrader's ``SaveAutoGrades`` keeps a manual score on a rerun but marks the cell as needing
manual grading again, so the formgrader shows finished grading as unfinished and the
instructor cannot tell which answers really changed. ``SaveAutoGradesKeepingReviews``
remembers a fingerprint of each graded answer (its text and its automatic score); when a
rerun finds the same fingerprint on a cell a person already graded, the cell stays graded.
Fingerprints live in ``<course>/grading_records/<assignment>/<student>.answers.json``. A
fingerprint file that cannot be read is logged and flagged (``grading-fallback``): the
submission's reviewed answers then reopen for review, and the instructor knows why.
"""

from __future__ import annotations

import hashlib
import json
from pathlib import Path

from nbgrader.preprocessors import SaveAutoGrades

from ..coursedir import course_root
from .flags import RECORDS_FOLDER, record_from_resources


def answer_fingerprint(cell_source: str, auto_score: float | None) -> str:
    return hashlib.sha256(f"{auto_score!r}\0{cell_source}".encode()).hexdigest()


def fingerprints_path(root: Path, assignment: str, student: str) -> Path:
    """Where the fingerprints of one submission's graded answers are kept."""
    return Path(root) / RECORDS_FOLDER / assignment / f"{student}.answers.json"


class SaveAutoGradesKeepingReviews(SaveAutoGrades):
    """SaveAutoGrades that leaves unchanged, already reviewed answers reviewed."""

    def preprocess(self, nb, resources):
        info = resources["nbgrader"]
        self._fingerprints_path = fingerprints_path(course_root(self), info["assignment"], info["student"])
        self._previous = self._read_previous(resources)
        self._current: dict[str, str] = {}
        nb, resources = super().preprocess(nb, resources)
        self._fingerprints_path.parent.mkdir(parents=True, exist_ok=True)
        self._fingerprints_path.write_text(json.dumps(self._current, indent=1, sort_keys=True))
        return nb, resources

    def _read_previous(self, resources) -> dict[str, str]:
        """The fingerprints of the last run; empty on a first run, flagged when unreadable."""
        path = self._fingerprints_path
        try:
            previous = json.loads(path.read_text(encoding="utf-8"))
            if not isinstance(previous, dict) or not all(isinstance(v, str) for v in previous.values()):
                raise ValueError("expected an object of grade id -> fingerprint")
            return previous
        except FileNotFoundError:
            return {}
        except (OSError, ValueError) as error:
            reason = f"{path.name} could not be read ({type(error).__name__}: {str(error)[:200]}); reviewed answers reopen"
            self.log.warning("Reviewed grades of %s: %s", resources["nbgrader"]["student"], reason)
            record_from_resources(self, resources, "grading-fallback", reason)
            return {}

    def _add_score(self, cell, resources) -> None:
        grade_id = cell.metadata["nbgrader"]["grade_id"]
        grade = self.gradebook.find_grade(grade_id, self.notebook_id, self.assignment_id, self.student_id)
        was_reviewed = grade.manual_score is not None and not grade.needs_manual_grade
        super()._add_score(cell, resources)
        fingerprint = answer_fingerprint(cell.source, grade.auto_score)
        self._current[grade_id] = fingerprint
        if was_reviewed and self._previous.get(grade_id) == fingerprint:
            grade.needs_manual_grade = False
            self.gradebook.db.commit()
