"""Schematic vertical ground-reaction force of rearfoot and forefoot landings, one contact.

The curves are SCHEMATIC, not measured data. They are built from three honest
constraints and two textbook-style shape choices:

- contact time at the chosen speed from :func:`widgets.model.mechanics.contact_time_s` (a line
  through Kipp, Grabowski & Kram 2018, J Exp Biol 221:jeb184218; strong);
- vertical impulse balance: over one step (contact + flight) the average vertical
  force equals body weight, so the area under a curve is body weight x step time,
  with step time = 60 / cadence. This is Newton's second law at steady running and
  sets the height of the active peak;
- a rearfoot landing adds a brief impact transient early in contact; habitually
  barefoot forefoot strikers often land without a distinct impact peak
  (Lieberman et al. 2010, Nature 463:531; strong).

Shape choices (unverified-approximate, for drawing only): the active part is a
``sin^1.5`` arch over the contact; the rearfoot transient is a bump of about 1.5-2
body weights (rising with speed) centred 26 ms after touch-down at the slowest speed
and 20 ms at the fastest. Because it sits on the rising arch, the curve's drawn peak
can be a little higher (about 2.1 body weights at 5 m/s); the summary reports the
drawn peak.

Footwear is not an input, although shoes do change these curves: a heel strike made
barefoot gives a larger and faster impact transient than one made in cushioned shoes
(Lieberman et al. 2010; strong). The transient drawn here is one schematic shape of a
heel strike in ordinary running shoes. Pure: numpy only.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from .mechanics import PARAMETERS, checked_parameter, contact_time_s
from .validation import one_of, whole_number_in_range

PATTERNS = ("rearfoot", "forefoot")
#: Exponent of the active arch ``sin(pi t / t_c) ** p``; 1 would be a half-sine.
ACTIVE_SHAPE_EXPONENT = 1.5
#: Rearfoot impact transient: peak height (body weights) and time (ms) at the ends of
#: the speed range, interpolated linearly in between. Schematic, approximate.
IMPACT_PEAK_BW = (1.5, 2.0)
IMPACT_TIME_MS = (26.0, 20.0)
_SPEED_LOW = PARAMETERS["speed_m_s"].low
_SPEED_HIGH = PARAMETERS["speed_m_s"].high


@dataclass(frozen=True)
class ForceCurve:
    """A schematic vertical ground-reaction-force curve over one contact (body weights)."""

    pattern: str
    speed_m_s: float
    cadence_steps_min: float
    time_ms: np.ndarray
    force_bw: np.ndarray
    contact_time_s: float
    step_time_s: float
    flight_time_s: float
    impulse_bw_s: float
    active_peak_bw: float
    active_peak_ms: float
    impact_peak_bw: float | None
    impact_peak_ms: float | None


def _area(values: np.ndarray, t_s: np.ndarray) -> float:
    """Trapezoid-rule area (numpy 1.x has no ``np.trapezoid``; the package allows it)."""
    return float(np.sum((values[1:] + values[:-1]) * np.diff(t_s)) / 2.0)


def _speed_share(speed_m_s: float) -> float:
    return (speed_m_s - _SPEED_LOW) / (_SPEED_HIGH - _SPEED_LOW)


def impact_transient(speed_m_s: float) -> tuple[float, float]:
    """Schematic rearfoot impact peak (body weights) and its time (ms) at a speed."""
    share = _speed_share(float(checked_parameter("speed_m_s", speed_m_s)))
    peak = IMPACT_PEAK_BW[0] + share * (IMPACT_PEAK_BW[1] - IMPACT_PEAK_BW[0])
    time = IMPACT_TIME_MS[0] + share * (IMPACT_TIME_MS[1] - IMPACT_TIME_MS[0])
    return peak, time


def vertical_force_curve(pattern: str, speed_m_s: float = 3.3,
                         cadence_steps_min: float = 170.0, samples: int = 401) -> ForceCurve:
    """Schematic vertical ground-reaction force of one contact, in body weights.

    Parameters
    ----------
    pattern : "rearfoot" (impact transient, then the active arch) or "forefoot"
        (the active arch alone, no distinct impact peak; Lieberman et al. 2010).
    speed_m_s : 2.2..5.0 m/s; sets contact time (Kipp et al. 2018) and the transient.
    cadence_steps_min : 140..210 steps/min; step time = 60 / cadence.
    samples : points over the contact, a whole number in 51..100001.

    Notes
    -----
    Active arch ``a(t) = sin(pi t / t_c) ** 1.5``; rearfoot transient
    ``b(t) = sin^2(pi t / (2 t_i))`` for ``t < 2 t_i``. The curve is ``A a + B b`` with
    ``B = F_i - A a(t_i)`` so that the force at ``t_i`` is the chosen impact peak
    ``F_i``, and ``A`` chosen so that the area (trapezoid rule on the same samples)
    equals the step time: mean vertical force over a step = body weight.

    Raises
    ------
    ValueError
        For an unknown pattern, too few samples, or a speed or cadence outside its range.
    """
    pattern = one_of("pattern", pattern, PATTERNS)
    samples = whole_number_in_range("samples", samples, 51, 100_001, "samples")
    speed = float(checked_parameter("speed_m_s", speed_m_s))
    cadence = float(checked_parameter("cadence_steps_min", cadence_steps_min))
    t_c = float(contact_time_s(speed))
    step_s = 60.0 / cadence
    t = np.linspace(0.0, t_c, samples)
    arch = np.sin(np.pi * t / t_c) ** ACTIVE_SHAPE_EXPONENT
    arch_area = _area(arch, t)
    if pattern == "forefoot":
        scale = step_s / arch_area
        force = scale * arch
        impact_bw = impact_ms = None
    else:
        impact_bw, impact_ms = impact_transient(speed)
        t_i = impact_ms / 1000.0
        bump = np.where(t < 2 * t_i, np.sin(np.pi * t / (2 * t_i)) ** 2, 0.0)
        bump_area = _area(bump, t)
        arch_at_impact = np.sin(np.pi * t_i / t_c) ** ACTIVE_SHAPE_EXPONENT
        # area = A * arch_area + (F_i - A * arch_at_impact) * bump_area = step time
        scale = (step_s - impact_bw * bump_area) / (arch_area - arch_at_impact * bump_area)
        force = scale * arch + (impact_bw - scale * arch_at_impact) * bump
        early = t <= 2 * t_i
        first = int(np.argmax(force[early]))
        impact_bw, impact_ms = float(force[early][first]), float(t[early][first] * 1000.0)
    late = t > t_c / 4
    peak_index = int(np.argmax(np.where(late, force, -np.inf)))
    return ForceCurve(
        pattern=pattern, speed_m_s=speed, cadence_steps_min=cadence,
        time_ms=t * 1000.0, force_bw=force, contact_time_s=t_c, step_time_s=step_s,
        flight_time_s=step_s - t_c, impulse_bw_s=_area(force, t),
        active_peak_bw=float(force[peak_index]), active_peak_ms=float(t[peak_index] * 1000.0),
        impact_peak_bw=impact_bw, impact_peak_ms=impact_ms,
    )
