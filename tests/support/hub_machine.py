"""A real JupyterHub for the class on this machine: shared by tests/hub and benchmarks/hub_scale.py.

``hub_environment()``: a Python environment made from ``/usr/bin/python3`` (a venv made from a
Python under /root cannot be run by other users) in a folder under /opt that every user can
read, with jupyterhub, nbgrader, notebook, jupyterlab and a wheel of this project, plus
configurable-http-proxy from npm in the same folder; removed afterwards unless kept.

``system_users(names)``: local accounts (useradd, homes only their owner reads), every process of
theirs killed and ``userdel -r`` afterwards, whatever happened.

``running_hub(...)``: that environment's JupyterHub on 127.0.0.1 (free ports) with
course/jupyterhub_config.py; stopped afterwards (it stops the servers it started and its proxy;
a proxy left behind by a killed hub is stopped too).

Clean-up runs with Ctrl-C and SIGTERM held off, so a second Ctrl-C cannot leave users behind.
Nothing here imports pytest: the benchmark uses it as a plain library.
"""

from __future__ import annotations

import contextlib
import json
import os
import secrets
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import threading
import time
import urllib.error
import urllib.request
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

from support.paths import ROOT

SYSTEM_PYTHON = "/usr/bin/python3"
COURSE_ID = "running-technique"
COMPLETE = ".complete"  # written last into a kept environment: it was built to the end


def cannot_create_users() -> str | None:
    """Why this machine cannot run a hub with local users, or None."""
    if not hasattr(os, "geteuid") or os.geteuid() != 0:
        return "the hub tests create system users: run as root"
    for program in ("useradd", "userdel", "runuser", "npm"):
        if shutil.which(program) is None:
            return f"{program} is missing"
    if not os.access(SYSTEM_PYTHON, os.X_OK):
        return f"{SYSTEM_PYTHON} is missing"
    return None


def run(*command: str, check: bool = True, timeout: float = 600, **kwargs) -> subprocess.CompletedProcess:
    result = subprocess.run(list(command), check=False, capture_output=True, text=True, timeout=timeout, **kwargs)
    if check and result.returncode != 0:
        raise AssertionError(f"{' '.join(command)} failed ({result.returncode}):\n"
                             f"{result.stdout[-3000:]}\n{result.stderr[-4000:]}")
    return result


@contextlib.contextmanager
def _signals_held() -> Iterator[None]:
    """Ctrl-C and SIGTERM wait while clean-up runs (main thread only; elsewhere a no-op)."""
    if threading.current_thread() is not threading.main_thread():
        yield
        return
    previous = {sig: signal.signal(sig, signal.SIG_IGN) for sig in (signal.SIGINT, signal.SIGTERM)}
    try:
        yield
    finally:
        for sig, handler in previous.items():
            signal.signal(sig, handler)


def _nbgrader_version() -> str:
    from importlib.metadata import version

    return version("nbgrader")


def _build(base: Path) -> None:
    base.chmod(0o755)
    env = base / "env"
    wheels = base / "wheels"
    run(sys.executable, "-m", "pip", "wheel", "-q", "--no-deps", "-w", str(wheels), str(ROOT))
    wheel = next(wheels.glob("*.whl"))
    wanted = ["jupyterhub>=5,<7", f"nbgrader=={_nbgrader_version()}", "notebook>=7.2,<8", "jupyterlab>=4.2,<5",
              str(wheel)]
    uv = shutil.which("uv", path=str(Path(sys.executable).parent)) or shutil.which("uv")
    if uv:  # uv (a test dependency) links from its cache: about 7 s instead of pip's 45
        run(uv, "venv", "-q", "--python", SYSTEM_PYTHON, str(env))
        run(uv, "pip", "install", "-q", "--compile-bytecode", "--python", str(env / "bin" / "python"), *wanted)
    else:
        run(SYSTEM_PYTHON, "-m", "venv", str(env))
        run(str(env / "bin" / "pip"), "install", "-q", *wanted)
    run("npm", "install", "--silent", "--no-audit", "--no-fund", "--prefix", str(base / "proxy"),
        "configurable-http-proxy@5")
    assert _proxy(base).exists(), "npm did not install configurable-http-proxy"
    for folder, _, files in os.walk(base):  # readable by every user, whatever the umask
        os.chmod(folder, 0o755)
        for name in files:
            path = os.path.join(folder, name)
            if not os.path.islink(path):
                os.chmod(path, os.stat(path).st_mode | 0o444)


def _proxy(base: Path) -> Path:
    return base / "proxy" / "node_modules" / ".bin" / "configurable-http-proxy"


@contextlib.contextmanager
def hub_environment(keep: Path | None = None, measurements: dict | None = None) -> Iterator[tuple[Path, Path]]:
    """(environment folder, configurable-http-proxy program).

    Without ``keep``: built in a new folder under /opt, removed at the end. With ``keep`` (a
    folder under /opt): reused if an earlier build there finished, built there otherwise, and
    left in place at the end (a failed build is removed).
    """
    started = time.monotonic()
    if keep is not None:
        keep = Path(keep)
        if not (keep / COMPLETE).exists():
            shutil.rmtree(keep, ignore_errors=True)  # a build that did not finish
            keep.mkdir(parents=True)
            try:
                _build(keep)
            except BaseException:
                with _signals_held():
                    shutil.rmtree(keep, ignore_errors=True)
                raise
            (keep / COMPLETE).write_text(time.strftime("%Y-%m-%d %H:%M:%S\n"))
        if measurements is not None:
            measurements["environment build (s)"] = round(time.monotonic() - started, 1)
        yield keep / "env", _proxy(keep)
        return
    base = Path(tempfile.mkdtemp(prefix="rtc-hub-", dir="/opt"))
    try:
        _build(base)
        if measurements is not None:
            measurements["environment build (s)"] = round(time.monotonic() - started, 1)
        yield base / "env", _proxy(base)
    finally:
        with _signals_held():
            shutil.rmtree(base, ignore_errors=True)


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def pids_of(user: str) -> list[int]:
    result = subprocess.run(["ps", "-u", user, "-o", "pid="], check=False, capture_output=True, text=True)
    return [int(pid) for pid in result.stdout.split()]


def _kill_pids(pids, sig=signal.SIGKILL):
    for pid in pids:
        try:
            os.kill(pid, sig)
        except ProcessLookupError:
            pass


def useradd(name: str) -> None:
    run("useradd", "--create-home", "--shell", "/bin/bash", name)
    Path("/home", name).chmod(0o700)  # nobody else reads a home (Debian's default may be 755)


def userdel(name: str) -> None:
    for _ in range(3):
        pids = pids_of(name)
        if not pids:
            break
        _kill_pids(pids)
        time.sleep(0.5)
    subprocess.run(["userdel", "--remove", name], check=False, capture_output=True, text=True)
    shutil.rmtree(Path("/home") / name, ignore_errors=True)


@contextlib.contextmanager
def system_users(names: list[str]) -> Iterator[list[str]]:
    """Create these local accounts; at the end kill their processes and remove them (all created)."""
    created: list[str] = []
    try:
        for name in names:
            useradd(name)
            created.append(name)
        yield created
    finally:
        with _signals_held():
            for name in created:
                userdel(name)


@contextlib.contextmanager
def work_folder(prefix: str = "rtc-hub-run-") -> Iterator[Path]:
    """A folder under /opt that every user can traverse, removed at the end."""
    folder = Path(tempfile.mkdtemp(prefix=prefix, dir="/opt"))
    try:
        folder.chmod(0o755)
        yield folder
    finally:
        with _signals_held():
            shutil.rmtree(folder, ignore_errors=True)


def unique_tag() -> str:
    """Six hex digits for user names no one else on the machine has (rtc<tag>i, rtc<tag>s1, ...)."""
    return secrets.token_hex(3)


@dataclass
class Hub:
    url: str
    token: str
    env: Path
    instructor: str | None
    students: list[str]
    course: Path | None
    exchange: Path
    workdir: Path
    process: subprocess.Popen
    spawn_seconds: dict[str, float] = field(default_factory=dict)
    measurements: dict[str, object] = field(default_factory=dict)  # printed at the end

    # --- REST API -------------------------------------------------------------------------
    def api(self, method: str, path: str, body=None, timeout: float = 30):
        request = urllib.request.Request(f"{self.url}/hub/api{path}", method=method,
                                         data=None if body is None else json.dumps(body).encode(),
                                         headers={"Authorization": f"token {self.token}"})
        try:
            with urllib.request.urlopen(request, timeout=timeout) as response:
                text = response.read().decode()
                return response.status, (json.loads(text) if text.strip() else None)
        except urllib.error.HTTPError as error:
            return error.code, error.read().decode()

    def get(self, path: str) -> tuple[int, str]:
        """GET a page through the hub's proxy (e.g. /user/<name>/formgrader) with the token."""
        request = urllib.request.Request(f"{self.url}{path}", headers={"Authorization": f"token {self.token}"})
        try:
            with urllib.request.urlopen(request, timeout=60) as response:
                return response.status, response.read().decode(errors="replace")
        except urllib.error.HTTPError as error:
            return error.code, error.read().decode(errors="replace")

    def start_servers(self, names: list[str], timeout: float = 150) -> None:
        """POST /hub/api/users/<name>/server for each, then wait until each is ready."""
        started = {}
        for name in names:
            started[name] = time.monotonic()  # the POST itself may wait for the server (up to 10 s)
            status, body = self.api("POST", f"/users/{name}/server")
            assert status in (201, 202), f"starting {name}'s server: {status} {body}"
        waiting = set(names)
        deadline = time.monotonic() + timeout
        while waiting and time.monotonic() < deadline:
            for name in sorted(waiting):
                status, model = self.api("GET", f"/users/{name}")
                server = (model or {}).get("servers", {}).get("", {}) if status == 200 else {}
                if server.get("ready"):
                    self.spawn_seconds[name] = round(time.monotonic() - started[name], 1)
                    waiting.discard(name)
            if waiting:
                time.sleep(0.25)
        assert not waiting, f"servers not ready after {timeout} s: {sorted(waiting)}\n{self.log()[-3000:]}"

    def log(self) -> str:
        path = self.workdir / "hub.log"
        return path.read_text(errors="replace") if path.exists() else ""

    def proxy_pid(self) -> int | None:
        """The configurable-http-proxy the hub started (from the pid file it writes), if running."""
        pid_file = self.process_dir / "jupyterhub-proxy.pid"
        try:
            pid = int(pid_file.read_text().strip())
            if "configurable-http-proxy" in Path(f"/proc/{pid}/cmdline").read_text(errors="replace"):
                return pid
        except (ValueError, OSError):
            pass
        return None

    @property
    def process_dir(self) -> Path:
        """Where the hub runs (its sqlite database, cookie secret and proxy pid file)."""
        return self.workdir / "hub"

    # --- commands as a user ---------------------------------------------------------------
    def as_user(self, user: str, *command: str, cwd: Path | None = None, check: bool = True,
                extra_env: dict[str, str] | None = None, timeout: float = 300) -> subprocess.CompletedProcess:
        home = Path("/home") / user
        variables = {"HOME": str(home), "USER": user, "LOGNAME": user,
                     "PATH": f"{self.env / 'bin'}:/usr/local/bin:/usr/bin:/bin", "LANG": "C.UTF-8",
                     **(extra_env or {})}
        return run("runuser", "-u", user, "--", "env", "-i", *(f"{k}={v}" for k, v in variables.items()),
                   *command, cwd=str(cwd or home), check=check, timeout=timeout)

    def nbgrader_as(self, user: str, *args: str, **kwargs) -> subprocess.CompletedProcess:
        return self.as_user(user, str(self.env / "bin" / "nbgrader"), *args, **kwargs)

    def instructor_nbgrader(self, *args: str, **kwargs) -> subprocess.CompletedProcess:
        return self.nbgrader_as(self.instructor, *args, cwd=self.course,
                                extra_env={"RUNNING_COURSE_EXCHANGE": str(self.exchange)}, **kwargs)


def _stop(hub: Hub) -> None:
    process = hub.process
    if process.poll() is None:
        process.send_signal(signal.SIGTERM)  # the hub stops the users' servers and its proxy
        try:
            process.wait(timeout=60)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait(timeout=10)
    pid = hub.proxy_pid()  # a proxy left behind by a killed hub
    if pid is not None:
        _kill_pids([pid], signal.SIGTERM)


@contextlib.contextmanager
def running_hub(env: Path, proxy: Path, workdir: Path, *, students: list[str], instructor: str | None = None,
                course: Path | None = None, exchange: Path | None = None,
                measurements: dict | None = None) -> Iterator[Hub]:
    """JupyterHub (course/jupyterhub_config.py) on 127.0.0.1 with these (existing) accounts.

    ``workdir``: a folder every user can traverse (see ``work_folder``); the hub runs in
    ``workdir/hub`` and logs to ``workdir/hub.log``. ``exchange`` defaults to
    ``workdir/exchange``, owned by the instructor if there is one. The environment's
    ``etc/jupyter/nbgrader_config.py`` gets the course id and the exchange (what students'
    nbgrader commands read). An admin token for the "course-admin" service is ``hub.token``;
    every account is created in the hub. Stopped at the end, whatever happened.
    """
    if exchange is None:
        exchange = workdir / "exchange"
        exchange.mkdir(mode=0o755)
        if instructor:
            run("chown", f"{instructor}:{instructor}", str(exchange))
    (env / "etc" / "jupyter").mkdir(parents=True, exist_ok=True)
    (env / "etc" / "jupyter" / "nbgrader_config.py").write_text(
        f"c = get_config()\nc.CourseDirectory.course_id = {COURSE_ID!r}\nc.Exchange.root = {str(exchange)!r}\n")
    (env / "etc" / "jupyter" / "nbgrader_config.py").chmod(0o644)

    hub_dir = workdir / "hub"
    hub_dir.mkdir(mode=0o700)
    token = secrets.token_hex(24)
    port = free_port()
    variables = dict(os.environ, RUNNING_COURSE_HUB_IP="127.0.0.1", RUNNING_COURSE_HUB_PORT=str(port),
                     RUNNING_COURSE_HUB_INTERNAL_PORT=str(free_port()),
                     RUNNING_COURSE_PROXY_API_PORT=str(free_port()), RUNNING_COURSE_PROXY=str(proxy),
                     RUNNING_COURSE_INSTRUCTORS=instructor or "", RUNNING_COURSE_STUDENTS=",".join(students),
                     RUNNING_COURSE_DIR=str(course or ""), RUNNING_COURSE_EXCHANGE=str(exchange),
                     RUNNING_COURSE_HUB_API_TOKEN=token,
                     PATH=f"{env / 'bin'}:{os.environ.get('PATH', '/usr/bin:/bin')}")
    variables.pop("VIRTUAL_ENV", None)
    accounts = [*([instructor] if instructor else []), *students]
    with open(workdir / "hub.log", "w") as log:
        process = subprocess.Popen([str(env / "bin" / "jupyterhub"), "-f", str(ROOT / "course" / "jupyterhub_config.py")],
                                   cwd=hub_dir, env=variables, stdout=log, stderr=subprocess.STDOUT,
                                   start_new_session=True)
    hub = Hub(url=f"http://127.0.0.1:{port}", token=token, env=env, instructor=instructor, students=students,
              course=course, exchange=exchange, workdir=workdir, process=process,
              measurements=measurements if measurements is not None else {})
    try:
        deadline = time.monotonic() + 90
        while time.monotonic() < deadline:
            assert process.poll() is None, f"jupyterhub exited:\n{hub.log()[-4000:]}"
            try:
                if hub.api("GET", "/")[0] == 200:
                    break
            except OSError:
                pass
            time.sleep(0.3)
        else:
            raise AssertionError(f"jupyterhub did not answer in 90 s:\n{hub.log()[-4000:]}")
        status, body = hub.api("POST", "/users", {"usernames": accounts})
        assert status in (201, 409), (status, body)
        yield hub
    finally:
        with _signals_held():
            _stop(hub)
