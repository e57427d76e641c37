"""Local Sphinx extension for the course website (book/_config.yml loads it).

It changes only what the build reads, never the files in the repository:

* **Widget-only code cells are collapsed.** A lesson code cell whose statements are only
  imports and calls that build a widget or show media (an explorer, ``self_check``,
  ``show_media``, ``show_drill``, ``ProfileEditor``, ``RoutineBuilder``) gets the
  ``hide-input`` tag: the page shows its output (the explorer's static figure, the
  self-check's questions) and keeps the code behind a "Show code cell source" disclosure.
* **Plots get alt text.** A code cell that draws with matplotlib and has no
  ``mystnb.image.alt`` of its own gets one from its title and axis labels.
* **Generated pages.** A Markdown page may hold a marker comment that is replaced by
  generated Markdown before parsing:

  - ``<!-- course-site: course-map -->``: a table of every lesson
    ``lessons/[0-9][0-9]_*.ipynb`` (title, overview, time), so a new lesson appears by itself;
  - ``<!-- course-site: bibliography -->``: every entry of ``widgets/learner/bibliography.json``
    (``format_reference``), with its evidence label and the lessons that cite it;
  - ``<!-- course-site: lesson-section 00_welcome "## 2." -->``: the text of one section of
    a lesson (up to the next heading), its number dropped, as a level-2 section, so the
    how-to and the evidence-label scale have one source: lesson 00.
"""

from __future__ import annotations

import ast
import json
import re
import shlex
from pathlib import Path

WIDGET_CALLS = {"self_check", "show_media", "show_drill", "ProfileEditor", "RoutineBuilder"}
MARKER = re.compile(r"<!--\s*course-site:\s*(?P<what>[\w-]+)(?P<args>[^>]*?)\s*-->")
LESSON_GLOB = "[0-9][0-9]_*.ipynb"
HEADING = re.compile(r"^(#{1,6})\s+(.*)$")


# --------------------------------------------------------------------------- notebook cells


def _builds_widget(call: ast.AST) -> bool:
    if not isinstance(call, ast.Call):
        return False
    func = call.func
    name = func.id if isinstance(func, ast.Name) else func.attr if isinstance(func, ast.Attribute) else ""
    return name in WIDGET_CALLS or name.endswith("Explorer")


def is_widget_only(source: str) -> bool:
    """True when a code cell only imports and builds/shows widgets or media."""
    try:
        tree = ast.parse(source)
    except SyntaxError:
        return False
    widget_names: set[str] = set()
    built = False
    for stmt in tree.body:
        if isinstance(stmt, (ast.Import, ast.ImportFrom)):
            continue
        if isinstance(stmt, ast.Expr) and _builds_widget(stmt.value):
            built = True
            continue
        if (isinstance(stmt, ast.Assign) and _builds_widget(stmt.value)
                and all(isinstance(t, ast.Name) for t in stmt.targets)):
            widget_names.update(t.id for t in stmt.targets)
            built = True
            continue
        if isinstance(stmt, ast.Expr) and isinstance(stmt.value, ast.Name) and stmt.value.id in widget_names:
            continue
        return False
    return built


def plot_alt_text(source: str) -> str | None:
    """Alt text for a matplotlib figure drawn by this cell, from its title and axis labels."""
    if "plt." not in source and ".plot(" not in source:
        return None
    try:
        tree = ast.parse(source)
    except SyntaxError:
        return None
    found: dict[str, str] = {}
    for node in ast.walk(tree):
        if not isinstance(node, ast.Call):
            continue
        name = node.func.attr if isinstance(node.func, ast.Attribute) else getattr(node.func, "id", "")
        for kw in node.keywords:
            if kw.arg in ("title", "xlabel", "ylabel") and isinstance(kw.value, ast.Constant):
                found.setdefault(kw.arg, str(kw.value.value))
        for field in ("title", "xlabel", "ylabel"):
            if name in (f"set_{field}", field) and node.args and isinstance(node.args[0], ast.Constant):
                found.setdefault(field, str(node.args[0].value))
    if "title" not in found and "ylabel" not in found:
        return None
    parts = [f"Chart: {found['title']}." if "title" in found else "Chart."]
    if "ylabel" in found and "xlabel" in found:
        parts.append(f"It plots {found['ylabel']} against {found['xlabel']}; the text around it describes what it shows.")
    return " ".join(parts)


def prepare_notebook(text: str) -> str:
    """The notebook JSON with widget-only cells tagged hide-input and plots given alt text."""
    nb = json.loads(text)
    for cell in nb.get("cells", []):
        if cell.get("cell_type") != "code":
            continue
        source = "".join(cell.get("source", ""))
        metadata = cell.setdefault("metadata", {})
        tags = metadata.setdefault("tags", [])
        if is_widget_only(source) and not {"hide-input", "remove-input", "remove-cell"} & set(tags):
            tags.append("hide-input")
        image = metadata.setdefault("mystnb", {}).setdefault("image", {})
        if "alt" not in image:
            alt = plot_alt_text(source)
            if alt:
                image["alt"] = alt
    return json.dumps(nb, ensure_ascii=False)


# --------------------------------------------------------------------------- generated Markdown


def _lesson_cells(path: Path) -> list[str]:
    nb = json.loads(path.read_text(encoding="utf-8"))
    return ["".join(c.get("source", "")) for c in nb.get("cells", []) if c.get("cell_type") == "markdown"]


def _section(cells: list[str], heading_prefix: str) -> tuple[int, str, list[str]]:
    """(level, heading text, body lines) of the section whose heading starts with the prefix."""
    lines = "\n".join(cells).splitlines()
    for i, line in enumerate(lines):
        m = HEADING.match(line)
        if m and line.startswith(heading_prefix):
            level = len(m.group(1))
            body = []
            for following in lines[i + 1:]:
                if HEADING.match(following):   # subsections stay out (e.g. a lesson's "### Self-check")
                    break
                body.append(following)
            return level, m.group(2), body
    raise ValueError(f"no heading starting {heading_prefix!r}")


def _first_paragraph(lines: list[str]) -> str:
    text = "\n".join(lines).strip().split("\n\n")[0]
    return " ".join(text.split())


def lesson_section(root: Path, lesson: str, heading_prefix: str) -> str:
    _, title, body = _section(_lesson_cells(root / "lessons" / f"{lesson}.ipynb"), heading_prefix)
    title = re.sub(r"^\d+\.\s*", "", title)
    return "\n".join([f"## {title}", "", *body])


def course_map(root: Path) -> str:
    rows = ["| lesson | what it covers | time |", "| --- | --- | --- |"]
    for path in sorted((root / "lessons").glob(LESSON_GLOB)):
        cells = _lesson_cells(path)
        title = next((HEADING.match(l).group(2) for c in cells for l in c.splitlines()
                      if HEADING.match(l) and l.startswith("# ")), path.stem)
        try:
            overview = _first_paragraph(_section(cells, "## Overview")[2])
        except ValueError:
            overview = ""
        try:
            time = _first_paragraph(_section(cells, "## Time to complete")[2])
        except ValueError:
            time = ""
        overview = overview.replace("|", "\\|")
        rows.append(f"| {{doc}}`{title} </lessons/{path.stem}>` | {overview} | {time.replace('|', '/')} |")
    return "\n".join(rows)


def bibliography(root: Path) -> str:
    from widgets.learner import bibliography as bib

    entries = bib.load()
    cited_in: dict[str, list[str]] = {}
    for path in sorted((root / "lessons").glob(LESSON_GLOB)):
        keys, _ = bib.lesson_cited_keys(path)
        for key in keys:
            cited_in.setdefault(key, []).append(path.stem)
    out = []
    for key in sorted(entries, key=bib.sort_key):
        text = re.sub(r"(https?://\S+?)(\.?)$", r"<\1>\2", bib.format_reference(key))
        lessons = ", ".join(f"{{doc}}`Lesson {stem[:2]} </lessons/{stem}>`" for stem in cited_in.get(key, []))
        out += [f"({key})=", f"- {text}", f"  *Evidence:* **{entries[key]['evidence']}**."
                + (f" *Cited in:* {lessons}." if lessons else ""), ""]
    return "\n".join(out)


def expand_markers(text: str, root: Path) -> str:
    def replace(m: re.Match) -> str:
        what, args = m.group("what"), shlex.split(m.group("args"))
        if what == "course-map":
            return course_map(root)
        if what == "bibliography":
            return bibliography(root)
        if what == "lesson-section":
            return lesson_section(root, *args)
        raise ValueError(f"unknown course-site marker {what!r}")

    return MARKER.sub(replace, text)


# --------------------------------------------------------------------------- Sphinx hooks


def _on_source_read(app, docname: str, source: list[str]) -> None:
    root = Path(app.srcdir)
    if docname.startswith("lessons/"):
        source[0] = prepare_notebook(source[0])
    elif "course-site:" in source[0]:
        source[0] = expand_markers(source[0], root)


def _generated_pages_are_always_outdated(app, env, added, changed, removed):
    # Their content comes from the lessons and the bibliography, which Sphinx does not track.
    return [d for d in env.found_docs if d.startswith("book/") and d not in added | changed]


def setup(app):
    app.connect("source-read", _on_source_read)
    app.connect("env-get-outdated", _generated_pages_are_always_outdated)
    return {"version": "1.0", "parallel_read_safe": True, "parallel_write_safe": True}
