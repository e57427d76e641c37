"""How fast the course feels in a real browser: headless Chromium on JupyterLab and Voila.

Steps:
1. Copy ``apps/`` to a temporary folder and add a baseline notebook: a slider beside a
   one-line ipympl plot (the simplest live figure ipympl can show).
2. JupyterLab: open each notebook, wait for an idle kernel, choose Run > Run All Cells and
   time until the first figure shows: the explorer's figure image (``.rtc-figure img``)
   loaded, or the plot's ipympl canvas attached ("Run All to first widget").
3. In the same pages: Tab to the slider, then press the arrow keys (alternately left and
   right, at least 20 presses) and time, in the page's clock, from each keydown to the
   figure showing the new frame: for the explorer, its image's ``data-frame`` counter has
   gone up and the new image has loaded; for the plot, ipympl's next draw on its canvas
   ("keypress to figure updated").
4. Voila: time from navigation to the first figure shown, for each app.
Prints the figures beside the goals; asserts nothing (the goals belong in the closing note).

Run from the repository's root: ``.venv/bin/python benchmarks/browser.py [--presses 20] [--voila-visits 3]``
(the page helpers are the browser tests' own, from ``tests/support/``).
"""

from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "tests"))

from support import browser_session  # noqa: E402
from support import notebook_pages  # noqa: E402

GOAL_RUN_ALL_TO_WIDGET_S = 1.5
GOAL_VOILA_TO_WIDGET_S = 2.5
# (name shown, notebook file, label of the slider to press)
SUBJECTS = [
    ("HipExtensionExplorer", "hip_extension_explorer.ipynb", "Hip extension available (deg)"),
    ("one-line ipympl plot", "one_line_plot.ipynb", "Frequency"),
]

FIGURE_SHOWN_JS = """(selector) => [...document.querySelectorAll(selector)]
    .some(element => element instanceof HTMLCanvasElement || (element.complete && element.naturalWidth > 0))"""
# The explorer's frame counter (None for an ipympl plot).
FRAME_JS = f"""() => {{ const img = document.querySelector({notebook_pages.EXPLORER_FIGURE!r});
                       return img ? Number(img.dataset.frame) : null; }}"""


def keypress_latencies_ms(page, presses: int) -> list[float]:
    """Milliseconds from keydown to the figure's next frame shown, for alternate left and right presses.

    The explorer's image counts a frame when its ``data-frame`` went up and the image fired
    ``load``; ipympl's canvas when ipympl drew on it (both recorded by RECORD_FIGURE_DRAWS).
    """
    latencies = []
    for number in range(presses):
        notebook_pages.wait_for_figure_to_settle(page, quiet_ms=300)
        pressed_at = page.evaluate("() => performance.now()")
        frame_before = page.evaluate(FRAME_JS)
        page.keyboard.press("ArrowLeft" if number % 2 == 0 else "ArrowRight")
        page.wait_for_function(
            f"""([since, frameBefore]) => (frameBefore === null || ({FRAME_JS})() > frameBefore)
                && (window.__figureDraws || []).some(t => t > since)""",
            arg=[pressed_at, frame_before],
            timeout=10_000,
            polling="raf",
        )
        latencies.append(page.evaluate(
            """(since) => {
                const keydown = window.__lastKeydown;
                const draw = window.__figureDraws.find(t => t > since);
                return draw - keydown;
            }""",
            pressed_at,
        ))
    return latencies


RECORD_KEYDOWNS = "document.addEventListener('keydown', () => { window.__lastKeydown = performance.now(); }, true);"


def new_page(browser):
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    context.add_init_script(notebook_pages.RECORD_FIGURE_DRAWS)
    context.add_init_script(RECORD_KEYDOWNS)
    return context, context.new_page()


def measure_lab(browser, server, presses: int) -> dict[str, dict[str, float]]:
    figures = {}
    for name, notebook, label in SUBJECTS:
        context, page = new_page(browser)
        notebook_pages.open_notebook(page, server, f"apps/{notebook}")
        page.locator(".lm-MenuBar-item", has_text="Run").first.click()
        item = page.get_by_role("menuitem", name="Run All Cells", exact=True)
        item.wait_for()
        started = time.perf_counter()
        item.click()
        page.wait_for_function(FIGURE_SHOWN_JS, arg=notebook_pages.ANY_FIGURE, polling="raf", timeout=120_000)
        run_all_to_widget_s = time.perf_counter() - started
        notebook_pages.wait_for_run_all_to_finish(page)
        notebook_pages.wait_for_widgets_rendered(page)
        page.keyboard.press("Escape")
        notebook_pages.tab_to_slider(page, label)
        latencies = keypress_latencies_ms(page, presses)
        figures[name] = {
            "run_all_to_widget_s": run_all_to_widget_s,
            "keypress_median_ms": statistics.median(latencies),
            "keypress_p90_ms": sorted(latencies)[int(0.9 * (len(latencies) - 1))],
            "presses": len(latencies),
        }
        context.close()
        browser_session.shut_down_kernels(server)
    return figures


def measure_voila(browser, server, visits: int) -> dict[str, float]:
    figures = {}
    for name, notebook, _ in SUBJECTS:
        times = []
        for _ in range(visits):
            context, page = new_page(browser)
            started = time.perf_counter()
            notebook_pages.open_voila_app(page, server, notebook)
            times.append(time.perf_counter() - started)
            context.close()
        figures[name] = statistics.median(times)
    return figures


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--presses", type=int, default=20, help="arrow-key presses per subject (>= 20)")
    parser.add_argument("--voila-visits", type=int, default=3, help="page loads per Voila app (median)")
    arguments = parser.parse_args()
    from playwright.sync_api import sync_playwright

    with tempfile.TemporaryDirectory() as scratch:
        scratch = Path(scratch)
        root = browser_session.copy_for_server(scratch / "root", ["apps"])
        browser_session.write_notebook(root / "apps" / "one_line_plot.ipynb", browser_session.ONE_LINE_PLOT)
        lab = browser_session.start_jupyterlab(root, scratch / "lab-home")
        voila = browser_session.start_voila(root / "apps", scratch / "voila-home")
        try:
            with sync_playwright() as playwright:
                browser = browser_session.launch_chromium(playwright)
                lab_figures = measure_lab(browser, lab, max(20, arguments.presses))
                voila_figures = measure_voila(browser, voila, arguments.voila_visits)
                browser.close()
        finally:
            lab.stop()
            voila.stop()

    print(f"Chromium at {browser_session.find_chromium()}; both subjects measured in this run\n")
    print(f"{'subject':24} {'Run All->widget':>16} {'key->figure median':>19} {'p90':>8} {'Voila->widget':>14}")
    for name, _, _ in SUBJECTS:
        lab_row = lab_figures[name]
        print(f"{name:24} {lab_row['run_all_to_widget_s']:>14.2f} s {lab_row['keypress_median_ms']:>16.0f} ms"
              f" {lab_row['keypress_p90_ms']:>5.0f} ms {voila_figures[name]:>12.2f} s   ({lab_row['presses']} presses)")
    explorer, baseline = (lab_figures[name] for name, _, _ in SUBJECTS)
    print("\nGoals:")
    print(f"  explorer keypress->figure no slower than the one-line plot: "
          f"{explorer['keypress_median_ms']:.0f} ms vs {baseline['keypress_median_ms']:.0f} ms")
    print(f"  Run All to first widget <= {GOAL_RUN_ALL_TO_WIDGET_S} s: {explorer['run_all_to_widget_s']:.2f} s")
    print(f"  Voila to widget <= {GOAL_VOILA_TO_WIDGET_S} s: {voila_figures['HipExtensionExplorer']:.2f} s")


if __name__ == "__main__":
    main()
