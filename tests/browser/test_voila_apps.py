"""Each explorer's Voila app shows a title, its prompt and the widget, and answers a slider.

Voila runs ``apps/<name>.ipynb`` and hides its code. Moving the first slider by keyboard must
change the text twin and repaint the figure. With ``UPDATE_SCREENSHOTS=1`` the
HipExtensionExplorer's app, moved from 10 to 8 deg of hip extension (a reach shortfall),
becomes the README's screenshot ``docs/hip_extension_explorer.png``.
"""

from __future__ import annotations

import importlib
import os
import re

import nbformat
import pytest

from support import browser_session
from support import notebook_pages

pytestmark = pytest.mark.browser

README_SCREENSHOT = browser_session.REPO_ROOT / "docs" / "hip_extension_explorer.png"
APPS = sorted((browser_session.REPO_ROOT / "apps").glob("*.ipynb"))


def explorer_class_name(app) -> str:
    """The class the app's code cell imports from ``widgets``."""
    code = "\n".join(cell.source for cell in nbformat.read(app, as_version=4).cells if cell.cell_type == "code")
    return re.search(r"from widgets import (\w+)", code).group(1)


def app_title(app) -> str:
    first = nbformat.read(app, as_version=4).cells[0].source
    return re.search(r"^# (.+)$", first, flags=re.MULTILINE).group(1).strip()


def import_failure(class_name: str) -> str | None:
    """Why ``widgets.<class_name>`` cannot be imported yet, or None when it can."""
    try:
        getattr(importlib.import_module("widgets"), class_name)
    except (ImportError, AttributeError) as error:
        return f"{class_name} cannot be imported: {error}"
    return None


def save_readme_screenshot(page) -> None:
    """The whole explorer, text twin included: Voila scrolls inside the page, so the viewport must hold it all."""
    page.set_viewport_size({"width": 1000, "height": 1600})
    notebook_pages.wait_for_figure_to_settle(page)
    README_SCREENSHOT.parent.mkdir(parents=True, exist_ok=True)
    page.locator(".course-explorer").first.screenshot(path=str(README_SCREENSHOT))


@pytest.fixture(scope="module", params=APPS, ids=[app.stem for app in APPS])
def voila_visit(request, browser, voila_server, artifacts_dir):
    """Open one app in Voila, Tab to its first slider and move it with an arrow key."""
    app = request.param
    reason = import_failure(explorer_class_name(app))
    if reason:
        pytest.skip(reason)
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    context.add_init_script(notebook_pages.RECORD_FIGURE_DRAWS)
    page = context.new_page()
    problems = notebook_pages.watch_for_problems(page)
    try:
        notebook_pages.open_voila_app(page, voila_server, app.name)
        page.wait_for_selector(notebook_pages.SUMMARY)
        shown = {
            "title": page.locator("h1").first.inner_text().strip(),
            "text": page.locator("body").inner_text(),
            "outputs": page.locator(".jp-OutputArea-output").count(),
            "summary": notebook_pages.summary_text(page),
            "canvas": notebook_pages.canvas_image(page),
        }
        notebook_pages.tab_to_slider(page)
        notebook_pages.press_arrow_away_from_end(page, presses=4)
        shown["summary_after"] = notebook_pages.wait_for_summary_change(page, shown["summary"])
        shown["canvas_after"] = notebook_pages.wait_for_canvas_change(page, shown["canvas"])
        shown["page_errors"] = list(problems.page_errors)
        notebook_pages.wait_for_figure_to_settle(page)
        page.screenshot(path=str(artifacts_dir / f"voila-{browser_session.artifact_name(app.stem)}.png"))
        if app.stem == "hip_extension_explorer" and os.environ.get("UPDATE_SCREENSHOTS") == "1":
            save_readme_screenshot(page)
        return app, shown
    except Exception:
        page.screenshot(path=str(artifacts_dir / f"FAILED-voila-{browser_session.artifact_name(app.stem)}.png"))
        raise
    finally:
        context.close()


def test_app_shows_the_notebook_title(voila_visit):
    app, shown = voila_visit
    assert shown["title"] == app_title(app)


def test_app_hides_its_code(voila_visit):
    app, shown = voila_visit
    assert f"import {explorer_class_name(app)}" not in shown["text"]


def test_app_shows_only_the_widget_as_output(voila_visit):
    _, shown = voila_visit
    assert shown["outputs"] == 1


def test_moving_a_slider_changes_the_text_twin(voila_visit):
    _, shown = voila_visit
    assert shown["summary_after"] != shown["summary"]


def test_moving_a_slider_repaints_the_figure(voila_visit):
    _, shown = voila_visit
    assert shown["canvas_after"] != shown["canvas"]


def test_app_page_raises_no_script_error(voila_visit):
    _, shown = voila_visit
    assert shown["page_errors"] == []
