"""Fixtures for the browser tests: one JupyterLab, one Voila and one Chromium per session.

A browser test skips with its reason where Chromium (or the playwright package) is missing,
and fails instead when ``REQUIRE_BROWSER=1`` or ``CI`` is set (to anything but empty, ``0``
or ``false``). Nothing else skips: the course's modules are imported plainly, so an explorer
that cannot be imported fails its tests. Screenshots go to
``test-artifacts/browser/``; ``UPDATE_SCREENSHOTS=1`` also refreshes the README's screenshot
in ``docs/``.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from support import browser_session
from support import notebook_pages

REPO_ROOT = browser_session.REPO_ROOT
ARTIFACTS_DIR = REPO_ROOT / "test-artifacts" / "browser"
# The notebooks JupyterLab serves (every one must exist); the course's package and its
# media come from the install, not from these copies.
LAB_FOLDERS = ["lessons", "apps"]


from support.browser_fixtures import browser_required, browser_unavailable  # noqa: E402,F401


@pytest.fixture(scope="session")
def artifacts_dir() -> Path:
    ARTIFACTS_DIR.mkdir(parents=True, exist_ok=True)
    return ARTIFACTS_DIR


@pytest.fixture(scope="session")
def lab_root(tmp_path_factory) -> Path:
    """A temporary copy of the lessons and apps: JupyterLab's autosave writes here."""
    return browser_session.copy_for_server(tmp_path_factory.mktemp("lab-root"), LAB_FOLDERS)


@pytest.fixture(scope="session")
def lab_server(browser, lab_root, tmp_path_factory):
    server = browser_session.start_jupyterlab(lab_root, tmp_path_factory.mktemp("lab-home"))
    yield server
    server.stop()


@pytest.fixture(scope="session")
def voila_server(browser, tmp_path_factory):
    app_dir = browser_session.copy_for_server(tmp_path_factory.mktemp("voila-root"), ["apps"]) / "apps"
    server = browser_session.start_voila(app_dir, tmp_path_factory.mktemp("voila-home"))
    yield server
    server.stop()


@pytest.fixture
def new_page(browser, artifacts_dir, request):
    """A factory of fresh pages (own context, so no state leaks between tests).

    Each page records page errors and console errors (``page.problems``) and when ipympl
    draws on a figure canvas; a failing test leaves a screenshot of every page it opened.
    """
    contexts = []

    def open_page():
        context = browser.new_context(viewport={"width": 1280, "height": 900})
        context.add_init_script(notebook_pages.RECORD_FIGURE_DRAWS)
        contexts.append(context)
        page = context.new_page()
        page.problems = notebook_pages.watch_for_problems(page)
        return page

    yield open_page
    failed = getattr(request.node, "rep_call", None) is not None and request.node.rep_call.failed
    for number, context in enumerate(contexts):
        if failed:
            for page in context.pages:
                page.screenshot(path=str(artifacts_dir / f"FAILED-{browser_session.artifact_name(request.node.name)}-{number}.png"))
        context.close()


@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_makereport(item, call):
    """Keep each phase's report on the test item, so fixtures know whether the test failed."""
    outcome = yield
    report = outcome.get_result()
    setattr(item, f"rep_{report.when}", report)
