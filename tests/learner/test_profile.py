"""The runner profile: saved once, loaded everywhere, never a crash on a bad file."""

import json
from pathlib import Path

import pytest

from widgets import profile as prof
from widgets.mechanics import push_off
from widgets.profile import (ProfileEditor, RunnerProfile, load_profile, pace_to_speed_m_s,
                             profile_path, reset_profile, save_profile)


@pytest.fixture
def path(tmp_path, monkeypatch):
    target = tmp_path / "nested" / "profile.json"
    monkeypatch.setenv("RUNNING_COURSE_PROFILE", str(target))
    return target


def test_a_saved_profile_loads_back_unchanged(path):
    runner = RunnerProfile(height_m=1.62, mass_kg=55, speed_m_s=2.9, thomas_thigh_angle_deg=8,
                           thomas_knee_flexion_deg=70, thomas_pelvis_moved="no")
    save_profile(runner)
    assert load_profile() == prof.ProfileLoad(runner, None)


def test_a_missing_file_gives_the_defaults_without_a_warning(path):
    assert load_profile() == prof.ProfileLoad(RunnerProfile(), None)


def test_corrupted_json_gives_the_defaults_and_a_warning_naming_the_file(path):
    path.parent.mkdir(parents=True)
    path.write_text('{"height_m": 1.8,', encoding="utf-8")
    loaded = load_profile()
    assert loaded.profile == RunnerProfile()
    assert "not valid JSON" in loaded.warning and str(path) in loaded.warning


@pytest.mark.parametrize("field, value", [("height_m", 3.5), ("mass_kg", -2), ("speed_m_s", 9.0),
                                          ("thomas_thigh_angle_deg", 80)])
def test_an_out_of_range_value_in_the_file_gives_the_defaults_and_a_warning_naming_it(path, field, value):
    path.parent.mkdir(parents=True)
    path.write_text(json.dumps({field: value}), encoding="utf-8")
    loaded = load_profile()
    assert loaded.profile == RunnerProfile()
    assert f"{field}={value!r}" in loaded.warning


@pytest.mark.parametrize("content", ['[1.75, 70]', '{"height_m": "tall"}', '"just text"'])
def test_a_file_of_the_wrong_shape_gives_the_defaults_and_a_warning(path, content):
    path.parent.mkdir(parents=True)
    path.write_text(content, encoding="utf-8")
    loaded = load_profile()
    assert loaded.profile == RunnerProfile() and loaded.warning


def test_reset_deletes_the_saved_profile(path):
    save_profile(RunnerProfile(height_m=1.9))
    assert reset_profile() == RunnerProfile()
    assert not path.exists() and load_profile().profile == RunnerProfile()


def test_reset_without_a_saved_profile_is_harmless(path):
    assert reset_profile() == RunnerProfile()


def test_the_environment_variable_chooses_the_file(path):
    assert profile_path() == path
    save_profile(RunnerProfile(mass_kg=80))
    assert json.loads(path.read_text())["mass_kg"] == 80


def test_without_the_environment_variable_the_profile_lives_in_the_jupyter_config_folder(tmp_path, monkeypatch):
    monkeypatch.delenv("RUNNING_COURSE_PROFILE", raising=False)
    monkeypatch.setenv("JUPYTER_CONFIG_DIR", str(tmp_path / "jupyter"))
    assert profile_path() == tmp_path / "jupyter" / "running-technique" / "profile.json"


@pytest.mark.parametrize("field, value, allowed", [("height_m", 2.5, "1.4..2.1 m"), ("mass_kg", 30, "40..120 kg"),
                                                   ("speed_m_s", 1.0, "2.2..5 m/s"),
                                                   ("thomas_knee_flexion_deg", 170, "0..140 deg")])
def test_an_invalid_value_raises_a_value_error_naming_parameter_value_and_range(field, value, allowed):
    with pytest.raises(ValueError, match=rf"{field}={value!r} is outside the allowed range {allowed}"):
        RunnerProfile(**{field: value})


def test_a_non_number_raises_a_value_error_naming_the_parameter():
    with pytest.raises(ValueError, match="height_m=nan"):
        RunnerProfile(height_m=float("nan"))


def test_a_pace_of_five_minutes_per_km_is_three_point_three_three_metres_per_second():
    assert pace_to_speed_m_s("5:00") == pytest.approx(1000 / 300)


@pytest.mark.parametrize("pace", ["9:30", "3:00"])
def test_a_pace_outside_the_model_range_names_the_allowed_paces(pace):
    with pytest.raises(ValueError, match=r"3:20\.\.7:34 per km"):
        RunnerProfile.from_pace(1.75, 70, pace)


@pytest.mark.parametrize("pace", ["5.30", "five", "5:75", ""])
def test_a_pace_not_written_as_minutes_and_seconds_is_refused(pace):
    with pytest.raises(ValueError, match="pace="):
        pace_to_speed_m_s(pace)


def test_the_model_inputs_are_exactly_what_push_off_takes_from_a_profile():
    inputs = RunnerProfile.from_pace(1.68, 58, "5:30").model_inputs()
    assert set(inputs) == {"height_m", "mass_kg", "speed_m_s"}
    assert push_off(**inputs).leg_length_m == pytest.approx(0.530 * 1.68)


def test_the_profile_keeps_the_same_thomas_test_limits_as_the_thomas_test_explorer():
    thomas_test = pytest.importorskip("widgets.explorers.thomas")
    assert prof.THOMAS_THIGH_ANGLE_LIMITS_DEG == thomas_test.THIGH_ANGLE_LIMITS_DEG
    assert prof.THOMAS_KNEE_FLEXION_LIMITS_DEG == thomas_test.KNEE_FLEXION_LIMITS_DEG
    assert prof.THOMAS_PELVIS_ANSWERS == thomas_test.PELVIS_ANSWERS


def test_the_editor_saves_what_the_learner_typed(path):
    editor = ProfileEditor()
    editor.controls["height_m"].value = 1.82
    editor.controls["pace"].value = "4:45"
    editor.controls["thomas_thigh_angle_deg"].value = "10"
    editor.save_button.click()
    saved = load_profile().profile
    assert (saved.height_m, saved.pace_min_per_km, saved.thomas_thigh_angle_deg) == (1.82, "4:45", 10.0)
    assert "Saved to" in editor.summary()


def test_the_editor_refuses_an_out_of_range_pace_and_saves_nothing(path):
    editor = ProfileEditor()
    editor.controls["pace"].value = "12:00"
    editor.save_button.click()
    assert "Not saved" in editor.summary() and "Warning" in editor.status.value
    assert not path.exists()


def test_the_editor_shows_the_warning_of_a_corrupted_file(path):
    path.parent.mkdir(parents=True)
    path.write_text("not json", encoding="utf-8")
    editor = ProfileEditor()
    assert "could not be used" in editor.summary() and "Warning" in editor.status.value


def test_one_click_on_reset_restores_the_defaults_in_the_form_and_on_disk(path):
    save_profile(RunnerProfile(height_m=1.6, mass_kg=50))
    editor = ProfileEditor()
    assert editor.controls["height_m"].value == 1.6
    editor.reset_button.click()
    assert editor.controls["height_m"].value == RunnerProfile().height_m and not path.exists()


def test_the_editor_displays_its_summary_as_text_beside_the_widget(path):
    bundle = ProfileEditor()._repr_mimebundle_()
    assert "application/vnd.jupyter.widget-view+json" in bundle
    assert bundle["text/plain"].startswith("Runner profile: 1.75 m")


def test_saving_leaves_no_temporary_file_behind(path):
    save_profile(RunnerProfile())
    assert [p.name for p in Path(path.parent).iterdir()] == ["profile.json"]
