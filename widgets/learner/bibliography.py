"""The course's one bibliography: load it, find citations in text, format references.

Every source the course cites lives once in ``bibliography.json`` (validated against
``bibliography.schema.json``, JSON Schema Draft 2020-12). Each entry has a key such as
``franz2009``, its authors, year, title, venue, DOI where one exists, and the evidence
label the course gives what it uses the source for (``evidence``), with optional
``claims`` where one source backs claims of different strength. The label rule is in
``docs/evidence-labels.md``.

Lessons, question banks, drill cards, assignments and docstrings cite author-year:
``Souza 2016``, ``Hamner & Delp 2013``, ``Kipp, Grabowski & Kram 2018``,
``Franz et al. 2009`` or ``Franz et al., 2009``, ``Moore (2016)``, lists separated by
``;``, and the course's source article as ``Fitzgerald``. :func:`find_citations` finds
them, :func:`resolve` maps one to its key, :func:`format_reference` writes one entry in
the course's APA-like style and :func:`references_markdown` a lesson's reference list.

Command line (prints the References cell a lesson should have; ``--write`` rewrites it,
keeping an "### Evidence strength" legend that sits in the same cell)::

    python -m widgets.learner.bibliography lessons/03_hip_extension_and_compensation.ipynb [--write]

Standard library and ``jsonschema`` only.
"""

from __future__ import annotations

import argparse
import json
import re
import sys
import unicodedata
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any, Iterable, Optional

import jsonschema

HERE = Path(__file__).resolve().parent
BIBLIOGRAPHY_PATH = HERE / "bibliography.json"
SCHEMA_PATH = HERE / "bibliography.schema.json"

#: Labels for the strength of evidence, strongest first, then the two the course uses
#: for its own reasoning: a number computed by the course's model, and an untested idea.
EVIDENCE_LABELS = ("strong", "moderate", "weak", "disputed", "unverified", "model result", "hypothesis")
#: Labels that describe the course's own reasoning rather than a source's strength:
#: they may stand next to any citation (the citation then names the model's inputs or the
#: source of the idea).
OWN_REASONING_LABELS = ("model result", "hypothesis")

#: The course's source article is cited by its author's name alone.
ARTICLE_KEY = "fitzgerald_nd"


class BibliographyError(ValueError):
    """The bibliography is malformed, or a key or citation is unknown."""


# --------------------------------------------------------------------------- loading

@lru_cache(maxsize=1)
def load_schema() -> dict:
    return json.loads(SCHEMA_PATH.read_text(encoding="utf-8"))


def validate_data(data: Any) -> list[str]:
    """Every problem with bibliography data: schema errors, duplicate keys, keys that do not
    match the first author and year, and claims labels outside the scale."""
    validator = jsonschema.Draft202012Validator(load_schema())
    problems = []
    for error in sorted(validator.iter_errors(data), key=lambda e: list(e.absolute_path)):
        where = "/".join(str(p) for p in error.absolute_path) or "(top level)"
        problems.append(f"{where}: {jsonschema.exceptions.best_match([error]).message}")
    if problems:
        return problems
    keys = [e["key"] for e in data["entries"]]
    problems += [f"duplicate key {k!r}" for k in sorted({k for k in keys if keys.count(k) > 1})]
    for entry in data["entries"]:
        expected = _expected_key_stem(entry)
        if not entry["key"].startswith(expected):
            problems.append(f"{entry['key']}: key should start with {expected!r} (first author + year)")
    # Two entries with the same first author and year need distinct year suffixes.
    seen: dict[tuple, str] = {}
    for entry in data["entries"]:
        ident = (_norm(surname(entry["authors"][0])), str(entry["year"]), entry.get("year_suffix", ""))
        if ident in seen:
            problems.append(f"{entry['key']} and {seen[ident]}: same first author and year; "
                            "give each a year_suffix (a, b) and cite them as YEARa / YEARb")
        seen[ident] = entry["key"]
    return problems


def _expected_key_stem(entry: dict) -> str:
    name = re.sub(r"[^a-z]", "", _ascii(surname(entry["authors"][0])).lower())
    year = "nd" if entry["year"] == "n.d." else str(entry["year"])
    return f"{name}_{year}" if year == "nd" else f"{name}{year}"


@lru_cache(maxsize=1)
def load() -> dict[str, dict]:
    """The bibliography by key, validated; raises BibliographyError listing every problem."""
    try:
        data = json.loads(BIBLIOGRAPHY_PATH.read_text(encoding="utf-8"))
    except json.JSONDecodeError as exc:
        raise BibliographyError(f"{BIBLIOGRAPHY_PATH.name}: not valid JSON ({exc})") from None
    problems = validate_data(data)
    if problems:
        raise BibliographyError(f"{BIBLIOGRAPHY_PATH.name}: " + "; ".join(problems))
    return {e["key"]: e for e in data["entries"]}


def entry(key: str) -> dict:
    entries = load()
    if key not in entries:
        raise BibliographyError(f"no bibliography entry {key!r}")
    return entries[key]


def allowed_labels(key: str) -> frozenset[str]:
    """The labels a course text may give a claim from this source: its default label and the
    labels of its recorded claims."""
    e = entry(key)
    return frozenset({e["evidence"], *(c["evidence"] for c in e.get("claims", []))})


# --------------------------------------------------------------------------- names

def surname(author: str) -> str:
    """'Franz, J. R.' -> 'Franz'; 'de Leva, P.' -> 'de Leva'; an organisation stays whole."""
    return author.split(",")[0].strip()


def _ascii(text: str) -> str:
    return unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()


def _norm(name: str) -> str:
    return re.sub(r"[^a-z]", "", _ascii(name).lower())


# --------------------------------------------------------------------------- citations

_PARTICLE = r"(?:(?:de|van|von|der|den|da|di|du|le|la|dos|del)\s+)"
_NAME = rf"{_PARTICLE}*[A-Z][A-Za-z\u00C0-\u017F'\u2019]*(?:-[A-Z][A-Za-z\u00C0-\u017F'\u2019]*)*"
_YEAR = r"(?:19|20)\d\d(?:[a-f](?![A-Za-z]))?(?![\dA-Za-z]|[-\u2013]\d)"
_AND = r"(?:\s*&\s*|\s+and\s+)"
# Surname; or Surname & Surname; or Surname, Surname(, Surname)* & Surname.
_AUTHORS = rf"(?P<authors>{_NAME}(?:(?:,\s*{_NAME})*,?{_AND}{_NAME})?)"
_CITATION = re.compile(
    rf"(?<![A-Za-z\u00C0-\u017F'\u2019-]){_AUTHORS}(?:['\u2019]s)?(?P<etal>\s+et\s+al\.?)?,?\s+"
    rf"(?P<open>\()?(?P<year>{_YEAR})(?P<more>(?:,\s*{_YEAR}(?![.,]\d))*)(?(open)\))"
)
_FITZGERALD = re.compile(r"\bFitzgerald\b")

#: Capitalised words that precede a year without being an author ("In 2016", "Since 2010").
_NOT_NAMES = {
    "in", "since", "by", "from", "until", "till", "to", "of", "on", "at", "for", "and", "the", "a",
    "an", "as", "after", "before", "during", "between", "around", "about", "circa", "year",
    "years", "spring", "summer", "autumn", "fall", "january", "february", "march",
    "april", "may", "june", "july", "august", "september", "october", "november", "december",
    "jan", "feb", "mar", "apr", "jun", "jul", "aug", "sep", "sept", "oct", "nov", "dec",
    "lesson", "lessons", "issue", "version", "python", "table", "figure", "fig", "page", "pages",
    "step", "steps", "week", "weeks", "edition", "vol", "volume", "no", "number", "iso", "see",
    "also", "cf", "eg", "ie", "per", "up", "over", "under", "then", "than", "with", "within",
    "pep", "rfc", "copyright", "chapter", "section", "level", "top", "or", "nbgrader", "jupyterlab",
    "med", "sci", "sports", "exerc", "physiol", "biomech", "res", "ther", "rehabil", "posture",
    "nature", "peerj", "one", "open", "sport", "train", "athl", "gait", "orthop", "appl", "exp",
    "biol", "j", "int", "br", "arch", "phys", "clin", "am", "front", "act", "living", "eur",
    "sports medicine",
}


@dataclass(frozen=True)
class Citation:
    """One author-year citation as written: surnames given, 'et al.' or not, year (with suffix)."""

    text: str
    surnames: tuple[str, ...]
    et_al: bool
    year: str
    start: int = 0
    end: int = 0

    @property
    def first(self) -> str:
        return self.surnames[0]


def _split_authors(authors: str) -> tuple[str, ...]:
    parts = re.split(rf",\s*|{_AND}", authors)
    return tuple(re.sub(r"['\u2019]s$", "", p.strip()) for p in parts if p.strip())


def find_citations(text: str) -> list[Citation]:
    """Author-year citations in ``text``, in order, plus ``Fitzgerald`` (the source article,
    year ``n.d.``). ``Moore 2016, 2012`` yields two citations; lists separated by ``;`` are
    found one by one."""
    found: list[Citation] = []
    for m in _CITATION.finditer(text):
        surnames = _split_authors(m.group("authors"))
        # Drop leading capitalised words that are not names ("In Souza 2016" cannot occur, but
        # "Since Franz & Kram 2012" can: only the last name group is the author list).
        while surnames and _norm(surnames[0]) in {_norm(w) for w in _NOT_NAMES}:
            surnames = surnames[1:]
        if not surnames or any(_norm(s) in _NOT_NAMES for s in surnames):
            continue
        years = [m.group("year")] + re.findall(_YEAR, m.group("more") or "")
        for year in years:
            found.append(Citation(m.group(0), surnames, bool(m.group("etal")), year, m.start(), m.end()))
    for m in _FITZGERALD.finditer(text):
        if not any(c.start <= m.start() < c.end for c in found):
            found.append(Citation("Fitzgerald", ("Fitzgerald",), False, "n.d.", m.start(), m.end()))
    found.sort(key=lambda c: c.start)
    return found


def _candidates(citation: Citation) -> list[dict]:
    year, suffix = citation.year, ""
    if year != "n.d." and year[-1].isalpha():
        year, suffix = year[:-1], year[-1]
    out = []
    for e in load().values():
        if str(e["year"]) != year or _norm(surname(e["authors"][0])) != _norm(citation.first):
            continue
        if suffix and e.get("year_suffix", "") != suffix:
            continue
        if len(citation.surnames) > 1:
            names = [_norm(surname(a)) for a in e["authors"]]
            given = [_norm(s) for s in citation.surnames]
            if citation.et_al:
                if names[: len(given)] != given:
                    continue
            elif names != given:
                continue
        out.append(e)
    return out


def resolve(citation: Citation | str) -> Optional[str]:
    """The key of the one entry a citation names, or None (unknown or ambiguous).

    A citation matches an entry with the same first author and year (and year suffix, if
    given); where it lists several surnames they must be the entry's authors, in order.
    """
    if isinstance(citation, str):
        if citation.strip() == "Fitzgerald":
            return ARTICLE_KEY if ARTICLE_KEY in load() else None
        cites = find_citations(citation)
        if len(cites) != 1:
            return None
        citation = cites[0]
    if citation.year == "n.d." and citation.first == "Fitzgerald":
        return ARTICLE_KEY if ARTICLE_KEY in load() else None
    matches = _candidates(citation)
    return matches[0]["key"] if len(matches) == 1 else None


def form_problem(citation: Citation, key: str) -> Optional[str]:
    """Why a resolved citation's form does not fit its entry's author count, or None.

    One author: 'Surname YEAR'; two: 'Surname & Surname YEAR'; three or more: 'Surname et
    al. YEAR' or all surnames. The source article is cited as 'Fitzgerald'."""
    n = len(entry(key)["authors"])
    given = len(citation.surnames)
    if key == ARTICLE_KEY:
        return None
    if citation.et_al:
        return None if n >= 3 else f"'{citation.text}': {key} has {n} author(s); do not write 'et al.'"
    if given == n:
        return None
    expected = {1: "Surname YEAR", 2: "Surname & Surname YEAR"}.get(n, "Surname et al. YEAR")
    return f"'{citation.text}': {key} has {n} authors; cite it as '{expected}'"


#: A question's ``source`` may name the course's own material instead of a publication
#: ("Course facts sheet", "Course drill doses"): no bibliography entry, and its evidence label
#: can only be one of COURSE_MATERIAL_LABELS (the course's own guidance is never strong evidence).
COURSE_MATERIAL = re.compile(r"^Course\b")
COURSE_MATERIAL_LABELS = ("weak", "unverified", "hypothesis", "model result")


def is_course_material(author: str) -> bool:
    return bool(COURSE_MATERIAL.match(author.strip()))


def source_key(author: str, year: Any) -> Optional[str]:
    """The key for a question bank's ``source`` (author text and year), or None."""
    if year == "n.d." or str(year) == "n.d.":
        return ARTICLE_KEY if "Fitzgerald" in author else None
    return resolve(f"{author.strip()} {year}")


# --------------------------------------------------------------------------- formatting

def _authors_apa(authors: list[str]) -> str:
    if len(authors) == 1:
        return authors[0]
    if len(authors) <= 20:
        return ", ".join(authors[:-1]) + ", & " + authors[-1]
    return ", ".join(authors[:19]) + ", ... " + authors[-1]


def _end(text: str) -> str:
    return text if text.endswith((".", "?", "!")) else text + "."


def format_reference(key: str) -> str:
    """One entry in the course's APA-like style, Markdown italics for the journal or book."""
    e = entry(key)
    year = e["year"] if e["year"] == "n.d." else f"{e['year']}{e.get('year_suffix', '')}"
    head = f"{_authors_apa(e['authors'])} ({year})."
    kind = e["kind"]
    if kind in ("book", "standard-anatomy") and "journal" not in e:
        title = f"*{e['title']}*"
        if e.get("edition"):
            title += f" ({e['edition']} ed.)"
        parts = [head, _end(title)]
        if e.get("publisher"):
            parts.append(_end(e["publisher"]))
    else:
        parts = [head, _end(e["title"])]
        venue = e.get("journal") or e.get("publisher")
        if venue:
            venue_text = f"*{venue}*"
            if e.get("volume"):
                venue_text += f", *{e['volume']}*"
                if e.get("issue"):
                    venue_text += f"({e['issue']})"
            locator = e.get("pages") or e.get("article_number")
            if locator:
                venue_text += f", {locator}"
            parts.append(venue_text + ".")
        if kind == "magazine" and not venue:
            parts[-1] = parts[-1][:-1] + " [Magazine article]." if parts[-1].endswith(".") else parts[-1]
    if e.get("doi"):
        parts.append(f"https://doi.org/{e['doi']}")
    elif e.get("url"):
        parts.append(e["url"])
    return " ".join(parts)


def sort_key(key: str) -> tuple:
    e = entry(key)
    return (tuple(_norm(surname(a)) for a in e["authors"]), str(e["year"]), e.get("year_suffix", ""))


def references_markdown(keys: Iterable[str], heading: str = "## References") -> str:
    """A reference list: the heading, then one bullet per entry, sorted by authors and year."""
    ordered = sorted(set(keys), key=sort_key)
    lines = [heading, ""] + [f"- {format_reference(k)}" for k in ordered]
    return "\n".join(lines)


# --------------------------------------------------------------------------- evidence labels

_LABEL_WORDS = "|".join(re.escape(label) for label in EVIDENCE_LABELS)
#: A label as the lessons write it: "evidence: **moderate**", "; **weak**)", "*hypothesis*".
_LABEL = re.compile(
    rf"(?:evidence:\s*)?(?:\*\*|__)({_LABEL_WORDS})(?:\*\*|__)"
    rf"|(?<![*\w])\*({_LABEL_WORDS})\*(?![*\w])"
    rf"|evidence:\s*({_LABEL_WORDS})\b",
    re.IGNORECASE,
)
_TABLE_CELL_LABEL = re.compile(rf"^\s*(?:\*\*|\*|__)?({_LABEL_WORDS})(?:\*\*|\*|__)?\b", re.IGNORECASE)
_PROTECT = [("et al.", "et al\u00a7"), ("e.g.", "e\u00a7g\u00a7"), ("i.e.", "i\u00a7e\u00a7"),
            ("vs.", "vs\u00a7"), ("cf.", "cf\u00a7"), ("approx.", "approx\u00a7"), ("Fig.", "Fig\u00a7"),
            ("ca.", "ca\u00a7"), ("No.", "No\u00a7")]
_SENTENCE_END = re.compile(r"(?<=[.!?])[\"'\u201d)\]*_]*\s+(?=[A-Z\"'\u201c(\[*_])")


def labels_in(text: str) -> list[str]:
    """Evidence labels written in a text, in order, lower case."""
    return [next(g for g in m.groups() if g).lower() for m in _LABEL.finditer(text)]


def split_sentences(text: str) -> list[str]:
    """Sentences of a paragraph ('et al.', 'e.g.' and the like do not end one)."""
    for a, b in _PROTECT:
        text = text.replace(a, b)
    parts = _SENTENCE_END.split(text)
    out = []
    for part in parts:
        for a, b in _PROTECT:
            part = part.replace(b, a)
        if part.strip():
            out.append(" ".join(part.split()))
    return out


@dataclass(frozen=True)
class ClaimUnit:
    """A sentence of prose, or one markdown table row, with its labels."""

    text: str
    labels: tuple[str, ...]
    table_row: bool = False


_OPTION = re.compile(r"^(\*\*|__)?\(?[A-H]\)?[.)]?(\*\*|__)?\s")


def _is_question_or_option(sentence: str) -> bool:
    """A question asks rather than claims; a lettered option of a multiple-choice item ("**A** ...",
    "B) ...") may be false on purpose. Neither is a claim that needs a label."""
    return sentence.rstrip("*_ )\"'\u201d").endswith("?") or bool(_OPTION.match(sentence))


def _is_legend(block: str) -> bool:
    return bool(LEGEND_HEADING.search(block)) or bool(re.match(r"^\s*\|\s*label\s*\|", block, re.I))


def claim_units(markdown: str) -> list[ClaimUnit]:
    """The units a claim can live in: sentences of paragraphs and list items, and table rows.

    Skipped: a References section, the "Evidence strength" legend (its heading and what
    follows it in the cell), headings, code blocks and table header/separator rows.
    """
    before, _, _ = split_references_cell(markdown)
    legend = LEGEND_HEADING.search(before)
    if legend:
        before = before[: legend.start()]
    units: list[ClaimUnit] = []
    block: list[str] = []
    in_code = False

    def flush():
        if block:
            for sentence in split_sentences(" ".join(block)):
                if _is_question_or_option(sentence):
                    continue
                units.append(ClaimUnit(sentence, tuple(labels_in(sentence))))
            block.clear()

    lines = before.splitlines()
    for i, line in enumerate(lines):
        stripped = line.strip()
        if stripped.startswith("```"):
            flush()
            in_code = not in_code
            continue
        if in_code:
            continue
        if not stripped or stripped.startswith("#"):
            flush()
            continue
        if stripped.startswith("|"):
            flush()
            cells = [c.strip() for c in stripped.strip("|").split("|")]
            if all(re.fullmatch(r":?-{2,}:?", c) for c in cells if c):
                continue
            following = lines[i + 1].strip() if i + 1 < len(lines) else ""
            if re.fullmatch(r"\|?\s*:?-{2,}.*", following):  # a header row
                continue
            row_labels = [m.group(1).lower() for c in cells if (m := _TABLE_CELL_LABEL.match(c))]
            units.append(ClaimUnit(stripped, tuple(dict.fromkeys(row_labels + labels_in(stripped))), True))
            continue
        if re.match(r"^([-*+]|\d+[.)])\s+", stripped):
            flush()
            stripped = re.sub(r"^([-*+]|\d+[.)])\s+", "", stripped)
        block.append(stripped.lstrip("> "))
    flush()
    return units


def _paren_groups(text: str) -> list[tuple[int, int]]:
    return [(m.start(), m.end()) for m in re.finditer(r"\([^()]*\)", text)]


def attach_labels(unit: ClaimUnit) -> list[tuple[Citation, tuple[str, ...]]]:
    """Each evidence citation of a unit (the source article excluded) with the labels that
    apply to it: those in the same parenthesis where a parenthesis holds both, otherwise the
    unit's labels outside such parentheses."""
    cites = [c for c in find_citations(unit.text) if resolve(c) != ARTICLE_KEY]
    if not cites:
        return []
    if unit.table_row:
        return [(c, unit.labels) for c in cites]
    groups = []
    for start, end in _paren_groups(unit.text):
        inner = unit.text[start:end]
        labels = labels_in(inner)
        inside = [c for c in cites if start <= c.start < end]
        if labels and inside:
            groups.append((start, end, inside, tuple(labels)))
    outside_text = unit.text
    for start, end, _, _ in sorted(groups, reverse=True):
        outside_text = outside_text[:start] + " " * (end - start) + outside_text[end:]
    outside = tuple(labels_in(outside_text))
    out = []
    for c in cites:
        group = next((g for g in groups if any(x is c for x in g[2])), None)
        out.append((c, group[3] if group else outside))
    # A narrative citation ("Craib et al. (1996) offered ...") shares the label the same source
    # gets elsewhere in the sentence ("... (Craib et al. 1996; evidence: **hypothesis**)").
    by_key: dict[Optional[str], tuple[str, ...]] = {}
    for c, labels in out:
        if labels:
            by_key.setdefault(resolve(c), labels)
    return [(c, labels or by_key.get(resolve(c), ())) for c, labels in out]


def label_problems(unit: ClaimUnit) -> list[str]:
    """What is wrong with the labels of one unit: a citation without a label, or a label that
    is neither the entry's default nor one of its recorded claims' labels."""
    problems = []
    for citation, labels in attach_labels(unit):
        key = resolve(citation)
        if key is None:
            continue  # unresolved citations are the citation test's business
        if not labels:
            problems.append(f"no evidence label for {citation.text!r}")
            continue
        allowed = allowed_labels(key) | set(OWN_REASONING_LABELS)
        if not set(labels) & allowed:
            problems.append(f"{citation.text!r} labelled {'/'.join(labels)}, but the bibliography gives "
                            f"{key} {'/'.join(sorted(allowed_labels(key)))}")
    return problems


# --------------------------------------------------------------------------- notebooks

REFERENCES_HEADING = re.compile(r"^##\s+References\s*$", re.MULTILINE)
LEGEND_HEADING = re.compile(r"^#{2,3}\s+Evidence strength\s*$", re.MULTILINE)


def split_references_cell(source: str) -> tuple[str, str, str]:
    """(text before '## References', the references part, the legend part from
    '### Evidence strength' on); parts are '' where absent."""
    m = REFERENCES_HEADING.search(source)
    if m is None:
        return source, "", ""
    before, rest = source[: m.start()], source[m.start():]
    legend = LEGEND_HEADING.search(rest)
    if legend is None:
        return before, rest, ""
    return before, rest[: legend.start()], rest[legend.start():]


def reference_items(references_part: str) -> list[str]:
    """The bullet items of a references part, each joined onto one line."""
    items: list[str] = []
    for line in references_part.splitlines()[1:]:
        if line.startswith("- "):
            items.append(line[2:].strip())
        elif line.strip() and items and line.startswith((" ", "\t")):
            items[-1] += " " + line.strip()
    return items


def _read_notebook(path: Path) -> dict:
    return json.loads(Path(path).read_text(encoding="utf-8"))


def _cell_text(cell: dict) -> str:
    src = cell.get("source", "")
    return "".join(src) if isinstance(src, list) else src


def notebook_texts(nb: dict) -> list[tuple[int, str, str]]:
    """(cell index, cell type, text) of every cell, with a References section cut away."""
    out = []
    for i, cell in enumerate(nb.get("cells", [])):
        text = _cell_text(cell)
        if cell.get("cell_type") == "markdown":
            before, refs, legend = split_references_cell(text)
            text = before + ("\n" + legend if refs and legend else "")
        out.append((i, cell.get("cell_type", ""), text))
    return out


def lesson_bank_texts(nb_path: Path) -> list[str]:
    """Texts of the lesson's question bank (prompts, choices, explanations and sources),
    which the lesson shows; empty when the notebook has no bank."""
    m = re.match(r"^(\d{2})_", Path(nb_path).name)
    if not m:
        return []
    bank = HERE / "question_bank" / f"lesson_{m.group(1)}.json"
    if not bank.exists():
        return []
    return list(question_bank_texts(json.loads(bank.read_text(encoding="utf-8"))))


def question_bank_texts(data: dict) -> Iterable[str]:
    """Every piece of text in a bank (or the misconception bank) that may cite a source,
    with each ``source`` rendered as 'Author YEAR'."""
    def walk(node: Any) -> Iterable[str]:
        if isinstance(node, dict):
            for k, v in node.items():
                if k == "source" and isinstance(v, dict):
                    yield f"{v.get('author', '')} {v.get('year', '')}"
                    if v.get("detail"):
                        yield v["detail"]
                elif k not in ("id", "$schema", "misconception", "misconceptions", "objectives"):
                    yield from walk(v)
        elif isinstance(node, list):
            for v in node:
                yield from walk(v)
        elif isinstance(node, str):
            yield node
    return walk(data)


def python_texts(source: str) -> list[str]:
    """The string constants (docstrings, drill-card text; implicit concatenation joined) and
    the comments of Python source: where a module cites its sources."""
    import ast
    import io
    import tokenize

    texts: list[str] = []
    tree = ast.parse(source)
    for node in ast.walk(tree):
        if isinstance(node, ast.Constant) and isinstance(node.value, str):
            texts.append(node.value)
        elif isinstance(node, ast.JoinedStr):
            texts.append("".join(v.value for v in node.values
                                 if isinstance(v, ast.Constant) and isinstance(v.value, str)))
    comments = [tok.string.lstrip("#").strip()
                for tok in tokenize.generate_tokens(io.StringIO(source).readline)
                if tok.type == tokenize.COMMENT]
    texts.append("\n".join(comments))
    return texts


def cited_keys(texts: Iterable[str]) -> tuple[set[str], list[str]]:
    """(keys cited in the texts, citations that resolve to no single entry)."""
    keys, unknown = set(), []
    for text in texts:
        for c in find_citations(text):
            key = resolve(c)
            if key is None:
                unknown.append(c.text if c.year in c.text or c.year == "n.d." else f"{c.text} ({c.year})")
            else:
                keys.add(key)
    return keys, unknown


def lesson_cited_keys(nb_path: Path) -> tuple[set[str], list[str]]:
    """(keys a lesson cites, unresolved citations): its cells (References cut away) and its
    question bank. Every lesson examines the source article, so the article is always listed."""
    nb = _read_notebook(nb_path)
    texts = [t for _, _, t in notebook_texts(nb)] + lesson_bank_texts(nb_path)
    keys, unknown = cited_keys(texts)
    if ARTICLE_KEY in load():
        keys.add(ARTICLE_KEY)
    return keys, unknown


def find_references_cell(nb: dict) -> Optional[int]:
    for i, cell in enumerate(nb.get("cells", [])):
        if cell.get("cell_type") == "markdown" and REFERENCES_HEADING.search(_cell_text(cell)):
            return i
    return None


def references_cell_source(nb_path: Path) -> str:
    """The References cell the notebook should have: generated list plus any legend kept."""
    nb = _read_notebook(nb_path)
    keys, unknown = lesson_cited_keys(nb_path)
    if unknown:
        raise BibliographyError(f"{Path(nb_path).name}: citations not in the bibliography: "
                                + "; ".join(sorted(set(unknown))))
    index = find_references_cell(nb)
    before = legend = ""
    if index is not None:
        before, _, legend = split_references_cell(_cell_text(nb["cells"][index]))
    text = before + references_markdown(keys)
    if legend:
        text += "\n\n" + legend.rstrip("\n")
    return text


def write_references(nb_path: Path) -> bool:
    """Rewrite the notebook's References cell (appending one if missing). True if changed.

    Edits the notebook JSON directly, so cell ids, metadata and the clean state stay as they are.
    """
    path = Path(nb_path)
    raw = path.read_text(encoding="utf-8")
    nb = json.loads(raw)
    new = references_cell_source(path)
    index = find_references_cell(nb)
    lines = new.splitlines(keepends=True)
    if index is None:
        import uuid
        nb["cells"].append({"cell_type": "markdown", "id": uuid.uuid4().hex[:8], "metadata": {}, "source": lines})
    else:
        if _cell_text(nb["cells"][index]) == new:
            return False
        nb["cells"][index]["source"] = lines
    path.write_text(json.dumps(nb, indent=1, ensure_ascii=False) + "\n", encoding="utf-8")
    return True


def main(argv: Optional[list[str]] = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m widgets.learner.bibliography",
        description="Print (or with --write, rewrite) a lesson's References cell from the citations "
                    "found in the notebook and its question bank.")
    parser.add_argument("notebooks", nargs="+", type=Path)
    parser.add_argument("--write", action="store_true", help="rewrite the References cell in place")
    args = parser.parse_args(argv)
    status = 0
    for path in args.notebooks:
        try:
            if args.write:
                changed = write_references(path)
                print(f"{path}: {'rewritten' if changed else 'already up to date'}")
            else:
                if len(args.notebooks) > 1:
                    print(f"==> {path}")
                print(references_cell_source(path))
        except BibliographyError as exc:
            print(exc, file=sys.stderr)
            status = 1
    return status


if __name__ == "__main__":
    sys.exit(main())
