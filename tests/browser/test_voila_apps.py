"""Each explorer's Voila app shows what a learner should see, and answers a slider.

Voila runs ``apps/<name>.ipynb`` and hides its code. The page must show the notebook's
title, its prompt, the explorer's controls (each by its label), its figure (a canvas with
something drawn on it) and its text twin, which states the explorer's numbers for the
values shown and sits in an ``aria-live`` region. Moving the first slider by keyboard must
change the twin to the explorer's sentence for the slider's new value, and repaint the
figure. With ``UPDATE_SCREENSHOTS=1`` the HipExtensionExplorer's app, moved from 10 to 8 deg
of hip extension (a reach shortfall), becomes the README's screenshot
``docs/hip_extension_explorer.png``.

Each app's explorer is imported plainly (``getattr(widgets, name)``): an explorer that cannot
be imported fails its app's tests, it never skips them.
"""

from __future__ import annotations

import os
import re

import nbformat
import pytest

import widgets

from support import browser_session
from support import notebook_pages

pytestmark = pytest.mark.browser

README_SCREENSHOT = browser_session.REPO_ROOT / "docs" / "hip_extension_explorer.png"
APPS = sorted((browser_session.REPO_ROOT / "apps").glob("*.ipynb"))


def test_there_are_apps_to_open():
    assert APPS, f"no app notebooks in {browser_session.REPO_ROOT / 'apps'}"


def code_source(app) -> str:
    return "\n".join(cell.source for cell in nbformat.read(app, as_version=4).cells if cell.cell_type == "code")


def explorer_class_name(app) -> str:
    """The class the app's code cell imports from ``widgets``."""
    found = re.search(r"from widgets import (\w+)", code_source(app))
    assert found, f"{app.name} imports no explorer from widgets"
    return found.group(1)


def app_title(app) -> str:
    first = nbformat.read(app, as_version=4).cells[0].source
    return re.search(r"^# (.+)$", first, flags=re.MULTILINE).group(1).strip()


def app_prompt(app) -> str:
    """The prompt's first sentence as the page renders it (markdown emphasis removed)."""
    first = nbformat.read(app, as_version=4).cells[0].source
    body = re.sub(r"^# .+$", "", first, count=1, flags=re.MULTILINE).strip()
    paragraph = re.sub(r"[*_`]", "", body.split("\n\n")[0])
    return normalized(re.split(r"(?<=[.?!])\s", paragraph)[0])


def normalized(text: str) -> str:
    return " ".join(text.split())


def save_readme_screenshot(page) -> None:
    """The whole explorer, text twin included: Voila scrolls inside the page, so the viewport must hold it all."""
    page.set_viewport_size({"width": 1000, "height": 1600})
    notebook_pages.wait_for_figure_to_settle(page)
    README_SCREENSHOT.parent.mkdir(parents=True, exist_ok=True)
    page.locator(".course-explorer").first.screenshot(path=str(README_SCREENSHOT))


@pytest.fixture(scope="module", params=APPS, ids=[app.stem for app in APPS])
def voila_visit(request, browser, voila_server, artifacts_dir):
    """Open one app in Voila, read what it shows, Tab to its first slider and move it by keyboard.

    Returns the app, the same explorer built here (no profile, as the app's server has none),
    and what the page showed.
    """
    app = request.param
    explorer = getattr(widgets, explorer_class_name(app))(use_profile=False)
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    context.add_init_script(notebook_pages.RECORD_FIGURE_DRAWS)
    page = context.new_page()
    problems = notebook_pages.watch_for_problems(page)
    try:
        notebook_pages.open_voila_app(page, voila_server, app.name)
        page.wait_for_selector(notebook_pages.SUMMARY)
        notebook_pages.wait_for_figure_to_settle(page)
        shown = {
            "title": page.locator("h1").first.inner_text().strip(),
            "text": page.locator("body").inner_text(),
            "explorer_text": page.locator(".course-explorer").first.inner_text(),
            "outputs": page.locator(".jp-OutputArea-output").count(),
            "code_areas": page.eval_on_selector_all(  # code a learner could see (visible, not empty)
                ".jp-CodeCell .jp-InputArea, .jp-CodeMirrorEditor, .cm-editor",
                "areas => areas.filter(area => area.offsetParent !== null && area.innerText.trim()).length"),
            "explorer_problems": notebook_pages.explorer_problems(page),
            "figure_colours": notebook_pages.figure_colours(page),
            "summary": notebook_pages.summary_text(page),
            "live": notebook_pages.live_summary_text(page),
            "canvas": notebook_pages.canvas_image(page),
            "expected_summary": explorer.summary(),  # before the slider moves
        }
        shown["slider"] = notebook_pages.tab_to_slider(page)
        notebook_pages.press_arrow_away_from_end(page, presses=4)
        shown["summary_after"] = notebook_pages.wait_for_summary_change(page, shown["summary"])
        shown["canvas_after"] = notebook_pages.wait_for_canvas_change(page, shown["canvas"])
        notebook_pages.wait_for_figure_to_settle(page)
        shown["slider_value_after"] = notebook_pages.focused_slider_value(page)
        shown["summary_after"] = notebook_pages.summary_text(page)  # after the last press
        shown["page_errors"] = list(problems.page_errors)
        page.screenshot(path=str(artifacts_dir / f"voila-{browser_session.artifact_name(app.stem)}.png"))
        if app.stem == "hip_extension_explorer" and os.environ.get("UPDATE_SCREENSHOTS") == "1":
            save_readme_screenshot(page)
        return app, explorer, shown
    except Exception:
        page.screenshot(path=str(artifacts_dir / f"FAILED-voila-{browser_session.artifact_name(app.stem)}.png"))
        raise
    finally:
        context.close()


def test_app_shows_the_notebook_title(voila_visit):
    app, _, shown = voila_visit
    assert shown["title"] == app_title(app)


def test_app_shows_its_prompt(voila_visit):
    app, _, shown = voila_visit
    assert app_prompt(app) in normalized(shown["text"])


def test_app_shows_every_control_by_its_label(voila_visit):
    _, explorer, shown = voila_visit
    labels = [control.description for control in explorer.controls.values()]
    missing = [label for label in labels if normalized(label) not in normalized(shown["explorer_text"])]
    assert labels and missing == []


def test_app_shows_its_figure_and_its_text_twin(voila_visit):
    _, _, shown = voila_visit
    assert shown["explorer_problems"] == []
    assert shown["figure_colours"] > 2, "the figure canvas is blank"


def test_text_twin_states_the_explorers_numbers(voila_visit):
    _, _, shown = voila_visit
    assert normalized(shown["summary"]) == normalized(shown["expected_summary"])


def test_text_twin_is_announced_by_an_aria_live_region(voila_visit):
    _, _, shown = voila_visit
    assert shown["live"] == shown["summary"].strip()


def test_app_hides_its_code(voila_visit):
    app, _, shown = voila_visit
    code_lines = [line.strip() for line in code_source(app).splitlines() if line.strip()]
    assert shown["code_areas"] == 0
    assert [line for line in code_lines if line in shown["text"]] == []


def test_app_shows_only_the_widget_as_output(voila_visit):
    _, _, shown = voila_visit
    assert shown["outputs"] == 1


def test_moving_a_slider_by_keyboard_updates_the_text_twin_to_the_explorers_numbers(voila_visit):
    _, explorer, shown = voila_visit
    control = next(control for control in explorer.controls.values() if control.description == shown["slider"])
    control.value = type(control.value)(float(shown["slider_value_after"]))  # where the keys put it
    assert shown["summary_after"] != shown["summary"]
    assert normalized(shown["summary_after"]) == normalized(explorer.summary())


def test_moving_a_slider_repaints_the_figure(voila_visit):
    _, _, shown = voila_visit
    assert shown["canvas_after"] != shown["canvas"]


def test_app_page_raises_no_script_error(voila_visit):
    _, _, shown = voila_visit
    assert shown["page_errors"] == []
