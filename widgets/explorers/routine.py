"""RoutineBuilder: turn a choice of drills into a weekly plan the learner can copy.

The learner ticks drills, picks training days per week, the number of weeks and how
fast to progress. The builder shows the plan as a Markdown table (``plan_text()``, in a
text box to copy), a stacked-bar figure of estimated minutes per week by drill, and a
text twin (``summary()``). The drills, their doses and caps live in
:mod:`widgets.model.drills` and the plan itself in :mod:`widgets.model.plan`; the doses
are suggested starting points, not prescriptions tested in a study.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

import ipywidgets as W
from matplotlib.figure import Figure

from ..drawing.palette import COLOURS
from ..drawing.style import LABEL_PT, SMALL_PT, chart_axes
from ..model.drills import (
    DRILLS,
    MAX_DAYS_PER_WEEK,
    MAX_WEEKS,
    PROGRESSIONS,
    dose_text,
    get_drill,
)
from ..model.plan import WeekPlan, plan_markdown, weekly_plan
from .base import Explorer
from .controls import Choice, IntegerSlider

#: How each progression reads on its radio button.
PROGRESSION_LABELS = {"hold": "hold: the same dose every week",
                      "gentle": "gentle: half of each weekly step",
                      "steady": "steady: each drill's full weekly step"}

DEFAULT_DRILLS = ("walking_spiderman", "kneeling_hip_flexor_stretch", "glute_bridge")


class RoutineBuilder(Explorer):
    """Pick drills, days, weeks and progression; get a plan, a figure and a text twin."""

    figsize = (6.8, 4.0)
    title = "Routine builder"

    def __init__(self, *, drills: Iterable[str] | None = None, **start_values: Any):
        if drills is not None:
            chosen = {get_drill(d).id for d in drills}
            start_values = {**{d: d in chosen for d in DRILLS}, **start_values}
        self.plan_box = W.Textarea(
            description="Your plan (copy it)", rows=12,
            style={"description_width": "initial"},
            layout=W.Layout(width="95%", height="16em"))
        super().__init__(**start_values)

    # -- controls, figure, text twin ---------------------------------------------
    def _build_controls(self) -> dict[str, W.ValueWidget]:
        controls: dict[str, W.ValueWidget] = {
            d.id: W.Checkbox(value=bool(self.start_value(d.id, d.id in DEFAULT_DRILLS)),
                             description=d.name, indent=False)
            for d in DRILLS.values()
        }
        controls["days_per_week"] = IntegerSlider(
            value=self.start_value("days_per_week", 3), min=1, max=MAX_DAYS_PER_WEEK,
            description="Days per week", unit="days")
        controls["weeks"] = IntegerSlider(
            value=self.start_value("weeks", 6), min=1, max=MAX_WEEKS, description="Weeks", unit="weeks")
        controls["progression"] = Choice(
            options=[(PROGRESSION_LABELS[p], p) for p in PROGRESSIONS],
            value=self.start_value("progression", "steady"), description="Progression")
        return controls

    def _build_artists(self, figure: Figure) -> None:
        self.ax = figure.add_subplot()
        weeks = list(range(1, MAX_WEEKS + 1))
        self.bars = {
            d: self.ax.bar(weeks, [0.0] * MAX_WEEKS, color=COLOURS[i % len(COLOURS)],
                           label=DRILLS[d].name, edgecolor="white", linewidth=0.5)
            for i, d in enumerate(DRILLS)
        }
        chart_axes(self.ax, "Estimated weekly drill time, by drill", xlabel="Week",
                   ylabel="Working minutes per week (approx.)")
        self.legend = self.ax.legend(loc="upper left", fontsize=SMALL_PT, frameon=False,
                                     bbox_to_anchor=(1.01, 1.0))
        self.empty_note = self.ax.text(0.5, 0.5, "Tick at least one drill", ha="center",
                                       va="center", transform=self.ax.transAxes, fontsize=LABEL_PT)

    def selected_drills(self) -> list[str]:
        return [d for d in DRILLS if self.controls[d].value]

    def plan(self) -> list[WeekPlan]:
        v = self.values()
        return weekly_plan(self.selected_drills(), v["days_per_week"], v["weeks"],
                           v["progression"])

    def plan_text(self) -> str:
        """The plan as a Markdown table, the text the learner copies."""
        v = self.values()
        return plan_markdown(self.selected_drills(), v["days_per_week"], v["weeks"],
                             v["progression"])

    def _update_artists(self, values: dict[str, Any]) -> None:
        plan = self.plan()
        selected = self.selected_drills()
        bottoms = [0.0] * MAX_WEEKS
        for d, bars in self.bars.items():
            for i, rect in enumerate(bars.patches):
                minutes = plan[i].minutes_by_drill.get(d, 0.0) if i < len(plan) else 0.0
                rect.set_y(bottoms[i])
                rect.set_height(minutes)
                rect.set_visible(minutes > 0)
                bottoms[i] += minutes
        for d, text in zip(DRILLS, self.legend.get_texts()):
            text.set_text(DRILLS[d].name if d in selected else f"{DRILLS[d].name} (off)")
            text.set_alpha(1.0 if d in selected else 0.45)
        self.ax.set_xlim(0.4, values["weeks"] + 0.6)
        self.ax.set_xticks(range(1, values["weeks"] + 1))
        self.ax.set_ylim(0, max(5.0, max(bottoms) * 1.15))
        self.empty_note.set_visible(not selected)
        self.plan_box.value = self.plan_text()

    def _extra_widgets(self) -> list[W.Widget]:
        return [self.plan_box]

    def summary(self) -> str:
        v = self.values()
        selected = self.selected_drills()
        if not selected:
            return ("No drills picked: tick at least one drill to get a plan. "
                    f"Settings: {v['days_per_week']} days a week for {v['weeks']} weeks, "
                    f"{v['progression']} progression.")
        plan = self.plan()
        first, last = plan[0], plan[-1]
        doses = "; ".join(
            f"{DRILLS[d].name} from {dose_text(d, first.amounts[d])} to "
            f"{dose_text(d, last.amounts[d])}" for d in selected)
        return (f"Plan of {len(selected)} drill{'s' if len(selected) > 1 else ''}, "
                f"{v['days_per_week']} days a week for {v['weeks']} weeks, "
                f"{v['progression']} progression (capped): {doses}. "
                f"Estimated working time {first.minutes:.0f} min in week 1 and "
                f"{last.minutes:.0f} min in week {last.week} (rests not counted).")

    def figure_description(self) -> str:
        return ("Stacked bar chart: estimated working minutes per week for each week of "
                "the plan, one colour per selected drill.")
