"""A runner with body volume, seen from the side, whose joints follow the body model.

:class:`RunnerArtist` draws the figure of :func:`widgets.model.body.joint_positions`
as filled shapes: a tapered trunk from hip to shoulder, limbs as tapered capsules
(thicker at the thigh than at the shank, at the upper arm than at the forearm), a foot,
a neck and a head, like a sports pictogram: the near side (the push-off leg in the
explorers) and the trunk black, the far side light blue and behind, so the two legs can
be told apart at a glance; thin white edges separate overlapping parts. Widths are
shares of body height, drawn for readability (schematic, not measured girths).

The artist builds its patches once; ``update`` only moves their vertices.
"""

from __future__ import annotations

import numpy as np
from matplotlib.axes import Axes
from matplotlib.patches import Circle, Polygon

from ..model.body import Pose, chain_xy, joint_positions
from .palette import PALETTE
from .style import capsule_xy

#: Half-widths (radii) of the drawn segments at their two ends, shares of body height.
SEGMENT_RADII = {
    "thigh": (0.044, 0.029),
    "shank": (0.029, 0.017),
    "upper_arm": (0.024, 0.018),
    "forearm": (0.018, 0.013),
    "neck": (0.018, 0.018),
}
#: Half-depth of the trunk at the hip and at the shoulder, shares of body height.
TRUNK_RADII = (0.058, 0.064)
#: Half-height of the foot's sole-to-instep shape, share of body height.
FOOT_RADIUS = 0.012

#: (patch name, side, from joint, to joint, segment); far side first so it is drawn behind.
_LIMBS = tuple(
    (f"{side}_{segment}", side, start, end, segment)
    for side in ("far", "near")
    for segment, start, end in (("thigh", "hip", "knee"), ("shank", "knee", "ankle"),
                                ("upper_arm", "shoulder", "elbow"), ("forearm", "elbow", "hand"))
)


def _joint(points: dict[str, np.ndarray], side: str, name: str) -> np.ndarray:
    return points[name] if name in ("hip", "shoulder") else points[f"{side}_{name}"]


class RunnerArtist:
    """A side-view runner with body volume on ``ax``; ``update(pose, hip_xy)`` moves it.

    ``patches`` holds the shapes by name (``near_thigh``, ``far_foot``, ``trunk``,
    ``head``, ...); ``points`` the joint positions of the last update (the model's
    :func:`joint_positions`), and :meth:`chain` one limb's joints as a polyline.
    ``height_m`` may be changed between updates (the next ``update`` uses it).
    ``zorder`` is the base layer: far limbs under it, trunk at it, near limbs above.
    """

    def __init__(self, ax: Axes, height_m: float = 1.75, zorder: float = 3.0):
        self.ax = ax
        self.height_m = height_m
        self.points: dict[str, np.ndarray] = {}
        self.patches: dict[str, Polygon | Circle] = {}
        fills = {"far": (PALETTE["far_side"], 1.0), "near": (PALETTE["near_side"], 1.0)}
        layer = {"far": zorder - 0.5, "near": zorder + 0.5}
        empty = np.zeros((3, 2))
        for side in ("far", "near"):
            colour, alpha = fills[side]
            for name in (f"{side}_thigh", f"{side}_shank", f"{side}_foot"):
                self.patches[name] = self._polygon(empty, colour, alpha, layer[side])
        self.patches["neck"] = self._polygon(empty, PALETTE["body"], 1.0, zorder)
        self.patches["trunk"] = self._polygon(empty, PALETTE["body"], 1.0, zorder)
        self.patches["head"] = ax.add_patch(Circle((0, 0), 0.1, facecolor=PALETTE["body"],
                                                   edgecolor="white", lw=1.0, zorder=zorder))
        for side in ("far", "near"):
            colour, alpha = fills[side]
            arm_layer = layer[side] + (0.2 if side == "near" else 0.0)
            for name in (f"{side}_upper_arm", f"{side}_forearm"):
                self.patches[name] = self._polygon(empty, colour, alpha, arm_layer)

    def _polygon(self, xy, colour, alpha, zorder) -> Polygon:
        return self.ax.add_patch(Polygon(xy, closed=True, facecolor=colour, alpha=alpha,
                                         edgecolor="white", lw=1.0, joinstyle="round", zorder=zorder))

    def update(self, pose: Pose, hip_xy=(0.0, 0.0)) -> dict[str, np.ndarray]:
        """Move the figure to ``pose`` with the hip joint at ``hip_xy``; return the joint positions."""
        points = joint_positions(pose, self.height_m, hip_xy)
        self.points = points
        h = self.height_m
        for name, side, start, end, segment in _LIMBS:
            r0, r1 = SEGMENT_RADII[segment]
            self.patches[name].set_xy(capsule_xy(_joint(points, side, start), _joint(points, side, end),
                                                 r0 * h, r1 * h))
        for side in ("far", "near"):
            self.patches[f"{side}_foot"].set_xy(self._foot_xy(points, side))
        self.patches["trunk"].set_xy(capsule_xy(points["hip"], points["shoulder"], TRUNK_RADII[0] * h,
                                                TRUNK_RADII[1] * h))
        r = SEGMENT_RADII["neck"][0] * h
        self.patches["neck"].set_xy(capsule_xy(points["shoulder"], points["neck"], r, r))
        self.patches["head"].set_center(tuple(points["head"]))
        self.patches["head"].set_radius(float(points["head_radius"][0]))
        return points

    def _foot_xy(self, points: dict[str, np.ndarray], side: str) -> np.ndarray:
        """A shoe-like outline: the sole from heel to toe, the instep up to the ankle."""
        heel, toe, ankle = (points[f"{side}_{n}"] for n in ("heel", "toe", "ankle"))
        along = toe - heel
        length = float(np.hypot(*along)) or 1.0
        along = along / length
        # The instep side is the side of the sole the ankle is on.
        normal = np.array([-along[1], along[0]])
        if np.dot(ankle - heel, normal) < 0:
            normal = -normal
        lift = FOOT_RADIUS * self.height_m
        return np.array([heel - 0.3 * lift * along, toe, toe + 0.6 * lift * normal - 0.3 * lift * along,
                         ankle + 0.8 * lift * along + 0.4 * lift * normal, ankle + lift * normal,
                         heel + 1.2 * lift * normal])

    def chain(self, side: str, limb: str) -> np.ndarray:
        """One limb's joints (``leg``: hip, knee, ankle, heel, toe, ankle) as of the last update."""
        if not self.points:
            raise ValueError("call update(pose) before chain")
        return chain_xy(self.points, side, limb)

    def artists(self) -> list:
        return list(self.patches.values())
