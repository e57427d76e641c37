"""StrideAnalyzer: the shipped demo landmarks offline, the keyboard path, tags, scale, and a real clip."""

import math

import numpy as np
import pytest

from widgets.explorers.stride_analyzer import StrideAnalyzer
from widgets.model.stride import LANDMARK_NAMES
from widgets.video import demo


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
