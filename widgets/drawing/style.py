"""One look for every explorer figure: a type scale, schematic and chart axes, shared shapes.

Type scale (points; the explorers draw at 100 dpi, so 1 pt = 1.39 px): titles
``TITLE_PT`` (10), labels and readouts ``LABEL_PT`` (9), tick labels, legends and notes
``SMALL_PT`` (8 pt = 11 px, the smallest text in any figure).

Schematic views (a runner, a pelvis, a bench) have no axes box and no ticks: a length
that matters is drawn as a labelled dimension line. Charts (curves over time, bars)
keep their axes, with units in the labels. The shape helpers return plain vertex
arrays, so a view can build a patch once and move it with ``set_xy`` on every update.
"""

from __future__ import annotations

import numpy as np
from matplotlib.axes import Axes
from matplotlib.patches import FancyArrowPatch, Rectangle

from .palette import PALETTE

TITLE_PT = 10
LABEL_PT = 9
SMALL_PT = 8
#: The one font family of every figure: matplotlib's bundled DejaVu Sans, so a figure
#: (and its image baseline) looks the same on every machine.
FONT_FAMILY = "DejaVu Sans"


def schematic_axes(ax: Axes, title: str = "") -> Axes:
    """An axes for a drawing: equal scale, no box, no ticks; ``title`` at the title size."""
    ax.set_aspect("equal", adjustable="box")
    ax.set_axis_off()
    if title:
        ax.set_title(title, fontsize=TITLE_PT, family=FONT_FAMILY)
    return ax


def chart_axes(ax: Axes, title: str = "", xlabel: str = "", ylabel: str = "") -> Axes:
    """An axes for a chart: labels with units at the label size, small ticks, no top/right box."""
    if title:
        ax.set_title(title, fontsize=TITLE_PT, family=FONT_FAMILY)
    if xlabel:
        ax.set_xlabel(xlabel, fontsize=LABEL_PT, family=FONT_FAMILY)
    if ylabel:
        ax.set_ylabel(ylabel, fontsize=LABEL_PT, family=FONT_FAMILY)
    ax.tick_params(labelsize=SMALL_PT)
    for label in (*ax.get_xticklabels(), *ax.get_yticklabels()):
        label.set_family(FONT_FAMILY)
    ax.spines[["top", "right"]].set_visible(False)
    return ax


def draw_ground(ax: Axes, x_from: float, x_to: float, y: float = 0.0, depth: float = 0.05) -> list:
    """A ground line with a light band of surface under it (static)."""
    band = ax.add_patch(Rectangle((x_from, y - depth), x_to - x_from, depth, facecolor=PALETTE["reference"],
                                  alpha=0.25, lw=0, zorder=0.5))
    (line,) = ax.plot([x_from, x_to], [y, y], color=PALETTE["ground"], lw=1.5, zorder=0.6,
                      solid_capstyle="butt")
    return [band, line]


def travel_arrow(ax: Axes, start_xy, end_xy, label: str = "running direction") -> list:
    """An arrow with a label: the direction the runner travels (static)."""
    arrow = ax.add_patch(FancyArrowPatch(start_xy, end_xy, arrowstyle="-|>", mutation_scale=12,
                                         color=PALETTE["body"], lw=1.2, zorder=1))
    text = ax.text((start_xy[0] + end_xy[0]) / 2, (start_xy[1] + end_xy[1]) / 2, label + "\n",
                   ha="center", va="center", fontsize=SMALL_PT, family=FONT_FAMILY, linespacing=1.0)
    return [arrow, text]


def capsule_xy(start, end, start_radius: float, end_radius: float, points_per_end: int = 7) -> np.ndarray:
    """A tapered capsule from ``start`` to ``end``: round ends of the two radii, as vertices."""
    start, end = np.asarray(start, float), np.asarray(end, float)
    gap = end - start
    heading = np.arctan2(gap[1], gap[0]) if np.hypot(*gap) > 1e-12 else 0.0
    around_end = heading + np.linspace(-np.pi / 2, np.pi / 2, points_per_end)
    around_start = heading + np.linspace(np.pi / 2, 3 * np.pi / 2, points_per_end)
    return np.vstack([end + end_radius * np.column_stack([np.cos(around_end), np.sin(around_end)]),
                      start + start_radius * np.column_stack([np.cos(around_start), np.sin(around_start)])])


def wedge_xy(centre, radius: float, from_deg: float, to_deg: float, points: int = 24) -> np.ndarray:
    """A filled circular sector between two directions (degrees, counter-clockwise from +x)."""
    centre = np.asarray(centre, float)
    angles = np.radians(np.linspace(from_deg, to_deg, points))
    arc = centre + radius * np.column_stack([np.cos(angles), np.sin(angles)])
    return np.vstack([centre, arc])


def band_xy(centre, inner_radius: float, outer_radius: float, from_deg: float, to_deg: float,
            points: int = 16) -> np.ndarray:
    """A ring sector (an angle marked away from its vertex, clear of a thick limb), as vertices."""
    centre = np.asarray(centre, float)
    angles = np.radians(np.linspace(from_deg, to_deg, points))
    ring = np.column_stack([np.cos(angles), np.sin(angles)])
    return np.vstack([centre + outer_radius * ring, centre + inner_radius * ring[::-1]])


def arc_xy(centre, radius: float, from_deg: float, to_deg: float, points: int = 24) -> np.ndarray:
    """The arc of :func:`wedge_xy` alone."""
    return wedge_xy(centre, radius, from_deg, to_deg, points)[1:]


def from_down_to_math_deg(direction_from_down_deg: float) -> float:
    """A body-model direction (from straight down, forward positive) as an angle from +x."""
    return direction_from_down_deg - 90.0
