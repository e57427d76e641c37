"""Reading a clip: its frame rate and size, its frames, and a cache of small frames for scrubbing.

Decoding goes through PyAV, whose wheels ship FFmpeg's codecs, so phone clips (H.264,
HEVC where FFmpeg has it) open on a fresh install without a system FFmpeg.
"""

from __future__ import annotations

import io
import os
import queue
import threading
from dataclasses import dataclass
from pathlib import Path

import numpy as np


@dataclass(frozen=True)
class ClipInfo:
    path: str
    fps: float
    frames: int
    width: int
    height: int

    @property
    def duration_s(self) -> float:
        return self.frames / self.fps


def _checked_path(path) -> Path:
    p = Path(os.fspath(path)).expanduser()
    if not p.is_file():
        raise FileNotFoundError(f"no video file at {str(p)!r}")
    return p


def _open(p: Path):
    import av

    try:
        container = av.open(str(p))
        if not container.streams.video:
            container.close()
            raise ValueError(f"{str(p)!r} has no video stream")
        return container
    except av.error.FFmpegError as error:  # not a container FFmpeg understands
        raise ValueError(f"{str(p)!r} is not a readable video ({error.strerror or error})") from None


def clip_info(path) -> ClipInfo:
    """Frame rate, frame count and size of a clip; FileNotFoundError or ValueError naming the file."""
    p = _checked_path(path)
    with _open(p) as container:
        stream = container.streams.video[0]
        rate = stream.average_rate or stream.guessed_rate
        if not rate:
            raise ValueError(f"{str(p)!r} does not say its frame rate")
        frames = stream.frames
        if not frames:
            frames = sum(1 for _ in container.decode(stream))
        return ClipInfo(str(p), float(rate), int(frames), int(stream.codec_context.width),
                        int(stream.codec_context.height))


def iter_frames(path, *, max_width: int | None = None, mirror: bool = False):
    """RGB frames (height, width, 3 uint8 arrays), optionally no wider than ``max_width``."""
    p = _checked_path(path)
    container = _open(p)
    try:
        stream = container.streams.video[0]
        stream.thread_type = "AUTO"
        try:
            for frame in container.decode(stream):
                if max_width and frame.width > max_width:
                    height = int(round(frame.height * max_width / frame.width / 2)) * 2
                    frame = frame.reformat(width=max_width, height=height)
                image = frame.to_ndarray(format="rgb24")
                yield image[:, ::-1] if mirror else image
        except Exception as error:  # a corrupt stream part-way
            import av

            if isinstance(error, av.error.FFmpegError):
                raise ValueError(f"{str(p)!r} is not a readable video ({error})") from None
            raise
    finally:
        container.close()


_END = object()


def prefetched(make_iterable, *, depth: int = 8):
    """Items of ``make_iterable()`` produced in a background thread, up to ``depth`` ahead.

    Decoding (FFmpeg) and pose estimation (MediaPipe) both release the GIL, so on two cores
    the next frames decode while the current one is measured. The iterable is made, used
    and closed in the producer thread; an error there is raised here; stopping early (a
    ``break`` or closing this generator) stops the producer.
    """
    items: queue.Queue = queue.Queue(maxsize=max(1, int(depth)))
    stop = threading.Event()

    def produce():
        iterator = None
        try:
            iterator = iter(make_iterable())
            for item in iterator:
                while not stop.is_set():
                    try:
                        items.put((item, None), timeout=0.1)
                        break
                    except queue.Full:
                        continue
                if stop.is_set():
                    break
        except BaseException as error:  # handed to the consumer
            items.put((_END, error))
            return
        finally:
            close = getattr(iterator, "close", None)
            if close is not None:
                close()
        items.put((_END, None))

    worker = threading.Thread(target=produce, name="frame-prefetch", daemon=True)
    worker.start()
    try:
        while True:
            item, error = items.get()
            if item is _END:
                if error is not None:
                    raise error
                return
            yield item
    finally:
        stop.set()
        while worker.is_alive():  # unblock a producer waiting on a full queue
            try:
                items.get_nowait()
            except queue.Empty:
                pass
            worker.join(timeout=0.05)


def jpeg_bytes(image: np.ndarray, quality: int = 80) -> bytes:
    """One frame as JPEG bytes (for an <img>)."""
    from PIL import Image

    buffer = io.BytesIO()
    Image.fromarray(image).save(buffer, format="JPEG", quality=quality)
    return buffer.getvalue()


class FrameCache:
    """Every frame of a clip decoded once, downscaled and kept as JPEG bytes.

    Scrubbing then costs a list look-up: no decoding on a slider move.
    """

    def __init__(self, path, *, max_width: int = 640, mirror: bool = False):
        self.info = clip_info(path)
        self.frames: list[bytes] = []
        self.size: tuple[int, int] = (0, 0)
        for image in iter_frames(path, max_width=max_width, mirror=mirror):
            self.size = (image.shape[1], image.shape[0])
            self.frames.append(jpeg_bytes(image))
        if not self.frames:
            raise ValueError(f"{self.info.path!r} has no frames")

    @property
    def scale(self) -> float:
        """Cached-frame pixels per original pixel."""
        return self.size[0] / self.info.width

    def __len__(self) -> int:
        return len(self.frames)

    def __getitem__(self, index: int) -> bytes:
        return self.frames[index]
