"""A real JupyterHub for the class, built once per session (tests/hub).

``hub_env``: a Python environment made from ``/usr/bin/python3`` (a venv made from a Python
under /root cannot be run by other users) in a temporary folder under /opt that every user can
read, with jupyterhub, nbgrader, notebook, jupyterlab and a wheel of this project, plus
configurable-http-proxy from npm in the same folder.

``hub``: that environment's JupyterHub on 127.0.0.1 (free ports) with course/jupyterhub_config.py,
an instructor and three students as system users (useradd, unique names), the instructor's
course copy in their home and an exchange folder. Finalizers stop the hub, its proxy and every
process of the test users, then ``userdel -r`` the users and remove the folders.

Skipped only where this machine cannot create users (not root, no useradd/runuser) and neither
CI nor REQUIRE_BROWSER is set; failing otherwise.
"""

from __future__ import annotations

import json
import os
import secrets
import shutil
import signal
import socket
import subprocess
import tempfile
import time
import urllib.error
import urllib.request
from dataclasses import dataclass, field
from pathlib import Path

import pytest

from support.paths import ROOT

SYSTEM_PYTHON = "/usr/bin/python3"
COURSE_ID = "running-technique"
MEASUREMENTS: dict[str, object] = {}


def _cannot_create_users() -> str | None:
    if not hasattr(os, "geteuid") or os.geteuid() != 0:
        return "the hub tests create system users: run as root"
    for program in ("useradd", "userdel", "runuser"):
        if shutil.which(program) is None:
            return f"{program} is missing"
    if not os.access(SYSTEM_PYTHON, os.X_OK):
        return f"{SYSTEM_PYTHON} is missing"
    return None


@pytest.fixture(scope="session")
def hub_machine():
    reason = _cannot_create_users()
    if reason:
        if os.environ.get("CI") or os.environ.get("REQUIRE_BROWSER"):
            pytest.fail(f"hub tests cannot run here: {reason} (CI/REQUIRE_BROWSER is set)")
        pytest.skip(reason)


def run(*command: str, check: bool = True, timeout: float = 600, **kwargs) -> subprocess.CompletedProcess:
    result = subprocess.run(list(command), capture_output=True, text=True, timeout=timeout, **kwargs)
    if check and result.returncode != 0:
        raise AssertionError(f"{' '.join(command)} failed ({result.returncode}):\n"
                             f"{result.stdout[-3000:]}\n{result.stderr[-4000:]}")
    return result


def _nbgrader_version() -> str:
    from importlib.metadata import version

    return version("nbgrader")


@pytest.fixture(scope="session")
def hub_env(hub_machine):
    """(environment folder, configurable-http-proxy program), built once per session."""
    started = time.monotonic()
    base = Path(tempfile.mkdtemp(prefix="rtc-hub-", dir="/opt"))
    try:
        base.chmod(0o755)
        env = base / "env"
        run(SYSTEM_PYTHON, "-m", "venv", str(env))
        wheels = base / "wheels"
        run(str(env / "bin" / "pip"), "wheel", "-q", "--no-deps", "-w", str(wheels), str(ROOT))
        wheel = next(wheels.glob("*.whl"))
        run(str(env / "bin" / "pip"), "install", "-q", "jupyterhub>=5,<7", f"nbgrader=={_nbgrader_version()}",
            "notebook>=7.2,<8", "jupyterlab>=4.2,<5", str(wheel))
        run("npm", "install", "--silent", "--no-audit", "--no-fund", "--prefix", str(base / "proxy"),
            "configurable-http-proxy@5")
        proxy = base / "proxy" / "node_modules" / ".bin" / "configurable-http-proxy"
        assert proxy.exists(), "npm did not install configurable-http-proxy"
        for folder, _, files in os.walk(base):  # readable by every user, whatever the umask
            os.chmod(folder, 0o755)
            for name in files:
                path = os.path.join(folder, name)
                if not os.path.islink(path):
                    os.chmod(path, os.stat(path).st_mode | 0o444)
        MEASUREMENTS["environment build (s)"] = round(time.monotonic() - started, 1)
        yield env, proxy
    finally:
        shutil.rmtree(base, ignore_errors=True)


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _pids_of(user: str) -> list[int]:
    result = subprocess.run(["ps", "-u", user, "-o", "pid="], capture_output=True, text=True)
    return [int(pid) for pid in result.stdout.split()]


def _kill_pids(pids, sig=signal.SIGKILL):
    for pid in pids:
        try:
            os.kill(pid, sig)
        except ProcessLookupError:
            pass


@dataclass
class Hub:
    url: str
    token: str
    env: Path
    instructor: str
    students: list[str]
    course: Path
    exchange: Path
    workdir: Path
    process: subprocess.Popen
    spawn_seconds: dict[str, float] = field(default_factory=dict)
    measurements: dict[str, object] = field(default_factory=lambda: MEASUREMENTS)  # printed at the end

    # --- REST API -------------------------------------------------------------------------
    def api(self, method: str, path: str, body=None):
        request = urllib.request.Request(f"{self.url}/hub/api{path}", method=method,
                                         data=None if body is None else json.dumps(body).encode(),
                                         headers={"Authorization": f"token {self.token}"})
        try:
            with urllib.request.urlopen(request, timeout=30) as response:
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


def _useradd(name: str) -> None:
    run("useradd", "--create-home", "--shell", "/bin/bash", name)
    Path("/home", name).chmod(0o700)  # nobody else reads a home (Debian's default may be 755)


def _userdel(name: str) -> None:
    for _ in range(3):
        pids = _pids_of(name)
        if not pids:
            break
        _kill_pids(pids)
        time.sleep(0.5)
    subprocess.run(["userdel", "--remove", name], capture_output=True, text=True)
    shutil.rmtree(Path("/home") / name, ignore_errors=True)


def _stop(process: subprocess.Popen, workdir: Path) -> None:
    if process.poll() is None:
        process.send_signal(signal.SIGTERM)  # the hub stops the users' servers and its proxy
        try:
            process.wait(timeout=30)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait(timeout=10)
    pid_file = workdir / "jupyterhub-proxy.pid"  # a proxy left behind by a killed hub
    if pid_file.exists():
        try:
            pid = int(pid_file.read_text().strip())
            if "configurable-http-proxy" in Path(f"/proc/{pid}/cmdline").read_text(errors="replace"):
                os.kill(pid, signal.SIGTERM)
        except (ValueError, OSError):
            pass


@pytest.fixture(scope="session")
def hub(hub_env, request):
    env, proxy = hub_env
    tag = secrets.token_hex(3)
    instructor = f"rtc{tag}i"
    students = [f"rtc{tag}s{number}" for number in (1, 2, 3)]
    created: list[str] = []
    workdir = Path(tempfile.mkdtemp(prefix="rtc-hub-run-", dir="/opt"))
    process = None

    def clean_up():
        if process is not None:
            _stop(process, workdir)
        for name in created:
            _userdel(name)
        shutil.rmtree(workdir, ignore_errors=True)

    request.addfinalizer(clean_up)
    for name in [instructor, *students]:
        _useradd(name)
        created.append(name)

    # The exchange belongs to the instructor; nbgrader's release sets the permissions it needs
    # (the course's inbound write-only for students, its feedback traverse-only).
    workdir.chmod(0o755)
    exchange = workdir / "exchange"
    exchange.mkdir(mode=0o755)
    run("chown", f"{instructor}:{instructor}", str(exchange))
    from grading.course_factory import copy_course

    course = copy_course(Path("/home") / instructor / "course")
    run("chown", "-R", f"{instructor}:{instructor}", str(course))
    course.chmod(0o700)
    # What the students' nbgrader commands (and the Assignments tab) read: course id, exchange.
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
                     RUNNING_COURSE_INSTRUCTORS=instructor, RUNNING_COURSE_STUDENTS=",".join(students),
                     RUNNING_COURSE_DIR=str(course), RUNNING_COURSE_EXCHANGE=str(exchange),
                     RUNNING_COURSE_HUB_API_TOKEN=token,
                     PATH=f"{env / 'bin'}:{os.environ.get('PATH', '/usr/bin:/bin')}")
    variables.pop("VIRTUAL_ENV", None)
    log = open(workdir / "hub.log", "w")
    process = subprocess.Popen([str(env / "bin" / "jupyterhub"), "-f", str(ROOT / "course" / "jupyterhub_config.py")],
                               cwd=hub_dir, env=variables, stdout=log, stderr=subprocess.STDOUT,
                               start_new_session=True)
    hub = Hub(url=f"http://127.0.0.1:{port}", token=token, env=env, instructor=instructor, students=students,
              course=course, exchange=exchange, workdir=workdir, process=process)
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
    status, body = hub.api("POST", "/users", {"usernames": [instructor, *students]})
    assert status in (201, 409), (status, body)
    return hub


def pytest_terminal_summary(terminalreporter):
    if MEASUREMENTS:
        terminalreporter.write_sep("-", "hub measurements")
        for key, value in MEASUREMENTS.items():
            terminalreporter.write_line(f"{key}: {value}")
