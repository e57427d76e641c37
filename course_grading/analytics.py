"""Item analytics: which questions worked, read from the gradebook after grading.

For each assignment in nbgrader's gradebook (``nbgrader.api.Gradebook``; sqlite or Postgres,
whatever ``CourseDirectory.db_url`` names) this computes, over the students with a submission:

- per item (one nbgrader grade id: an autograded test cell, a written answer, a task):
  ``n_graded`` (grades with a score; a written answer still waiting for a grader does not
  count), ``mean_score``, ``difficulty`` = mean score / points (the classical facility index:
  the share of the full marks the class earned; 1.0 = everybody right, so *higher is easier*),
  ``full_marks_share`` (share of students with full marks) and ``discrimination`` = the
  **corrected item-total correlation**: Pearson's r between the item's score and the
  student's total for the assignment *minus that item* (blank when either does not vary);
- for multiple-choice items, ``common_wrong_answers``: the three most frequent wrong answers
  with their counts (see ``choice_answers`` for how they are read);
- per learning objective (``L03.2`` and the like): ``mastery`` = the share of the objective's
  points the class earned, and ``mastered_share`` = the share of students who earned at least
  ``MASTERY_THRESHOLD`` (70 %) of them. An item assesses the objectives listed on the
  ``Assesses: L03.1, L03.2`` line of the question above it in the source notebook (the same
  lines ``tests/course/test_traceability.py`` reads), or in a cell's metadata
  ``{"objectives": ["L03.1"]}``.

Everything is written to ``grading_records/<assignment>.items.csv`` (``kind`` is ``item`` or
``objective``); ``course/instructor_dashboard.ipynb`` plots it.
"""

from __future__ import annotations

import ast
import csv
import math
import re
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from pathlib import Path

from .markers import without_solution_markers

RECORDS_FOLDER = "grading_records"
MASTERY_THRESHOLD = 0.7
ASSESSES = re.compile(r"^\s*(?:[*_>-]\s*)*\**Assesses:?\**:?\s*(.+)$", re.IGNORECASE | re.MULTILINE)
OBJECTIVE_ID = re.compile(r"L\d{2}\.\d+")
CHOICE_CHECK = re.compile(r"check_choices?\(\s*([A-Za-z_]\w*)\s*,")
NO_ANSWER = "(no answer)"
COLUMNS = ["kind", "id", "notebook", "objectives", "points", "n_students", "n_graded", "mean_score",
           "difficulty", "full_marks_share", "discrimination", "common_wrong_answers", "correct_answer",
           "mastery", "mastered_share"]


@dataclass
class ItemStats:
    grade_id: str
    notebook: str
    points: float
    objectives: list[str] = field(default_factory=list)
    scores: dict[str, float] = field(default_factory=dict)  # student -> score, graded only
    correct_answer: str = ""
    wrong_answers: Counter = field(default_factory=Counter)

    @property
    def n_graded(self) -> int:
        return len(self.scores)

    @property
    def mean_score(self) -> float | None:
        return sum(self.scores.values()) / len(self.scores) if self.scores else None

    @property
    def difficulty(self) -> float | None:
        mean = self.mean_score
        return None if mean is None or not self.points else mean / self.points

    @property
    def full_marks_share(self) -> float | None:
        if not self.scores:
            return None
        return sum(score >= self.points - 1e-9 for score in self.scores.values()) / len(self.scores)


@dataclass
class AssignmentAnalytics:
    assignment: str
    students: list[str]
    totals: dict[str, float]
    items: list[ItemStats]
    discrimination: dict[str, float | None]
    objectives: dict[str, dict[str, float | None]]

    def rows(self) -> list[dict[str, str]]:
        rows = []
        for item in self.items:
            rows.append({
                "kind": "item", "id": item.grade_id, "notebook": item.notebook,
                "objectives": " ".join(item.objectives), "points": _fmt(item.points),
                "n_students": str(len(self.students)), "n_graded": str(item.n_graded),
                "mean_score": _fmt(item.mean_score), "difficulty": _fmt(item.difficulty),
                "full_marks_share": _fmt(item.full_marks_share),
                "discrimination": _fmt(self.discrimination.get(item.grade_id)),
                "common_wrong_answers": "; ".join(f"{answer} ({count})" for answer, count
                                                  in item.wrong_answers.most_common(3)),
                "correct_answer": item.correct_answer, "mastery": "", "mastered_share": "",
            })
        for objective, figures in sorted(self.objectives.items()):
            rows.append({
                "kind": "objective", "id": objective, "notebook": "", "objectives": objective,
                "points": _fmt(figures["points"]), "n_students": str(len(self.students)),
                "n_graded": "", "mean_score": "", "difficulty": "", "full_marks_share": "",
                "discrimination": "", "common_wrong_answers": "", "correct_answer": "",
                "mastery": _fmt(figures["mastery"]), "mastered_share": _fmt(figures["mastered_share"]),
            })
        return rows


def _fmt(value) -> str:
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return ""
    return f"{value:.4g}" if isinstance(value, float) else str(value)


def pearson(xs: list[float], ys: list[float]) -> float | None:
    """Pearson's r, or None when fewer than 3 pairs or either list does not vary."""
    n = len(xs)
    if n < 3:
        return None
    mx, my = sum(xs) / n, sum(ys) / n
    sxx = sum((x - mx) ** 2 for x in xs)
    syy = sum((y - my) ** 2 for y in ys)
    if sxx <= 1e-12 or syy <= 1e-12:
        return None
    return sum((x - mx) * (y - my) for x, y in zip(xs, ys)) / math.sqrt(sxx * syy)


def corrected_item_total(item_scores: dict[str, float], totals: dict[str, float]) -> float | None:
    """Correlation of an item with the total minus the item, over students graded on the item."""
    students = sorted(item_scores)
    return pearson([item_scores[s] for s in students], [totals[s] - item_scores[s] for s in students])


# --- objectives and multiple-choice answers, from the notebooks -------------------------

def _grade_id(cell) -> str | None:
    return cell.get("metadata", {}).get("nbgrader", {}).get("grade_id")


def item_objectives(source_notebook) -> dict[str, list[str]]:
    """grade id -> objective ids, for every cell of a source notebook that has a grade id.

    A cell's own ``metadata.objectives`` or ``Assesses:`` line wins; otherwise a cell inherits
    the objectives of the last ``Assesses:`` line above it (the question it answers or tests).
    """
    found: dict[str, list[str]] = {}
    current: list[str] = []
    for cell in source_notebook.cells:
        own = list(cell.get("metadata", {}).get("objectives") or [])
        if cell.cell_type == "markdown":
            for match in ASSESSES.finditer(cell.source):
                own += OBJECTIVE_ID.findall(match.group(1))
        own = list(dict.fromkeys(own))
        if own:
            current = own
        if _grade_id(cell):
            found[_grade_id(cell)] = own or current
    return found


def choice_variables(source_notebook) -> dict[str, tuple[str, str | None]]:
    """Multiple-choice items: test grade id -> (answer variable, correct answer).

    A test cell that calls ``check_choice(name, ...)`` or ``check_choices(name, ...)`` (the
    course's form checks) is multiple choice; the correct answer is what the solution cell
    above it assigns to ``name``.
    """
    choices: dict[str, tuple[str, str | None]] = {}
    for index, cell in enumerate(source_notebook.cells):
        info = cell.get("metadata", {}).get("nbgrader", {})
        if cell.cell_type != "code" or not info.get("grade") or info.get("solution"):
            continue
        match = CHOICE_CHECK.search(cell.source)
        if not match:
            continue
        variable = match.group(1)
        correct = None
        for above in reversed(source_notebook.cells[:index]):
            value = assigned_value(without_solution_markers(above.source), variable) if above.cell_type == "code" else None
            if value is not None:
                correct = value
                break
        choices[_grade_id(cell)] = (variable, correct)
    return choices


def _normalise(value) -> str | None:
    if value is None:
        return None
    if isinstance(value, (set, frozenset, list, tuple)):
        return ",".join(sorted(str(v).strip().upper() for v in value))
    return str(value).strip().upper()


def assigned_value(source: str, variable: str) -> str | None:
    """The last literal a cell's top-level code assigns to ``variable``, normalised
    (``'b'`` -> ``B``; ``{"C", "A"}`` -> ``A,C``); None when it assigns none (or None)."""
    try:
        tree = ast.parse(source)
    except SyntaxError:
        return None
    value = None
    for node in tree.body:
        if isinstance(node, ast.Assign) and any(isinstance(t, ast.Name) and t.id == variable for t in node.targets):
            try:
                value = _normalise(ast.literal_eval(node.value))
            except (ValueError, SyntaxError, TypeError):
                value = "(not a literal)"
    return value


def choice_answers(notebook, variable: str) -> str:
    """What a student answered for ``variable``: the last literal assigned to it by any code cell
    of their *autograded* notebook (the notebook that was actually run, after the course's
    repairs), read with ``ast`` without running anything; ``(no answer)`` if none."""
    answer = None
    for cell in notebook.cells:
        if cell.cell_type == "code":
            value = assigned_value(cell.source, variable)
            if value is not None:
                answer = value
    return answer or NO_ANSWER


# --- the gradebook ------------------------------------------------------------------------

def analyse(gradebook, course_root: Path, assignment: str, source_folder: str = "source",
            autograded_folder: str = "autograded") -> AssignmentAnalytics:
    """Item and objective statistics of one assignment, from an open ``Gradebook``."""
    import nbformat

    record = gradebook.find_assignment(assignment)
    items: dict[str, ItemStats] = {}
    choices: dict[str, dict[str, tuple[str, str | None]]] = {}
    for notebook in record.notebooks:
        source_path = Path(course_root) / source_folder / assignment / f"{notebook.name}.ipynb"
        source = nbformat.read(source_path, as_version=4) if source_path.exists() else None
        objectives = item_objectives(source) if source else {}
        choices[notebook.name] = choice_variables(source) if source else {}
        for cell in list(notebook.grade_cells) + list(notebook.task_cells):
            items[f"{notebook.name}/{cell.name}"] = ItemStats(cell.name, notebook.name, float(cell.max_score or 0),
                                                              objectives.get(cell.name, []))
    for notebook_name, mc in choices.items():
        for grade_id, (_, correct) in mc.items():
            if f"{notebook_name}/{grade_id}" in items:
                items[f"{notebook_name}/{grade_id}"].correct_answer = correct or ""

    students, totals = [], {}
    for submission in record.submissions:
        student = submission.student.id
        students.append(student)
        totals[student] = 0.0
        for submitted in submission.notebooks:
            autograded = Path(course_root) / autograded_folder / student / assignment / f"{submitted.name}.ipynb"
            executed = None
            for grade in submitted.grades:
                key = f"{submitted.name}/{grade.name}"
                score = float(grade.score or 0.0)
                totals[student] += score
                if key not in items or (grade.needs_manual_grade and grade.manual_score is None):
                    continue
                items[key].scores[student] = score
                if grade.name in choices.get(submitted.name, {}) and score < items[key].points - 1e-9:
                    if executed is None:
                        executed = nbformat.read(autograded, as_version=4) if autograded.exists() else False
                    if executed:
                        variable, _ = choices[submitted.name][grade.name]
                        items[key].wrong_answers[choice_answers(executed, variable)] += 1
    students.sort()
    discrimination = {item.grade_id: corrected_item_total(item.scores, totals) for item in items.values()}

    objectives: dict[str, dict[str, float | None]] = {}
    by_objective: dict[str, list[ItemStats]] = defaultdict(list)
    for item in items.values():
        for objective in item.objectives:
            by_objective[objective].append(item)
    for objective, tagged in by_objective.items():
        points = sum(item.points for item in tagged)
        earned = {s: sum(item.scores.get(s, 0.0) for item in tagged) for s in students}
        possible = {s: sum(item.points for item in tagged if s in item.scores) for s in students}
        graded = [s for s in students if possible[s] > 0]
        mastery = (sum(earned[s] for s in graded) / sum(possible[s] for s in graded)) if graded else None
        mastered = (sum(earned[s] >= MASTERY_THRESHOLD * possible[s] - 1e-9 for s in graded) / len(graded)) if graded else None
        objectives[objective] = {"points": points, "mastery": mastery, "mastered_share": mastered}
    return AssignmentAnalytics(assignment, students, totals, list(items.values()), discrimination, objectives)


def write_items_csv(analytics: AssignmentAnalytics, path: Path) -> Path:
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    with open(path, "w", newline="", encoding="utf-8") as handle:
        writer = csv.DictWriter(handle, fieldnames=COLUMNS)
        writer.writeheader()
        writer.writerows(analytics.rows())
    return path


def items_csv_path(course_root: Path, assignment: str) -> Path:
    return Path(course_root) / RECORDS_FOLDER / f"{assignment}.items.csv"


def run(db_url: str, course_root: Path, assignments: list[str] | None = None) -> dict[str, AssignmentAnalytics]:
    """Analyse ``assignments`` (default: every assignment with a submission) and write their CSVs."""
    from nbgrader.api import Gradebook

    results = {}
    with Gradebook(db_url) as gradebook:
        names = assignments or [a.name for a in gradebook.assignments if a.num_submissions]
        for name in names:
            results[name] = analyse(gradebook, course_root, name)
            write_items_csv(results[name], items_csv_path(course_root, name))
    return results


def format_summary(analytics: AssignmentAnalytics) -> str:
    lines = [f"{analytics.assignment}: {len(analytics.students)} submissions",
             f"  {'item':<22}{'graded':>7}{'mean':>7}{'pts':>5}{'difficulty':>11}{'discrim.':>9}  wrong answers"]
    for row in analytics.rows():
        if row["kind"] == "item":
            lines.append(f"  {row['id']:<22}{row['n_graded']:>7}{row['mean_score']:>7}{row['points']:>5}"
                         f"{row['difficulty']:>11}{row['discrimination'] or '-':>9}  {row['common_wrong_answers']}")
    for row in analytics.rows():
        if row["kind"] == "objective":
            lines.append(f"  objective {row['id']:<8} mastery {row['mastery'] or '-':>6}, "
                         f"students at >= {MASTERY_THRESHOLD:.0%}: {row['mastered_share'] or '-'}")
    return "\n".join(lines)
