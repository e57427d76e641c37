"""The runner profile: enter your height, mass and usual pace once; every explorer starts there.

Optionally it also keeps the result of a modified Thomas test (thigh angle to the
horizontal, knee flexion of the hanging leg, whether the pelvis moved), which the
Thomas test explorer starts from. The test says little about the hip extension a
stride uses (Schache, Blanch & Murphy 2000, Br J Sports Med 34:279; moderate), so
the profile stores it for the learner's own reference and never feeds it to the model.

Where it is stored: ``<jupyter config dir>/running-technique/profile.json``
(``jupyter_core.paths.jupyter_config_dir()``, usually ``~/.jupyter``); the environment
variable ``RUNNING_COURSE_PROFILE`` names another file (tests use it).

Loading never crashes a lesson: a missing file gives the defaults silently; an
unreadable, corrupted or out-of-range file gives the defaults and a warning the
explorer shows. ``reset_profile`` (one click in ``ProfileEditor``) deletes the file.

API used by ``widgets.explorer``::

    loaded = load_profile()          # ProfileLoad(profile=RunnerProfile(...), warning=None)
    loaded.profile.model_inputs()    # {"height_m": 1.75, "mass_kg": 70.0, "speed_m_s": 3.3}
    save_profile(RunnerProfile.from_pace(1.68, 58, "5:30"))
    reset_profile()
    ProfileEditor()                  # the form, as the last line of a cell
"""

from __future__ import annotations

import html
import json
import math
import os
import re
from dataclasses import asdict, dataclass, fields
from pathlib import Path
from typing import Any, Optional

import ipywidgets as W

from ..model.mechanics import PARAMETERS
from ..model.validation import number_in_range

ENV_VAR = "RUNNING_COURSE_PROFILE"
_FORMAT_VERSION = 1

#: Limits of the Thomas test angles; the same as ``widgets.thomas_test`` accepts
#: (kept here so that loading a profile does not import matplotlib; a test checks they agree).
THOMAS_THIGH_ANGLE_LIMITS_DEG = (-30.0, 45.0)
THOMAS_KNEE_FLEXION_LIMITS_DEG = (0.0, 140.0)
THOMAS_PELVIS_ANSWERS = ("not sure", "no", "yes")

_PACE = re.compile(r"^\s*(\d{1,2})\s*:\s*([0-5]\d)\s*$")


def _limits(name: str) -> tuple[float, float, str]:
    spec = PARAMETERS[name]
    return spec.low, spec.high, spec.unit


def pace_to_speed_m_s(pace_min_per_km: str) -> float:
    """Speed in m/s from a pace written as ``"m:ss"`` per kilometre (``"5:00"`` -> 3.33)."""
    match = _PACE.match(str(pace_min_per_km))
    if match is None:
        raise ValueError(f"pace={pace_min_per_km!r} is not a pace like '5:30' (minutes:seconds per km)")
    seconds = int(match.group(1)) * 60 + int(match.group(2))
    if seconds == 0:
        raise ValueError(f"pace={pace_min_per_km!r} is zero; {_pace_range_text()}")
    return 1000.0 / seconds


def speed_to_pace(speed_m_s: float) -> str:
    """Pace per kilometre as ``"m:ss"`` (3.33 m/s -> ``"5:00"``)."""
    seconds = round(1000.0 / speed_m_s)
    return f"{seconds // 60}:{seconds % 60:02d}"


def _pace_range_text() -> str:
    low, high, _ = _limits("speed_m_s")
    # The fastest pace belongs to the highest speed; round inward so both ends are valid.
    fastest = math.ceil(1000.0 / high)
    slowest = math.floor(1000.0 / low)
    return (f"allowed paces are {fastest // 60}:{fastest % 60:02d}..{slowest // 60}:{slowest % 60:02d} "
            f"per km (speed {low:g}..{high:g} m/s, the range of the model's contact-time data)")


@dataclass(frozen=True)
class RunnerProfile:
    """The learner's numbers. Validated on creation: a bad value raises ValueError.

    ``thomas_thigh_angle_deg``: the hanging thigh's angle to horizontal in a modified
    Thomas test, positive above horizontal (the test reads positive), -30..45 deg.
    ``thomas_knee_flexion_deg``: knee flexion of the hanging leg, 0..140 deg.
    ``thomas_pelvis_moved``: "yes", "no" or "not sure". All three are optional (None).
    """

    height_m: float = PARAMETERS["height_m"].default
    mass_kg: float = PARAMETERS["mass_kg"].default
    speed_m_s: float = PARAMETERS["speed_m_s"].default
    thomas_thigh_angle_deg: Optional[float] = None
    thomas_knee_flexion_deg: Optional[float] = None
    thomas_pelvis_moved: Optional[str] = None

    def __post_init__(self) -> None:
        for name in ("height_m", "mass_kg", "speed_m_s"):
            object.__setattr__(self, name, number_in_range(name, getattr(self, name), *_limits(name)))
        for name, (low, high) in (("thomas_thigh_angle_deg", THOMAS_THIGH_ANGLE_LIMITS_DEG),
                                  ("thomas_knee_flexion_deg", THOMAS_KNEE_FLEXION_LIMITS_DEG)):
            value = getattr(self, name)
            if value is not None:
                object.__setattr__(self, name, number_in_range(name, value, low, high, "deg"))
        if self.thomas_pelvis_moved is not None and self.thomas_pelvis_moved not in THOMAS_PELVIS_ANSWERS:
            raise ValueError(f"thomas_pelvis_moved={self.thomas_pelvis_moved!r} is not one of "
                             f"{', '.join(THOMAS_PELVIS_ANSWERS)}")

    @classmethod
    def from_pace(cls, height_m: float, mass_kg: float, pace_min_per_km: str, **thomas: Any) -> "RunnerProfile":
        """A profile from a pace such as ``"5:30"`` per km; an out-of-range pace names the allowed paces."""
        speed = pace_to_speed_m_s(pace_min_per_km)
        low, high, _ = _limits("speed_m_s")
        if not low <= speed <= high:
            raise ValueError(f"pace={pace_min_per_km!r} per km is speed_m_s={speed:.2f}, outside the "
                             f"allowed range; {_pace_range_text()}")
        return cls(height_m=height_m, mass_kg=mass_kg, speed_m_s=speed, **thomas)

    @property
    def pace_min_per_km(self) -> str:
        return speed_to_pace(self.speed_m_s)

    @property
    def has_thomas_test(self) -> bool:
        return self.thomas_thigh_angle_deg is not None

    def model_inputs(self) -> dict[str, float]:
        """The inputs of ``widgets.mechanics.push_off`` this profile sets."""
        return {"height_m": self.height_m, "mass_kg": self.mass_kg, "speed_m_s": self.speed_m_s}

    def summary(self) -> str:
        text = (f"Runner profile: {self.height_m:.2f} m, {self.mass_kg:.0f} kg, usual pace "
                f"{self.pace_min_per_km} per km ({self.speed_m_s:.2f} m/s).")
        if self.has_thomas_test:
            knee = (f", knee bent {self.thomas_knee_flexion_deg:.0f} deg"
                    if self.thomas_knee_flexion_deg is not None else "")
            text += (f" Modified Thomas test: thigh {self.thomas_thigh_angle_deg:+.0f} deg to horizontal"
                     f"{knee} (kept for your reference; it says little about the hip extension your stride uses).")
        return text


@dataclass(frozen=True)
class ProfileLoad:
    """What ``load_profile`` found: the profile to use and, if the file was bad, why."""

    profile: RunnerProfile
    warning: Optional[str] = None


def profile_path() -> Path:
    """Where the profile lives: ``$RUNNING_COURSE_PROFILE`` or the Jupyter config folder."""
    override = os.environ.get(ENV_VAR)
    if override:
        return Path(override).expanduser()
    from jupyter_core.paths import jupyter_config_dir

    return Path(jupyter_config_dir()) / "running-technique" / "profile.json"


def _profile_from_json(data: Any) -> RunnerProfile:
    if not isinstance(data, dict):
        raise ValueError(f"expected a JSON object, found {type(data).__name__}")
    known = {f.name for f in fields(RunnerProfile)}
    return RunnerProfile(**{k: v for k, v in data.items() if k in known})


def load_profile() -> ProfileLoad:
    """The saved profile, or the defaults (with a warning if a saved file could not be used)."""
    path = profile_path()
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        return ProfileLoad(RunnerProfile())
    except (OSError, UnicodeDecodeError) as exc:
        return ProfileLoad(RunnerProfile(), _warning(path, f"it could not be read: {exc}"))
    try:
        return ProfileLoad(_profile_from_json(json.loads(text)))
    except json.JSONDecodeError as exc:
        return ProfileLoad(RunnerProfile(), _warning(path, f"it is not valid JSON ({exc.msg}, line {exc.lineno})"))
    except (TypeError, ValueError) as exc:
        return ProfileLoad(RunnerProfile(), _warning(path, str(exc)))


def _warning(path: Path, reason: str) -> str:
    return (f"Your saved runner profile ({path}) could not be used: {reason}. "
            f"The explorers use the default runner instead; save your numbers again or press Reset.")


def save_profile(profile: RunnerProfile) -> Path:
    """Write the profile as JSON (atomically: a crash mid-write leaves the old file). Returns the path."""
    path = profile_path()
    path.parent.mkdir(parents=True, exist_ok=True)
    data = {"version": _FORMAT_VERSION, **asdict(profile)}
    temporary = path.with_name(path.name + ".tmp")
    temporary.write_text(json.dumps(data, indent=2) + "\n", encoding="utf-8")
    os.replace(temporary, path)
    return path


def reset_profile() -> RunnerProfile:
    """Forget the saved profile; the explorers go back to the default runner."""
    profile_path().unlink(missing_ok=True)
    return RunnerProfile()


class ProfileEditor:
    """A form for the runner profile: number boxes, a pace box, Save and Reset buttons.

    Shows the warning of a bad saved file. ``summary()`` is its text twin. Explorers
    created after a Save start from the new numbers.
    """

    def __init__(self) -> None:
        loaded = load_profile()
        self.profile = loaded.profile
        self.warning = loaded.warning
        style = {"description_width": "14em"}
        box = W.Layout(width="24em")
        self.controls: dict[str, W.ValueWidget] = {
            "height_m": W.FloatText(description="Height (m)", step=0.01, style=style, layout=box),
            "mass_kg": W.FloatText(description="Body mass (kg)", step=0.5, style=style, layout=box),
            "pace": W.Text(description="Usual pace (min:ss per km)", placeholder="5:30", style=style, layout=box),
            "thomas_thigh_angle_deg": W.Text(
                description="Thomas test: thigh angle (deg)", placeholder="optional; + above horizontal",
                style=style, layout=box),
            "thomas_knee_flexion_deg": W.Text(
                description="Thomas test: knee bend (deg)", placeholder="optional; 0 = straight",
                style=style, layout=box),
            "thomas_pelvis_moved": W.Dropdown(
                description="Thomas test: pelvis moved?", options=[("not recorded", None)]
                + [(answer, answer) for answer in THOMAS_PELVIS_ANSWERS], style=style, layout=box),
        }
        self.save_button = W.Button(description="Save", tooltip="Save your profile", icon="save")
        self.reset_button = W.Button(description="Reset", tooltip="Delete the saved profile and use the defaults",
                                     icon="undo")
        self.status = W.HTML()
        self.save_button.on_click(lambda _: self.save())
        self.reset_button.on_click(lambda _: self.reset())
        self._show(self.profile)
        self._say(self.warning or self.profile.summary(), is_warning=self.warning is not None)
        self.widget = W.VBox([*self.controls.values(), W.HBox([self.save_button, self.reset_button]), self.status])

    def _show(self, profile: RunnerProfile) -> None:
        c = self.controls
        c["height_m"].value = profile.height_m
        c["mass_kg"].value = profile.mass_kg
        c["pace"].value = profile.pace_min_per_km
        for name in ("thomas_thigh_angle_deg", "thomas_knee_flexion_deg"):
            value = getattr(profile, name)
            c[name].value = "" if value is None else f"{value:g}"
        c["thomas_pelvis_moved"].value = profile.thomas_pelvis_moved

    def _say(self, text: str, is_warning: bool = False) -> None:
        prefix = "<strong>Warning:</strong> " if is_warning else ""
        self.status.value = f'<p role="status">{prefix}{html.escape(text)}</p>'
        self._status_text = text

    def _entered(self) -> RunnerProfile:
        c = self.controls
        optional = {name: (c[name].value.strip() or None)
                    for name in ("thomas_thigh_angle_deg", "thomas_knee_flexion_deg")}
        return RunnerProfile.from_pace(c["height_m"].value, c["mass_kg"].value, c["pace"].value,
                                       thomas_pelvis_moved=c["thomas_pelvis_moved"].value, **optional)

    def save(self) -> Optional[RunnerProfile]:
        """Validate the form and save it; a bad entry is reported in the form, nothing saved."""
        try:
            profile = self._entered()
        except ValueError as exc:
            self._say(f"Not saved: {exc}", is_warning=True)
            return None
        path = save_profile(profile)
        self.profile, self.warning = profile, None
        self._say(f"Saved to {path}. {profile.summary()} Explorers you open from now on start here.")
        return profile

    def reset(self) -> RunnerProfile:
        self.profile, self.warning = reset_profile(), None
        self._show(self.profile)
        self._say(f"Reset: the saved profile is deleted. {self.profile.summary()}")
        return self.profile

    def summary(self) -> str:
        """The text twin: the message the form shows now (profile, warning or error)."""
        return self._status_text

    def _repr_mimebundle_(self, **kwargs: Any) -> dict:
        widget_repr = getattr(self.widget, "_repr_mimebundle_", None)
        bundle = dict(widget_repr(**kwargs) or {}) if callable(widget_repr) else {}
        bundle["text/plain"] = self.summary()
        bundle["text/markdown"] = f"**Runner profile.** {self.summary()}"
        return bundle
