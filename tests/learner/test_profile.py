"""The runner profile store: saved all or nothing, loaded without ever raising.

Failures are produced with real files wherever the machine allows: a path that is a
folder, a parent that is a file, a folder that is read-only for an unprivileged user
(the test drops to user ``nobody`` in a forked child when it runs as root, because
root writes through a read-only mode). Only a full disk is simulated.
"""

import errno
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from widgets import profile as kept_path
from widgets.learner import profile as prof
from widgets.mechanics import push_off
from widgets.model import thomas
from support.unprivileged import run_unprivileged
from widgets.profile import (
    ProfileLoad,
    ProfileStorageError,
    RunnerProfile,
    load_profile,
    pace_to_speed_m_s,
    profile_path,
    reset_profile,
    save_profile,
)

OLD = RunnerProfile(height_m=1.62, mass_kg=55, speed_m_s=2.9)


def write(path: Path, content) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    if isinstance(content, bytes):
        path.write_bytes(content)
    else:
        path.write_text(content, encoding="utf-8")


@pytest.fixture
def read_only_folder(monkeypatch):
    """A folder holding the previous profile, which the test's user may read but not write."""
    top = Path(tempfile.mkdtemp(prefix="profile-ro-"))  # not under pytest's root-only tmp folder
    try:
        top.chmod(0o755)
        folder = top / "running-technique"
        folder.mkdir()
        target = folder / "profile.json"
        monkeypatch.setenv("RUNNING_COURSE_PROFILE", str(target))
        save_profile(OLD)
        target.chmod(0o644)
        folder.chmod(0o555)
        yield target
    finally:
        for p in (top, *top.rglob("*")):
            if p.is_dir():
                p.chmod(0o755)
        shutil.rmtree(top)


def listing(folder: Path) -> list[str]:
    return sorted(p.name for p in folder.iterdir())


# --- the profile itself --------------------------------------------------------------

def test_loading_a_profile_imports_no_display_library():
    """Lesson 06 calls load_profile, through the kept path too: no ipywidgets, IPython or matplotlib."""
    code = ("import sys\nfrom widgets.profile import load_profile, RunnerProfile\n"
            "import widgets.learner.profile\nload_profile()\n"
            "print(sorted(m for m in ('ipywidgets', 'IPython', 'matplotlib') if m in sys.modules))")
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert done.stdout.strip() == "[]"


def test_the_thomas_limits_and_answers_are_the_models_not_copies():
    assert prof.PELVIS_ANSWERS is thomas.PELVIS_ANSWERS
    low, high = thomas.THIGH_ANGLE_LIMITS_DEG
    RunnerProfile(thomas_thigh_angle_deg=low)
    RunnerProfile(thomas_thigh_angle_deg=high)
    with pytest.raises(ValueError, match="thomas_thigh_angle_deg"):
        RunnerProfile(thomas_thigh_angle_deg=high + 1)
    with pytest.raises(ValueError, match="thomas_knee_flexion_deg"):
        RunnerProfile(thomas_knee_flexion_deg=thomas.KNEE_FLEXION_LIMITS_DEG[1] + 1)


def test_the_kept_import_path_offers_every_public_name_of_the_store_and_the_form():
    assert set(kept_path.__all__) == {*prof.__all__, "ProfileEditor"}
    for name in prof.__all__:
        assert getattr(kept_path, name) is getattr(prof, name)


@pytest.mark.parametrize("field, value, allowed", [("height_m", 2.5, "1.4..2.1 m"), ("mass_kg", 30, "40..120 kg"),
                                                   ("speed_m_s", 1.0, "2.2..5 m/s"),
                                                   ("thomas_knee_flexion_deg", 170, "0..140 deg")])
def test_an_invalid_value_raises_a_value_error_naming_parameter_value_and_range(field, value, allowed):
    with pytest.raises(ValueError, match=rf"{field}={value!r} is outside the allowed range {allowed}"):
        RunnerProfile(**{field: value})


@pytest.mark.parametrize("field, value", [("height_m", float("nan")), ("mass_kg", True), ("speed_m_s", "3.3"),
                                          ("thomas_pelvis_moved", "maybe"), ("thomas_pelvis_moved", 1)])
def test_a_non_number_or_unknown_answer_raises_a_value_error_naming_the_parameter(field, value):
    with pytest.raises(ValueError, match=field):
        RunnerProfile(**{field: value})


def test_a_pace_of_five_minutes_per_km_is_three_point_three_three_metres_per_second():
    assert pace_to_speed_m_s("5:00") == pytest.approx(1000 / 300)


@pytest.mark.parametrize("pace", ["9:30", "3:00"])
def test_a_pace_outside_the_model_range_names_the_allowed_paces(pace):
    with pytest.raises(ValueError, match=r"3:20\.\.7:34 per km"):
        RunnerProfile.from_pace(1.75, 70, pace)


@pytest.mark.parametrize("pace", ["5.30", "five", "5:75", "", None, 5.5])
def test_a_pace_not_written_as_minutes_and_seconds_is_refused(pace):
    with pytest.raises(ValueError, match="pace="):
        pace_to_speed_m_s(pace)


def test_the_model_inputs_are_exactly_what_push_off_takes_from_a_profile():
    inputs = RunnerProfile.from_pace(1.68, 58, "5:30").model_inputs()
    assert set(inputs) == {"height_m", "mass_kg", "speed_m_s"}
    assert push_off(**inputs).leg_length_m == pytest.approx(0.530 * 1.68)


def test_the_environment_variable_chooses_the_file(path):
    assert profile_path() == path
    save_profile(RunnerProfile(mass_kg=80))
    assert json.loads(path.read_text())["mass_kg"] == 80


def test_without_the_environment_variable_the_profile_lives_in_the_jupyter_config_folder(tmp_path, monkeypatch):
    monkeypatch.delenv("RUNNING_COURSE_PROFILE", raising=False)
    monkeypatch.setenv("JUPYTER_CONFIG_DIR", str(tmp_path / "jupyter"))
    assert profile_path() == tmp_path / "jupyter" / "running-technique" / "profile.json"


# --- loading -------------------------------------------------------------------------

def test_a_saved_profile_loads_back_unchanged_with_its_format_version(path):
    runner = RunnerProfile(height_m=1.62, mass_kg=55, speed_m_s=2.9, thomas_thigh_angle_deg=8,
                           thomas_knee_flexion_deg=70, thomas_pelvis_moved="no")
    save_profile(runner)
    assert json.loads(path.read_text())["version"] == prof.FORMAT_VERSION
    assert load_profile() == ProfileLoad(runner, None)


def test_a_missing_file_gives_the_defaults_without_a_warning(path):
    assert load_profile() == ProfileLoad(RunnerProfile(), None)


def test_a_hand_written_file_without_a_version_and_with_a_byte_order_mark_is_used(path):
    write(path, '\ufeff{"mass_kg": 61}')
    assert load_profile() == ProfileLoad(RunnerProfile(mass_kg=61), None)


UNUSABLE = {
    "nested 100000 deep": ("[" * 100_000, "too large"),
    "nested too deeply": ("[" * 20_000, "nested too deeply"),
    "corrupted JSON": ('{"height_m": 1.8,', "not valid JSON"),
    "empty file": ("", "not valid JSON"),
    "a list": ("[1.75, 70]", "expected a JSON object, found list"),
    "a string": ('"just text"', "expected a JSON object, found str"),
    "null": ("null", "found NoneType"),
    "a newer version": ('{"version": 99, "mass_kg": 60}', "format version 99"),
    "a version that is text": ('{"version": "1"}', "version='1' is not a format version"),
    "a version that is a boolean": ('{"version": true}', "version=True is not a format version"),
    "an integer too long to read": ("1" * 5000, "not valid JSON"),
    "not UTF-8": (b'{"mass_kg": 60, "note": "\xff\xfe"}', "not UTF-8"),
}


@pytest.mark.parametrize("content, reason", UNUSABLE.values(), ids=UNUSABLE.keys())
def test_a_file_that_cannot_be_used_gives_the_defaults_and_a_warning_naming_file_and_problem(path, content, reason):
    write(path, content)
    loaded = load_profile()
    assert loaded.profile == RunnerProfile()
    assert str(path) in loaded.warning and reason in loaded.warning and "could not be used" in loaded.warning


def test_a_folder_in_place_of_the_file_gives_the_defaults_and_a_warning(path):
    path.mkdir(parents=True)
    loaded = load_profile()
    assert loaded.profile == RunnerProfile() and str(path) in loaded.warning
    assert "Is a directory" in loaded.warning


PARTLY = {
    "a typo in a key": ({"height": 1.9, "mass_kg": 60}, RunnerProfile(mass_kg=60),
                        ["unknown field 'height' was ignored (did you mean 'height_m'?)"]),
    "a number as text": ({"height_m": "1.8", "speed_m_s": 3.0}, RunnerProfile(speed_m_s=3.0),
                         ["height_m='1.8' is not a number"]),
    "booleans, null and lists": ({"mass_kg": True, "height_m": None, "speed_m_s": [3.0], "thomas_knee_flexion_deg": 90},
                                 RunnerProfile(thomas_knee_flexion_deg=90),
                                 ["mass_kg=True is not a number", "height_m=None is not a number",
                                  "speed_m_s=[3.0] is not a number"]),
    "out of range and infinite": ({"height_m": 3.5, "mass_kg": 1e400, "speed_m_s": float("nan")}, RunnerProfile(),
                                  ["height_m=3.5 is outside the allowed range 1.4..2.1 m",
                                   "mass_kg=inf is outside", "speed_m_s=nan is outside"]),
    "a wrong Thomas answer": ({"thomas_pelvis_moved": "maybe", "thomas_thigh_angle_deg": 80, "version": 1},
                              RunnerProfile(), ["thomas_pelvis_moved='maybe' is not one of",
                                                "thomas_thigh_angle_deg=80 is outside"]),
    "a very long unknown key": ({"x" * 10_000: 1, "mass_kg": 60}, RunnerProfile(mass_kg=60), ["'xxxx"]),
    "whole numbers too large for a float": ({"height_m": 10**4000, "mass_kg": -(10**300), "speed_m_s": 3},
                                            RunnerProfile(speed_m_s=3),
                                            ["height_m=1000", "is not a plausible number", "mass_kg=-1000"]),
}


@pytest.mark.parametrize("data, expected, reasons", PARTLY.values(), ids=PARTLY.keys())
def test_a_file_with_bad_fields_keeps_the_valid_ones_and_warns_about_each_bad_one(path, data, expected, reasons):
    write(path, json.dumps(data))
    loaded = load_profile()
    assert loaded.profile == expected
    assert str(path) in loaded.warning and "only partly used" in loaded.warning
    for reason in reasons:
        assert reason in loaded.warning
    assert len(loaded.warning) < 1000


def test_a_bad_file_never_reaches_an_explorers_constructor_as_an_error(path):
    from widgets.explorers.hip_extension import HipExtensionExplorer

    write(path, "[" * 20_000)
    explorer = HipExtensionExplorer()
    assert "nested too deeply" in explorer._profile_warning
    assert explorer.profile == RunnerProfile()


# --- saving: all or nothing ----------------------------------------------------------

def test_saving_replaces_the_file_and_leaves_no_temporary_file_behind(path):
    save_profile(OLD)
    save_profile(RunnerProfile(mass_kg=80))
    assert listing(path.parent) == ["profile.json"]
    assert load_profile().profile == RunnerProfile(mass_kg=80)


def test_saving_creates_missing_folders(path):
    assert not path.parent.exists()
    save_profile(OLD)
    assert load_profile().profile == OLD


def test_saving_refuses_something_that_is_not_a_profile(path):
    with pytest.raises(TypeError, match="RunnerProfile"):
        save_profile({"mass_kg": 60})


def test_saving_onto_a_folder_fails_clearly_and_leaves_nothing_behind(path):
    path.mkdir(parents=True)
    (path / "keep.txt").write_text("mine")
    with pytest.raises(ProfileStorageError, match="that path is a folder") as caught:
        save_profile(OLD)
    assert caught.value.path == path and str(path) in str(caught.value)
    assert listing(path.parent) == ["profile.json"] and listing(path) == ["keep.txt"]


@pytest.mark.parametrize("below", [("profile.json",), ("sub", "profile.json")], ids=["parent", "grandparent"])
def test_saving_where_a_parent_folder_is_a_file_fails_clearly(tmp_path, monkeypatch, below):
    blocker = tmp_path / "blocker"
    blocker.write_text("a file, not a folder")
    target = blocker.joinpath(*below)
    monkeypatch.setenv("RUNNING_COURSE_PROFILE", str(target))
    with pytest.raises(ProfileStorageError, match="could not save") as caught:
        save_profile(OLD)
    assert "a file, not a folder" in str(caught.value)
    assert blocker.read_text() == "a file, not a folder" and listing(tmp_path) == ["blocker"]


@pytest.mark.parametrize("failing", ["fsync", "replace"])
def test_a_full_disk_keeps_the_old_file_and_removes_the_temporary_one(path, monkeypatch, failing):
    save_profile(OLD)
    before = path.read_bytes()

    def full(*args):
        raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))

    with monkeypatch.context() as patched, pytest.raises(ProfileStorageError, match="the disk is full") as caught:
        patched.setattr(prof.os, failing, full)
        save_profile(RunnerProfile(mass_kg=90))
    assert caught.value.errno == errno.ENOSPC and isinstance(caught.value, OSError)
    assert path.read_bytes() == before and listing(path.parent) == ["profile.json"]


def test_an_interrupted_save_removes_the_temporary_file(path, monkeypatch):
    save_profile(OLD)

    def interrupted(*args):
        raise KeyboardInterrupt

    with monkeypatch.context() as patched, pytest.raises(KeyboardInterrupt):
        patched.setattr(prof.os, "replace", interrupted)
        save_profile(RunnerProfile(mass_kg=90))
    assert listing(path.parent) == ["profile.json"] and load_profile().profile == OLD


def test_saving_in_a_read_only_folder_fails_clearly_and_keeps_the_old_file(read_only_folder):
    before = read_only_folder.read_bytes()

    def attempt():
        try:
            save_profile(RunnerProfile(mass_kg=90))
        except ProfileStorageError as exc:
            return str(exc)
        return "saved"

    message = run_unprivileged(attempt)
    assert message.startswith(f"could not save {read_only_folder}: Permission denied")
    assert "RUNNING_COURSE_PROFILE" in message
    assert read_only_folder.read_bytes() == before and listing(read_only_folder.parent) == ["profile.json"]


# --- resetting -----------------------------------------------------------------------

def test_reset_deletes_the_saved_profile(path):
    save_profile(RunnerProfile(height_m=1.9))
    assert reset_profile() == RunnerProfile()
    assert not path.exists() and load_profile().profile == RunnerProfile()


def test_reset_without_a_saved_profile_is_harmless(path):
    assert reset_profile() == RunnerProfile()


def test_reset_in_a_read_only_folder_fails_clearly_and_keeps_the_file(read_only_folder):
    def attempt():
        try:
            reset_profile()
        except ProfileStorageError as exc:
            return str(exc)
        return "reset"

    assert run_unprivileged(attempt).startswith(f"could not delete {read_only_folder}: Permission denied")
    assert load_profile().profile == OLD


def test_reset_of_a_folder_fails_clearly(path):
    path.mkdir(parents=True)
    with pytest.raises(ProfileStorageError, match="could not delete"):
        reset_profile()
    assert path.is_dir()


# --- any file at all -----------------------------------------------------------------

_json_values = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats() | st.text(max_size=20),
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(st.text(max_size=12), inner, max_size=4),
    max_leaves=12)
_profile_like = st.dictionaries(
    st.sampled_from(["version", "height_m", "mass_kg", "speed_m_s", "thomas_thigh_angle_deg",
                     "thomas_knee_flexion_deg", "thomas_pelvis_moved", "height", "stride_steps_left",
                     "stride_thigh_extension_left_deg", "stride_gait", "stride_fps"]), _json_values, max_size=7)


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(content=st.binary(max_size=200) | _profile_like.map(lambda d: json.dumps(d).encode())
       | _json_values.map(lambda v: json.dumps(v).encode()))
def test_any_file_gives_a_profile_and_either_no_warning_or_one_naming_the_file(path, content):
    write(path, content)
    loaded = load_profile()
    assert isinstance(loaded.profile, RunnerProfile)
    assert loaded.warning is None or str(path) in loaded.warning


# --- the measured stride (lesson 07): optional fields an older file does without ---------

STRIDE = dict(stride_thigh_extension_left_deg=18.3, stride_thigh_extension_right_deg=11.2,
              stride_thigh_extension_left_sd_deg=0.8, stride_thigh_extension_right_sd_deg=16.5,
              stride_thigh_extension_sdd_deg=4.8, stride_contact_time_left_s=0.711, stride_contact_time_right_s=0.783,
              stride_contact_time_sdd_s=1 / 30, stride_steps_left=3, stride_steps_right=2,
              stride_cadence_steps_min=97.3, stride_cadence_sdd_steps_min=2.6, stride_fps=30.0, stride_gait="walking")


def test_every_stride_field_is_optional_and_listed_with_its_range():
    blank = RunnerProfile()
    assert set(blank.stride_fields()) == {*prof.STRIDE_FIELDS, "stride_gait"}
    assert all(value is None for value in blank.stride_fields().values()) and not blank.has_stride


def test_a_file_written_before_the_stride_fields_existed_loads_unchanged(path):
    old = {"version": 1, "height_m": 1.62, "mass_kg": 55, "speed_m_s": 2.9, "thomas_thigh_angle_deg": 8,
           "thomas_knee_flexion_deg": 70, "thomas_pelvis_moved": "no"}
    write(path, json.dumps(old))
    assert load_profile() == ProfileLoad(RunnerProfile(height_m=1.62, mass_kg=55, speed_m_s=2.9,
                                                       thomas_thigh_angle_deg=8, thomas_knee_flexion_deg=70,
                                                       thomas_pelvis_moved="no"), None)


def test_a_profile_without_a_stride_is_saved_without_stride_keys_as_before(path):
    save_profile(OLD)
    assert not any(key.startswith("stride_") for key in json.loads(path.read_text()))
    assert json.loads(path.read_text())["version"] == 1


def test_a_measured_stride_is_saved_and_loads_back_unchanged(path):
    runner = RunnerProfile(height_m=1.62, **STRIDE)
    save_profile(runner)
    assert load_profile() == ProfileLoad(runner, None)
    assert runner.model_inputs() == {"height_m": 1.62, "mass_kg": 70.0, "speed_m_s": 3.3}


@pytest.mark.parametrize("field, value, named", [
    ("stride_thigh_extension_left_deg", 95, "stride_thigh_extension_left_deg=95 is outside the allowed range -90..90 deg"),
    ("stride_steps_left", 2.5, "stride_steps_left=2.5 is not a whole number"),
    ("stride_steps_right", -1, "stride_steps_right=-1 is outside the allowed range 0..100000 steps"),
    ("stride_fps", 1, "stride_fps=1 is outside the allowed range 5..1000 frames/s"),
    ("stride_cadence_steps_min", float("nan"), "stride_cadence_steps_min=nan is outside"),
    ("stride_contact_time_sdd_s", True, "stride_contact_time_sdd_s=True is not a number"),
    ("stride_gait", "jogging", "stride_gait='jogging' is not one of 'walking', 'running'"),
])
def test_a_bad_stride_value_raises_naming_field_value_and_range(field, value, named):
    with pytest.raises(ValueError, match=re.escape(named)):
        RunnerProfile(**{field: value})


def test_bad_stride_fields_in_a_file_are_dropped_one_by_one_with_a_warning(path):
    write(path, json.dumps({"mass_kg": 60, "stride_gait": "sprinting", "stride_steps_left": 4,
                            "stride_steps_right": True, "stride_cadence_steps_min": 170}))
    loaded = load_profile()
    assert loaded.profile == RunnerProfile(mass_kg=60, stride_steps_left=4, stride_cadence_steps_min=170)
    assert "stride_gait='sprinting' is not one of" in loaded.warning
    assert "stride_steps_right=True is not a number" in loaded.warning


def test_the_stride_summary_gives_each_number_with_its_measurement_error():
    text = RunnerProfile(**STRIDE).stride_summary()
    assert text.startswith("Measured stride (walking, 30 fps): thigh extension at toe-off left 18 deg "
                           "(spread 0.8, 3 steps), right 11 deg (spread 16.5, 2 steps) (smallest real change 4.8 deg)")
    assert "cadence 97 steps/min (+/- 2.6); contact time left 711 ms, right 783 ms (+/- 33 ms)" in text
    assert text.endswith("the video cannot split them.")
    assert RunnerProfile().stride_summary() == "No measured stride saved yet (lesson 07 saves one from a video)."
    assert "stride" not in RunnerProfile(**STRIDE).summary().lower()

