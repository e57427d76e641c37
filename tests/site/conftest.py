"""Fixtures for the website tests: build the site once from a clean copy, serve it, visit it.

``site_build`` copies the repository the way a fresh clone looks (no ``.git``, venv, build
output or caches), runs the README's site command there with every outside host made
unreachable for Python (a dead proxy), and times it. ``site_visits`` serves ``_build/html``
on a loopback port and opens every page once in headless Chromium (Debian's, never
``playwright install``), recording what a test needs: console errors, requests (any to
another host is aborted and recorded), images, links, element ids, and axe-core's
violations in the page content. A missing Chromium or playwright skips, and fails where
``REQUIRE_BROWSER=1`` or ``CI`` is set, like tests/browser.
"""

from __future__ import annotations

import functools
import http.server
import os
import shutil
import subprocess
import sys
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlsplit

import pytest

from support.browser_fixtures import browser_unavailable
from support.paths import ROOT

VENV_BIN = Path(sys.executable).parent
#: The README's site command (tests/site/test_site.py checks the README says the same).
SITE_COMMAND = ["jupyter-book", "build", ".", "--config", "book/_config.yml", "--toc", "book/_toc.yml"]
COPY_IGNORE = shutil.ignore_patterns(
    ".git", ".venv", "build", "dist", "*.egg-info", "test-artifacts", "__pycache__", ".hypothesis",
    ".pytest_cache", ".ipynb_checkpoints", "_build", ".jupyter_cache", "release", "submitted",
    "autograded", "feedback", "gradebook.db")
BUILD_TIMEOUT_S = 900
#: Selector of the page content axe-core checks (the theme's article, without its chrome).
CONTENT_SELECTOR = "main"


@dataclass
class SiteBuild:
    root: Path
    html: Path
    seconds: float
    output: str
    notebooks_before: dict[str, bytes] = field(default_factory=dict)


@dataclass
class PageVisit:
    path: str                                   # relative to _build/html, e.g. "lessons/03_x.html"
    console_errors: list[str] = field(default_factory=list)
    failed_requests: list[str] = field(default_factory=list)
    outside_requests: list[str] = field(default_factory=list)
    images: list[dict] = field(default_factory=list)
    links: list[str] = field(default_factory=list)
    ids: set[str] = field(default_factory=set)
    axe_violations: list[dict] = field(default_factory=list)
    facts: dict = field(default_factory=dict)


def pytest_configure(config):
    config.addinivalue_line("markers", "site: builds the course website and reads it in Chromium (tests/site)")


@pytest.fixture(scope="session")
def site_command() -> list[str]:
    return list(SITE_COMMAND)


@pytest.fixture(scope="session")
def site_build(tmp_path_factory) -> SiteBuild:
    reuse = os.environ.get("SITE_REUSE_BUILD")   # a copy built before: only for working on these tests
    if reuse:
        root = Path(reuse)
        before = {p.name: p.read_bytes() for p in sorted((root / "lessons").glob("*.ipynb"))}
        log = root / "_build" / "site-build.log"
        return SiteBuild(root, root / "_build" / "html", 0.0, log.read_text(encoding="utf-8"), before)
    root = tmp_path_factory.mktemp("site") / "repo"
    shutil.copytree(ROOT, root, ignore=COPY_IGNORE)
    env = dict(os.environ)
    dead = "http://127.0.0.1:9"   # nothing listens: any download the build tried would fail
    env.update(http_proxy=dead, https_proxy=dead, HTTP_PROXY=dead, HTTPS_PROXY=dead, no_proxy="127.0.0.1,localhost",
               PATH=f"{VENV_BIN}{os.pathsep}{env.get('PATH', '')}", PYDEVD_DISABLE_FILE_VALIDATION="1")
    before = {p.name: p.read_bytes() for p in sorted((root / "lessons").glob("*.ipynb"))}
    started = time.perf_counter()
    done = subprocess.run([str(VENV_BIN / SITE_COMMAND[0]), *SITE_COMMAND[1:]], cwd=root, env=env,
                          capture_output=True, text=True, timeout=BUILD_TIMEOUT_S)
    seconds = time.perf_counter() - started
    output = done.stdout + done.stderr
    artifacts = ROOT / "test-artifacts" / "site"
    artifacts.mkdir(parents=True, exist_ok=True)
    (artifacts / "build.log").write_text(output, encoding="utf-8")
    (root / "_build" / "site-build.log").write_text(output, encoding="utf-8")
    print(f"\nsite build: {seconds:.1f} s")
    assert done.returncode == 0, f"the site build failed (exit {done.returncode}):\n{output[-4000:]}"
    return SiteBuild(root, root / "_build" / "html", seconds, output, before)


class _QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *args):
        pass


@pytest.fixture(scope="session")
def site_url(site_build):
    handler = functools.partial(_QuietHandler, directory=str(site_build.html))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}/"
    finally:
        server.shutdown()
        server.server_close()


def is_redirect(page: Path) -> bool:
    return 'http-equiv="Refresh"' in page.read_text(encoding="utf-8")[:500]


def site_pages(html: Path) -> list[str]:
    """Every HTML page of the site, except redirects (the root index.html points to book/index.html)."""
    return sorted(p.relative_to(html).as_posix() for p in html.rglob("*.html")
                  if not p.relative_to(html).as_posix().startswith(("_static/", "_sources/", "_images/"))
                  and not is_redirect(p))


_PAGE_FACTS_JS = """async () => {
  const imgs = [...document.images];
  const images = await Promise.all(imgs.map(async (img) => {
    img.loading = 'eager';
    let ok = false;
    try { await img.decode(); ok = img.naturalWidth > 0; } catch (e) { ok = false; }
    return {src: (img.getAttribute('src') || '').slice(0, 120), alt: img.getAttribute('alt'), ok: ok};
  }));
  const links = [...document.querySelectorAll('a[href]')].map(a => a.href);
  const ids = [...document.querySelectorAll('[id]')].map(e => e.id);
  const headings = [...document.querySelectorAll('main h2')].map(h => h.textContent.trim());
  const objectives = [...document.querySelectorAll('main section')]
      .filter(s => /Learning objectives/.test((s.querySelector('h2') || {}).textContent || ''))
      .map(s => s.textContent);
  const figures = [...document.querySelectorAll('main .cell_output figure')].map(f => ({
      alt: (f.querySelector('img') || {alt: ''}).alt || '',
      caption: ((f.querySelector('figcaption') || {}).textContent || '').trim()}));
  const answers = [...document.querySelectorAll('main .cell_output details')]
      .filter(d => /Show the answer/.test((d.querySelector('summary') || {}).textContent || ''))
      .map(d => ({open: d.open, text: d.textContent.length}));
  const launch = [...document.querySelectorAll('a[href*="mybinder.org/v2/gh/"]')].map(a => a.href);
  const download = [...document.querySelectorAll('a[href$=".ipynb"]')].map(a => a.href);
  const codeShown = [...document.querySelectorAll('main .cell.tag_hide-input')]
      .map(c => { const d = c.querySelector('details'); return d ? d.open : true; });
  return {images, links, ids, headings, objectives, figures, answers, launch, download, codeShown};
}"""


@pytest.fixture(scope="session")
def site_visits(site_build, site_url, browser) -> dict[str, PageVisit]:
    try:
        from axe_playwright_python.sync_playwright import Axe
    except ImportError:
        browser_unavailable("axe-playwright-python is not installed (pip install -e '.[test]')")
    host = urlsplit(site_url).netloc
    visits: dict[str, PageVisit] = {}
    axe = Axe()
    context = browser.new_context()  # the session's one browser (support.browser_fixtures)
    try:
        current: list[PageVisit] = []

        def outside(url: str) -> bool:
            parts = urlsplit(url)
            return parts.scheme in ("http", "https", "ws", "wss") and parts.netloc != host

        def abort(route_):
            current[-1].outside_requests.append(route_.request.url)
            route_.abort()

        # Only outside requests are intercepted (intercepting the site's own breaks the
        # theme's relative CSS @import in Chromium); they are recorded and aborted.
        context.route(outside, abort)
        page = context.new_page()
        page.on("console", lambda m: m.type == "error" and current[-1].console_errors.append(m.text))
        page.on("pageerror", lambda e: current[-1].console_errors.append(str(e)))
        page.on("requestfailed", lambda r: urlsplit(r.url).netloc == host
                and current[-1].failed_requests.append(f"{r.url} ({r.failure})"))
        page.on("response", lambda r: r.status >= 400 and current[-1].failed_requests.append(
            f"{r.url} (HTTP {r.status})"))
        for path in site_pages(site_build.html):
            visit = PageVisit(path)
            current.append(visit)
            page.goto(site_url + path, wait_until="load")
            facts = page.evaluate(_PAGE_FACTS_JS)
            visit.images, visit.links, visit.ids = facts.pop("images"), facts.pop("links"), set(facts.pop("ids"))
            visit.facts = facts
            # preload off: axe's own fetch of the style sheets resolves the theme's
            # relative @import against the page, a 404 the page itself never makes.
            results = axe.run(page, context=CONTENT_SELECTOR,
                              options={"resultTypes": ["violations"], "preload": False})
            visit.axe_violations = results.response.get("violations", [])
            visits[path] = visit
    finally:
        context.close()
    return visits
