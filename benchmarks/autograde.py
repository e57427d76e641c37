"""Benchmark: submissions graded per second, course entry point vs plain ``nbgrader autograde``.

Steps:
1. copy ``course/`` to a temporary folder, generate assignment a02 and build a class of N
   submissions (full, partial and untouched answers, so scores differ);
2. copy that folder twice; in one, time ``nbgrader autograde a02`` (one command for the class);
   in the other, time ``python -m widgets.grading.batch autograde a02 --workers W``;
3. print both rates, the speed-up, and whether every student's grades are identical.

Usage: python benchmarks/autograde.py [--students 40] [--workers CORES+1]
"""

from __future__ import annotations

import argparse
import copy
import os
import re
import resource
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import nbformat

REPO = Path(__file__).resolve().parents[1]
ASSIGNMENT = "a02_hip_extension_and_compensation"
NOTEBOOK = f"{ASSIGNMENT}.ipynb"
BIN = Path(sys.executable).parent
GENERATED = ("release", "submitted", "autograded", "feedback", "gradebook.db", "nbgrader.log", "grading_records")
_MARKERS = re.compile(r"^[ \t]*### (BEGIN|END) SOLUTION[^\n]*\n?", re.MULTILINE)


def _env() -> dict[str, str]:
    env = dict(os.environ)
    env["PATH"] = str(BIN) + os.pathsep + env["PATH"]  # nbgrader calls alembic
    return env


def build_class(course: Path, students: int) -> None:
    """Student k answers the first k % (answers + 1) code answers correctly, the rest not at all."""
    released = nbformat.read(course / "release" / ASSIGNMENT / NOTEBOOK, 4)
    source = nbformat.read(course / "source" / ASSIGNMENT / NOTEBOOK, 4)
    solutions = {c.metadata["nbgrader"]["grade_id"]: c.source for c in source.cells if "nbgrader" in c.metadata}
    answer_ids = [c.metadata["nbgrader"]["grade_id"] for c in released.cells
                  if c.cell_type == "code" and c.metadata.get("nbgrader", {}).get("solution")]
    for k in range(students):
        notebook = copy.deepcopy(released)
        answered = set(answer_ids[: k % (len(answer_ids) + 1)])
        for cell in notebook.cells:
            grade_id = cell.metadata.get("nbgrader", {}).get("grade_id")
            if grade_id in answered:
                cell.source = _MARKERS.sub("", solutions[grade_id])
        folder = course / "submitted" / f"student_{k:03d}" / ASSIGNMENT
        folder.mkdir(parents=True)
        nbformat.write(notebook, folder / NOTEBOOK)
        (folder / "timestamp.txt").write_text("2026-11-23 10:00:00.000000 UTC")


def scores(course: Path) -> dict[str, tuple]:
    from nbgrader.api import Gradebook

    with Gradebook(f"sqlite:///{course / 'gradebook.db'}") as gradebook:
        result = {}
        for submission in gradebook.assignment_submissions(ASSIGNMENT):
            grades = sorted((g.name, g.auto_score) for n in submission.notebooks for g in n.grades)
            result[submission.student_id] = (submission.code_score, tuple(grades))
        return result


def timed(command: list[str], course: Path) -> tuple[float, float]:
    """Wall-clock seconds and CPU seconds (all child processes, kernels included) of a command."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    start = time.perf_counter()
    subprocess.run(command, cwd=course, env=_env(), check=False, capture_output=True)
    wall = time.perf_counter() - start
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    return wall, (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--students", type=int, default=40)
    parser.add_argument("--workers", type=int, default=(os.cpu_count() or 1) + 1,
                        help="the batch entry point's workers (its default: cores + 1)")
    args = parser.parse_args()

    with tempfile.TemporaryDirectory() as temporary:
        base = Path(temporary) / "base"
        shutil.copytree(REPO / "course", base, ignore=shutil.ignore_patterns(*GENERATED))
        subprocess.run([str(BIN / "nbgrader"), "generate_assignment", ASSIGNMENT], cwd=base, env=_env(),
                       check=True, capture_output=True)
        build_class(base, args.students)
        plain, course_entry = Path(temporary) / "plain", Path(temporary) / "entry"
        shutil.copytree(base, plain)
        shutil.copytree(base, course_entry)

        (plain_s, plain_cpu) = timed([str(BIN / "nbgrader"), "autograde", ASSIGNMENT], plain)
        (entry_s, entry_cpu) = timed([sys.executable, "-m", "widgets.grading.batch", "autograde", ASSIGNMENT,
                         "--workers", str(args.workers)], course_entry)
        plain_scores, entry_scores = scores(plain), scores(course_entry)

    n = args.students
    print(f"class of {n} submissions of {ASSIGNMENT}, {os.cpu_count()} cores")
    cores = os.cpu_count() or 1
    print(f"plain `nbgrader autograde`:       {plain_s:7.1f} s  {n / plain_s:6.2f} submissions/s  "
          f"(CPU {plain_cpu:.0f} s, {plain_cpu / plain_s / cores:.0%} of {cores} cores)")
    print(f"course entry point ({args.workers} workers): {entry_s:7.1f} s  {n / entry_s:6.2f} submissions/s  "
          f"(CPU {entry_cpu:.0f} s, {entry_cpu / entry_s / cores:.0%} of {cores} cores)")
    print(f"speed-up: {plain_s / entry_s:.2f}x")
    print(f"grades identical: {plain_scores == entry_scores} ({len(plain_scores)} vs {len(entry_scores)} students graded)")


if __name__ == "__main__":
    main()
