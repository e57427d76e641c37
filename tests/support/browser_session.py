"""Start JupyterLab, Voila and headless Chromium, and drive the pages a learner sees.

Shared by the browser tests (``tests/browser/conftest.py`` wraps these in fixtures)
and by ``benchmarks/browser.py``; nothing here imports pytest.

Steps a caller takes:
1. ``find_chromium()`` and ``launch_chromium(playwright)``: Debian's ``/usr/bin/chromium``
   with the flags a machine without network needs (never ``playwright install``).
2. ``start_jupyterlab(root_dir, home_dir)`` or ``start_voila(app_dir, home_dir)``: a server
   on a free loopback port with a token, isolated Jupyter config, data and settings
   directories, and JupyterLab's news pop-up silenced by ``binder/overrides.json``.
3. ``open_notebook``, ``run_all_cells``, ``wait_for_kernel_idle`` and the inspection
   helpers: what a learner does and what they would see.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from dataclasses import dataclass, field
from pathlib import Path

REPO_ROOT = Path(__file__).resolve().parents[2]
CHROMIUM_PATH = Path("/usr/bin/chromium")
# No network: no QUIC, no component or safe-browsing downloads, no sync, no GPU.
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
# What binder/overrides.json holds; used when the file is not there yet.
NEWS_OFF_OVERRIDES = {
    "@jupyterlab/apputils-extension:notification": {
        "fetchNews": "false",
        "checkForUpdates": False,
    }
}
SERVER_START_TIMEOUT_S = 60.0


def find_chromium() -> Path | None:
    """The Chromium binary, or None where it is not installed."""
    if CHROMIUM_PATH.exists():
        return CHROMIUM_PATH
    found = shutil.which("chromium") or shutil.which("chromium-browser")
    return Path(found) if found else None


def launch_chromium(playwright, executable: Path | None = None):
    """Launch headless Chromium from the system, with a fresh profile."""
    executable = executable or find_chromium()
    if executable is None:
        raise FileNotFoundError("no Chromium found at /usr/bin/chromium or on PATH")
    return playwright.chromium.launch(
        executable_path=str(executable), args=CHROMIUM_ARGS, headless=True
    )


def free_loopback_port() -> int:
    """A TCP port on 127.0.0.1 that nothing listens on right now."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@dataclass
class Server:
    """A running Jupyter server process and how to reach it."""

    process: subprocess.Popen
    base_url: str
    token: str
    log_path: Path
    root_dir: Path
    extra: dict = field(default_factory=dict)

    def url(self, path: str) -> str:
        separator = "&" if "?" in path else "?"
        return f"{self.base_url}/{path.lstrip('/')}{separator}token={self.token}"

    def log_text(self) -> str:
        return self.log_path.read_text(errors="replace") if self.log_path.exists() else ""

    def stop(self) -> None:
        if self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(timeout=15)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait(timeout=5)


def isolated_jupyter_env(home_dir: Path) -> dict[str, str]:
    """Environment for a server that ignores the developer's own Jupyter and IPython set-up.

    The venv's ``bin`` goes first on PATH because nbgrader calls ``alembic``; sys-prefix
    config (where the server extensions are enabled) still applies.
    """
    env = dict(os.environ)
    for name in ("MPLBACKEND", "JUPYTER_PLATFORM_DIRS", "NBGRADER_EXECUTION"):
        env.pop(name, None)
    for variable, sub in (
        ("JUPYTER_CONFIG_DIR", "config"),
        ("JUPYTER_DATA_DIR", "data"),
        ("JUPYTER_RUNTIME_DIR", "runtime"),
        ("IPYTHONDIR", "ipython"),
        ("MPLCONFIGDIR", "matplotlib"),
    ):
        path = home_dir / sub
        path.mkdir(parents=True, exist_ok=True)
        env[variable] = str(path)
    env["PATH"] = f"{Path(sys.executable).parent}{os.pathsep}{env.get('PATH', '')}"
    env["PYTHONUNBUFFERED"] = "1"
    # No runner profile (the file is never written): explorers start from the model's defaults,
    # so a test can compute what the page must show.
    env["RUNNING_COURSE_PROFILE"] = str(home_dir / "runner-profile.json")
    # A cache of its own (clips a test uploads land there, never in the developer's), holding a
    # copy of the demo clip where one was already fetched, so no test fetches it again.
    cache = home_dir / "cache"
    cache.mkdir(parents=True, exist_ok=True)
    env["RUNNING_COURSE_CACHE"] = str(cache)
    from widgets.video import demo

    fetched = demo.cache_dir() / "sports2d-demo.mp4"
    if fetched.is_file() and not (cache / fetched.name).exists():
        shutil.copyfile(fetched, cache / fetched.name)
    return env


def lab_app_settings_dir(home_dir: Path) -> Path:
    """A JupyterLab app-settings directory holding the repository's settings overrides.

    JupyterLab reads ``<app_settings_dir>/overrides.json``; the directory starts as a copy
    of the installed one so that nothing an installation put there is lost.
    """
    installed = Path(sys.prefix) / "share" / "jupyter" / "lab" / "settings"
    settings_dir = home_dir / "lab-app-settings"
    if installed.is_dir():
        shutil.copytree(installed, settings_dir, dirs_exist_ok=True)
    settings_dir.mkdir(parents=True, exist_ok=True)
    overrides = dict(read_overrides(settings_dir / "overrides.json"))
    for plugin, values in read_overrides(REPO_ROOT / "binder" / "overrides.json", NEWS_OFF_OVERRIDES).items():
        overrides.setdefault(plugin, {}).update(values)
    (settings_dir / "overrides.json").write_text(json.dumps(overrides, indent=2))
    return settings_dir


def read_overrides(path: Path, fallback: dict | None = None) -> dict:
    if path.exists():
        return json.loads(path.read_text())
    return dict(fallback or {})


def wait_until_serving(url: str, process: subprocess.Popen, log_path: Path) -> None:
    deadline = time.monotonic() + SERVER_START_TIMEOUT_S
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(
                f"server exited with {process.returncode}:\n{log_path.read_text(errors='replace')[-3000:]}"
            )
        try:
            with urllib.request.urlopen(url, timeout=2) as response:
                if response.status == 200:
                    return
        except (urllib.error.URLError, ConnectionError, TimeoutError):
            pass
        time.sleep(0.2)
    process.terminate()
    raise TimeoutError(f"no answer from {url} within {SERVER_START_TIMEOUT_S} s:\n{log_path.read_text()[-3000:]}")


def launch(command: list[str], cwd: Path, home_dir: Path, log_name: str,
           extra_env: dict[str, str] | None = None) -> tuple[subprocess.Popen, Path]:
    log_path = home_dir / f"{log_name}.log"
    log_file = log_path.open("w")
    process = subprocess.Popen(
        command,
        cwd=cwd,
        env={**isolated_jupyter_env(home_dir), **(extra_env or {})},
        stdout=log_file,
        stderr=subprocess.STDOUT,
        stdin=subprocess.DEVNULL,
    )
    log_file.close()
    return process, log_path


def start_jupyterlab(root_dir: Path, home_dir: Path, token: str = "browser-tests",
                     extra_env: dict[str, str] | None = None) -> Server:
    """JupyterLab serving ``root_dir`` (its working directory too, where nbgrader looks for its config)."""
    port = free_loopback_port()
    home_dir.mkdir(parents=True, exist_ok=True)
    command = [
        sys.executable, "-m", "jupyter", "lab",
        "--no-browser",
        f"--ServerApp.port={port}",
        "--ServerApp.port_retries=0",
        "--ServerApp.ip=127.0.0.1",
        f"--IdentityProvider.token={token}",
        f"--ServerApp.root_dir={root_dir}",
        f"--LabApp.app_settings_dir={lab_app_settings_dir(home_dir)}",
        f"--LabApp.user_settings_dir={home_dir / 'lab-user-settings'}",
        f"--LabApp.workspaces_dir={home_dir / 'lab-workspaces'}",
        "--LabServerApp.open_browser=False",
    ]
    if hasattr(os, "geteuid") and os.geteuid() == 0:
        command.append("--allow-root")
    process, log_path = launch(command, root_dir, home_dir, "jupyterlab", extra_env)
    base_url = f"http://127.0.0.1:{port}"
    wait_until_serving(f"{base_url}/api/status?token={token}", process, log_path)
    return Server(process, base_url, token, log_path, root_dir)


def start_voila(app_dir: Path, home_dir: Path, token: str = "browser-tests") -> Server:
    """Voila serving every notebook in ``app_dir`` at ``/voila/render/<name>.ipynb``."""
    port = free_loopback_port()
    home_dir.mkdir(parents=True, exist_ok=True)
    command = [
        sys.executable, "-m", "voila", str(app_dir),
        "--no-browser",
        f"--port={port}",
        "--Voila.ip=127.0.0.1",
        f"--token={token}",
        "--preheat_kernel=True",  # as the README serves the apps: the page arrives already run
        "--show_tracebacks=True",  # a failing app names its error on the page, not only "an error"
    ]
    process, log_path = launch(command, app_dir, home_dir, "voila")
    base_url = f"http://127.0.0.1:{port}"
    wait_until_serving(f"{base_url}/?token={token}", process, log_path)
    return Server(process, base_url, token, log_path, app_dir)


# A slider and a one-line ipympl plot: the baseline an explorer is measured against.
ONE_LINE_PLOT = """\
%matplotlib widget
import ipywidgets as widgets
import matplotlib.pyplot as plt
import numpy as np

x = np.linspace(0, 2 * np.pi, 200)
figure, axes = plt.subplots(figsize=(5, 3))
(line,) = axes.plot(x, np.sin(x))
frequency = widgets.FloatSlider(value=1.0, min=0.5, max=3.0, step=0.1, description="Frequency")
frequency.observe(lambda change: (line.set_ydata(np.sin(change["new"] * x)), figure.canvas.draw_idle()), "value")
frequency"""


def write_notebook(path: Path, *code_sources: str) -> Path:
    """A notebook of code cells on the python3 kernel (for checks and benchmarks)."""
    import nbformat

    notebook = nbformat.v4.new_notebook()
    notebook.metadata["kernelspec"] = {"name": "python3", "display_name": "Python 3", "language": "python"}
    notebook.cells = [nbformat.v4.new_code_cell(source) for source in code_sources]
    path.parent.mkdir(parents=True, exist_ok=True)
    nbformat.write(notebook, path)
    return path


def shut_down_kernels(server: Server) -> None:
    """Stop every kernel the server runs, so finished lessons do not hold memory or CPU."""
    request = urllib.request.Request(server.url("api/kernels"))
    with urllib.request.urlopen(request, timeout=10) as response:
        kernels = json.load(response)
    for kernel in kernels:
        delete = urllib.request.Request(server.url(f"api/kernels/{kernel['id']}"), method="DELETE")
        with urllib.request.urlopen(delete, timeout=10):
            pass


def copy_for_server(destination: Path, folders: list[str]) -> Path:
    """Copy the repository folders a server needs, so autosave never dirties the repository.

    Raises FileNotFoundError for a folder that is not there: a deleted ``lessons/`` must fail
    the browser tests, not leave them with nothing to open.
    """
    ignore = shutil.ignore_patterns(".ipynb_checkpoints", "__pycache__", "*.pyc")
    missing = [folder for folder in folders if not (REPO_ROOT / folder).is_dir()]
    if missing:
        raise FileNotFoundError(f"no folder {', '.join(missing)} in {REPO_ROOT}")
    destination.mkdir(parents=True, exist_ok=True)
    for folder in folders:
        shutil.copytree(REPO_ROOT / folder, destination / folder, ignore=ignore, dirs_exist_ok=True)
    return destination


def artifact_name(text: str) -> str:
    """A file-name-safe version of a test id, for screenshots."""
    return re.sub(r"[^A-Za-z0-9_.-]+", "_", text).strip("_")
