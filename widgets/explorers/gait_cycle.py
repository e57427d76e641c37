"""Step through one running stride: the runner from the side and the angles over time.

The gait cycle runs from one foot's contact (0 %) to its next contact (100 %). The
near foot is on the ground until toe-off (roughly 35-40 % at distance speeds:
Novacheck 1998, "The biomechanics of running", Gait & Posture 7:77-95; evidence
moderate); then both feet are off the ground (flight); the far foot lands at 50 %,
leaves at 50 % + toe-off, and a second flight ends the stride. Running has no double
support and two flights per stride (Novacheck 1998; strong).

Here toe-off comes from the teaching model: contact time at the runner's speed
(Kipp, Grabowski & Kram 2018) over the stride time, ``100 x t_c x cadence / 120`` %.

A switch limits hip extension: the hip curve is clipped before toe-off and the
compensation the push-off model predicts (:func:`widgets.mechanics.push_off`)
appears in the tilt curve (extra anterior tilt, which co-varies with hip extension in
studies: Franz et al. 2009) or the rotation curve (the article's hypothesis, untested).
Curves, poses and the flight arc come from :mod:`widgets.model.gait`; they are
synthetic, not data.
"""

from __future__ import annotations

import ipywidgets as W
from matplotlib.figure import Figure

from ..drawing import GaitCurvesArtist, RunnerArtist
from ..drawing.style import (
    SMALL_PT,
    chart_axes,
    draw_ground,
    schematic_axes,
    travel_arrow,
)
from ..model.gait import GaitCurves, angle_at, hip_height_m, pose_at, runner_curves
from .base import Explorer
from .controls import Choice, IntegerSlider

EXTENSION_OPTIONS = (("enough hip extension", "enough"), ("limited hip extension", "limited"))
COMPENSATION_OPTIONS = (("extra pelvic tilt (co-varies in studies)", 0.0),
                        ("pelvic rotation (untested hypothesis)", 1.0))


#: Short names of the phases (figure label) and what each means (text twin).
PHASES = {
    "near stance": "stance on the near (black) foot",
    "flight": "flight, both feet off the ground",
    "far stance": "stance on the far (blue) foot while the near leg swings",
}


def phase_at(percent: float, curves: GaitCurves) -> str:
    """Which phase of running the cycle is in at ``percent``: a key of ``PHASES``."""
    events = curves.events
    if percent < events["toe_off"] or percent >= 100.0:
        return "near stance"
    if events["opposite_initial_contact"] <= percent < events["opposite_toe_off"]:
        return "far stance"
    return "flight"


class GaitCycleExplorer(Explorer):
    """Play or step through a stride; limit hip extension and watch the compensation."""

    figsize = (6.8, 4.4)
    title = "The running gait cycle"
    fixed_parameters = ("height_m", "mass_kg", "speed_m_s", "cadence_steps_min")

    def _build_controls(self) -> dict[str, W.ValueWidget]:
        percent = IntegerSlider(value=self.start_value("percent", 0), min=0, max=100, step=1,
                                description="Gait cycle (%)", unit="%", playable=True,
                                play_label="step through the gait cycle", play_step=2)
        extension = Choice(options=list(EXTENSION_OPTIONS), value=self.start_value("extension", "enough"),
                           description="Hip extension")
        compensation = Choice(options=list(COMPENSATION_OPTIONS),
                              value=float(self.start_value("rotation_share", 0.0)),
                              description="Shortfall made up by")
        return {"percent": percent, "extension": extension, "rotation_share": compensation}

    # -- the model behind the figure ---------------------------------------------------
    def runner(self) -> dict[str, float]:
        """Height, mass, speed and cadence of the runner (keyword, profile, else model defaults)."""
        return {name: float(self.start_value(name)) for name in self.fixed_parameters}

    def curves(self, extension: str | None = None, rotation_share: float | None = None) -> GaitCurves:
        """The synthetic curves for the current (or given) switch settings, computed once each."""
        values = self.values()
        limited = (values["extension"] if extension is None else extension) == "limited"
        share = float(values["rotation_share"] if rotation_share is None else rotation_share)
        key = (limited, share)
        if key not in self._curve_cache:
            self._curve_cache[key] = runner_curves(limited=limited, rotation_share=share, **self.runner())
        return self._curve_cache[key]

    # -- figure ----------------------------------------------------------------------
    def _build_artists(self, figure: Figure) -> None:
        self._curve_cache: dict[tuple[bool, float], GaitCurves] = {}
        self.ax_runner, self.ax_curves = figure.subplots(1, 2, width_ratios=[1, 1.6])
        ax = schematic_axes(self.ax_runner)
        height = self.runner()["height_m"]
        ax.set_xlim(-0.75 * height / 1.75, 0.75 * height / 1.75)
        ax.set_ylim(-0.12 * height, 1.2 * height)
        draw_ground(ax, -0.75 * height / 1.75, 0.75 * height / 1.75, depth=0.04 * height)
        travel_arrow(ax, (-0.2 * height, -0.08 * height), (0.2 * height, -0.08 * height))
        self.phase_label = ax.text(0.5, 1.0, "", transform=ax.transAxes, ha="center", va="top",
                                   fontsize=SMALL_PT + 1, fontweight="bold")
        self.person = RunnerArtist(ax, height_m=height)
        self.curves_artist = GaitCurvesArtist(self.ax_curves)
        chart_axes(self.ax_curves, "Angles over one stride")

    def _animated_artists(self) -> list:
        """The runner, the curves, their markers and the phase label: axes and legend stay put."""
        return [*self.curves_artist.artists(), *self.person.artists(), self.phase_label]

    def _update_artists(self, values) -> None:
        curves = self.curves()
        percent = float(values["percent"])
        if self.curves_artist.curves is not curves:
            self.curves_artist.update(curves, percent)
        else:
            self.curves_artist.set_percent(percent)
        hip_y = hip_height_m(percent, curves, self.runner()["height_m"])
        self.person.update(pose_at(percent, curves), hip_xy=(0.0, hip_y))
        self.phase_label.set_text(f"{percent:.0f} %: {phase_at(percent, curves)}")

    # -- words -----------------------------------------------------------------------
    def figure_description(self) -> str:
        return ("Left: a runner seen from the side at the chosen instant of the stride, near leg "
                "black, far leg blue, running to the right. Right: synthetic curves of hip flexion and extension, "
                "anterior pelvic tilt and pelvic rotation over one gait cycle, flight phases "
                "shaded, toe-off marked, with markers at the chosen instant.")

    def summary(self) -> str:
        values = self.values()
        curves = self.curves()
        percent = float(values["percent"])
        hip = angle_at(percent, curves.hip_flexion_deg, curves)
        tilt = angle_at(percent, curves.pelvic_tilt_deg, curves)
        rotation = angle_at(percent, curves.pelvic_rotation_deg, curves)
        runner = self.runner()
        text = (f"At {percent:.0f} % of the gait cycle: {PHASES[phase_at(percent, curves)]}. "
                f"Hip {hip:+.1f} deg (flexion +, extension -), anterior pelvic tilt {tilt:.1f} deg, "
                f"pelvic rotation {rotation:+.1f} deg. Toe-off of the near foot is at "
                f"{curves.events['toe_off']:.1f} % for a runner at {runner['speed_m_s']:.1f} m/s "
                f"and {runner['cadence_steps_min']:.0f} steps/min; each stride has two flight phases. ")
        needed = self.curves(extension="enough").hip_extension_limit_deg
        if values["extension"] == "enough":
            text += (f"With enough hip extension the hip reaches {-needed:+.1f} deg at toe-off and "
                     f"no compensation is needed.")
        else:
            text += (f"Hip extension is limited to {curves.hip_extension_limit_deg:.1f} deg instead "
                     f"of the {needed:.1f} deg the stride needs, so the hip curve is clipped at "
                     f"{-curves.hip_extension_limit_deg:+.1f} deg before toe-off. ")
            if values["rotation_share"] == 0.0:
                text += (f"The model makes up the shortfall with {curves.extra_tilt_deg:.1f} deg of "
                         f"extra anterior pelvic tilt at toe-off; in studies, more anterior tilt "
                         f"co-varies with less hip extension (Franz et al. 2009; Schache, Blanch & "
                         f"Murphy 2000; evidence: moderate), though no study has shown it is a "
                         f"compensation for tight hip flexors.")
            else:
                text += (f"The model makes up the shortfall with {curves.rotation_deg:.1f} deg of "
                         f"extra pelvic rotation at toe-off, the article's hypothesis, which is "
                         f"untested: no study has measured it")
                text += "." if curves.feasible else (
                    "; it would need more rotation than the model's assumed limit, so rotation alone "
                    "cannot close the gap.")
        return text + " The curves are synthetic, drawn through typical key events, not measured."
