"""Simulate Binder's build in a fresh virtual environment (slow: installs everything), and check the wheel.

Binder (repo2docker) runs ``binder/postBuild``, a non-editable ``pip install .``: the lessons
then run from site-packages, so the media must travel inside the wheel.
"""

import base64
import html
import json
import os
import re
import shutil
import subprocess
import sys
import venv
import zipfile

import nbformat
import pytest

from support.paths import LESSONS, ROOT

pytestmark = pytest.mark.slow

COPY_IGNORE = shutil.ignore_patterns(".git", ".venv", "build", "_build", "dist", "*.egg-info", "test-artifacts",
                                     "__pycache__", ".hypothesis", ".pytest_cache", ".ipynb_checkpoints")
MANIFEST = json.loads((ROOT / "exercises_media/manifest.json").read_text(encoding="utf-8"))
#: A lesson that shows both kinds of media (PNG and GIF), executed inside the Binder environment.
MEDIA_LESSON = "04_fixing_imbalances.ipynb"
IMG = re.compile(r'<img src="data:(image/(?:png|gif));base64,([A-Za-z0-9+/=]+)" alt="([^"]+)"')


def copy_of_the_repository(workdir):
    repo = workdir / "repo"
    shutil.copytree(ROOT, repo, ignore=COPY_IGNORE)
    return repo


@pytest.fixture(scope="module")
def binder_env(tmp_path_factory):
    """A new venv with binder/postBuild run in it from a copy of the repository, as repo2docker does."""
    workdir = tmp_path_factory.mktemp("binder")
    repo = copy_of_the_repository(workdir)
    prefix = workdir / "env"
    venv.EnvBuilder(with_pip=True).create(prefix)
    bin_dir = prefix / "bin"
    env = {**os.environ, "PATH": f"{bin_dir}{os.pathsep}{os.environ['PATH']}", "VIRTUAL_ENV": str(prefix)}
    for name in ("PYTHONPATH", "JUPYTER_PATH", "JUPYTER_CONFIG_DIR", "JUPYTER_DATA_DIR"):
        env.pop(name, None)
    subprocess.run(["bash", "binder/postBuild"], cwd=repo, env=env, check=True,
                   capture_output=True, text=True)
    return prefix, env, repo


def test_postbuild_makes_the_package_and_its_media_importable(binder_env):
    prefix, env, _ = binder_env
    code = "import widgets, exercises_media; print(widgets.__file__); print(exercises_media.__file__)"
    out = subprocess.run([str(prefix / "bin/python"), "-c", code],
                         cwd="/", env=env, capture_output=True, text=True, check=True)
    for line in out.stdout.splitlines():
        assert line.startswith(str(prefix)), f"must come from the new environment, not the checkout: {line}"


@pytest.mark.parametrize("lesson", [path.name for path in LESSONS])
def test_every_lesson_runs_in_the_binder_environment_and_shows_its_media(binder_env, tmp_path, lesson):
    """Execute each lesson with the environment's own Jupyter and kernel, from the lessons folder."""
    prefix, env, repo = binder_env
    executed = tmp_path / lesson
    run = subprocess.run([str(prefix / "bin/jupyter"), "nbconvert", "--to", "notebook", "--execute",
                          "--ExecutePreprocessor.timeout=300", "--output", str(executed), lesson],
                         cwd=repo / "lessons", env={**env, "MPLBACKEND": "Agg"},
                         capture_output=True, text=True, timeout=600)
    assert run.returncode == 0, run.stderr[-3000:]
    notebook = nbformat.read(executed, as_version=4)
    errors = [o for c in notebook.cells if c.cell_type == "code" for o in c.outputs if o.output_type == "error"]
    assert not errors, errors[0]["evalue"] if errors else ""
    shown = {}
    for cell in notebook.cells:
        for output in cell.get("outputs", []):
            for mime, data, alt in IMG.findall(output.get("data", {}).get("text/html", "")):
                shown[html.unescape(alt)] = (mime, base64.b64decode(data))
    expected = [e for e in MANIFEST if lesson[:2] in e["lessons"]]
    if lesson == MEDIA_LESSON:
        assert len(expected) >= 2 and any(e["kind"] == "animation" for e in expected)
    for entry in expected:
        assert entry["alt"] in shown, f"{entry['id']} is not shown with its alt text"
        mime, data = shown[entry["alt"]]
        assert mime == ("image/gif" if entry["file"].endswith(".gif") else "image/png")
        assert data == (ROOT / "exercises_media" / entry["file"]).read_bytes()


def test_widgets_ipympl_and_nbgrader_lab_extensions_are_enabled(binder_env):
    prefix, env, _ = binder_env
    out = subprocess.run([str(prefix / "bin/jupyter"), "labextension", "list"], env=env,
                         capture_output=True, text=True, check=True)
    listing = out.stdout + out.stderr
    for extension in ("@jupyter-widgets/jupyterlab-manager", "jupyter-matplotlib", "@jupyter/nbgrader"):
        line = next((l for l in listing.splitlines() if extension in l), "")
        assert "enabled" in line and "OK" in line, f"{extension} not enabled:\n{listing}"


def test_the_news_pop_up_is_turned_off(binder_env):
    prefix, _, _ = binder_env
    settings = json.loads((prefix / "share/jupyter/lab/settings/overrides.json").read_text())
    notification = settings["@jupyterlab/apputils-extension:notification"]
    assert notification == {"fetchNews": "false", "checkForUpdates": False}


def test_binder_pins_a_python_the_package_supports():
    runtime = (ROOT / "binder/runtime.txt").read_text().strip()
    match = re.fullmatch(r"python-(\d+)\.(\d+)", runtime)
    assert match, f"binder/runtime.txt should read python-X.Y, found {runtime!r}"
    pyproject = (ROOT / "pyproject.toml").read_text()
    minimum = re.search(r'^requires-python\s*=\s*">=\s*(\d+)\.(\d+)"', pyproject, re.MULTILINE)
    assert minimum, "pyproject.toml should state requires-python = \">=X.Y\""
    assert tuple(map(int, match.groups())) >= tuple(map(int, minimum.groups()))


def test_the_wheel_carries_every_media_file_and_the_manifest(tmp_path):
    repo = copy_of_the_repository(tmp_path)
    subprocess.run([sys.executable, "-m", "pip", "wheel", str(repo), "--no-deps", "-w", str(tmp_path / "dist")],
                   check=True, capture_output=True, text=True, timeout=600)
    (wheel,) = (tmp_path / "dist").glob("*.whl")
    names = set(zipfile.ZipFile(wheel).namelist())
    media = {f"exercises_media/{e['file']}" for e in MANIFEST} | {"exercises_media/manifest.json"}
    assert media <= names, sorted(media - names)
    for name in media:
        assert zipfile.ZipFile(wheel).read(name) == (ROOT / name).read_bytes()
    assert "widgets/media/show.py" in names and "widgets/learner/question_bank/question_bank.schema.json" in names
