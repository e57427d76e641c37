"""Matplotlib artists shared by views: gait curves, a frozen layout, the media's stick figure.

The explorers draw people with :class:`widgets.drawing.body_view.RunnerArtist` (body
volume); the thin :class:`StickFigureArtist` stays for the generated drill media.

Each artist is built once and changed in place by ``update(...)``; nothing here talks to
ipywidgets. Colours come only from :mod:`widgets.drawing.palette`.
"""

from __future__ import annotations

import numpy as np
from matplotlib.axes import Axes
from matplotlib.figure import Figure
from matplotlib.patches import Circle, Rectangle

from ..model.body import Pose, chain_xy, joint_positions
from ..model.gait import GaitCurves, angle_at
from .palette import PALETTE
from .style import SMALL_PT, chart_axes


class StickFigureArtist:
    """A side-view stick figure on ``ax`` whose joints follow :func:`joint_positions`.

    The far side is drawn behind in the far-side colour so the two legs can be told apart.
    ``height_m`` may be changed between updates (the next ``update`` uses it).
    """

    def __init__(self, ax: Axes, height_m: float = 1.75, linewidth: float = 3.0):
        self.ax = ax
        self.height_m = height_m
        self.lines = {}
        for side, colour, z in (("far", PALETTE["far_side"], 2), ("near", PALETTE["near_side"], 3)):
            for limb in ("leg", "arm"):
                (self.lines[f"{side}_{limb}"],) = ax.plot([], [], color=colour, lw=linewidth,
                                                          solid_capstyle="round", zorder=z)
        (self.lines["trunk"],) = ax.plot([], [], color=PALETTE["body"], lw=linewidth + 1, zorder=3)
        self.head = ax.add_patch(Circle(
            (0, 0), 0.1, facecolor="white", edgecolor=PALETTE["body"], lw=linewidth - 1, zorder=4))

    def update(self, pose: Pose, hip_xy=(0.0, 0.0)) -> dict[str, np.ndarray]:
        """Move the figure to ``pose``; return the joint positions used."""
        points = joint_positions(pose, self.height_m, hip_xy)
        for side in ("far", "near"):
            for limb in ("leg", "arm"):
                xy = chain_xy(points, side, limb)
                self.lines[f"{side}_{limb}"].set_data(xy[:, 0], xy[:, 1])
        trunk = np.array([points["hip"], points["shoulder"], points["neck"]])
        self.lines["trunk"].set_data(trunk[:, 0], trunk[:, 1])
        self.head.set_center(tuple(points["head"]))
        self.head.set_radius(float(points["head_radius"][0]))
        return points

    def artists(self) -> list:
        return [*self.lines.values(), self.head]


def freeze_layout(figure: Figure) -> None:
    """Lay the figure out once, then keep the axes where they are.

    Constrained layout measures every text on every draw, about half the cost of a
    redraw; an explorer's axes do not move when a slider does, so one layout is enough.
    """
    engine = figure.get_layout_engine()
    if engine is not None:
        engine.execute(figure)
    figure.set_layout_engine("none")
    # Titles and axis labels also re-measure the tick labels on every draw to find
    # their place; pin them where the first draw put them.
    figure.draw_without_rendering()
    for ax in figure.axes:
        if ax.get_title():
            ax.set_title(ax.get_title(), y=ax.title.get_position()[1], fontsize=ax.title.get_fontsize())
        for axis in (ax.xaxis, ax.yaxis):
            if axis.label.get_text():
                x, y = ax.transAxes.inverted().transform(axis.label.get_window_extent().get_points().mean(axis=0))
                axis.set_label_coords(x, y)
                axis.label.set_verticalalignment("center")
                axis.label.set_horizontalalignment("center")


class GaitCurvesArtist:
    """Synthetic hip, pelvic-tilt and pelvic-rotation curves over % of the cycle.

    Flight phases are shaded, toe-off is marked, the hip curve a runner with enough
    extension would follow is dashed, and ``set_percent`` moves a cursor and one
    marker per curve. The axes say the curves are synthetic.
    """

    _CURVES = (
        ("hip_flexion_deg", "hip: flexion +, extension \N{MINUS SIGN}", "hip_extension"),
        ("pelvic_tilt_deg", "anterior pelvic tilt", "tilt"),
        ("pelvic_rotation_deg", "pelvic rotation (push-off hip forward +)", "rotation"),
    )

    def __init__(self, ax: Axes):
        self.ax = ax
        chart_axes(ax, xlabel="Gait cycle (%)", ylabel="Angle (deg)")
        ax.set_xlim(0, 100)
        ax.set_ylim(-40, 50)
        ax.axhline(0.0, color=PALETTE["reference"], lw=0.8)
        self.flight = [ax.add_patch(Rectangle((0, 0), 0, 1, transform=ax.get_xaxis_transform(),
                                              facecolor=PALETTE["reference"], alpha=0.25, lw=0,
                                              label="flight" if i == 0 else None))
                       for i in range(2)]
        (self.toe_off,) = ax.plot([], [], color=PALETTE["body"], lw=1, ls=":")
        self.toe_off.set_transform(ax.get_xaxis_transform())
        self.toe_off_label = ax.text(0, 0.98, "toe-off", transform=ax.get_xaxis_transform(),
                                     fontsize=SMALL_PT, ha="right", va="top", rotation=90)
        (self.hip_unlimited,) = ax.plot([], [], color=PALETTE["hip_extension"], lw=1.2, ls="--",
                                        label="hip with enough extension")
        self.lines, self.markers = {}, {}
        for field, label, role in self._CURVES:
            (self.lines[field],) = ax.plot([], [], color=PALETTE[role], lw=2, label=label)
            (self.markers[field],) = ax.plot([], [], ls="none", marker="o", markersize=7,
                                             color=PALETTE[role], markeredgecolor=PALETTE["body"])
        (self.cursor,) = ax.plot([0, 0], [0, 1], color=PALETTE["body"], lw=1)
        self.cursor.set_transform(ax.get_xaxis_transform())
        ax.text(0.99, 0.02, "synthetic curves, not measured data", transform=ax.transAxes,
                ha="right", va="bottom", fontsize=SMALL_PT, style="italic")
        ax.legend(loc="upper center", bbox_to_anchor=(0.45, -0.17), ncols=2, fontsize=SMALL_PT, frameon=False,
                  handlelength=1.6, columnspacing=1.0, labelspacing=0.3, borderaxespad=0.0)
        self.curves: GaitCurves | None = None
        self.percent = 0.0

    def update(self, curves: GaitCurves, percent: float | None = None) -> None:
        """Show ``curves``; move the marker to ``percent`` (default: where it was)."""
        self.curves = curves
        for field, line in self.lines.items():
            line.set_data(curves.percent, getattr(curves, field))
        self.hip_unlimited.set_data(curves.percent, curves.hip_flexion_unlimited_deg)
        for rectangle, (start, end) in zip(self.flight, curves.flight_percent):
            rectangle.set_x(start)
            rectangle.set_width(end - start)
        toe_off = curves.events["toe_off"]
        self.toe_off.set_data([toe_off, toe_off], [0, 1])
        self.toe_off_label.set_x(toe_off)
        self.set_percent(self.percent if percent is None else percent)

    def set_percent(self, percent: float) -> None:
        """Move the cursor and the markers to ``percent`` of the cycle."""
        if self.curves is None:
            raise ValueError("call update(curves) before set_percent")
        self.percent = float(percent)
        for field, marker in self.markers.items():
            marker.set_data([self.percent], [angle_at(self.percent, getattr(self.curves, field), self.curves)])
        self.cursor.set_data([self.percent, self.percent], [0, 1])

    def artists(self) -> list:
        return [*self.flight, self.toe_off, self.toe_off_label, self.hip_unlimited,
                *self.lines.values(), *self.markers.values(), self.cursor]
