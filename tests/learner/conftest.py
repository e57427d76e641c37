"""Fixtures shared by the profile store's and the profile form's tests."""

import pytest


@pytest.fixture
def path(tmp_path, monkeypatch):
    """Where the runner profile is read and written in this test (its folder not yet made)."""
    target = tmp_path / "nested" / "profile.json"
    monkeypatch.setenv("RUNNING_COURSE_PROFILE", str(target))
    return target
