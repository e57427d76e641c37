"""Running a submission's code so that no single notebook can stop the batch.

``ResilientExecute`` replaces nbgrader's ``Execute`` in ``Autograde.autograde_preprocessors``:

- the grading kernel's address space is capped (``memory_limit_mib``) as it starts, so a
  memory-hungry cell gets a ``MemoryError`` instead of exhausting the machine;
- when the kernel dies (``os._exit``, a crash), the cell gets an error output, a fresh kernel
  is started, the cells before it are run again silently and grading goes on: the killing
  cell counts as a cell that raised, instead of the whole submission failing;
- every cell that timed out, hit the memory cap, called ``input()`` or ``sys.exit()`` is
  flagged for the instructor;
- with ``prestart_kernels`` (the batch entry point turns it on) each submission gets a fresh
  kernel that ``kernel_pool`` started while the previous submission ran;
- with ``fork_kernels`` (on unless ``RUNNING_COURSE_FORK_KERNELS=0``) kernels are forked from a
  zygote that imported the kernel's modules once (``zygote.py``), sandboxed exactly as launched ones;
- with ``sandbox`` (``"auto"``, the default) every kernel runs in ``sandbox.py``'s sandbox: its
  own unprivileged uid, no network, the course folder hidden, a private working copy, bounded
  CPU, memory and processes. Where the machine cannot sandbox, ``"auto"`` warns once, loudly,
  and flags every submission ``unsandboxed``; ``"require"`` refuses to grade; ``"off"`` runs
  kernels with the grader's rights without a flag (the instructor's explicit choice).
"""

from __future__ import annotations

import copy
import os

from jupyter_core.utils import run_sync
from nbclient.exceptions import CellTimeoutError, DeadKernelError
from nbformat import NotebookNode
from nbgrader.preprocessors import Execute
from traitlets import Bool, CaselessStrEnum, Integer, List, Unicode

from ..coursedir import course_root
from ..record.flags import record_from_resources
from . import kernel_pool, sandbox, zygote

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

    prestart_kernels = Bool(
        False, help="Take each submission's fresh kernel from a pool that starts the next one ahead of time."
    ).tag(config=True)

    sandbox = CaselessStrEnum(
        ["auto", "require", "off"], default_value=os.environ.get("RUNNING_COURSE_SANDBOX", "auto").lower(),
        help="Run student code in the grading sandbox: 'auto' (where the machine allows it; otherwise "
             "warn once and flag every submission 'unsandboxed'), 'require' (refuse to grade without it) "
             "or 'off'. The environment variable RUNNING_COURSE_SANDBOX sets the default.",
    ).tag(config=True)

    fork_kernels = Bool(
        zygote.enabled_by_default(),
        help="Fork each grading kernel from a zygote that has already imported ipykernel, numpy, matplotlib "
             "and the course's package (zygote.py), sandboxed the same way, instead of launching a fresh "
             "Python. The environment variable RUNNING_COURSE_FORK_KERNELS=0 sets the default to the old path.",
    ).tag(config=True)

    sandbox_cpu_seconds = Integer(120, help="CPU seconds a sandboxed kernel may use in all.").tag(config=True)
    sandbox_processes = Integer(64, help="Processes and threads a sandboxed kernel may run at once.").tag(config=True)
    sandbox_file_mib = Integer(64, help="Largest file (MiB) a sandboxed kernel may write.").tag(config=True)
    sandbox_hidden_paths = List(Unicode(), help="More files or folders to hide from student code "
                                                "(the course folder, homes, /srv and /tmp always are).").tag(config=True)

    _pool: kernel_pool.KernelPool | None = None  # set while a pooled kernel runs a notebook
    _manager_classes: dict = {}

    def sandbox_manager_class(self):
        """The kernel manager class that sandboxes kernels, or None when grading unsandboxed."""
        if self.sandbox == "off":
            return None
        ok, reason = sandbox.available()
        if not ok:
            if self.sandbox == "require":
                raise RuntimeError(f"the grading sandbox is required but not available: {reason}")
            sandbox.warn_unsandboxed(reason, self.log)
            return None
        policy = sandbox.Policy(sandbox.Limits(memory_mib=self.memory_limit_mib, cpu_seconds=self.sandbox_cpu_seconds,
                                               processes=self.sandbox_processes, file_mib=self.sandbox_file_mib),
                                hidden=list(self.sandbox_hidden_paths))
        key = (repr(policy), course_root(self), self.fork_kernels)
        if key not in ResilientExecute._manager_classes:
            ResilientExecute._manager_classes[key] = sandbox.manager_class(policy, course_root(self),
                                                                           fork=self.fork_kernels)
        return ResilientExecute._manager_classes[key]

    def preprocess(self, nb, resources=None, km=None):
        self._flag_resources = resources
        self._pool = None
        manager_class = self.sandbox_manager_class() if km is None else None
        if manager_class is None and km is None and self.fork_kernels:
            manager_class = zygote.ForkKernelManager  # unsandboxed, but forked all the same
            if self.sandbox == "auto":
                self._record(resources, "unsandboxed", sandbox.available()[1])
        elif manager_class is None and km is None and self.sandbox == "auto":
            self._record(resources, "unsandboxed", sandbox.available()[1])
        if manager_class is not None:
            self.kernel_manager_class = manager_class
        if km is None and self.prestart_kernels:
            kernel_name = self.kernel_name or nb.metadata.get("kernelspec", {}).get("name") or "python3"
            self._pool = kernel_pool.shared_pool(kernel_name, self.kernel_arguments(), course_root(self),
                                                 self.config, log=self.log,
                                                 manager_class=manager_class or kernel_pool.AsyncKernelManager)
            km = self._pool.take()
        try:
            return super().preprocess(nb, resources, km=km)
        finally:
            if self._pool is not None:
                if self.kc is not None:
                    self.kc.stop_channels()
                    self.kc = None
                self._pool.retire(km)

    def kernel_arguments(self) -> list[str]:
        """The kernel's start arguments: nbclient's in-memory history and the memory cap."""
        arguments = list(self.extra_arguments)
        if self.ipython_hist_file and not any(a.startswith("--HistoryManager.hist_file") for a in arguments):
            arguments.append(f"--HistoryManager.hist_file={self.ipython_hist_file}")
        if self.memory_limit_mib > 0 and not any("RLIMIT_AS" in a for a in arguments):
            arguments.append(memory_limit_argument(self.memory_limit_mib))
        return arguments

    async def async_start_new_kernel(self, **kwargs):
        self.extra_arguments = self.kernel_arguments()
        return await super().async_start_new_kernel(**kwargs)

    start_new_kernel = run_sync(async_start_new_kernel)

    async def async_start_new_kernel_client(self):
        kc = await super().async_start_new_kernel_client()
        if self._pool is not None:
            await self._enter_notebook_folder()
        return kc

    start_new_kernel_client = run_sync(async_start_new_kernel_client)

    async def _enter_notebook_folder(self) -> None:
        """Move a pooled kernel (booted elsewhere) into the notebook's folder, silently."""
        folder = self.resources.get("metadata", {}).get("path") or "."
        if hasattr(self.km, "load_folder"):  # sandboxed: the kernel gets a private copy of the folder
            folder = self.km.load_folder(os.path.abspath(folder))
        msg_id = self.kc.execute(kernel_pool.enter_folder_code(os.path.abspath(folder)),
                                 silent=True, store_history=False)
        reply = await self.async_wait_for_reply(msg_id)
        if reply is None or reply["content"]["status"] != "ok":
            raise RuntimeError(f"the grading kernel could not enter {folder}")

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
            record_from_resources(self, resources, code, message)

    def _restart_and_replay(self, failed_index: int) -> None:
        """Start a fresh kernel and rerun, silently, the code cells before ``failed_index``."""
        self._restart_kernel()
        for index in range(failed_index):
            cell = self.nb.cells[index]
            if cell.cell_type != "code" or any(o.get("ename") == "KernelDied" for o in cell.get("outputs", [])):
                continue
            try:
                self.execute_cell(copy.deepcopy(cell), index, store_history=False)
            except DeadKernelError:  # the replay itself killed it again: give up on the replay
                self._restart_kernel()
                return

    def _restart_kernel(self) -> None:
        """A fresh kernel in place of a dead one, in the notebook's folder like the first."""
        run_sync(self.km.restart_kernel)(now=True)
        run_sync(self.kc.wait_for_ready)(timeout=self.startup_timeout)
        if self._pool is not None:  # a restart boots where the pool started the kernel
            run_sync(self._enter_notebook_folder)()
