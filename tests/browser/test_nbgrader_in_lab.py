"""The nbgrader extension works in JupyterLab started in a copy of ``course/``.

The instructor's and the student's day in the browser: the Nbgrader menu is there, the
Formgrader lists the course's assignment, the Assignment List shows it as released, a
student fetches it and Validate reports on the unanswered notebook. The assignment is
generated and released with nbgrader's Python API into a temporary exchange.
"""

from __future__ import annotations

import os
import shutil

import pytest

from support import browser_session
from support import notebook_pages

pytestmark = pytest.mark.browser

COURSE = browser_session.REPO_ROOT / "course"
ASSIGNMENTS = sorted(path.name for path in (COURSE / "source").glob("*") if path.is_dir())
# What nbgrader generates: never copied into the test's course.
GENERATED = ("release", "submitted", "autograded", "feedback", "gradebook.db", "nbgrader.log", ".ipynb_checkpoints")



def test_the_course_has_assignments_to_show():
    # no skip: an empty or deleted course/source must turn this suite red
    assert ASSIGNMENTS, f"{COURSE / 'source'} holds no assignment"


@pytest.fixture(scope="module")
def released_course(tmp_path_factory):
    """A copy of course/ with its first assignment generated and released to a temporary exchange."""
    from nbgrader.apps import NbGraderAPI
    from traitlets.config.loader import PyFileConfigLoader

    root = tmp_path_factory.mktemp("nbgrader")
    course = root / "course"
    shutil.copytree(COURSE, course, ignore=shutil.ignore_patterns(*GENERATED))
    exchange = root / "exchange"
    exchange.mkdir()
    environment = {"RUNNING_COURSE_EXCHANGE": str(exchange)}
    saved = {name: os.environ.get(name) for name in ("RUNNING_COURSE_EXCHANGE", "PATH")}
    os.environ.update(environment)
    os.environ["PATH"] = browser_session.isolated_jupyter_env(root / "api-home")["PATH"]  # alembic
    try:
        config = PyFileConfigLoader("nbgrader_config.py", path=str(course)).load_config()
        api = NbGraderAPI(config=config)
        assert ASSIGNMENTS, f"{COURSE / 'source'} holds no assignment"
        assignment = ASSIGNMENTS[0]
        for step in (api.generate_assignment, api.release_assignment):
            result = step(assignment)
            assert result["success"], f"{step.__name__} failed:\n{result.get('log', '')}{result.get('error', '')}"
    finally:
        for name, value in saved.items():
            if value is None:
                os.environ.pop(name, None)
            else:
                os.environ[name] = value
    return course, assignment, environment


@pytest.fixture(scope="module")
def course_lab(browser, released_course, tmp_path_factory):
    course, _, environment = released_course
    server = browser_session.start_jupyterlab(course, tmp_path_factory.mktemp("course-lab-home"), extra_env=environment)
    yield server
    server.stop()


@pytest.fixture
def lab_page(new_page, course_lab, request):
    """JupyterLab in a workspace of the test's own (not ``?reset``: the Assignment List's
    expand links change the URL's hash, and JupyterLab re-applies ``reset`` on that)."""
    page = new_page()
    page.goto(course_lab.url(f"lab/workspaces/{request.node.name}"))
    page.wait_for_selector(".lm-MenuBar-item", timeout=notebook_pages.OPEN_TIMEOUT_MS)
    return page


def fetch_released_assignment(page, assignment: str, attempts: int = 5) -> None:
    """Press Fetch on a released assignment until it shows under Downloaded assignments.

    The Assignment List loads its lists twice on opening; a click in between is lost.
    """
    from playwright.sync_api import TimeoutError as PlaywrightTimeoutError

    fetch = page.locator("#released_assignments_list").get_by_role("button", name="Fetch")
    downloaded = page.locator("#fetched_assignments_list a.assignment-notebooks-link", has_text=assignment)
    fetch.first.wait_for(state="visible", timeout=30_000)
    for _ in range(attempts):
        if fetch.count() and fetch.first.is_visible():
            fetch.first.click()
        try:
            downloaded.wait_for(state="visible", timeout=5_000)
            return
        except PlaywrightTimeoutError:
            continue
    raise AssertionError(f"{assignment} never showed under Downloaded assignments after Fetch")


def show_notebooks_of_downloaded_assignment(page, assignment: str, attempts: int = 5) -> None:
    """Expand a downloaded assignment to list its notebooks and their Validate buttons.

    The list is redrawn once more after a fetch, which can swallow the first click.
    """
    from playwright.sync_api import TimeoutError as PlaywrightTimeoutError

    toggle = page.locator("#fetched_assignments_list a.assignment-notebooks-link", has_text=assignment)
    validate = page.locator("#fetched_assignments_list .nested_list_item").get_by_role("button", name="Validate")
    for _ in range(attempts):
        if not validate.first.is_visible():
            toggle.click()
        try:
            validate.first.wait_for(state="visible", timeout=2_000)
            return
        except PlaywrightTimeoutError:
            continue
    raise AssertionError(f"the notebooks of {assignment} never showed under Downloaded assignments")


def test_nbgrader_menu_offers_assignment_list_and_formgrader(lab_page):
    lab_page.locator(".lm-MenuBar-item", has_text="Nbgrader").first.click()
    items = [text.strip() for text in lab_page.locator(".lm-Menu-item").all_inner_texts()]
    assert {"Assignment List", "Formgrader"} <= set(items)


def test_assignment_list_shows_the_released_assignment(lab_page, released_course):
    _, assignment, _ = released_course
    notebook_pages.choose_menu_item(lab_page, "Nbgrader", "Assignment List")
    released = lab_page.locator("#released_assignments_list")
    released.get_by_text(assignment).wait_for()
    assert released.get_by_role("button", name="Fetch").count() == 1


def test_formgrader_lists_the_course_assignment_as_released(lab_page, released_course):
    _, assignment, _ = released_course
    notebook_pages.choose_menu_item(lab_page, "Nbgrader", "Formgrader")
    formgrader = lab_page.frame_locator("iframe").first
    formgrader.get_by_text("Manage Assignments").first.wait_for(timeout=30_000)
    row = formgrader.locator("tr", has_text=assignment).first
    row.wait_for(timeout=30_000)
    cells = [text.strip() for text in row.locator("td").all_inner_texts()]
    # what the instructor reads in the row: the name, that it is released, no submission yet
    assert cells[0] == assignment, cells
    assert "released" in [cell.lower() for cell in cells], cells
    assert "0" in cells, cells


def test_validate_reports_failing_tests_on_the_fetched_unanswered_assignment(lab_page, released_course):
    _, assignment, _ = released_course
    notebook_pages.choose_menu_item(lab_page, "Nbgrader", "Assignment List")
    fetch_released_assignment(lab_page, assignment)
    show_notebooks_of_downloaded_assignment(lab_page, assignment)
    lab_page.locator("#fetched_assignments_list .nested_list_item").get_by_role("button", name="Validate").first.click()
    dialog = lab_page.locator(".jp-Dialog")
    dialog.wait_for(timeout=120_000)
    text = dialog.inner_text()
    assert "Validation Results" in text and "failed" in text, text
