"""Every lesson, opened in JupyterLab and run with Run All, shows what a learner should see."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import pytest

from support import browser_session
from support import notebook_pages

pytestmark = pytest.mark.browser

LESSONS = sorted((browser_session.REPO_ROOT / "lessons").glob("*.ipynb"))


@dataclass
class LessonRun:
    """What JupyterLab showed after Run All on one lesson."""

    tracebacks: list[str]
    page_errors: list[str]
    unrendered_widgets: list[str]
    figures_without_canvas: int
    figure_canvases: int
    screenshot: Path


@pytest.fixture(scope="module", params=LESSONS, ids=[lesson.stem for lesson in LESSONS])
def lesson_run(request, browser, lab_server, artifacts_dir) -> LessonRun:
    """Open one lesson, Run All, wait for the kernel to be idle and every widget to render."""
    lesson = request.param
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    page = context.new_page()
    problems = notebook_pages.watch_for_problems(page)
    screenshot = artifacts_dir / f"lesson-{browser_session.artifact_name(lesson.stem)}.png"
    try:
        notebook_pages.open_notebook(page, lab_server, f"lessons/{lesson.name}")
        notebook_pages.run_all_cells(page)
        notebook_pages.wait_for_run_all_to_finish(page)
        try:
            notebook_pages.wait_for_widgets_rendered(page)
        except Exception:  # reported below as unrendered widgets or figures without canvas
            pass
        page.screenshot(path=str(screenshot))
        return LessonRun(
            tracebacks=notebook_pages.traceback_outputs(page),
            page_errors=list(problems.page_errors),
            unrendered_widgets=notebook_pages.unrendered_widget_outputs(page),
            figures_without_canvas=notebook_pages.figures_without_canvas(page),
            figure_canvases=notebook_pages.count_figure_canvases(page),
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
    assert lesson_run.unrendered_widgets == []


def test_every_figure_in_lesson_has_its_canvas_attached(lesson_run):
    assert lesson_run.figures_without_canvas == 0


def test_lesson_screenshot_is_saved_as_artifact(lesson_run):
    assert lesson_run.screenshot.stat().st_size > 10_000
