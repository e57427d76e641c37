"""Landmark tables of a runner (or walker) built from the course's own gait model, with known events.

The body moves forward so that the stance foot's ankle stays planted, the hip height puts
the lowest point of the figure on the ground, and each landmark is projected to image
pixels (x to the right, y down) as a side-view camera would see it. The near leg is
``left``, the far leg ``right``. Everything the analysis should find is known here:
event times, and the angles of every frame from the pose itself (not from the points).
"""

from __future__ import annotations

import copy
import functools
from dataclasses import dataclass

import numpy as np

from widgets.model.body import joint_positions, lowest_point_y
from widgets.model.gait import gait_curves, pose_at

JOINTS = ("shoulder", "hip", "knee", "ankle", "heel", "toe")
SIDES = {"left": "near", "right": "far"}


@dataclass
class Synthetic:
    landmarks: dict
    fps: float
    events: dict            # side -> list of (initial_contact_s, toe_off_s)
    thigh_extension_deg: dict   # side -> per-frame thigh angle behind vertical, from the pose
    knee_flexion_deg: dict      # side -> per-frame knee flexion, from the pose
    overstride_deg: dict        # side -> per-frame angle hip->ankle forward of vertical
    trunk_lean_deg: float
    cadence_steps_min: float
    stance_percent: float


def _warp(percent, stance_percent, model_toe_off):
    """Model percent for a cycle whose stance lasts ``stance_percent`` (walking: > 50)."""
    p = np.mod(percent, 100.0)
    return np.where(p < stance_percent, p / stance_percent * model_toe_off,
                    model_toe_off + (p - stance_percent) / (100 - stance_percent) * (100 - model_toe_off))


def make(fps=60.0, *, direction="right", seconds=4.0, cadence_steps_min=170.0, walking=False,
         pixels_per_m=300.0, phase_percent=20.0, height_m=1.75) -> Synthetic:
    """A runner seen from the side. Built once per set of arguments (thousands of poses, about
    2 s) and handed out as a fresh copy, so a test may change what it gets."""
    return copy.deepcopy(_built(float(fps), direction, float(seconds), float(cadence_steps_min), bool(walking),
                                float(pixels_per_m), float(phase_percent), float(height_m)))


@functools.lru_cache(maxsize=None)
def _built(fps, direction, seconds, cadence_steps_min, walking, pixels_per_m, phase_percent, height_m):
    curves = gait_curves(n=2001)
    model_to = curves.events["toe_off"]
    stance = 62.0 if walking else model_to
    stride_s = 120.0 / cadence_steps_min
    # fine grid of cumulative cycle percent over the clip (plus a margin)
    cycles = seconds / stride_s + 2
    fine = np.arange(0.0, 100.0 * cycles, 0.05)

    def pose_for(p):
        return pose_at(float(_warp(p, stance, model_to)), curves)

    one = np.arange(0.0, 100.0, 0.05)
    def pivot(points, s):  # the planted foot turns about its lower end
        heel, toe = points[f"{s}_heel"], points[f"{s}_toe"]
        return heel if heel[1] <= toe[1] else toe

    rel = {}
    for s in ("near", "far"):
        pts = [joint_positions(pose_for(p), height_m) for p in one]
        heel = np.array([q[f"{s}_heel"] for q in pts]); toe = np.array([q[f"{s}_toe"] for q in pts])
        rel[s] = (heel, toe)
    ground_y = np.array([-lowest_point_y({k: v for k, v in joint_positions(pose_for(p), height_m).items()})
                         for p in one])
    # hip height: lowest point on the ground, plus a small arc in each flight (running)
    hip_y = ground_y.copy()
    near_stance = one < stance
    far_stance = (np.mod(one - 50.0, 100.0) < stance)
    flight = ~near_stance & ~far_stance
    if flight.any():
        for start, end in ((stance, 50.0), (50.0 + stance, 100.0)):
            m = (one >= start) & (one < end)
            share = (one[m] - start) / (end - start)
            i0 = int(np.argmax(m)); i1 = int(round(end / 0.05)) % len(one)
            hip_y[m] = ground_y[i0] + share * (ground_y[i1] - ground_y[i0]) + 0.04 * 4 * share * (1 - share)
    # horizontal speed (m per percent): the stance ankle stays put
    def planted_speed(s):
        heel, toe = rel[s]
        return np.where(heel[:, 1] <= toe[:, 1], -np.gradient(heel[:, 0], one), -np.gradient(toe[:, 0], one))

    d_near = planted_speed("near")
    d_far = planted_speed("far")
    speed = np.where(near_stance & ~far_stance, d_near, np.where(far_stance & ~near_stance, d_far, np.nan))
    if walking:  # double support: the foot that has been down longer stays put
        older_near = near_stance & far_stance & (one > 50)
        speed = np.where(older_near, d_near, speed)
        speed = np.where(near_stance & far_stance & (one < 50), d_far, speed)
    idx = np.arange(len(one))
    good = ~np.isnan(speed)
    speed = np.interp(idx, idx[good], speed[good], period=len(one))
    speed_fine = np.tile(speed, int(np.ceil(len(fine) / len(one))) + 1)[:len(fine)]
    hip_x_fine = np.concatenate(([0.0], np.cumsum((speed_fine[1:] + speed_fine[:-1]) / 2 * 0.05)))

    n = int(round(seconds * fps))
    t = np.arange(n) / fps
    p_cum = phase_percent + 100.0 * t / stride_s
    sign = 1.0 if direction == "right" else -1.0
    landmarks = {f"{side}_{j}": np.zeros((n, 2)) for side in SIDES for j in JOINTS}
    thigh = {s: np.zeros(n) for s in SIDES}
    knee = {s: np.zeros(n) for s in SIDES}
    over = {s: np.zeros(n) for s in SIDES}
    x0 = 100.0 if sign > 0 else 1700.0
    for k, p in enumerate(p_cum):
        pose = pose_for(p % 100.0)
        hx = float(np.interp(p, fine, hip_x_fine))
        hy = float(np.interp(p % 100.0, one, hip_y, period=100.0))
        pts = joint_positions(pose, height_m, (hx, hy))
        for side, model_side in SIDES.items():
            leg = getattr(pose, f"{model_side}_leg")
            thigh[side][k] = pose.pelvic_tilt_deg - leg.hip_flexion_deg
            knee[side][k] = leg.knee_flexion_deg
            a = pts[f"{model_side}_ankle"] - pts["hip"]
            over[side][k] = np.degrees(np.arctan2(a[0], -a[1]))
            for j in JOINTS:
                name = j if j in ("hip", "shoulder") else f"{model_side}_{j}"
                x, y = pts[name]
                landmarks[f"{side}_{j}"][k] = (x0 + sign * pixels_per_m * x, 900.0 - pixels_per_m * y)
    events = {}
    for side, offset in (("left", 0.0), ("right", 50.0)):
        starts = np.arange(-2, cycles + 2) * 100.0 + offset
        evs = []
        for s0 in starts:
            ic = (s0 - phase_percent) / 100.0 * stride_s
            to = (s0 + stance - phase_percent) / 100.0 * stride_s
            if ic >= 0 and to <= t[-1]:
                evs.append((ic, to))
        events[side] = evs
    return Synthetic(landmarks, fps, events, thigh, knee, over, 6.0, cadence_steps_min, stance)
