"""The kernel pool of the batch entry point: a fresh kernel per notebook, every kernel stopped."""

from __future__ import annotations

import os

import pytest
from nbformat.v4 import new_code_cell, new_notebook

from course_grading.execute import kernel_pool
from course_grading.execute.execution import ResilientExecute
from course_grading.execute.kernel_pool import KernelPool

pytestmark = pytest.mark.timeout(120)


def _pid(km) -> int:
    return km.provisioner.process.pid


def _gone(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return True
    return False


@pytest.fixture
def pool(tmp_path):
    pool = KernelPool("python3", ["--HistoryManager.hist_file=:memory:"], tmp_path)
    yield pool
    pool.close()


def test_each_kernel_is_handed_out_once_and_the_next_is_already_starting(pool):
    first = pool.take()
    second = pool.take()
    assert _pid(first) != _pid(second)
    assert len(pool._booting) == 1 and _pid(pool._booting[0]) not in {_pid(first), _pid(second)}
    pool.retire(first)
    pool.retire(second)


def test_closing_the_pool_stops_used_and_unused_kernels(pool):
    used = pool.take()
    pids = [_pid(used), _pid(pool._booting[0])]
    pool.retire(used)
    pool.close()
    assert all(_gone(pid) for pid in pids)


def _run_pooled(cells, folder, **options):
    executor = ResilientExecute(prestart_kernels=True, timeout=30, **options)
    try:
        notebook, _ = executor.preprocess(new_notebook(cells=[new_code_cell(c) for c in cells],
                                                       metadata={"kernelspec": {"name": "python3", "display_name": "Python 3"}}),
                                          {"metadata": {"path": str(folder)}})
    finally:
        kernel_pool.close_shared_pools()
    return notebook


def _text(cell) -> str:
    return "".join(o.get("text", "") for o in cell.outputs if o.output_type == "stream").strip()


def test_a_pooled_kernel_runs_the_notebook_in_its_folder_and_leaves_no_name_behind(tmp_path):
    notebook = _run_pooled(["import os as _o; print(_o.getcwd())", "print('os' in globals())"], tmp_path)
    assert [_text(c) for c in notebook.cells] == [str(tmp_path), "False"]


def test_a_kernel_restarted_after_os_exit_is_back_in_the_notebooks_folder(tmp_path):
    notebook = _run_pooled(["import os; os._exit(1)", "import os; print(os.getcwd())"], tmp_path)
    assert notebook.cells[0].outputs[-1].ename == "KernelDied"
    assert _text(notebook.cells[1]) == str(tmp_path)


def test_a_pooled_kernel_keeps_the_memory_cap(tmp_path):
    notebook = _run_pooled(["bytearray(3 * 1024**3)"], tmp_path, memory_limit_mib=1024)
    assert [o.ename for o in notebook.cells[0].outputs if o.output_type == "error"] == ["MemoryError"]
