"""HipExtensionExplorer: the course's central widget, the reach budget at toe-off.

The learner sets the hip extension a runner has, the speed, body height, pelvic tilt
and how the shortfall is made up (``rotation_share``: 0 = all by extra anterior
tilt, the pattern that co-varies with hip extension in measurements, Franz et al.
2009; 1 = all by pelvic rotation, the article's untested hypothesis). Three views (side view at toe-off, pelvis from above, the
reach budget) and a row of readouts follow :func:`widgets.mechanics.push_off`;
``summary()`` says the same numbers in one sentence.
"""

from __future__ import annotations

import html
from typing import Any

import ipywidgets as W
from matplotlib.figure import Figure

from ..drawing import PushOffViews
from ..model.mechanics import (
    PARAMETERS,
    PELVIS_INERTIA_KG_M2,
    TRUNK_INERTIA_KG_M2,
    PushOff,
    push_off,
    scaled_pelvis_inertia_kg_m2,
)
from ..model.validation import one_of
from .base import Explorer, parameter_slider
from .controls import Choice

#: What may turn when the pelvis rotates: value -> label (de Leva 1996 inertias).
ROTATING_SEGMENTS = {"pelvis": "pelvis", "trunk": "whole trunk"}


def rotating_inertia_kg_m2(segment: str, mass_kg: float, height_m: float) -> float:
    """Inertia about the vertical axis of the pelvis or of the whole trunk (kg m^2).

    Both are de Leva's (1996) values for a 70 kg, 1.75 m man, scaled by mass and
    height squared; the trunk's is about 5.6 times the pelvis's.
    """
    segment = one_of("rotating_segment", segment, tuple(ROTATING_SEGMENTS))
    pelvis = scaled_pelvis_inertia_kg_m2(mass_kg, height_m)
    return pelvis if segment == "pelvis" else pelvis * TRUNK_INERTIA_KG_M2 / PELVIS_INERTIA_KG_M2


class HipExtensionExplorer(Explorer):
    """Move hip extension down and watch how tilt or rotation must make up the reach.

    Controls (``.controls``): ``hip_extension_deg``, ``rotation_share``, ``speed_m_s``,
    ``height_m``, ``pelvic_tilt_deg`` and ``rotating_segment`` (pelvis or whole trunk,
    which sets the inertia and so the energy). Other model inputs (mass, cadence, ...)
    can be fixed by keyword, e.g. ``HipExtensionExplorer(mass_kg=60)``.
    """

    figsize = (6.8, 5.6)
    title = "Hip extension at toe-off: the reach budget and its compensation"
    #: The model's other inputs, fixed by keyword or profile (the inertia follows
    #: ``rotating_segment``, so it is not one of them).
    fixed_parameters = tuple(name for name in PARAMETERS if name not in {
        "hip_extension_deg", "rotation_share", "speed_m_s", "height_m", "pelvic_tilt_deg", "inertia_kg_m2"})

    # -- controls ----------------------------------------------------------------
    def _build_controls(self) -> dict[str, W.ValueWidget]:
        steps = {"hip_extension_deg": 0.5, "rotation_share": 0.05, "speed_m_s": 0.1,
                 "height_m": 0.01, "pelvic_tilt_deg": 0.5}
        controls: dict[str, W.ValueWidget] = {
            name: parameter_slider(name, self.start_value(name), step=step) for name, step in steps.items()
        }
        # A share has no unit of its own: name what it is a share of, so it is announced with it.
        controls["rotation_share"].description = "Share made up by rotation (of the shortfall)"
        controls["rotation_share"].unit = "of the shortfall"
        controls["rotating_segment"] = Choice(
            options=[(f"{ROTATING_SEGMENTS['pelvis']} only (about {PELVIS_INERTIA_KG_M2:.3f} kg m\N{SUPERSCRIPT TWO})",
                      "pelvis"),
                     (f"{ROTATING_SEGMENTS['trunk']} (about {TRUNK_INERTIA_KG_M2:.2f} kg m\N{SUPERSCRIPT TWO})",
                      "trunk")],
            value=self.start_value("rotating_segment", "pelvis"),
            description="What turns with the pelvis (de Leva 1996)")
        self._readouts = W.HTML(layout=W.Layout(width="100%")).add_class("explorer-readouts")
        return controls

    def _fixed_inputs(self) -> dict[str, float]:
        """Model inputs set by keyword or profile but without a control."""
        return {name: value for name, value in self._start.items() if name in self.fixed_parameters}

    def model_result(self, values: dict[str, Any] | None = None) -> PushOff:
        """The model's prediction for the controls' values (or ``values``)."""
        values = self.values() if values is None else values
        inputs = {**self._fixed_inputs(),
                  **{name: value for name, value in values.items() if name in PARAMETERS}}
        inputs["inertia_kg_m2"] = rotating_inertia_kg_m2(
            values["rotating_segment"], inputs.get("mass_kg", PARAMETERS["mass_kg"].default),
            inputs["height_m"])
        return push_off(**inputs)

    # -- figure --------------------------------------------------------------------
    def _build_artists(self, figure: Figure) -> None:
        self.views = PushOffViews(figure)
        self.views.update(self.model_result())

    def _animated_artists(self) -> list:
        """Every view's moving parts; axes, ticks, titles and the legend never change."""
        return self.views.artists()

    def _update_artists(self, values: dict[str, Any]) -> None:
        self.result = self.model_result(values)
        self.views.update(self.result)
        self._readouts.value = self._readout_html()

    def _extra_widgets(self) -> list[W.Widget]:
        return [self._readouts]

    def readouts(self) -> dict[str, str]:
        """The readout row: label -> formatted value with its unit."""
        r = self.result
        return {
            "Shortfall": f"{100 * r.shortfall_m:.1f} cm",
            "Pelvic rotation": f"{r.pelvic_rotation_deg:.1f} deg" + ("" if r.feasible else " (out of reach)"),
            "Extra tilt": f"{r.extra_tilt_deg:.1f} deg",
            "Thrust alignment": f"{r.thrust_alignment:.2f}",
            "Rotation energy": f"{r.rotation_energy_j:.2f} J per stride",
            "Share of running cost": f"{100 * r.cost_fraction:.2f} %",
            "On top of normal rotation": f"{100 * r.added_cost_fraction:.2f} %",
        }

    def _readout_html(self) -> str:
        """The readouts as a two-column table: names left, values right-aligned on their digits."""
        rows = "".join(
            f'<tr><th scope="row" style="text-align:left;font-weight:400;padding:1px 12px 1px 0">'
            f"{html.escape(label)}</th>"
            f'<td style="text-align:right;font-variant-numeric:tabular-nums;padding:1px 0">'
            f"{html.escape(value)}</td></tr>"
            for label, value in self.readouts().items())
        return (f'<table class="explorer-readout-table" style="border-collapse:collapse;font-size:14px">'
                f'<caption style="text-align:left;font-weight:600">What the model says</caption>{rows}</table>')

    # -- words -----------------------------------------------------------------------
    def summary(self) -> str:
        r = self.result
        v = self.values()
        segment = ROTATING_SEGMENTS[v["rotating_segment"]]
        start = (f"With {v['hip_extension_deg']:.1f} deg of hip extension and {v['pelvic_tilt_deg']:.1f} deg "
                 f"of anterior pelvic tilt at {v['speed_m_s']:.1f} m/s (height {v['height_m']:.2f} m), ")
        if r.shortfall_m <= 0:
            spare_cm = 100 * (r.reach_available_m - r.reach_required_m)
            return (start + f"the leg covers the {100 * r.reach_required_m:.1f} cm of reach needed behind "
                    f"the hip at toe-off with {spare_cm:.1f} cm to spare, so it needs no rotation "
                    f"(0.0 deg) and no extra tilt (0.0 deg).")
        share_pct = 100 * v["rotation_share"]
        gap = (f"the reach at toe-off falls {100 * r.shortfall_m:.1f} cm short of the "
               f"{100 * r.reach_required_m:.1f} cm needed; ")
        if not r.feasible:
            what = ("rotation alone cannot close the gap" if share_pct >= 100
                    else f"rotation cannot make up its {share_pct:.0f} % of the gap")
            return (start + gap + f"{what}: it would need {r.pelvic_rotation_deg:.1f} deg of rotation, "
                    f"more than the model's assumed limit of {r.max_rotation_deg:.0f} deg, "
                    f"and {r.extra_tilt_deg:.1f} deg of extra tilt; that much rotation would leave "
                    f"{r.thrust_alignment:.2f} of the push pointing forward and the {segment}'s "
                    f"rotation would cost {100 * r.cost_fraction:.2f} % of the running energy "
                    f"({100 * r.added_cost_fraction:.2f} % on top of the normal rotation); these are "
                    f"the teaching model's figures.")
        return (start + gap + f"making it up {share_pct:.0f} % by rotation takes "
                f"{r.pelvic_rotation_deg:.1f} deg of pelvic rotation and {r.extra_tilt_deg:.1f} deg of "
                f"extra tilt, leaves {r.thrust_alignment:.2f} of the push pointing forward, and the "
                f"{segment}'s rotation costs {100 * r.cost_fraction:.2f} % of the running energy "
                f"({100 * r.added_cost_fraction:.2f} % on top of the normal rotation); these are the "
                f"teaching model's figures.")

    def figure_description(self) -> str:
        return ("Three panels: a runner seen from the side at toe-off with the pelvic tilt and "
                "the reach required marked on the ground; the pelvis seen from above with its "
                "rotation, the push-off hip moving back and the direction of the push; and a bar "
                "comparing the reach from distal offset, tilt, hip extension, extra tilt and "
                "rotation with the reach required.")
