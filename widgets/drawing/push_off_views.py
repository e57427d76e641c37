"""The push-off views: what the reach-budget model (:func:`widgets.mechanics.push_off`) says.

- :class:`ToeOffSideView`: the runner from the side at toe-off, pelvis tilt shown,
  the reach the model requires marked on the ground;
- :class:`PelvisTopView`: the pelvis from above, the push-off hip moved back by the
  rotation and the direction of the push;
- :class:`ReachBudgetView`: where the reach comes from (hip extension, tilt, distal
  offset, extra tilt, rotation) against what is required.
:class:`PushOffViews` lays the three out on one figure. Every view draws from the
result alone, inputs included (``result.inputs``): nothing is worked back out of outputs.
"""

from __future__ import annotations

import itertools
from dataclasses import replace

import numpy as np
from matplotlib.axes import Axes
from matplotlib.figure import Figure
from matplotlib.patches import FancyArrowPatch, Rectangle

from ..model.body import joint_positions, pelvis_xy
from ..model.gait import toe_off_pose
from ..model.mechanics import PARAMETERS, PushOff, push_off
from .artists import StickFigureArtist
from .palette import PALETTE


def _longest_reach_cm() -> float:
    """The longest bar the budget can need over the model's parameter ranges (cm), rounded up."""
    names = ("height_m", "speed_m_s", "hip_extension_deg", "pelvic_tilt_deg", "contact_share_behind_hip")
    corners = itertools.product(*((PARAMETERS[n].low, PARAMETERS[n].high) for n in names))
    grid = np.array(list(corners)).T
    result = push_off(**dict(zip(names, grid)))
    longest = np.maximum(result.reach_required_m, result.reach_available_m).max()
    return float(10 * np.ceil(10 * longest))


class ToeOffSideView:
    """The runner from the side at toe-off, with the reach required marked on the ground.

    The hip is at x = 0 and the toe of the push-off (near) leg on the ground; the
    pelvis is drawn as a tilted orange bar over a dashed neutral line, the required
    reach as a black bracket under the ground, and any reach still missing in purple.
    """

    def __init__(self, ax: Axes):
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
        self.figure = StickFigureArtist(ax)
        (self.pelvis_neutral,) = ax.plot([], [], color=PALETTE["reference"], lw=1.5, ls="--")
        (self.pelvis,) = ax.plot([], [], color=PALETTE["tilt"], lw=6, solid_capstyle="round", zorder=5)
        (self.required_bracket,) = ax.plot([], [], color=PALETTE["required"], lw=1.5)
        (self.shortfall,) = ax.plot([], [], color=PALETTE["shortfall"], lw=6, solid_capstyle="butt")
        self.required_label = ax.text(0, -0.17, "", ha="center", va="bottom", fontsize=8,
                                      color=PALETTE["required"])

    def update(self, result: PushOff) -> None:
        height = float(result.inputs.height_m)
        self.figure.height_m = height
        pose = toe_off_pose(result)
        hip_y = -float(joint_positions(pose, height)["near_toe"][1])
        self.figure.update(pose, (0.0, hip_y))
        self.hip_vertical.set_data([0.0, 0.0], [0.0, hip_y])

        # The pelvis bar of the stick-figure model, and where it would be with no tilt at all.
        pelvis = pelvis_xy(pose, height, (0.0, hip_y))
        neutral = pelvis_xy(replace(pose, pelvic_tilt_deg=0.0), height, (0.0, hip_y))
        self.pelvis.set_data(pelvis[:, 0], pelvis[:, 1])
        self.pelvis_neutral.set_data(neutral[:, 0], neutral[:, 1])

        required = float(result.reach_required_m)
        achieved = float(result.reach_achieved_m)
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
    the limit dotted, so the learner sees how far out of reach it is. The hip width is
    the result's own (``result.inputs.hip_half_width_m``).
    """

    _PUSH_LENGTH_M = 0.16

    def __init__(self, ax: Axes):
        self.ax = ax
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
        half_width = float(result.inputs.hip_half_width_m)
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

    _MAX_CM = _longest_reach_cm()

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
        missing = max(0.0, required_cm - 100 * float(result.reach_achieved_m))
        self.missing.set_x(start)
        self.missing.set_width(missing)
        self.required_line.set_data([required_cm, required_cm], [-0.5, 1.5])
        self.required_label.set_position((required_cm, 1.32))
        self.required_label.set_text(f"{required_cm:.1f} cm ")

    def artists(self) -> list:
        return [self.required_bar, *self.parts.values(), self.missing, self.required_line,
                self.required_label]


class PushOffViews:
    """The three push-off views on one figure: side view, top view, reach budget."""

    def __init__(self, figure: Figure):
        grid = figure.add_gridspec(2, 2, height_ratios=(3.2, 1.0), width_ratios=(1.0, 1.0))
        self.side = ToeOffSideView(figure.add_subplot(grid[0, 0]))
        self.top = PelvisTopView(figure.add_subplot(grid[0, 1]))
        self.budget = ReachBudgetView(figure.add_subplot(grid[1, :]))

    def update(self, result: PushOff) -> None:
        for view in (self.side, self.top, self.budget):
            view.update(result)

    def artists(self) -> list:
        return [*self.side.artists(), *self.top.artists(), *self.budget.artists()]
