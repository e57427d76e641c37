"""Every author-year the course cites is in the one bibliography, and every entry is cited.

Where citations are looked for: the lessons (every cell but the References section), the
question banks and the misconception bank (texts and ``source`` fields), the drill cards and
docstrings/comments of ``widgets/**/*.py`` and ``course_grading/**/*.py``, and the assignments
(``course/source/*/*.ipynb``). ``widgets/learner/bibliography.py`` itself is left out: its
docstring shows citation forms as examples.

These tests fail, never skip: a missing bibliography or an unreadable notebook is an error.
"""

from __future__ import annotations

import json
from functools import lru_cache
from pathlib import Path

import pytest

from support.paths import LESSONS, ROOT
from widgets.learner import bibliography as bib

BANK_DIR = ROOT / "widgets" / "learner" / "question_bank"
BANKS = sorted(p for p in BANK_DIR.glob("*.json") if p.name != "question_bank.schema.json")
ASSIGNMENTS = sorted((ROOT / "course" / "source").glob("*/*.ipynb"))
PYTHON = sorted(p for p in [*(ROOT / "widgets").rglob("*.py"), *(ROOT / "course_grading").rglob("*.py")]
                if p.name != "bibliography.py" or p.parent.name != "learner")


def rel(path: Path) -> str:
    return str(path.relative_to(ROOT))


@lru_cache(maxsize=None)
def texts_of(path: Path) -> tuple[str, ...]:
    """The texts of one course file in which citations count."""
    if path.suffix == ".ipynb":
        nb = json.loads(path.read_text(encoding="utf-8"))
        return tuple(t for _, _, t in bib.notebook_texts(nb))
    if path.suffix == ".json":
        return tuple(bib.question_bank_texts(json.loads(path.read_text(encoding="utf-8"))))
    return tuple(bib.python_texts(path.read_text(encoding="utf-8")))


ALL_FILES = [*LESSONS, *BANKS, *ASSIGNMENTS, *PYTHON]


def test_the_course_has_files_to_check():
    assert len(LESSONS) >= 7 and BANKS and ASSIGNMENTS and PYTHON


def test_the_bibliography_loads_and_validates():
    entries = bib.load()
    assert len(entries) >= 30


@pytest.mark.parametrize("path", ALL_FILES, ids=rel)
def test_every_citation_resolves_to_exactly_one_entry(path):
    unknown = []
    for text in texts_of(path):
        for citation in bib.find_citations(text):
            if bib.resolve(citation) is None:
                unknown.append(f"{' '.join(citation.text.split())} (year {citation.year})")
    assert not unknown, (f"{rel(path)} cites author-years that are not (or not uniquely) in "
                         f"widgets/learner/bibliography.json: {sorted(set(unknown))}")


@pytest.mark.parametrize("path", ALL_FILES, ids=rel)
def test_citation_forms_match_the_number_of_authors(path):
    problems = []
    for text in texts_of(path):
        for citation in bib.find_citations(text):
            key = bib.resolve(citation)
            if key and (problem := bib.form_problem(citation, key)):
                problems.append(" ".join(problem.split()))
    assert not problems, f"{rel(path)}: " + "; ".join(sorted(set(problems)))


@pytest.mark.parametrize("path", BANKS, ids=rel)
def test_every_question_and_misconception_source_resolves(path):
    data = json.loads(path.read_text(encoding="utf-8"))
    items = data.get("questions", []) + data.get("misconceptions", [])
    assert items
    unknown, own = [], []
    for item in items:
        author, year = item["source"]["author"], item["source"]["year"]
        if bib.is_course_material(author):
            if item["evidence"] not in bib.COURSE_MATERIAL_LABELS:
                own.append(f"{item['id']}: the course's own material ({author}) cannot be "
                           f"{item['evidence']!r} evidence; use one of {bib.COURSE_MATERIAL_LABELS}")
        elif bib.source_key(author, year) is None:
            unknown.append(f"{item['id']}: {author} {year}")
    assert not unknown and not own, (f"{rel(path)}: sources not in the bibliography: {unknown}; "
                                     f"course-material labels: {own}")


def cited_everywhere() -> set[str]:
    keys: set[str] = set()
    for path in ALL_FILES:
        found, _ = bib.cited_keys(texts_of(path))
        keys |= found
    return keys


def test_every_bibliography_entry_is_cited_somewhere():
    uncited = sorted(set(bib.load()) - cited_everywhere())
    assert not uncited, ("entries cited by no lesson, question, drill card, assignment or docstring "
                         f"(cite them or remove them): {uncited}")


@pytest.mark.parametrize("lesson", LESSONS, ids=lambda p: p.name)
def test_each_lesson_lists_exactly_the_entries_it_cites(lesson):
    nb = json.loads(lesson.read_text(encoding="utf-8"))
    index = bib.find_references_cell(nb)
    assert index is not None, f"{lesson.name} has no '## References' cell"
    source = bib._cell_text(nb["cells"][index])
    _, refs, _ = bib.split_references_cell(source)
    listed = bib.reference_items(refs)
    keys, unknown = bib.lesson_cited_keys(lesson)
    assert not unknown, f"{lesson.name}: citations not in the bibliography: {sorted(set(unknown))}"
    expected = [bib.format_reference(k) for k in sorted(keys, key=bib.sort_key)]
    missing = [e for e in expected if e not in listed]
    extra = [item for item in listed if item not in expected]
    assert not missing and not extra, (
        f"{lesson.name}: the References list differs from the citations in the lesson and its "
        f"question bank (regenerate with `python -m widgets.learner.bibliography lessons/{lesson.name} "
        f"--write`).\nMissing or formatted differently:\n  " + "\n  ".join(missing)
        + "\nListed but not cited (or formatted differently):\n  " + "\n  ".join(extra))
    assert listed == expected, f"{lesson.name}: references are not in author-year order"
