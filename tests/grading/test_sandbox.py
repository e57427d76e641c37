"""course_grading.execute.sandbox: student code runs where it can read, delete and send nothing.

A skip here (the machine cannot sandbox: not root, no namespaces) turns into a failure when
``CI`` or ``REQUIRE_BROWSER`` is set (DESIGN.md §7).
"""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import threading
import time

import nbformat
import pytest
from grading.course_factory import (
    copy_course,
    leaks,
    nbgrader,
    nbgrader_resources,
    read_notebook,
    secret_lines,
)
from grading.fixtures import hostile
from grading.fixtures.submissions import (
    ASSIGNMENT,
    FULL_MARKS,
    NOTEBOOK,
    _insert_after,
    solved,
)
from nbformat.v4 import new_code_cell, new_notebook
from nbgrader.api import Gradebook
from support.capability import unavailable

from course_grading.execute import kernel_pool, sandbox
from course_grading.execute.execution import ResilientExecute
from course_grading.record.flags import FlagBook

pytestmark = pytest.mark.timeout(300)


def _require_sandbox() -> None:
    ok, reason = sandbox.available()
    if not ok:
        unavailable(f"this machine cannot sandbox: {reason}")


def _run(cells, folder, course, **options):
    executor = ResilientExecute(timeout=20, **options)
    executor.config.CourseDirectory.root = str(course)
    nb = new_notebook(cells=[new_code_cell(c) for c in cells],
                      metadata={"kernelspec": {"name": "python3", "display_name": "Python 3"}})
    resources = nbgrader_resources()
    resources["metadata"] = {"path": str(folder)}
    try:
        notebook, _ = executor.preprocess(nb, resources)
    finally:
        kernel_pool.close_shared_pools()
    return notebook


def _text(cell) -> str:
    return "".join(o.get("text", "") for o in cell.outputs if o.output_type == "stream").strip()


@pytest.mark.parametrize("pooled", [False, True], ids=["plain", "pooled"])
def test_a_sandboxed_kernel_sees_its_folder_but_not_the_course_and_has_no_network(tmp_path, pooled):
    _require_sandbox()
    course = tmp_path / "course"
    folder = course / "autograded" / "ann" / "a1"
    folder.mkdir(parents=True)
    (folder / "data.csv").write_text("1,2\n")
    (course / "gradebook.db").write_text("SECRET GRADEBOOK")
    notebook = _run([
        "import os; print(os.getcwd() == %r, sorted(os.listdir('.')), os.getuid() != 0)" % str(folder),
        "print(os.path.exists(%r), os.path.exists('/root/.bashrc'))" % str(course / "gradebook.db"),
        "open('mine.txt', 'w').write('ok'); print(open('mine.txt').read())",
        "import socket\ntry:\n    socket.create_connection(('1.1.1.1', 53), timeout=2); print('online')\n"
        "except OSError as e:\n    print('offline')",
        "try:\n    open('/etc/planted', 'w'); print('wrote')\nexcept OSError:\n    print('read-only')",
    ], folder, course, prestart_kernels=pooled)
    assert [_text(c) for c in notebook.cells] == [
        "True ['data.csv'] True", "False False", "ok", "offline", "read-only"]
    assert not (folder / "mine.txt").exists(), "the kernel wrote into the grader's folder"


@pytest.mark.parametrize("fork", [True, False], ids=["forked", "launched"])
def test_no_secret_of_the_graders_environment_reaches_a_sandboxed_kernel(tmp_path, monkeypatch, fork):
    _require_sandbox()
    monkeypatch.setenv("RUNNING_COURSE_DB_URL", "postgresql://nbgrader:HUNTER2@db.example.org/course")
    monkeypatch.setenv("JUPYTERHUB_API_TOKEN", "HUNTER2-TOKEN")
    monkeypatch.setenv("AWS_SECRET_ACCESS_KEY", "HUNTER2-AWS")
    monkeypatch.setenv("RUNNING_COURSE_FORK_KERNELS", "1" if fork else "0")
    course = tmp_path / "course"
    folder = course / "autograded" / "ann" / "a1"
    folder.mkdir(parents=True)
    notebook = _run(["import os; print(sorted(os.environ.items()))",
                     "print(open('/proc/1/environ', 'rb').read().decode(errors='replace'))"], folder, course)
    seen = "\n".join(_text(c) + str(c.outputs) for c in notebook.cells)
    assert "HUNTER2" not in seen
    assert "NBGRADER_EXECUTION" in _text(notebook.cells[0]) or "PATH" in _text(notebook.cells[0])


def test_where_the_machine_cannot_sandbox_every_submission_is_flagged_and_it_is_said_once(tmp_path, monkeypatch,
                                                                                          capsys):
    monkeypatch.setattr(sandbox, "_availability", (False, "a test says so"))
    monkeypatch.setattr(sandbox, "_warned", False)
    course = tmp_path / "course"
    course.mkdir()
    for _ in range(2):
        _run(["print(1)"], tmp_path, course, sandbox="auto")
    assert [f.code for f in FlagBook(course).all("a1")] == ["unsandboxed"]
    assert capsys.readouterr().err.count("STUDENT CODE RUNS UNSANDBOXED") == 1


def test_a_required_sandbox_refuses_to_grade_without_it(tmp_path, monkeypatch):
    monkeypatch.setattr(sandbox, "_availability", (False, "a test says so"))
    with pytest.raises(RuntimeError, match="sandbox is required"):
        _run(["print(1)"], tmp_path, tmp_path, sandbox="require")


# --- a class with hostile students, graded by the course's batch entry point ---------------

@pytest.fixture(scope="module")
def listener():
    """A server on the grader's loopback that records whatever a submission sends it."""
    server = socket.socket()
    server.bind(("127.0.0.1", 0))
    server.listen()
    received: list[bytes] = []

    def serve():
        while True:
            try:
                connection, _ = server.accept()
            except OSError:
                return
            received.append(connection.recv(100))
            connection.close()

    threading.Thread(target=serve, daemon=True).start()
    yield server.getsockname()[1], received
    server.close()


@pytest.fixture(scope="module")
def hostile_class(tmp_path_factory, listener):
    _require_sandbox()
    port, received = listener
    course = copy_course(tmp_path_factory.mktemp("hostile") / "course")
    nbgrader(course, "generate_assignment", ASSIGNMENT)
    released = read_notebook(course / "release" / ASSIGNMENT / NOTEBOOK)
    source = read_notebook(course / "source" / ASSIGNMENT / NOTEBOOK)
    students = {"honest": solved(released, source)}
    for name in hostile.NAMES:
        students[name] = _insert_after(solved(released, source), "a02_q1_answer",
                                       hostile.code(name, str(course), port))
    for student, nb in students.items():
        folder = course / "submitted" / student / ASSIGNMENT
        folder.mkdir(parents=True)
        nbformat.write(nb, folder / NOTEBOOK)
        (folder / "timestamp.txt").write_text("2026-01-10 10:00:00.000000 UTC")
    before = {p: p.stat().st_mtime for p in course.rglob("*") if p.is_file()}
    started = time.perf_counter()
    batch = subprocess.run([sys.executable, "-m", "course_grading.batch", "autograde", ASSIGNMENT,
                            "--course", str(course), "--workers", "2"], capture_output=True, text=True, timeout=280)
    seconds = time.perf_counter() - started
    nbgrader(course, "generate_feedback", ASSIGNMENT)
    return course, batch, before, received, seconds, list(students)


def test_every_hostile_submission_is_graded_and_the_honest_one_scores_full_marks(hostile_class):
    course, batch, _, _, seconds, students = hostile_class
    assert batch.returncode == 0, batch.stdout + batch.stderr
    with Gradebook(f"sqlite:///{course / 'gradebook.db'}") as gradebook:
        scores = {s: gradebook.find_submission(ASSIGNMENT, s).code_score for s in students}
    assert scores["honest"] == FULL_MARKS
    # reading, deleting and connecting fail quietly in the sandbox: the rest is the model answer
    for student in ("reads_gradebook_and_source", "deletes_course_files", "opens_a_socket"):
        assert scores[student] == FULL_MARKS, (student, scores)
    flags = {f.student: f.code for f in FlagBook(course).all(ASSIGNMENT)}
    assert "fork_bomb" in flags or scores["fork_bomb"] == FULL_MARKS
    assert "unsandboxed" not in flags.values() and "grading-failed" not in flags.values()
    print(f"\nhostile class of {len(students)} graded in {seconds:.1f} s")


def _outputs(path) -> str:
    """What the student's code printed or raised in an autograded notebook (which, by design,
    also holds the hidden tests as cell sources: only the outputs could leak)."""
    nb = read_notebook(path)
    return nbformat.writes(nbformat.v4.new_notebook(cells=[
        new_code_cell(outputs=c.outputs) for c in nb.cells if c.cell_type == "code"]))


def test_nothing_secret_reaches_an_autograded_notebooks_outputs_or_feedback(hostile_class):
    course = hostile_class[0]
    secrets = secret_lines(code_solutions=False)
    for path in [*course.glob(f"autograded/*/{ASSIGNMENT}/*.ipynb"), *course.glob(f"feedback/*/{ASSIGNMENT}/*.html")]:
        text = _outputs(path) if path.suffix == ".ipynb" else path.read_text(errors="replace")
        assert "LEAKED" not in text and "SQLite format 3" not in text, path
        assert not leaks(text, secrets), (path, leaks(text, secrets)[:3])


def test_nothing_in_the_course_was_deleted_or_changed_by_student_code(hostile_class):
    course, _, before, _, _, _ = hostile_class
    missing = [p for p in before if not p.exists()]
    assert not missing
    changed = [p for p, mtime in before.items() if p.stat().st_mtime != mtime and p.name not in {"gradebook.db", "nbgrader.log"}]
    assert not changed
    assert not os.path.exists("/tmp/planted-by-a-student")


def test_no_submission_reached_the_network(hostile_class):
    assert hostile_class[3] == []
    autograded = read_notebook(next(hostile_class[0].glob(f"autograded/opens_a_socket/{ASSIGNMENT}/*.ipynb")))
    outputs = "".join(_text(c) for c in autograded.cells if c.cell_type == "code")
    assert "connected" not in outputs and outputs.count("refused") == 2


def test_the_course_packages_a_notebook_imports_are_put_back_even_from_an_editable_checkout():
    """An editable install imports widgets from the checkout, which may lie in a hidden folder (/tmp)."""
    import importlib.util
    import os

    from course_grading.execute.sandbox import _python_folders

    kept = _python_folders()
    for name in ("widgets", "exercises_media"):
        folder = os.path.realpath(importlib.util.find_spec(name).submodule_search_locations[0])
        assert any(folder == k or folder.startswith(k + os.sep) for k in kept), (name, kept)


def test_every_top_level_folder_but_the_operating_systems_is_hidden():
    """An allow-list: another copy of the course (say /work/other/course) is hidden too."""
    import os

    from course_grading.execute.sandbox import SYSTEM_FOLDERS, _always_hidden

    hidden = _always_hidden(None, [])
    for name in os.listdir("/"):
        path = os.path.join("/", name)
        if not os.path.islink(path):
            assert (path in hidden) == (name not in SYSTEM_FOLDERS), path
