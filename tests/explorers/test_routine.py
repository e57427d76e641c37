"""RoutineBuilder: controls swept, plan text numbers, in-place figure updates, validation."""

import re

import numpy as np
import pytest

from widgets.drills import DRILLS, dose_in_week, get_drill, session_seconds
from widgets.explorers.routine import RoutineBuilder


@pytest.fixture
def builder():
    return RoutineBuilder(use_profile=False)


def bar_heights(builder, drill_id):
    return np.array([r.get_height() for r in builder.bars[drill_id].patches])


def table_rows(text):
    return [line for line in text.splitlines() if re.match(r"\| \d+ \|", line)]


@pytest.mark.parametrize("weeks", [1, 6, 12])
def test_plan_text_has_one_row_per_week(builder, weeks):
    builder.set(weeks=weeks)
    assert len(table_rows(builder.plan_text())) == weeks
    assert f"for {weeks} weeks" in builder.summary()


@pytest.mark.parametrize("days", [1, 4, 7])
def test_plan_minutes_are_days_times_session_time(builder, days):
    builder.set(days_per_week=days, weeks=3)
    chosen = builder.selected_drills()
    for row in table_rows(builder.plan_text()):
        week = int(row.split("|")[1])
        expected = days * sum(session_seconds(d, dose_in_week(d, week)) for d in chosen) / 60
        assert row.rstrip(" |").endswith(f"| {expected:.0f}")


@pytest.mark.parametrize("progression", ["hold", "gentle", "steady"])
def test_plan_text_doses_follow_the_progression(builder, progression):
    builder.set(progression=progression, weeks=12)
    last_row = table_rows(builder.plan_text())[-1]
    for drill_id in builder.selected_drills():
        assert f"x {dose_in_week(drill_id, 12, progression)} " in last_row


def test_summary_numbers_match_the_plan(builder):
    builder.set(weeks=4, days_per_week=2)
    plan = builder.plan()
    summary = builder.summary()
    assert f"{plan[0].minutes:.0f} min in week 1" in summary
    assert f"{plan[-1].minutes:.0f} min in week 4" in summary
    assert "2 x 8 steps per side" in summary  # Walking Spiderman, week 4, steady


def test_the_plan_box_shows_the_plan_text(builder):
    builder.set(weeks=2)
    assert builder.plan_box.value == builder.plan_text()


@pytest.mark.parametrize("control,value", [("days_per_week", 7), ("weeks", 12),
                                           ("progression", "hold"), ("leg_swings", True)])
def test_changing_a_control_changes_bars_in_place(builder, control, value):
    figure, bars = builder.figure, builder.bars
    before = {d: bar_heights(builder, d) for d in DRILLS}
    builder.controls[control].value = value
    after = {d: bar_heights(builder, d) for d in DRILLS}
    assert builder.figure is figure and builder.bars is bars
    assert any(not np.array_equal(before[d], after[d]) for d in DRILLS)


def test_stacked_bars_add_up_to_the_weekly_minutes(builder):
    builder.set(weeks=5)
    totals = sum(bar_heights(builder, d) for d in DRILLS)
    assert np.allclose(totals[:5], [week.minutes for week in builder.plan()])
    assert np.all(totals[5:] == 0)


def test_unticked_drill_has_no_bars_and_a_dimmed_legend_entry(builder):
    builder.set(glute_bridge=False)
    assert not bar_heights(builder, "glute_bridge").any()
    names = [t.get_text() for t in builder.legend.get_texts()]
    assert f"{get_drill('glute_bridge').name} (off)" in names


def test_no_drills_picked_says_so_instead_of_a_plan(builder):
    builder.set(**{d: False for d in DRILLS})
    assert builder.summary().startswith("No drills picked")
    assert "tick at least one drill" in builder.plan_text()
    assert builder.empty_note.get_visible()


def test_drills_argument_picks_the_starting_drills():
    builder = RoutineBuilder(use_profile=False, drills=["leg_swings"])
    assert builder.selected_drills() == ["leg_swings"]


def test_unknown_start_drill_is_a_value_error():
    with pytest.raises(ValueError, match="drill_id='plank'"):
        RoutineBuilder(use_profile=False, drills=["plank"])


