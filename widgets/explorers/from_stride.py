"""From a measured stride to the course's model and the runner profile (lesson 07).

A side-view clip gives the thigh's angle behind vertical at toe-off ("thigh
extension"); the Hip Extension Explorer takes hip extension, the thigh's angle to the
pelvis. The two differ by the anterior pelvic tilt, which the camera cannot see without
pelvic landmarks (geometry; strong: :func:`widgets.model.stride.hip_extension_from_thigh_deg`).
So every bridge from a clip to the model rests on an assumed tilt, and this module
says so wherever it crosses:

- :func:`stride_measurements` turns a :class:`~widgets.model.stride.StrideReport` into
  plain numbers for the lesson and the profile, each with its smallest detectable
  difference (angles: Dingenen et al. 2018; times: the frame rate);
- :func:`explore_my_stride` starts a Hip Extension Explorer from the measurement, an
  assumed tilt, the runner profile's height, mass and speed and the measured cadence
  where the model takes it, and its ``summary()`` says where each start value came from;
- :func:`save_stride_to_profile` keeps the numbers in the runner profile and reports a
  storage problem as a message instead of raising (a learner's notebook cell never fails
  because a folder is read-only);
- :func:`confound_text` says what the measured angle would mean for a few tilts, and that
  the clip cannot tell which one is true.
"""

from __future__ import annotations

import dataclasses
import math
from typing import Any, Optional

import numpy as np

from ..learner.profile import (
    ProfileLoad,
    ProfileStorageError,
    RunnerProfile,
    load_profile,
    save_profile,
)
from ..model.mechanics import PARAMETERS
from ..model.stride import (
    ANTERIOR_TILT_RANGE_DEG,
    SIDES,
    SMALLEST_DETECTABLE,
    STEPS_FOR_STABLE_MEAN,
    THIGH_EXTENSION_RANGE_DEG,
    StrideReport,
    hip_extension_from_thigh_deg,
)
from ..model.validation import array_in_range, number_in_range
from .hip_extension import HipExtensionExplorer

__all__ = ["HipExtensionExplorerFromStride", "confound_text", "explore_my_stride", "save_stride_to_profile",
           "stride_measurements"]

_THIGH = "thigh_extension_at_toe_off_deg"
#: Each event time is known to one frame either way, so the time across the counted steps
#: (first contact to last) may be off by up to this many frames.
_FRAMES_OF_TIMING_ERROR = 2


def _checked_report(report: Any) -> StrideReport:
    if not isinstance(report, StrideReport):
        raise ValueError(f"report={type(report).__name__} is not a StrideReport; give the result of "
                         f"analyse_landmarks, analyse_video or StrideAnalyzer.report()")
    return report


def _plain(value: float) -> float:
    return float(value) if math.isfinite(value) else math.nan


def cadence_sdd_steps_min(report: StrideReport) -> float:
    """The change in cadence (steps/min) that timing alone could cause: NaN without a cadence.

    Why not a published figure: cadence is counted, not read off a picture, so its error
    is the frame rate's. The cadence is steps over the time from the first to the last
    contact counted; each end is known to one frame either way, so that time may be off
    by two frames. The returned value is how much the cadence moves when it is.
    """
    report = _checked_report(report)
    cadence = report.cadence_steps_min
    intervals = len(report.steps) - 1
    if not math.isfinite(cadence) or intervals < 1:
        return math.nan
    span_s = intervals * 60.0 / cadence
    return float(cadence - 60.0 * intervals / (span_s + _FRAMES_OF_TIMING_ERROR / report.fps))


def stride_measurements(report: StrideReport) -> dict[str, Any]:
    """The measured stride as plain numbers, each measure beside its smallest detectable difference.

    Keys (NaN where a side had no step): ``gait``, ``fps``; per side (``left``,
    ``right``): ``steps_<side>``, ``thigh_extension_<side>_deg`` (mean over the side's
    steps) and ``thigh_extension_<side>_sd_deg`` (their spread), ``contact_time_<side>_s``;
    ``cadence_steps_min``; and the smallest detectable differences
    ``thigh_extension_sdd_deg`` (Dingenen et al. 2018's largest 2-D figure: the thigh
    angle itself was not tested there), ``contact_time_sdd_s`` (one frame) and
    ``cadence_sdd_steps_min`` (:func:`cadence_sdd_steps_min`). The keys are the runner
    profile's ``stride_*`` fields without the prefix.
    """
    report = _checked_report(report)
    out: dict[str, Any] = {"gait": report.gait, "fps": float(report.fps)}
    for side in SIDES:
        stats = report.sides[side]
        out[f"steps_{side}"] = int(stats["contact_time_s"]["count"])
        out[f"thigh_extension_{side}_deg"] = _plain(stats[_THIGH]["mean"])
        out[f"thigh_extension_{side}_sd_deg"] = _plain(stats[_THIGH]["sd"])
        out[f"contact_time_{side}_s"] = _plain(stats["contact_time_s"]["mean"])
    out["thigh_extension_sdd_deg"] = float(SMALLEST_DETECTABLE[_THIGH][0])
    out["contact_time_sdd_s"] = 1.0 / float(report.fps)
    out["cadence_steps_min"] = _plain(report.cadence_steps_min)
    out["cadence_sdd_steps_min"] = cadence_sdd_steps_min(report)
    return out


def _pooled_thigh_extension(report: StrideReport) -> tuple[float, int]:
    """Mean thigh extension over every step of both sides, and how many steps it holds."""
    values = [step.thigh_extension_at_toe_off_deg for step in report.steps
              if math.isfinite(step.thigh_extension_at_toe_off_deg)]
    if not values:
        raise ValueError("report has no step with a thigh extension at toe-off; mark or find more steps "
                         "(at least one complete contact with hip and knee visible at toe-off)")
    return float(np.mean(values)), len(values)


class HipExtensionExplorerFromStride(HipExtensionExplorer):
    """A Hip Extension Explorer started from a measured stride; its text twin says where from.

    ``origin`` holds the sentences about the start values (the measurement, the assumed
    tilt, any clamping, where height, mass, speed and cadence came from). The controls
    work as in any Hip Extension Explorer; the origin describes where they started.
    """

    def __init__(self, origin: str, loaded: ProfileLoad, **start_values: Any):
        self.origin = origin  # before the base's first refresh, which calls summary()
        super().__init__(use_profile=False, **start_values)
        self.profile = loaded.profile
        self._profile_warning = loaded.warning

    def summary(self) -> str:
        return f"{super().summary()} {self.origin}"


def _profile_text(loaded: ProfileLoad, given: bool) -> str:
    p = loaded.profile
    numbers = f"{p.height_m:.2f} m, {p.mass_kg:.0f} kg, {p.speed_m_s:.2f} m/s"
    if given:
        return f"Height, mass and speed ({numbers}) come from the runner profile given."
    if p.model_inputs() == RunnerProfile().model_inputs():
        return (f"Height, mass and speed are the default runner's ({numbers}); save your own in the "
                f"runner profile to start from them.")
    return f"Height, mass and speed ({numbers}) come from your runner profile."


def _cadence_start(report: StrideReport) -> tuple[Optional[float], str]:
    """The measured cadence if the model's range holds it (else None), and a sentence saying which."""
    spec = PARAMETERS["cadence_steps_min"]
    cadence = report.cadence_steps_min
    if not math.isfinite(cadence):
        return None, f"No cadence was measured, so the model's {spec.default:.0f} steps/min is used."
    if spec.low <= cadence <= spec.high:
        return float(cadence), f"Cadence: your measured {cadence:.0f} steps/min."
    kind = " (a walking cadence)" if report.gait == "walking" else ""
    return None, (f"Your measured cadence of {cadence:.0f} steps/min{kind} is outside the model's running "
                  f"range {spec.low:g}..{spec.high:g} steps/min, so the model's default "
                  f"{spec.default:.0f} steps/min is used.")


def explore_my_stride(report: StrideReport, *, anterior_tilt_deg: Optional[float] = None,
                      profile: Optional[RunnerProfile] = None) -> HipExtensionExplorerFromStride:
    """A Hip Extension Explorer started from a measured stride.

    Hip extension starts at the report's mean thigh extension at toe-off (all steps of
    both sides) minus ``anterior_tilt_deg``, the tilt assumed because the clip cannot
    measure it (default: the model's 8 deg, typical of running), clamped to the
    control's range with a sentence saying so; pelvic tilt starts at that same tilt, so
    the explorer's thigh matches the measured one. Height, mass and speed come from
    ``profile`` (default: the saved runner profile, :func:`load_profile`), and the
    cadence from the clip when the model's range (140..210 steps/min, running) holds it.
    The explorer's ``summary()`` and ``origin`` say where every start value came from.

    Raises
    ------
    ValueError
        ``report`` is not a StrideReport, has no step with a thigh angle, or its mean thigh
        angle is past horizontal (-90..90 deg: a marking error);
        ``anterior_tilt_deg`` is outside the model's tilt range (0..20 deg) or not a number;
        ``profile`` is not a RunnerProfile.
    """
    report = _checked_report(report)
    tilt_spec = PARAMETERS["pelvic_tilt_deg"]
    tilt = (tilt_spec.default if anterior_tilt_deg is None else
            number_in_range("anterior_tilt_deg", anterior_tilt_deg, tilt_spec.low, tilt_spec.high, "deg"))
    if profile is not None and not isinstance(profile, RunnerProfile):
        raise ValueError(f"profile={type(profile).__name__} is not a RunnerProfile (or None for the saved one)")
    loaded = load_profile() if profile is None else ProfileLoad(profile)
    thigh, steps = _pooled_thigh_extension(report)
    hip = hip_extension_from_thigh_deg(thigh, tilt)  # a thigh past horizontal is a marking error: ValueError
    spec = PARAMETERS["hip_extension_deg"]
    start = min(max(hip, spec.low), spec.high)

    few = any(report.sides[side]["contact_time_s"]["count"] < STEPS_FOR_STABLE_MEAN for side in SIDES)
    sdd = SMALLEST_DETECTABLE[_THIGH][0]
    tilt_source = "the model's typical value" if anterior_tilt_deg is None else "your choice"
    notes = [f"Started from your measured stride ({report.source}): hip extension = measured thigh extension {thigh:.1f} deg "
             f"(mean of {steps} steps{', fewer than 7 per side, so not yet stable' if few else ''}; "
             f"smallest real change {sdd:g} deg) minus an assumed anterior pelvic tilt of {tilt:.1f} deg "
             f"({tilt_source}; the clip cannot measure tilt) = {hip:.1f} deg."]
    if start != hip:
        notes.append(f"That is outside the control's range {spec.low:g}..{spec.high:g} deg, so the explorer "
                     f"starts at {start:g} deg.")
    cadence, cadence_note = _cadence_start(report)
    notes.append(_profile_text(loaded, given=profile is not None))
    notes.append(cadence_note)
    if report.gait == "walking":
        notes.append("The clip shows walking; the model describes running, so read the comparison loosely.")
    inputs = dict(loaded.profile.model_inputs())
    if cadence is not None:
        inputs["cadence_steps_min"] = cadence
    return HipExtensionExplorerFromStride(" ".join(notes), loaded, hip_extension_deg=start,
                                          pelvic_tilt_deg=tilt, **inputs)


def save_stride_to_profile(report: StrideReport) -> str:
    """Store the measured stride in the runner profile; return what happened in one message.

    The other fields of the saved profile (height, mass, pace, Thomas test) are kept.
    Never raises for a storage problem (read-only or missing folder, full disk, a path
    that cannot be located): the message starts with "Not saved:" and gives the reason,
    and the previous file is kept. A ``report`` that is not a StrideReport raises
    ValueError (that is a mistake in the calling code, not the learner's storage).
    """
    measured = stride_measurements(report)
    fields = {f"stride_{key}": (None if isinstance(value, float) and not math.isfinite(value) else value)
              for key, value in measured.items()}
    loaded = load_profile()
    profile = dataclasses.replace(loaded.profile, **fields)
    try:
        path = save_profile(profile)
    except ProfileStorageError as exc:
        return f"Not saved: {exc.reason}. Your numbers are still shown here; the previous profile is kept."
    except (OSError, RuntimeError) as exc:  # e.g. a home folder that cannot be found
        return f"Not saved: the runner profile could not be written ({exc}). The previous profile is kept."
    message = f"Saved to your runner profile ({path}). {profile.stride_summary()}"
    if loaded.warning:
        message += (" The saved profile had fields that could not be used; the file now holds the valid "
                    "ones and your stride.")
    return message


def confound_text(thigh_extension_deg: float, tilts_deg=(5, 10, 15)) -> str:
    """What a measured thigh angle would mean for the hip at a few pelvic tilts, and why the clip cannot say.

    Geometry only (strong): hip extension = thigh extension - anterior tilt. The numbers
    are what the identity gives for each tilt in ``tilts_deg`` (each -30..45 deg); the
    text claims nothing about which tilt a runner has.

    Raises ValueError naming ``thigh_extension_deg`` (-90..90 deg) or ``tilts_deg``.
    """
    thigh = number_in_range("thigh_extension_deg", thigh_extension_deg, *THIGH_EXTENSION_RANGE_DEG, "deg")
    tilts = array_in_range("tilts_deg", tilts_deg, *ANTERIOR_TILT_RANGE_DEG, "deg")
    if tilts.ndim != 1:
        raise ValueError(f"tilts_deg={tilts_deg!r} is not a flat list of tilts; give e.g. (5, 10, 15)")
    hips = hip_extension_from_thigh_deg(thigh, tilts)
    cases = []
    for k, (tilt, hip) in enumerate(zip(tilts, hips)):
        lead = (f"if your pelvis tilted {tilt:g} deg forward, your hip extended {hip:.0f} deg"
                if k == 0 else f"with {tilt:g} deg of tilt, {hip:.0f} deg")
        cases.append(lead)
    return (f"Your thigh reached {thigh:.0f} deg behind vertical at toe-off. That angle is hip extension "
            f"plus anterior pelvic tilt (geometry; strong): {'; '.join(cases)}. "
            f"The clip shows only the sum, so it cannot tell which of these is true; splitting them "
            f"needs markers on the pelvis. The same thigh angle can come from a freely extending hip "
            f"or from a tilted pelvis, so this clip alone can neither support nor refute the article's "
            f"idea that tight hip flexors limit hip extension and are made up by pelvic rotation "
            f"(untested).")
