"""Running a student's code where it can harm nothing: the grading sandbox.

nbgrader runs a submission's code with the grader's own rights, so a notebook could read the
gradebook, the hidden tests in ``source/`` and other students' work, or delete them. With the
sandbox (on by default, ``ResilientExecute.sandbox``) every grading kernel instead starts:

- in fresh Linux namespaces (``unshare``): its own mounts, no network (a private, unconfigured
  loopback only), its own process tree (everything it forks dies with it) and IPC;
- as an unprivileged identity of its own: a numeric uid/gid with no account, ``uid_base`` plus a
  slot number held by a lock for the kernel's lifetime, so two kernels never share a uid and a
  limit on processes is per kernel; no supplementary groups, ``no_new_privs`` set;
- with the course folder, the exchange, the checkout's ``course/`` folder, the grader's home,
  ``/home``, ``/srv``, ``/tmp``, ``/var/tmp`` and ``/dev/shm`` replaced by empty read-only
  folders (the Python it needs is put back read-only when it lies inside one of them);
- in a private working copy of the notebook's folder, shown at the folder's own path, and a
  private scratch folder (``HOME``, ``TMPDIR``): the only places it can write, both deleted
  afterwards;
- bounded: address space (``memory_mib``), CPU seconds per kernel (``cpu_seconds``), processes
  and threads (``processes``), the size of any file it writes (``file_mib``), open files.

The kernel talks to the grader over Unix sockets in a folder only it and root can open (a
kernel without network cannot use TCP). Output size is bounded by ``LimitOutputSize``.

Requirements: the grader runs as root (a grading server or container) and ``unshare``
(util-linux) works. Where it does not, ``available()`` says why; ``ResilientExecute`` then
warns once, loudly, and flags every submission ``unsandboxed``. ``python -m
course_grading.execute.sandbox check`` prints whether this machine can sandbox.

This file is also the launcher that runs inside the namespaces (as root, before dropping to
the kernel's uid); that part, at the top, uses the standard library only, so it starts fast.
"""

from __future__ import annotations

import ctypes
import json
import importlib.util
import os
import resource
import sys

# --- the launcher: runs as PID 1 of the new namespaces, as root, then becomes the kernel -----

_MS_RDONLY, _MS_NOSUID, _MS_NODEV, _MS_REMOUNT, _MS_BIND, _MS_REC = 1, 2, 4, 32, 4096, 16384
_PR_SET_NO_NEW_PRIVS = 38


def _libc():
    libc = ctypes.CDLL(None, use_errno=True)
    libc.mount.argtypes = [ctypes.c_char_p, ctypes.c_char_p, ctypes.c_char_p, ctypes.c_ulong, ctypes.c_char_p]
    return libc


def _mount(libc, source, target, fstype, flags, data=None) -> None:
    enc = lambda v: None if v is None else str(v).encode()  # noqa: E731
    if libc.mount(enc(source), enc(target), enc(fstype), flags, enc(data)) != 0:
        error = ctypes.get_errno()
        raise OSError(error, f"mount {source} on {target}: {os.strerror(error)}")


def _inside(path: str, folder: str) -> bool:
    return path == folder or path.startswith(folder.rstrip("/") + "/")


def _present(libc, spec: dict, folder: str) -> None:
    """Show the working copy at ``folder`` (the notebook's own path) inside the namespace."""
    holders = [h for h in spec["hide"] if _inside(folder, h) and os.path.ismount(h)]
    holder = max(holders, key=len) if holders else None
    if holder:
        _mount(libc, None, holder, None, _MS_REMOUNT | _MS_BIND | _MS_NOSUID | _MS_NODEV)
    try:
        os.makedirs(folder, mode=0o755, exist_ok=True)
        _mount(libc, spec["work"], folder, None, _MS_BIND)
    finally:
        if holder:
            _mount(libc, None, holder, None, _MS_REMOUNT | _MS_BIND | _MS_RDONLY | _MS_NOSUID | _MS_NODEV)


def _launch(spec_path: str, kernel_argv: list[str]) -> None:
    env = _enter(spec_path)
    os.execvpe(kernel_argv[0], kernel_argv, env)


#: The only variables of the grader's environment a sandboxed kernel sees: an allow-list, so a
#: secret there (the gradebook's URL with its password, a hub API token, cloud credentials)
#: never reaches student code, its outputs or its feedback.
KERNEL_ENV = frozenset({"PATH", "LANG", "LANGUAGE", "TZ", "TERM", "PYTHONPATH", "PYTHONHASHSEED", "PYTHONIOENCODING",
                        "PYTHONUNBUFFERED", "PYDEVD_DISABLE_FILE_VALIDATION", "MPLBACKEND", "NBGRADER_EXECUTION",
                        "OPENBLAS_NUM_THREADS", "OMP_NUM_THREADS", "MKL_NUM_THREADS", "VIRTUAL_ENV"})
KERNEL_ENV_PREFIXES = ("LC_", "JPY_")


def _enter(spec_path: str) -> dict:
    """Apply the sandbox to this process (root, inside the namespaces): hide and put back the
    folders, set the limits, drop to the kernel's uid, change into its folder; return the
    kernel's environment. ``_launch`` then execs the kernel; ``zygote`` runs it in-process."""
    with open(spec_path) as handle:
        spec = json.load(handle)
    libc = _libc()
    uid, gid = spec["uid"], spec["gid"]
    # Keep what must stay reachable (the sandbox's own folder, the Python) as open handles:
    # they are mounted back after the folders holding them are hidden.
    keep = [(path, os.open(path, os.O_PATH), read_only) for path, read_only in spec["keep"] if os.path.exists(path)]
    for path in spec["hide"]:
        if os.path.isdir(path) and not os.path.islink(path):
            _mount(libc, "tmpfs", path, "tmpfs", _MS_NOSUID | _MS_NODEV, "size=64k,mode=755")
        elif os.path.isfile(path):
            _mount(libc, "/dev/null", path, None, _MS_BIND)
    for path, fd, read_only in keep:
        os.makedirs(path, mode=0o755, exist_ok=True)
        _mount(libc, f"/proc/self/fd/{fd}", path, None, _MS_BIND | _MS_REC)
        if read_only:
            _mount(libc, None, path, None, _MS_REMOUNT | _MS_BIND | _MS_RDONLY | _MS_NOSUID)
        os.close(fd)
    for folder in spec["hide"]:  # the empty stand-ins become read-only
        if os.path.isdir(folder) and not any(k[0] == folder for k in keep):
            try:
                _mount(libc, None, folder, None, _MS_REMOUNT | _MS_BIND | _MS_RDONLY | _MS_NOSUID | _MS_NODEV)
            except OSError:
                pass
    work = spec["work"]
    if spec.get("present_at"):
        _present(libc, spec, spec["present_at"])
    limits = spec["limits"]
    for name, value in (("RLIMIT_AS", limits["memory_mib"] * 2**20), ("RLIMIT_CPU", limits["cpu_seconds"]),
                        ("RLIMIT_NPROC", limits["processes"]), ("RLIMIT_FSIZE", limits["file_mib"] * 2**20),
                        ("RLIMIT_NOFILE", limits["open_files"]), ("RLIMIT_CORE", 0)):
        if value:
            resource.setrlimit(getattr(resource, name), (value, value))
    os.setgroups([])
    os.setgid(gid)
    os.setuid(uid)
    if libc.prctl(_PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0) != 0:
        raise OSError(ctypes.get_errno(), "prctl(no_new_privs)")
    os.chdir(spec.get("present_at") or work)
    env = {k: v for k, v in os.environ.items() if k in KERNEL_ENV or k.startswith(KERNEL_ENV_PREFIXES)}
    scratch = spec["scratch"]
    env.update(HOME=scratch, TMPDIR=scratch, MPLCONFIGDIR=os.path.join(scratch, "matplotlib"),
               IPYTHONDIR=os.path.join(scratch, "ipython"), JUPYTER_RUNTIME_DIR=spec["run"],
               USER="grading-sandbox", LOGNAME="grading-sandbox", PWD=os.getcwd())
    return env


if __name__ == "__main__" and len(sys.argv) > 2 and sys.argv[1] == "launch":
    _launch(sys.argv[2], sys.argv[4:])  # launch SPEC -- KERNEL ARGV...
if __name__ == "__main__" and len(sys.argv) > 3 and sys.argv[1] == "present":
    with open(sys.argv[2]) as _handle:  # present SPEC FOLDER, run as root inside the namespace
        _present(_libc(), json.load(_handle), sys.argv[3])
    sys.exit(0)

# --- the grader's side -------------------------------------------------------------------

import fcntl  # noqa: E402
import logging  # noqa: E402
import pwd  # noqa: E402
import shutil  # noqa: E402
import subprocess  # noqa: E402
import tempfile  # noqa: E402
from dataclasses import dataclass, field  # noqa: E402
from pathlib import Path  # noqa: E402

from jupyter_client.manager import AsyncKernelManager  # noqa: E402

log = logging.getLogger(__name__)

UNSHARE = ["unshare", "--mount", "--net", "--pid", "--ipc", "--uts", "--fork", "--kill-child", "--mount-proc"]
UID_BASE = 1_900_000_000  # far above any account's uid; slot n runs as UID_BASE + n
SLOTS = 4096
SLOT_FOLDER = Path(tempfile.gettempdir()) / "running-course-sandbox-slots"
CHECKOUT_COURSE = Path(__file__).resolve().parents[2] / "course"


@dataclass
class Limits:
    memory_mib: int = 2048
    cpu_seconds: int = 120
    processes: int = 64
    file_mib: int = 64
    open_files: int = 256


@dataclass
class Policy:
    """What a grading kernel may see and use. ``hidden`` adds to the folders always hidden."""

    limits: Limits = field(default_factory=Limits)
    hidden: list[str] = field(default_factory=list)


_availability: tuple[bool, str] | None = None


def available() -> tuple[bool, str]:
    """Whether this process can sandbox kernels, and if not, why (checked once per process)."""
    global _availability
    if _availability is None:
        if os.geteuid() != 0:
            _availability = (False, "the grader is not root, so it cannot switch a kernel to another user "
                                    "or make namespaces")
        elif shutil.which("unshare") is None:
            _availability = (False, "the unshare program (util-linux) is missing")
        else:
            probe = subprocess.run([*UNSHARE, "true"], capture_output=True, text=True)
            _availability = ((True, "namespaces and a separate uid per kernel") if probe.returncode == 0 else
                             (False, f"unshare cannot make namespaces here: {probe.stderr.strip()[:200]}"))
    return _availability


#: Top-level folders a grading kernel may see: the operating system and its libraries. Every
#: other top-level folder or file (homes, /root, /srv, /opt, /tmp, /var, /mnt, a /work with
#: another copy of the course ...) is hidden, and what the kernel needs inside one (the Python,
#: the course packages, its own working copy) is put back; an allow-list, so a copy of the
#: course's sources somewhere unexpected is hidden too.
SYSTEM_FOLDERS = frozenset({"bin", "dev", "etc", "lib", "lib32", "lib64", "libx32", "proc", "sbin", "sys", "usr"})


def _top_level_to_hide() -> list[str]:
    found = []
    for name in sorted(os.listdir("/")):
        path = os.path.join("/", name)
        if name not in SYSTEM_FOLDERS and not os.path.islink(path):
            found.append(path)
    return found


def _always_hidden(course_root: str | None, extra: list[str]) -> list[str]:
    paths = [*_top_level_to_hide(), course_root, str(CHECKOUT_COURSE), pwd.getpwuid(os.getuid()).pw_dir,
             os.path.expanduser("~"), "/home", "/srv", "/root", "/var/tmp", "/dev/shm", tempfile.gettempdir(),
             "/tmp", os.environ.get("RUNNING_COURSE_EXCHANGE"), *extra]
    seen: list[str] = []
    for path in paths:
        if path and os.path.exists(path):
            real = os.path.realpath(path)
            if real != "/" and real not in seen:
                seen.append(real)
    # hide outer folders first: an inner one would be hidden again by its parent's mount
    return sorted(seen, key=lambda p: p.count("/"))


#: Packages a student's notebook imports whose source may lie outside the Python prefix
#: (an editable install points into the checkout): their folders are put back read-only.
#: They hold the course's code and media, never its sources, solutions or gradebook.
STUDENT_PACKAGES = ("widgets", "exercises_media")


def _python_folders() -> list[str]:
    """Folders the kernel's Python needs: interpreter, standard library, site-packages, and the
    folders of the course packages a notebook imports (an editable install's source)."""
    folders = {os.path.realpath(sys.base_prefix), os.path.realpath(sys.prefix),
               os.path.dirname(os.path.realpath(sys.executable))}
    for name in STUDENT_PACKAGES:
        spec = importlib.util.find_spec(name)
        if spec is not None and spec.submodule_search_locations:
            folders.update(os.path.realpath(location) for location in spec.submodule_search_locations)
    folders = sorted(folders)
    return [f for f in folders if not any(f != other and _inside(f, other) for other in folders)]


class Sandbox:
    """One kernel's sandbox: a slot (its uid), a folder for its sockets, its working copy."""

    def __init__(self, policy: Policy, course_root: str | None = None) -> None:
        self.policy = policy
        self.course_root = os.path.realpath(course_root) if course_root else None
        self.slot, self._lock = self._take_slot()
        self.uid = self.gid = UID_BASE + self.slot
        self.folder = tempfile.mkdtemp(prefix="rtc-sandbox-")
        os.chmod(self.folder, 0o711)
        self.run = os.path.join(self.folder, "run")
        self.work = os.path.join(self.folder, "work")
        self.scratch = os.path.join(self.folder, "scratch")  # HOME and TMPDIR: private, deleted afterwards
        for path in (self.run, self.work, self.scratch):
            os.mkdir(path, 0o700)
            os.chown(path, self.uid, self.gid)
        self.hidden = _always_hidden(course_root, policy.hidden)
        keep = [(self.folder, False)]
        keep += [(p, True) for p in _python_folders() if any(_inside(p, h) for h in self.hidden)]
        # the launcher runs from the sandbox's folder: the course folder that holds this file may be hidden
        self.launcher = os.path.join(self.folder, "launcher.py")
        shutil.copyfile(os.path.abspath(__file__), self.launcher)
        self.spec = os.path.join(self.folder, "spec.json")
        self._spec = {"uid": self.uid, "gid": self.gid, "work": self.work, "scratch": self.scratch, "run": self.run, "hide": self.hidden,
                      "keep": keep, "limits": policy.limits.__dict__, "present_at": None}
        self._write_spec()

    def _write_spec(self) -> None:
        with open(self.spec, "w") as handle:
            json.dump(self._spec, handle)

    def present_at(self, folder: str | None, kernel_pid: int | None = None) -> None:
        """Show the working copy at ``folder`` to the kernel (now, if it runs, and after restarts)."""
        self._spec["present_at"] = os.path.abspath(folder) if folder else None
        self._write_spec()
        if kernel_pid and folder:
            done = subprocess.run(["nsenter", "--target", str(kernel_pid), "--mount", "--", sys.executable, "-I",
                                   self.launcher, "present", self.spec, self._spec["present_at"]],
                                  capture_output=True, text=True, timeout=30)
            if done.returncode != 0:
                raise RuntimeError(f"the sandbox could not show {folder} to the kernel: {done.stderr[-500:]}")

    @staticmethod
    def _take_slot():
        SLOT_FOLDER.mkdir(mode=0o700, exist_ok=True)
        start = os.getpid() % SLOTS
        for step in range(SLOTS):
            slot = (start + step) % SLOTS
            handle = open(SLOT_FOLDER / str(slot), "a")
            try:
                fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
                return slot, handle
            except BlockingIOError:
                handle.close()
        raise RuntimeError("every grading sandbox slot is taken")

    def command(self, kernel_argv: list[str]) -> list[str]:
        return [*UNSHARE, sys.executable, "-I", self.launcher, "launch", self.spec, "--", *kernel_argv]

    def load(self, folder: str | None) -> None:
        """Replace the working copy by a copy of ``folder`` (symlinks are copied as links).

        A folder that holds the course root (a kernel booted in the course folder) is not copied.
        """
        if folder and self.course_root and _inside(self.course_root, os.path.realpath(folder)):
            folder = None
        for entry in os.scandir(self.work):
            if entry.is_dir(follow_symlinks=False):
                shutil.rmtree(entry.path)
            else:
                os.unlink(entry.path)
        if folder and os.path.isdir(folder):
            shutil.copytree(folder, self.work, symlinks=True, dirs_exist_ok=True,
                            ignore=shutil.ignore_patterns(".ipynb_checkpoints"))
        for top, dirs, files in os.walk(self.work):
            for name in [*dirs, *files]:
                os.lchown(os.path.join(top, name), self.uid, self.gid)

    def close(self) -> None:
        shutil.rmtree(self.folder, ignore_errors=True)
        if self._lock is not None:
            self._lock.close()  # releases the slot
            self._lock = None


class SandboxKernelManager(AsyncKernelManager):
    """A kernel manager whose kernels start in a ``Sandbox`` (see the module's description).

    The notebook's folder (``cwd``) is copied into the sandbox's working copy before the kernel
    starts; a pooled kernel gets it later through ``load_folder``.
    """

    policy: Policy = Policy()
    course_root: str | None = None
    sandbox: Sandbox | None = None
    fork: bool = False  # start kernels from the zygote (zygote.py) instead of launching unshare

    def _ensure_sandbox(self) -> Sandbox:
        if self.sandbox is None:
            self.sandbox = Sandbox(self.policy, self.course_root)
            self.transport = "ipc"
            self.ip = os.path.join(self.sandbox.run, "kernel")
            self.connection_file = os.path.join(self.sandbox.run, "kernel.json")
        return self.sandbox

    async def _async_pre_start_kernel(self, **kw):
        self._ensure_sandbox()
        result = await super()._async_pre_start_kernel(**kw)
        if self.fork:  # the kernel is forked from the zygote, which applies this sandbox itself
            from . import zygote
            zygote.use_fork_provisioner(self, self.sandbox.spec)
        return result

    def write_connection_file(self, **kwargs) -> None:
        super().write_connection_file(**kwargs)
        if self.sandbox is not None and os.path.exists(self.connection_file):
            os.chown(self.connection_file, self.sandbox.uid, self.sandbox.gid)

    async def _async_launch_kernel(self, kernel_cmd, **kw):
        sandbox = self._ensure_sandbox()
        if not getattr(self, "_loaded", False):
            folder = kw.get("cwd")
            if folder and sandbox.course_root and _inside(sandbox.course_root, os.path.realpath(folder)):
                folder = None  # never copy (or show) the course folder itself
            sandbox.load(folder)
            sandbox.present_at(folder)
            self._loaded = True
        kw["cwd"] = sandbox.folder
        if self.fork:
            return await super()._async_launch_kernel(list(kernel_cmd), **kw)
        return await super()._async_launch_kernel(sandbox.command(list(kernel_cmd)), **kw)

    def load_folder(self, folder: str) -> str:
        """Give a running kernel (a pooled one) a private copy of its notebook's folder, shown
        at the folder's own path; returns that path."""
        sandbox = self._ensure_sandbox()
        sandbox.load(folder)
        sandbox.present_at(folder, self._kernel_pid())
        self._loaded = True
        return os.path.abspath(folder)

    def _kernel_pid(self) -> int | None:
        """The kernel's process id (the child of ``unshare``), as this machine sees it."""
        outer = self.provisioner.process.pid if self.provisioner and self.provisioner.process else None
        if outer is None:
            return None
        try:
            with open(f"/proc/{outer}/task/{outer}/children") as handle:
                children = handle.read().split()
        except OSError:
            return None
        return int(children[0]) if children else None

    async def _async_cleanup_resources(self, restart: bool = False) -> None:
        await super()._async_cleanup_resources(restart=restart)
        if not restart and self.sandbox is not None:
            self.sandbox.close()
            self.sandbox = None


def manager_class(policy: Policy, course_root: str | None, fork: bool = False) -> type[SandboxKernelManager]:
    """A kernel manager class bound to one policy and course (nbclient makes its own instances);
    ``fork``: its kernels are forked from the zygote (``zygote.py``) rather than launched."""
    name = "CourseForkedSandboxKernelManager" if fork else "CourseSandboxKernelManager"
    return type(name, (SandboxKernelManager,),
                {"policy": policy, "course_root": course_root, "sandbox": None, "fork": fork})


_warned = False


def warn_unsandboxed(reason: str, logger: logging.Logger | None = None) -> None:
    """Say once per process, loudly, that student code runs with the grader's rights."""
    global _warned
    if not _warned:
        _warned = True
        text = ("\n" + "!" * 78 + "\n  STUDENT CODE RUNS UNSANDBOXED, with the grader's own rights: " + reason +
                ".\n  A submission can read or delete the gradebook, source/ and other students' work.\n"
                "  Every submission graded so is flagged 'unsandboxed'. Grade as root on a Linux grading\n"
                "  server (see course/README.md) or set ResilientExecute.sandbox = 'off' to accept this.\n" +
                "!" * 78)
        (logger or log).warning(text)
        print(text, file=sys.stderr, flush=True)


def main(argv: list[str] | None = None) -> int:
    argv = sys.argv[1:] if argv is None else argv
    if argv[:1] != ["check"]:
        print("usage: python -m course_grading.execute.sandbox check", file=sys.stderr)
        return 2
    ok, reason = available()
    print(("sandbox available: " if ok else "sandbox NOT available: ") + reason)
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
