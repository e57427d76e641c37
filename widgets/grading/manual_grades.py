"""Keeping a person's grading when autograde runs again.

nbgrader's ``SaveAutoGrades`` keeps a manual score on a rerun but marks the cell as needing
manual grading again, so the formgrader shows finished grading as unfinished and the
instructor cannot tell which answers really changed. ``SaveAutoGradesKeepingReviews``
remembers a fingerprint of each graded answer (its text and its automatic score); when a
rerun finds the same fingerprint on a cell a person already graded, the cell stays graded.
Fingerprints live in ``grading_records/<assignment>/<student>.answers.json``.
"""

from __future__ import annotations

import hashlib
import json
import os
from pathlib import Path

from nbgrader.preprocessors import SaveAutoGrades

from .flags import RECORDS_FOLDER


def answer_fingerprint(cell_source: str, auto_score: float | None) -> str:
    return hashlib.sha256(f"{auto_score!r}\0{cell_source}".encode()).hexdigest()


class SaveAutoGradesKeepingReviews(SaveAutoGrades):
    """SaveAutoGrades that leaves unchanged, already reviewed answers reviewed."""

    def preprocess(self, nb, resources):
        info = resources["nbgrader"]
        self._fingerprints_path = (Path(os.getcwd()) / RECORDS_FOLDER / info["assignment"]
                                   / f"{info['student']}.answers.json")
        try:
            self._previous = json.loads(self._fingerprints_path.read_text())
        except (OSError, ValueError):
            self._previous = {}
        self._current: dict[str, str] = {}
        nb, resources = super().preprocess(nb, resources)
        self._fingerprints_path.parent.mkdir(parents=True, exist_ok=True)
        self._fingerprints_path.write_text(json.dumps(self._current, indent=1, sort_keys=True))
        return nb, resources

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
