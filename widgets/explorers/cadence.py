"""Cadence, contact and flight: how speed and step rate share out one step's time.

The timing itself (step, contact and flight time, stride length) is
:mod:`widgets.model.timing`; this module draws it and adds the step-rate changes.

:class:`CadenceExplorer` adds the step-rate changes of Heiderscheit et al. 2011
("Effects of step rate manipulation on joint mechanics during running", Med Sci
Sports Exerc 43:296): at the same speed, +5 % and +10 % step rate lowered the energy
absorbed at the knee (and at the hip at +10 %) and the braking impulse. Evidence is
strong for those joint loads; injury outcomes were not measured.

The explorer holds contact time at the value for the speed: an assumption of this
teaching model, so a higher step rate here shortens flight and stride only.
"""

from __future__ import annotations

import ipywidgets as W
import numpy as np
from matplotlib.figure import Figure
from matplotlib.patches import Rectangle

from ..drawing.palette import PALETTE
from ..drawing.style import LABEL_PT, SMALL_PT, chart_axes
from ..model.mechanics import PARAMETERS, contact_time_s
from ..model.timing import (
    STEP_RATE_INCREASES_PCT,
    StepTiming,
    describe_timing,
    raised_cadence_steps_min,
    step_timing,
)
from .base import Explorer, parameter_slider
from .controls import Choice

_FLIGHT_COLOUR = PALETTE["reference"]
_CONTACT_COLOUR = PALETTE["hip_extension"]
_RAISED_COLOUR = PALETTE["tilt"]


class CadenceExplorer(Explorer):
    """Speed and cadence in; contact, flight and stride length out, now and at +5/+10 %."""

    figsize = (6.8, 4.4)
    title = "Cadence, contact time and stride length"

    def _build_controls(self) -> dict[str, W.ValueWidget]:
        increase = Choice(
            options=[(f"+{pct} % step rate" if pct else "no change", pct) for pct in STEP_RATE_INCREASES_PCT],
            value=int(self.start_value("step_rate_increase_pct", 5)),
            description="Compare with a step rate raised by")
        return {
            "speed_m_s": parameter_slider("speed_m_s", self.start_value("speed_m_s"), step=0.1),
            "cadence_steps_min": parameter_slider(
                "cadence_steps_min", self.start_value("cadence_steps_min"), step=1),
            "step_rate_increase_pct": increase,
        }

    # -- the model behind the figure ------------------------------------------------
    def timings(self) -> tuple[StepTiming, StepTiming]:
        """Step timing at the chosen cadence and at the raised cadence."""
        values = self.values()
        now = step_timing(values["speed_m_s"], values["cadence_steps_min"])
        raised = step_timing(values["speed_m_s"], raised_cadence_steps_min(
            values["cadence_steps_min"], values["step_rate_increase_pct"]))
        return now, raised

    # -- figure ---------------------------------------------------------------------
    def _build_artists(self, figure: Figure) -> None:
        self.ax_time, self.ax_speed = figure.subplots(1, 2, width_ratios=[1.25, 1])

        ax = chart_axes(self.ax_time, "One stride in time (two steps)", xlabel="Time from right-foot contact (s)")
        ax.set_yticks([])
        ax.spines["left"].set_visible(False)
        self.row_labels = [ax.text(-0.02, y, label, transform=ax.get_yaxis_transform(),
                                   ha="right", va="center", fontsize=LABEL_PT)
                           for y, label in ((1, "now"), (0, "raised"))]
        ax.set_ylim(-0.5, 2.0)
        ax.set_xlim(0, 2 * 60.0 / 140.0)
        self.bars: dict[str, list[Rectangle]] = {}
        for row, y in (("now", 1), ("raised", 0)):
            self.bars[row] = []
            for part in ("contact", "flight", "contact", "flight"):
                colour = _CONTACT_COLOUR if part == "contact" else _FLIGHT_COLOUR
                patch = Rectangle((0, y - 0.3), 0, 0.6, facecolor=colour,
                                  edgecolor=PALETTE["body"], lw=0.8,
                                  hatch=None if part == "contact" else "//",
                                  label=part if row == "now" and len(self.bars[row]) < 2 else None)
                ax.add_patch(patch)
                self.bars[row].append(patch)
        ax.legend(loc="upper right", fontsize=SMALL_PT, ncols=2, frameon=False, borderaxespad=0.1)
        self.stride_text = ax.text(0.0, 1.0, "", transform=ax.transAxes, fontsize=SMALL_PT, va="top",
                                   linespacing=1.2)

        ax = chart_axes(self.ax_speed, "Contact time and step time", xlabel="Speed (m/s)", ylabel="Time (s)")
        low, high = PARAMETERS["speed_m_s"].low, PARAMETERS["speed_m_s"].high
        speeds = np.linspace(low, high, 50)
        ax.plot(speeds, contact_time_s(speeds), color=_CONTACT_COLOUR, lw=2,
                label="contact time (Kipp et al. 2018)")
        self.step_line = ax.axhline(0, color=PALETTE["body"], lw=1.5, label="step time now")
        self.raised_step_line = ax.axhline(0, color=_RAISED_COLOUR, lw=1.5, ls="--",
                                           label="step time raised")
        (self.flight_span,) = ax.plot([], [], color=_FLIGHT_COLOUR, lw=5, solid_capstyle="butt",
                                      label="flight (step - contact)")
        (self.speed_marker,) = ax.plot([], [], "o", color=_CONTACT_COLOUR, ms=8)
        ax.set_xlim(low, high)
        ax.set_ylim(0.15, 60.0 / 140.0 + 0.1)
        ax.legend(loc="upper right", fontsize=SMALL_PT, frameon=False, borderaxespad=0.1, labelspacing=0.3)

    def _animated_artists(self) -> list:
        """The bars, the step-time lines, the marker and their texts: axes and legends stay put."""
        return [*self.bars["now"], *self.bars["raised"], self.row_labels[1], self.stride_text, self.step_line,
                self.raised_step_line, self.flight_span, self.speed_marker]

    def _update_artists(self, values) -> None:
        now, raised = self.timings()
        increase = values["step_rate_increase_pct"]
        self.row_labels[1].set_text(f"+{increase} %" if increase else "as is")
        for row, timing in (("now", now), ("raised", raised)):
            start = 0.0
            contact = min(timing.contact_time_s, timing.step_time_s)
            for patch, width in zip(self.bars[row], (contact, timing.flight_time_s) * 2):
                patch.set_x(start)
                patch.set_width(width)
                start += width
        self.stride_text.set_text(
            f"stride {now.stride_length_m:.2f} m now\n{raised.stride_length_m:.2f} m raised")
        self.step_line.set_ydata([now.step_time_s] * 2)
        self.raised_step_line.set_ydata([raised.step_time_s] * 2)
        self.speed_marker.set_data([now.speed_m_s], [now.contact_time_s])
        top = max(now.step_time_s, now.contact_time_s)
        self.flight_span.set_data([now.speed_m_s] * 2, [now.contact_time_s, top])

    # -- words ------------------------------------------------------------------------
    def figure_description(self) -> str:
        return ("Left: a timeline of one stride, two steps, each a ground contact (solid bar) "
                "followed by a flight (hatched bar), for the chosen cadence and for the raised "
                "cadence. Right: contact time against speed (Kipp et al. 2018) with horizontal "
                "lines for the step time; the gap between them is the flight time.")

    def summary(self) -> str:
        now, raised = self.timings()
        increase = self.values()["step_rate_increase_pct"]
        text = describe_timing(now)
        if increase:
            change_pct = 100.0 * (raised.stride_length_m / now.stride_length_m - 1.0)
            text += (f" With +{increase} % step rate ({raised.cadence_steps_min:.0f} steps/min) "
                     f"at the same speed, steps last {raised.step_time_s:.3f} s, ")
            if raised.has_flight:
                text += f"flight shrinks to {raised.flight_time_s:.3f} s "
            else:
                text += ("flight vanishes (contact fills the whole step: no flight phase, which by the "
                         "usual definition is no longer running, although slow 'grounded running' exists) ")
            text += (f"and stride length falls to {raised.stride_length_m:.2f} m "
                     f"({change_pct:.1f} %); contact time is held at "
                     f"{raised.contact_time_s:.3f} s, a simplification of this model. "
                     f"Heiderscheit et al. 2011 found that +5 to +10 % step rate reduced the "
                     f"energy absorbed at the knee (and at the hip at +10 %) and the braking "
                     f"impulse (evidence strong for these joint loads; injuries were not "
                     f"measured).")
        return text
