"""The Thomas Test Explorer: enter the angles of your own modified Thomas test and see the posture.

The reading itself (what the angles may suggest, and the test's limits) is
:func:`widgets.model.thomas.interpret_thomas_test`; this module only draws and asks.
"""

from __future__ import annotations

import ipywidgets as W
import numpy as np
from matplotlib.figure import Figure
from matplotlib.patches import Polygon, Rectangle

from ..drawing import RunnerArtist
from ..drawing.palette import PALETTE
from ..drawing.style import LABEL_PT, SMALL_PT, TITLE_PT, band_xy, schematic_axes
from ..model.thomas import (
    KNEE_FLEXION_LIMITS_DEG,
    PELVIS_ANSWERS,
    THIGH_ANGLE_LIMITS_DEG,
    ThomasReading,
    interpret_thomas_test,
    thomas_test_pose,
)
from .base import Explorer
from .controls import Choice, Slider

#: Bench top height in the drawing (m) and how far the hip joint sits above it.
_BENCH_TOP_M = 0.70
_HIP_ABOVE_BENCH_M = 0.10


class ThomasTestExplorer(Explorer):
    """Enter the angles of your own modified Thomas test; read what they may suggest."""

    figsize = (6.8, 4.0)
    title = "Your modified Thomas test"

    fixed_parameters = ("height_m",)

    def _initial(self, name: str, default):
        """Where a control starts: the learner's saved test result, else ``default``."""
        saved = None if self.profile is None else getattr(self.profile, f"thomas_{name}")
        return self.start_value(name, default if saved is None else saved)

    def _build_controls(self) -> dict[str, W.ValueWidget]:
        low, high = THIGH_ANGLE_LIMITS_DEG
        thigh = Slider(value=self._initial("thigh_angle_deg", 0.0), min=low, max=high, step=1.0,
                       decimals=0, unit="deg",
                       description="Thigh angle to horizontal (deg; + above, - below)")
        low, high = KNEE_FLEXION_LIMITS_DEG
        knee = Slider(value=self._initial("knee_flexion_deg", 80.0), min=low, max=high, step=1.0,
                      decimals=0, unit="deg", description="Knee flexion of the hanging leg (deg)")
        pelvis = Choice(options=[(answer, answer) for answer in PELVIS_ANSWERS],
                        value=self._initial("pelvis_moved", "not sure"),
                        description="Did your lower back arch or your pelvis tilt?")
        return {"thigh_angle_deg": thigh, "knee_flexion_deg": knee, "pelvis_moved": pelvis}

    def reading(self) -> ThomasReading:
        values = self.values()
        return interpret_thomas_test(values["thigh_angle_deg"], values["knee_flexion_deg"],
                                     values["pelvis_moved"])

    def _build_artists(self, figure: Figure) -> None:
        ax = self.ax = schematic_axes(figure.add_subplot())
        ax.set_xlim(-1.25, 1.0)
        ax.set_ylim(0.0, 1.52)
        # The bench: a padded top and two legs, behind the person.
        ax.add_patch(Rectangle((-1.15, _BENCH_TOP_M - 0.07), 1.15, 0.07, facecolor=PALETTE["reference"],
                               edgecolor=PALETTE["body"], lw=1, zorder=1))
        for x in (-1.1, -0.1):
            ax.add_patch(Rectangle((x, 0.0), 0.05, _BENCH_TOP_M - 0.07, facecolor=PALETTE["body"], alpha=0.35,
                                   lw=0, zorder=0.5))
        ax.plot([-1.25, 1.0], [0.0, 0.0], color=PALETTE["ground"], lw=1.5, zorder=0.6)
        hip_y = _BENCH_TOP_M + _HIP_ABOVE_BENCH_M
        ax.plot([0.0, 0.85], [hip_y, hip_y], color=PALETTE["body"], lw=1, ls="--", zorder=6)
        ax.text(0.85, hip_y - 0.015, "horizontal", ha="right", va="top", fontsize=SMALL_PT)
        self.person = RunnerArtist(ax, height_m=float(self.start_value("height_m", 1.75)))
        # The thigh angle, coloured where it acts: a band beyond the hanging knee.
        self.angle_band = ax.add_patch(Polygon(np.zeros((3, 2)), facecolor=PALETTE["hip_extension"],
                                               edgecolor="white", lw=0.6, zorder=5))
        (self.thigh_line,) = ax.plot([], [], color=PALETTE["hip_extension"], lw=1, ls="--", zorder=5)
        self.angle_label = ax.text(0, 0, "", color=PALETTE["body"], fontsize=LABEL_PT, fontweight="bold",
                                   ha="left", va="center", zorder=6)
        self.verdict = ax.text(0.0, 1.0, "", transform=ax.transAxes, va="top", fontsize=TITLE_PT,
                               fontweight="bold")

    def _update_artists(self, values) -> None:
        thigh = values["thigh_angle_deg"]
        hip = (0.0, _BENCH_TOP_M + _HIP_ABOVE_BENCH_M)
        self.person.update(thomas_test_pose(thigh, values["knee_flexion_deg"]), hip_xy=hip)
        inner, outer = 0.5, 0.68
        self.angle_band.set_xy(band_xy(hip, inner, outer, 0.0, thigh))
        self.angle_band.set_visible(abs(thigh) > 0.05)
        a = np.radians(thigh)
        self.thigh_line.set_data([hip[0], hip[0] + (outer + 0.1) * np.cos(a)],
                                 [hip[1], hip[1] + (outer + 0.1) * np.sin(a)])
        middle = np.radians(thigh / 2)
        self.angle_label.set_position((hip[0] + (outer + 0.04) * np.cos(middle),
                                       hip[1] + (outer + 0.04) * np.sin(middle) + (0.05 if thigh >= 0 else -0.05)))
        self.angle_label.set_text(f"thigh {thigh:+.0f}\N{DEGREE SIGN}")
        reading = self.reading()
        self.verdict.set_text(f"Test reads {'positive' if reading.positive else 'negative'}; "
                              f"knee {values['knee_flexion_deg']:.0f} deg")

    def _animated_artists(self) -> list:
        """The person, the angle band and its label, the verdict: the bench and the floor stay."""
        return [*self.person.artists(), self.angle_band, self.thigh_line, self.angle_label, self.verdict]

    def figure_description(self) -> str:
        return ("A person lies on their back at the end of a bench, hugging one knee to the "
                "chest; the other thigh hangs over the bench end at the entered angle to a dashed "
                "horizontal line, marked by a blue band, with the knee bent at the entered angle.")

    def summary(self) -> str:
        return self.reading().text()
