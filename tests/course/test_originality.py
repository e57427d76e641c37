"""No run of eight consecutive words from the source article appears in the project.

The course teaches the ideas of Fitzgerald's "3 Ways To Improve Your Running Technique"
in its own words. Its title, the author's name and short drill names are fine: they are
shorter than eight words. Text is compared after normalising case, punctuation and
whitespace, so re-punctuating a copied sentence does not hide it.
"""

import json
import re
import subprocess
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
ARTICLE = Path(__file__).resolve().parents[1].parent / "shared/seed/running-technique-article.txt"
RUN_WORDS = 8
TEXT_SUFFIXES = {".py", ".md", ".ipynb", ".json", ".txt"}


def words(text: str) -> list[str]:
    """Lower-case words with punctuation dropped (apostrophes join: "don't" -> "dont")."""
    text = re.sub(r"['\u2019`]", "", text.lower())
    return re.findall(r"[a-z0-9]+", text)


def runs(tokens: list[str], length: int = RUN_WORDS) -> set[tuple[str, ...]]:
    return {tuple(tokens[i:i + length]) for i in range(len(tokens) - length + 1)}


def project_text_files() -> list[Path]:
    """Files git tracks or would track (not ignored), with a text suffix we check."""
    try:
        listed = subprocess.run(["git", "ls-files", "--cached", "--others", "--exclude-standard", "-z"],
                                cwd=ROOT, capture_output=True, check=True).stdout.decode().split("\0")
        paths = [ROOT / name for name in listed if name]
    except (OSError, subprocess.CalledProcessError):
        paths = [p for p in ROOT.rglob("*") if ".git" not in p.parts]
    return sorted(p for p in paths if p.suffix in TEXT_SUFFIXES and p.is_file())


def readable_text(path: Path) -> str:
    """A notebook's cell sources (not its outputs); any other file as it is."""
    text = path.read_text(encoding="utf-8", errors="replace")
    if path.suffix == ".ipynb":
        try:
            return "\n".join("".join(cell.get("source", "")) for cell in json.loads(text).get("cells", []))
        except (ValueError, AttributeError):
            return text
    return text


@pytest.fixture(scope="module")
def article_runs():
    if not ARTICLE.exists():
        pytest.skip(f"the source article is not here ({ARTICLE}); nothing to compare with")
    return runs(words(ARTICLE.read_text(encoding="utf-8")))


def copied_runs(text: str, article: set) -> list[str]:
    return sorted(" ".join(run) for run in runs(words(text)) & article)


def test_no_project_file_repeats_eight_consecutive_words_of_the_article(article_runs):
    offenders = {}
    for path in project_text_files():
        copied = copied_runs(readable_text(path), article_runs)
        if copied:
            offenders[str(path.relative_to(ROOT))] = copied[:3]
    assert offenders == {}, "text copied from the article (rewrite it in your own words):\n" + "\n".join(
        f"  {name}: {examples}" for name, examples in offenders.items())


def test_the_check_catches_a_sentence_copied_with_different_case_and_punctuation(article_runs):
    article_words = words(ARTICLE.read_text(encoding="utf-8"))
    sentence = " ".join(article_words[40:50]).upper().replace(" ", " ,  ")
    assert copied_runs(sentence, article_runs) != []


def test_the_title_and_author_may_be_cited(article_runs):
    citation = 'Fitzgerald, M. "3 Ways To Improve Your Running Technique". Walking Spiderman.'
    assert copied_runs(citation, article_runs) == []
