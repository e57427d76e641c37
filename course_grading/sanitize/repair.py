"""Repairing graded cells that appear more than once before nbgrader grades them.

A learner who duplicates a graded cell (to keep a copy) or splits it (Ctrl-Shift-minus copies
the cell's metadata into both halves) leaves one ``grade_id`` on several cells. nbgrader 0.9
keeps the *last* copy and strips the others, so work in an earlier copy is lost whenever a
later copy is the untouched stub, and half of a split written answer leaves the grader's view.
``RepairGradedCells`` (first in ``Autograde.sanitize_preprocessors``) resolves each repeated id:

- copies of an answer cell left exactly as released (the stub) are dropped when an edited
  copy exists;
- consecutive edited copies are merged into one cell, in order (running them one after the
  other, or merged, is the same code; a split written answer becomes whole again);
- of edited copies that are not next to each other, the last one is graded and the earlier
  ones stay as ordinary cells, so the code they define still runs;
- repeated test, read-only and task cells are kept once (nbgrader restores their content).

It also resets cell metadata whose nbgrader schema version was edited, which would
otherwise stop the whole batch. ``ClearRestoredSolutions`` (after ``OverwriteCells``)
keeps the instructor's solutions out of answer cells that nbgrader put back for a learner
who deleted them.
"""

from __future__ import annotations

from pathlib import Path

import nbformat
from nbgrader import utils
from nbgrader.api import Gradebook, MissingEntry
from nbgrader.nbgraderformat import MetadataValidator
from nbgrader.preprocessors import NbGraderPreprocessor, OverwriteCells

from ..coursedir import source_notebook
from ..markers import BEGIN_SOLUTION, SOLUTION
from ..record.flags import record_from_resources

CURRENT_SCHEMA_VERSION = MetadataValidator.schema_version


def _grade_id(cell) -> str | None:
    info = cell.get("metadata", {}).get("nbgrader", {})
    if isinstance(info, dict) and (info.get("grade") or info.get("solution") or info.get("locked")
                                   or info.get("task")):
        return info.get("grade_id")
    return None


def _is_released_stub(cell) -> bool:
    """True when an answer cell is exactly as it was released (checksum unchanged)."""
    checksum = cell.metadata.nbgrader.get("checksum")
    return checksum is not None and checksum == utils.compute_checksum(cell)


def _merge(cells: list) -> object:
    joiner = "\n" if cells[0].cell_type == "code" else "\n\n"
    merged = cells[0]
    merged.source = joiner.join(cell.source for cell in cells)
    return merged


class RepairGradedCells(NbGraderPreprocessor):
    """Resolve repeated grade ids so the submission is graded as the learner meant."""

    def preprocess(self, nb, resources):
        self._reset_tampered_schema(nb, resources)
        positions: dict[str, list[int]] = {}
        for index, cell in enumerate(nb.cells):
            grade_id = _grade_id(cell)
            if grade_id is not None:
                positions.setdefault(grade_id, []).append(index)

        drop: set[int] = set()
        for grade_id, indices in positions.items():
            if len(indices) > 1:
                drop |= self._resolve(nb, resources, grade_id, indices)
        nb.cells = [cell for index, cell in enumerate(nb.cells) if index not in drop]
        return nb, resources

    def _reset_tampered_schema(self, nb, resources) -> None:
        for cell in nb.cells:
            info = cell.get("metadata", {}).get("nbgrader")
            if isinstance(info, dict) and info and info.get("schema_version") != CURRENT_SCHEMA_VERSION:
                record_from_resources(self, resources, "tampered-metadata",
                                      f"cell {info.get('grade_id', '?')}: schema_version "
                                      f"{info.get('schema_version')!r} reset to {CURRENT_SCHEMA_VERSION}")
                info["schema_version"] = CURRENT_SCHEMA_VERSION

    def _resolve(self, nb, resources, grade_id: str, indices: list[int]) -> set[int]:
        """Return the indices to drop after repairing one repeated grade id in place."""
        cells = [nb.cells[i] for i in indices]
        drop: set[int] = set()
        if not utils.is_solution(cells[0]):
            drop = set(indices[:-1])
            action = f"kept one of {len(indices)} copies of the read-only/test cell"
        else:
            edited = [i for i in indices if not _is_released_stub(nb.cells[i])]
            if not edited:
                edited = indices[-1:]
            drop = set(indices) - set(edited)
            runs: list[list[int]] = []
            for i in edited:
                if runs and all(j in drop for j in range(runs[-1][-1] + 1, i)):
                    runs[-1].append(i)
                else:
                    runs.append([i])
            for run in runs:
                _merge([nb.cells[i] for i in run])
                drop |= set(run[1:])
            for run in runs[:-1]:
                nb.cells[run[0]].metadata.nbgrader = {}
            action = (f"{len(indices)} copies: dropped {len(set(indices) - set(edited))} unchanged, "
                      f"merged {sum(len(r) for r in runs if len(r) > 1)} adjacent, "
                      f"graded the last edited copy")
        self.log.warning("Repaired repeated grade id %s: %s", grade_id, action)
        record_from_resources(self, resources, "duplicate-grade-id", f"{grade_id}: {action}")
        return drop


class ClearRestoredSolutions(NbGraderPreprocessor):
    """Replace solution regions left in a submission by the released stub text.

    ``OverwriteCells.add_missing_cells`` restores a deleted written-answer cell from the
    *source* notebook, model answer included; the grader would read it as the learner's
    answer and the feedback would hand it out. A learner's own cells never contain these
    markers (they are removed on release), so clearing them is always safe.
    """

    def preprocess_cell(self, cell, resources, index):
        if BEGIN_SOLUTION in cell.source:
            stub = "YOUR ANSWER HERE" if cell.cell_type == "markdown" else "# YOUR CODE HERE\nraise NotImplementedError()"
            cell.source = SOLUTION.sub(stub, cell.source).rstrip("\n")
        return cell, resources


def source_order(path: Path) -> list[str]:
    """Grade ids in the order of a source notebook; raises ``OSError`` or ``ValueError`` if unreadable."""
    source = nbformat.read(path, as_version=4)
    return [cell.metadata["nbgrader"]["grade_id"] for cell in source.cells
            if "grade_id" in cell.metadata.get("nbgrader", {})]


class RestoreDeletedCells(NbGraderPreprocessor):
    """Put back deleted test, read-only and task cells, each after its neighbour in the source.

    ``OverwriteCells.add_missing_cells`` does this in nbgrader 0.9 but fails the whole
    submission (``KeyError``) when the cell before a deleted one is a read-only cell, for
    example the question above a written answer, or when the notebook is empty. Running this
    first leaves nothing missing for it. A learner's own answer cells (solution cells without
    points) are not put back: there is nothing of theirs to grade in them.
    """

    def preprocess(self, nb, resources):
        info = resources["nbgrader"]
        with Gradebook(info["db_url"]) as gradebook:
            try:
                notebook = gradebook.find_notebook(info["notebook"], info["assignment"])
            except MissingEntry:
                return nb, resources
            grade_points = {cell.name: cell.max_score for cell in notebook.grade_cells}
            task_points = {cell.name: cell.max_score for cell in notebook.task_cells}
            solutions = {cell.name for cell in notebook.solution_cells}
            source_cells = {cell.name: cell for cell in notebook.source_cells}
            order = self._order(resources, list(source_cells))
            restorer = OverwriteCells(parent=self)
            present = {_grade_id(cell) for cell in nb.cells} - {None}
            for position, name in enumerate(order):
                if name in present:
                    continue
                cell = source_cells[name]
                if name in grade_points or name in task_points:
                    restored = restorer.missing_cell_transform(
                        cell, grade_points.get(name, task_points.get(name)),
                        is_solution=name in solutions, is_task=name in task_points)
                elif cell.locked:
                    restored = self._locked_cell(cell)
                else:
                    continue
                previous = next((order[j] for j in range(position - 1, -1, -1) if order[j] in present), None)
                index = 0 if previous is None else 1 + max(
                    i for i, c in enumerate(nb.cells) if _grade_id(c) == previous)
                nb.cells.insert(index, nbformat.from_dict(restored))
                present.add(name)
                self.log.warning("Restored deleted cell %s", name)
        return nb, resources

    def _order(self, resources, names: list[str]) -> list[str]:
        """The gradebook's cell names in the source notebook's order.

        The gradebook does not keep the order of cells; the source notebook in the course's
        ``source`` folder does. If it cannot be read, cells go back in the gradebook's order,
        which is logged and flagged.
        """
        info = resources["nbgrader"]
        path = source_notebook(self, info["assignment"], info["notebook"])
        try:
            order = [name for name in source_order(path) if name in names]
        except (OSError, ValueError) as error:
            reason = f"source notebook {path} unreadable ({type(error).__name__}); cells restored in gradebook order"
            self.log.warning("Restoring deleted cells: %s", reason)
            record_from_resources(self, resources, "grading-fallback", reason)
            order = []
        return order + [name for name in names if name not in order]

    @staticmethod
    def _locked_cell(cell):
        restored = {"cell_type": cell.cell_type, "source": cell.source,
                    "metadata": {"deletable": False, "editable": False,
                                 "nbgrader": {"grade": False, "solution": False, "locked": True, "task": False,
                                              "grade_id": cell.name, "checksum": cell.checksum,
                                              "schema_version": CURRENT_SCHEMA_VERSION}}}
        if cell.cell_type == "code":
            restored.update(execution_count=None, outputs=[])
        return nbformat.from_dict(restored)
