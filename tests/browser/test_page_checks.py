"""The page checks the lesson tests rely on notice what they claim to notice.

Run on two small notebooks written here: a slider beside a one-line ipympl plot, and a
notebook whose second cell raises.
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
