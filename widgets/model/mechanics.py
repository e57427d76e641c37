"""A teaching model of push-off: the reach budget at toe-off.

At toe-off the foot must still be some distance behind the hip. Hip extension,
anterior pelvic tilt and a fixed distal offset (knee, ankle, toes) give that reach.
When they fall short, the runner makes up the gap with extra pelvic tilt and/or
pelvic rotation about the vertical axis. The model says how much of each is needed
and what the rotation would cost in kinetic energy.

It is a deliberately small model for teaching, not a simulation: it leaves out
elastic energy, the 3-D coupling of spine, pelvis and hip, arm swing, the swing
leg, ground-force dynamics and individual variation.

Pure: numbers in, numbers out (numpy arrays broadcast). Imports only numpy.

Sources of the defaults (see ``PARAMETERS``):
    Kipp, Grabowski & Kram 2018, "What determines the metabolic cost of human
    running across a wide range of velocities?", J Exp Biol 221:jeb184218
    (contact time and cost of running); Winter 2009, "Biomechanics and Motor
    Control of Human Movement" (leg length); de Leva 1996, "Adjustments to
    Zatsiorsky-Seluyanov's segment inertia parameters", J Biomech 29:1223
    (pelvis inertia); Souza 2016 and Hamner & Delp 2013 (hip extension about
    10 deg at toe-off).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Union

import numpy as np

from .validation import array_in_range, broadcast_shapes

ArrayLike = Union[float, np.ndarray]

#: Knee, ankle and toes add this much leg angle at toe-off. Calibrated so that the
#: default runner (10 deg extension, 8 deg tilt) has no shortfall.
DISTAL_OFFSET_DEG = 11.0
#: Leg (hip-joint) height as a share of body height (Winter 2009; approximate).
LEG_LENGTH_SHARE_OF_HEIGHT = 0.530
#: Pelvis moment of inertia about the vertical axis, 70 kg, 1.75 m man (de Leva 1996).
PELVIS_INERTIA_KG_M2 = 0.057
#: Whole-trunk moment of inertia about the vertical axis, same man (de Leva 1996).
TRUNK_INERTIA_KG_M2 = 0.32
_REFERENCE_MASS_KG = 70.0
_REFERENCE_HEIGHT_M = 1.75

# Contact-time line through Kipp et al. 2018: 0.280 s at 2.22 m/s, 0.190 s at 5.0 m/s.
_SLOW_SPEED_M_S, _SLOW_CONTACT_S = 2.22, 0.280
_FAST_SPEED_M_S, _FAST_CONTACT_S = 5.0, 0.190


@dataclass(frozen=True)
class Parameter:
    """One model input: its default, allowed range, unit and where it comes from."""

    name: str
    default: float
    low: float
    high: float
    unit: str
    label: str
    source: str


PARAMETERS: dict[str, Parameter] = {
    p.name: p
    for p in (
        Parameter("height_m", 1.75, 1.4, 2.1, "m", "Body height", "typical adult"),
        Parameter("mass_kg", 70.0, 40.0, 120.0, "kg", "Body mass", "typical adult"),
        Parameter("speed_m_s", 3.3, 2.2, 5.0, "m/s", "Running speed",
                  "range of the contact-time data, Kipp et al. 2018"),
        Parameter("cadence_steps_min", 170.0, 140.0, 210.0, "steps/min", "Cadence",
                  "Lieberman et al. 2015 (about 170 steps/min at 3 m/s)"),
        Parameter("hip_extension_deg", 10.0, -5.0, 25.0, "deg", "Hip extension available",
                  "about 10 deg at toe-off: Souza 2016; Hamner & Delp 2013"),
        Parameter("pelvic_tilt_deg", 8.0, 0.0, 20.0, "deg", "Anterior pelvic tilt",
                  "about 7-10 deg in the running data of Hamner & Delp 2013; the absolute "
                  "value depends on how tilt is measured"),
        Parameter("rotation_share", 1.0, 0.0, 1.0, "", "Share made up by rotation",
                  "0 = all extra tilt (the pattern that co-varies with hip extension in "
                  "measurements), 1 = all rotation (the article's hypothesis, untested)"),
        Parameter("contact_share_behind_hip", 0.55, 0.45, 0.65, "",
                  "Share of contact length behind the hip", "model assumption"),
        Parameter("hip_half_width_m", 0.09, 0.07, 0.11, "m", "Half hip width",
                  "from pelvic width; approximate"),
        Parameter("max_rotation_deg", 30.0, 15.0, 45.0, "deg", "Largest usable extra rotation",
                  "model assumption; normal rotation is within about +/-8 deg"),
        Parameter("normal_rotation_deg", 6.0, 0.0, 10.0, "deg", "Normal pelvic rotation",
                  "amplitude of the rotation every runner has, about 5-8 deg (Schache et al. "
                  "1999 review; unverified, approximate)"),
        Parameter("inertia_kg_m2", PELVIS_INERTIA_KG_M2, 0.01, 1.0, "kg m^2",
                  "Rotating inertia", "de Leva 1996 (pelvis 0.057, whole trunk about 0.32)"),
        Parameter("muscle_efficiency", 0.25, 0.2, 0.3, "", "Muscle efficiency",
                  "classic estimate; approximate"),
        Parameter("cost_of_running_j_kg_m", 4.2, 3.5, 5.0, "J/kg/m", "Cost of running",
                  "Kipp et al. 2018"),
    )
}


def checked_parameter(name: str, value: ArrayLike) -> np.ndarray:
    """``value`` as a float array inside the range ``PARAMETERS[name]`` allows.

    Raises ValueError naming the parameter, the value and the range.
    """
    spec = PARAMETERS[name]
    return array_in_range(name, value, spec.low, spec.high, spec.unit)


def _out(arr: np.ndarray) -> ArrayLike:
    """Plain Python scalars for scalar inputs, arrays otherwise."""
    return arr.item() if np.ndim(arr) == 0 else arr


def contact_time_s(speed_m_s: ArrayLike) -> ArrayLike:
    """Ground contact time at a running speed.

    A straight line through 0.280 s at 2.22 m/s and 0.190 s at 5.0 m/s, the means of
    ten trained runners in Kipp, Grabowski & Kram 2018. Valid for 2.2..5.0 m/s.
    """
    v = checked_parameter("speed_m_s", speed_m_s)
    slope = (_FAST_CONTACT_S - _SLOW_CONTACT_S) / (_FAST_SPEED_M_S - _SLOW_SPEED_M_S)
    return _out(_SLOW_CONTACT_S + slope * (v - _SLOW_SPEED_M_S))


def leg_length_m(height_m: ArrayLike) -> ArrayLike:
    """Hip-joint height from body height (0.530 x height, Winter 2009; approximate)."""
    return _out(LEG_LENGTH_SHARE_OF_HEIGHT * checked_parameter("height_m", height_m))


def scaled_pelvis_inertia_kg_m2(mass_kg: ArrayLike = 70.0, height_m: ArrayLike = 1.75) -> ArrayLike:
    """Pelvis inertia scaled from de Leva's 70 kg, 1.75 m man by mass x height squared."""
    m = checked_parameter("mass_kg", mass_kg)
    h = checked_parameter("height_m", height_m)
    return _out(PELVIS_INERTIA_KG_M2 * (m / _REFERENCE_MASS_KG) * (h / _REFERENCE_HEIGHT_M) ** 2)


@dataclass(frozen=True)
class PushOffInputs:
    """The checked inputs a :class:`PushOff` was computed from (``inertia_kg_m2`` resolved).

    Views and explorers draw from these, never from numbers worked back out of the outputs.
    """

    height_m: ArrayLike
    mass_kg: ArrayLike
    speed_m_s: ArrayLike
    cadence_steps_min: ArrayLike
    hip_extension_deg: ArrayLike
    pelvic_tilt_deg: ArrayLike
    rotation_share: ArrayLike
    contact_share_behind_hip: ArrayLike
    hip_half_width_m: ArrayLike
    max_rotation_deg: ArrayLike
    normal_rotation_deg: ArrayLike
    inertia_kg_m2: ArrayLike
    muscle_efficiency: ArrayLike
    cost_of_running_j_kg_m: ArrayLike


@dataclass(frozen=True)
class PushOff:
    """What the model predicts at toe-off. Lengths in metres, angles in degrees.

    Scalars for scalar inputs; numpy arrays when any input was an array. ``inputs``
    holds what it was computed from. ``reach_achieved_m`` is the reach the runner ends up
    with: what is available plus the compensation (rotation capped at the usable limit),
    never more than required. ``hip_extension_needed_deg`` is the hip extension
    the stride asks for at the runner's tilt (``asin(d_req / L) - tau - delta``): the one
    place that figure is derived. ``rotation_energy_j`` and ``cost_fraction`` price the
    extra rotation alone; ``added_rotation_energy_j`` and ``added_cost_fraction`` price
    it on top of the normal rotation it adds to (in phase at toe-off), about 1.8 times
    more at the defaults.
    """

    inputs: PushOffInputs
    contact_time_s: ArrayLike
    leg_length_m: ArrayLike
    reach_required_m: ArrayLike
    reach_available_m: ArrayLike
    reach_from_hip_extension_m: ArrayLike
    reach_from_tilt_m: ArrayLike
    reach_from_distal_m: ArrayLike
    shortfall_m: ArrayLike
    leg_angle_required_deg: ArrayLike
    hip_extension_needed_deg: ArrayLike
    leg_angle_available_deg: ArrayLike
    angle_shortfall_deg: ArrayLike
    pelvic_rotation_deg: ArrayLike
    extra_tilt_deg: ArrayLike
    reach_from_rotation_m: ArrayLike
    reach_from_extra_tilt_m: ArrayLike
    reach_achieved_m: ArrayLike
    stride_frequency_hz: ArrayLike
    rotation_energy_j: ArrayLike
    rotation_power_w: ArrayLike
    running_power_w: ArrayLike
    cost_fraction: ArrayLike
    added_rotation_energy_j: ArrayLike
    added_cost_fraction: ArrayLike
    thrust_alignment: ArrayLike
    max_rotation_deg: ArrayLike
    feasible: Union[bool, np.ndarray]


def push_off(
    *,
    height_m: ArrayLike = 1.75,
    mass_kg: ArrayLike = 70.0,
    speed_m_s: ArrayLike = 3.3,
    cadence_steps_min: ArrayLike = 170.0,
    hip_extension_deg: ArrayLike = 10.0,
    pelvic_tilt_deg: ArrayLike = 8.0,
    rotation_share: ArrayLike = 1.0,
    contact_share_behind_hip: ArrayLike = 0.55,
    hip_half_width_m: ArrayLike = 0.09,
    max_rotation_deg: ArrayLike = 30.0,
    normal_rotation_deg: ArrayLike = 6.0,
    inertia_kg_m2: ArrayLike | None = None,
    muscle_efficiency: ArrayLike = 0.25,
    cost_of_running_j_kg_m: ArrayLike = 4.2,
) -> PushOff:
    """Reach budget at toe-off and the compensation needed to close it.

    Parameters
    ----------
    height_m, mass_kg : body height (1.4..2.1 m) and mass (40..120 kg).
    speed_m_s : running speed, 2.2..5.0 m/s (the range of the contact-time data).
    cadence_steps_min : steps per minute, 140..210; strides per second = cadence / 120.
    hip_extension_deg : dynamic hip extension available at toe-off (thigh relative to
        pelvis), -5..25 deg; about 10 deg is typical (Souza 2016).
    pelvic_tilt_deg : anterior pelvic tilt at toe-off, 0..20 deg.
    rotation_share : share of the shortfall made up by pelvic rotation, 0..1.
        0 means all by extra tilt (the pattern that co-varies with hip extension in
        measurements, Franz et al. 2009; not a shown compensation); 1 means all by
        rotation (the article's hypothesis, untested).
    contact_share_behind_hip : share of the contact length behind the hip at toe-off.
    hip_half_width_m : half the distance between the hip-joint centres.
    max_rotation_deg : largest extra pelvic rotation a runner could use.
    normal_rotation_deg : amplitude of the normal pelvic rotation, 0..10 deg (about 6);
        only the ``added_*`` energy figures use it.
    inertia_kg_m2 : inertia of what rotates; default: the pelvis (de Leva 1996)
        scaled by mass and height squared. Use ``TRUNK_INERTIA_KG_M2`` for the trunk.
    muscle_efficiency : mechanical work per unit of metabolic energy.
    cost_of_running_j_kg_m : metabolic cost of running (Kipp et al. 2018).

    Notes
    -----
    ``d_req = alpha v t_c``; ``L = 0.530 H``; ``beta = E + tau + delta``;
    shortfall ``dd = max(0, d_req - L sin beta)``; angle shortfall
    ``db = max(0, asin(d_req / L) - beta)``; rotation ``phi = asin(min(1, s dd / w))``;
    extra tilt ``(1 - s) db``; rotation kinetic energy ``KE = I (2 pi f phi)^2 / 2`` for
    ``theta = phi sin(2 pi f t)``, work ``2 KE`` per stride; share of running cost
    ``(2 KE f / eta) / (C M v)``; on top of the normal rotation ``phi_0`` (in phase at
    toe-off) the added work is ``I (2 pi f)^2 ((phi_0 + phi)^2 - phi_0^2)`` per stride;
    thrust alignment ``cos phi``.
    The result reports the rotation *required* even when it exceeds
    ``max_rotation_deg`` (then ``feasible`` is False).

    Raises
    ------
    ValueError
        For a NaN, infinite, out-of-range, empty or non-numeric input, naming the
        parameter, its value and the allowed range; or for arrays whose shapes cannot
        be combined, naming both parameters and their shapes.
    """
    h = checked_parameter("height_m", height_m)
    m = checked_parameter("mass_kg", mass_kg)
    v = checked_parameter("speed_m_s", speed_m_s)
    cadence = checked_parameter("cadence_steps_min", cadence_steps_min)
    ext = checked_parameter("hip_extension_deg", hip_extension_deg)
    tilt = checked_parameter("pelvic_tilt_deg", pelvic_tilt_deg)
    share = checked_parameter("rotation_share", rotation_share)
    alpha = checked_parameter("contact_share_behind_hip", contact_share_behind_hip)
    half_width = checked_parameter("hip_half_width_m", hip_half_width_m)
    phi_max = checked_parameter("max_rotation_deg", max_rotation_deg)
    phi_normal = checked_parameter("normal_rotation_deg", normal_rotation_deg)
    inertia = (None if inertia_kg_m2 is None else checked_parameter("inertia_kg_m2", inertia_kg_m2))
    eta = checked_parameter("muscle_efficiency", muscle_efficiency)
    cost = checked_parameter("cost_of_running_j_kg_m", cost_of_running_j_kg_m)
    given = {"height_m": h, "mass_kg": m, "speed_m_s": v, "cadence_steps_min": cadence,
             "hip_extension_deg": ext, "pelvic_tilt_deg": tilt, "rotation_share": share,
             "contact_share_behind_hip": alpha, "hip_half_width_m": half_width,
             "max_rotation_deg": phi_max, "normal_rotation_deg": phi_normal,
             "inertia_kg_m2": inertia, "muscle_efficiency": eta, "cost_of_running_j_kg_m": cost}
    broadcast_shapes({name: value for name, value in given.items() if value is not None})
    if inertia is None:
        inertia = np.asarray(scaled_pelvis_inertia_kg_m2(m, h))
        given["inertia_kg_m2"] = inertia

    t_c = np.asarray(contact_time_s(v))
    leg = LEG_LENGTH_SHARE_OF_HEIGHT * h
    required = alpha * v * t_c
    beta = ext + tilt + DISTAL_OFFSET_DEG
    available = leg * np.sin(np.radians(beta))
    shortfall = np.maximum(0.0, required - available)
    beta_required = np.degrees(np.arcsin(np.minimum(1.0, required / leg)))
    angle_shortfall = np.maximum(0.0, beta_required - beta)

    ratio = share * shortfall / half_width
    phi_deg = np.degrees(np.arcsin(np.minimum(1.0, ratio)))
    feasible = (ratio < 1.0) & (phi_deg <= phi_max)
    extra_tilt = (1.0 - share) * angle_shortfall

    # Split the available reach between its sources in proportion to their angles
    # (beta >= 6 deg over the parameter ranges, so the division is safe).
    per_deg = available / beta
    from_rotation = half_width * np.sin(np.radians(np.minimum(phi_deg, phi_max)))
    from_extra_tilt = leg * (np.sin(np.radians(beta + extra_tilt)) - np.sin(np.radians(beta)))

    stride_hz = cadence / 120.0
    omega_peak = 2 * np.pi * stride_hz * np.radians(phi_deg)
    energy = 0.5 * inertia * omega_peak**2
    rotation_power = 2 * energy * stride_hz / eta
    running_power = cost * m * v
    omega_scale = 2 * np.pi * stride_hz
    added_energy = inertia * omega_scale**2 * (np.radians(phi_normal + phi_deg) ** 2
                                               - np.radians(phi_normal) ** 2)

    return PushOff(
        inputs=PushOffInputs(**{name: _out(np.asarray(value)) for name, value in given.items()}),
        contact_time_s=_out(t_c),
        leg_length_m=_out(leg),
        reach_required_m=_out(required),
        reach_available_m=_out(available),
        reach_from_hip_extension_m=_out(per_deg * ext),
        reach_from_tilt_m=_out(per_deg * tilt),
        reach_from_distal_m=_out(per_deg * DISTAL_OFFSET_DEG),
        shortfall_m=_out(shortfall),
        leg_angle_required_deg=_out(beta_required),
        hip_extension_needed_deg=_out(beta_required - tilt - DISTAL_OFFSET_DEG),
        leg_angle_available_deg=_out(beta),
        angle_shortfall_deg=_out(angle_shortfall),
        pelvic_rotation_deg=_out(phi_deg),
        extra_tilt_deg=_out(extra_tilt),
        reach_from_rotation_m=_out(from_rotation),
        reach_from_extra_tilt_m=_out(from_extra_tilt),
        reach_achieved_m=_out(np.minimum(required, available + from_extra_tilt + from_rotation)),
        stride_frequency_hz=_out(stride_hz),
        rotation_energy_j=_out(2 * energy),
        rotation_power_w=_out(rotation_power),
        running_power_w=_out(running_power),
        cost_fraction=_out(rotation_power / running_power),
        added_rotation_energy_j=_out(added_energy),
        added_cost_fraction=_out(added_energy * stride_hz / eta / running_power),
        thrust_alignment=_out(np.cos(np.radians(phi_deg))),
        max_rotation_deg=_out(phi_max),
        feasible=_out(feasible),
    )


def reach_per_degree_m(
    *,
    height_m: ArrayLike = 1.75,
    hip_extension_deg: ArrayLike = 10.0,
    pelvic_tilt_deg: ArrayLike = 8.0,
    hip_half_width_m: ArrayLike = 0.09,
) -> tuple[ArrayLike, ArrayLike]:
    """Reach gained by one more degree of tilt, and by the first degree of rotation.

    Tilt swings the whole leg (``L cos beta`` per radian); rotation only moves the hip
    joint back along the pelvis (``w cos phi`` per radian, at ``phi = 0``). At the
    defaults the ratio is about 9: rotation is a weak way to find reach.
    Returns ``(tilt_m_per_deg, rotation_m_per_deg)``.
    """
    leg = LEG_LENGTH_SHARE_OF_HEIGHT * checked_parameter("height_m", height_m)
    beta = (checked_parameter("hip_extension_deg", hip_extension_deg)
            + checked_parameter("pelvic_tilt_deg", pelvic_tilt_deg) + DISTAL_OFFSET_DEG)
    half_width = checked_parameter("hip_half_width_m", hip_half_width_m)
    tilt = leg * np.cos(np.radians(beta)) * np.pi / 180
    rotation = half_width * np.pi / 180
    return _out(tilt), _out(rotation)
