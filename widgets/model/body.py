"""A 2-D side-view stick figure: segment lengths from body height, joints from angles.

One figure model for the whole course: the explorers' side view and the generated
drill media both place their joints with :func:`joint_positions`, so they agree.

Segment lengths are shares of body height after Drillis & Contini, as tabulated in
Winter 2009, "Biomechanics and Motor Control of Human Movement" (approximate; the
leg, hip to floor, is 0.530 x height as in :mod:`widgets.mechanics`).

Angle conventions (degrees, sagittal plane, x forward, y up):
- a segment's *direction* is measured from straight down, forward positive;
- ``pelvic_tilt_deg`` is anterior tilt: it swings both thighs back in space, so a thigh
  points ``hip_flexion_deg - pelvic_tilt_deg`` forward of vertical (extension is
  negative flexion). This is the model's "tilt adds to extension".
- ``knee_flexion_deg`` folds the shank back; ``ankle_plantarflexion_deg`` points the toes down;
- ``trunk_lean_deg`` leans the trunk forward of vertical; arms hang from the shoulder
  and ``shoulder_flexion_deg`` swings them forward: the upper arm points
  ``trunk_lean_deg + shoulder_flexion_deg`` forward of straight down (exactly the
  shoulder flexion for an upright trunk; for a steep lean use :func:`arm_pointing`),
  and ``elbow_flexion_deg`` folds the forearm forward.

Motion helpers (for the drill media and any animation): :func:`ease_in_out` easing,
:class:`Keyframe` and :func:`interpolate_keyframes` (eased angle interpolation that keeps
a planted foot planted), :func:`leg_reaching` and :func:`arm_reaching` (two-link
inverse kinematics, so a keyframe can be written as "foot here, hip there"),
:func:`hip_for_anchor` (place a figure by one joint) and :func:`pelvis_xy` (the pelvis
as a short segment so pelvic tilt is visible).
Pure: imports only numpy.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field, fields, replace

import numpy as np

from .validation import number_in_range

#: Segment lengths as shares of body height (Winter 2009, after Drillis & Contini).
SEGMENT_SHARES = {
    "thigh": 0.245,
    "shank": 0.246,
    "ankle_height": 0.039,
    "foot": 0.152,
    "trunk": 0.288,  # hip joint to shoulder
    "neck": 0.052,
    "head_radius": 0.065,
    "upper_arm": 0.186,
    "forearm": 0.146,
    "hand": 0.108,
}


def segment_lengths_m(height_m: float) -> dict[str, float]:
    """Segment lengths in metres for a body height in metres (1.0..2.5 m)."""
    height = number_in_range("height_m", height_m, 1.0, 2.5, "m")
    return {name: share * height for name, share in SEGMENT_SHARES.items()}


@dataclass(frozen=True)
class LegAngles:
    hip_flexion_deg: float = 0.0
    knee_flexion_deg: float = 0.0
    ankle_plantarflexion_deg: float = 0.0


@dataclass(frozen=True)
class ArmAngles:
    shoulder_flexion_deg: float = 0.0
    elbow_flexion_deg: float = 0.0


@dataclass(frozen=True)
class Pose:
    """Joint angles of the whole figure. ``near`` is the side facing the viewer."""

    trunk_lean_deg: float = 0.0
    pelvic_tilt_deg: float = 0.0
    neck_flexion_deg: float = 0.0
    near_leg: LegAngles = field(default_factory=LegAngles)
    far_leg: LegAngles = field(default_factory=LegAngles)
    near_arm: ArmAngles = field(default_factory=ArmAngles)
    far_arm: ArmAngles = field(default_factory=ArmAngles)


def blend(a, b, fraction: float):
    """Angles part-way from pose ``a`` to pose ``b`` (0 gives ``a``, 1 gives ``b``).

    Works on ``Pose`` and on its parts; interpolation is linear in each angle, so the
    caller chooses the easing.
    """
    values = {}
    for f in fields(a):
        x, y = getattr(a, f.name), getattr(b, f.name)
        values[f.name] = blend(x, y, fraction) if hasattr(x, "__dataclass_fields__") else x + (y - x) * fraction
    return replace(a, **values)


def _direction(angle_from_down_deg: float) -> np.ndarray:
    """Unit vector of a segment pointing ``angle`` forward of straight down."""
    a = np.radians(angle_from_down_deg)
    return np.array([np.sin(a), -np.cos(a)])


def _up(angle_from_up_deg: float) -> np.ndarray:
    """Unit vector pointing ``angle`` forward of straight up (for trunk and neck)."""
    a = np.radians(angle_from_up_deg)
    return np.array([np.sin(a), np.cos(a)])


def joint_positions(pose: Pose, height_m: float = 1.75, hip_xy=(0.0, 0.0)) -> dict[str, np.ndarray]:
    """Joint coordinates (metres) of ``pose`` with the hip joint at ``hip_xy``.

    Keys: ``hip``, ``shoulder``, ``neck``, ``head`` (centre; radius under
    ``head_radius``), and per side ``{near,far}_{knee,ankle,heel,toe,elbow,wrist,hand}``.
    """
    seg = segment_lengths_m(height_m)
    hip = np.asarray(hip_xy, dtype=float)
    shoulder = hip + seg["trunk"] * _up(pose.trunk_lean_deg)
    neck_dir = _up(pose.trunk_lean_deg + pose.neck_flexion_deg)
    neck = shoulder + seg["neck"] * neck_dir
    points = {"hip": hip, "shoulder": shoulder, "neck": neck,
              "head": neck + seg["head_radius"] * neck_dir,
              "head_radius": np.array([seg["head_radius"], seg["head_radius"]])}
    for side in ("near", "far"):
        leg: LegAngles = getattr(pose, f"{side}_leg")
        thigh_dir = leg.hip_flexion_deg - pose.pelvic_tilt_deg
        shank_dir = thigh_dir - leg.knee_flexion_deg
        foot_dir = shank_dir + 90.0 - leg.ankle_plantarflexion_deg
        knee = hip + seg["thigh"] * _direction(thigh_dir)
        ankle = knee + seg["shank"] * _direction(shank_dir)
        sole = ankle + seg["ankle_height"] * _direction(shank_dir)
        points[f"{side}_knee"] = knee
        points[f"{side}_ankle"] = ankle
        points[f"{side}_heel"] = sole - 0.25 * seg["foot"] * _direction(foot_dir)
        points[f"{side}_toe"] = sole + 0.75 * seg["foot"] * _direction(foot_dir)

        arm: ArmAngles = getattr(pose, f"{side}_arm")
        upper_dir = pose.trunk_lean_deg + arm.shoulder_flexion_deg
        fore_dir = upper_dir + arm.elbow_flexion_deg
        elbow = shoulder + seg["upper_arm"] * _direction(upper_dir)
        wrist = elbow + seg["forearm"] * _direction(fore_dir)
        points[f"{side}_elbow"] = elbow
        points[f"{side}_wrist"] = wrist
        points[f"{side}_hand"] = wrist + seg["hand"] * _direction(fore_dir)
    return points


#: Polylines that draw one side of the figure, in joint-name order.
LIMB_CHAINS = {
    "leg": ("hip", "knee", "ankle", "heel", "toe", "ankle"),
    "arm": ("shoulder", "elbow", "wrist", "hand"),
}


def chain_xy(points: dict[str, np.ndarray], side: str, limb: str) -> np.ndarray:
    """The (n, 2) coordinates of one limb's polyline, shared joints included."""
    names = [n if n in ("hip", "shoulder") else f"{side}_{n}" for n in LIMB_CHAINS[limb]]
    return np.array([points[n] for n in names])


def lowest_point_y(points: dict[str, np.ndarray]) -> float:
    """The lowest y of the figure, so a caller can stand it on the ground."""
    return min(float(p[1]) for k, p in points.items() if k != "head_radius")


# ---------------------------------------------------------------------------
# Pelvis segment: drawn so that pelvic tilt can be seen.

#: Drawn length of the pelvis segment (front to back) as a share of body height.
#: Schematic: about the distance between the front and back iliac spines, not a
#: measured proportion.
PELVIS_DRAWN_SHARE = 0.10
#: How far above the hip joint the pelvis segment's centre sits, share of height (schematic).
PELVIS_ABOVE_HIP_SHARE = 0.045


def pelvis_xy(pose: Pose, height_m: float = 1.75, hip_xy=(0.0, 0.0)) -> np.ndarray:
    """The pelvis as a (2, 2) array ``[back, front]``: a short bar above the hip joint.

    The bar is level at zero tilt and its front end drops with anterior tilt (the pelvis
    turns forward about the hips), so a posterior tilt ("tuck") lifts the front end.
    """
    height = segment_lengths_m(height_m)["trunk"] / SEGMENT_SHARES["trunk"]
    tilt = np.radians(pose.pelvic_tilt_deg)
    up = np.array([np.sin(tilt), np.cos(tilt)])
    forward = np.array([np.cos(tilt), -np.sin(tilt)])
    centre = np.asarray(hip_xy, dtype=float) + PELVIS_ABOVE_HIP_SHARE * height * up
    half = 0.5 * PELVIS_DRAWN_SHARE * height * forward
    return np.array([centre - half, centre + half])


# ---------------------------------------------------------------------------
# Placement and inverse kinematics: write a keyframe as "foot here, hip there".

def _angle_from_down_deg(vector) -> float:
    """Direction of ``vector`` in the convention of :func:`_direction`."""
    return float(np.degrees(np.arctan2(vector[0], -vector[1])))


def hip_for_anchor(pose: Pose, height_m: float, joint: str, joint_xy) -> np.ndarray:
    """Where the hip must be so that ``joint`` of ``pose`` lands on ``joint_xy``.

    Used to keep a planted foot (or knee, or hand) still while the rest of the body moves.
    """
    points = joint_positions(pose, height_m)
    if joint not in points or joint == "head_radius":
        raise ValueError(f"joint={joint!r} is not a joint name; allowed: {sorted(set(points) - {'head_radius'})}")
    return np.asarray(joint_xy, dtype=float) - points[joint]


def _two_link(root, target, first_m: float, second_m: float, bend_forward: bool, name: str):
    """Directions (from down, degrees) of two links from ``root`` reaching ``target``."""
    root, target = np.asarray(root, float), np.asarray(target, float)
    gap = target - root
    distance = float(np.hypot(*gap))
    longest = first_m + second_m
    shortest = abs(first_m - second_m)
    if not shortest <= distance <= longest * (1 + 1e-9):
        raise ValueError(f"{name}={tuple(np.round(target, 3))} is {distance:.3f} m from the joint above; "
                         f"allowed: {shortest:.3f}..{longest:.3f} m")
    distance = min(distance, longest)
    cos_root = (first_m**2 + distance**2 - second_m**2) / (2 * first_m * distance)
    opening = float(np.degrees(np.arccos(np.clip(cos_root, -1.0, 1.0))))
    straight = _angle_from_down_deg(gap)
    first = straight + opening if bend_forward else straight - opening
    middle = root + first_m * _direction(first)
    second = _angle_from_down_deg(target - middle)
    return first, second


def leg_reaching(hip_xy, foot_xy, height_m: float = 1.75, *, pelvic_tilt_deg: float = 0.0,
                 foot_direction_deg: float = 90.0, point: str = "heel") -> LegAngles:
    """Leg angles that put the foot's ``point`` (heel, toe or ankle) on ``foot_xy``.

    The knee always bends the anatomical way (points forward); ``foot_direction_deg``
    is the heel-to-toe direction from straight down (90 = flat on level ground,
    more than 90 = toes up as at a heel strike).
    """
    if point not in ("heel", "toe", "ankle"):
        raise ValueError(f"point={point!r} is not allowed; allowed: 'heel', 'toe', 'ankle'")
    seg = segment_lengths_m(height_m)
    foot_dir = _direction(foot_direction_deg)
    sole_offset = {"heel": 0.25, "toe": -0.75, "ankle": 0.0}[point] * seg["foot"]
    sole = np.asarray(foot_xy, float) + sole_offset * foot_dir
    ankle = sole.copy()
    shank_len = seg["shank"] + (seg["ankle_height"] if point != "ankle" else 0.0)
    target = sole if point != "ankle" else ankle
    thigh_dir, shank_dir = _two_link(hip_xy, target, seg["thigh"], shank_len, True, "foot_xy")
    return leg_pointing(thigh_dir, shank_dir, foot_direction_deg, pelvic_tilt_deg)


def leg_pointing(thigh_direction_deg: float, shank_direction_deg: float, foot_direction_deg: float,
                 pelvic_tilt_deg: float = 0.0) -> LegAngles:
    """Leg angles from where its parts point in space (degrees from straight down, forward positive).

    The one conversion from segment directions to joint angles: a thigh pointing at
    ``t`` deg on a pelvis tilted ``tau`` deg is ``t + tau`` deg of hip flexion; the knee
    bends by the angle between thigh and shank; a foot at 90 deg to the shank is neutral.
    """
    return LegAngles(hip_flexion_deg=thigh_direction_deg + pelvic_tilt_deg,
                     knee_flexion_deg=thigh_direction_deg - shank_direction_deg,
                     ankle_plantarflexion_deg=shank_direction_deg + 90.0 - foot_direction_deg)


def arm_reaching(shoulder_xy, hand_xy, height_m: float = 1.75, *, trunk_lean_deg: float = 0.0,
                 elbow_out_forward: bool = False) -> ArmAngles:
    """Arm angles that put the fingertips on ``hand_xy`` (forearm and hand in line).

    ``elbow_out_forward`` chooses which way the elbow points: False bends the elbow
    the anatomical way for an arm reaching forward and down.
    """
    seg = segment_lengths_m(height_m)
    upper_dir, fore_dir = _two_link(shoulder_xy, hand_xy, seg["upper_arm"], seg["forearm"] + seg["hand"],
                                    elbow_out_forward, "hand_xy")
    return ArmAngles(shoulder_flexion_deg=upper_dir - trunk_lean_deg, elbow_flexion_deg=fore_dir - upper_dir)


def arm_pointing(upper_arm_direction_deg: float, forearm_direction_deg: float,
                 trunk_lean_deg: float = 0.0) -> ArmAngles:
    """Arm angles from the directions (from straight down, forward positive) of its two parts."""
    return ArmAngles(shoulder_flexion_deg=upper_arm_direction_deg - trunk_lean_deg,
                     elbow_flexion_deg=forearm_direction_deg - upper_arm_direction_deg)


# ---------------------------------------------------------------------------
# Easing and keyframes.

def ease_in_out(fraction):
    """Cosine easing: starts and ends at rest, so a held pose does not jerk into motion.

    ``fraction`` (0..1, scalar or array) -> eased fraction (0..1), monotonic, symmetric.
    """
    f = np.asarray(fraction, dtype=float)
    if not np.all(np.isfinite(f)) or np.any((f < 0.0) | (f > 1.0)):
        raise ValueError(f"fraction={fraction!r} is outside the allowed range 0..1")
    eased = 0.5 - 0.5 * np.cos(np.pi * f)
    return float(eased) if eased.ndim == 0 else eased


@dataclass(frozen=True)
class Keyframe:
    """One key pose of a motion, where it stands, and what stays planted on the way to it.

    ``anchor`` names a joint (e.g. ``"near_toe"``) that does not move during the
    transition *into* this keyframe; with ``None`` the hip moves in a straight line.
    """

    label: str
    pose: Pose
    hip_xy: tuple[float, float]
    anchor: str | None = None


@dataclass(frozen=True)
class Frame:
    """One drawn frame: a pose placed at ``hip_xy``; ``key`` is the keyframe's index if it is one."""

    pose: Pose
    hip_xy: tuple[float, float]
    key: int | None = None


def interpolate_keyframes(keyframes: Sequence[Keyframe], frames_per_transition: int = 6,
                          easing: Callable = ease_in_out, hold_frames: int = 0,
                          height_m: float = 1.75) -> list[Frame]:
    """Frames through ``keyframes``: eased angles, the anchor joint held still.

    Each keyframe appears exactly (``Frame.key`` set), repeated ``hold_frames`` extra
    times so a learner can read it; between two keyframes ``frames_per_transition - 1``
    in-between frames are blended with ``easing``.
    """
    if len(keyframes) < 2:
        raise ValueError(f"keyframes has {len(keyframes)} entries; allowed: at least 2")
    if frames_per_transition < 1:
        raise ValueError(f"frames_per_transition={frames_per_transition} is outside the allowed range >= 1")
    if hold_frames < 0:
        raise ValueError(f"hold_frames={hold_frames} is outside the allowed range >= 0")
    frames: list[Frame] = []
    for index, (start, end) in enumerate(zip(keyframes[:-1], keyframes[1:])):
        frames += [Frame(start.pose, tuple(start.hip_xy), index)] * (1 + hold_frames)
        anchor_xy = None
        if end.anchor is not None:
            anchor_xy = joint_positions(end.pose, height_m, end.hip_xy)[end.anchor]
        for step in range(1, frames_per_transition):
            fraction = easing(step / frames_per_transition)
            pose = blend(start.pose, end.pose, fraction)
            if anchor_xy is None:
                hip = np.asarray(start.hip_xy) + (np.asarray(end.hip_xy) - np.asarray(start.hip_xy)) * fraction
            else:
                hip = hip_for_anchor(pose, height_m, end.anchor, anchor_xy)
            frames.append(Frame(pose, (float(hip[0]), float(hip[1]))))
    last = keyframes[-1]
    frames += [Frame(last.pose, tuple(last.hip_xy), len(keyframes) - 1)] * (1 + hold_frames)
    return frames
