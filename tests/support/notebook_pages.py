"""What a learner does in JupyterLab and Voila, and what they would see, as page helpers.

Every helper takes a Playwright page; none imports pytest, so ``benchmarks/browser.py``
drives pages the same way the tests do.
"""

from __future__ import annotations

from dataclasses import dataclass, field

FIGURE_CANVAS = ".jupyter-matplotlib-canvas-div"  # an ipympl figure (a plain %matplotlib widget plot)
# An explorer's figure: an <img> with alt text (widgets.explorers.controls.FigureImage).
EXPLORER_FIGURE = ".course-explorer .rtc-figure img"
# Any figure a learner sees change: an explorer's image, else an ipympl canvas.
ANY_FIGURE = f"{EXPLORER_FIGURE}, {FIGURE_CANVAS} canvas"
SUMMARY = ".explorer-summary"
# The notebook a learner looks at (other tabs are hidden).
VISIBLE_NOTEBOOK = ".jp-NotebookPanel:not(.lm-mod-hidden)"
OPEN_TIMEOUT_MS = 60_000
RUN_TIMEOUT_MS = 120_000

# Records, on every page, when a figure last showed new pixels: ipympl draws each frame it
# receives with drawImage on its canvas, and an explorer's figure image fires "load" for
# each new frame; so this is "the figure changed" without polling pixels.
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
  document.addEventListener('load', (event) => {
    const target = event.target;
    if (target instanceof HTMLImageElement && target.closest('.rtc-figure')) {
      window.__figureDraws.push(performance.now());
    }
  }, true);
})();
"""

# The pixels of a figure element (an ipympl canvas, or an explorer's image) as a data URL.
FIGURE_PIXELS_JS = """(element) => {
    if (element instanceof HTMLCanvasElement) return element.toDataURL();
    if (!element.complete || !element.naturalWidth) return '';
    const canvas = document.createElement('canvas');
    canvas.width = element.naturalWidth; canvas.height = element.naturalHeight;
    canvas.getContext('2d').drawImage(element, 0, 0);
    return canvas.toDataURL();
}"""


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
    """No widget output is still loading, every ipympl figure has its canvas attached and
    every explorer's figure image has loaded."""
    page.wait_for_function(
        """() => {
            const loading = [...document.querySelectorAll('.jp-OutputArea-output, .jp-OutputArea-child')]
                .some(output => output.textContent.trim().startsWith('Loading widget'));
            const figures = [...document.querySelectorAll('.jupyter-matplotlib')];
            const drawn = figures.every(figure => figure.querySelector('.jupyter-matplotlib-canvas-div canvas'));
            const images = [...document.querySelectorAll('.course-explorer .rtc-figure img')];
            const loaded = images.every(img => img.complete && img.naturalWidth > 0);
            return !loading && drawn && loaded;
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


def explorer_problems(page) -> list[str]:
    """What is missing from each explorer a learner sees (a ``.course-explorer`` box).

    Every explorer must show its figure (an ipympl canvas attached, or a static image with
    alt text) and its text twin: a non-empty sentence inside an ``aria-live`` region, so
    a screen reader hears it change. Returns one line per problem; [] when all is there.
    """
    return page.eval_on_selector_all(
        ".course-explorer",
        """explorers => explorers.flatMap((explorer, index) => {
            const problems = [];
            const name = `explorer ${index + 1} of ${explorers.length}`;
            const canvas = explorer.querySelector('.jupyter-matplotlib-canvas-div canvas');
            const image = [...explorer.querySelectorAll('img')]
                .find(img => (img.alt || '').trim() && img.alt !== 'Image' && img.complete && img.naturalWidth > 0);
            if (!canvas && !image) problems.push(`${name}: no figure canvas and no loaded image with alt text`);
            const twin = explorer.querySelector('.explorer-summary');
            // textContent, not innerText: JupyterLab skips rendering cells out of view.
            const text = twin ? twin.textContent.trim() : '';
            if (!text) problems.push(`${name}: no text twin (empty or missing .explorer-summary)`);
            else if (!twin.querySelector('[aria-live]') && !twin.closest('[aria-live]'))
                problems.push(`${name}: its text twin is not in an aria-live region`);
            return problems;
        })""",
    )


def image_problems(page) -> list[str]:
    """Images in cell outputs that show nothing or say nothing: not loaded, or no alt text.

    JupyterLab gives an image that has no alt text the placeholder "Image"; that counts as none.
    """
    return page.eval_on_selector_all(
        ".jp-OutputArea-output img",
        """images => images.flatMap(img => {
            const alt = (img.alt || '').trim();
            const described = alt && alt !== 'Image';
            const name = described ? `image "${alt.slice(0, 60)}"` : `image ${img.src.slice(0, 40)}`;
            const problems = [];
            if (!described) problems.push(`${name} has no alt text`);
            if (!img.complete || img.naturalWidth === 0) problems.push(`${name} did not load`);
            return problems;
        })""",
    )


def figure_colours(page, scope=None) -> int:
    """How many different colours the first figure in ``scope`` shows (1 when blank)."""
    return (scope or page).locator(ANY_FIGURE).first.evaluate(
        """element => {
            let canvas = element;
            if (!(element instanceof HTMLCanvasElement)) {
                canvas = document.createElement('canvas');
                canvas.width = element.naturalWidth; canvas.height = element.naturalHeight;
                canvas.getContext('2d').drawImage(element, 0, 0);
            }
            const { data } = canvas.getContext('2d').getImageData(0, 0, canvas.width, canvas.height);
            const colours = new Set();
            for (let i = 0; i < data.length && colours.size < 50; i += 4 * 7) {
                colours.add((data[i] << 24) | (data[i + 1] << 16) | (data[i + 2] << 8) | data[i + 3]);
            }
            return colours.size;
        }"""
    )


# -- both JupyterLab and Voila ---------------------------------------------------------

# The focused slider: a range input (the explorers' sliders) or an ipywidgets slider handle.
FOCUSED_SLIDER_JS = """() => {
    const active = document.activeElement;
    if (!active) return null;
    if (active.matches('input[type=range]')) {
        const label = active.closest('label');
        const name = label && label.firstElementChild ? label.firstElementChild.textContent.trim() : '';
        const readout = active.closest('.rtc-control') && active.closest('.rtc-control').querySelector('output');
        return { label: name, value: active.value, min: active.min,
                 readout: readout ? readout.textContent.trim() : null,
                 valuetext: active.getAttribute('aria-valuetext') };
    }
    if (active.getAttribute('role') !== 'slider') return null;
    const slider = active.closest('.widget-slider');
    const label = slider && slider.querySelector('.widget-label');
    const readout = slider && slider.querySelector('.widget-readout');
    return { label: label ? label.textContent.trim() : '', value: active.getAttribute('aria-valuenow'),
             min: active.getAttribute('aria-valuemin'), readout: readout ? readout.textContent.trim() : null,
             valuetext: active.getAttribute('aria-valuetext') };
}"""


def focused_slider(page) -> dict | None:
    """The focused slider's label, value, minimum, printed readout and spoken value text (or None)."""
    return page.evaluate(FOCUSED_SLIDER_JS)


def tab_to_slider(page, description: str | None = None, max_presses: int = 80) -> str:
    """Press Tab until a slider has focus: the one labelled ``description``, or any.

    Returns the focused slider's label; raises AssertionError when Tab never reaches it.
    """
    for _ in range(max_presses):
        page.keyboard.press("Tab")
        slider = focused_slider(page)
        label = None if slider is None else slider["label"]
        if label is not None and (description is None or label == description):
            return label
    wanted = f"the slider labelled {description!r}" if description else "a slider"
    raise AssertionError(f"Tab never reached {wanted} in {max_presses} presses")


def press_arrow_away_from_end(page, presses: int = 1) -> None:
    """Move the focused slider down by arrow keys, or up when it already sits at its minimum."""
    slider = focused_slider(page)
    at_min = float(slider["value"]) <= float(slider["min"])
    for _ in range(presses):
        page.keyboard.press("ArrowRight" if at_min else "ArrowLeft")


def wait_for_figure_to_settle(page, quiet_ms: float = 600, timeout_ms: float = 15_000) -> None:
    """Wait until no figure has shown a new frame for ``quiet_ms`` (needs RECORD_FIGURE_DRAWS)."""
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
    return focused_slider(page)["value"]


def focused_slider_readout(page) -> str:
    """The value printed beside the focused slider, as the learner reads it."""
    return focused_slider(page)["readout"]


def summary_text(page, scope=None) -> str:
    return (scope or page).locator(SUMMARY).first.inner_text()


def live_summary_text(page, scope=None) -> str | None:
    """The text twin's text as a screen reader announces it: the text inside its
    ``aria-live`` region (None when the twin is not in one)."""
    return (scope or page).locator(SUMMARY).first.evaluate(
        """twin => {
            const region = twin.closest('[aria-live]') || twin.querySelector('[aria-live]');
            return region && ['polite', 'assertive'].includes(region.getAttribute('aria-live'))
                ? region.innerText.trim() : null;
        }"""
    )


def canvas_image(page, scope=None) -> str:
    """The pixels of the first figure in ``scope`` (an explorer's image or an ipympl canvas), as a data URL."""
    return (scope or page).locator(ANY_FIGURE).first.evaluate(FIGURE_PIXELS_JS)


def wait_for_canvas_change(page, before: str, scope=None, timeout_ms: float = 10_000) -> str:
    """Wait until the first figure in ``scope`` shows other pixels than ``before``."""
    figure = (scope or page).locator(ANY_FIGURE).first
    figure.evaluate(
        """(element, [before, timeoutMs, pixelsJs]) => new Promise((resolve, reject) => {
            const pixels = eval(pixelsJs);
            const started = performance.now();
            const check = () => {
                const now = pixels(element);
                if (now && now !== before) return resolve(true);
                if (performance.now() - started > timeoutMs) return reject(new Error('figure did not change'));
                requestAnimationFrame(check);
            };
            check();
        })""",
        [before, timeout_ms, FIGURE_PIXELS_JS],
    )
    return figure.evaluate(FIGURE_PIXELS_JS)


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
    """Open an app in Voila and wait until its figure shows (an image loaded, or a canvas attached).

    Raises AssertionError with what the page shows instead (Voila's error page names the
    failing cell) when no figure comes.
    """
    from playwright.sync_api import TimeoutError as PlaywrightTimeoutError

    page.goto(server.url(f"voila/render/{notebook_name}"))
    try:
        page.wait_for_function(
            """(selector) => [...document.querySelectorAll(selector)]
                .some(element => element instanceof HTMLCanvasElement || (element.complete && element.naturalWidth > 0))""",
            arg=ANY_FIGURE,
            timeout=timeout_ms,
        )
    except PlaywrightTimeoutError as error:
        shown = page.locator("body").inner_text()[-2000:]
        raise AssertionError(
            f"{notebook_name}: no figure within {timeout_ms / 1000:.0f} s ({error}).\n"
            f"The page shows:\n{shown}\nVoila's log ends:\n{server.log_text()[-2000:]}"
        ) from None


# -- explorers: keyboard path, layout, accessibility audit ----------------------------

EXPLORER = ".course-explorer"

# A short name for the focused element (its accessible name as the explorers give it),
# whether it sits inside an explorer, and a stable id so a repeated stop shows as such.
FOCUS_STOP_JS = """() => {
    const el = document.activeElement;
    if (!el || el === document.body || el === document.documentElement)
        return { id: 'body', name: 'body', tag: 'BODY', type: '', inside: false };
    if (!el.dataset.focusStop) { window.__focusStops = (window.__focusStops || 0) + 1;
                                 el.dataset.focusStop = String(window.__focusStops); }
    let name = el.getAttribute('aria-label') || '';
    if (!name && el.type === 'radio' && el.closest('fieldset')) {
        const legend = el.closest('fieldset').querySelector('legend');
        name = legend ? legend.textContent.trim() : '';
    }
    if (!name && el.type === 'range' && el.closest('label')) {
        const label = el.closest('label');
        name = label.firstElementChild ? label.firstElementChild.textContent.trim() : '';
    }
    if (!name && el.labels && el.labels.length) name = el.labels[0].textContent.trim();
    if (!name && el.closest('.widget-checkbox')) name = el.closest('.widget-checkbox').textContent.trim();
    if (!name) name = (el.getAttribute('title') || el.textContent || '').trim().slice(0, 60);
    return { id: el.dataset.focusStop, name, tag: el.tagName, type: el.type || '',
             inside: !!el.closest('.course-explorer') };
}"""


def focus_stop(page) -> dict:
    """The focused element: ``{id, name, tag, type, inside}`` (``inside``: within an explorer)."""
    return page.evaluate(FOCUS_STOP_JS)


def walk_focus(page, key: str, presses: int) -> list[dict]:
    """Press ``key`` (Tab or Shift+Tab) ``presses`` times; the focus stop after each press."""
    stops = []
    for _ in range(presses):
        page.keyboard.press(key)
        stops.append(focus_stop(page))
    return stops


def explorer_layout(page, scope=None) -> dict:
    """Where the first explorer's parts sit (CSS px) and what overflows sideways.

    ``span_px``: from the top of the first control to the bottom of the figure;
    ``span_all_px``: from the top of the first control to the lowest control or figure edge;
    ``scrolling``: elements inside the explorer (or the explorer) that scroll sideways;
    ``text_outside``: texts that stick out past the explorer's right edge or the viewport;
    ``page_scrolls``: the page, or JupyterLab's notebook, scrolls sideways.
    """
    return (scope or page).locator(EXPLORER).first.evaluate(
        """explorer => {
            const rect = e => e.getBoundingClientRect();
            const controls = [...explorer.querySelectorAll('.rtc-control, .widget-checkbox, .widget-textarea, textarea')]
                .filter(e => rect(e).height > 0);
            const figure = explorer.querySelector('.rtc-figure img');
            const top = Math.min(...controls.map(e => rect(e).top));
            const figureRect = rect(figure);
            const lowest = Math.max(figureRect.bottom, ...controls.map(e => rect(e).bottom));
            const box = rect(explorer);
            const scrolls = e => e.scrollWidth > e.clientWidth + 1
                && ['auto', 'scroll'].includes(getComputedStyle(e).overflowX);
            const scrolling = [explorer, ...explorer.querySelectorAll('*')].filter(scrolls)
                .map(e => `${e.tagName}.${String(e.className).slice(0, 40)}`);
            const right = Math.min(box.right, document.documentElement.clientWidth);
            const textOutside = [...explorer.querySelectorAll('*')]
                .filter(e => [...e.childNodes].some(n => n.nodeType === 3 && n.textContent.trim()))
                .filter(e => rect(e).width > 0 && rect(e).right > right + 1)
                .map(e => e.textContent.trim().slice(0, 40));
            const notebook = document.querySelector('.jp-NotebookPanel:not(.lm-mod-hidden) .jp-WindowedPanel-outer')
                || document.querySelector('.jp-NotebookPanel:not(.lm-mod-hidden) .jp-Notebook');
            const root = document.scrollingElement || document.documentElement;
            const pageScrolls = root.scrollWidth > root.clientWidth + 1
                || (notebook ? notebook.scrollWidth > notebook.clientWidth + 1 : false);
            return { span_px: Math.round(figureRect.bottom - top), span_all_px: Math.round(lowest - top),
                     figure_px: [Math.round(figureRect.width), Math.round(figureRect.height)],
                     explorer_width_px: Math.round(box.width), scrolling, text_outside: textOutside,
                     page_scrolls: pageScrolls,
                     beside: controls.length > 0 && rect(controls[0]).right <= figureRect.left + 1 };
        }"""
    )


def figure_frame(page, scope=None) -> dict:
    """The explorer figure's frame counter (``data-frame``) and image address."""
    return (scope or page).locator(EXPLORER_FIGURE).first.evaluate(
        "img => ({ frame: Number(img.dataset.frame), src: img.src, loaded: img.complete && img.naturalWidth > 0 })")


def wait_for_new_frame(page, frame_before: int, scope=None, timeout_ms: float = 10_000) -> dict:
    """Wait until the explorer's figure shows a later frame than ``frame_before``, loaded."""
    (scope or page).locator(EXPLORER_FIGURE).first.evaluate(
        """(img, [before, timeoutMs]) => new Promise((resolve, reject) => {
            const started = performance.now();
            const check = () => {
                if (Number(img.dataset.frame) > before && img.complete && img.naturalWidth > 0) return resolve(true);
                if (performance.now() - started > timeoutMs) return reject(new Error('no new figure frame'));
                requestAnimationFrame(check);
            };
            check();
        })""",
        [frame_before, timeout_ms],
    )
    return figure_frame(page, scope)


def focused_outline(page) -> dict:
    """The focused element's outline as computed (style, width in px, colour)."""
    return page.evaluate(
        """() => { const style = getComputedStyle(document.activeElement);
                  return { style: style.outlineStyle, width_px: parseFloat(style.outlineWidth) || 0,
                           colour: style.outlineColor }; }""")


def wait_for_summary_text(page, wanted: str, scope=None, timeout_ms: float = 10_000) -> str:
    """Wait until the text twin reads ``wanted`` (whitespace aside); returns what it reads."""
    from playwright.sync_api import Error as PlaywrightError
    from playwright.sync_api import TimeoutError as PlaywrightTimeoutError

    summary = (scope or page).locator(SUMMARY).first
    try:
        summary.evaluate(
            """(node, [wanted, timeoutMs]) => new Promise((resolve, reject) => {
                const norm = t => t.split(/\\s+/).filter(Boolean).join(' ');
                const started = performance.now();
                const check = () => {
                    if (norm(node.textContent) === norm(wanted)) return resolve(true);
                    if (performance.now() - started > timeoutMs) return reject(new Error('twin differs'));
                    requestAnimationFrame(check);
                };
                check();
            })""",
            [wanted, timeout_ms],
        )
    except (PlaywrightTimeoutError, PlaywrightError):  # the caller compares and reports the difference
        pass
    return summary.inner_text()


SERIOUS_IMPACTS = ("serious", "critical")


def axe_violations(page, include: str | list[str] | None = None) -> list[dict]:
    """axe-core's violations on the page, or only inside the elements ``include`` selects
    (a CSS selector, or several).

    Each: ``{id, impact, help, nodes: [target selectors]}``.
    """
    from axe_playwright_python.sync_playwright import Axe

    selectors = [include] if isinstance(include, str) else include
    context = {"include": [[selector] for selector in selectors]} if selectors else None
    response = Axe().run(page, context=context).response
    return [
        {"id": v["id"], "impact": v["impact"], "help": v["help"],
         "nodes": [" ".join(map(str, node["target"])) for node in v["nodes"]][:5]}
        for v in response["violations"]
    ]


def serious(violations: list[dict]) -> list[dict]:
    return [v for v in violations if v["impact"] in SERIOUS_IMPACTS]


def walk_through_explorer(page, key: str, max_presses: int = 40) -> list[dict]:
    """Press ``key`` (Tab or Shift+Tab) until focus has entered an explorer and left it again.

    Returns the stops from the first one inside the explorer to the first one outside after
    it (that one included); stops before the explorer (JupyterLab's cell toolbar) are left
    out. Stops early, with what it saw, after ``max_presses``.
    """
    stops: list[dict] = []
    for _ in range(max_presses):
        page.keyboard.press(key)
        stop = focus_stop(page)
        if stops or stop["inside"]:
            stops.append(stop)
            if not stop["inside"]:
                break
    return stops
