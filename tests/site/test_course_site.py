"""book/_ext/course_site.py: which cells are collapsed, plot alt text, generated pages (no build)."""

from __future__ import annotations

import importlib.util
import json

import pytest

from support.paths import ROOT

_spec = importlib.util.spec_from_file_location("course_site", ROOT / "book" / "_ext" / "course_site.py")
course_site = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(course_site)


@pytest.mark.parametrize("source", [
    'from widgets import HipExtensionExplorer\n\nHipExtensionExplorer()',
    'from widgets.selfcheck import self_check\n\nself_check("03")',
    'show_media("walking_spiderman")',
    'from widgets.profile import ProfileEditor\nProfileEditor()',
    'from widgets import RoutineBuilder\n\nbuilder = RoutineBuilder()\nbuilder',
    'RoutineBuilder(drills=["glute_bridge"],\n               minutes=10)',
])
def test_a_cell_that_only_builds_a_widget_is_widget_only(source):
    assert course_site.is_widget_only(source)


@pytest.mark.parametrize("source", [
    'import widgets\nprint(widgets.__version__)',
    'from widgets.mechanics import push_off\nr = push_off()\nprint(r.shortfall_m)',
    'app = HipExtensionExplorer()\napp.controls["hip_extension_deg"].value = 6\napp',
    'print(builder.plan_text())',
    'import numpy as np',
    'this is not python (',
])
def test_a_cell_that_computes_or_prints_is_shown(source):
    assert not course_site.is_widget_only(source)


def test_a_plot_gets_alt_text_from_its_title_and_axis_labels():
    source = ('fig, ax = plt.subplots()\nax.plot(x, y)\n'
              'ax.set(xlabel="hip extension (deg)", ylabel="reach (cm)", title="Reach budget")\nplt.show()')
    alt = course_site.plot_alt_text(source)
    assert alt.startswith("Chart: Reach budget.") and "reach (cm) against hip extension (deg)" in alt


def test_preparing_a_notebook_tags_widget_cells_and_keeps_an_authors_alt_text():
    nb = {"cells": [
        {"cell_type": "code", "source": "HipExtensionExplorer()", "metadata": {}},
        {"cell_type": "code", "source": "print(1)", "metadata": {}},
        {"cell_type": "code", "source": 'plt.title("Mine")\nplt.show()',
         "metadata": {"mystnb": {"image": {"alt": "the author's words"}}}},
    ]}
    cells = json.loads(course_site.prepare_notebook(json.dumps(nb)))["cells"]
    assert cells[0]["metadata"]["tags"] == ["hide-input"]
    assert cells[1]["metadata"]["tags"] == []
    assert cells[2]["metadata"]["mystnb"]["image"]["alt"] == "the author's words"


def test_the_course_map_lists_every_lesson_with_a_link():
    table = course_site.course_map(ROOT)
    for path in sorted((ROOT / "lessons").glob("[0-9][0-9]_*.ipynb")):
        assert f"</lessons/{path.stem}>`" in table


def test_a_lesson_section_is_pulled_out_with_its_number_dropped():
    text = course_site.lesson_section(ROOT, "00_welcome", "## 4.")
    assert text.startswith("## Evidence labels") and "| **strong** |" in text
    assert "## 5." not in text


def test_the_bibliography_page_has_an_anchor_and_a_label_for_every_entry():
    from widgets.learner import bibliography as bib

    text = course_site.bibliography(ROOT)
    for key, entry in bib.load().items():
        assert f"({key})=" in text and f"**{entry['evidence']}**" in text


def test_a_lesson_section_leaves_out_its_subsections():
    text = course_site.lesson_section(ROOT, "00_welcome", "## 9.")
    assert text.startswith("## How the self-checks work") and "### Self-check" not in text
