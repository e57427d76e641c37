"""The landmark table of assignment a05 (``runner_side_view.csv``), generated from the course's gait model.

A runner seen from the side (tests/video/synthetic_runner.py: the course's gait model moved over a
planted foot, at 170 steps per minute, filmed at 60 frames per second for 2.9 s), reduced to what
the assignment needs: the height above the ground (m) of each foot's heel and toe in every frame,
with a little noise (2 mm, fixed seed) and rounded to the millimetre. The clip starts while the
left foot is on the ground and ends during a left contact, so two contacts are cut by the clip's
ends. ``KNOWN`` holds the generator's own events of the complete contacts, which the solution
must find within one frame.

Regenerate the committed file (only when this script changes):
``.venv/bin/python tests/grading/a05_data.py``; tests/grading/test_assignments.py checks that the
committed file equals what this script writes.
"""

from __future__ import annotations

import functools
import io
import sys
from pathlib import Path

import numpy as np

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent))  # tests/ (for video.synthetic_runner when run as a script)

from video.synthetic_runner import make

ASSIGNMENT = "a05_measure_your_stride"
PATH = HERE.parent.parent / "course" / "source" / ASSIGNMENT / "runner_side_view.csv"
COLUMNS = ("time_s", "left_heel_m", "left_toe_m", "right_heel_m", "right_toe_m")
FPS = 60.0
SECONDS = 2.9
CADENCE_STEPS_MIN = 170.0
PIXELS_PER_M = 300.0
GROUND_PX = 900.0  # the synthetic runner's ground line in image pixels (y down)
NOISE_M = 0.002
SEED = 2


@functools.cache
def _runner():
    return make(FPS, seconds=SECONDS, cadence_steps_min=CADENCE_STEPS_MIN, phase_percent=20.0,
                pixels_per_m=PIXELS_PER_M)


def table() -> np.ndarray:
    """Rows of (time_s, left_heel_m, left_toe_m, right_heel_m, right_toe_m), as committed."""
    runner = _runner()
    frames = len(runner.landmarks["left_heel"])
    columns = [np.arange(frames) / FPS]
    rng = np.random.default_rng(SEED)
    for side in ("left", "right"):
        for point in ("heel", "toe"):
            height_m = (GROUND_PX - runner.landmarks[f"{side}_{point}"][:, 1]) / PIXELS_PER_M
            columns.append(np.round(height_m + rng.normal(0.0, NOISE_M, frames), 3) + 0.0)
    return np.column_stack(columns)


def known_events() -> dict[str, list[tuple[float, float]]]:
    """Side -> (initial contact s, toe-off s) of every contact wholly inside the clip, from the model."""
    return {side: [(float(ic), float(to)) for ic, to in events] for side, events in _runner().events.items()}


def stance_share() -> float:
    """Share of the stride a foot is on the ground in the generator (contact time / stride time)."""
    return _runner().stance_percent / 100.0


def csv_text() -> str:
    rows = table()
    out = io.StringIO()
    out.write(",".join(COLUMNS) + "\n")
    for row in rows:
        out.write(f"{row[0]:.4f}," + ",".join(f"{value:.3f}" for value in row[1:]) + "\n")
    return out.getvalue()


if __name__ == "__main__":
    PATH.write_text(csv_text(), encoding="utf-8")
    print(f"wrote {PATH} ({len(table())} frames)")
