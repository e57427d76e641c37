"""The page checks the lesson tests rely on notice what they claim to notice.

Run on three small notebooks written here: a slider beside a one-line ipympl plot, a
notebook whose second cell raises, and HTML outputs shaped like explorers and images, some
complete and some missing a figure, a text twin, an ``aria-live`` region or alt text.
"""

from __future__ import annotations

import pytest

from support import browser_session
from support import notebook_pages

pytestmark = pytest.mark.browser


@pytest.fixture(scope="module")
def check_notebooks(lab_root):
    folder = lab_root / "page_checks"
    browser_session.write_notebook(folder / "one_line_plot.ipynb", browser_session.ONE_LINE_PLOT)
    browser_session.write_notebook(folder / "raises.ipynb", "answer = 42", "1 / 0", "print('never runs')")
    browser_session.write_notebook(
        folder / "explorer_like.ipynb",
        f"from IPython.display import HTML\nHTML({EXPLORER_LIKE_HTML!r})",
    )
    return "page_checks"


def run_all(page, lab_server, path):
    notebook_pages.open_notebook(page, lab_server, path)
    notebook_pages.run_all_cells(page)
    notebook_pages.wait_for_run_all_to_finish(page)


def test_a_raising_cell_is_reported_as_a_traceback(new_page, lab_server, check_notebooks):
    page = new_page()
    try:
        run_all(page, lab_server, f"{check_notebooks}/raises.ipynb")
        tracebacks = notebook_pages.traceback_outputs(page)
    finally:
        browser_session.shut_down_kernels(lab_server)
    assert len(tracebacks) == 1 and "ZeroDivisionError" in tracebacks[0]


def test_a_slider_and_a_one_line_plot_render_with_canvas_attached(new_page, lab_server, check_notebooks):
    page = new_page()
    try:
        run_all(page, lab_server, f"{check_notebooks}/one_line_plot.ipynb")
        notebook_pages.wait_for_widgets_rendered(page)
        rendered = (
            notebook_pages.count_figure_canvases(page),
            notebook_pages.figures_without_canvas(page),
            notebook_pages.unrendered_widget_outputs(page),
            page.locator(".widget-slider [role=slider]").count(),
        )
    finally:
        browser_session.shut_down_kernels(lab_server)
    assert rendered == (1, 0, [], 1)


PIXEL_PNG = "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNkYPhfDwAChwGA60e6kgAAAABJRU5ErkJggg=="
# Four explorer-shaped boxes (complete, bare, twin outside a live region, twin empty) and
# an image without alt text that cannot load.
EXPLORER_LIKE_HTML = f"""
<div class="course-explorer"><img src="data:image/png;base64,{PIXEL_PNG}" alt="A figure">
  <div class="explorer-summary"><div role="status" aria-live="polite">All there.</div></div></div>
<div class="course-explorer"><p>Controls only.</p></div>
<div class="course-explorer"><img src="data:image/png;base64,{PIXEL_PNG}" alt="A figure">
  <div class="explorer-summary"><div>Not announced.</div></div></div>
<div class="course-explorer"><img src="data:image/png;base64,{PIXEL_PNG}" alt="A figure">
  <div class="explorer-summary"><div aria-live="polite"> </div></div></div>
<img src="data:image/png;base64,bm90IGFuIGltYWdl">
"""


def test_explorers_missing_a_figure_or_a_live_text_twin_and_broken_images_are_reported(
        new_page, lab_server, check_notebooks):
    page = new_page()
    try:
        run_all(page, lab_server, f"{check_notebooks}/explorer_like.ipynb")
        page.wait_for_function("() => document.querySelectorAll('.course-explorer').length === 4")
        page.wait_for_function(
            "() => [...document.querySelectorAll('.jp-OutputArea-output img')].every(img => img.complete)")
        explorers = notebook_pages.explorer_problems(page)
        images = notebook_pages.image_problems(page)
    finally:
        browser_session.shut_down_kernels(lab_server)
    assert explorers == [
        "explorer 2 of 4: no figure canvas and no loaded image with alt text",
        "explorer 2 of 4: no text twin (empty or missing .explorer-summary)",
        "explorer 3 of 4: its text twin is not in an aria-live region",
        "explorer 4 of 4: no text twin (empty or missing .explorer-summary)",
    ]
    assert len(images) == 2, images
    assert images[0].endswith("has no alt text") and images[1].endswith("did not load"), images
