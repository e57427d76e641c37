"""Benchmark: a whole class of N submissions with the course's command vs plain nbgrader on a sample.

Steps:
1. copy ``course/`` to a temporary folder, generate a02 and build N submissions (student k
   answers the first k mod (answers + 1) code answers correctly and leaves the rest, so the
   scores differ);
2. time ``running-course-grade autograde a02`` on all N (the course's entry point: the
   hardened pipeline, one worker more than the cores unless ``--workers``);
3. time plain ``nbgrader autograde a02`` on a sample of S of the same submissions (in a copy
   holding only them; plain nbgrader's cost per submission does not depend on the class size);
4. print seconds, seconds per submission, the speed-up (plain's per-submission cost over the
   entry point's) and whether every sampled student's grades are identical in both gradebooks.

5. with ``--launch-too``, also time the entry point with kernels launched the old way
   (``RUNNING_COURSE_FORK_KERNELS=0``) on the sample;
6. with ``--hub-students N``, run ``benchmarks/hub_scale.py`` (imported by path) for 1..N
   concurrent students after the grading part.

"Plain" is the stock ``nbgrader autograde`` command in the course folder with kernels launched
as nbgrader launches them (``RUNNING_COURSE_FORK_KERNELS=0``; the course's config still
sandboxes them); the entry point forks its kernels from a zygote (course_grading/execute/zygote.py).
CPU seconds include every child process (workers, the zygote, kernels) and are what the machine's
load does not distort.

Usage: python benchmarks/class_scale.py [--students 200] [--sample 20] [--workers N] [--keep]
                                        [--launch-too] [--hub-students N]
Speed is printed, never asserted (DESIGN.md section 7).
"""

from __future__ import annotations

import argparse
import copy
import os
import resource
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import nbformat

from course_grading.batch import default_workers
from course_grading.markers import without_solution_markers

REPO = Path(__file__).resolve().parents[1]
ASSIGNMENT = "a02_hip_extension_and_compensation"
NOTEBOOK = f"{ASSIGNMENT}.ipynb"
BIN = Path(sys.executable).parent
GENERATED = ("release", "submitted", "autograded", "feedback", "gradebook.db", "nbgrader.log", "grading_records",
             "*.csv", "__pycache__", ".ipynb_checkpoints")


def _env(fork: bool = True) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if k != "RUNNING_COURSE_DB_URL"}  # sqlite in the copies
    env["PATH"] = str(BIN) + os.pathsep + env.get("PATH", "")  # nbgrader calls alembic
    env["RUNNING_COURSE_FORK_KERNELS"] = "1" if fork else "0"
    return env


def _run(command: list[str], cwd: Path, fork: bool = True) -> subprocess.CompletedProcess:
    result = subprocess.run(command, cwd=cwd, env=_env(fork), check=False, capture_output=True, text=True)
    if result.returncode != 0:
        sys.exit(f"{' '.join(command)} failed ({result.returncode}):\n{result.stdout[-2000:]}\n{result.stderr[-2000:]}")
    return result


def prepare(folder: Path, students: int) -> Path:
    course = folder / "course"
    shutil.copytree(REPO / "course", course, ignore=shutil.ignore_patterns(*GENERATED))
    _run([str(BIN / "nbgrader"), "generate_assignment", ASSIGNMENT], course)
    released = nbformat.read(course / "release" / ASSIGNMENT / NOTEBOOK, 4)
    source = nbformat.read(course / "source" / ASSIGNMENT / NOTEBOOK, 4)
    solutions = {c.metadata["nbgrader"]["grade_id"]: c.source for c in source.cells if "nbgrader" in c.metadata}
    answers = [c.metadata["nbgrader"]["grade_id"] for c in released.cells
               if c.cell_type == "code" and c.metadata.get("nbgrader", {}).get("solution")]
    for k in range(students):
        notebook = copy.deepcopy(released)
        answered = set(answers[: k % (len(answers) + 1)])
        for cell in notebook.cells:
            if cell.metadata.get("nbgrader", {}).get("grade_id") in answered:
                cell.source = without_solution_markers(solutions[cell.metadata["nbgrader"]["grade_id"]])
        target = course / "submitted" / f"student_{k:04d}" / ASSIGNMENT
        target.mkdir(parents=True)
        nbformat.write(notebook, target / NOTEBOOK)
        (target / "timestamp.txt").write_text("2026-11-30 10:00:00.000000 UTC")
    return course


def sample_copy(course: Path, folder: Path, students: list[str]) -> Path:
    """A copy of the generated course holding only the sampled submissions."""
    sample = folder / "course"
    shutil.copytree(course, sample, ignore=shutil.ignore_patterns("submitted", "autograded", "grading_records"))
    for student in students:
        shutil.copytree(course / "submitted" / student, sample / "submitted" / student)
    return sample


def grades(course: Path, students: list[str]) -> dict[str, tuple]:
    from nbgrader.api import Gradebook

    with Gradebook(f"sqlite:///{course / 'gradebook.db'}") as gradebook:
        found = {}
        for submission in gradebook.assignment_submissions(ASSIGNMENT):
            if submission.student_id in students:
                found[submission.student_id] = (submission.code_score, tuple(sorted(
                    (g.name, g.auto_score) for n in submission.notebooks for g in n.grades)))
        return found


def timed(command: list[str], cwd: Path, fork: bool = True) -> tuple[float, float]:
    """Wall-clock and CPU seconds (children included: kernels, workers) of one command."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    start = time.perf_counter()
    _run(command, cwd, fork)
    wall = time.perf_counter() - start
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    return wall, (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)


def _load_hub_scale():
    """benchmarks/hub_scale.py, imported by path (benchmarks/ is not a package)."""
    import importlib.util

    spec = importlib.util.spec_from_file_location("hub_scale", Path(__file__).with_name("hub_scale.py"))
    module = importlib.util.module_from_spec(spec)
    sys.modules["hub_scale"] = module  # its dataclasses look their module up
    spec.loader.exec_module(module)
    return module


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--students", type=int, default=200, help="class size graded by the entry point (default 200)")
    parser.add_argument("--sample", type=int, default=20, help="submissions graded by plain nbgrader (default 20)")
    parser.add_argument("--workers", type=int, default=default_workers())
    parser.add_argument("--keep", action="store_true", help="keep the temporary folder and print it")
    parser.add_argument("--launch-too", action="store_true",
                        help="also time the entry point with launched (not forked) kernels on the sample")
    parser.add_argument("--hub-students", type=int, default=0, metavar="N",
                        help="then measure the hub spawning 1..N concurrent students (benchmarks/hub_scale.py)")
    args = parser.parse_args(argv)
    sample_size = max(1, min(args.sample, args.students))

    folder = Path(tempfile.mkdtemp(prefix="class-scale-"))
    try:
        print(f"building {args.students} submissions of {ASSIGNMENT} in {folder} ...", flush=True)
        course = prepare(folder / "class", args.students)
        everyone = sorted(p.name for p in (course / "submitted").iterdir())
        step = len(everyone) / sample_size
        sampled = [everyone[int(i * step)] for i in range(sample_size)]
        plain_course = sample_copy(course, folder / "sample", sampled)

        entry_wall, entry_cpu = timed([str(BIN / "running-course-grade"), "autograde", ASSIGNMENT,
                                       "--workers", str(args.workers)], course)
        plain_wall, plain_cpu = timed([str(BIN / "nbgrader"), "autograde", ASSIGNMENT], plain_course, fork=False)
        launch = None
        if args.launch_too:
            launch_course = sample_copy(course, folder / "launch", sampled)
            launch = timed([str(BIN / "running-course-grade"), "autograde", ASSIGNMENT, "--workers", str(args.workers)],
                           launch_course, fork=False), launch_course

        entry_each, plain_each = entry_wall / len(everyone), plain_wall / len(sampled)
        same = grades(course, sampled) == grades(plain_course, sampled)
        cores = os.cpu_count() or 1
        print(f"cores: {cores}, workers: {args.workers}")
        print(f"running-course-grade autograde: {len(everyone)} submissions in {entry_wall:.1f} s "
              f"({entry_each:.3f} s each, CPU {entry_cpu:.1f} s = {entry_cpu / len(everyone):.3f} s each, "
              f"{100 * entry_cpu / (entry_wall * cores):.0f} % of the cores)")
        print(f"nbgrader autograde (plain):    {len(sampled)} submissions in {plain_wall:.1f} s "
              f"({plain_each:.3f} s each, CPU {plain_cpu:.1f} s = {plain_cpu / len(sampled):.3f} s each); "
              f"{len(everyone)} would take about {plain_each * len(everyone):.0f} s")
        if launch is not None:
            (launch_wall, launch_cpu), launch_course = launch
            same = same and grades(launch_course, sampled) == grades(plain_course, sampled)
            print(f"entry point, kernels launched: {len(sampled)} submissions in {launch_wall:.1f} s "
                  f"({launch_wall / len(sampled):.3f} s each, CPU {launch_cpu:.1f} s = "
                  f"{launch_cpu / len(sampled):.3f} s each)")
        print(f"speed-up per submission: {plain_each / entry_each:.2f}x (wall); "
              f"{(plain_cpu / len(sampled)) / (entry_cpu / len(everyone)):.2f}x (CPU)")
        print(f"grades identical on the {len(sampled)} sampled submissions: {'yes' if same else 'NO'}", flush=True)
        if args.hub_students > 0:
            hub = _load_hub_scale()
            counts = sorted({1, *range(2, args.hub_students + 1, 2), args.hub_students})
            hub.print_spawns(hub.measure_spawns(counts))
        return 0 if same else 1
    finally:
        if args.keep:
            print(f"kept: {folder}")
        else:
            shutil.rmtree(folder, ignore_errors=True)


if __name__ == "__main__":
    sys.exit(main())
