"""The one Chromium of a test session, shared by the browser and the site suites.

Playwright's sync API allows one running instance per process: a second ``sync_playwright()``
while the first is open fails ("Sync API inside the asyncio loop"), so every suite that
needs a browser takes this session's ``browser`` fixture (registered in tests/conftest.py).
A missing browser skips with its reason, and fails instead when ``REQUIRE_BROWSER=1`` or
``CI`` is set.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from support import browser_session, capability


def browser_required() -> str | None:
    """Which setting makes a missing browser a failure (``REQUIRE_BROWSER=1`` or ``CI``), or None."""
    return capability.required_by()


def browser_unavailable(reason: str):
    capability.unavailable(reason)


@pytest.fixture(scope="session")
def chromium_executable() -> Path:
    executable = browser_session.find_chromium()
    if executable is None:
        browser_unavailable("no Chromium at /usr/bin/chromium or on PATH (Debian: apt-get install chromium)")
    return executable


@pytest.fixture(scope="session")
def browser(chromium_executable):
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        browser_unavailable("the playwright Python package is not installed")
    with sync_playwright() as playwright:
        chromium = browser_session.launch_chromium(playwright, chromium_executable)
        yield chromium
        chromium.close()
