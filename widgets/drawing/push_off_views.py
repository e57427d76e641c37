"""The push-off views: what the reach-budget model (:func:`widgets.mechanics.push_off`) says.

- :class:`ToeOffSideView`: the runner (with body volume) from the side at toe-off, the
  pelvic tilt and the hip extension as coloured wedges, the reach the model needs as a
  dimension line under the ground;
- :class:`PelvisTopView`: the pelvic ring from above, the push-off hip moved back by the
  rotation (an arc with its angle) and the direction of the push;
- :class:`ReachBudgetView`: where the reach comes from (hip extension, tilt, distal
  offset, extra tilt, rotation) against what is required.
:class:`PushOffViews` lays the three out on one figure. Every view draws from the
result alone, inputs included (``result.inputs``): nothing is worked back out of outputs.
"""

from __future__ import annotations

import itertools
import numpy as np
from matplotlib.axes import Axes
from matplotlib.figure import Figure
from matplotlib.patches import FancyArrowPatch, PathPatch, Polygon, Rectangle
from matplotlib.path import Path

from ..model.body import joint_positions, pelvis_xy
from ..model.gait import toe_off_pose
from ..model.mechanics import PARAMETERS, PushOff, push_off
from .body_view import RunnerArtist
from .palette import PALETTE
from .style import (LABEL_PT, SMALL_PT, arc_xy, band_xy, capsule_xy, chart_axes, draw_ground,
                    from_down_to_math_deg, schematic_axes, travel_arrow)


def _longest_reach_cm() -> float:
    """The longest bar the budget can need over the model's parameter ranges (cm), rounded up."""
    names = ("height_m", "speed_m_s", "hip_extension_deg", "pelvic_tilt_deg", "contact_share_behind_hip")
    corners = itertools.product(*((PARAMETERS[n].low, PARAMETERS[n].high) for n in names))
    grid = np.array(list(corners)).T
    result = push_off(**dict(zip(names, grid)))
    longest = np.maximum(result.reach_required_m, result.reach_available_m).max()
    return float(10 * np.ceil(10 * longest))


class ToeOffSideView:
    """The runner from the side at toe-off, drawn with body volume, no axes.

    The hip is above x = 0 and the toe of the push-off (near, dark) leg on the ground.
    What the controls change is coloured where it acts: the pelvis and its tilt (an
    orange wedge between the level dashed line and the pelvis), the hip extension (a
    blue wedge between the thigh in line with the pelvis and the thigh), the reach
    needed as a dimension line under the ground, and any reach still missing as a
    purple gap on the ground in front of the required toe position.
    """

    _WEDGE_M = 0.5  # inner radius of the hip-extension band, beyond the knee
    _TILT_WEDGE_M = 0.3

    def __init__(self, ax: Axes):
        self.ax = ax
        schematic_axes(ax, "Side view at toe-off")
        ax.set_xlim(-0.85, 0.75)
        ax.set_ylim(-0.26, 2.14)
        draw_ground(ax, -0.85, 0.75)
        travel_arrow(ax, (0.22, 1.98), (0.68, 1.98))
        (self.hip_vertical,) = ax.plot([], [], color=PALETTE["reference"], lw=1, ls="--", zorder=1)
        self.figure = RunnerArtist(ax)
        (self.pelvis_neutral,) = ax.plot([], [], color=PALETTE["body"], lw=1, ls="--", zorder=6)
        self.tilt_wedge = ax.add_patch(Polygon(np.zeros((3, 2)), facecolor=PALETTE["tilt"], edgecolor="white",
                                               lw=0.6, zorder=5.5))
        self.pelvis = ax.add_patch(Polygon(np.zeros((3, 2)), facecolor=PALETTE["tilt"], edgecolor=PALETTE["body"],
                                           lw=1.0, zorder=6))
        self.tilt_label = ax.text(0, 0, "", fontsize=SMALL_PT, ha="left", va="center", zorder=7,
                                  color=PALETTE["body"])
        (self.thigh_neutral,) = ax.plot([], [], color=PALETTE["hip_extension"], lw=1, ls="--", zorder=6)
        self.extension_wedge = ax.add_patch(Polygon(np.zeros((3, 2)), facecolor=PALETTE["hip_extension"],
                                                    edgecolor="white", lw=0.6, zorder=5.5))
        self.extension_label = ax.text(0, 0, "", fontsize=SMALL_PT, ha="left", va="bottom", zorder=7,
                                       color=PALETTE["hip_extension"])
        # The reach needed: a dimension line under the ground, from the hip's plumb line back.
        y = -0.10
        self.dimension = ax.add_patch(FancyArrowPatch((0, y), (-0.4, y), arrowstyle="<|-|>", mutation_scale=9,
                                                      color=PALETTE["required"], lw=1.2, shrinkA=0, shrinkB=0))
        (self.required_bracket,) = ax.plot([], [], color=PALETTE["required"], lw=1.0)
        self.required_label = ax.text(0, -0.16, "", ha="center", va="top", fontsize=SMALL_PT,
                                      color=PALETTE["required"])
        self.shortfall = ax.add_patch(Rectangle((0, -0.025), 0, 0.05, facecolor=PALETTE["shortfall"],
                                                edgecolor=PALETTE["body"], lw=0.8, zorder=7))
        self.shortfall_label = ax.text(0, 0.05, "", ha="right", va="bottom", fontsize=SMALL_PT,
                                       color=PALETTE["body"], zorder=7)

    def update(self, result: PushOff) -> None:
        height = float(result.inputs.height_m)
        self.figure.height_m = height
        pose = toe_off_pose(result)
        hip_y = -float(joint_positions(pose, height)["near_toe"][1])
        points = self.figure.update(pose, (0.0, hip_y))
        hip = points["hip"]
        self.hip_vertical.set_data([0.0, 0.0], [0.0, hip_y])

        # The pelvis: level (dashed) and as tilted by the runner's tilt plus any extra tilt.
        tilt = float(pose.pelvic_tilt_deg)
        self.pelvis_ends = pelvis_xy(pose, height, (0.0, hip_y))
        back, front = self.pelvis_ends
        centre = (back + front) / 2
        half = float(np.hypot(*(front - back))) / 2
        self.pelvis.set_xy(capsule_xy(back, front, 0.022 * height, 0.018 * height))
        self.pelvis_neutral.set_data([centre[0] - 1.5 * half, centre[0] + 1.6 * self._TILT_WEDGE_M],
                                     [centre[1], centre[1]])
        self.tilt_wedge.set_xy(band_xy(centre, 0.6 * self._TILT_WEDGE_M, self._TILT_WEDGE_M, 0.0, -tilt))
        self.tilt_label.set_position((centre[0] + self._TILT_WEDGE_M + 0.02, centre[1] + 0.04))
        self.tilt_label.set_text(f"pelvic tilt {tilt:.1f}\N{DEGREE SIGN}")

        # Hip extension: from the thigh in line with the pelvis (0 deg) to the thigh at toe-off.
        neutral = from_down_to_math_deg(-tilt)
        thigh = from_down_to_math_deg(-tilt + float(pose.near_leg.hip_flexion_deg))
        reach = self._WEDGE_M + 0.3
        self.thigh_neutral.set_data([hip[0], hip[0] + reach * np.cos(np.radians(neutral))],
                                    [hip[1], hip[1] + reach * np.sin(np.radians(neutral))])
        self.extension_wedge.set_xy(band_xy(hip, self._WEDGE_M, self._WEDGE_M + 0.22, neutral, thigh))
        used = -float(pose.near_leg.hip_flexion_deg)
        available = float(result.inputs.hip_extension_deg)
        text = f"hip extension\n{used:.1f}\N{DEGREE SIGN}"
        if available - used > 0.05:
            text += f" (of {available:.1f}\N{DEGREE SIGN})"
        self.extension_label.set_text(text)
        band = self.extension_wedge.get_xy()
        self.extension_label.set_position((-0.84, float(band[:, 1].max()) + 0.06))

        required = float(result.reach_required_m)
        achieved = float(result.reach_achieved_m)
        y = -0.10
        self.dimension.set_positions((0.0, y), (-required, y))
        self.required_bracket.set_data([0.0, 0.0, np.nan, -required, -required], [y - 0.04, y + 0.04, np.nan,
                                                                                  y - 0.04, y + 0.04])
        self.required_label.set_position((-required / 2, y - 0.05))
        self.required_label.set_text(f"reach needed {100 * required:.1f} cm")
        missing = required - achieved
        self.shortfall.set_x(-required)
        self.shortfall.set_width(max(0.0, missing))
        self.shortfall.set_visible(missing > 1e-4)
        self.shortfall_label.set_visible(missing > 1e-4)
        self.shortfall_label.set_position((-achieved + 0.02, 0.04))
        self.shortfall_label.set_text(f"short {100 * missing:.1f} cm")

    def artists(self) -> list:
        return [*self.figure.artists(), self.hip_vertical, self.pelvis_neutral, self.tilt_wedge, self.pelvis,
                self.tilt_label, self.thigh_neutral, self.extension_wedge, self.extension_label, self.dimension,
                self.required_bracket, self.required_label, self.shortfall, self.shortfall_label]


#: The pelvis seen from above, in units of the half distance between the hip joints
#: (x to the push-off side, y forward): the iliac crests flaring out beyond the hips,
#: the sacrum at the back, the pubic symphysis in front, and the pelvic inlet (the
#: ring's opening). Schematic proportions.
_PELVIS_OUTLINE = np.array([
    (0.0, -0.62), (0.18, -0.70), (0.30, -0.86), (0.62, -0.84), (1.05, -0.62), (1.40, -0.28),
    (1.55, 0.05), (1.50, 0.32), (1.30, 0.42), (1.12, 0.26), (0.92, 0.18), (0.70, 0.36),
    (0.40, 0.52), (0.14, 0.60), (0.0, 0.52),
])
_PELVIS_OUTER = np.vstack([_PELVIS_OUTLINE, (_PELVIS_OUTLINE * (-1, 1))[-2:0:-1]])
_INLET = np.column_stack([0.50 * np.cos(np.linspace(0, -2 * np.pi, 40)),
                          -0.08 + 0.40 * np.sin(np.linspace(0, -2 * np.pi, 40))])


def pelvis_ring_path(half_width_m: float, rotation_deg: float) -> Path:
    """The pelvic ring from above, ``half_width_m`` from centre to each hip joint, rotated
    ``rotation_deg`` clockwise (the push-off hip, on the right, moves back)."""
    phi = np.radians(rotation_deg)
    turn = np.array([[np.cos(phi), np.sin(phi)], [-np.sin(phi), np.cos(phi)]])
    outer = half_width_m * _PELVIS_OUTER @ turn.T
    inner = half_width_m * _INLET @ turn.T
    vertices = np.vstack([outer, outer[:1], inner, inner[:1]])
    codes = ([Path.MOVETO] + [Path.LINETO] * (len(outer) - 1) + [Path.CLOSEPOLY]
             + [Path.MOVETO] + [Path.LINETO] * (len(inner) - 1) + [Path.CLOSEPOLY])
    return Path(vertices, codes)


class PelvisTopView:
    """The pelvis from above: rotation, the push-off hip moving back, the push direction.

    The push-off (near) hip is on the right and highlighted. Rotating the pelvis moves
    it back by ``w sin(phi)`` (the arc, labelled with the angle); a push along the pelvis
    heading then points ``phi`` off forward, and only ``cos(phi)`` of it (the dashed
    arrow) drives the runner forward; the label says how far the hip moves back and that
    forward share (the energy is in the explorer's readouts). Beyond the usable limit the pelvis is
    still drawn at the rotation needed, with the limit dotted, so the learner sees how
    far out of reach it is. The hip width is the result's own (``result.inputs.hip_half_width_m``).
    """

    _PUSH_LENGTH_M = 0.15

    def __init__(self, ax: Axes):
        self.ax = ax
        schematic_axes(ax, "Pelvis from above")
        ax.set_xlim(-0.2, 0.2)
        ax.set_ylim(-0.245, 0.225)
        (self.forward,) = ax.plot([0, 0], [-0.1, 0.17], color=PALETTE["reference"], lw=1, ls="--", zorder=1)
        ax.text(0.0, 0.175, "forward", ha="center", va="bottom", fontsize=SMALL_PT)
        self.outline = ax.add_patch(PathPatch(pelvis_ring_path(0.09, 0.0), facecolor=PALETTE["body"], alpha=0.18,
                                              edgecolor="none", zorder=2))
        self.outline_edge = ax.add_patch(PathPatch(pelvis_ring_path(0.09, 0.0), facecolor="none",
                                                   edgecolor=PALETTE["body"], lw=1.3, zorder=2.1))
        (self.pelvis_neutral,) = ax.plot([], [], color=PALETTE["reference"], lw=1, ls="--", zorder=1)
        (self.pelvis,) = ax.plot([], [], color=PALETTE["body"], lw=1.2, marker="o", markersize=6, zorder=3)
        (self.push_off_hip,) = ax.plot([], [], ls="none", marker="o", markersize=10, zorder=4,
                                       color=PALETTE["rotation"], markeredgecolor=PALETTE["body"])
        self.hip_label = ax.text(0, 0, "push-off hip", ha="center", va="top", fontsize=SMALL_PT, zorder=5)
        (self.hip_path,) = ax.plot([], [], color=PALETTE["rotation"], lw=2.5, zorder=3)
        self.rotation_label = ax.text(0, 0, "", fontsize=LABEL_PT, ha="left", va="center",
                                      color=PALETTE["body"], zorder=5)
        self.push = ax.add_patch(FancyArrowPatch((0, 0), (0, 1), arrowstyle="-|>", mutation_scale=14,
                                                 color=PALETTE["rotation"], lw=2.2, zorder=4, shrinkA=0, shrinkB=0))
        self.forward_part = ax.add_patch(FancyArrowPatch((0, 0), (0, 1), arrowstyle="-|>", mutation_scale=12,
                                                         color=PALETTE["body"], lw=1.5, ls="--", zorder=4,
                                                         shrinkA=0, shrinkB=0))
        (self.limit,) = ax.plot([], [], color=PALETTE["rotation"], lw=1.5, ls=":", zorder=3)
        self.label = ax.text(-0.2, -0.245, "", fontsize=SMALL_PT, va="bottom", ha="left", zorder=6,
                             bbox={"facecolor": "white", "edgecolor": "none", "alpha": 0.85, "pad": 1})

    def update(self, result: PushOff) -> None:
        half_width = float(result.inputs.hip_half_width_m)
        needed = float(result.pelvic_rotation_deg)
        limit = float(result.max_rotation_deg)
        phi = np.radians(needed)
        right = np.array([half_width * np.cos(phi), -half_width * np.sin(phi)])
        ring = pelvis_ring_path(half_width, needed)
        self.outline.set_path(ring)
        self.outline_edge.set_path(ring)
        self.pelvis_neutral.set_data([-half_width, half_width], [0.0, 0.0])
        self.pelvis.set_data([-right[0], right[0]], [-right[1], right[1]])
        self.push_off_hip.set_data([right[0]], [right[1]])
        self.hip_label.set_position((right[0], right[1] - 0.022))
        arc = arc_xy((0.0, 0.0), half_width, 0.0, -needed, 16)
        self.hip_path.set_data(arc[:, 0], arc[:, 1])
        self.hip_path.set_visible(needed > 0.05)
        self.rotation_label.set_position((half_width + 0.018, -half_width * np.sin(phi / 2) - 0.004))
        self.rotation_label.set_text(f"{needed:.1f}\N{DEGREE SIGN}")
        heading = np.array([np.sin(phi), np.cos(phi)])
        self.push.set_positions(tuple(right), tuple(right + self._PUSH_LENGTH_M * heading))
        self.forward_part.set_positions(tuple(right), (right[0], right[1] + self._PUSH_LENGTH_M * np.cos(phi)))
        self.forward_part.set_visible(needed > 0.05)
        feasible = bool(result.feasible)
        at_limit = np.radians(limit)
        self.limit.set_data([-half_width * np.cos(at_limit), half_width * np.cos(at_limit)],
                            [half_width * np.sin(at_limit), -half_width * np.sin(at_limit)])
        self.limit.set_visible(not feasible)
        if feasible:
            text = (f"hip back {100 * float(result.reach_from_rotation_m):.1f} cm; "
                    f"forward share of push {float(result.thrust_alignment):.2f}")
        else:
            text = f"needs {needed:.1f}\N{DEGREE SIGN}: over the {limit:.0f}\N{DEGREE SIGN} limit (dotted)"
        self.label.set_text(text)

    def artists(self) -> list:
        return [self.outline, self.hip_label, self.outline_edge, self.pelvis_neutral, self.pelvis,
                self.push_off_hip, self.hip_path, self.rotation_label, self.push, self.forward_part,
                self.limit, self.label]


#: The reach budget's parts, in stacking order: (PushOff field, label, palette role, hatch).
BUDGET_PARTS = (
    ("reach_from_distal_m", "distal (knee, ankle, toes)", "distal", None),
    ("reach_from_tilt_m", "pelvic tilt", "tilt", None),
    ("reach_from_hip_extension_m", "hip extension", "hip_extension", None),
    ("reach_from_extra_tilt_m", "extra tilt", "tilt", "//"),
    ("reach_from_rotation_m", "rotation", "rotation", "//"),
)


class ReachBudgetView:
    """Where the reach at toe-off comes from, stacked against what is needed (cm).

    Top bar: the reach needed. Bottom bar: distal offset, tilt and hip extension
    (what the runner has), then extra tilt and rotation (the compensation, hatched),
    then any reach still missing in purple. The key sits inside, right of the bars.
    """

    _MAX_CM = _longest_reach_cm()

    def __init__(self, ax: Axes):
        self.ax = ax
        chart_axes(ax, "Reach budget at toe-off", xlabel="Reach behind the hip at toe-off (cm)")
        ax.set_yticks([0, 1], ["achieved", "needed"], fontsize=LABEL_PT)
        ax.tick_params(axis="y", length=0)
        ax.spines["left"].set_visible(False)
        ax.set_ylim(-0.5, 1.5)
        ax.set_xlim(0, self._MAX_CM)
        ax.set_xticks(np.arange(0, self._MAX_CM + 1, 20))
        self.required_bar = ax.add_patch(Rectangle((0, 0.7), 0, 0.6, facecolor="white",
                                                   edgecolor=PALETTE["required"], lw=1.5))
        self.parts = {}
        for field, label, role, hatch in BUDGET_PARTS:
            self.parts[field] = ax.add_patch(Rectangle(
                (0, -0.3), 0, 0.6, facecolor=PALETTE[role], edgecolor="white" if hatch is None else PALETTE["body"],
                hatch=hatch, lw=0.5, label=label))
        self.missing = ax.add_patch(Rectangle((0, -0.3), 0, 0.6, facecolor=PALETTE["shortfall"],
                                              edgecolor=PALETTE["body"], lw=0.5, label="still missing"))
        (self.required_line,) = ax.plot([], [], color=PALETTE["required"], lw=1.5, ls="--")
        self.required_label = ax.text(0, 1.0, "", fontsize=SMALL_PT, ha="right", va="center")
        ax.legend(handles=[*self.parts.values(), self.missing], loc="center right", ncols=2,
                  fontsize=SMALL_PT, frameon=False, handlelength=1.2, columnspacing=1.0,
                  borderaxespad=0.2, labelspacing=0.3)

    def update(self, result: PushOff) -> None:
        required_cm = 100 * float(result.reach_required_m)
        self.required_bar.set_width(required_cm)
        start = 0.0
        for field, rectangle in self.parts.items():
            width = 100 * float(getattr(result, field))
            rectangle.set_x(start)
            rectangle.set_width(width)
            start += width
        missing = max(0.0, required_cm - 100 * float(result.reach_achieved_m))
        self.missing.set_x(start)
        self.missing.set_width(missing)
        self.required_line.set_data([required_cm, required_cm], [-0.4, 1.4])
        self.required_label.set_position((required_cm - 1.0, 1.0))
        self.required_label.set_text(f"{required_cm:.1f} cm")

    def artists(self) -> list:
        return [self.required_bar, *self.parts.values(), self.missing, self.required_line,
                self.required_label]


class PushOffViews:
    """The three push-off views on one figure: side view, top view, reach budget."""

    def __init__(self, figure: Figure):
        grid = figure.add_gridspec(2, 2, height_ratios=(4.2, 1.0), width_ratios=(1.15, 1.0))
        self.side = ToeOffSideView(figure.add_subplot(grid[0, 0]))
        self.top = PelvisTopView(figure.add_subplot(grid[0, 1]))
        self.budget = ReachBudgetView(figure.add_subplot(grid[1, :]))

    def update(self, result: PushOff) -> None:
        for view in (self.side, self.top, self.budget):
            view.update(result)

    def artists(self) -> list:
        return [*self.side.artists(), *self.top.artists(), *self.budget.artists()]
