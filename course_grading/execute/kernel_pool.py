"""Fresh grading kernels started ahead of need, so no submission waits for one to boot.

Starting a kernel takes most of a second of wall-clock time, most of it spent before the
kernel can run any code. ``KernelPool`` starts the next kernel while the current submission
runs and retires used kernels without waiting for them to exit. A kernel is handed out once:
every submission gets a kernel that never ran anyone else's code, and every kernel handed
out is shut down.

Kernels boot in a neutral folder (they cannot boot in the submission's folder: nbgrader
creates that folder only when it grades the submission); ``enter_folder_code`` is the silent
line the executor runs first to move the kernel into the notebook's folder.
"""

from __future__ import annotations

import atexit
import logging

from jupyter_client.manager import AsyncKernelManager
from jupyter_core.utils import run_sync

# The pool runs in a plain (synchronous) worker; nbclient wants the async manager.
_start = run_sync(AsyncKernelManager.start_kernel)
_request_shutdown = run_sync(AsyncKernelManager.request_shutdown)
_finish_shutdown = run_sync(AsyncKernelManager.finish_shutdown)
_shutdown = run_sync(AsyncKernelManager.shutdown_kernel)
_is_alive = run_sync(AsyncKernelManager.is_alive)


def _cleanup(km: AsyncKernelManager) -> None:
    """Remove a stopped kernel's files (through the manager's own class: a sandbox's too)."""
    run_sync(km._async_cleanup_resources)()


def enter_folder_code(folder: str) -> str:
    """Code that moves a kernel into ``folder`` and leaves no name in the user's namespace."""
    return f"__import__('os').chdir({str(folder)!r})"


class KernelPool:
    """Hands out fresh, already started kernels of one kind; shuts each down after use."""

    def __init__(self, kernel_name: str, arguments: list[str], boot_folder: str, config=None, ahead: int = 1,
                 log: logging.Logger | None = None, manager_class: type[AsyncKernelManager] = AsyncKernelManager) -> None:
        self.kernel_name = kernel_name
        self.manager_class = manager_class
        self.log = log or logging.getLogger(__name__)
        self.arguments = list(arguments)
        self.boot_folder = str(boot_folder)
        self.config = config
        self.ahead = ahead
        self._booting: list[AsyncKernelManager] = []  # started, never handed out
        self._retiring: list[AsyncKernelManager] = []  # used, asked to shut down

    def _start_one(self) -> AsyncKernelManager:
        km = self.manager_class(kernel_name=self.kernel_name, config=self.config)
        # a sandboxed kernel boots in its own empty working copy (sandbox.SandboxKernelManager)
        _start(km, extra_arguments=self.arguments, cwd=None if hasattr(km, "load_folder") else self.boot_folder)
        return km

    def take(self) -> AsyncKernelManager:
        """A started kernel nobody has used; the next one starts booting at once."""
        self._reap()
        km = self._booting.pop(0) if self._booting else self._start_one()
        while len(self._booting) < self.ahead:
            self._booting.append(self._start_one())
        return km

    def retire(self, km: AsyncKernelManager) -> None:
        """Ask a used kernel to shut down; it is reaped later, without waiting for it now."""
        try:
            if _is_alive(km):
                _request_shutdown(km)
                self._retiring.append(km)
                return
        except Exception as error:  # a kernel that cannot take the request is killed instead
            self.log.warning("Killing grading kernel %s: it refused a shutdown request (%s: %s)",
                             km.kernel_id, type(error).__name__, error)
            _shutdown(km, now=True)
        _cleanup(km)

    def _reap(self) -> None:
        still_running = []
        for km in self._retiring:
            if _is_alive(km):
                still_running.append(km)
            else:
                _cleanup(km)
        self._retiring = still_running

    def close(self) -> None:
        """Stop every kernel: the retiring ones after a short grace, the unused ones at once."""
        for km in self._retiring:
            _finish_shutdown(km, waittime=5)
            _cleanup(km)
        for km in self._booting:
            _shutdown(km, now=True)
        self._retiring, self._booting = [], []


_pools: dict[tuple, KernelPool] = {}


def shared_pool(kernel_name: str, arguments: list[str], boot_folder: str, config=None,
                log: logging.Logger | None = None,
                manager_class: type[AsyncKernelManager] = AsyncKernelManager) -> KernelPool:
    """This process's pool for one kind of kernel (a name and its start arguments).

    ``boot_folder`` is where new kernels start (the course root); each moves into its
    notebook's folder before running anything. ``manager_class`` makes the kernels (the
    sandbox's manager, see ``sandbox.py``); pools of different classes are kept apart.
    """
    key = (kernel_name, tuple(arguments), manager_class.__name__)
    if key not in _pools:
        _pools[key] = KernelPool(kernel_name, arguments, str(boot_folder), config, log=log,
                                 manager_class=manager_class)
    return _pools[key]


def close_shared_pools() -> None:
    """Stop every kernel of this process's pools (``multiprocessing`` workers skip atexit)."""
    while _pools:
        _pools.popitem()[1].close()
    from . import zygote  # the fork server outlives its kernels, not the pools
    zygote.close_zygotes()


atexit.register(close_shared_pools)
