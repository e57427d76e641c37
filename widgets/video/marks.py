"""Landmarks marked by hand, kept beside the clip as ``<clip>.landmarks.csv``.

One row per frame and landmark that was marked: ``frame,name,x,y`` in the clip's own
pixels (x right, y down). Unmarked points are missing (NaN) for the analysis; the
StrideAnalyzer fills in the frames between two marks of a point by straight lines.
"""

from __future__ import annotations

import csv
import os
from pathlib import Path

import numpy as np

from ..model.stride import LANDMARK_NAMES


def marks_path(clip) -> Path:
    return Path(os.fspath(clip) + ".landmarks.csv")


def save_marks(path, marks: dict) -> None:
    """``marks``: {(frame, name): (x, y)} in clip pixels."""
    with open(path, "w", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(["frame", "name", "x", "y"])
        for (frame, name), (x, y) in sorted(marks.items()):
            writer.writerow([frame, name, f"{x:.2f}", f"{y:.2f}"])


def load_marks(path) -> dict:
    marks = {}
    with open(path, newline="") as handle:
        for row in csv.DictReader(handle):
            if row["name"] not in LANDMARK_NAMES:
                raise ValueError(f"{str(path)!r}: name={row['name']!r} is not a landmark; allowed: "
                                 f"{', '.join(LANDMARK_NAMES)}")
            marks[(int(row["frame"]), row["name"])] = (float(row["x"]), float(row["y"]))
    return marks


def table_from_marks(marks: dict, frames: int, *, fill: bool = True) -> dict[str, np.ndarray]:
    """A landmark table from sparse marks; with ``fill``, straight lines between a point's marks."""
    table = {name: np.full((frames, 2), np.nan) for name in LANDMARK_NAMES}
    for (frame, name), xy in marks.items():
        if 0 <= frame < frames:
            table[name][frame] = xy
    if fill:
        for name, xy in table.items():
            known = np.flatnonzero(np.isfinite(xy[:, 0]))
            if known.size >= 2:
                inside = np.arange(known[0], known[-1] + 1)
                for axis in (0, 1):
                    xy[inside, axis] = np.interp(inside, known, xy[known, axis])
    return table
