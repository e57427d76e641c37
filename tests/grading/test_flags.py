"""course_grading.record.flags: the flag book, and the README's table of flags."""

from __future__ import annotations

import re

import pytest
from nbgrader.preprocessors import NbGraderPreprocessor

from course_grading.record.flags import MEANINGS, FlagBook, record_from_resources
from grading.course_factory import COURSE, course_config, nbgrader_resources


def test_a_flag_recorded_twice_is_listed_once(tmp_path):
    book = FlagBook(tmp_path)
    book.record("a1", "ann", "nb", "cell-timeout", "cell 3")
    book.record("a1", "ann", "nb", "cell-timeout", "cell 3")
    assert len(book.all("a1")) == 1


def test_clearing_a_submission_forgets_only_its_flags(tmp_path):
    book = FlagBook(tmp_path)
    book.record("a1", "ann", "nb", "cell-timeout", "cell 3")
    book.record("a1", "bob", "nb", "sys-exit", "cell 4")
    book.clear("a1", "ann")
    assert [f.student for f in book.all("a1")] == ["bob"]


def test_an_unknown_flag_code_is_refused(tmp_path):
    with pytest.raises(ValueError, match="code must be one of"):
        FlagBook(tmp_path).record("a1", "ann", "nb", "bad-vibes", "")


def test_the_report_explains_each_flag(tmp_path):
    book = FlagBook(tmp_path)
    book.record("a1", "ann", "nb", "memory-limit", "cell 2")
    text = book.write_report("a1", tmp_path / "r.csv").read_text()
    assert "ann,nb,memory-limit,a cell asked for more memory" in text


def test_a_plugin_records_into_the_course_root_of_its_configuration(tmp_path, monkeypatch):
    course, elsewhere = tmp_path / "course", tmp_path / "elsewhere"
    elsewhere.mkdir()
    monkeypatch.chdir(elsewhere)
    plugin = NbGraderPreprocessor(config=course_config(course))
    record_from_resources(plugin, nbgrader_resources(), "sys-exit", "cell 1")
    assert [f.code for f in FlagBook(course).all("a1")] == ["sys-exit"]
    assert not any(elsewhere.iterdir())


def _readme_flag_table() -> dict[str, str]:
    """Flag code -> meaning, from the table in course/README.md (rows like ``| `code` | meaning |``)."""
    text = (COURSE / "README.md").read_text(encoding="utf-8")
    return dict(re.findall(r"^\|\s*`([a-z-]+)`\s*\|\s*(.+?)\s*\|\s*$", text, re.MULTILINE))


def test_the_instructors_guide_lists_every_flag_and_no_other():
    assert set(_readme_flag_table()) == set(MEANINGS)
