"""Building the media (widgets.media.build): the catalogue, the manifest, a reproducible build, the CLI."""

import json
import re
import subprocess
import sys

import numpy as np
import pytest
from PIL import Image, ImageSequence

from support.paths import ROOT
from widgets.media import build, poses

MEDIA_DIR = ROOT / "exercises_media"
MANIFEST = json.loads((MEDIA_DIR / "manifest.json").read_text(encoding="utf-8"))
IDS = [e["id"] for e in MANIFEST]
#: Where an image encoder differs between library versions, decoded pixels may differ this little.
PIXEL_TOLERANCE = 3


# --- the catalogue is the manifest's source ------------------------------------

def test_the_catalogue_gives_the_committed_manifest():
    assert [spec.manifest_entry() for spec in build.CATALOGUE] == MANIFEST


def test_catalogue_ids_are_unique_and_files_named_after_them():
    ids = [spec.id for spec in build.CATALOGUE]
    assert len(set(ids)) == len(ids)
    assert all(spec.file == spec.id + spec.suffix for spec in build.CATALOGUE)


def test_toe_off_alt_text_states_the_models_numbers():
    full, tilt, rotation = poses.toe_off_scenes()
    alt = build._toe_off_alt()
    assert f"about {rotation.pelvic_rotation_deg:.0f} degrees" in alt
    assert f"{100 * rotation.push_off_hip_back_m:.1f} cm back" in alt
    assert f"{tilt.pelvic_tilt_deg - full.pelvic_tilt_deg:.1f} degrees of extra" in alt


def test_foot_strike_alt_text_says_both_land_the_same_illustrative_distance_ahead():
    alt = MANIFEST[IDS.index("foot_strike")]["alt"]
    assert "same distance ahead of the hip in both" in alt and "illustrative" in alt
    assert len(re.findall(r"\d+ cm", alt)) == 1


def test_importing_the_build_does_not_switch_the_matplotlib_backend():
    code = ("import matplotlib; matplotlib.use('svg'); import widgets.media.build; "
            "print(matplotlib.get_backend())")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True, cwd=ROOT)
    assert out.stdout.strip() == "svg"


# --- the build reproduces the committed files ------------------------------------

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
    entries = build.build(tmp_path)
    assert entries == MANIFEST
    for entry in MANIFEST:
        assert (tmp_path / entry["file"]).read_bytes() == (fresh_build / entry["file"]).read_bytes()


# --- the command line ----------------------------------------------------------

def test_help_prints_the_steps_and_succeeds(capsys):
    assert build.main(["--help"]) == 0
    assert "Steps, in order" in capsys.readouterr().out


def test_too_many_arguments_are_refused(capsys):
    assert build.main(["a", "b"]) == 2


def test_an_installed_copy_refuses_to_build_in_place_without_an_output_folder(monkeypatch, capsys):
    monkeypatch.setattr(build, "source_media_dir", lambda: None)
    assert build.main([]) == 2
    assert "give the folder to build into" in capsys.readouterr().err
