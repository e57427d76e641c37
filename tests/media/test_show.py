"""The drill media: manifest, committed files, reproducible build, and their use in lessons."""

import json
import re
import subprocess
import sys

import nbformat
import numpy as np
import pytest
from PIL import Image, ImageSequence

from support.paths import LESSONS, ROOT
from widgets.media.show import MEDIA_DIR, media_html, media_path, media_text, show_media

MANIFEST = json.loads((MEDIA_DIR / "manifest.json").read_text(encoding="utf-8"))
IDS = [e["id"] for e in MANIFEST]
EXPECTED_IDS = ["walking_spiderman", "walking_spiderman_steps", "kneeling_hip_flexor_stretch", "glute_bridge",
                "modified_thomas_test", "toe_off_compensation", "running_stride", "foot_strike"]
MAX_GIF_BYTES = 1_500_000
#: Where an image encoder differs between library versions, decoded pixels may differ this little.
PIXEL_TOLERANCE = 3
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


def test_manifest_has_at_least_six_entries_and_two_animations():
    assert len(MANIFEST) >= 6 and sum(e["kind"] == "animation" for e in MANIFEST) >= 2


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
    on_disk = {p.name for p in MEDIA_DIR.iterdir()}
    assert on_disk == {e["file"] for e in MANIFEST} | {"manifest.json"}


# --- the build reproduces the committed files --------------------------------

@pytest.fixture(scope="module")
def fresh_build(tmp_path_factory):
    out = tmp_path_factory.mktemp("media")
    subprocess.run([sys.executable, "-m", "widgets.media.build", str(out)], cwd=ROOT, check=True,
                   capture_output=True, timeout=300)
    return out


def frames(path):
    with Image.open(path) as image:
        return [np.asarray(f.convert("RGB"), dtype=int) for f in ImageSequence.Iterator(image)]


def test_rebuilt_manifest_equals_the_committed_one(fresh_build):
    assert (fresh_build / "manifest.json").read_bytes() == (MEDIA_DIR / "manifest.json").read_bytes()


@pytest.mark.parametrize("entry", MANIFEST, ids=IDS)
def test_rebuilt_file_matches_the_committed_one(fresh_build, entry):
    new, old = fresh_build / entry["file"], MEDIA_DIR / entry["file"]
    if new.read_bytes() == old.read_bytes():
        return
    new_frames, old_frames = frames(new), frames(old)
    assert len(new_frames) == len(old_frames)
    for a, b in zip(new_frames, old_frames):
        assert a.shape == b.shape and np.abs(a - b).max() <= PIXEL_TOLERANCE


def test_two_builds_in_one_environment_are_byte_identical(fresh_build, tmp_path):
    from widgets.media.build import build
    build(tmp_path)
    for entry in MANIFEST:
        assert (tmp_path / entry["file"]).read_bytes() == (fresh_build / entry["file"]).read_bytes()


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
        media_path("walking_spider")


def test_media_path_points_at_the_committed_file():
    assert media_path("running_stride") == MEDIA_DIR / "running_stride.gif"


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
