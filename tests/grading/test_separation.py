"""course_grading and widgets stay separate: no import either way (checked on the source, by AST)."""

from __future__ import annotations

import ast
import subprocess
import sys

import pytest

from support.paths import ROOT

SHIM = ROOT / "widgets" / "grading"


def _imported_top_level_names(package: str) -> dict[str, set[str]]:
    """File -> top-level package names it imports (relative imports stay inside the package)."""
    found = {}
    for path in sorted((ROOT / package).rglob("*.py")):
        names = set()
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Import):
                names |= {alias.name.split(".")[0] for alias in node.names}
            elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
                names.add(node.module.split(".")[0])
        found[str(path.relative_to(ROOT))] = names
    return found


def test_course_grading_imports_nothing_from_widgets():
    offenders = {path: names for path, names in _imported_top_level_names("course_grading").items() if "widgets" in names}
    assert offenders == {}


def test_widgets_imports_nothing_from_course_grading():
    offenders = {path: names for path, names in _imported_top_level_names("widgets").items()
                 if "course_grading" in names}
    assert offenders == {}


def test_widgets_grading_is_only_the_shim_for_released_notebooks():
    assert sorted(p.name for p in SHIM.glob("*.py")) == ["__init__.py", "answers.py"]
    assert not [p for p in SHIM.iterdir() if p.is_dir() and p.name != "__pycache__"]


@pytest.mark.parametrize("package", ["widgets", "widgets.grading.answers"])
def test_importing_the_course_loads_neither_nbgrader_nor_the_grader(package):
    code = f"import sys, {package}; print('course_grading' in sys.modules, 'nbgrader' in sys.modules)"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=60)
    assert out.stdout.split() == ["False", "False"], out.stderr
