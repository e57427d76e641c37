"""What a learner does in JupyterLab and Voila, and what they would see, as page helpers.

Every helper takes a Playwright page; none imports pytest, so ``benchmarks/browser.py``
drives pages the same way the tests do.
"""

from __future__ import annotations

from dataclasses import dataclass, field

FIGURE_CANVAS = ".jupyter-matplotlib-canvas-div"
SUMMARY = ".explorer-summary"
# The notebook a learner looks at (other tabs are hidden).
VISIBLE_NOTEBOOK = ".jp-NotebookPanel:not(.lm-mod-hidden)"
OPEN_TIMEOUT_MS = 60_000
RUN_TIMEOUT_MS = 120_000

# Records, on every page, when ipympl last put pixels on a figure canvas: ipympl draws
# each frame it receives with drawImage, so this is "the figure changed" without polling pixels.
RECORD_FIGURE_DRAWS = """
(() => {
  const draw = CanvasRenderingContext2D.prototype.drawImage;
  window.__figureDraws = [];
  CanvasRenderingContext2D.prototype.drawImage = function (...args) {
    const result = draw.apply(this, args);
    if (this.canvas && this.canvas.closest && this.canvas.closest('.jupyter-matplotlib-canvas-div')) {
      window.__figureDraws.push(performance.now());
    }
    return result;
  };
})();
"""


@dataclass
class PageProblems:
    """Uncaught script errors and console errors seen on a page."""

    page_errors: list[str] = field(default_factory=list)
    console_errors: list[str] = field(default_factory=list)


def watch_for_problems(page) -> PageProblems:
    problems = PageProblems()
    page.on("pageerror", lambda error: problems.page_errors.append(str(error)))
    page.on(
        "console",
        lambda message: problems.console_errors.append(message.text) if message.type == "error" else None,
    )
    return problems


# -- JupyterLab ---------------------------------------------------------------------

def open_notebook(page, server, relative_path: str) -> None:
    """Open a notebook in JupyterLab and wait until its kernel is idle."""
    # ?reset: start from an empty workspace, never one a previous page left behind.
    page.goto(server.url(f"lab/tree/{relative_path}?reset"))
    page.wait_for_selector(f"{VISIBLE_NOTEBOOK} .jp-Cell", timeout=OPEN_TIMEOUT_MS)
    wait_for_kernel_idle(page, OPEN_TIMEOUT_MS)


def wait_for_kernel_idle(page, timeout_ms: float = RUN_TIMEOUT_MS) -> None:
    """The notebook's kernel is connected and idle, and no cell is waiting to run."""
    page.wait_for_function(
        """(notebook) => {
            const indicator = document.querySelector(notebook + ' .jp-Notebook-ExecutionIndicator');
            const statusBar = document.querySelector('#jp-main-statusbar');
            const busyPrompt = [...document.querySelectorAll(notebook + ' .jp-CodeCell .jp-InputArea-prompt')]
                .some(prompt => prompt.textContent.includes('*'));
            return indicator && indicator.dataset.status === 'idle' && !busyPrompt
                && statusBar && /\\|\\s*Idle/.test(statusBar.textContent);
        }""",
        arg=VISIBLE_NOTEBOOK,
        timeout=timeout_ms,
    )


def choose_menu_item(page, menu: str, item: str) -> None:
    """Open a menu of JupyterLab's menu bar and choose an item, as a learner clicks it."""
    page.locator(".lm-MenuBar-item", has_text=menu).first.click()
    page.get_by_role("menuitem", name=item, exact=True).click()


def run_all_cells(page) -> None:
    choose_menu_item(page, "Run", "Run All Cells")


def wait_for_run_all_to_finish(page, timeout_ms: float = RUN_TIMEOUT_MS) -> None:
    """Every code cell ran (or a traceback stopped the run) and the kernel is idle again."""
    page.wait_for_function(
        """(notebook) => {
            const prompts = [...document.querySelectorAll(notebook + ' .jp-CodeCell .jp-InputArea-prompt')];
            const allRan = prompts.every(prompt => /\\[\\d+\\]/.test(prompt.textContent));
            const stopped = [...document.querySelectorAll('.jp-OutputArea-output[data-mime-type="application/vnd.jupyter.stderr"]')]
                .some(output => /Traceback|Cell In\\[\\d+\\]/.test(output.textContent));
            return allRan || stopped;
        }""",
        arg=VISIBLE_NOTEBOOK,
        timeout=timeout_ms,
    )
    wait_for_kernel_idle(page, timeout_ms)


def traceback_outputs(page) -> list[str]:
    """The text of every output that shows a Python traceback."""
    texts = page.eval_on_selector_all(
        '.jp-OutputArea-output[data-mime-type="application/vnd.jupyter.stderr"]',
        "outputs => outputs.map(output => output.textContent)",
    )
    return [text for text in texts if "Traceback" in text or "Cell In[" in text]


def unrendered_widget_outputs(page) -> list[str]:
    """Widget outputs still loading or failed ("Loading widget...", "Error displaying widget")."""
    return page.eval_on_selector_all(
        ".jp-OutputArea-output",
        """outputs => outputs.map(output => output.textContent.trim())
            .filter(text => text.startsWith('Loading widget') || text.startsWith('Error displaying widget')
                            || text.startsWith('Error rendering'))""",
    )


def wait_for_widgets_rendered(page, timeout_ms: float = 30_000) -> None:
    """No widget output is still loading, and every ipympl figure has its canvas attached."""
    page.wait_for_function(
        """() => {
            const loading = [...document.querySelectorAll('.jp-OutputArea-output, .jp-OutputArea-child')]
                .some(output => output.textContent.trim().startsWith('Loading widget'));
            const figures = [...document.querySelectorAll('.jupyter-matplotlib')];
            const drawn = figures.every(figure => figure.querySelector('.jupyter-matplotlib-canvas-div canvas'));
            return !loading && drawn;
        }""",
        timeout=timeout_ms,
    )


def figures_without_canvas(page) -> int:
    """How many ipympl figure widgets have no canvas attached."""
    return page.eval_on_selector_all(
        ".jupyter-matplotlib",
        "figures => figures.filter(figure => !figure.querySelector('.jupyter-matplotlib-canvas-div canvas')).length",
    )


def count_figure_canvases(page) -> int:
    return page.locator(FIGURE_CANVAS).count()


# -- both JupyterLab and Voila ---------------------------------------------------------

def tab_to_slider(page, description: str | None = None, max_presses: int = 80) -> str:
    """Press Tab until a slider handle has focus: the one labelled ``description``, or any.

    Returns the focused slider's label; raises AssertionError when Tab never reaches it.
    """
    for _ in range(max_presses):
        page.keyboard.press("Tab")
        label = page.evaluate(
            """() => {
                const active = document.activeElement;
                if (!active || active.getAttribute('role') !== 'slider') return null;
                const slider = active.closest('.widget-slider');
                const label = slider && slider.querySelector('.widget-label');
                return label ? label.textContent.trim() : '';
            }"""
        )
        if label is not None and (description is None or label == description):
            return label
    wanted = f"the slider labelled {description!r}" if description else "a slider"
    raise AssertionError(f"Tab never reached {wanted} in {max_presses} presses")


def press_arrow_away_from_end(page, presses: int = 1) -> None:
    """Move the focused slider down by arrow keys, or up when it already sits at its minimum."""
    at_min = page.evaluate(
        "() => Number(document.activeElement.getAttribute('aria-valuenow'))"
        " <= Number(document.activeElement.getAttribute('aria-valuemin'))"
    )
    for _ in range(presses):
        page.keyboard.press("ArrowRight" if at_min else "ArrowLeft")


def wait_for_figure_to_settle(page, quiet_ms: float = 600, timeout_ms: float = 15_000) -> None:
    """Wait until no figure canvas has been drawn on for ``quiet_ms`` (needs RECORD_FIGURE_DRAWS)."""
    page.wait_for_function(
        """(quietMs) => {
            const draws = window.__figureDraws || [];
            const last = draws.length ? draws[draws.length - 1] : 0;
            return performance.now() - last > quietMs;
        }""",
        arg=quiet_ms,
        timeout=timeout_ms,
        polling=100,
    )


def focused_slider_value(page) -> str:
    return page.evaluate("() => document.activeElement.getAttribute('aria-valuenow')")


def summary_text(page, scope=None) -> str:
    return (scope or page).locator(SUMMARY).first.inner_text()


def canvas_image(page, scope=None) -> str:
    """The pixels on the first figure canvas in ``scope``, as a data URL."""
    return (scope or page).locator(f"{FIGURE_CANVAS} canvas").first.evaluate("canvas => canvas.toDataURL()")


def wait_for_canvas_change(page, before: str, scope=None, timeout_ms: float = 10_000) -> str:
    """Wait until the first figure canvas in ``scope`` shows other pixels than ``before``."""
    canvas = (scope or page).locator(f"{FIGURE_CANVAS} canvas").first
    canvas.evaluate(
        """(canvas, before) => new Promise((resolve, reject) => {
            const started = performance.now();
            const check = () => {
                if (canvas.toDataURL() !== before) return resolve(true);
                if (performance.now() - started > %d) return reject(new Error('figure did not change'));
                requestAnimationFrame(check);
            };
            check();
        })"""
        % timeout_ms,
        before,
    )
    return canvas.evaluate("canvas => canvas.toDataURL()")


def wait_for_summary_change(page, before: str, scope=None, timeout_ms: float = 10_000) -> str:
    summary = (scope or page).locator(SUMMARY).first
    summary.evaluate(
        """(node, before) => new Promise((resolve, reject) => {
            const started = performance.now();
            const check = () => {
                if (node.innerText !== before) return resolve(true);
                if (performance.now() - started > %d) return reject(new Error('summary did not change'));
                requestAnimationFrame(check);
            };
            check();
        })"""
        % timeout_ms,
        before,
    )
    return summary.inner_text()


# -- Voila -----------------------------------------------------------------------------

def open_voila_app(page, server, notebook_name: str, timeout_ms: float = OPEN_TIMEOUT_MS) -> None:
    """Open an app in Voila and wait until its figure canvas is attached."""
    page.goto(server.url(f"voila/render/{notebook_name}"))
    page.wait_for_selector(f"{FIGURE_CANVAS} canvas", state="attached", timeout=timeout_ms)
