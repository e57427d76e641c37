"""Shared test set-up: an empty runner profile, headless matplotlib, the venv's programs first on PATH."""

import os
import sys
from pathlib import Path

import pytest

from support.browser_fixtures import browser, chromium_executable  # noqa: F401  (session fixtures)


@pytest.fixture(scope="session", autouse=True)
def venv_programs_first_on_path():
    """nbgrader and jupyter start helper programs (alembic, kernels) by name: use this venv's."""
    patch = pytest.MonkeyPatch()
    patch.setenv("PATH", str(Path(sys.executable).parent) + os.pathsep + os.environ.get("PATH", ""))
    patch.setenv("MPLBACKEND", os.environ.get("MPLBACKEND", "Agg"))
    yield
    patch.undo()


@pytest.fixture(autouse=True)
def empty_runner_profile(tmp_path_factory, monkeypatch):
    """Every test starts from the model's defaults, never from the developer's own profile."""
    path = tmp_path_factory.mktemp("profile") / "profile.json"
    monkeypatch.setenv("RUNNING_COURSE_PROFILE", str(path))
    return path
