"""StrideAnalyzer: the shipped demo landmarks offline, marking by click and by keyboard, tags,
scale, loading (a path, an upload into a private folder, the demo clip), pose estimation, the
two buttons into lesson 07's bridge, and the thigh-angle picture."""

import math
import stat

import av
import numpy as np
import pytest

from widgets.explorers import from_stride
from widgets.explorers.stride_analyzer import StrideAnalyzer, clips_dir
from widgets.model.stride import LANDMARK_NAMES
from widgets.video import demo, pose

from support import capability

EMPTY = {n: np.full((10, 2), np.nan) for n in LANDMARK_NAMES}


@pytest.fixture
def private_cache(tmp_path, monkeypatch):
    """The course's cache folder (where uploads go) and the runner profile, both in tmp_path."""
    monkeypatch.setenv("RUNNING_COURSE_CACHE", str(tmp_path / "cache"))
    monkeypatch.setenv("RUNNING_COURSE_PROFILE", str(tmp_path / "profile.json"))
    return tmp_path


def small_clip_bytes(tmp_path, frames: int = 12, size=(320, 180)) -> bytes:
    """A real (tiny) MPEG-4 clip: a grey square moving across, at 30 fps."""
    path = tmp_path / "made.mp4"
    with av.open(str(path), "w") as container:
        stream = container.add_stream("mpeg4", rate=30)
        stream.width, stream.height = size
        stream.pix_fmt = "yuv420p"
        for k in range(frames):
            image = np.full((size[1], size[0], 3), 255, np.uint8)
            image[60:120, 10 + 20 * k:70 + 20 * k] = 90
            for packet in stream.encode(av.VideoFrame.from_ndarray(image, format="rgb24")):
                container.mux(packet)
        for packet in stream.encode():
            container.mux(packet)
    return path.read_bytes()


def upload(app, name: str, data: bytes, slice_bytes: int = 4096) -> None:
    """What the browser sends for a chosen file: start, the file in slices, end."""
    app._upload._on_message(app._upload, {"event": "start", "name": name, "size": len(data)}, [])
    for offset in range(0, len(data), slice_bytes):
        app._upload._on_message(app._upload, {"event": "slice", "offset": offset},
                                [memoryview(data[offset:offset + slice_bytes])])
    app._upload._on_message(app._upload, {"event": "end", "name": name, "size": len(data)}, [])


def test_without_a_clip_it_shows_the_shipped_demo_walker_and_says_so():
    app = StrideAnalyzer()
    text = app.summary()
    assert "No clip loaded" in text and "walking" in text
    assert "Smallest detectable differences" in text
    assert app._image.png[:4] == b"\x89PNG" and "Frame 1 of 136" in app._image.alt


def test_the_keyboard_path_moves_the_chosen_mark_and_the_text_twin_says_where():
    app = StrideAnalyzer()
    app.controls["joint"].value = "right_knee"
    before = app.table["right_knee"][0].copy()
    app._buttons[1].click()  # "Mark right"
    app._buttons[3].click()  # "Mark down"
    assert np.allclose(app.table["right_knee"][0], before + (2.0, 2.0))
    assert f"x {before[0] + 2:.0f}" in app.summary()


def test_a_click_marks_the_chosen_joint_and_bad_points_are_refused():
    app = StrideAnalyzer(landmarks={n: np.full((10, 2), np.nan) for n in LANDMARK_NAMES}, fps=30)
    app.mark_at(100, 200)
    assert app.table["left_hip"][0].tolist() == [100, 200]
    assert "1 of 12 joints marked" in app.summary()
    assert "Not enough marked" in app.summary()
    with pytest.raises(ValueError, match="x"):
        app.mark_at(-5, 10)


def test_tagged_events_give_contact_times_with_their_one_frame_error():
    app = StrideAnalyzer()
    app.controls["frame"].value = 19
    app.tag("left", "contact")
    app.controls["frame"].value = 41
    app.tag("left", "toe_off")
    (ic, to, contact), = app.tagged_times()["left"]
    assert contact == pytest.approx(22 / 30)
    assert "733 ms (+/- 33 ms, one frame)" in app.summary()
    with pytest.raises(ValueError):
        app.tag("middle", "contact")


def test_the_scale_comes_from_two_points_a_known_distance_apart():
    app = StrideAnalyzer()
    assert app.calibrate((10, 10), (10, 210), 1.0) == pytest.approx(0.005)
    assert "5.00 mm per pixel" in app.summary()
    with pytest.raises(ValueError, match="same point"):
        app.calibrate((1, 1), (1, 1), 1.0)
    with pytest.raises(ValueError, match="metres"):
        app.calibrate((1, 1), (2, 2), math.nan)


def test_a_real_clip_scrubs_from_its_frame_cache(tmp_path, monkeypatch):
    try:
        clip = demo.demo_clip_path()
    except RuntimeError as error:
        pytest.skip(str(error))
    app = StrideAnalyzer(clip, max_width=480)
    assert app.frames == 230
    for k in (10, 100, 200):
        app.controls["frame"].value = k
    assert "Frame 201 of 230 of the clip" in app._image.alt


def test_a_click_on_the_picture_marks_the_chosen_joint_in_clip_pixels():
    app = StrideAnalyzer(landmarks=EMPTY, fps=30)
    app.controls["joint"].value = "right_knee"
    app.controls["frame"].value = 3
    scale = app._image.width_px / app.size[0]  # picture pixels per clip pixel (640 / 1768)
    app._image.click = {"x": 320.0, "y": 180.0, "count": 1}  # the picture's own pixels, as its JS reports
    assert app.table["right_knee"][3] == pytest.approx([320 / scale, 180 / scale])
    assert f"right knee, is at x {320 / scale:.0f}, y {180 / scale:.0f} px" in app.summary()
    app._image.click = {"x": 9999.0, "y": -4.0, "count": 2}  # past the edge: held at the edge
    assert app.table["right_knee"][3].tolist() == [app.size[0], 0.0]


def test_an_upload_is_stored_in_a_private_folder_and_loaded(private_cache):
    app = StrideAnalyzer()
    data = small_clip_bytes(private_cache)
    upload(app, "my run (1).mp4", data)
    folder = clips_dir()
    stored = folder / "my_run_1_.mp4"
    assert app.path == str(stored) and stored.read_bytes() == data
    assert stat.S_IMODE(folder.stat().st_mode) == 0o700
    assert stat.S_IMODE(stored.stat().st_mode) == 0o600
    assert folder.is_relative_to(private_cache / "cache")
    assert app.frames == 12 and app.controls["frame"].max == 11
    assert "Loaded my_run_1_.mp4: 12 frames at 30 fps" in app.summary()
    assert f"stored only in {folder}" in app.summary()
    assert app._image.mime == "image/jpeg" and app._image.png[:2] == b"\xff\xd8"


def test_a_file_that_is_not_a_video_gives_a_message_and_is_deleted(private_cache):
    app = StrideAnalyzer()
    upload(app, "notes.mp4", b"these are not the frames you are looking for" * 50)
    assert "notes.mp4 could not be opened as a video" in app.summary()
    assert not (clips_dir() / "notes.mp4").exists()
    assert app.path is None and "Frame 1 of 136" in app.summary()  # the demo walker is still there


def test_a_broken_transfer_leaves_no_file_and_says_so(private_cache):
    app = StrideAnalyzer()
    app._upload._on_message(app._upload, {"event": "start", "name": "run.mp4", "size": 10}, [])
    app._upload._on_message(app._upload, {"event": "slice", "offset": 4}, [b"abcdef"])
    assert "could not be stored" in app.summary() and not (clips_dir() / "run.mp4").exists()


def test_the_demo_clip_button_offline_says_so_and_the_analyser_stays_usable(monkeypatch):
    def offline():
        raise RuntimeError("The demo clip could not be fetched (are you offline?).")

    monkeypatch.setattr(demo, "demo_clip_path", offline)
    app = StrideAnalyzer()
    app._load_buttons[0].click()
    assert "The demo clip is not available: The demo clip could not be fetched" in app.summary()
    app.mark_at(10, 10)
    assert app.path is None and app.table["left_hip"][0].tolist() == [10, 10]


def test_without_the_pose_extra_finding_joints_says_hand_marking_works(monkeypatch):
    monkeypatch.setattr(pose, "pose_available", lambda: False)
    app = StrideAnalyzer(landmarks=EMPTY, fps=30)
    app._load_buttons[1].click()
    assert "Pose estimation is not installed here" in app.summary()
    assert "Marking by hand works" in app.summary()
    assert app.marked_count() == 0


def test_the_explore_button_starts_the_hip_extension_explorer_from_the_measurement():
    app = StrideAnalyzer(use_profile=False)
    app._result_buttons[0].click()
    assert isinstance(app.explorer, from_stride.HipExtensionExplorerFromStride)
    expected = from_stride.explore_my_stride(app.report(), profile=from_stride.RunnerProfile())
    assert app.explorer.values() == expected.values()
    assert "Started from your measured stride" in app.explorer.summary()
    assert app._below.children == (app.explorer.widget,) and "below starts from your numbers" in app.summary()


def test_the_save_button_stores_the_numbers_in_the_runner_profile(private_cache):
    app = StrideAnalyzer()
    app._result_buttons[1].click()
    assert app.message.startswith("Saved to your runner profile") and app.message in app.summary()
    assert (private_cache / "profile.json").is_file()


def test_the_buttons_say_so_while_too_little_is_marked(private_cache):
    app = StrideAnalyzer(landmarks=EMPTY, fps=30)
    app._result_buttons[0].click()
    assert app.explorer is None and "Not enough is measured" in app.summary()
    app._result_buttons[1].click()
    assert app.message.startswith("Not saved") and not (private_cache / "profile.json").exists()


def test_the_thigh_angle_picture_says_its_angle_and_that_it_is_hip_extension_plus_tilt():
    app = StrideAnalyzer()
    left = [s for s in app.report().steps if s.side == "left"]
    picture = app.thigh_angle_picture("left", 1)
    alt = picture.info["alt"]
    assert alt == app.thigh_angle_alt("left", 1)
    assert f"is {left[1].thigh_extension_at_toe_off_deg:.0f} deg behind the vertical" in alt
    assert "hip extension plus anterior pelvic tilt" in alt and "cannot tell" in alt
    assert picture.height == 400 and np.asarray(picture).std() > 10
    # the frame drawn is one where the thigh shows the angle the report states
    frame = app._thigh_frame(left[1])
    direction = 1.0 if app.report().direction == "right" else -1.0
    assert app._thigh_angle_deg("left", frame, direction) == pytest.approx(left[1].thigh_extension_at_toe_off_deg)
    with pytest.raises(ValueError, match="step"):
        app.thigh_angle_picture("left", 99)
    with pytest.raises(ValueError, match="side"):
        app.thigh_angle_picture("middle")
    with pytest.raises(ValueError):
        StrideAnalyzer(landmarks=EMPTY, fps=30).thigh_angle_picture()


def test_show_thigh_angle_leaves_the_picture_with_its_alt_text_and_caption():
    app = StrideAnalyzer()
    from widgets.explorers.stride_analyzer import ThighAnglePicture

    bundle = ThighAnglePicture(app.thigh_angle_picture("right", 0))._repr_mimebundle_()
    alt = app.thigh_angle_alt("right", 0)
    assert 'alt="' in bundle["text/html"] and "hip extension plus anterior pelvic tilt" in bundle["text/html"]
    assert bundle["text/plain"] == alt and bundle["image/png"]


def test_pose_estimation_fills_the_marks_of_a_real_clip():
    if not pose.pose_available():
        capability.unavailable("the pose extra (mediapipe) is not installed")
    try:
        clip = demo.demo_clip_path()
    except RuntimeError as error:
        capability.unavailable(str(error))
    app = StrideAnalyzer(clip, max_width=320)
    assert app.find_joints()
    assert "Joints found by pose estimation in" in app.summary()
    app.controls["frame"].value = 150
    assert app.marked_count() >= 10
    assert app.report().frames_total == 230
    # the walker, not the person on the box: the marks match the shipped walker's landmarks
    from widgets.video import demo_landmarks

    shipped = demo_landmarks.demo_landmarks()
    for joint in ("left_hip", "right_hip", "left_ankle"):
        found = app.table[joint][150]
        expected = shipped[joint][150 - demo_landmarks.FIRST_FRAME]
        assert abs(found - expected).max() < 25, (joint, found, expected)
    assert not np.isfinite(app.table["left_hip"][: demo.WALKER_FRAMES[0]]).any()
