"""Running a submission's code so that no single notebook can stop the batch.

``ResilientExecute`` replaces nbgrader's ``Execute`` in ``Autograde.autograde_preprocessors``:

- the grading kernel's address space is capped (``memory_limit_mib``) as it starts, so a
  memory-hungry cell gets a ``MemoryError`` instead of exhausting the machine;
- when the kernel dies (``os._exit``, a crash), the cell gets an error output, a fresh kernel
  is started, the cells before it are run again silently and grading goes on: the killing
  cell counts as a cell that raised, instead of the whole submission failing;
- every cell that timed out, hit the memory cap, called ``input()`` or ``sys.exit()`` is
  flagged for the instructor.
"""

from __future__ import annotations

import copy

from jupyter_core.utils import run_sync
from nbclient.exceptions import CellTimeoutError, DeadKernelError
from nbformat import NotebookNode
from nbgrader.preprocessors import Execute
from traitlets import Integer

from .flags import record_from_resources

# error name in a cell's output -> flag code
_FLAGGED_ERRORS = {
    "CellTimeoutError": "cell-timeout",
    "MemoryError": "memory-limit",
    "StdinNotImplementedError": "input-call",
    "SystemExit": "sys-exit",
}


def memory_limit_argument(limit_mib: int) -> str:
    """The IPython kernel option that caps the kernel's address space as it starts."""
    limit_bytes = int(limit_mib) * 1024 * 1024
    return ("--IPKernelApp.exec_lines=import resource as _grading_rlimit; "
            f"_grading_rlimit.setrlimit(_grading_rlimit.RLIMIT_AS, ({limit_bytes}, {limit_bytes})); "
            "del _grading_rlimit")


def _cell_label(cell, index: int) -> str:
    grade_id = cell.get("metadata", {}).get("nbgrader", {}).get("grade_id")
    return f"cell {index} ({grade_id})" if grade_id else f"cell {index}"


class ResilientExecute(Execute):
    """nbgrader's Execute with a memory cap, recovery from a dead kernel, and flags."""

    memory_limit_mib = Integer(
        2048, help="Largest address space (MiB) a grading kernel may use; 0 means no cap."
    ).tag(config=True)

    def preprocess(self, nb, resources=None, km=None):
        self._flag_resources = resources
        return super().preprocess(nb, resources, km=km)

    async def async_start_new_kernel(self, **kwargs):
        if self.memory_limit_mib > 0 and not any("RLIMIT_AS" in arg for arg in self.extra_arguments):
            self.extra_arguments = [*self.extra_arguments, memory_limit_argument(self.memory_limit_mib)]
        return await super().async_start_new_kernel(**kwargs)

    start_new_kernel = run_sync(async_start_new_kernel)

    def preprocess_cell(self, cell, resources, index):
        try:
            cell, resources = super().preprocess_cell(cell, resources, index)
        except DeadKernelError:
            self._record(resources, "kernel-died", f"{_cell_label(cell, index)}: the kernel stopped")
            cell.outputs.append(NotebookNode(
                output_type="error", ename="KernelDied",
                evalue="the kernel stopped while running this cell (os._exit, a crash or memory)",
                traceback=["KernelDied: the kernel stopped while running this cell; "
                           "grading restarted it and went on with the next cell"]))
            self._restart_and_replay(index)
            resources = self.resources
        except CellTimeoutError as error:  # outputs did not arrive in time (iopub timeout)
            cell.outputs.append(NotebookNode(
                output_type="error", ename="CellTimeoutError", evalue=str(error).splitlines()[0],
                traceback=[f"CellTimeoutError: {str(error).splitlines()[0]}"]))
            run_sync(self.km.interrupt_kernel)()
            resources = self.resources
        for output in cell.get("outputs", []):
            code = _FLAGGED_ERRORS.get(output.get("ename")) if output.get("output_type") == "error" else None
            if code:
                self._record(resources, code, _cell_label(cell, index))
        return cell, resources

    def _record(self, resources, code: str, message: str) -> None:
        resources = resources if resources and "nbgrader" in resources else self._flag_resources
        if resources and "nbgrader" in resources:
            record_from_resources(resources, code, message)

    def _restart_and_replay(self, failed_index: int) -> None:
        """Start a fresh kernel and rerun, silently, the code cells before ``failed_index``."""
        run_sync(self.km.restart_kernel)(now=True)
        run_sync(self.kc.wait_for_ready)(timeout=self.startup_timeout)
        for index in range(failed_index):
            cell = self.nb.cells[index]
            if cell.cell_type != "code" or any(o.get("ename") == "KernelDied" for o in cell.get("outputs", [])):
                continue
            try:
                self.execute_cell(copy.deepcopy(cell), index, store_history=False)
            except DeadKernelError:  # the replay itself killed it again: give up on the replay
                run_sync(self.km.restart_kernel)(now=True)
                run_sync(self.kc.wait_for_ready)(timeout=self.startup_timeout)
                return
