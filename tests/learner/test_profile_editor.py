"""The runner profile form: what the learner typed is saved, and every failure shows in the form."""

import errno
import os
import shutil
import tempfile
from pathlib import Path

import pytest

import widgets
from support.unprivileged import run_unprivileged
from widgets.learner import profile as store
from widgets.learner.profile_editor import ProfileEditor
from widgets.profile import RunnerProfile, load_profile, save_profile

OLD = RunnerProfile(height_m=1.62, mass_kg=55, speed_m_s=2.9)


def shows_a_warning(editor: ProfileEditor, start: str) -> bool:
    return (editor.summary().startswith(start) and "<strong>Warning:</strong>" in editor.status.value
            and 'role="alert"' in editor.status.value)


def test_the_kept_import_path_and_the_package_give_the_same_form():
    from widgets.profile import ProfileEditor as kept

    assert kept is ProfileEditor and widgets.ProfileEditor is ProfileEditor


def test_the_editor_saves_what_the_learner_typed(path):
    editor = ProfileEditor()
    editor.controls["height_m"].value = 1.82
    editor.controls["pace"].value = "4:45"
    editor.controls["thomas_thigh_angle_deg"].value = "10,5"
    editor.controls["thomas_pelvis_moved"].value = "no"
    editor.save_button.click()
    saved = load_profile().profile
    assert (saved.height_m, saved.pace_min_per_km, saved.thomas_thigh_angle_deg, saved.thomas_pelvis_moved) == (
        1.82, "4:45", 10.5, "no")
    assert editor.summary().startswith(f"Saved to {path}.") and 'role="status"' in editor.status.value


def test_the_thomas_answers_offered_are_the_models():
    from widgets.model.thomas import PELVIS_ANSWERS

    offered = [value for _, value in ProfileEditor().controls["thomas_pelvis_moved"].options]
    assert offered == [None, *PELVIS_ANSWERS]


@pytest.mark.parametrize("control, entry, named", [("pace", "12:00", "pace='12:00'"),
                                                   ("thomas_thigh_angle_deg", "ten", "thomas_thigh_angle_deg='ten'"),
                                                   ("thomas_knee_flexion_deg", "inf", "thomas_knee_flexion_deg='inf'"),
                                                   ("thomas_knee_flexion_deg", "150", "thomas_knee_flexion_deg=150")])
def test_the_editor_refuses_a_bad_entry_names_it_and_saves_nothing(path, control, entry, named):
    editor = ProfileEditor()
    editor.controls[control].value = entry
    editor.save_button.click()
    assert shows_a_warning(editor, "Not saved: ") and named in editor.summary()
    assert not path.exists()


def test_the_editor_shows_the_warning_of_a_corrupted_file(path):
    path.parent.mkdir(parents=True)
    path.write_text("not json", encoding="utf-8")
    editor = ProfileEditor()
    assert "could not be used" in editor.summary() and str(path) in editor.summary()
    assert shows_a_warning(editor, "Your saved runner profile")


def test_the_editor_opens_on_a_deeply_nested_file_with_the_defaults_and_a_warning(path):
    path.parent.mkdir(parents=True)
    path.write_text("[" * 100_000, encoding="utf-8")
    editor = ProfileEditor()
    assert editor.controls["height_m"].value == RunnerProfile().height_m
    assert shows_a_warning(editor, "Your saved runner profile")


def test_save_onto_a_folder_shows_not_saved_with_the_reason(path):
    path.mkdir(parents=True)
    editor = ProfileEditor()
    editor.save_button.click()
    assert shows_a_warning(editor, f"Not saved: could not save {path}: Is a directory")
    assert path.is_dir() and os.listdir(path.parent) == ["profile.json"]


def test_save_on_a_full_disk_shows_not_saved_and_keeps_the_old_file(path, monkeypatch):
    save_profile(OLD)
    before = path.read_bytes()
    editor = ProfileEditor()
    editor.controls["mass_kg"].value = 90

    def full(*args):
        raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))

    with monkeypatch.context() as patched:
        patched.setattr(store.os, "fsync", full)
        editor.save_button.click()
    assert shows_a_warning(editor, "Not saved: ") and "the disk is full" in editor.summary()
    assert path.read_bytes() == before and os.listdir(path.parent) == ["profile.json"]
    assert editor.profile == OLD


def test_reset_that_fails_shows_not_reset_and_leaves_the_form_as_it_was(path):
    path.mkdir(parents=True)
    editor = ProfileEditor()
    editor.controls["height_m"].value = 1.9
    editor.reset_button.click()
    assert shows_a_warning(editor, f"Not reset: could not delete {path}")
    assert editor.controls["height_m"].value == 1.9 and path.is_dir()


def test_one_click_on_reset_restores_the_defaults_in_the_form_and_on_disk(path):
    save_profile(RunnerProfile(height_m=1.6, mass_kg=50))
    editor = ProfileEditor()
    assert editor.controls["height_m"].value == 1.6
    editor.reset_button.click()
    assert editor.controls["height_m"].value == RunnerProfile().height_m and not path.exists()
    assert editor.summary().startswith("Reset: the saved profile is deleted.")


def test_the_editor_displays_its_summary_as_text_beside_the_widget(path):
    bundle = ProfileEditor()._repr_mimebundle_()
    assert "application/vnd.jupyter.widget-view+json" in bundle
    assert bundle["text/plain"].startswith("Runner profile: 1.75 m")


def test_in_a_read_only_folder_save_and_reset_say_why_and_keep_the_old_file(monkeypatch):
    """The audit's case: as an ordinary user in a folder they may not write to.

    As root (who writes through mode 0o555) the buttons are clicked in a forked child that
    drops to user ``nobody``; every module is imported before the fork.
    """
    top = Path(tempfile.mkdtemp(prefix="profile-editor-ro-"))
    folder = top / "running-technique"
    target = folder / "profile.json"
    try:
        top.chmod(0o755)
        folder.mkdir()
        monkeypatch.setenv("RUNNING_COURSE_PROFILE", str(target))
        save_profile(OLD)
        target.chmod(0o644)
        before = target.read_bytes()
        folder.chmod(0o555)
        editor = ProfileEditor()
        editor.controls["mass_kg"].value = 90

        def click_both() -> list[str]:
            editor.save_button.click()
            after_save = editor.summary()
            editor.reset_button.click()
            return [after_save, editor.summary(), str(editor.controls["mass_kg"].value)]

        saved, reset, mass = run_unprivileged(click_both)
        assert saved.startswith(f"Not saved: could not save {target}: Permission denied")
        assert reset.startswith(f"Not reset: could not delete {target}: Permission denied")
        assert mass == "90.0"
        assert target.read_bytes() == before and os.listdir(folder) == ["profile.json"]
    finally:
        for p in (top, *top.rglob("*")):
            if p.is_dir():
                p.chmod(0o755)
        shutil.rmtree(top)


# --- the measured stride (lesson 07): shown read-only, kept by a save ------------------

MEASURED = dict(stride_thigh_extension_left_deg=18.3, stride_thigh_extension_left_sd_deg=0.8, stride_steps_left=3,
                stride_thigh_extension_sdd_deg=4.8, stride_cadence_steps_min=97.3, stride_cadence_sdd_steps_min=2.6,
                stride_contact_time_left_s=0.711, stride_contact_time_sdd_s=1 / 30, stride_fps=30.0,
                stride_gait="walking")


def test_without_a_measured_stride_the_text_twin_says_none_is_saved(path):
    editor = ProfileEditor()
    assert editor.summary().endswith("No measured stride saved yet (lesson 07 saves one from a video).")


def test_the_measured_stride_shows_in_the_form_and_its_text_twin_without_an_input_for_it(path):
    save_profile(RunnerProfile(**MEASURED))
    editor = ProfileEditor()
    stride = "Measured stride (walking, 30 fps): thigh extension at toe-off left 18 deg (spread 0.8, 3 steps)"
    assert editor.summary().startswith("Runner profile: 1.75 m") and stride in editor.summary()
    assert stride in editor.measured.value and editor.measured in editor.widget.children
    assert not any(name.startswith("stride_") for name in editor.controls)


def test_a_save_from_the_form_keeps_the_measured_stride(path):
    save_profile(RunnerProfile(**MEASURED))
    editor = ProfileEditor()
    editor.controls["mass_kg"].value = 64
    editor.save()
    saved = load_profile().profile
    assert saved.mass_kg == 64 and saved.stride_fields() == RunnerProfile(**MEASURED).stride_fields()
    assert "Measured stride (walking" in editor.summary()


def test_a_stride_saved_after_the_form_opened_survives_a_save_from_the_form(path):
    editor = ProfileEditor()
    save_profile(RunnerProfile(mass_kg=70, **MEASURED))  # as lesson 07's button does, with the form open
    editor.controls["mass_kg"].value = 66
    editor.save()
    assert load_profile().profile.stride_gait == "walking" and "Measured stride (walking" in editor.summary()


def test_reset_forgets_the_measured_stride_too(path):
    save_profile(RunnerProfile(**MEASURED))
    editor = ProfileEditor()
    editor.reset()
    assert editor.summary().endswith("No measured stride saved yet (lesson 07 saves one from a video).")
