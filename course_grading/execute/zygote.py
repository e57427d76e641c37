"""Forked grading kernels: a fork server ("zygote") that has already imported the kernel's world.

Starting a grading kernel the ordinary way costs about a CPU second: a fresh Python imports
ipykernel and IPython, then the notebook imports numpy, matplotlib and the course's package.
A class of 200 pays that 200 times. Instead each grading process starts one zygote: a Python
that imports all of it once, holds no threads, and forks a child per kernel. The child

- sandboxed (the grader is root): makes the namespaces of ``sandbox.UNSHARE`` itself
  (``unshare(2)``: mounts, network, IPC, UTS, PIDs; mounts made private; the kernel is PID 1 of
  its PID namespace with a fresh ``/proc``; the outer child waits for it and takes it down
  when killed, as ``unshare --fork --kill-child`` does) and then applies exactly the sandbox of
  ``sandbox._launch`` (``sandbox._enter``: the same mounts, limits, groups, uid, no_new_privs,
  environment and folder);
- unsandboxed: starts a session in the kernel's folder with the kernel's environment;

and then runs ``IPKernelApp`` in-process on its connection file. numpy's global random state
is reseeded in every child (it would otherwise be the same in every kernel).

``ForkProvisioner`` puts such a child behind jupyter_client's ``LocalProvisioner`` (poll, wait,
signals, kill on its pid; the zygote reaps its children and answers ``poll``); restarts and
interrupts work as with a launched kernel. ``ResilientExecute.fork_kernels`` (default: the
environment variable ``RUNNING_COURSE_FORK_KERNELS``, on unless ``0``) switches between this
and the old launch path.

This file is also the zygote's program (``python zygote.py``): that part, at the top, uses
the standard library and ``sandbox.py``'s launcher only until it preloads the kernel's modules.
"""

from __future__ import annotations

import ctypes
import json
import os
import sys

_CLONE_NEWNS, _CLONE_NEWUTS, _CLONE_NEWIPC, _CLONE_NEWPID, _CLONE_NEWNET = (
    0x00020000, 0x04000000, 0x08000000, 0x20000000, 0x40000000)
_MS_NOSUID, _MS_NODEV, _MS_NOEXEC, _MS_REC, _MS_PRIVATE = 2, 4, 8, 16384, 1 << 18
_PR_SET_PDEATHSIG = 1

#: Modules the zygote imports once: the kernel itself, and what the course's notebooks import.
PRELOAD = ("ipykernel.kernelapp", "ipykernel.ipkernel", "IPython", "numpy", "matplotlib", "matplotlib.pyplot",
           "matplotlib_inline.backend_inline", "widgets", "widgets.mechanics", "widgets.grading.answers",
           "widgets.explorers.hip_extension")


# --- the zygote: a single-threaded server on its stdin/stdout --------------------------------

def _serve() -> None:  # pragma: no cover - runs in the zygote process (tested through kernels)
    if sys.path and os.path.realpath(sys.path[0]) == os.path.dirname(os.path.realpath(__file__)):
        del sys.path[0]  # like ipykernel_launcher: the program's own folder is not on the kernel's path
    for name in ("OPENBLAS_NUM_THREADS", "OMP_NUM_THREADS", "MKL_NUM_THREADS"):  # no BLAS threads before fork
        os.environ.setdefault(name, "1")
    os.environ.setdefault("MPLBACKEND", "module://matplotlib_inline.backend_inline")  # what ipykernel sets
    import importlib
    import importlib.util

    here = os.path.dirname(os.path.abspath(__file__))
    spec = importlib.util.spec_from_file_location("_rtc_sandbox_launcher", os.path.join(here, "sandbox.py"))
    launcher = sys.modules["_rtc_sandbox_launcher"] = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(launcher)
    extra = [n for n in os.environ.get("RUNNING_COURSE_ZYGOTE_PRELOAD", "").split(",") if n]
    for name in (*PRELOAD, *extra):
        try:
            importlib.import_module(name)
        except Exception as error:  # a kernel imports what is missing itself
            print(f"zygote: could not preload {name}: {error}", file=sys.stderr, flush=True)
    if "widgets" in sys.modules:  # the lazy public API the notebooks use
        getattr(sys.modules["widgets"], "HipExtensionExplorer", None)
    requests, replies = os.fdopen(0, "rb", buffering=0), os.fdopen(1, "wb", buffering=0)
    reader = _lines(requests)
    exits: dict[int, int] = {}

    def reply(value) -> None:
        replies.write(json.dumps(value).encode() + b"\n")

    def reap() -> None:
        while True:
            try:
                pid, status = os.waitpid(-1, os.WNOHANG)
            except ChildProcessError:
                return
            if pid == 0:
                return
            exits[pid] = os.waitstatus_to_exitcode(status)

    reply({"ready": os.getpid(), "threads": _threads()})
    for line in reader:
        request = json.loads(line)
        op = request["op"]
        reap()
        if op == "spawn":
            threads = _threads()
            if threads != 1:
                reply({"error": f"the zygote runs {threads} threads; it forks only with one"})
                continue
            pid = os.fork()
            if pid == 0:
                _child(request, launcher)  # never returns
            reply({"pid": pid})
        elif op == "poll":
            pid = request["pid"]
            if pid in exits:
                reply({"status": exits[pid]})
            else:
                reply({"status": None if os.path.exists(f"/proc/{pid}") else -9})
        elif op == "quit":
            reply({"bye": True})
            return


def _lines(stream):
    buffer = b""
    while True:
        chunk = stream.read(65536)
        if not chunk:
            return
        buffer += chunk
        while b"\n" in buffer:
            line, buffer = buffer.split(b"\n", 1)
            yield line


def _threads() -> int:
    try:
        return len(os.listdir("/proc/self/task"))
    except OSError:
        import threading
        return threading.active_count()


def _child(request: dict, launcher) -> None:  # pragma: no cover - runs in a forked child
    """The forked child: sandbox (or not), then become the kernel. Exits, never returns."""
    code = 1
    try:
        devnull = os.open(os.devnull, os.O_RDONLY)
        os.dup2(devnull, 0)
        os.dup2(2, 1)  # the kernel's own stdout and stderr go where the grader's stderr goes
        os.close(devnull)
        os.setsid()
        env = dict(request["env"])
        if request.get("spec"):
            libc = launcher._libc()
            libc.unshare.argtypes = [ctypes.c_int]
            if libc.unshare(_CLONE_NEWNS | _CLONE_NEWNET | _CLONE_NEWIPC | _CLONE_NEWUTS | _CLONE_NEWPID) != 0:
                raise OSError(ctypes.get_errno(), "unshare")
            launcher._mount(libc, None, "/", None, _MS_REC | _MS_PRIVATE)
            kernel = os.fork()
            if kernel == 0:  # PID 1 of the new PID namespace
                if libc.prctl(_PR_SET_PDEATHSIG, 9, 0, 0, 0) != 0:
                    raise OSError(ctypes.get_errno(), "prctl(pdeathsig)")
                launcher._mount(libc, "proc", "/proc", "proc", _MS_NOSUID | _MS_NODEV | _MS_NOEXEC)
                os.environ.clear()
                os.environ.update(env)
                env = launcher._enter(request["spec"])
                _run_kernel(request["argv"], env)
            import signal
            signal.signal(signal.SIGINT, signal.SIG_IGN)  # an interrupt is for the kernel
            signal.signal(signal.SIGTERM, signal.SIG_DFL)  # dying takes the kernel down (pdeathsig)
            _, status = os.waitpid(kernel, 0)
            code = os.waitstatus_to_exitcode(status)
            code = code if code >= 0 else 128 - code
        else:
            os.chdir(request.get("cwd") or os.getcwd())
            env.setdefault("PWD", os.getcwd())
            _run_kernel(request["argv"], env)
    except BaseException as error:  # noqa: BLE001 - report, then exit: never return into the server
        try:
            print(f"forked grading kernel failed: {type(error).__name__}: {error}", file=sys.stderr, flush=True)
        except BaseException:  # noqa: BLE001
            pass
    finally:
        os._exit(code)


def _run_kernel(argv: list[str], env: dict) -> None:  # pragma: no cover - runs in a forked child
    """Run the kernel of ``argv`` (``python -m ipykernel_launcher ...``) in this process."""
    if len(argv) < 3 or argv[1:3] != ["-m", "ipykernel_launcher"]:
        os.execvpe(argv[0], argv, env)  # some other kernel: start it the ordinary way
    os.environ.clear()
    os.environ.update(env)
    if "numpy" in sys.modules:  # the zygote's random state is every child's: draw a fresh one
        sys.modules["numpy"].random.seed()
    import ipykernel_launcher  # a fresh kernel's sys.argv[0] is this file
    from ipykernel.kernelapp import IPKernelApp

    sys.argv = [ipykernel_launcher.__file__, *argv[3:]]
    app = IPKernelApp.instance()
    # trait defaults read from the environment were read when the zygote imported ipykernel
    app.parent_handle = int(env.get("JPY_PARENT_PID") or 0)
    app.interrupt = int(env.get("JPY_INTERRUPT_EVENT") or 0)
    app.initialize(argv[3:])
    if "ipywidgets" in sys.modules:  # imported before a kernel existed: register its comm targets now
        try:
            sys.modules["ipywidgets"].register_comm_target()
        except Exception:  # noqa: BLE001
            pass
    app.start()
    os._exit(0)


if __name__ == "__main__":
    _serve()
    sys.exit(0)

# --- the grader's side -------------------------------------------------------------------

import asyncio  # noqa: E402
import atexit  # noqa: E402
import signal  # noqa: E402
import subprocess  # noqa: E402
import threading  # noqa: E402
import time  # noqa: E402

from jupyter_client.manager import AsyncKernelManager  # noqa: E402
from jupyter_client.provisioning.local_provisioner import LocalProvisioner  # noqa: E402


def enabled_by_default() -> bool:
    """Whether grading forks kernels unless configured: ``RUNNING_COURSE_FORK_KERNELS`` (on unless 0)."""
    return os.environ.get("RUNNING_COURSE_FORK_KERNELS", "1").strip().lower() not in {"0", "false", "no", "off"}


class Zygote:
    """A running fork server (one per grading process; ``zygote()`` gives it)."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self.process = subprocess.Popen([sys.executable, os.path.abspath(__file__)], stdin=subprocess.PIPE,
                                        stdout=subprocess.PIPE, cwd="/", close_fds=True)
        hello = self._read()
        if "ready" not in hello:
            raise RuntimeError(f"the grading zygote did not start: {hello}")
        self.pid = hello["ready"]

    def _read(self) -> dict:
        line = self.process.stdout.readline()
        if not line:
            raise RuntimeError(f"the grading zygote stopped (exit status {self.process.poll()})")
        return json.loads(line)

    def request(self, **message) -> dict:
        with self._lock:
            self.process.stdin.write(json.dumps(message).encode() + b"\n")
            self.process.stdin.flush()
            answer = self._read()
        if "error" in answer:
            raise RuntimeError(answer["error"])
        return answer

    def spawn(self, argv: list[str], env: dict, cwd: str | None, spec: str | None) -> int:
        return self.request(op="spawn", argv=list(argv), env=dict(env), cwd=cwd, spec=spec)["pid"]

    def poll(self, pid: int) -> int | None:
        return self.request(op="poll", pid=pid)["status"]

    def alive(self) -> bool:
        return self.process.poll() is None

    def close(self) -> None:
        if self.alive():
            try:
                self.request(op="quit")
            except (RuntimeError, OSError, ValueError):
                pass
        try:
            self.process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait()
        for stream in (self.process.stdin, self.process.stdout):
            stream.close()


_zygotes: dict[int, Zygote] = {}


def zygote() -> Zygote:
    """This process's zygote, started on first use (a forked grading worker starts its own)."""
    current = _zygotes.get(os.getpid())
    if current is None or not current.alive():
        current = _zygotes[os.getpid()] = Zygote()
    return current


def close_zygotes() -> None:
    """Stop this process's zygote (after its kernels: see ``kernel_pool.close_shared_pools``)."""
    current = _zygotes.pop(os.getpid(), None)
    if current is not None:
        current.close()


class ForkedProcess:
    """The part of ``subprocess.Popen`` jupyter_client uses, for a child of the zygote."""

    stdin = stdout = stderr = None

    def __init__(self, server: Zygote, pid: int) -> None:
        self.server, self.pid, self.returncode = server, pid, None

    def poll(self) -> int | None:
        if self.returncode is None:
            try:
                self.returncode = self.server.poll(self.pid)
            except (RuntimeError, OSError, ValueError):  # the zygote is gone: so are its children's waits
                self.returncode = None if os.path.exists(f"/proc/{self.pid}") else -9
        return self.returncode

    def wait(self, timeout: float | None = None) -> int:
        deadline = None if timeout is None else time.monotonic() + timeout
        while self.poll() is None:
            if deadline is not None and time.monotonic() > deadline:
                raise subprocess.TimeoutExpired(str(self.pid), timeout)
            time.sleep(0.02)
        return self.returncode

    def send_signal(self, signum: int) -> None:
        if self.returncode is None:
            os.kill(self.pid, signum)

    def kill(self) -> None:
        self.send_signal(signal.SIGKILL)

    def terminate(self) -> None:
        self.send_signal(signal.SIGTERM)


class ForkProvisioner(LocalProvisioner):
    """A ``LocalProvisioner`` whose kernel is a child of the zygote (``sandbox_spec``: its sandbox)."""

    sandbox_spec: str | None = None

    async def launch_kernel(self, cmd: list[str], **kwargs):
        server = zygote()
        env = dict(kwargs.get("env") or os.environ)
        env["JPY_PARENT_PID"] = str(os.getpid())  # as jupyter_client.launcher.launch_kernel sets it
        cwd = kwargs.get("cwd")
        pid = server.spawn(list(cmd), env, None if cwd is None else str(cwd), self.sandbox_spec)
        self.process = ForkedProcess(server, pid)
        self.pid = pid
        self.pgid = pid  # the child leads its own session and process group
        self.cwd = cwd
        return self.connection_info

    async def wait(self) -> int | None:
        ret = 0
        if self.process:
            while await self.poll() is None:
                await asyncio.sleep(0.02)
            ret = self.process.returncode
            self.process = None
        return ret


def use_fork_provisioner(km: AsyncKernelManager, spec: str | None = None) -> None:
    """Make ``km``'s (local) provisioner fork its kernel from the zygote."""
    if type(km.provisioner) is LocalProvisioner:
        km.provisioner.__class__ = ForkProvisioner
    if isinstance(km.provisioner, ForkProvisioner):
        km.provisioner.sandbox_spec = spec


class ForkKernelManager(AsyncKernelManager):
    """An unsandboxed kernel manager whose kernels are forked from the zygote."""

    async def _async_pre_start_kernel(self, **kw):
        result = await super()._async_pre_start_kernel(**kw)
        use_fork_provisioner(self)
        return result


def _at_exit() -> None:
    from . import kernel_pool  # its pools' kernels first (it then closes the zygote)

    kernel_pool.close_shared_pools()
    close_zygotes()


atexit.register(_at_exit)
