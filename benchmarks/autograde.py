"""Benchmark: submissions graded per second, course entry point vs plain ``nbgrader autograde``.

Steps:
1. copy ``course/`` to a temporary folder, generate assignment a02 and build a class of N
   submissions (full, partial and untouched answers, so scores differ);
2. copy that folder twice; in one, time ``nbgrader autograde a02`` (one command for the class);
   in the other, time ``python -m course_grading.batch autograde a02 --workers W``;
3. print both rates, the speed-up, and whether every student's grades are identical;
   with ``--rounds R`` repeat 2-3 on fresh copies, alternating which command runs first
   (the machine may be shared), and print the median speed-up.

Usage: python benchmarks/autograde.py [--students 40] [--workers CORES] [--rounds 1]
"""

from __future__ import annotations

import argparse
import copy
import os
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import nbformat

from course_grading.markers import without_solution_markers

REPO = Path(__file__).resolve().parents[1]
ASSIGNMENT = "a02_hip_extension_and_compensation"
NOTEBOOK = f"{ASSIGNMENT}.ipynb"
BIN = Path(sys.executable).parent
GENERATED = ("release", "submitted", "autograded", "feedback", "gradebook.db", "nbgrader.log", "grading_records")


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
                cell.source = without_solution_markers(solutions[grade_id])
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


def one_round(base: Path, workers: int, plain_first: bool) -> dict:
    """Grade fresh copies of ``base`` both ways; return times, CPU and whether grades agree."""
    plain, course_entry = base.parent / "plain", base.parent / "entry"
    for folder in (plain, course_entry):
        shutil.rmtree(folder, ignore_errors=True)
        shutil.copytree(base, folder)
    commands = {"plain": ([str(BIN / "nbgrader"), "autograde", ASSIGNMENT], plain),
                "entry": ([sys.executable, "-m", "course_grading.batch", "autograde", ASSIGNMENT,
                           "--workers", str(workers)], course_entry)}
    order = ["plain", "entry"] if plain_first else ["entry", "plain"]
    result = {name: timed(*commands[name]) for name in order}
    result["identical"] = scores(plain) == scores(course_entry)
    result["graded"] = (len(scores(plain)), len(scores(course_entry)))
    return result


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--students", type=int, default=40)
    parser.add_argument("--workers", type=int, default=os.cpu_count() or 1,
                        help="the batch entry point's workers (its default: one more than the cores)")
    parser.add_argument("--rounds", type=int, default=1, help="repeat, alternating which command runs first")
    args = parser.parse_args()

    n, cores = args.students, os.cpu_count() or 1
    print(f"class of {n} submissions of {ASSIGNMENT}, {cores} cores")
    speed_ups = []
    with tempfile.TemporaryDirectory() as temporary:
        base = Path(temporary) / "base"
        shutil.copytree(REPO / "course", base, ignore=shutil.ignore_patterns(*GENERATED))
        subprocess.run([str(BIN / "nbgrader"), "generate_assignment", ASSIGNMENT], cwd=base, env=_env(),
                       check=True, capture_output=True)
        build_class(base, n)
        for round_number in range(args.rounds):
            result = one_round(base, args.workers, plain_first=round_number % 2 == 0)
            (plain_s, plain_cpu), (entry_s, entry_cpu) = result["plain"], result["entry"]
            speed_ups.append(plain_s / entry_s)
            if args.rounds > 1:
                print(f"round {round_number + 1} ({'plain' if round_number % 2 == 0 else 'entry point'} first):")
            print(f"plain `nbgrader autograde`:       {plain_s:7.1f} s  {n / plain_s:6.2f} submissions/s  "
                  f"(CPU {plain_cpu:.0f} s, {plain_cpu / plain_s / cores:.0%} of {cores} cores)")
            print(f"course entry point ({args.workers} workers): {entry_s:7.1f} s  {n / entry_s:6.2f} submissions/s  "
                  f"(CPU {entry_cpu:.0f} s, {entry_cpu / entry_s / cores:.0%} of {cores} cores)")
            print(f"speed-up: {plain_s / entry_s:.2f}x")
            print(f"grades identical: {result['identical']} "
                  f"({result['graded'][0]} vs {result['graded'][1]} students graded)")
    if args.rounds > 1:
        print(f"median speed-up over {args.rounds} rounds: {statistics.median(speed_ups):.2f}x "
              f"(min {min(speed_ups):.2f}x, max {max(speed_ups):.2f}x)")


if __name__ == "__main__":
    main()
