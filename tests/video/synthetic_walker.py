"""Landmark tables of a person walking, with known events: double support, no flight.

A stick figure of simple geometry (metres; thigh and shank 0.45 m, ankle 0.08 m above
the ground, heel 0.06 m behind and toe 0.14 m ahead of the ankle). Each foot is planted
for ``stance_share`` of the stride (62 % by default, as in ordinary walking, so both feet
are down for about 12 % of the stride twice per stride) and swings forward the rest of the
time with a clearance arc; the hip moves on at constant speed and is highest in
mid-stance (the walker vaults over a stiff leg); knees come from the hip and ankle by
two-link geometry. The near leg is ``left``, the far leg ``right``.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

JOINTS = ("shoulder", "hip", "knee", "ankle", "heel", "toe")
THIGH = SHANK = 0.45
ANKLE_UP, HEEL_BACK, TOE_AHEAD = 0.08, 0.06, 0.14


@dataclass
class Walker:
    landmarks: dict
    fps: float
    events: dict               # side -> list of (initial_contact_s, toe_off_s)
    cadence_steps_min: float
    stance_share: float


def _knee(hip, ankle, forward=1.0):
    d = ankle - hip
    dist = min(float(np.hypot(*d)), 0.999 * (THIGH + SHANK))
    along = (THIGH ** 2 - SHANK ** 2 + dist ** 2) / (2 * dist)
    off = np.sqrt(max(THIGH ** 2 - along ** 2, 0.0))
    unit = d / np.hypot(*d)
    normal = np.array([-unit[1], unit[0]]) * forward  # points forward of the hip-ankle line
    if normal[0] < 0:
        normal = -normal
    return hip + along * unit + off * normal


def make(fps=60.0, *, direction="right", seconds=6.0, cadence_steps_min=110.0, speed_m_s=1.3,
         stance_share=0.62, pixels_per_m=300.0, start_phase=0.2):
    stride_s = 120.0 / cadence_steps_min
    step_m = speed_m_s * stride_s / 2
    n = int(round(seconds * fps))
    t = np.arange(n) / fps
    sign = 1.0 if direction == "right" else -1.0
    x0 = 100.0 if sign > 0 else 100.0 + pixels_per_m * (speed_m_s * seconds + 2.0)
    offsets = {"left": 0.0, "right": 0.5}
    landmarks = {f"{s}_{j}": np.zeros((n, 2)) for s in offsets for j in JOINTS}
    for k, time in enumerate(t):
        phase_all = start_phase + time / stride_s
        hip_x = speed_m_s * time
        hip_y = 0.86 + 0.015 * np.cos(4 * np.pi * (phase_all - stance_share / 2))
        hip = np.array([hip_x, hip_y])
        for side, off in offsets.items():
            cycle = phase_all - off
            index, phase = np.floor(cycle), cycle - np.floor(cycle)
            plant_x = lambda i: speed_m_s * ((i + off + stance_share / 2) * stride_s - start_phase * stride_s)
            if phase < stance_share:
                ankle = np.array([plant_x(index), ANKLE_UP])
            else:
                s = (phase - stance_share) / (1 - stance_share)
                progress = s - 0.5 * np.sin(2 * np.pi * s) / (2 * np.pi)
                ankle = np.array([plant_x(index) + 2 * step_m * progress, ANKLE_UP + 0.06 * np.sin(np.pi * s)])
            knee = _knee(hip, ankle)
            pts = {"hip": hip + np.array([0.0, 0.0]), "knee": knee, "ankle": ankle,
                   "heel": ankle + np.array([-HEEL_BACK, -ANKLE_UP + (ankle[1] - ANKLE_UP)]),
                   "toe": ankle + np.array([TOE_AHEAD, -ANKLE_UP + (ankle[1] - ANKLE_UP)]),
                   "shoulder": hip + np.array([0.05, 0.5])}
            for j, (x, y) in pts.items():
                landmarks[f"{side}_{j}"][k] = (x0 + sign * pixels_per_m * x, 900.0 - pixels_per_m * y)
    events = {}
    for side, off in offsets.items():
        evs = []
        for i in range(-2, int(seconds / stride_s) + 3):
            ic = (i + off - start_phase) * stride_s
            to = ic + stance_share * stride_s
            if ic > 0 and to < t[-1]:
                evs.append((ic, to))
        events[side] = evs
    return Walker(landmarks, fps, events, cadence_steps_min, stance_share)
