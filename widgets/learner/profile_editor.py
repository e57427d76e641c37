"""The runner profile form: number boxes, a pace box, Save and Reset buttons.

The pure part (the dataclass and the file store) is :mod:`widgets.learner.profile`;
this module adds the ipywidgets form on top. Every outcome shows in the form's status
line, which is also the form's text twin (``summary()``): the saved numbers, a warning
about a bad saved file, or "Not saved: <reason>" / "Not reset: <reason>" when the entry
is invalid or the file cannot be written or deleted (the previous file is then kept).
Under it, read-only, the stride measured on video in lesson 07 (if one was saved): the
form shows it and its text twin says it, but the form does not edit it, and a Save
keeps it (it comes from a clip, not from typing).

    ProfileEditor()                  # the form, as the last line of a cell
"""

from __future__ import annotations

import html
import math
from typing import Any, Optional

import ipywidgets as W

from ..bundle import widget_bundle
from ..model.thomas import PELVIS_ANSWERS
from .profile import (
    ProfileStorageError,
    RunnerProfile,
    load_profile,
    reset_profile,
    save_profile,
)

__all__ = ["ProfileEditor"]

_OPTIONAL_ANGLES = ("thomas_thigh_angle_deg", "thomas_knee_flexion_deg")


def _optional_number(name: str, text: str) -> Optional[float]:
    """A number typed in a text box (comma or point as decimal mark), None if left empty."""
    text = text.strip()
    if not text:
        return None
    try:
        value = float(text.replace(",", "."))
    except ValueError:
        raise ValueError(f"{name}={text!r} is not a number; leave it empty if you have no result") from None
    if not math.isfinite(value):
        raise ValueError(f"{name}={text!r} is not a finite number")
    return value


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
                + [(answer, answer) for answer in PELVIS_ANSWERS], style=style, layout=box),
        }
        self.save_button = W.Button(description="Save", tooltip="Save your profile", icon="save")
        self.reset_button = W.Button(description="Reset", tooltip="Delete the saved profile and use the defaults",
                                     icon="undo")
        self.status = W.HTML()
        self.measured = W.HTML().add_class("profile-measured-stride")
        self.save_button.on_click(lambda _: self.save())
        self.reset_button.on_click(lambda _: self.reset())
        self._show(self.profile)
        self._say(self.warning or self.profile.summary(), is_warning=self.warning is not None)
        self.widget = W.VBox([*self.controls.values(), W.HBox([self.save_button, self.reset_button]), self.status,
                              self.measured])

    def _show(self, profile: RunnerProfile) -> None:
        c = self.controls
        c["height_m"].value = profile.height_m
        c["mass_kg"].value = profile.mass_kg
        c["pace"].value = profile.pace_min_per_km
        for name in _OPTIONAL_ANGLES:
            value = getattr(profile, name)
            c[name].value = "" if value is None else f"{value:g}"
        c["thomas_pelvis_moved"].value = profile.thomas_pelvis_moved
        self._show_measured(profile)

    def _show_measured(self, profile: RunnerProfile) -> None:
        self._measured_text = profile.stride_summary()
        self.measured.value = f"<p>{html.escape(self._measured_text)}</p>"

    def _say(self, text: str, is_warning: bool = False) -> None:
        # A problem is announced at once (role="alert"); a normal result politely (role="status").
        role, prefix = ("alert", "<strong>Warning:</strong> ") if is_warning else ("status", "")
        self.status.value = f'<p role="{role}">{prefix}{html.escape(text)}</p>'
        self._status_text = text

    def _entered(self) -> RunnerProfile:
        c = self.controls
        optional = {name: _optional_number(name, c[name].value) for name in _OPTIONAL_ANGLES}
        return RunnerProfile.from_pace(c["height_m"].value, c["mass_kg"].value, c["pace"].value,
                                       thomas_pelvis_moved=c["thomas_pelvis_moved"].value, **optional,
                                       **load_profile().profile.stride_fields())

    def save(self) -> Optional[RunnerProfile]:
        """Validate the form and save it. A bad entry or a failed write is reported in the form
        ("Not saved: <reason>"), and the previous file is kept; returns None then."""
        try:
            profile = self._entered()  # keeps the stride on disk, saved since the form opened too
            path = save_profile(profile)
        except (ValueError, ProfileStorageError) as exc:
            self._say(f"Not saved: {exc}", is_warning=True)
            return None
        self.profile, self.warning = profile, None
        self._show_measured(profile)
        self._say(f"Saved to {path}. {profile.summary()} Explorers you open from now on start here.")
        return profile

    def reset(self) -> Optional[RunnerProfile]:
        """Delete the saved profile and show the defaults; a failed delete is reported in the form
        ("Not reset: <reason>") and leaves the form as it was; returns None then."""
        try:
            profile = reset_profile()
        except ProfileStorageError as exc:
            self._say(f"Not reset: {exc}", is_warning=True)
            return None
        self.profile, self.warning = profile, None
        self._show(profile)
        self._say(f"Reset: the saved profile is deleted. {profile.summary()}")
        return profile

    def summary(self) -> str:
        """The text twin: the message the form shows now (profile, warning or error), then the
        measured stride (or that none is saved)."""
        return f"{self._status_text} {self._measured_text}"

    def _repr_mimebundle_(self, **kwargs: Any) -> dict:
        return widget_bundle(self.widget, plain=self.summary(), markdown=f"**Runner profile.** {self.summary()}",
                             **kwargs)
