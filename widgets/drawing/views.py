"""Matplotlib artists for the course's views. Never imports ipywidgets.

Every view is created once and then changed in place by ``update(...)``: the explorers
call ``update`` on a slider move and ask the canvas to redraw once. Views keep their
text objects few (each costs time on every redraw) and take colours only from
:mod:`widgets.palette`.

Views of a push-off (:class:`~widgets.mechanics.PushOff`):
- :class:`ToeOffSideView`: the runner from the side at toe-off, pelvis tilt shown,
  the reach the model requires marked on the ground;
- :class:`PelvisTopView`: the pelvis from above, the push-off hip moved back by the
  rotation and the direction of the push;
- :class:`ReachBudgetView`: where the reach comes from (hip extension, tilt, distal
  offset, extra tilt, rotation) against what is required.
:class:`PushOffViews` lays the three out on one figure. :class:`GaitCurvesArtist`
draws synthetic gait curves (:mod:`widgets.gait`) with a moving marker.
"""

from __future__ import annotations

import numpy as np
from matplotlib.axes import Axes
from matplotlib.figure import Figure
from matplotlib.patches import Circle, FancyArrowPatch, Rectangle

from ..model.gait import GaitCurves, angle_at, push_off_inputs
from ..model.mechanics import DISTAL_OFFSET_DEG, LEG_LENGTH_SHARE_OF_HEIGHT, PARAMETERS, PushOff
from .palette import PALETTE
from ..model.body import ArmAngles, LegAngles, Pose, chain_xy, joint_positions

#: Angles of the parts of the toe-off figure the model does not set (deg; for drawing).
_TOE_OFF_KNEE_FLEXION_DEG = 15.0
_SWING_LEG = LegAngles(hip_flexion_deg=35.0, knee_flexion_deg=95.0, ankle_plantarflexion_deg=0.0)
_ARM_SWING_DEG = 25.0
_ELBOW_FLEXION_DEG = 85.0
_TRUNK_LEAN_DEG = 6.0
#: Half length of the drawn pelvis line (side view), as a share of body height.
_PELVIS_HALF_SHARE = 0.06


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


def _height_m(result: PushOff) -> float:
    return float(result.leg_length_m) / LEG_LENGTH_SHARE_OF_HEIGHT


def reach_achieved_m(result: PushOff) -> float:
    """Reach behind the hip the runner ends up with at toe-off (m).

    What is available plus the compensation (extra tilt, rotation capped at the
    usable limit), but never more than required: a runner with spare range uses
    only what the stride needs.
    """
    made = (float(result.reach_available_m) + float(result.reach_from_extra_tilt_m)
            + float(result.reach_from_rotation_m))
    return min(float(result.reach_required_m), made)


def toe_off_pose(result: PushOff) -> Pose:
    """The near (push-off) leg at toe-off: hip extension used and tilt with its extra.

    The hip extends as far as the stride needs, at most the extension available;
    the ankle angle is left at zero for :class:`ToeOffSideView` to fit.
    """
    extension, tilt = push_off_inputs(result)
    extension_needed = float(result.leg_angle_required_deg) - tilt - DISTAL_OFFSET_DEG
    return Pose(
        trunk_lean_deg=_TRUNK_LEAN_DEG,
        pelvic_tilt_deg=tilt + float(result.extra_tilt_deg),
        near_leg=LegAngles(hip_flexion_deg=-min(extension, extension_needed),
                           knee_flexion_deg=_TOE_OFF_KNEE_FLEXION_DEG),
        far_leg=_SWING_LEG,
        near_arm=ArmAngles(_ARM_SWING_DEG, _ELBOW_FLEXION_DEG),
        far_arm=ArmAngles(-_ARM_SWING_DEG, _ELBOW_FLEXION_DEG),
    )


def _fit_toe(pose: Pose, height_m: float, reach_m: float) -> tuple[Pose, dict[str, np.ndarray]]:
    """Point the foot so the toe is ``reach_m`` behind the hip (bisection on the ankle).

    The model's distal offset is an angle, so the drawn foot is aimed where the
    model says the toe is. Outside what an ankle can do, the nearest end is used.
    """
    def toe_behind_hip(plantarflexion_deg: float):
        leg = LegAngles(pose.near_leg.hip_flexion_deg, pose.near_leg.knee_flexion_deg, plantarflexion_deg)
        candidate = Pose(pose.trunk_lean_deg, pose.pelvic_tilt_deg, pose.neck_flexion_deg,
                         leg, pose.far_leg, pose.near_arm, pose.far_arm)
        points = joint_positions(candidate, height_m)
        return -float(points["near_toe"][0]), candidate, points

    low, high = -30.0, 120.0  # more plantarflexion puts the toe further back
    for _ in range(22):
        middle = (low + high) / 2
        if toe_behind_hip(middle)[0] < reach_m:
            low = middle
        else:
            high = middle
    _, fitted, points = toe_behind_hip((low + high) / 2)
    return fitted, points


class ToeOffSideView:
    """The runner from the side at toe-off, with the reach required marked on the ground.

    The hip is at x = 0 and the toe of the push-off (near) leg on the ground; the
    pelvis is drawn as a tilted orange bar over a dashed neutral line, the required
    reach as a black bracket under the ground, and any reach still missing in purple.
    """

    def __init__(self, ax: Axes, height_m: float = 1.75):
        self.ax = ax
        ax.set_title("Side view at toe-off", fontsize=10)
        ax.set_xlabel("Forward of the hip (m)")
        ax.set_ylabel("Height (m)")
        ax.set_xlim(-0.8, 0.75)
        ax.set_ylim(-0.2, 2.2)
        ax.set_xticks([-0.5, 0.0, 0.5])
        ax.set_yticks([0.0, 1.0, 2.0])
        ax.set_aspect("equal", adjustable="box")
        ax.axhline(0.0, color=PALETTE["ground"], lw=1)
        (self.hip_vertical,) = ax.plot([], [], color=PALETTE["reference"], lw=1, ls="--")
        self.figure = StickFigureArtist(ax, height_m)
        (self.pelvis_neutral,) = ax.plot([], [], color=PALETTE["reference"], lw=1.5, ls="--")
        (self.pelvis,) = ax.plot([], [], color=PALETTE["tilt"], lw=6, solid_capstyle="round", zorder=5)
        (self.required_bracket,) = ax.plot([], [], color=PALETTE["required"], lw=1.5)
        (self.shortfall,) = ax.plot([], [], color=PALETTE["shortfall"], lw=6, solid_capstyle="butt")
        self.required_label = ax.text(0, -0.17, "", ha="center", va="bottom", fontsize=8,
                                      color=PALETTE["required"])

    def update(self, result: PushOff) -> None:
        height = _height_m(result)
        self.figure.height_m = height
        pose, points = _fit_toe(toe_off_pose(result), height, reach_achieved_m(result))
        hip_y = -float(points["near_toe"][1])
        points = self.figure.update(pose, (0.0, hip_y))
        self.hip_vertical.set_data([0.0, 0.0], [0.0, hip_y])

        half = _PELVIS_HALF_SHARE * height
        tilt = np.radians(pose.pelvic_tilt_deg)  # anterior tilt drops the front of the pelvis
        centre_y = hip_y + 0.4 * half
        self.pelvis_neutral.set_data([-half, half], [centre_y, centre_y])
        self.pelvis.set_data([-half * np.cos(tilt), half * np.cos(tilt)],
                             [centre_y + half * np.sin(tilt), centre_y - half * np.sin(tilt)])

        required = float(result.reach_required_m)
        achieved = reach_achieved_m(result)
        y = -0.07
        self.required_bracket.set_data([0.0, 0.0, -required, -required], [y + 0.04, y, y, y + 0.04])
        self.shortfall.set_data([-achieved, -required], [0.0, 0.0])
        self.shortfall.set_visible(required - achieved > 1e-4)
        self.required_label.set_position((-required / 2, -0.19))
        self.required_label.set_text(f"required reach {100 * required:.1f} cm")

    def artists(self) -> list:
        return [*self.figure.artists(), self.hip_vertical, self.pelvis_neutral, self.pelvis,
                self.required_bracket, self.shortfall, self.required_label]


class PelvisTopView:
    """The pelvis from above: rotation, the push-off hip moving back, the push direction.

    The push-off (near) hip is on the right. Rotating the pelvis moves it back by
    ``w sin(phi)``; a push along the pelvis heading then points ``phi`` off forward,
    and only ``cos(phi)`` of it (the dashed arrow) drives the runner forward. The
    label gives the rotation's kinetic energy per stride and its share of the running cost.
    Beyond the usable limit the pelvis is still drawn at the rotation needed, with
    the limit dotted, so the learner sees how far out of reach it is. ``hip_half_width_m`` must match the result's.
    """

    _PUSH_LENGTH_M = 0.16

    def __init__(self, ax: Axes, hip_half_width_m: float = PARAMETERS["hip_half_width_m"].default):
        self.ax = ax
        self.hip_half_width_m = hip_half_width_m
        ax.set_title("Pelvis from above", fontsize=10)
        ax.set_xlabel("Sideways (m), push-off side right")
        ax.set_ylabel("Forward (m)")
        ax.set_xlim(-0.17, 0.17)
        ax.set_ylim(-0.14, 0.22)
        ax.set_xticks([-0.1, 0.0, 0.1])
        ax.set_yticks([-0.1, 0.0, 0.1, 0.2])
        ax.set_aspect("equal", adjustable="box")
        (self.forward,) = ax.plot([0, 0], [0, self._PUSH_LENGTH_M], color=PALETTE["reference"],
                                  lw=1, ls="--")
        (self.pelvis_neutral,) = ax.plot([], [], color=PALETTE["reference"], lw=1.5, ls="--",
                                         marker="o", markersize=4)
        (self.pelvis,) = ax.plot([], [], color=PALETTE["body"], lw=4, marker="o", markersize=7,
                                 solid_capstyle="round")
        (self.push_off_hip,) = ax.plot([], [], ls="none", marker="o", markersize=9,
                                       color=PALETTE["rotation"])
        (self.hip_path,) = ax.plot([], [], color=PALETTE["rotation"], lw=2)
        self.push = ax.add_patch(FancyArrowPatch((0, 0), (0, 1), arrowstyle="-|>", mutation_scale=14,
                                                 color=PALETTE["rotation"], lw=2))
        self.forward_part = ax.add_patch(FancyArrowPatch((0, 0), (0, 1), arrowstyle="-|>",
                                                         mutation_scale=12, color=PALETTE["body"],
                                                         lw=1.5, ls="--"))
        (self.limit,) = ax.plot([], [], color=PALETTE["rotation"], lw=1.5, ls=":")
        self.label = ax.text(-0.165, -0.135, "", fontsize=8, va="bottom", ha="left",
                             bbox={"facecolor": "white", "edgecolor": "none", "alpha": 0.8, "pad": 1})

    def update(self, result: PushOff) -> None:
        half_width = self.hip_half_width_m
        needed = float(result.pelvic_rotation_deg)
        limit = float(result.max_rotation_deg)
        phi = np.radians(needed)
        right = np.array([half_width * np.cos(phi), -half_width * np.sin(phi)])
        self.pelvis_neutral.set_data([-half_width, half_width], [0.0, 0.0])
        self.pelvis.set_data([-right[0], right[0]], [-right[1], right[1]])
        self.push_off_hip.set_data([right[0]], [right[1]])
        arc = np.linspace(0.0, phi, 12)
        self.hip_path.set_data(half_width * np.cos(arc), -half_width * np.sin(arc))
        heading = np.array([np.sin(phi), np.cos(phi)])
        self.push.set_positions((0.0, 0.0), tuple(self._PUSH_LENGTH_M * heading))
        self.forward_part.set_positions((0.0, 0.0), (0.0, self._PUSH_LENGTH_M * np.cos(phi)))
        feasible = bool(result.feasible)
        at_limit = np.radians(limit)
        self.limit.set_data([-half_width * np.cos(at_limit), half_width * np.cos(at_limit)],
                            [half_width * np.sin(at_limit), -half_width * np.sin(at_limit)])
        self.limit.set_visible(not feasible)
        if feasible:
            text = (f"rotation {needed:.1f}\N{DEGREE SIGN}: hip back "
                    f"{100 * float(result.reach_from_rotation_m):.1f} cm\n")
        else:
            text = f"needs {needed:.1f}\N{DEGREE SIGN}: over the {limit:.0f}\N{DEGREE SIGN} limit (dotted)\n"
        self.label.set_text(text + f"forward share of push {float(result.thrust_alignment):.2f}\n"
                            f"{float(result.rotation_energy_j):.2f} J per stride, "
                            f"{100 * float(result.cost_fraction):.2f} % of cost")
        self.label.set_color(PALETTE["body"] if feasible else PALETTE["rotation"])

    def artists(self) -> list:
        return [self.forward, self.pelvis_neutral, self.pelvis, self.push_off_hip, self.hip_path,
                self.push, self.forward_part, self.limit, self.label]


#: The reach budget's parts, in stacking order: (PushOff field, label, palette role, hatch).
BUDGET_PARTS = (
    ("reach_from_distal_m", "distal (knee, ankle, toes)", "distal", None),
    ("reach_from_tilt_m", "pelvic tilt", "tilt", None),
    ("reach_from_hip_extension_m", "hip extension", "hip_extension", None),
    ("reach_from_extra_tilt_m", "extra tilt", "tilt", "//"),
    ("reach_from_rotation_m", "rotation", "rotation", "//"),
)


class ReachBudgetView:
    """Where the reach at toe-off comes from, stacked against what is required (cm).

    Top bar: the reach required. Bottom bar: distal offset, tilt and hip extension
    (what the runner has), then extra tilt and rotation (the compensation), then any
    reach still missing in purple.
    """

    _MAX_CM = 80.0  # the longest reach the model's ranges give is about 77 cm

    def __init__(self, ax: Axes):
        self.ax = ax
        ax.set_title("Reach budget at toe-off", fontsize=10)
        ax.set_xlabel("Reach behind the hip at toe-off (cm)")
        ax.set_yticks([0, 1], ["achieved", "required"])
        ax.set_ylim(-0.6, 1.6)
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
        self.required_label = ax.text(0, 1.35, "", fontsize=8, ha="right", va="bottom")
        ax.legend(handles=[*self.parts.values(), self.missing], loc="upper left",
                  bbox_to_anchor=(1.01, 1.0), fontsize=7, frameon=False)

    def update(self, result: PushOff) -> None:
        required_cm = 100 * float(result.reach_required_m)
        self.required_bar.set_width(required_cm)
        start = 0.0
        for field, rectangle in self.parts.items():
            width = 100 * float(getattr(result, field))
            rectangle.set_x(start)
            rectangle.set_width(width)
            start += width
        missing = max(0.0, required_cm - 100 * reach_achieved_m(result))
        self.missing.set_x(start)
        self.missing.set_width(missing)
        self.required_line.set_data([required_cm, required_cm], [-0.5, 1.5])
        self.required_label.set_position((required_cm, 1.32))
        self.required_label.set_text(f"{required_cm:.1f} cm ")

    def artists(self) -> list:
        return [self.required_bar, *self.parts.values(), self.missing, self.required_line,
                self.required_label]


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


class PushOffViews:
    """The three push-off views on one figure: side view, top view, reach budget."""

    def __init__(self, figure: Figure, height_m: float = 1.75):
        grid = figure.add_gridspec(2, 2, height_ratios=(3.2, 1.0), width_ratios=(1.0, 1.0))
        self.side = ToeOffSideView(figure.add_subplot(grid[0, 0]), height_m)
        self.top = PelvisTopView(figure.add_subplot(grid[0, 1]))
        self.budget = ReachBudgetView(figure.add_subplot(grid[1, :]))

    def update(self, result: PushOff) -> None:
        for view in (self.side, self.top, self.budget):
            view.update(result)

    def artists(self) -> list:
        return [*self.side.artists(), *self.top.artists(), *self.budget.artists()]


class GaitCurvesArtist:
    """Synthetic hip, pelvic-tilt and pelvic-rotation curves over % of the cycle.

    Flight phases are shaded, toe-off is marked, the hip curve a runner with enough
    extension would follow is dashed, and ``set_percent`` moves a cursor and one
    marker per curve. The axes say the curves are synthetic.
    """

    _CURVES = (
        ("hip_flexion_deg", "hip flexion (+) / extension (-)", "hip_extension"),
        ("pelvic_tilt_deg", "anterior pelvic tilt", "tilt"),
        ("pelvic_rotation_deg", "pelvic rotation (push-off hip forward +)", "rotation"),
    )

    def __init__(self, ax: Axes):
        self.ax = ax
        ax.set_xlabel("Gait cycle (%)")
        ax.set_ylabel("Angle (deg)")
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
                                     fontsize=8, ha="right", va="top", rotation=90)
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
                ha="right", va="bottom", fontsize=8, style="italic")
        ax.legend(loc="upper left", fontsize=7, frameon=False)
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
