"""Synthetic gait-cycle curves for a runner, tied to the push-off model.

Why synthetic: the course needs curves whose shape a learner can read (where the
hip extends most, where the pelvis tilts, how it rotates) and that respond to the
teaching model in :mod:`widgets.mechanics`. They are smooth periodic curves drawn
through a few key events, not measurements, and every view that shows them says so.

Key events over 0..100 % of the cycle (one stride, starting at the near leg's
initial contact; hip flexion positive, extension negative, degrees):

- hip about +30 deg at initial contact, most extended at toe-off near 38 %
  (about -10 deg: Souza 2016; Hamner & Delp 2013 data at 3 m/s, evidence moderate),
  peak flexion about +40 deg near 85 % in late swing, back to +30 deg at 100 %;
- toe-off at roughly 35-40 % at distance speeds, so each half of the stride ends in
  a flight phase (Novacheck 1998, "The biomechanics of running", Gait & Posture
  7:77-95; evidence moderate for the timing, strong for the flight phases);
- anterior pelvic tilt 7..10 deg with a small oscillation twice per stride, largest
  at each leg's toe-off (the running data of Hamner & Delp 2013; absolute values depend
  on how tilt is measured; approximate);
- pelvic rotation about the vertical axis a sine at stride frequency of about
  +/-6 deg, the near-side hip forward at its initial contact (Schache et al. 1999
  review; unverified-approximate).

A limited hip extension clips the hip curve near toe-off; the compensation the
model predicts (extra tilt, pelvic rotation) is added to the tilt and rotation
curves at each toe-off (both sides are assumed equally limited). Knee and ankle
curves exist only so that :func:`pose_at` can draw a running figure; their shape
is chosen to look like running and carries no numbers the course teaches.

Interpolation is a periodic monotone piecewise-cubic Hermite curve (Fritsch &
Carlson 1980, SIAM J Numer Anal 17:238): it passes exactly through every key event,
has zero slope at each turning point and never overshoots, so the extremes sit
where the events say. Pure: imports only numpy, :mod:`widgets.model.mechanics` and
:mod:`widgets.model.body` (for the poses).
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from .mechanics import PARAMETERS, PushOff, push_off
from .body import ArmAngles, LegAngles, Pose, joint_positions, lowest_point_y
from .validation import number_in_range, whole_number_in_range

CYCLE_PERCENT = 100.0
#: Hip flexion at initial contact and its peak in late swing (deg; approximate).
INITIAL_CONTACT_HIP_FLEXION_DEG = 30.0
PEAK_HIP_FLEXION_DEG = 40.0
PEAK_HIP_FLEXION_PERCENT = 85.0
#: The far leg's events lag the near leg's by half a stride.
OPPOSITE_LEG_OFFSET_PERCENT = 50.0
#: How far a runner leans the trunk forward (deg), and the elbow bend (deg), for poses.
TRUNK_LEAN_DEG = 6.0
ELBOW_FLEXION_DEG = 85.0
#: Arm swing: shoulder flexion per degree of the same-side hip's flexion, opposite sign.
ARM_SWING_PER_HIP_DEG = 0.8

#: Toe-off pose: knee bend of the push-off leg, the swinging leg, arm swing (deg; schematic).
TOE_OFF_KNEE_FLEXION_DEG = 15.0
#: The drawn push-off foot: a typical plantarflexion at toe-off, and the knee bend the
#: drawing may use to put the toe where the model says (deg; schematic).
TOE_OFF_ANKLE_PLANTARFLEXION_DEG = 25.0
TOE_OFF_KNEE_RANGE_DEG = (5.0, 60.0)
TOE_OFF_SWING_LEG = LegAngles(hip_flexion_deg=35.0, knee_flexion_deg=95.0, ankle_plantarflexion_deg=0.0)
TOE_OFF_ARM_SWING_DEG = 25.0
#: Peak rise of the hip during a flight phase (m; approximate, for drawing).
FLIGHT_RISE_M = 0.04
#: How much less hip extension a "limited" runner has than their stride needs (deg).
LIMITED_BY_DEG = 2.0

_RANGES = {
    "toe_off_percent": (25.0, 45.0, "%"),
    "tilt_oscillation_deg": (0.0, 5.0, "deg"),
    "n": (11, 100_001, "samples"),
    "percent": (0.0, 100.0, "%"),
}
#: Toe-off can fall anywhere in this share of the stride (per cent).
TOE_OFF_LIMITS_PERCENT = _RANGES["toe_off_percent"][:2]


def _checked(name: str, value) -> float:
    """``value`` as a float inside its documented range, else ValueError naming it."""
    return number_in_range(name, value, *_RANGES[name])


def _scalar_result(result: PushOff) -> PushOff:
    if not isinstance(result, PushOff):
        raise ValueError(f"result={result!r} is not a PushOff; make one with widgets.mechanics.push_off")
    if np.ndim(result.shortfall_m) != 0:
        raise ValueError("result must come from scalar inputs to push_off, not arrays")
    return result


def toe_off_percent(result: PushOff) -> float:
    """Toe-off as a share of the stride, ``100 x t_c x cadence / 120`` %, within 25..45 %."""
    result = _scalar_result(result)
    percent = 100.0 * float(result.contact_time_s) * float(result.stride_frequency_hz)
    return float(np.clip(percent, *TOE_OFF_LIMITS_PERCENT))


def runner_curves(*, limited: bool = False, rotation_share: float = 0.0, height_m: float = 1.75,
                  mass_kg: float = 70.0, speed_m_s: float = 3.3, cadence_steps_min: float = 170.0,
                  n: int = 201) -> GaitCurves:
    """Curves of a runner with just the hip extension their stride needs, or ``LIMITED_BY_DEG`` less.

    The limited runner closes the gap as ``rotation_share`` says (0 = extra tilt,
    1 = rotation); toe-off comes from the model's contact time and cadence.
    """
    runner = {"height_m": height_m, "mass_kg": mass_kg, "speed_m_s": speed_m_s,
              "cadence_steps_min": cadence_steps_min}
    spec = PARAMETERS["hip_extension_deg"]
    needed = float(np.clip(push_off(**runner).hip_extension_needed_deg, spec.low, spec.high))
    extension = max(spec.low, needed - LIMITED_BY_DEG) if limited else needed
    result = push_off(**runner, hip_extension_deg=extension, rotation_share=rotation_share)
    return gait_curves(result, toe_off_percent=toe_off_percent(result), n=n)


def toe_off_pose(result: PushOff) -> Pose:
    """The runner at toe-off, with the push-off toe exactly where the model puts it.

    The hip extends as far as the stride needs (at most the extension available) and the
    pelvis tilts by the runner's tilt plus any extra tilt. The model's distal offset is an
    angle, so the knee (with the ankle at a typical ``TOE_OFF_ANKLE_PLANTARFLEXION_DEG``)
    is bent until the toe sits ``reach_achieved_m`` behind the hip; only where the knee's
    range ``TOE_OFF_KNEE_RANGE_DEG`` cannot reach it does the ankle move too.
    """
    result = _scalar_result(result)
    extension = min(float(result.inputs.hip_extension_deg), float(result.hip_extension_needed_deg))
    height = float(result.inputs.height_m)
    reach = float(result.reach_achieved_m)

    def pose_with(knee_deg: float, ankle_deg: float) -> Pose:
        return Pose(trunk_lean_deg=TRUNK_LEAN_DEG,
                    pelvic_tilt_deg=float(result.inputs.pelvic_tilt_deg) + float(result.extra_tilt_deg),
                    near_leg=LegAngles(-extension, knee_deg, ankle_deg),
                    far_leg=TOE_OFF_SWING_LEG,
                    near_arm=ArmAngles(TOE_OFF_ARM_SWING_DEG, ELBOW_FLEXION_DEG),
                    far_arm=ArmAngles(-TOE_OFF_ARM_SWING_DEG, ELBOW_FLEXION_DEG))

    def behind(pose: Pose) -> float:
        return -float(joint_positions(pose, height)["near_toe"][0])

    def fit(low: float, high: float, make) -> float:
        """The angle in low..high that puts the toe at ``reach`` (more of it moves the toe back)."""
        for _ in range(22):
            middle = (low + high) / 2
            low, high = (middle, high) if behind(make(middle)) < reach else (low, middle)
        return (low + high) / 2

    knee_low, knee_high = TOE_OFF_KNEE_RANGE_DEG
    ankle = TOE_OFF_ANKLE_PLANTARFLEXION_DEG
    knee = fit(knee_low, knee_high, lambda k: pose_with(k, ankle))
    if behind(pose_with(knee, ankle)) < reach - 1e-4 or behind(pose_with(knee, ankle)) > reach + 1e-4:
        ankle = fit(-30.0, 120.0, lambda a: pose_with(knee, a))
    return pose_with(knee, ankle)


def hip_height_m(percent: float, curves: GaitCurves, height_m: float = 1.75) -> float:
    """Hip height that puts the stance foot on the ground, on a small arc through each flight."""
    p = _checked("percent", percent)

    def grounded(at: float) -> float:
        return -lowest_point_y(joint_positions(pose_at(at % CYCLE_PERCENT, curves), height_m))

    for start, end in curves.flight_percent:
        if start <= p < end:
            share = (p - start) / (end - start)
            base = grounded(start) + share * (grounded(end) - grounded(start))
            return base + FLIGHT_RISE_M * 4 * share * (1 - share)
    return grounded(p)


@dataclass(frozen=True)
class GaitCurves:
    """Angles over one stride, sampled at ``percent`` (0..100 % of the cycle, degrees).

    Attributes
    ----------
    percent : sample points, 0..100 % inclusive (the last sample repeats the first).
    hip_flexion_deg : near-side hip angle the runner uses (flexion positive),
        clipped near toe-off when hip extension is limited.
    hip_flexion_unlimited_deg : the same runner with enough hip extension.
    pelvic_tilt_deg : anterior pelvic tilt, including any extra tilt the model predicts.
    pelvic_rotation_deg : rotation about the vertical axis, positive when the
        near-side (push-off) hip is forward; includes the model's rotation.
    knee_flexion_deg, ankle_plantarflexion_deg : near-side knee and ankle, for drawing.
    events : percent of each event: ``initial_contact``, ``toe_off``,
        ``opposite_initial_contact``, ``opposite_toe_off``, ``peak_hip_flexion``.
    flight_percent : the two flight phases as ``(start, end)`` percent pairs.
    hip_extension_limit_deg : the extension available (the clip is at minus this).
    extra_tilt_deg, rotation_deg : the compensation added at each toe-off (the
        rotation is capped at the model's largest usable rotation).
    feasible : False when rotation alone could not close the gap (the model's flag).
    """

    percent: np.ndarray
    hip_flexion_deg: np.ndarray
    hip_flexion_unlimited_deg: np.ndarray
    pelvic_tilt_deg: np.ndarray
    pelvic_rotation_deg: np.ndarray
    knee_flexion_deg: np.ndarray
    ankle_plantarflexion_deg: np.ndarray
    events: dict
    flight_percent: tuple
    hip_extension_limit_deg: float
    extra_tilt_deg: float
    rotation_deg: float
    feasible: bool


def _periodic_pchip(knots_percent, knots_value, percent) -> np.ndarray:
    """Monotone cubic Hermite interpolation through knots on a 100 % periodic axis."""
    x = np.asarray(knots_percent, dtype=float)
    y = np.asarray(knots_value, dtype=float)
    # Wrap one knot on each side so every knot has neighbours.
    xs = np.concatenate(([x[-1] - CYCLE_PERCENT], x, [x[0] + CYCLE_PERCENT]))
    ys = np.concatenate(([y[-1]], y, [y[0]]))
    h = np.diff(xs)
    secant = np.diff(ys) / h
    slopes = np.zeros_like(xs)
    for k in range(1, len(xs) - 1):
        before, after = secant[k - 1], secant[k]
        if before * after > 0:  # Fritsch-Carlson weighted harmonic mean
            w1, w2 = 2 * h[k] + h[k - 1], h[k] + 2 * h[k - 1]
            slopes[k] = (w1 + w2) / (w1 / before + w2 / after)
    p = np.mod(np.asarray(percent, dtype=float), CYCLE_PERCENT)
    i = np.clip(np.searchsorted(xs, p, side="right") - 1, 0, len(xs) - 2)
    t = (p - xs[i]) / h[i]
    h00, h10 = 2 * t**3 - 3 * t**2 + 1, t**3 - 2 * t**2 + t
    h01, h11 = -2 * t**3 + 3 * t**2, t**3 - t**2
    return h00 * ys[i] + h10 * h[i] * slopes[i] + h01 * ys[i + 1] + h11 * h[i] * slopes[i + 1]


def gait_curves(
    result: PushOff | None = None,
    *,
    toe_off_percent: float = 38.0,
    tilt_oscillation_deg: float = 2.0,
    n: int = 201,
) -> GaitCurves:
    """Hip, pelvic tilt and pelvic rotation curves over one stride for a push-off.

    Parameters
    ----------
    result : the push-off whose runner and compensation the curves show (scalar
        inputs); default ``push_off()``, the model's default runner. Its inputs give
        the hip extension available, the tilt and the normal rotation amplitude.
    toe_off_percent : toe-off of the near leg, 25..45 % of the cycle (38 typical;
        :func:`toe_off_percent` gives the model's value for a result).
    tilt_oscillation_deg : peak-to-peak size of the normal tilt oscillation, 0..5 deg.
    n : number of samples over 0..100 % inclusive, 11..100001.

    Notes
    -----
    The hip passes through +30 deg at 0 %, its toe-off angle at ``toe_off_percent``
    and +40 deg at 85 %. The toe-off angle is minus the extension the default
    tilt leaves to the hip, ``asin(d_req / L) - tau - delta`` (about -9.7 deg at the
    model's defaults); a runner with less extension ``E`` stops at ``-E``: the curve
    is clipped there. Tilt is ``tau`` at each toe-off (its peak) plus the model's
    extra tilt as a bump at each toe-off; rotation is ``A cos(2 pi p / 100)`` minus
    the model's rotation ``phi cos(2 pi (p - p_TO) / 100)`` (the push-off hip moves back
    by ``phi`` at toe-off), with ``phi`` capped at the largest usable rotation.

    Raises
    ------
    ValueError
        For an out-of-range or non-finite input (naming it, its value and the range),
        or an array-valued ``result``.
    """
    toe_off = _checked("toe_off_percent", toe_off_percent)
    tilt_oscillation = _checked("tilt_oscillation_deg", tilt_oscillation_deg)
    samples = whole_number_in_range("n", n, *_RANGES["n"])
    result = push_off() if result is None else _scalar_result(result)
    extension = float(result.inputs.hip_extension_deg)
    tilt = float(result.inputs.pelvic_tilt_deg)
    rotation_amplitude = float(result.inputs.normal_rotation_deg)

    percent = np.linspace(0.0, CYCLE_PERCENT, samples)
    extension_needed = float(result.hip_extension_needed_deg)
    hip_unlimited = _periodic_pchip(
        [0.0, toe_off, PEAK_HIP_FLEXION_PERCENT],
        [INITIAL_CONTACT_HIP_FLEXION_DEG, -extension_needed, PEAK_HIP_FLEXION_DEG], percent)
    hip = np.maximum(hip_unlimited, -extension)

    double = 4 * np.pi * (percent - toe_off) / CYCLE_PERCENT  # twice per stride, 0 at toe-off
    bump_at_toe_off = ((1 + np.cos(double)) / 2) ** 4
    extra_tilt = float(result.extra_tilt_deg)
    pelvic_tilt = tilt - tilt_oscillation / 2 * (1 - np.cos(double)) + extra_tilt * bump_at_toe_off

    rotation = float(min(result.pelvic_rotation_deg, result.max_rotation_deg))
    pelvic_rotation = (rotation_amplitude * np.cos(2 * np.pi * percent / CYCLE_PERCENT)
                       - rotation * np.cos(2 * np.pi * (percent - toe_off) / CYCLE_PERCENT))

    swing_peak = toe_off + 0.55 * (PEAK_HIP_FLEXION_PERCENT - toe_off)
    knee = _periodic_pchip([0.0, 15.0, toe_off, swing_peak, 93.0], [20.0, 40.0, 18.0, 100.0, 12.0], percent)
    ankle = _periodic_pchip([0.0, 15.0, toe_off, 70.0], [-3.0, -20.0, 20.0, -8.0], percent)

    opposite_toe_off = toe_off + OPPOSITE_LEG_OFFSET_PERCENT
    return GaitCurves(
        percent=percent,
        hip_flexion_deg=hip,
        hip_flexion_unlimited_deg=hip_unlimited,
        pelvic_tilt_deg=pelvic_tilt,
        pelvic_rotation_deg=pelvic_rotation,
        knee_flexion_deg=knee,
        ankle_plantarflexion_deg=ankle,
        events={"initial_contact": 0.0, "toe_off": toe_off,
                "opposite_initial_contact": OPPOSITE_LEG_OFFSET_PERCENT,
                "opposite_toe_off": opposite_toe_off,
                "peak_hip_flexion": PEAK_HIP_FLEXION_PERCENT},
        flight_percent=((toe_off, OPPOSITE_LEG_OFFSET_PERCENT), (opposite_toe_off, CYCLE_PERCENT)),
        hip_extension_limit_deg=extension,
        extra_tilt_deg=extra_tilt,
        rotation_deg=rotation,
        feasible=bool(result.feasible),
    )


def angle_at(percent: float, curve_deg: np.ndarray, curves: GaitCurves) -> float:
    """One of ``curves``' angles at any percent of the cycle (linear between samples)."""
    p = _checked("percent", percent)
    return float(np.interp(p, curves.percent[:-1], curve_deg[:-1], period=CYCLE_PERCENT))


def pose_at(percent: float, curves: GaitCurves) -> Pose:
    """The sagittal stick-figure :class:`~widgets.stick_figure.Pose` at ``percent`` of the cycle.

    The near leg follows the curves; the far leg is the same curves half a stride
    (50 %) later, since the legs alternate. Both share the pelvic tilt at ``percent``.
    Each arm swings opposite its own leg (shoulder flexion ``-0.8 x`` the same-side hip's
    flexion about its mean) with the elbow bent 85 deg; the trunk leans 6 deg forward.
    Draw it with :func:`widgets.stick_figure.joint_positions` or
    :class:`widgets.drawing.StickFigureArtist`; the caller places the hip (the pose
    has no position), e.g. so that :func:`~widgets.stick_figure.lowest_point_y` of
    the stance foot is on the ground.

    Raises
    ------
    ValueError
        When ``percent`` is not a number in 0..100.
    """
    p = _checked("percent", percent)
    mean_hip = float(np.mean(curves.hip_flexion_deg[:-1]))

    def leg_and_arm(at: float) -> tuple[LegAngles, ArmAngles]:
        at = at % CYCLE_PERCENT
        hip = angle_at(at, curves.hip_flexion_deg, curves)
        leg = LegAngles(hip_flexion_deg=hip,
                        knee_flexion_deg=angle_at(at, curves.knee_flexion_deg, curves),
                        ankle_plantarflexion_deg=angle_at(at, curves.ankle_plantarflexion_deg, curves))
        arm = ArmAngles(shoulder_flexion_deg=-ARM_SWING_PER_HIP_DEG * (hip - mean_hip),
                        elbow_flexion_deg=ELBOW_FLEXION_DEG)
        return leg, arm

    near_leg, near_arm = leg_and_arm(p)
    far_leg, far_arm = leg_and_arm(p + OPPOSITE_LEG_OFFSET_PERCENT)
    return Pose(trunk_lean_deg=TRUNK_LEAN_DEG,
                pelvic_tilt_deg=angle_at(p, curves.pelvic_tilt_deg, curves),
                near_leg=near_leg, far_leg=far_leg, near_arm=near_arm, far_arm=far_arm)
