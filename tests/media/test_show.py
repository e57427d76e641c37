"""Showing the drill media (widgets.media.show): where they are found, the checked manifest, the lessons."""

import json
import re
import shutil
import subprocess
import sys
from pathlib import Path

import nbformat
import pytest
from PIL import Image

from support.paths import LESSONS, ROOT
from widgets.media import show
from widgets.media.show import (load_manifest, media_entry, media_folder, media_html, media_text,
                                 show_media, source_media_dir)

MEDIA_DIR = ROOT / "exercises_media"
MANIFEST = json.loads((MEDIA_DIR / "manifest.json").read_text(encoding="utf-8"))
IDS = [e["id"] for e in MANIFEST]
EXPECTED_IDS = ["walking_spiderman", "walking_spiderman_steps", "kneeling_hip_flexor_stretch", "glute_bridge",
                "modified_thomas_test", "toe_off_compensation", "running_stride", "foot_strike"]
MAX_GIF_BYTES = 1_500_000
SHOWN_BY = [(e["id"], lesson) for e in MANIFEST for lesson in e["lessons"]]
SHOW_CALL = 'show_media("{}")'
MARKDOWN_IMAGE = re.compile(r"!\[([^\]]*)\]\(([^)]*)\)")
HTML_IMG = re.compile(r"<img\b[^>]*>", re.IGNORECASE)
HTML_ALT = re.compile(r"""\balt\s*=\s*(["'])(.*?)\1""", re.IGNORECASE | re.DOTALL)


def lesson_path(number: str):
    matches = [p for p in LESSONS if p.name.startswith(f"{number}_")]
    return matches[0] if matches else None


def cells(path, kind):
    return [c.source for c in nbformat.read(path, as_version=4).cells if c.cell_type == kind]


# --- the manifest -----------------------------------------------------------

def test_manifest_lists_the_course_media_ids_in_order():
    assert IDS == EXPECTED_IDS


@pytest.mark.parametrize("entry", MANIFEST, ids=IDS)
def test_manifest_entry_has_the_required_fields(entry):
    assert set(entry) == {"id", "file", "title", "alt", "lessons", "kind"}
    assert entry["file"] == entry["id"] + (".gif" if entry["kind"] == "animation" else ".png")
    assert entry["title"].strip() and entry["kind"] in {"animation", "keyframe_strip", "comparison"}
    assert entry["lessons"] and all(re.fullmatch(r"0[0-6]", n) for n in entry["lessons"])


@pytest.mark.parametrize("entry", MANIFEST, ids=IDS)
def test_alt_text_says_what_the_image_shows(entry):
    alt = entry["alt"]
    assert len(alt) >= 40
    assert not re.search(r"\b(image|picture|photo) of\b", alt, re.IGNORECASE)
    assert alt.lower() != entry["title"].lower()


def test_alt_texts_are_unique():
    alts = [e["alt"] for e in MANIFEST]
    assert len(set(alts)) == len(alts)


@pytest.mark.parametrize("entry", MANIFEST, ids=IDS)
def test_every_listed_file_exists_and_opens_as_an_image(entry):
    with Image.open(MEDIA_DIR / entry["file"]) as image:
        assert image.format == ("GIF" if entry["file"].endswith(".gif") else "PNG")
        assert image.width >= 300


@pytest.mark.parametrize("entry", [e for e in MANIFEST if e["kind"] == "animation"], ids=lambda e: e["id"])
def test_each_animation_is_a_small_looping_gif_with_many_frames(entry):
    path = MEDIA_DIR / entry["file"]
    assert path.stat().st_size < MAX_GIF_BYTES
    with Image.open(path) as gif:
        assert gif.n_frames >= 24 and gif.info.get("loop") == 0


def test_the_media_folder_holds_only_what_the_manifest_lists():
    on_disk = {p.name for p in MEDIA_DIR.iterdir() if p.name != "__pycache__"}
    assert on_disk == {e["file"] for e in MANIFEST} | {"manifest.json", "__init__.py"}


# --- where the media are found ----------------------------------------------------

def test_the_media_are_found_through_the_package_in_this_checkout():
    assert Path(str(media_folder())).resolve() == MEDIA_DIR.resolve()
    assert source_media_dir() == MEDIA_DIR.resolve()


def test_load_manifest_reads_the_committed_manifest():
    assert load_manifest() == MANIFEST


def test_the_media_are_found_from_another_working_directory(tmp_path):
    code = "from widgets.media import media_html; print(len(media_html('glute_bridge')))"
    out = subprocess.run([sys.executable, "-c", code], cwd=tmp_path, capture_output=True, text=True, check=True)
    assert int(out.stdout) > 10_000


# --- a broken or missing manifest fails loudly, naming the file ----------------------

def write_manifest(folder, entries):
    folder.mkdir(exist_ok=True)
    (folder / "manifest.json").write_text(json.dumps(entries), encoding="utf-8")
    return folder


@pytest.mark.parametrize("field", show.REQUIRED_FIELDS)
def test_an_entry_without_a_required_field_fails_at_load_naming_file_entry_and_field(tmp_path, field):
    entry = dict(MANIFEST[0])
    del entry[field]
    folder = write_manifest(tmp_path / "media", [MANIFEST[1], entry])
    with pytest.raises(ValueError) as raised:
        load_manifest(str(folder))
    message = str(raised.value)
    assert str(folder / "manifest.json") in message and field in message
    if field != "id":
        assert repr(entry["id"]) in message


@pytest.mark.parametrize("field, value", [("alt", ""), ("alt", "   "), ("title", None), ("file", "x.svg"),
                                          ("lessons", "04")])
def test_an_empty_or_wrong_field_fails_at_load(tmp_path, field, value):
    folder = write_manifest(tmp_path / "media", [{**MANIFEST[0], field: value}])
    with pytest.raises(ValueError, match=f"{MANIFEST[0]['id']!r}.*{field}|{field}.*{MANIFEST[0]['id']!r}"):
        load_manifest(str(folder))


@pytest.mark.parametrize("content", ['{"id": "x"}', '[1, 2]', "[{"])
def test_a_manifest_that_is_not_a_list_of_entries_fails_naming_the_file(tmp_path, content):
    (tmp_path / "manifest.json").write_text(content, encoding="utf-8")
    with pytest.raises(ValueError, match=re.escape(str(tmp_path / "manifest.json"))):
        load_manifest(str(tmp_path))


def test_a_missing_manifest_in_a_checkout_gives_a_build_command_that_works_from_anywhere(tmp_path):
    with pytest.raises(FileNotFoundError) as raised:
        load_manifest(str(tmp_path))
    message = str(raised.value)
    assert f"{sys.executable} -m widgets.media.build {MEDIA_DIR.resolve()}" in message


def test_an_edited_manifest_is_seen_without_restarting(tmp_path):
    folder = write_manifest(tmp_path / "media", MANIFEST[:1])
    assert [e["id"] for e in load_manifest(str(folder))] == IDS[:1]
    write_manifest(folder, MANIFEST[:2])
    assert [e["id"] for e in load_manifest(str(folder))] == IDS[:2]


def test_an_installed_copy_without_its_media_says_how_to_reinstall(tmp_path):
    """The media of a wheel install are in site-packages: never suggest building there."""
    shutil.copytree(ROOT / "widgets", tmp_path / "widgets", ignore=shutil.ignore_patterns("__pycache__"))
    (tmp_path / "exercises_media").mkdir()
    (tmp_path / "exercises_media" / "__init__.py").write_text("")
    code = "from widgets.media import show_media; show_media('glute_bridge')"
    out = subprocess.run([sys.executable, "-c", code], cwd=tmp_path, capture_output=True, text=True,
                         env={"PATH": "/usr/bin:/bin", "PYTHONPATH": str(tmp_path)})
    assert out.returncode != 0
    last = out.stderr.strip().splitlines()[-1]
    assert last.startswith("FileNotFoundError:") and "manifest.json is missing" in last
    assert "-m pip install --force-reinstall --no-deps" in last and "widgets.media.build" not in last


# --- showing media in a notebook ---------------------------------------------

def test_media_html_is_a_figure_with_inline_image_alt_text_and_caption():
    html = media_html("glute_bridge")
    entry = MANIFEST[IDS.index("glute_bridge")]
    assert html.startswith("<figure") and html.endswith("</figure>")
    assert 'src="data:image/png;base64,' in html
    assert f'alt="{entry["alt"]}"' in html and f"<figcaption>{entry['title']}</figcaption>" in html


def test_animation_is_inlined_as_a_gif():
    assert 'src="data:image/gif;base64,' in media_html("walking_spiderman")


def test_show_media_displays_html_and_a_text_twin(monkeypatch):
    import IPython.display
    shown = []
    monkeypatch.setattr(IPython.display, "display", lambda obj, **kw: shown.append((obj, kw)))
    show_media("foot_strike")
    (data, options), = shown
    assert options == {"raw": True}
    assert data["text/html"] == media_html("foot_strike") and data["text/plain"] == media_text("foot_strike")


def test_unknown_media_id_is_refused_with_the_known_ids():
    with pytest.raises(ValueError, match="walking_spiderman"):
        media_entry("walking_spider")


def test_the_inlined_image_is_the_committed_file():
    import base64
    html = media_html("running_stride")
    data = html.split("base64,", 1)[1].split('"', 1)[0]
    assert base64.b64decode(data) == (MEDIA_DIR / "running_stride.gif").read_bytes()


def test_importing_the_media_module_stays_light():
    code = "import sys, widgets.media; print('matplotlib' in sys.modules, 'IPython' in sys.modules)"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True, cwd=ROOT)
    assert out.stdout.split() == ["False", "False"]


# --- lessons show the media, and every lesson image has alt text --------------

@pytest.mark.parametrize("media_id, lesson", SHOWN_BY, ids=[f"{m}-in-{n}" for m, n in SHOWN_BY])
def test_each_medium_is_shown_by_every_lesson_the_manifest_lists(media_id, lesson):
    path = lesson_path(lesson)
    assert path is not None, f"lesson {lesson} does not exist yet"
    code = "\n".join(cells(path, "code")).replace("'", '"')
    markdown = "\n".join(cells(path, "markdown"))
    entry = MANIFEST[IDS.index(media_id)]
    assert SHOW_CALL.format(media_id) in code or entry["file"] in markdown


@pytest.mark.parametrize("path", LESSONS, ids=[p.stem for p in LESSONS])
def test_every_image_in_a_lesson_has_alt_text(path):
    missing = []
    for source in cells(path, "markdown"):
        missing += [src for alt, src in MARKDOWN_IMAGE.findall(source) if not alt.strip()]
        for tag in HTML_IMG.findall(source):
            alt = HTML_ALT.search(tag)
            if not alt or not alt.group(2).strip():
                missing.append(tag[:80])
    assert not missing, missing
