"""No run of eight consecutive words from the source article appears in the project.

The course teaches the ideas of Fitzgerald's "3 Ways To Improve Your Running Technique"
in its own words. Its title, the author's name and short drill names are fine: they are
shorter than eight words. Text is compared after normalising case, punctuation and
whitespace, so re-punctuating a copied sentence does not hide it.

The article is not in the repository; its fingerprints are (``data/article_runs.sha256``:
a hash of every eight-word run), so the check runs in any clone. Where the article itself
sits beside the repository (``../shared/seed/``), a test also checks the fingerprints are
its own. Refresh them with ``python tests/course/test_originality.py ARTICLE.txt``.
"""

from __future__ import annotations

import hashlib
import json
import re
import subprocess
import sys
from pathlib import Path

import pytest

from support.capability import unavailable

ROOT = Path(__file__).resolve().parents[2]
FINGERPRINTS = Path(__file__).with_name("data") / "article_runs.sha256"
ARTICLE = ROOT.parent / "shared" / "seed" / "running-technique-article.txt"
RUN_WORDS = 8
TEXT_SUFFIXES = {".py", ".md", ".ipynb", ".json", ".txt", ".yml", ".yaml", ".csv", ".html"}
HEADER = ("# sha256 (first 20 hex digits) of every run of 8 consecutive words of the source article,\n"
          "# after tests/course/test_originality.py's normalisation. The article itself is not committed.\n"
          "# Refresh: .venv/bin/python tests/course/test_originality.py PATH/TO/ARTICLE.txt\n")


def words(text: str) -> list[str]:
    """Lower-case words with punctuation dropped (apostrophes join: "don't" -> "dont")."""
    text = re.sub(r"['\u2019`]", "", text.lower())
    return re.findall(r"[a-z0-9]+", text)


def fingerprint(run: tuple[str, ...]) -> str:
    return hashlib.sha256(" ".join(run).encode()).hexdigest()[:20]


def runs(tokens: list[str], length: int = RUN_WORDS) -> dict[str, tuple[str, ...]]:
    """Every run of ``length`` words, keyed by its fingerprint."""
    found = (tuple(tokens[i:i + length]) for i in range(len(tokens) - length + 1))
    return {fingerprint(run): run for run in found}


def read_fingerprints(path: Path = FINGERPRINTS) -> set[str]:
    return {line.strip() for line in path.read_text().splitlines() if line.strip() and not line.startswith("#")}


def project_text_files() -> list[Path]:
    """Files git tracks or would track (not ignored), with a text suffix we check."""
    listed = subprocess.run(["git", "ls-files", "--cached", "--others", "--exclude-standard", "-z"],
                            cwd=ROOT, capture_output=True, check=True).stdout.decode().split("\0")
    paths = [ROOT / name for name in listed if name]
    return sorted(p for p in paths if p.suffix in TEXT_SUFFIXES and p.is_file() and p != FINGERPRINTS)


def readable_text(path: Path) -> str:
    """A notebook's cell sources (not its outputs); any other file as it is."""
    text = path.read_text(encoding="utf-8", errors="replace")
    if path.suffix == ".ipynb":
        try:
            return "\n".join("".join(cell.get("source", "")) for cell in json.loads(text).get("cells", []))
        except (ValueError, AttributeError):
            return text
    return text


def copied_runs(text: str, article: set[str]) -> list[str]:
    return sorted(" ".join(run) for key, run in runs(words(text)).items() if key in article)


@pytest.fixture(scope="module")
def article_fingerprints() -> set[str]:
    fingerprints = read_fingerprints()
    assert len(fingerprints) > 300, f"{FINGERPRINTS} holds too few fingerprints to stand for the article"
    return fingerprints


def test_no_project_file_repeats_eight_consecutive_words_of_the_article(article_fingerprints):
    offenders = {}
    for path in project_text_files():
        copied = copied_runs(readable_text(path), article_fingerprints)
        if copied:
            offenders[str(path.relative_to(ROOT))] = copied[:3]
    assert offenders == {}, "text copied from the article (rewrite it in your own words):\n" + "\n".join(
        f"  {name}: {examples}" for name, examples in offenders.items())


def test_the_check_catches_a_copied_run_whatever_its_case_and_punctuation(tmp_path):
    source = "The quick brown fox jumps over the lazy dog near the river bank today."
    fingerprints = tmp_path / "runs.sha256"
    fingerprints.write_text(HEADER + "\n".join(runs(words(source))) + "\n")
    copied = "Notes: THE QUICK, brown fox -- jumps over the lazy dog!"
    assert "the quick brown fox jumps over the lazy" in copied_runs(copied, read_fingerprints(fingerprints))
    assert copied_runs("A quick brown fox jumped over a lazy dog.", read_fingerprints(fingerprints)) == []


def test_the_title_and_author_may_be_cited(article_fingerprints):
    citation = 'Fitzgerald, M. "3 Ways To Improve Your Running Technique". Walking Spiderman.'
    assert copied_runs(citation, article_fingerprints) == []


def test_the_fingerprints_are_the_articles_own():
    """Where the article is beside the repository (and always in CI), its runs match the file."""
    if not ARTICLE.exists():
        unavailable(f"the source article is not beside this clone ({ARTICLE})")
    assert read_fingerprints() == set(runs(words(ARTICLE.read_text(encoding="utf-8"))))


if __name__ == "__main__":
    article = Path(sys.argv[1])
    FINGERPRINTS.parent.mkdir(exist_ok=True)
    FINGERPRINTS.write_text(HEADER + "\n".join(sorted(runs(words(article.read_text(encoding="utf-8"))))) + "\n")
    print(f"wrote {FINGERPRINTS}")
