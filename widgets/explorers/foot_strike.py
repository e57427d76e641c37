"""FootStrikeExplorer: schematic vertical force of rearfoot and forefoot landings at a chosen speed.

The curves, their sources and their limits are :mod:`widgets.model.ground_force`;
this module draws them and says what they show.
"""


from __future__ import annotations

from typing import Any

import ipywidgets as W
from matplotlib.figure import Figure

from ..drawing.palette import PALETTE
from ..drawing.style import SMALL_PT, TITLE_PT, chart_axes
from ..model.ground_force import PATTERNS, ForceCurve, vertical_force_curve
from ..model.mechanics import PARAMETERS, contact_time_s
from .base import Explorer, parameter_slider
from .controls import Choice

_SHOWN = {"both": PATTERNS, "rearfoot": ("rearfoot",), "forefoot": ("forefoot",)}


class FootStrikeExplorer(Explorer):
    """Schematic vertical force curves of rearfoot and forefoot landings at a chosen speed."""

    figsize = (6.8, 4.2)
    title = "Foot strike and vertical force (schematic)"

    def _build_controls(self) -> dict[str, W.ValueWidget]:
        return {
            "speed_m_s": parameter_slider("speed_m_s", self.start_value("speed_m_s"), step=0.1),
            "cadence_steps_min": parameter_slider(
                "cadence_steps_min", self.start_value("cadence_steps_min"), step=1),
            "shown": Choice(
                options=[("Both landings", "both"), ("Rearfoot landing only", "rearfoot"),
                         ("Forefoot landing only", "forefoot")],
                value=self.start_value("shown", "both"), description="Foot strike shown"),
        }

    def _build_artists(self, figure: Figure) -> None:
        ax = self.ax = figure.add_subplot()
        self.lines = {p: ax.plot([], [], color=PALETTE[p], lw=2.5,
                                 label=f"{p.capitalize()} landing")[0] for p in PATTERNS}
        (self.impact_marker,) = ax.plot([], [], "o", color=PALETTE["rearfoot"], ms=7,
                                        label="Rearfoot impact transient")
        ax.axhline(1.0, color=PALETTE["reference"], ls="--", lw=1.2, label="Body weight")
        self.contact_end = ax.axvline(0.0, color=PALETTE["ground"], ls=":", lw=1.0)
        ax.set_xlim(0, 1000 * contact_time_s(PARAMETERS["speed_m_s"].low) + 10)
        ax.set_ylim(0, 4.0)
        chart_axes(ax, "Vertical ground-reaction force during one contact",
                   xlabel="Time from touch-down (ms)", ylabel="Vertical force (body weights)")
        ax.text(0.99, 0.99, "SCHEMATIC: not measured data", transform=ax.transAxes,
                ha="right", va="top", fontsize=TITLE_PT, fontweight="bold",
                color=PALETTE["body"])
        self.note = ax.text(0.99, 0.91, "", transform=ax.transAxes, ha="right", va="top",
                            fontsize=SMALL_PT)
        ax.legend(loc="upper left", fontsize=SMALL_PT, frameon=False)

    def curves(self) -> dict[str, ForceCurve]:
        """The curves drawn now, by pattern."""
        v = self.values()
        return {p: vertical_force_curve(p, v["speed_m_s"], v["cadence_steps_min"])
                for p in _SHOWN[v["shown"]]}

    def _animated_artists(self) -> list:
        """The curves, the impact marker, the end of contact and the note: axes and legend stay put."""
        return [*self.lines.values(), self.impact_marker, self.contact_end, self.note]

    def _update_artists(self, values: dict[str, Any]) -> None:
        curves = self.curves()
        for pattern, line in self.lines.items():
            curve = curves.get(pattern)
            line.set_visible(curve is not None)
            if curve is not None:
                line.set_data(curve.time_ms, curve.force_bw)
        rear = curves.get("rearfoot")
        if rear is not None:
            self.impact_marker.set_data([rear.impact_peak_ms], [rear.impact_peak_bw])
        self.impact_marker.set_visible(rear is not None)
        any_curve = next(iter(curves.values()))
        self.contact_end.set_xdata([any_curve.contact_time_s * 1000] * 2)
        self.note.set_text(f"contact {any_curve.contact_time_s * 1000:.0f} ms, "
                           f"flight {any_curve.flight_time_s * 1000:.0f} ms\n"
                           f"area = body weight x step time ({any_curve.step_time_s:.3f} s)")

    def summary(self) -> str:
        curves = self.curves()
        any_curve = next(iter(curves.values()))
        parts = [f"Schematic curves, not measured data. At {any_curve.speed_m_s:.1f} m/s and "
                 f"{any_curve.cadence_steps_min:.0f} steps/min: contact "
                 f"{any_curve.contact_time_s * 1000:.0f} ms, step "
                 f"{any_curve.step_time_s * 1000:.0f} ms, flight "
                 f"{any_curve.flight_time_s * 1000:.0f} ms."]
        rear = curves.get("rearfoot")
        if rear is not None:
            parts.append(f"Rearfoot: impact transient {rear.impact_peak_bw:.1f} body weights "
                         f"at {rear.impact_peak_ms:.0f} ms, active peak "
                         f"{rear.active_peak_bw:.1f} body weights at {rear.active_peak_ms:.0f} ms.")
        fore = curves.get("forefoot")
        if fore is not None:
            parts.append(f"Forefoot: no distinct impact peak, active peak "
                         f"{fore.active_peak_bw:.1f} body weights at {fore.active_peak_ms:.0f} ms.")
        parts.append(f"Area under each curve {any_curve.impulse_bw_s:.3f} body-weight seconds "
                     f"= body weight x step time (vertical impulse balance).")
        return " ".join(parts)

    def figure_description(self) -> str:
        return ("Line chart of schematic vertical ground-reaction force in body weights "
                "against time from touch-down in milliseconds, for a rearfoot landing "
                "(with an early impact transient) and a forefoot landing (a smooth arch), "
                "with body weight as a dashed line and the end of contact dotted.")
