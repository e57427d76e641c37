"""Shared test set-up: an empty runner profile, headless matplotlib, the venv on PATH."""

import os
import sys
from pathlib import Path

import pytest


# nbgrader and jupyter start helper programs (alembic, kernels) by name.
os.environ["PATH"] = str(Path(sys.executable).parent) + os.pathsep + os.environ.get("PATH", "")
os.environ.setdefault("MPLBACKEND", "Agg")


@pytest.fixture(autouse=True)
def empty_runner_profile(tmp_path_factory, monkeypatch):
    """Every test starts from the model's defaults, never from the developer's own profile."""
    path = tmp_path_factory.mktemp("profile") / "profile.json"
    monkeypatch.setenv("RUNNING_COURSE_PROFILE", str(path))
    return path
