"""course_grading.execute.zygote: grading kernels forked from a server that imported their world once.

The sandboxed cases need root and namespaces; a skip there turns into a failure when ``CI`` or
``REQUIRE_BROWSER`` is set (DESIGN.md §7), as in test_sandbox.py.
"""

from __future__ import annotations

import os

import pytest
from nbformat.v4 import new_code_cell, new_notebook
from support.capability import unavailable

from course_grading.execute import kernel_pool, sandbox, zygote
from course_grading.execute.execution import ResilientExecute

pytestmark = pytest.mark.timeout(300)


def _require_sandbox() -> None:
    ok, reason = sandbox.available()
    if not ok:
        unavailable(f"this machine cannot sandbox: {reason}")


def _run(cells, folder, course=None, close=True, **options):
    executor = ResilientExecute(timeout=2, interrupt_on_timeout=True, **options)  # short: cells that time out
    if course is not None:
        executor.config.CourseDirectory.root = str(course)
    notebook = new_notebook(cells=[new_code_cell(c) for c in cells],
                            metadata={"kernelspec": {"name": "python3", "display_name": "Python 3"}})
    try:
        notebook, _ = executor.preprocess(notebook, {"metadata": {"path": str(folder)}})
    finally:
        if close:
            kernel_pool.close_shared_pools()
    return notebook, executor


def _text(cell) -> str:
    return "".join(o.get("text", "") for o in cell.outputs if o.output_type == "stream").strip()


def _errors(cell) -> list[str]:
    return [o.ename for o in cell.outputs if o.output_type == "error"]


def test_forking_is_on_unless_the_environment_turns_it_off(monkeypatch):
    monkeypatch.delenv("RUNNING_COURSE_FORK_KERNELS", raising=False)
    assert zygote.enabled_by_default()
    for off in ("0", "off", "false"):
        monkeypatch.setenv("RUNNING_COURSE_FORK_KERNELS", off)
        assert not zygote.enabled_by_default()


def test_an_unsandboxed_forked_kernel_is_a_child_of_the_zygote_in_the_notebooks_folder(tmp_path):
    try:
        notebook, executor = _run(["import os; print(os.getcwd()); print(os.getppid())",
                                   "import sys; print('numpy' in sys.modules, 'widgets.mechanics' in sys.modules)"],
                                  tmp_path, close=False, sandbox="off", fork_kernels=True)
        assert executor.kernel_manager_class is zygote.ForkKernelManager
        assert _text(notebook.cells[0]).splitlines() == [str(tmp_path), str(zygote.zygote().pid)]
        assert _text(notebook.cells[1]) == "True True"  # preloaded: the notebook's imports cost nothing
    finally:
        kernel_pool.close_shared_pools()


def test_the_old_launch_path_stays_behind_the_switch(tmp_path):
    notebook, executor = _run(["import os; print(os.getcwd())"], tmp_path, sandbox="off", fork_kernels=False)
    assert _text(notebook.cells[0]) == str(tmp_path)
    assert executor.kernel_manager_class is not zygote.ForkKernelManager


def test_every_forked_kernel_draws_its_own_random_numbers(tmp_path):
    draws = []
    for _ in range(2):
        notebook, _ = _run(["import numpy, random; print(numpy.random.randint(10**9), random.randint(0, 10**9))"],
                           tmp_path, sandbox="off", fork_kernels=True)
        draws.append(_text(notebook.cells[0]).split())
    assert draws[0][0] != draws[1][0] and draws[0][1] != draws[1][1]


@pytest.mark.parametrize("pooled", [False, True], ids=["plain", "pooled"])
def test_a_forked_kernel_is_interrupted_on_timeout_and_restarted_after_os_exit(tmp_path, pooled):
    notebook, _ = _run(["import time; time.sleep(60)", "print('next')", "import os; os._exit(3)",
                        "import os; print('back in', os.getcwd())"],
                       tmp_path, sandbox="off", fork_kernels=True, prestart_kernels=pooled)
    assert "CellTimeoutError" in _errors(notebook.cells[0])
    assert _text(notebook.cells[1]) == "next"
    assert _errors(notebook.cells[2]) == ["KernelDied"]
    assert _text(notebook.cells[3]) == f"back in {tmp_path}"


def test_closing_the_pools_stops_the_zygote_and_every_kernel_it_forked(tmp_path):
    try:
        notebook, _ = _run(["import os; print(os.getpid())"], tmp_path, close=False, sandbox="off",
                           fork_kernels=True, prestart_kernels=True)
        server = zygote.zygote()
        kernels = [int(_text(notebook.cells[0]))]  # the used kernel, and the one booted ahead
        kernels += [km.provisioner.pid for pool in kernel_pool._pools.values() for km in pool._booting]
        assert len(kernels) == 2
    finally:
        kernel_pool.close_shared_pools()
    assert server.process.poll() is not None
    for pid in [server.pid, *kernels]:
        assert not os.path.exists(f"/proc/{pid}") or _state(pid) == "Z"


def _state(pid: int) -> str:
    with open(f"/proc/{pid}/stat") as handle:
        return handle.read().rsplit(")", 1)[1].split()[0]


CHECKS = ["import os; print(os.getcwd(), os.getuid() >= sandbox_uid_base, os.getpid())",
          "print(open('data.txt').read())",
          "import socket\ntry:\n    socket.create_connection(('192.0.2.1', 80), timeout=2)\n"
          "except OSError:\n    print('no network')",
          "print(os.path.exists(course), [name[:11] for name in sorted(os.listdir('/tmp'))])",
          "import subprocess; print(subprocess.run(['id', '-G'], capture_output=True, text=True).stdout)",
          "print(open('/proc/self/status').read().split('NoNewPrivs:')[1].split()[0])",
          "import resource; print(resource.getrlimit(resource.RLIMIT_NPROC), resource.getrlimit(resource.RLIMIT_CPU))",
          "import matplotlib; print(matplotlib.get_backend())",
          "import time; time.sleep(60)",
          "os._exit(1)",
          "print(os.getcwd(), os.getpid())"]


def test_a_forked_sandboxed_kernel_behaves_exactly_like_a_launched_one(tmp_path):
    _require_sandbox()
    course = tmp_path / "course"
    course.mkdir()
    (course / "gradebook.db").write_text("secret")
    folder = tmp_path / "submission"
    folder.mkdir()
    (folder / "data.txt").write_text("the student's data")
    prelude = f"sandbox_uid_base = {sandbox.UID_BASE}; course = {str(course)!r}\n"
    outputs = {}
    for way, fork, pooled in (("launched", False, False), ("forked", True, False), ("forked, pooled", True, True)):
        notebook, _ = _run([prelude + CHECKS[0], *CHECKS[1:]], folder, course, fork_kernels=fork,
                           prestart_kernels=pooled)
        outputs[way] = [(_text(c), _errors(c)) for c in notebook.cells]
    assert outputs["forked"] == outputs["launched"]
    assert outputs["forked, pooled"] == outputs["launched"]
    forked = outputs["forked"]
    first = forked[0][0].split()
    assert first == [str(folder), "True", "1"]  # its folder, its own uid, PID 1 of its namespace
    assert forked[2][0] == "no network"
    assert forked[3][0].startswith("False")  # the course is hidden
    assert forked[5][0] == "1"  # no_new_privs
    assert "CellTimeoutError" in forked[8][1] and forked[9][1] == ["KernelDied"]
    assert forked[10][0] == f"{folder} 1"
