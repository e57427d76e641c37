"""``analyse_video``: a clip in, a :class:`~widgets.model.stride.StrideReport` out.

The landmark table comes from pose estimation (the optional extra) or from marks made by
hand in the StrideAnalyzer; the measuring itself is :func:`widgets.model.stride.analyse_landmarks`.
"""

from __future__ import annotations

from pathlib import Path

from ..model.stride import StrideReport, analyse_landmarks
from ..model.validation import one_of
from . import clips, marks, pose

#: Below this share of frames with a person, the clip is refused.
MIN_PERSON_SHARE = 0.3
#: Frames are decoded no wider than this for pose estimation (pixels).
POSE_WIDTH = 960

__all__ = ["analyse_video", "analyse_landmarks", "StrideReport", "pose_landmarks"]


def _checked_region(region):
    if region is None:
        return None
    try:
        x0, y0, x1, y1 = (float(v) for v in region)
    except (TypeError, ValueError):
        raise ValueError(f"region={region!r} is not four numbers (left, top, right, bottom as shares "
                         f"of the frame, 0..1)") from None
    if not (0 <= x0 < x1 <= 1 and 0 <= y0 < y1 <= 1):
        raise ValueError(f"region={region!r} is outside the allowed range: 0 <= left < right <= 1 "
                         f"and 0 <= top < bottom <= 1")
    return x0, y0, x1, y1


def _checked_frames(frames, total: int) -> tuple[int, int]:
    if frames is None:
        return 0, total
    try:
        start, stop = (int(v) for v in frames)
    except (TypeError, ValueError):
        raise ValueError(f"frames={frames!r} is not two frame numbers (start, stop)") from None
    if not 0 <= start < stop <= total or stop - start < 2:
        raise ValueError(f"frames={frames!r} is outside the allowed range: 0 <= start < stop <= {total}")
    return start, stop


def pose_landmarks(path, *, region=None, mirror: bool = False, frames=None):
    """(landmarks in clip pixels, ClipInfo, frames with a person), by pose estimation.

    ``region`` (left, top, right, bottom, shares of the frame) limits the search to part
    of the picture, e.g. the lane a runner passes along when someone else is in view.
    """
    info = clips.clip_info(path)
    box = _checked_region(region) or (0.0, 0.0, 1.0, 1.0)
    scale = min(1.0, POSE_WIDTH / info.width)
    span = _checked_frames(frames, info.frames)

    def frames():
        decoded = clips.prefetched(lambda: clips.iter_frames(path, max_width=POSE_WIDTH if scale < 1 else None,
                                                             mirror=mirror))
        try:
            for k, image in enumerate(decoded):
                if k < span[0]:
                    continue
                if k >= span[1]:
                    break
                h, w = image.shape[:2]
                yield image[int(box[1] * h):int(round(box[3] * h)), int(box[0] * w):int(round(box[2] * w))]
        finally:
            decoded.close()

    table, total, with_person = pose.estimate_landmarks(frames(), scale=1.0)
    h_px, w_px = info.height * scale, info.width * scale
    for xy in table.values():
        xy[:, 0] = (xy[:, 0] + int(box[0] * w_px)) / scale
        xy[:, 1] = (xy[:, 1] + int(box[1] * h_px)) / scale
    return table, info, with_person


def analyse_video(path, *, landmarks: str = "auto", region=None, frames=None,
                  mirror: bool = False) -> StrideReport:
    """Measure the stride in a side-view clip.

    Parameters
    ----------
    path : the clip (any format FFmpeg reads: .mp4, .mov, ...).
    landmarks : ``"pose"`` (pose estimation; needs the ``pose`` extra), ``"manual"`` (the
        marks saved by the StrideAnalyzer beside the clip) or ``"auto"`` (pose estimation
        when installed, else saved marks).
    region : optional (left, top, right, bottom) shares of the frame to search for the person.
    frames : optional (start, stop) frame numbers to analyse (pose estimation only).
    mirror : analyse the clip flipped left-right (a check: the numbers should hardly change).

    Raises
    ------
    FileNotFoundError
        When there is no file at ``path`` (naming it).
    ValueError
        When the file is not a readable video (naming it), when ``landmarks`` is not one of
        the three choices, when a person was found in too few frames (saying how many),
        or when neither pose estimation nor saved marks are available (saying what to do).
    """
    choice = one_of("landmarks", landmarks, ("auto", "manual", "pose"))
    info = clips.clip_info(path)
    name = Path(info.path).name
    saved = marks.marks_path(path)
    if choice == "pose" or (choice == "auto" and pose.pose_available()):
        if not pose.pose_available():
            raise ValueError(pose.NOT_INSTALLED)
        table, info, with_person = pose_landmarks(path, region=region, mirror=mirror, frames=frames)
        total = len(next(iter(table.values())))
        if with_person < max(2, MIN_PERSON_SHARE * total):
            raise ValueError(f"{name!r}: a person was found in only {with_person} of {total} frames; "
                             f"film the whole body side-on, or mark the joints by hand (StrideAnalyzer)")
        return analyse_landmarks(table, info.fps, frames_with_person=with_person, source=name)
    if not saved.is_file():
        raise ValueError(f"{name!r} has no hand-made marks ({saved.name}) and "
                         + ("pose estimation was not asked for. " if choice == "manual" else "")
                         + pose.NOT_INSTALLED)
    table = marks.table_from_marks(marks.load_marks(saved), info.frames)
    if mirror:
        for xy in table.values():
            xy[:, 0] = info.width - xy[:, 0]
    return analyse_landmarks(table, info.fps, source=f"{name} (marked by hand)")
