"""Simulate Binder's build in a fresh virtual environment (slow: installs everything)."""

import json
import os
import shutil
import subprocess
import sys
import venv

import pytest

from support.paths import ROOT

pytestmark = pytest.mark.slow


@pytest.fixture(scope="module")
def binder_env(tmp_path_factory):
    """A new venv with binder/postBuild run in it from a copy of the repository, as repo2docker does."""
    workdir = tmp_path_factory.mktemp("binder")
    repo = workdir / "repo"
    shutil.copytree(ROOT, repo, ignore=shutil.ignore_patterns(
        ".git", ".venv", "build", "*.egg-info", "test-artifacts", "__pycache__", ".hypothesis"))
    prefix = workdir / "env"
    venv.EnvBuilder(with_pip=True).create(prefix)
    bin_dir = prefix / "bin"
    env = {**os.environ, "PATH": f"{bin_dir}{os.pathsep}{os.environ['PATH']}", "VIRTUAL_ENV": str(prefix)}
    env.pop("PYTHONPATH", None)
    subprocess.run(["bash", "binder/postBuild"], cwd=repo, env=env, check=True,
                   capture_output=True, text=True)
    return prefix, env


def test_postbuild_makes_the_package_importable(binder_env):
    prefix, env = binder_env
    out = subprocess.run([str(prefix / "bin/python"), "-c", "import widgets, sys; print(widgets.__file__)"],
                         cwd="/", env=env, capture_output=True, text=True, check=True)
    assert str(prefix) in out.stdout, "widgets must come from the new environment, not the checkout"


def test_widgets_ipympl_and_nbgrader_lab_extensions_are_enabled(binder_env):
    prefix, env = binder_env
    out = subprocess.run([str(prefix / "bin/jupyter"), "labextension", "list"], env=env,
                         capture_output=True, text=True, check=True)
    listing = out.stdout + out.stderr
    for extension in ("@jupyter-widgets/jupyterlab-manager", "jupyter-matplotlib", "@jupyter/nbgrader"):
        line = next((l for l in listing.splitlines() if extension in l), "")
        assert "enabled" in line and "OK" in line, f"{extension} not enabled:\n{listing}"


def test_the_news_pop_up_is_turned_off(binder_env):
    prefix, _ = binder_env
    settings = json.loads((prefix / "share/jupyter/lab/settings/overrides.json").read_text())
    notification = settings["@jupyterlab/apputils-extension:notification"]
    assert notification == {"fetchNews": "false", "checkForUpdates": False}


def test_binder_pins_a_supported_python():
    version = (ROOT / "binder/runtime.txt").read_text().strip()
    assert version.startswith("python-3.") and int(version.split(".")[1]) >= 10
    assert sys.version_info >= (3, 10)
