"""A runner's (or walker's) stride measured from 2-D side-view landmarks.

Where the landmarks come from does not matter here: marked by hand in the
StrideAnalyzer, found by a pose estimator, or generated from the course's gait model
in the tests. The input is one table of image points per frame and side (``left_`` and
``right_`` x ``shoulder, hip, knee, ankle, heel, toe``, pixels, x to the right, y down,
NaN where a point is missing) and the frame rate. Pure: numpy and the standard library.

The steps, each a separate function so tests can feed them known data (the split
Sports2D uses: points, then events, then angles):

1. **Canonical frame.** The direction of travel on screen comes from the hips' travel
   (or, for a runner who stays in frame, from heel-to-toe); points are turned so x
   points forward and y up, in units of the runner's leg length (thigh plus shank).
2. **Events from the foot's motion** (fixed camera): a foot is on the ground while its
   heel or its toe stands still and it is low, measured from a ground line fitted
   through the foot's lowest positions (a slightly tilted camera is allowed for).
   Initial contact is the first frame on the ground, toe-off the last; both are known
   to one frame at best (33 ms at 30 fps), which is why high frame rates help. A
   treadmill or a panning camera breaks this rule; mark the events by hand instead.
3. **Angles per step.** Thigh extension: the largest angle of the thigh behind vertical
   within 40 ms of toe-off. On a side view this is hip extension *plus* anterior pelvic
   tilt; the camera cannot split the two without pelvic landmarks (the course's core
   confound). Knee flexion at initial contact; overstride as the angle of the hip-to-ankle
   line forward of vertical and the ankle's distance ahead of the hip as a share of leg
   length; trunk lean (hip-to-shoulder line forward of vertical) averaged over the contact.
4. **Summary.** Means and spread over each side's steps, cadence from the intervals
   between alternate feet's contacts, walking or running from whether the feet are ever
   both off the ground, and a warning below 7 steps per side.
5. **To the model.** :func:`hip_extension_from_thigh_deg` turns a thigh angle into hip
   extension for an assumed anterior tilt (thigh = hip extension + tilt), the only way
   from the camera's number to the teaching model's input.

Measurement error (``SMALLEST_DETECTABLE``): Dingenen et al. 2018 (Phys Ther Sport 33:40;
21 runners filmed twice a week apart) found smallest detectable differences of 1.3-4.8 deg
for 2-D sagittal and frontal angles (knee flexion up to 3.8 deg, tibia inclination at
contact up to 4.8 deg) and that about 7 steps per side give a stable mean. They did not
measure thigh extension or trunk flexion; for those the study's largest figure is used.
Times are limited by the frame rate: one frame either way.
"""

from __future__ import annotations

import csv
import math
import warnings
from collections.abc import Mapping
from dataclasses import asdict, dataclass, field

import numpy as np

from .validation import array_in_range, broadcast_shapes, number_in_range

SIDES = ("left", "right")
JOINTS = ("shoulder", "hip", "knee", "ankle", "heel", "toe")
LANDMARK_NAMES = tuple(f"{side}_{joint}" for side in SIDES for joint in JOINTS)

#: A foot within this share of leg length of the ground line counts as on the ground.
CONTACT_HEIGHT_LEG_SHARE = 0.03
#: A heel or toe slower than this over the ground (leg lengths per second) may be planted.
CONTACT_SPEED_LEG_S = 0.8
#: The ground under a foot is its lowest point within this time either side (s).
GROUND_WINDOW_S = 0.75
#: Shortest contact that counts, longest gap closed inside a contact (s): noise.
MIN_CONTACT_S = 0.06
MIN_GAP_S = 0.07
#: Thigh extension is the peak within this time of toe-off (s).
TOE_OFF_WINDOW_S = 0.04
#: Fewer steps than this per side give an unstable mean (Dingenen et al. 2018).
STEPS_FOR_STABLE_MEAN = 7
#: Smallest detectable difference of each angle (deg) and where the figure comes from.
SMALLEST_DETECTABLE = {
    "thigh_extension_at_toe_off_deg": (4.8, "largest 2-D figure in Dingenen et al. 2018 (thigh angle not measured there)"),
    "knee_flexion_at_contact_deg": (3.8, "knee flexion, Dingenen et al. 2018 (measured at midstance)"),
    "overstride_deg": (4.8, "tibia inclination at contact, Dingenen et al. 2018"),
    "trunk_lean_deg": (4.8, "largest 2-D figure in Dingenen et al. 2018 (trunk flexion not measured there)"),
}
#: Frame rates the analysis accepts (frames per second).
FPS_RANGE = (5.0, 1000.0)


@dataclass(frozen=True)
class Step:
    """One foot's contact with the ground and the angles read from it.

    Times in seconds from the first frame; angles in degrees (see the module docstring
    for each definition); ``flight_time_s`` is the time until the other foot lands
    (negative: both feet were down, as in walking); NaN where it could not be measured.
    """

    side: str
    initial_contact_s: float
    toe_off_s: float
    contact_time_s: float
    flight_time_s: float
    thigh_extension_at_toe_off_deg: float
    knee_flexion_at_contact_deg: float
    overstride_deg: float
    overstride_leg_share: float
    trunk_lean_deg: float
    initial_contact_frame: int
    toe_off_frame: int


MEASURES = ("contact_time_s", "flight_time_s", "thigh_extension_at_toe_off_deg",
            "knee_flexion_at_contact_deg", "overstride_deg", "overstride_leg_share", "trunk_lean_deg")


@dataclass(frozen=True)
class StrideReport:
    """What a clip (or a landmark table) says about a stride.

    ``steps`` holds every complete step found; ``sides`` the mean, spread (standard
    deviation) and count per side and measure; ``warnings`` plain sentences about
    anything that limits the numbers (too few steps, few frames with a person).
    """

    fps: float
    direction: str
    gait: str
    frames_total: int
    frames_with_person: int
    steps: tuple
    cadence_steps_min: float
    leg_length_px: float
    sides: dict = field(default_factory=dict)
    warnings: tuple = ()
    source: str = "landmarks"

    def side_mean(self, side: str, measure: str) -> float:
        """Mean of ``measure`` over ``side``'s steps (NaN without steps)."""
        return self.sides[side][measure]["mean"]

    def summary(self) -> str:
        """The text twin: what was found, with each angle's measurement error beside it."""
        fps_ms = 1000.0 / self.fps
        gait_text = "walking" if self.gait == "walking" else "running"
        lines = [f"{self.source}: {self.frames_with_person} of {self.frames_total} frames at "
                 f"{self.fps:g} fps show a person {gait_text} to the {self.direction}; "
                 f"{len(self.steps)} steps found "
                 f"({', '.join(f'{sum(s.side == side for s in self.steps)} {side}' for side in SIDES)})."]
        if math.isfinite(self.cadence_steps_min):
            lines.append(f"Cadence {self.cadence_steps_min:.0f} steps/min.")
        for side in SIDES:
            stats = self.sides[side]
            if stats["contact_time_s"]["count"] == 0:
                lines.append(f"{side.capitalize()}: no complete step.")
                continue
            parts = [f"contact {1000 * stats['contact_time_s']['mean']:.0f} ms "
                     f"(+/- {fps_ms:.0f} ms, one frame)"]
            flight = stats["flight_time_s"]["mean"]
            if self.gait == "running" and math.isfinite(flight):
                parts.append(f"flight {1000 * flight:.0f} ms")
            for name, label in (("thigh_extension_at_toe_off_deg", "thigh extension at toe-off"),
                                ("knee_flexion_at_contact_deg", "knee flexion at contact"),
                                ("overstride_deg", "overstride"),
                                ("trunk_lean_deg", "trunk lean")):
                s = stats[name]
                parts.append(f"{label} {s['mean']:.0f} deg (spread {s['sd']:.1f}, "
                             f"smallest real change {SMALLEST_DETECTABLE[name][0]:g})")
            share = stats["overstride_leg_share"]["mean"]
            parts[-2] += f", ankle {share:.2f} leg lengths ahead of the hip"
            lines.append(f"{side.capitalize()}: " + "; ".join(parts) + ".")
        lines.append("Thigh extension is the thigh's angle behind vertical: hip extension plus "
                     "pelvic tilt, which a side-view camera cannot separate.")
        lines.extend(self.warnings)
        return "\n".join(lines)

    def to_csv(self, path) -> None:
        """One row per step, the measures as columns (seconds and degrees)."""
        names = [f.name for f in Step.__dataclass_fields__.values()]
        with open(path, "w", newline="") as handle:
            writer = csv.DictWriter(handle, fieldnames=names)
            writer.writeheader()
            for step in self.steps:
                writer.writerow({k: (f"{v:.4f}" if isinstance(v, float) else v) for k, v in asdict(step).items()})


# ---------------------------------------------------------------------------
# Input checking

def _landmark_array(name: str, value, frames: int | None) -> np.ndarray:
    try:
        arr = np.asarray(value, dtype=float)
    except (TypeError, ValueError):
        raise ValueError(f"landmarks[{name!r}] is not an array of numbers; give an (n_frames, 2) "
                         f"array of pixel coordinates, NaN where missing") from None
    if arr.ndim != 2 or arr.shape[1] != 2 or arr.shape[0] < 2:
        raise ValueError(f"landmarks[{name!r}] has shape {arr.shape}; allowed: (n_frames, 2) with n_frames >= 2")
    if frames is not None and arr.shape[0] != frames:
        raise ValueError(f"landmarks[{name!r}] has {arr.shape[0]} frames and others have {frames}; "
                         f"give every landmark for every frame (NaN where missing)")
    if np.any(np.isinf(arr)):
        raise ValueError(f"landmarks[{name!r}] holds an infinite value; allowed: finite numbers or NaN")
    return arr


def checked_landmarks(landmarks: Mapping) -> dict[str, np.ndarray]:
    """The twelve landmark series as float arrays of one length, else ValueError naming the problem."""
    if not isinstance(landmarks, Mapping):
        raise ValueError(f"landmarks={type(landmarks).__name__} is not a mapping; give a dict of "
                         f"{', '.join(LANDMARK_NAMES)} to (n_frames, 2) arrays")
    missing = [n for n in LANDMARK_NAMES if n not in landmarks]
    if missing:
        raise ValueError(f"landmarks is missing {', '.join(missing)}; required: {', '.join(LANDMARK_NAMES)}")
    out: dict[str, np.ndarray] = {}
    frames = None
    for name in LANDMARK_NAMES:
        out[name] = _landmark_array(name, landmarks[name], frames)
        frames = out[name].shape[0]
    return out


# ---------------------------------------------------------------------------
# Step 0: left and right kept apart

LEG_JOINTS = ("hip", "knee", "ankle", "heel", "toe")


def fix_side_swaps(points: Mapping) -> tuple[dict[str, np.ndarray], int]:
    """The table with legs whose labels a tracker swapped put back, and how many frames were swapped.

    In a side view the near and far legs look alike, and pose trackers now and then give
    the left leg's points to the right side for a few frames. Each frame is compared with
    where each leg was heading (its last two positions): when giving the points to the
    other side fits clearly better (less than half the distance), the legs' labels are
    swapped. Shoulders are left alone.
    """
    out = {name: np.array(xy, dtype=float, copy=True) for name, xy in points.items()}
    frames = next(iter(out.values())).shape[0]
    names = {side: [f"{side}_{j}" for j in LEG_JOINTS] for side in SIDES}
    swapped = 0

    def leg(side, k):
        return np.stack([out[n][k] for n in names[side]])

    def predicted(side, k):
        last, before = leg(side, k - 1), leg(side, k - 2) if k >= 2 else leg(side, k - 1)
        guess = 2 * last - before
        return np.where(np.isfinite(guess), guess, last)

    def distance(a, b):
        d = np.hypot(*(a - b).T)
        d = d[np.isfinite(d)]
        return float(d.sum()) if d.size >= 2 else math.nan

    for k in range(1, frames):
        pl, pr = predicted("left", k), predicted("right", k)
        cl, cr = leg("left", k), leg("right", k)
        keep = distance(cl, pl) + distance(cr, pr)
        swap = distance(cl, pr) + distance(cr, pl)
        if math.isfinite(keep) and math.isfinite(swap) and swap < 0.5 * keep:
            for a, b in zip(names["left"], names["right"]):
                out[a][k], out[b][k] = cr[names["right"].index(b)].copy(), cl[names["left"].index(a)].copy()
            swapped += 1
    return out, swapped


# ---------------------------------------------------------------------------
# Step 1: direction and the canonical frame

def _mean_of_sides(points: dict, joint: str) -> np.ndarray:
    stacked = np.stack([points[f"{s}_{joint}"] for s in SIDES])
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", RuntimeWarning)  # frames where neither side is seen stay NaN
        return np.nanmean(stacked, axis=0)


def _segment_length(points: dict, a: str, b: str) -> np.ndarray:
    return np.concatenate([np.hypot(*(points[f"{s}_{b}"] - points[f"{s}_{a}"]).T) for s in SIDES])


def leg_length_px(points: Mapping) -> float:
    """Median thigh plus median shank length (pixels), the unit of every distance."""
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", RuntimeWarning)  # no frame with the points: NaN, refused by the caller
        thigh = np.nanmedian(_segment_length(points, "hip", "knee"))
        shank = np.nanmedian(_segment_length(points, "knee", "ankle"))
    return float(thigh + shank)


def travel_direction(points: Mapping) -> str:
    """``"right"`` or ``"left"`` on screen: from the hips' travel, else from heel-to-toe."""
    hip_x = _mean_of_sides(points, "hip")[:, 0]
    valid = np.flatnonzero(np.isfinite(hip_x))
    length = leg_length_px(points)
    if valid.size >= 2 and abs(hip_x[valid[-1]] - hip_x[valid[0]]) > 0.5 * length:
        return "right" if hip_x[valid[-1]] > hip_x[valid[0]] else "left"
    foot = np.concatenate([points[f"{s}_toe"][:, 0] - points[f"{s}_heel"][:, 0] for s in SIDES])
    return "right" if np.nanmedian(foot) >= 0 else "left"


def canonical(points: Mapping, direction: str, length_px: float) -> dict[str, np.ndarray]:
    """Points with x forward and y up, in leg lengths (origin arbitrary)."""
    sign = 1.0 if direction == "right" else -1.0
    return {name: np.column_stack((sign * xy[:, 0], -xy[:, 1])) / length_px for name, xy in points.items()}


# ---------------------------------------------------------------------------
# Step 2: foot contacts

def _runs(mask: np.ndarray) -> list[tuple[int, int]]:
    """(first, last) index of each run of True."""
    padded = np.concatenate(([False], mask, [False])).astype(int)
    edges = np.diff(padded)
    return list(zip(np.flatnonzero(edges == 1), np.flatnonzero(edges == -1) - 1))


def _rolling_min(values: np.ndarray, half: int) -> np.ndarray:
    """Smallest finite value within ``half`` frames either side (NaN where none)."""
    padded = np.concatenate((np.full(half, np.inf), np.where(np.isfinite(values), values, np.inf),
                             np.full(half, np.inf)))
    windows = np.lib.stride_tricks.sliding_window_view(padded, 2 * half + 1)
    out = windows.min(axis=1)
    return np.where(np.isfinite(out), out, np.nan)


def foot_height(canon: Mapping, side: str, fps: float = 30.0) -> np.ndarray:
    """Height of the foot's lowest point above the local ground (leg lengths).

    The ground under the foot is its lowest position within ``GROUND_WINDOW_S`` either
    side: a tilted camera, perspective (the walker comes nearer) and slow drift of a
    tracker then do not move the ground line, as one line fitted through the clip would.
    """
    low = np.fmin(canon[f"{side}_heel"][:, 1], canon[f"{side}_toe"][:, 1])
    if np.isfinite(low).sum() < 3:
        return np.full_like(low, np.nan)
    half = max(2, int(round(GROUND_WINDOW_S * fps)))
    return low - _rolling_min(low, half)


def median5(values: np.ndarray) -> np.ndarray:
    """A 5-frame running median ignoring NaN (ends and gaps kept): removes glitches of 1-2 frames
    without moving the edges of a still spell."""
    out = values.copy()
    if len(values) >= 5:
        stacked = np.stack([values[i:len(values) - 4 + i] for i in range(5)])
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", RuntimeWarning)
            middle = np.nanmedian(stacked, axis=0)
        keep = np.isfinite(values[2:-2])
        out[2:-2] = np.where(keep, middle, values[2:-2])
    return out


def foot_speed(canon: Mapping, side: str, fps: float) -> np.ndarray:
    """Horizontal speed over the ground (leg lengths/s) of the slowest of heel, ankle and toe.

    A planted foot pivots on its heel, then on its toes: one of them stays still. Taking
    the slowest of three also rides over one point a tracker loses for a frame or two
    (a toe hidden by the other foot swinging past); a 5-frame median removes glitches of
    one or two frames first.
    """
    speeds = [np.abs(np.gradient(median5(canon[f"{side}_{part}"][:, 0]))) * fps
              for part in ("heel", "ankle", "toe")]
    return np.fmin(np.fmin(speeds[0], speeds[1]), speeds[2])


def still_threshold(speed: np.ndarray) -> float:
    """Speed (leg lengths/s) under which a foot counts as still, scaled to the tracking noise.

    At least ``CONTACT_SPEED_LEG_S``; raised to four times the typical jitter of a
    planted foot (the median speed of the slow frames) for noisy landmarks, and never more
    than a third of the swinging foot's speed.
    """
    known = speed[np.isfinite(speed)]
    if known.size == 0:
        return CONTACT_SPEED_LEG_S
    slow = known[known < np.percentile(known, 40)]
    noise = float(np.median(slow)) if slow.size else 0.0
    fast = float(np.percentile(known, 95))
    return max(min(max(CONTACT_SPEED_LEG_S, 4.0 * noise), fast / 3.0), 1e-9)


def foot_contacts(canon: Mapping, side: str, fps: float) -> list[tuple[int, int]]:
    """(initial contact frame, toe-off frame) of each complete contact of one foot.

    A foot is down while heel or toe stands still (under :func:`still_threshold`, scaled
    to the noise of the landmarks); a still spell counts only when the foot is lower
    during it than while it moves around it (so a foot that only slows in the air does
    not count). Where the foot's
    height is clean (generated or carefully marked points), each contact's ends are moved
    to where the foot settles within a third of ``CONTACT_HEIGHT_LEG_SHARE`` of its level
    on the ground; on noisy tracked points the stillness alone decides. A contact counts
    when the frames just before and after it show the foot (so one cut by the clip's
    start, its end or a gap is left out).
    """
    height = foot_height(canon, side, fps)
    speed = foot_speed(canon, side, fps)
    known = np.isfinite(height) & np.isfinite(speed)
    if known.sum() < 3:
        return []
    still = known & (speed < still_threshold(speed[known]))
    down = still.copy()
    # close short gaps (noise lifting a planted foot for a frame)
    for first, last in _runs(~down):
        if (first > 0 and last < len(down) - 1 and (last - first + 1) / fps < MIN_GAP_S
                and known[first:last + 1].all()):
            down[first:last + 1] = True
    contacts = []
    for first, last in _runs(down):
        if (last - first + 1) / fps < MIN_CONTACT_S:
            continue
        if first == 0 or last == len(down) - 1 or not (known[first - 1] and known[last + 1]):
            continue
        # a foot that only slows in the air is higher than while it swings past, not lower
        half = max(2, int(round(GROUND_WINDOW_S * fps)))
        around = np.zeros(len(down), dtype=bool)
        around[max(0, first - half):last + half + 1] = True
        moving = around & known & ~still
        if moving.any() and np.nanmedian(height[first:last + 1]) >= np.nanmedian(height[moving]):
            continue
        run = height[first:last + 1]
        middle = run[len(run) // 4: max(len(run) // 4 + 1, 3 * len(run) // 4)]
        jitter = float(np.nanstd(middle))
        if jitter < CONTACT_HEIGHT_LEG_SHARE / 6:
            level = np.nanmedian(run) + max(CONTACT_HEIGHT_LEG_SHARE / 3, 2 * jitter)
            settled = np.flatnonzero(run <= level)
            if settled.size:
                first, last = first + settled[0], first + settled[-1]
        contacts.append((int(first), int(last)))
    # a still spell far shorter than the foot's typical contact is a tracking glitch
    if len(contacts) >= 3:
        typical = float(np.median([b - a for a, b in contacts]))
        contacts = [(a, b) for a, b in contacts if b - a >= typical / 3]
    return contacts


# ---------------------------------------------------------------------------
# Step 3: angles

def angle_forward_of_down_deg(vector: np.ndarray) -> np.ndarray:
    """Angle of each (x forward, y up) vector from straight down, forward positive (deg)."""
    return np.degrees(np.arctan2(vector[..., 0], -vector[..., 1]))


def thigh_extension_deg(canon: Mapping, side: str) -> np.ndarray:
    """Thigh angle behind vertical per frame (deg): hip extension plus anterior pelvic tilt."""
    return -angle_forward_of_down_deg(canon[f"{side}_knee"] - canon[f"{side}_hip"])


def knee_flexion_deg(canon: Mapping, side: str) -> np.ndarray:
    """Knee flexion per frame (deg): the shank's angle behind the thigh's line."""
    thigh = angle_forward_of_down_deg(canon[f"{side}_knee"] - canon[f"{side}_hip"])
    shank = angle_forward_of_down_deg(canon[f"{side}_ankle"] - canon[f"{side}_knee"])
    return thigh - shank


def trunk_lean_deg(canon: Mapping) -> np.ndarray:
    """Trunk lean per frame (deg): the hip-to-shoulder line forward of vertical."""
    v = _mean_of_sides(canon, "shoulder") - _mean_of_sides(canon, "hip")
    return np.degrees(np.arctan2(v[:, 0], v[:, 1]))


def _stats(values: list[float]) -> dict:
    arr = np.array([v for v in values if math.isfinite(v)], dtype=float)
    if arr.size == 0:
        return {"mean": math.nan, "sd": math.nan, "count": 0}
    return {"mean": float(arr.mean()), "sd": float(arr.std(ddof=1)) if arr.size > 1 else 0.0,
            "count": int(arr.size)}


def _cadence(steps: list[Step]) -> float:
    ordered = sorted(steps, key=lambda s: s.initial_contact_s)
    steps_apart = [b.initial_contact_s - a.initial_contact_s for a, b in zip(ordered, ordered[1:])
                   if a.side != b.side]
    same_side = []
    for side in SIDES:
        times = [s.initial_contact_s for s in ordered if s.side == side]
        same_side += [(b - a) / 2 for a, b in zip(times, times[1:])]
    # consecutive contacts of alternate feet are one step apart unless one was missed
    intervals = np.array([i for i in (steps_apart or same_side) if i > 0])
    if intervals.size == 0:
        return math.nan
    middle = np.median(intervals)
    kept = intervals[(intervals < 1.5 * middle) & (intervals > middle / 1.5)]
    return 60.0 / float(kept.mean())


def analyse_landmarks(landmarks: Mapping, fps: float, *, frames_with_person: int | None = None,
                      source: str = "landmarks") -> StrideReport:
    """Measure a stride from a landmark table (see the module docstring).

    Parameters
    ----------
    landmarks : mapping of ``left_/right_`` + ``shoulder, hip, knee, ankle, heel, toe`` to
        (n_frames, 2) arrays of image pixels (x right, y down), NaN where missing.
    fps : frames per second of the clip, 5..1000.
    frames_with_person : how many frames showed a person (default: frames with both hips).
    source : what the summary calls the clip (a file name, "landmarks").

    Raises
    ------
    ValueError
        For a bad ``fps``, missing landmarks, wrongly shaped or infinite arrays, or a
        table with no frame showing both hips and knees.
    """
    rate = number_in_range("fps", fps, *FPS_RANGE, "frames/s")
    points, swapped = fix_side_swaps(checked_landmarks(landmarks))
    frames = next(iter(points.values())).shape[0]
    hips = np.isfinite(_mean_of_sides(points, "hip")[:, 0])
    if frames_with_person is None:
        frames_with_person = int(hips.sum())
    length = leg_length_px(points)
    if not math.isfinite(length) or length <= 0:
        raise ValueError("landmarks show no frame with a hip, knee and ankle; "
                         "cannot measure leg length")
    direction = travel_direction(points)
    canon = canonical(points, direction, length)
    trunk = trunk_lean_deg(canon)
    window = max(1, int(round(TOE_OFF_WINDOW_S * rate)))

    contacts = {side: foot_contacts(canon, side, rate) for side in SIDES}
    steps: list[Step] = []
    for side in SIDES:
        other = SIDES[1 - SIDES.index(side)]
        other_ic = np.array([c[0] for c in contacts[other]], dtype=float)
        thigh = thigh_extension_deg(canon, side)
        knee = knee_flexion_deg(canon, side)
        for first, last in contacts[side]:
            ic_s, to_s = first / rate, last / rate
            later = other_ic[other_ic > first]
            flight = (later[0] - last) / rate if later.size else math.nan
            near = thigh[max(0, last - window):last + window + 1]
            reach = canon[f"{side}_ankle"][first] - canon[f"{side}_hip"][first]
            steps.append(Step(
                side=side, initial_contact_s=ic_s, toe_off_s=to_s, contact_time_s=to_s - ic_s,
                flight_time_s=float(flight),
                thigh_extension_at_toe_off_deg=float(np.nanmax(near)) if np.isfinite(near).any() else math.nan,
                knee_flexion_at_contact_deg=float(knee[first]),
                overstride_deg=float(angle_forward_of_down_deg(reach)),
                overstride_leg_share=float(reach[0]),
                trunk_lean_deg=float(np.nanmean(trunk[first:last + 1])) if np.isfinite(trunk[first:last + 1]).any() else math.nan,
                initial_contact_frame=int(first), toe_off_frame=int(last)))
    steps.sort(key=lambda s: s.initial_contact_s)

    flights = [s.flight_time_s for s in steps if math.isfinite(s.flight_time_s)]
    overlap = _double_support(contacts)
    vaulting = _hip_highest_mid_contact(canon, contacts, rate)
    gait = "walking" if overlap or vaulting or (flights and float(np.median(flights)) <= 0) else "running"
    sides = {side: {m: _stats([getattr(s, m) for s in steps if s.side == side]) for m in MEASURES}
             for side in SIDES}
    warnings = []
    few = [side for side in SIDES if sides[side]["contact_time_s"]["count"] < STEPS_FOR_STABLE_MEAN]
    if few:
        counts = ", ".join(f"{sides[s]['contact_time_s']['count']} {s}" for s in SIDES)
        warnings.append(f"Only {counts} steps: fewer than {STEPS_FOR_STABLE_MEAN} per side, so the means are "
                        f"not yet stable (Dingenen et al. 2018); film more strides.")
    if frames and frames_with_person < 0.5 * frames:
        warnings.append(f"A person was found in only {frames_with_person} of {frames} frames.")
    if gait == "walking":
        warnings.append("Both feet were on the ground at once: this clip shows walking, not running, "
                        "and is analysed as walking.")
    return StrideReport(fps=rate, direction=direction, gait=gait, frames_total=int(frames),
                        frames_with_person=int(frames_with_person), steps=tuple(steps),
                        cadence_steps_min=_cadence(steps), leg_length_px=length, sides=sides,
                        warnings=tuple(warnings), source=source)


def _hip_highest_mid_contact(canon: Mapping, contacts: Mapping, fps: float) -> bool:
    """True when the hip is at its highest in mid-contact: vaulting over the leg, as in walking.

    A runner's hip is lowest in mid-contact (the leg compresses like a spring); a walker's
    is highest (the body vaults over a stiff leg). Compared over half a second around each contact.
    """
    hip_y = _mean_of_sides(canon, "hip")[:, 1]
    half = max(2, int(round(0.25 * fps)))
    signs = []
    for side in SIDES:
        for first, last in contacts[side]:
            middle = (first + last) // 2
            around = hip_y[max(0, middle - half):middle + half + 1]
            if np.isfinite(hip_y[middle]) and np.isfinite(around).sum() > half:
                signs.append(hip_y[middle] - np.nanmean(around))
    return bool(signs) and float(np.median(signs)) > 0


def _double_support(contacts: Mapping) -> bool:
    """True when, in most overlaps checked, one foot lands before the other leaves (walking)."""
    left, right = contacts["left"], contacts["right"]
    if not left or not right:
        return False
    overlaps = 0
    for a in left:
        for b in right:
            if a[0] <= b[1] and b[0] <= a[1]:
                overlaps += 1
    return overlaps >= max(1, (len(left) + len(right)) // 3)


# ---------------------------------------------------------------------------
# From the camera's angle to the model's: the tilt confound

#: Thigh angles a side view can report: behind (+) or ahead of (-) vertical, never past horizontal (deg).
THIGH_EXTENSION_RANGE_DEG = (-90.0, 90.0)
#: Anterior (+) or posterior (-) pelvic tilt the conversion accepts (deg): wider than any pelvis
#: at toe-off (about 7-10 deg anterior in running, Hamner & Delp 2013) so a learner may try extremes.
ANTERIOR_TILT_RANGE_DEG = (-30.0, 45.0)


def hip_extension_from_thigh_deg(thigh_extension_deg, anterior_tilt_deg):
    """Hip extension (deg) given the thigh's angle behind vertical and an anterior pelvic tilt.

    Why this exists: a side-view camera measures the thigh against the vertical, but hip
    extension is the thigh against the pelvis. When the pelvis tilts forward by ``tau``
    the thigh swings back by the same angle without any extension at the hip, so
    ``thigh = hip extension + tau`` and ``hip extension = thigh - tau`` (plane geometry;
    strong). The camera cannot see ``tau`` without pelvic landmarks (ASIS and PSIS), so
    every hip extension read off a clip rests on an assumed tilt; call this once per
    assumption to show how much the answer depends on it.

    Parameters
    ----------
    thigh_extension_deg : number or array, -90..90 deg (behind vertical positive).
    anterior_tilt_deg : number or array, -30..45 deg (forward positive); broadcast
        against ``thigh_extension_deg``.

    Returns
    -------
    float for scalar inputs, else a numpy array of the broadcast shape.

    Raises
    ------
    ValueError
        Naming the parameter, its value and the allowed range (NaN, infinities, values
        outside the range, non-numbers), or both shapes when they cannot broadcast.
    """
    thigh = array_in_range("thigh_extension_deg", thigh_extension_deg, *THIGH_EXTENSION_RANGE_DEG, "deg")
    tilt = array_in_range("anterior_tilt_deg", anterior_tilt_deg, *ANTERIOR_TILT_RANGE_DEG, "deg")
    broadcast_shapes({"thigh_extension_deg": thigh, "anterior_tilt_deg": tilt})
    hip = thigh - tilt
    return float(hip) if hip.ndim == 0 else hip
