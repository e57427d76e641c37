"""The course website (issue 14): built from a clean copy offline, then read in Chromium.

The build runs once per session (``site_build`` in conftest.py) with the README's command;
the browser visits every page once (``site_visits``) and these tests judge what it saw.
"""

from __future__ import annotations

import re
from urllib.parse import unquote, urlsplit

import pytest

from support.paths import ROOT

pytestmark = [pytest.mark.site, pytest.mark.slow]

LESSONS = sorted(p.stem for p in (ROOT / "lessons").glob("[0-9][0-9]_*.ipynb"))
SERIOUS = {"serious", "critical"}


def lesson_page(stem: str) -> str:
    return f"lessons/{stem}.html"


# --------------------------------------------------------------------------- the build


def test_the_site_builds_from_a_clean_copy_without_warnings(site_build):
    warnings = [line for line in site_build.output.splitlines() if "WARNING:" in line or "ERROR:" in line]
    assert not warnings, "\n".join(warnings)
    assert (site_build.html / "index.html").is_file()
    print(f"built in {site_build.seconds:.1f} s")


def test_every_lesson_the_home_page_and_the_reference_pages_are_built(site_build):
    expected = [lesson_page(s) for s in LESSONS] + [
        "index.html", "book/index.html", "book/how-to.html", "book/evidence-labels.html", "book/bibliography.html",
        "course/README.html"]
    missing = [p for p in expected if not (site_build.html / p).is_file()]
    assert not missing


def test_the_build_leaves_the_notebooks_in_the_copy_unchanged(site_build):
    after = {p.name: p.read_bytes() for p in sorted((site_build.root / "lessons").glob("*.ipynb"))}
    assert after == site_build.notebooks_before


def test_only_the_toc_pages_are_built_not_tests_or_course_sources(site_build):
    built = {p.relative_to(site_build.html).parts[0] for p in site_build.html.rglob("*.html")}
    assert not built & {"tests", "apps", "docs", "widgets", "benchmarks", "binder"}
    assert not (site_build.html / "course" / "source").exists()


def test_the_readme_gives_the_site_command_and_the_serve_command(site_command):
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    assert "<!-- site-command -->" in readme, "README.md must give the site's build command"
    block = readme.split("<!-- site-command -->", 1)[1]
    code = re.search(r"```bash\n(.*?)```", block, re.S).group(1)
    assert " ".join(site_command) in code
    assert "http.server" in block and "_build/html" in block


def test_the_bibliography_page_lists_every_entry_with_an_anchor(site_build):
    from widgets.learner import bibliography as bib

    from docutils.nodes import make_id

    page = (site_build.html / "book" / "bibliography.html").read_text(encoding="utf-8")
    missing = [key for key in bib.load() if f'id="{make_id(key)}"' not in page]
    assert not missing


def test_the_site_root_opens_the_home_page_which_maps_every_lesson(site_build):
    assert 'url=book/index.html' in (site_build.html / "index.html").read_text(encoding="utf-8")
    page = (site_build.html / "book" / "index.html").read_text(encoding="utf-8")
    missing = [stem for stem in LESSONS if f'href="../lessons/{stem}.html"' not in page]
    assert not missing


# --------------------------------------------------------------------------- in the browser


def test_every_page_loads_without_console_errors(site_visits):
    errors = {p: v.console_errors for p, v in site_visits.items() if v.console_errors}
    assert not errors


def test_no_request_goes_to_another_host(site_visits):
    outside = {p: v.outside_requests for p, v in site_visits.items() if v.outside_requests}
    assert not outside


def test_no_request_of_the_site_fails(site_visits):
    failed = {p: v.failed_requests for p, v in site_visits.items() if v.failed_requests}
    assert not failed


def test_every_image_loads_and_has_alt_text(site_visits):
    bad = {p: [i for i in v.images if not i["ok"] or not (i["alt"] or "").strip()]
           for p, v in site_visits.items()}
    bad = {p: images for p, images in bad.items() if images}
    assert not bad


def test_every_internal_link_and_anchor_resolves(site_visits, site_url, site_build):
    host = urlsplit(site_url).netloc
    broken = []
    for path, visit in site_visits.items():
        for link in visit.links:
            parts = urlsplit(link)
            if parts.scheme not in ("http", "https") or parts.netloc != host:
                continue
            target = unquote(parts.path).lstrip("/") or "index.html"
            if target.endswith("/"):
                target += "index.html"
            if not (site_build.html / target).is_file():
                broken.append(f"{path}: {link} (no file)")
                continue
            if parts.fragment and target in site_visits and unquote(parts.fragment) not in site_visits[target].ids:
                broken.append(f"{path}: {link} (no anchor)")
    assert not broken, "\n".join(broken)


@pytest.mark.parametrize("stem", LESSONS)
def test_a_lesson_page_shows_its_objectives_and_an_explorer_image_with_its_caption(site_visits, stem):
    facts = site_visits[lesson_page(stem)].facts
    assert facts["objectives"] and re.search(r"L\d\d\.\d", facts["objectives"][0])
    figures = [f for f in facts["figures"] if f["alt"].strip() and f["caption"]]
    assert figures, f"{stem}: no figure with alt text and a caption"


@pytest.mark.parametrize("stem", LESSONS)
def test_a_lesson_page_has_its_self_checks_with_answers_hidden(site_visits, stem):
    from widgets.learner.questions import load_bank

    facts = site_visits[lesson_page(stem)].facts
    assert len(facts["answers"]) >= len(load_bank(stem[:2]).questions)
    assert not any(a["open"] for a in facts["answers"])


@pytest.mark.parametrize("stem", LESSONS)
def test_a_lesson_page_links_to_binder_and_to_the_notebook(site_visits, stem):
    facts = site_visits[lesson_page(stem)].facts
    assert any(link.endswith(f"urlpath=lab/tree/lessons/{stem}.ipynb") for link in facts["launch"]), facts["launch"]
    assert any(link.endswith(f"lessons/{stem}.ipynb") for link in facts["download"])


@pytest.mark.parametrize("stem", LESSONS)
def test_widget_only_code_is_collapsed_not_removed(site_visits, stem):
    facts = site_visits[lesson_page(stem)].facts
    assert facts["codeShown"], f"{stem}: no collapsed widget cell"
    assert not any(facts["codeShown"])


def test_axe_finds_no_serious_or_critical_violations_in_page_content(site_visits):
    found = {p: [f"{v['id']} ({v['impact']}): {v['help']} — {len(v['nodes'])} node(s), e.g. "
                 f"{v['nodes'][0]['html'][:160] if v['nodes'] else ''}"
                 for v in visit.axe_violations if v.get("impact") in SERIOUS]
             for p, visit in site_visits.items()}
    found = {p: v for p, v in found.items() if v}
    assert not found, "\n".join(f"{p}: {v}" for p, v in found.items())
