"""widgets.video.clips: a clip's facts, its frames, the frame cache and read-ahead decoding."""

import threading

import pytest

from widgets.video import clips


def test_a_missing_file_raises_file_not_found_naming_it(tmp_path):
    with pytest.raises(FileNotFoundError, match="no_such_clip.mp4"):
        clips.clip_info(tmp_path / "no_such_clip.mp4")


def test_a_file_that_is_not_a_video_raises_value_error_naming_it(tmp_path):
    fake = tmp_path / "notes.mp4"
    fake.write_text("this is not a video")
    with pytest.raises(ValueError, match="notes.mp4"):
        clips.clip_info(fake)


def test_the_demo_clip_is_what_the_issue_says(demo_clip):
    info = clips.clip_info(demo_clip)
    assert (info.width, info.height, info.fps, info.frames) == (1768, 994, 30.0, 230)


def test_the_frame_cache_holds_every_frame_decoded_once_as_a_small_jpeg(demo_clip):
    """Speed is measured in benchmarks/video.py; here: every frame is cached, downscaled."""
    cache = clips.FrameCache(demo_clip, max_width=480)
    assert len(cache) == 230
    assert cache.size[0] == 480 and cache.scale == pytest.approx(480 / 1768)
    for k in range(0, 230, 7):
        assert cache[k][:2] == b"\xff\xd8"  # JPEG


def test_frames_are_mirrored_left_to_right(demo_clip):
    plain = next(clips.iter_frames(demo_clip, max_width=160))
    mirrored = next(clips.iter_frames(demo_clip, max_width=160, mirror=True))
    assert (mirrored == plain[:, ::-1]).all()


def _threads() -> int:
    return sum(t.name == "frame-prefetch" for t in threading.enumerate())


def test_read_ahead_gives_every_item_in_order():
    assert list(clips.prefetched(lambda: iter(range(100)), depth=3)) == list(range(100))
    assert _threads() == 0


def test_read_ahead_raises_the_producers_error_here():
    def broken():
        yield 1
        raise ValueError("'clip.mp4' is not a readable video")

    got = []
    with pytest.raises(ValueError, match="clip.mp4"):
        for item in clips.prefetched(broken):
            got.append(item)
    assert got == [1] and _threads() == 0


def test_stopping_early_closes_the_source_and_ends_the_thread():
    closed = threading.Event()

    def endless():
        try:
            k = 0
            while True:
                yield k
                k += 1
        finally:
            closed.set()

    reader = clips.prefetched(endless, depth=2)
    assert [next(reader) for _ in range(5)] == [0, 1, 2, 3, 4]
    reader.close()
    assert closed.wait(5) and _threads() == 0
