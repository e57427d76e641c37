"""Key poses of the course's drills and scenes, written with the stick-figure model.

Each drill is a short list of :class:`~widgets.stick_figure.Keyframe` (pose, where the
hip is, what stays planted). Poses are written the way a coach would place a body:
"front heel here, back toes there, hip this low", and the joint angles come from the
model's inverse kinematics (:func:`~widgets.stick_figure.leg_reaching`), so feet sit
on the ground and knees bend the anatomical way by construction.

Sources for the shapes: the running figure follows :mod:`widgets.gait` (synthetic
curves through key events after Novacheck 1998, "The biomechanics of running", Gait &
Posture 7:77-95: hip about 10 deg extended at toe-off near 38 % of the cycle). The
push-off comparison takes its numbers from :func:`widgets.mechanics.push_off`. Drill
poses illustrate the drills' usual coaching descriptions; they are not measured data.

Coordinates: metres, x forward, y up, ground at y = 0. The figure faces +x, so its
near side (the one facing the viewer) is its right side. Pure: numpy and the
package's numpy-only modules (stick_figure, gait, mechanics).
"""

from __future__ import annotations

from dataclasses import dataclass, replace

import numpy as np

from ..model.gait import (ELBOW_FLEXION_DEG, TOE_OFF_ARM_SWING_DEG, TOE_OFF_KNEE_FLEXION_DEG, TOE_OFF_SWING_LEG,
                          TRUNK_LEAN_DEG, gait_curves, hip_height_m, pose_at)
from ..model.mechanics import PARAMETERS, push_off
from ..model.thomas import BENCH_TOP_M, HIP_ABOVE_BENCH_M, thomas_test_pose
from ..model.body import (ArmAngles, Keyframe, LegAngles, Pose, arm_pointing, arm_reaching, leg_pointing,
                           hip_for_anchor, joint_positions, leg_reaching, segment_lengths_m)

#: Body height of every drawn figure (m): the model's default runner.
FIGURE_HEIGHT_M = 1.75
_SEG = segment_lengths_m(FIGURE_HEIGHT_M)
#: Hip-joint height of a person standing straight (m).
STANDING_HIP_M = _SEG["thigh"] + _SEG["shank"] + _SEG["ankle_height"]
_FOOT_M = _SEG["foot"]


def _shoulder(pose: Pose, hip_xy) -> np.ndarray:
    return joint_positions(pose, FIGURE_HEIGHT_M, hip_xy)["shoulder"]


def _swap(side: str) -> str:
    return "far" if side == "near" else "near"


# ---------------------------------------------------------------------------
# Standing

def standing(hip_x_m: float = 0.0) -> Keyframe:
    """Standing tall, arms relaxed at the sides, feet together."""
    arm = ArmAngles(shoulder_flexion_deg=4.0, elbow_flexion_deg=8.0)
    pose = Pose(near_arm=arm, far_arm=arm)
    return Keyframe("Stand tall", pose, (hip_x_m, STANDING_HIP_M))


# ---------------------------------------------------------------------------
# Walking Spiderman

@dataclass(frozen=True)
class _Lunge:
    """Where the feet are in a lunge: front heel and back toes on the ground."""

    front_heel_x_m: float
    back_toe_x_m: float


def _lunge(front: str, feet: _Lunge, hip_x_m: float, hip_y_m: float, trunk_lean_deg: float,
           elbow_down: bool, label: str, anchor: str | None) -> Keyframe:
    """A long lunge with the ``front`` side's leg forward; optionally elbow to the instep."""
    back = _swap(front)
    # Folding forward tips the pelvis forward with the trunk (the low back cannot bend 90 deg).
    tilt = 25.0 if elbow_down else 10.0
    hip = (hip_x_m, hip_y_m)
    front_leg = leg_reaching(hip, (feet.front_heel_x_m, 0.0), FIGURE_HEIGHT_M,
                             pelvic_tilt_deg=tilt, foot_direction_deg=90.0, point="heel")
    back_leg = leg_reaching(hip, (feet.back_toe_x_m, 0.0), FIGURE_HEIGHT_M,
                            pelvic_tilt_deg=tilt, foot_direction_deg=30.0, point="toe")
    pose = Pose(trunk_lean_deg=trunk_lean_deg, pelvic_tilt_deg=tilt, neck_flexion_deg=-45.0 if elbow_down else 0.0,
                **{f"{front}_leg": front_leg, f"{back}_leg": back_leg})
    shoulder = _shoulder(pose, hip)
    if elbow_down:
        # Same-side elbow drops toward the front foot's heel/instep, the forearm reaching
        # forward to the floor; the other hand is planted on the floor ahead of the foot.
        seg = _SEG
        elbow_target = np.array([feet.front_heel_x_m + 0.02, 0.10])
        towards = elbow_target - shoulder
        upper_dir = float(np.degrees(np.arctan2(towards[0], -towards[1])))
        elbow = shoulder + seg["upper_arm"] * np.array([np.sin(np.radians(upper_dir)),
                                                        -np.cos(np.radians(upper_dir))])
        reach = seg["forearm"] + seg["hand"]
        fore_dir = float(np.degrees(np.arccos(np.clip(elbow[1] / reach, -1.0, 1.0))))
        same = arm_pointing(upper_dir, fore_dir, trunk_lean_deg)
        planted = arm_reaching(shoulder, (feet.front_heel_x_m + 0.30, 0.0), FIGURE_HEIGHT_M,
                               trunk_lean_deg=trunk_lean_deg)
    else:
        same = arm_pointing(-10.0, 30.0, trunk_lean_deg)
        planted = arm_pointing(10.0, 35.0, trunk_lean_deg)
    pose = replace(pose, **{f"{front}_arm": same, f"{back}_arm": planted})
    return Keyframe(label, pose, hip, anchor)


def _single_leg_stand(stance: str, stance_heel_x_m: float, swing: LegAngles, label: str,
                      anchor: str | None, trunk_lean_deg: float = 5.0) -> Keyframe:
    """Standing on the ``stance`` leg (nearly straight, foot flat) with the other leg free."""
    tilt = 5.0
    stance_leg = leg_pointing(-3.0, -5.0, 90.0, tilt)
    other = _swap(stance)
    arms = {f"{stance}_arm": arm_pointing(15.0, 60.0, trunk_lean_deg),
            f"{other}_arm": arm_pointing(-15.0, 30.0, trunk_lean_deg)}
    pose = Pose(trunk_lean_deg=trunk_lean_deg, pelvic_tilt_deg=tilt,
                **{f"{stance}_leg": stance_leg, f"{other}_leg": swing}, **arms)
    hip = hip_for_anchor(pose, FIGURE_HEIGHT_M, f"{stance}_heel", (stance_heel_x_m, 0.0))
    return Keyframe(label, pose, (float(hip[0]), float(hip[1])), anchor)


#: Lunge geometry: front heel ahead of the hip, back toes behind it (m).
LUNGE_FRONT_HEEL_AHEAD_M = 0.36
LUNGE_BACK_TOE_BEHIND_M = 0.62
LUNGE_HIP_HEIGHT_M = 0.56
ELBOW_DOWN_HIP_HEIGHT_M = 0.46


def walking_spiderman() -> list[Keyframe]:
    """The Walking Spiderman, one step on each side, starting and ending standing.

    Knee lift and step into a long lunge; same-side elbow lowered toward the front heel (the other hand on the
    floor); drive up off the front foot; trailing leg brought through; the same on the
    other side. Both feet stay planted where the drill plants them.
    """
    start = standing(0.0)
    start_toe_x = joint_positions(start.pose, FIGURE_HEIGHT_M, start.hip_xy)["far_toe"][0]

    # Lift the right knee before stepping, so the foot travels through the air, not along the floor.
    start_heel_x = float(joint_positions(start.pose, FIGURE_HEIGHT_M, start.hip_xy)["far_heel"][0])
    knee_up = leg_pointing(75.0, -5.0, 80.0, 5.0)
    step = _single_leg_stand("far", start_heel_x, knee_up, "Lift the knee to step", "far_heel")
    keys = [start, step]
    back_toe_x = float(start_toe_x)
    front = "near"
    for side_number in range(2):
        back = _swap(front)
        hip_x = back_toe_x + LUNGE_BACK_TOE_BEHIND_M
        feet = _Lunge(front_heel_x_m=hip_x + LUNGE_FRONT_HEEL_AHEAD_M, back_toe_x_m=back_toe_x)
        side_word = "right" if front == "near" else "left"
        keys.append(_lunge(front, feet, hip_x, LUNGE_HIP_HEIGHT_M, 20.0, False,
                           f"Long lunge ({side_word} leg forward)", f"{back}_toe"))
        keys.append(_lunge(front, feet, hip_x + 0.04, ELBOW_DOWN_HIP_HEIGHT_M, 97.0, True,
                           f"{side_word.capitalize()} elbow toward front heel", f"{front}_heel"))
        trailing = leg_pointing(-25.0, -70.0, 20.0, 5.0)
        keys.append(_single_leg_stand(front, feet.front_heel_x_m, trailing, "Drive up off the front foot",
                                      f"{front}_heel"))
        if side_number == 0:
            keys.append(_single_leg_stand(front, feet.front_heel_x_m, knee_up,
                                          "Bring the trailing leg through", f"{front}_heel"))
        else:
            feet_together = leg_pointing(-3.0, -5.0, 90.0, 5.0)
            keys.append(_single_leg_stand(front, feet.front_heel_x_m, feet_together,
                                          "Feet together, stand tall", f"{front}_heel", trunk_lean_deg=0.0))
        back_toe_x = float(joint_positions(keys[-1].pose, FIGURE_HEIGHT_M, keys[-1].hip_xy)[f"{front}_toe"][0])
        front = back
    return keys


def walking_spiderman_steps() -> list[Keyframe]:
    """The five steps a learner reads in order (a subset of :func:`walking_spiderman`)."""
    keys = walking_spiderman()
    # stand, knee lift, lunge R, elbow R, drive up, trailing leg through, lunge L, elbow L, ...
    steps = [keys[2], keys[3], keys[4], keys[5], keys[7]]
    titles = ["1. Long lunge", "2. Elbow toward front heel", "3. Drive up",
              "4. Trailing leg through", "5. Same on the other side"]
    return [replace(k, label=t) for k, t in zip(steps, titles)]


# ---------------------------------------------------------------------------
# Kneeling hip-flexor stretch

def kneeling_hip_flexor_stretch() -> list[Keyframe]:
    """Half-kneeling on the near (right) knee: set-up, the arched-back fault, the tuck.

    The back thigh is in the same place in the last two; only the pelvis differs. An
    anterior tilt (arched low back) takes the hip out of extension and loses the
    stretch; a posterior tilt ("tuck the tailbone, squeeze the glute") puts the back
    hip into extension, which is what stretches its flexors.
    """
    knee_xy = (0.0, 0.025)
    # Back foot with the toes tucked under: shin rising gently from the knee, toes on the floor.
    back_shank_dir = -105.0
    sole_y = knee_xy[1] - (_SEG["shank"] + _SEG["ankle_height"]) * np.cos(np.radians(back_shank_dir))
    back_foot_dir = -float(np.degrees(np.arccos(sole_y / (0.75 * _FOOT_M))))
    variants = [("Set-up: half-kneeling", 0.0, -2.0, 0.0),
                ("Fault: low back arched", 14.0, -14.0, -8.0),
                ("Cue: tuck the pelvis", -14.0, -14.0, 0.0)]
    keys = []
    for label, tilt, back_thigh_dir, trunk_lean in variants:
        back_leg = leg_pointing(back_thigh_dir, back_shank_dir, back_foot_dir, tilt)
        pose = Pose(trunk_lean_deg=trunk_lean, pelvic_tilt_deg=tilt, near_leg=back_leg)
        hip = hip_for_anchor(pose, FIGURE_HEIGHT_M, "near_knee", knee_xy)
        front_heel = (float(hip[0]) + 0.40 - 0.25 * _FOOT_M, 0.0)
        front_leg = leg_reaching(hip, front_heel, FIGURE_HEIGHT_M, pelvic_tilt_deg=tilt,
                                 foot_direction_deg=90.0, point="heel")
        pose = replace(pose, far_leg=front_leg)
        front_knee = joint_positions(pose, FIGURE_HEIGHT_M, hip)["far_knee"]
        shoulder = _shoulder(pose, hip)
        hands = arm_reaching(shoulder, front_knee + np.array([0.0, 0.03]), FIGURE_HEIGHT_M,
                             trunk_lean_deg=trunk_lean)
        pose = replace(pose, near_arm=hands, far_arm=hands)
        keys.append(Keyframe(label, pose, (float(hip[0]), float(hip[1])), "near_knee"))
    return keys


# ---------------------------------------------------------------------------
# Glute bridge

def glute_bridge() -> list[Keyframe]:
    """Lying on the back, knees bent, feet flat; then hips lifted to a straight line.

    Shoulders and heels stay where they are; the top position is found so that
    shoulder, hip and knee line up (no arching past the line).
    """
    shoulder_xy = np.array([-0.52, 0.10])
    heel_xy = (0.36, 0.0)
    trunk = _SEG["trunk"]

    def lying(trunk_lean_deg: float, pelvic_tilt_deg: float, label: str) -> Keyframe:
        lean = np.radians(trunk_lean_deg)
        hip = shoulder_xy - trunk * np.array([np.sin(lean), np.cos(lean)])
        leg = leg_reaching(hip, heel_xy, FIGURE_HEIGHT_M, pelvic_tilt_deg=pelvic_tilt_deg,
                           foot_direction_deg=90.0, point="heel")
        pose = Pose(trunk_lean_deg=trunk_lean_deg, pelvic_tilt_deg=pelvic_tilt_deg,
                    neck_flexion_deg=-90.0 - trunk_lean_deg, near_leg=leg, far_leg=leg,
                    near_arm=arm_pointing(97.0, 90.0, trunk_lean_deg),
                    far_arm=arm_pointing(97.0, 90.0, trunk_lean_deg))
        return Keyframe(label, pose, (float(hip[0]), float(hip[1])), "near_heel")

    start = lying(-90.0, -92.0, "Start: knees bent, feet flat")
    # Top: search the trunk angle at which shoulder, hip and knee are in line.
    best = None
    for lean in np.arange(-90.0, -150.0, -0.25):
        key = lying(float(lean), float(lean) - 4.0, "Top: shoulders, hips, knees in line")
        p = joint_positions(key.pose, FIGURE_HEIGHT_M, key.hip_xy)
        a, b = p["hip"] - p["shoulder"], p["near_knee"] - p["hip"]
        bend = abs(np.degrees(np.arctan2(a[0] * b[1] - a[1] * b[0], a @ b)))
        if best is None or bend < best[0]:
            best = (bend, key)
    return [start, best[1]]


# ---------------------------------------------------------------------------
# Modified Thomas test

#: Height of the examination table top (m): the model's bench.
TABLE_TOP_M = BENCH_TOP_M
#: Thigh angle to the horizontal (positive = below) of each result, degrees.
THOMAS_THIGH_BELOW_HORIZONTAL_DEG = {"negative": 8.0, "positive": -15.0}
#: Knee flexion of the hanging leg in each picture (deg).
THOMAS_KNEE_FLEXION_DEG = {"negative": 85.0, "positive": 65.0}


def modified_thomas_test() -> dict[str, Keyframe]:
    """Lying at the table's end, one knee hugged; the tested (near) leg hangs free.

    Negative: the thigh rests at or below horizontal and the knee bends about 80-90 deg.
    Positive: the thigh stays above horizontal (the hip cannot extend to neutral). The
    posture is the model's (:func:`widgets.model.thomas.thomas_test_pose`), the one the
    Thomas Test Explorer draws.
    """
    hip_xy = (-0.06, TABLE_TOP_M + HIP_ABOVE_BENCH_M)
    results = {}
    for result, below_deg in THOMAS_THIGH_BELOW_HORIZONTAL_DEG.items():
        pose = thomas_test_pose(-below_deg, THOMAS_KNEE_FLEXION_DEG[result], FIGURE_HEIGHT_M)
        label = (f"Negative: thigh {below_deg:.0f}\N{DEGREE SIGN} below horizontal" if below_deg > 0
                 else f"Positive: thigh {-below_deg:.0f}\N{DEGREE SIGN} above horizontal")
        results[result] = Keyframe(label, pose, hip_xy)
    return results


# ---------------------------------------------------------------------------
# Running: stride and toe-off

#: The course's running curves (:mod:`widgets.gait`, the model's default runner).
RUNNING_CURVES = gait_curves()
#: Share of the gait cycle at which the near foot leaves the ground (about 38 %).
TOE_OFF_PERCENT = float(RUNNING_CURVES.events["toe_off"])
#: Anterior pelvic tilt while running, deg: the model's default (Schache et al. 2000; Franz et al. 2009: 7-10 deg).
RUNNING_TILT_DEG = float(PARAMETERS["pelvic_tilt_deg"].default)


def running_pose(percent: float) -> Pose:
    """The runner's pose at ``percent`` (0..100) of the near leg's gait cycle.

    Straight from :func:`widgets.gait.pose_at`, so the animation shows the same
    runner as the gait explorer.
    """
    return pose_at(percent, RUNNING_CURVES)


def near_foot_in_stance(percent: float) -> bool:
    """True while the near foot is on the ground (0 % up to toe-off)."""
    return 0.0 <= float(percent) % 100.0 <= TOE_OFF_PERCENT


def far_foot_in_stance(percent: float) -> bool:
    return near_foot_in_stance(float(percent) - 50.0)


def running_hip_height_m(percent: float) -> float:
    """Hip height that keeps the stance foot on the ground, on the model's arc through each flight.

    :func:`widgets.model.gait.hip_height_m` for this figure, so the animation and the gait
    explorer fly the same arc.
    """
    return hip_height_m(percent, RUNNING_CURVES, FIGURE_HEIGHT_M)


# ---------------------------------------------------------------------------
# Toe-off: full extension against two compensations

@dataclass(frozen=True)
class ToeOffScene:
    """One runner at toe-off and what the model says about it."""

    title: str
    keyframe: Keyframe
    hip_extension_deg: float
    pelvic_tilt_deg: float
    pelvic_rotation_deg: float
    push_off_hip_back_m: float


#: Hip extension of the "limited" runner (deg): 3 deg short of the typical 10.
LIMITED_HIP_EXTENSION_DEG = 7.0


#: Ankle plantarflexion of the push-off foot at toe-off (deg), within what an ankle does in running.
TOE_OFF_PLANTARFLEXION_DEG = 22.0


def _toe_off_pose(hip_extension_deg: float, tilt_deg: float) -> Pose:
    """The model's toe-off runner (:mod:`widgets.model.gait` constants), toes placed by the scene."""
    near = LegAngles(hip_flexion_deg=-hip_extension_deg, knee_flexion_deg=TOE_OFF_KNEE_FLEXION_DEG,
                     ankle_plantarflexion_deg=TOE_OFF_PLANTARFLEXION_DEG)
    return Pose(trunk_lean_deg=TRUNK_LEAN_DEG, pelvic_tilt_deg=tilt_deg, near_leg=near, far_leg=TOE_OFF_SWING_LEG,
                near_arm=ArmAngles(shoulder_flexion_deg=TOE_OFF_ARM_SWING_DEG, elbow_flexion_deg=ELBOW_FLEXION_DEG),
                far_arm=ArmAngles(shoulder_flexion_deg=-TOE_OFF_ARM_SWING_DEG, elbow_flexion_deg=ELBOW_FLEXION_DEG))


def toe_off_scenes(hip_half_width_m: float = float(PARAMETERS["hip_half_width_m"].default)) -> list[ToeOffScene]:
    """Full hip extension; limited extension made up by extra tilt; made up by rotation.

    Tilt and rotation are the amounts :func:`widgets.mechanics.push_off` needs to
    close the reach shortfall of the limited runner (its defaults otherwise).
    """
    full = push_off(hip_extension_deg=10.0)
    by_tilt = push_off(hip_extension_deg=LIMITED_HIP_EXTENSION_DEG, rotation_share=0.0)
    by_rotation = push_off(hip_extension_deg=LIMITED_HIP_EXTENSION_DEG, rotation_share=1.0,
                           hip_half_width_m=hip_half_width_m)
    base_tilt = RUNNING_TILT_DEG
    cases = [("Full hip extension", 10.0, base_tilt, 0.0),
             ("Limited: extra tilt", LIMITED_HIP_EXTENSION_DEG, base_tilt + float(by_tilt.extra_tilt_deg), 0.0),
             ("Limited: rotation (hypothesis)", LIMITED_HIP_EXTENSION_DEG, base_tilt,
              float(by_rotation.pelvic_rotation_deg))]
    if float(full.shortfall_m) != 0.0:
        raise ValueError(f"the full-extension scene needs no shortfall at the model's defaults; "
                         f"push_off(hip_extension_deg=10) gives {float(full.shortfall_m):.3f} m")
    scenes = []
    for title, extension, tilt, rotation in cases:
        pose = _toe_off_pose(extension, tilt)
        back_m = hip_half_width_m * float(np.sin(np.radians(rotation)))
        # Rotation moves the push-off hip joint back by ``back_m``: with the toes on the
        # same spot, the pelvis centre sits that much further forward than the leg's top.
        hip = hip_for_anchor(pose, FIGURE_HEIGHT_M, "near_toe", (0.0, 0.0)) + np.array([back_m, 0.0])
        scenes.append(ToeOffScene(title, Keyframe(title, pose, (float(hip[0]), float(hip[1])), "near_toe"),
                                  extension, tilt, rotation, back_m))
    return scenes


# ---------------------------------------------------------------------------
# Foot strike

#: How far ahead of the hip the foot touches down in both foot-strike panels (m). Illustrative, and the
#: same for both on purpose: where the foot lands relative to the hip is not set by the strike type.
FOOT_STRIKE_LANDING_AHEAD_M = 0.18
#: Per strike type: the point that touches first, the foot's direction (deg from straight down; more than
#: 90 = toes up) and the knee flexion at touch-down (deg), a little more for a forefoot landing.
FOOT_STRIKES = {"rearfoot": ("heel", 106.0, 12.0), "forefoot": ("toe", 70.0, 22.0)}


def _landing_leg(point: str, foot_dir_deg: float, knee_flexion_deg: float, tilt_deg: float):
    """Hip height and leg angles that put ``point`` on the ground ahead of the hip with this knee bend."""
    contact = (FOOT_STRIKE_LANDING_AHEAD_M, 0.0)
    low, high = 0.6, 1.0  # hip height (m): a higher hip straightens the knee
    for _ in range(40):
        middle = (low + high) / 2
        try:
            leg = leg_reaching((0.0, middle), contact, FIGURE_HEIGHT_M, pelvic_tilt_deg=tilt_deg,
                               foot_direction_deg=foot_dir_deg, point=point)
        except ValueError:  # out of reach: too high
            high = middle
            continue
        if leg.knee_flexion_deg > knee_flexion_deg:
            low = middle
        else:
            high = middle
    hip_y = (low + high) / 2
    return hip_y, leg_reaching((0.0, hip_y), contact, FIGURE_HEIGHT_M, pelvic_tilt_deg=tilt_deg,
                               foot_direction_deg=foot_dir_deg, point=point)


def foot_strike() -> dict[str, Keyframe]:
    """The moment of landing: rearfoot (heel first) against forefoot (ball first).

    Both touch down the same distance ahead of the hip (:data:`FOOT_STRIKE_LANDING_AHEAD_M`):
    the panels compare how the foot meets the ground, not where.
    """
    scenes = {}
    tilt = RUNNING_TILT_DEG
    for kind, (point, foot_dir, knee) in FOOT_STRIKES.items():
        hip_y, near = _landing_leg(point, foot_dir, knee, tilt)
        far = running_pose(12.0).far_leg  # the other leg in early swing, behind
        pose = Pose(trunk_lean_deg=TRUNK_LEAN_DEG, pelvic_tilt_deg=tilt, near_leg=near, far_leg=far,
                    near_arm=ArmAngles(-15.0, ELBOW_FLEXION_DEG), far_arm=ArmAngles(35.0, ELBOW_FLEXION_DEG))
        contact = f"near_{point}"
        title = "Rearfoot strike: heel first" if kind == "rearfoot" else "Forefoot strike: ball of foot first"
        scenes[kind] = Keyframe(title, pose, (-FOOT_STRIKE_LANDING_AHEAD_M, hip_y), contact)
    return scenes
