"""How one running step's time splits into ground contact and flight, and the stride it gives.

Each step has one ground contact and usually one flight. At a given speed and cadence:

- step time = 60 / cadence (s);
- contact time comes from speed (a line through Kipp, Grabowski & Kram 2018:
  0.280 s at 2.22 m/s, 0.190 s at 5.0 m/s), :func:`widgets.model.mechanics.contact_time_s`;
- flight time = step time - contact time; when contact outlasts the step there is no
  flight left (slow "grounded running" without flight exists: McMahon, Valiant &
  Frederick 1987);
- stride length = 2 x speed x step time (a stride is two steps), so that
  speed = stride length x stride frequency (Dorn, Schache & Pandy 2012).

Contact time is held at the value for the speed: an assumption of this teaching model,
so a higher step rate shortens flight and stride only. Pure: numpy-free even.
"""

from __future__ import annotations

from dataclasses import dataclass

from .mechanics import contact_time_s
from .validation import number_in_range

#: Cadences the timing model accepts (steps/min): the slider's 140-210 plus +10 %.
CADENCE_LIMITS_STEPS_MIN = (100.0, 240.0)
#: Step-rate changes tested by Heiderscheit et al. 2011 (per cent), and "as is".
STEP_RATE_INCREASES_PCT = (0, 5, 10)


@dataclass(frozen=True)
class StepTiming:
    """How one step's time splits into contact and flight, and the stride it gives."""

    speed_m_s: float
    cadence_steps_min: float
    step_time_s: float
    contact_time_s: float
    flight_time_s: float
    stride_length_m: float
    step_length_m: float
    stride_frequency_hz: float

    @property
    def has_flight(self) -> bool:
        """False when contact fills the whole step: no airborne phase."""
        return self.flight_time_s > 0.0


def step_timing(speed_m_s: float, cadence_steps_min: float) -> StepTiming:
    """Contact, flight and stride length at a running speed and cadence.

    Parameters
    ----------
    speed_m_s : running speed, 2.2..5.0 m/s (the range of the contact-time data).
    cadence_steps_min : steps per minute, 100..240.

    Returns
    -------
    StepTiming
        ``step_time_s = 60 / cadence``; ``contact_time_s`` from Kipp et al. 2018;
        ``flight_time_s = max(0, step_time_s - contact_time_s)``;
        ``stride_length_m = 2 * speed * step_time_s``;
        ``stride_frequency_hz = cadence / 120``.

    Raises
    ------
    ValueError
        For a NaN, infinite or out-of-range speed or cadence, naming it and its range.
    """
    cadence = number_in_range("cadence_steps_min", cadence_steps_min, *CADENCE_LIMITS_STEPS_MIN, "steps/min")
    contact = float(contact_time_s(speed_m_s))  # validates the speed
    speed = float(speed_m_s)
    step = 60.0 / cadence
    return StepTiming(
        speed_m_s=speed,
        cadence_steps_min=cadence,
        step_time_s=step,
        contact_time_s=contact,
        flight_time_s=max(0.0, step - contact),
        stride_length_m=2.0 * speed * step,
        step_length_m=speed * step,
        stride_frequency_hz=cadence / 120.0,
    )


def raised_cadence_steps_min(cadence_steps_min: float, increase_pct: float) -> float:
    """Cadence after raising the step rate by ``increase_pct`` per cent."""
    return cadence_steps_min * (1.0 + increase_pct / 100.0)


def describe_timing(timing: StepTiming) -> str:
    """One plain sentence with the numbers of a :class:`StepTiming`."""
    text = (f"At {timing.speed_m_s:.2f} m/s and {timing.cadence_steps_min:.0f} steps/min, "
            f"each step (one ground contact, then one flight) lasts {timing.step_time_s:.3f} s: "
            f"{timing.contact_time_s:.3f} s of contact")
    if timing.has_flight:
        text += f" and {timing.flight_time_s:.3f} s of flight."
    else:
        text += (", as long as or longer than the step itself, so flight vanishes and one foot "
                 "lands before the other leaves the ground. Running usually has a flight phase, "
                 "but what makes it running is the bouncing, spring-like leg, and slow "
                 "\"grounded running\" without flight exists (McMahon, Valiant & Frederick 1987; "
                 "evidence: moderate).")
    text += (f" Stride length is {timing.stride_length_m:.2f} m (two steps of "
             f"{timing.step_length_m:.2f} m), and {timing.stride_length_m:.2f} m x "
             f"{timing.stride_frequency_hz:.2f} strides/s = {timing.speed_m_s:.2f} m/s.")
    return text
