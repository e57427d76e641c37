"""Evidence labels follow one rule (docs/evidence-labels.md).

Every claim sentence that cites a source carries a label: inline ("evidence: **moderate**" or
"; **moderate**)" inside the citation's parenthesis), in a label column of its table row, or, for
a self-check question, in the question's ``evidence`` field. A label must be the bibliography
entry's default for that source or the label of one of its recorded claims; "model result" and
"hypothesis" describe the course's own reasoning and may stand beside any citation.

Claim sentences are found by splitting the prose of markdown cells into sentences (list items
and table rows are units of their own); References sections, the "Evidence strength" legend,
headings and code blocks are skipped. Sentences that cite only the source article
("Fitzgerald") are the object of study, not evidence, and need no label.
"""

from __future__ import annotations

import json

import pytest

from support.paths import LESSONS, ROOT
from widgets.learner import bibliography as bib

BANK_DIR = ROOT / "widgets" / "learner" / "question_bank"
BANKS = sorted(p for p in BANK_DIR.glob("*.json") if p.name != "question_bank.schema.json")
ASSIGNMENTS = sorted((ROOT / "course" / "source").glob("*/*.ipynb"))


def markdown_cells(path):
    nb = json.loads(path.read_text(encoding="utf-8"))
    for cell in nb["cells"]:
        if cell["cell_type"] == "markdown":
            yield cell.get("id", "?"), bib._cell_text(cell)


def notebook_problems(path):
    problems = []
    for cell_id, text in markdown_cells(path):
        for unit in bib.claim_units(text):
            for problem in bib.label_problems(unit):
                problems.append(f"[cell {cell_id}] {problem}\n      sentence: {unit.text[:300]}")
    return problems


@pytest.mark.parametrize("path", [*LESSONS, *ASSIGNMENTS], ids=lambda p: str(p.relative_to(ROOT)))
def test_every_cited_claim_carries_the_label_the_bibliography_gives(path):
    problems = notebook_problems(path)
    assert not problems, f"{path.relative_to(ROOT)}:\n  " + "\n  ".join(problems)


@pytest.mark.parametrize("path", BANKS, ids=lambda p: p.name)
def test_question_and_misconception_labels_match_their_source(path):
    data = json.loads(path.read_text(encoding="utf-8"))
    problems = []
    for item in data.get("questions", []) + data.get("misconceptions", []):
        if bib.is_course_material(item["source"]["author"]):
            continue  # test_citations checks the labels of the course's own material
        key = bib.source_key(item["source"]["author"], item["source"]["year"])
        if key is None:
            continue  # test_citations reports unknown sources
        allowed = bib.allowed_labels(key) | set(bib.OWN_REASONING_LABELS)
        if item["evidence"] not in allowed:
            problems.append(f"{item['id']}: evidence {item['evidence']!r}, but {key} is "
                            f"{'/'.join(sorted(bib.allowed_labels(key)))}")
    assert not problems, f"{path.name}: " + "; ".join(problems)


def test_the_label_finder_reads_every_form_the_course_uses():
    unit = bib.claim_units("Tilt co-varies with hip extension (Franz et al. 2009; evidence: **moderate**).")[0]
    assert bib.label_problems(unit) == []
    unit = bib.claim_units("Stretching had no clear effect (Warneke et al. 2025; **moderate**).")[0]
    assert bib.label_problems(unit) == [
        "'Warneke et al. 2025' labelled moderate, but the bibliography gives warneke2025 weak"]
    unit = bib.claim_units("Most shod marathoners land on the heel (Kasmer et al. 2013).")[0]
    assert bib.label_problems(unit) == ["no evidence label for 'Kasmer et al. 2013'"]
    rows = bib.claim_units("| claim | source | evidence |\n| --- | --- | --- |\n"
                           "| tilt co-varies | Franz et al. 2009 | **moderate** |\n")
    assert len(rows) == 1 and bib.label_problems(rows[0]) == []
    assert bib.claim_units("The article (Fitzgerald) argues this.")[0].labels == ()
    assert bib.label_problems(bib.claim_units("The article (Fitzgerald) argues this.")[0]) == []
    legend = "## References\n\n- x\n\n### Evidence strength\n\n- **strong**: Franz et al. 2009 style."
    assert bib.claim_units(legend) == []


def test_model_results_and_hypotheses_may_stand_beside_any_citation():
    unit = bib.claim_units("Tilt buys nine times more reach than rotation, using de Leva 1996 inertias "
                           "(evidence: **model result**).")[0]
    assert bib.label_problems(unit) == []


def test_questions_options_and_narrative_citations_are_handled():
    assert bib.claim_units("Why does that fit what Franz et al. (2009) measured?") == []
    assert bib.claim_units("**A** Barefoot runners land on the forefoot (Lieberman et al. 2010).") == []
    unit = bib.claim_units("Craib et al. (1996) offered an idea: stiffer tissue returns more energy "
                           "(Craib et al. 1996; evidence: **hypothesis**).")[0]
    assert bib.label_problems(unit) == []
