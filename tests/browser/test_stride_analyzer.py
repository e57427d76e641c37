"""The StrideAnalyzer in Voila: a mouse click on the picture marks the chosen joint where it was
clicked, at the picture's full size and when the page shows it smaller (a narrow window).

The page's text twin says the chosen joint's position in the clip's pixels; the test works out
where the click was in those pixels from the image's box on screen and its own size, and
expects the twin within 2 px. (Tab order, axe-core and fitting one laptop screen are checked
for this app with every other one in test_explorers.py.)
"""

from __future__ import annotations

import re

import pytest

from widgets.video import demo_landmarks

from support import notebook_pages

pytestmark = pytest.mark.browser

APP = "stride_analyzer.ipynb"
FIGURE = notebook_pages.EXPLORER_FIGURE


def chosen_joint_position(page, joint: str, timeout_ms: float = 10_000) -> tuple[float, float] | None:
    """The chosen joint's (x, y) in clip pixels as the text twin states it, once it names ``joint``."""
    pattern = rf"the chosen joint, {joint}, is at x (\d+), y (\d+) px"
    page.wait_for_function(
        "([selector, pattern]) => new RegExp(pattern).test(document.querySelector(selector).textContent)",
        arg=[notebook_pages.SUMMARY, pattern], timeout=timeout_ms)
    found = re.search(pattern, notebook_pages.summary_text(page))
    return float(found.group(1)), float(found.group(2))


def click_and_read(page, joint: str, share: tuple[float, float]) -> tuple[tuple[float, float], tuple[float, float]]:
    """Choose ``joint``, click the picture at ``share`` of its width and height; (expected, stated)."""
    page.get_by_label(joint, exact=True).check()
    page.wait_for_function(
        "([selector, text]) => document.querySelector(selector).textContent.includes(text)",
        arg=[notebook_pages.SUMMARY, f"the chosen joint, {joint},"], timeout=10_000)
    image = page.locator(FIGURE).first
    box = image.bounding_box()
    natural = image.evaluate("img => [img.naturalWidth, img.naturalHeight]")
    before = notebook_pages.summary_text(page)
    offset = {"x": share[0] * box["width"], "y": share[1] * box["height"]}
    image.click(position=offset)
    notebook_pages.wait_for_summary_change(page, before)
    clip_per_picture = demo_landmarks.SIZE[0] / natural[0]
    expected = (offset["x"] * natural[0] / box["width"] * clip_per_picture,
                offset["y"] * natural[1] / box["height"] * clip_per_picture)
    page.wait_for_function(
        "([selector, x]) => document.querySelector(selector).textContent.includes(`is at x ${x},`)",
        arg=[notebook_pages.SUMMARY, round(expected[0])], timeout=10_000)
    return expected, chosen_joint_position(page, joint)


@pytest.fixture(scope="module")
def clicks(browser, voila_server, artifacts_dir):
    """One visit: a click at the picture's own size, then one with the picture shown smaller."""
    context = browser.new_context(viewport={"width": 1366, "height": 768})
    page = context.new_page()
    problems = notebook_pages.watch_for_problems(page)
    try:
        notebook_pages.open_voila_app(page, voila_server, APP)
        page.wait_for_selector(notebook_pages.SUMMARY)
        full_width = page.locator(FIGURE).first.bounding_box()["width"]
        full = click_and_read(page, "right knee", (0.3, 0.6))
        page.set_viewport_size({"width": 500, "height": 700})  # the picture shrinks to the page's width
        page.wait_for_timeout(300)
        small_width = page.locator(FIGURE).first.bounding_box()["width"]
        small = click_and_read(page, "left ankle", (0.7, 0.25))
        return {"full": (full_width, *full), "small": (small_width, *small), "errors": list(problems.page_errors)}
    except Exception:
        page.screenshot(path=str(artifacts_dir / "FAILED-voila-stride-analyzer-clicks.png"))
        raise
    finally:
        context.close()


def test_a_click_marks_the_chosen_joint_where_it_was_clicked(clicks):
    width, expected, stated = clicks["full"]
    assert width == pytest.approx(640, abs=1)  # the picture at its own size
    assert abs(stated[0] - expected[0]) <= 2 and abs(stated[1] - expected[1]) <= 2, (expected, stated)


def test_a_click_on_a_picture_shown_smaller_marks_the_same_clip_point(clicks):
    width, expected, stated = clicks["small"]
    assert width < 600  # scaled down by CSS
    assert abs(stated[0] - expected[0]) <= 2 and abs(stated[1] - expected[1]) <= 2, (expected, stated)


def test_clicking_raises_no_script_error(clicks):
    assert clicks["errors"] == []
