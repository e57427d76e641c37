"""widgets.video.marks: landmarks marked by hand, saved beside the clip."""

import math

from widgets.video import marks


def test_marks_saved_by_hand_round_trip_and_fill_between(tmp_path):
    path = tmp_path / "clip.mp4.landmarks.csv"
    marks.save_marks(path, {(0, "left_hip"): (10.0, 20.0), (4, "left_hip"): (50.0, 20.0)})
    table = marks.table_from_marks(marks.load_marks(path), 6)
    assert table["left_hip"][2].tolist() == [30.0, 20.0]
    assert all(math.isnan(v) for v in table["left_hip"][5])  # nothing after the last mark


def test_marks_live_beside_their_clip(tmp_path):
    assert marks.marks_path(tmp_path / "run.mp4").parent == tmp_path
