"""analyse_video: bad input, and the whole path on the demo clip (fixtures in conftest.py)."""

import pytest

from widgets.video import analysis, demo


def test_a_missing_file_raises_file_not_found_naming_it(tmp_path):
    missing = tmp_path / "no_such_clip.mp4"
    with pytest.raises(FileNotFoundError, match="no_such_clip.mp4"):
        analysis.analyse_video(missing)


def test_a_file_that_is_not_a_video_raises_value_error_naming_it(tmp_path):
    fake = tmp_path / "notes.mp4"
    fake.write_text("this is not a video")
    with pytest.raises(ValueError, match="notes.mp4"):
        analysis.analyse_video(fake)


def test_an_unknown_landmark_source_is_refused(demo_clip):
    with pytest.raises(ValueError, match="landmarks="):
        analysis.analyse_video(demo_clip, landmarks="magic")


def test_manual_without_saved_marks_says_what_to_do(demo_clip):
    with pytest.raises(ValueError, match="marks"):
        analysis.analyse_video(demo_clip, landmarks="manual")


#: The walker crosses the lower half of the picture from frame 60 to 195 (someone else is on the box).
WALKER = {"region": demo.WALKER_REGION, "frames": demo.WALKER_FRAMES}


@pytest.fixture(scope="session")
def demo_report(demo_clip, pose_extra):
    return analysis.analyse_video(demo_clip, landmarks="pose", **WALKER)


def test_a_person_is_found_in_most_frames_of_the_demo_clip(demo_report):
    assert demo_report.frames_with_person >= 0.9 * demo_report.frames_total


def test_the_demo_walker_goes_left_and_steps_are_found(demo_report):
    assert demo_report.direction == "left"
    assert len(demo_report.steps) >= 3


def test_the_demo_angles_are_in_physiological_ranges(demo_report):
    for step in demo_report.steps:
        assert -30 <= step.thigh_extension_at_toe_off_deg <= 45
        assert -15 <= step.knee_flexion_at_contact_deg <= 80
        assert -30 <= step.trunk_lean_deg <= 30


def test_the_demo_report_says_it_has_too_few_steps(demo_report):
    assert any("fewer than 7 per side" in w for w in demo_report.warnings)


def test_without_a_person_in_enough_frames_the_clip_is_refused(demo_clip, pose_extra):
    with pytest.raises(ValueError, match=r"person was found in only \d+ of \d+ frames"):
        analysis.analyse_video(demo_clip, landmarks="pose", region=(0.0, 0.0, 0.08, 0.2), frames=(0, 30))


@pytest.fixture(scope="session")
def mirrored_report(demo_clip, pose_extra):
    return analysis.analyse_video(demo_clip, landmarks="pose", mirror=True, **WALKER)


def test_the_demo_walker_is_analysed_as_walking_on_the_clip_and_its_mirror(demo_report, mirrored_report):
    assert demo_report.gait == "walking"
    assert mirrored_report.gait == "walking"
    assert mirrored_report.direction == "right"


def test_the_demo_cadence_is_a_walking_cadence_and_the_same_mirrored(demo_report, mirrored_report):
    assert 80 <= demo_report.cadence_steps_min <= 130
    assert mirrored_report.cadence_steps_min == pytest.approx(demo_report.cadence_steps_min, rel=0.05)


def test_the_demo_contacts_are_walking_contacts_on_both_sides(demo_report, mirrored_report):
    for report in (demo_report, mirrored_report):
        assert {s.side for s in report.steps} == {"left", "right"}
        assert len(report.steps) >= 4
        for step in report.steps:
            assert 0.45 <= step.contact_time_s <= 1.0  # walking: about 60 % of a 1-1.3 s stride
