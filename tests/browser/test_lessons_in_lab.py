"""Every lesson, opened in JupyterLab and run with Run All, shows what a learner should see.

After Run All: no traceback and no script error; every widget rendered (none left at
"Loading widget..." or "Error displaying widget"); every explorer shows its figure and its
text twin in an ``aria-live`` region; every image in an output has loaded and has alt text;
axe-core finds no serious or critical violation in the course's content (the rendered text
cells and every output; JupyterLab's own interface is not audited here).
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import pytest

from support import browser_session
from support import notebook_pages
from support.paths import LESSONS

pytestmark = pytest.mark.browser


# What the course wrote and computed: rendered text cells and outputs.
COURSE_CONTENT = [f"{notebook_pages.VISIBLE_NOTEBOOK} .jp-MarkdownOutput",
                  f"{notebook_pages.VISIBLE_NOTEBOOK} .jp-OutputArea-output"]


def test_there_are_lessons_to_run():
    assert LESSONS, f"no lesson notebooks in {browser_session.REPO_ROOT / 'lessons'}"


@dataclass
class LessonRun:
    """What JupyterLab showed after Run All on one lesson."""

    tracebacks: list[str]
    page_errors: list[str]
    render_timeout: str | None  # why the wait for every widget to render gave up, if it did
    unrendered_widgets: list[str]
    figures_without_canvas: int
    explorer_problems: list[str]
    image_problems: list[str]
    axe_violations: list[dict]
    screenshot: Path


@pytest.fixture(scope="module", params=LESSONS, ids=[lesson.stem for lesson in LESSONS])
def lesson_run(request, browser, lab_server, artifacts_dir) -> LessonRun:
    """Open one lesson, Run All, wait for the kernel to be idle and every widget to render."""
    from playwright.sync_api import TimeoutError as PlaywrightTimeoutError  # there: `browser` checked

    lesson = request.param
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    page = context.new_page()
    problems = notebook_pages.watch_for_problems(page)
    screenshot = artifacts_dir / f"lesson-{browser_session.artifact_name(lesson.stem)}.png"
    try:
        notebook_pages.open_notebook(page, lab_server, f"lessons/{lesson.name}")
        notebook_pages.run_all_cells(page)
        notebook_pages.wait_for_run_all_to_finish(page)
        render_timeout = None
        try:
            notebook_pages.wait_for_widgets_rendered(page)
        except PlaywrightTimeoutError as error:  # what is still unrendered is reported below
            render_timeout = str(error)
        page.screenshot(path=str(screenshot))
        return LessonRun(
            tracebacks=notebook_pages.traceback_outputs(page),
            page_errors=list(problems.page_errors),
            render_timeout=render_timeout,
            unrendered_widgets=notebook_pages.unrendered_widget_outputs(page),
            figures_without_canvas=notebook_pages.figures_without_canvas(page),
            explorer_problems=notebook_pages.explorer_problems(page),
            image_problems=notebook_pages.image_problems(page),
            axe_violations=notebook_pages.axe_violations(page, COURSE_CONTENT),
            screenshot=screenshot,
        )
    except Exception:
        page.screenshot(path=str(screenshot))
        raise
    finally:
        context.close()
        browser_session.shut_down_kernels(lab_server)


def test_lesson_shows_no_traceback_after_run_all(lesson_run):
    assert lesson_run.tracebacks == [], "\n\n".join(lesson_run.tracebacks)


def test_lesson_page_raises_no_script_error(lesson_run):
    assert lesson_run.page_errors == []


def test_every_widget_in_lesson_renders(lesson_run):
    assert (lesson_run.render_timeout, lesson_run.unrendered_widgets) == (None, []), (
        f"{lesson_run.unrendered_widgets}; screenshot {lesson_run.screenshot}")


def test_every_figure_in_lesson_has_its_canvas_attached(lesson_run):
    assert lesson_run.figures_without_canvas == 0


def test_every_explorer_shows_its_figure_and_its_text_twin(lesson_run):
    assert lesson_run.explorer_problems == []


def test_every_image_in_lesson_has_loaded_and_has_alt_text(lesson_run):
    assert lesson_run.image_problems == []


def test_axe_finds_no_serious_violation_in_the_lessons_content(lesson_run):
    assert notebook_pages.serious(lesson_run.axe_violations) == [], lesson_run.screenshot
