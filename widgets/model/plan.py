"""A weekly drill plan: doses per set week by week, capped, with the time it takes.

Built from the drill cards of :mod:`widgets.model.drills` (doses, caps, progressions);
the RoutineBuilder explorer (:mod:`widgets.explorers.routine`) shows it. The doses are
suggested starting points, not prescriptions tested in a study. Pure: standard library only.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from .drills import (GENERAL_SAFETY, STRENGTH_PROGRESSION, MAX_DAYS_PER_WEEK, MAX_WEEKS, dose_in_week, dose_text, get_drill,
                     progression_factor, session_seconds)
from .validation import whole_number_in_range


@dataclass(frozen=True)
class WeekPlan:
    """One week of a plan: the dose per set of each drill and the estimated minutes."""

    week: int
    amounts: dict[str, int]
    minutes_by_drill: dict[str, float]

    @property
    def minutes(self) -> float:
        return sum(self.minutes_by_drill.values())


def weekly_plan(drill_ids: Iterable[str], days_per_week: int = 3, weeks: int = 6,
                progression: str = "steady") -> list[WeekPlan]:
    """The plan week by week: doses per set (capped) and estimated working minutes.

    Minutes per week = days x sets x amount x sides x seconds per unit / 60; rests
    between sets are not counted. Raises ValueError for an unknown drill, days outside
    1..7, weeks outside 1..12 or an unknown progression.
    """
    ids = [get_drill(d).id for d in drill_ids]
    days = whole_number_in_range("days_per_week", days_per_week, 1, MAX_DAYS_PER_WEEK)
    n_weeks = whole_number_in_range("weeks", weeks, 1, MAX_WEEKS)
    progression_factor(progression)
    plan = []
    for week in range(1, n_weeks + 1):
        amounts = {d: dose_in_week(d, week, progression) for d in ids}
        minutes = {d: days * session_seconds(d, amounts[d]) / 60.0 for d in ids}
        plan.append(WeekPlan(week, amounts, minutes))
    return plan


def plan_markdown(drill_ids: Iterable[str], days_per_week: int = 3, weeks: int = 6,
                  progression: str = "steady") -> str:
    """The plan as a Markdown table with a header line and the safety notes under it."""
    ids = list(drill_ids)
    plan = weekly_plan(ids, days_per_week, weeks, progression)
    lines = [f"Drill plan: {days_per_week} days a week for {weeks} weeks, "
             f"{progression} progression (each drill capped).", ""]
    if not ids:
        return "\n".join(lines + ["No drills picked yet: tick at least one drill."])
    names = [get_drill(d).name for d in ids]
    lines.append("| Week | " + " | ".join(names) + " | Minutes per week (approx.) |")
    lines.append("|---" * (len(ids) + 2) + "|")
    for row in plan:
        cells = [dose_text(d, row.amounts[d]) for d in ids]
        lines.append(f"| {row.week} | " + " | ".join(cells) + f" | {row.minutes:.0f} |")
    lines += ["", "Minutes count working time only, not rests. Doses are suggested starting "
              "points, not prescriptions tested in a study.", "", "When:"]
    lines += [f"- {get_drill(d).name}: {get_drill(d).when}" for d in ids if get_drill(d).when]
    lines += ["", STRENGTH_PROGRESSION, "", "Safety:"]
    lines += [f"- {note}" for note in GENERAL_SAFETY]
    return "\n".join(lines)
