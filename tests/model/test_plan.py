"""Weekly drill plans: doses by week, caps, minutes, and the plan as a Markdown table."""

import pytest

from widgets.model.plan import plan_markdown, weekly_plan


@pytest.mark.parametrize("kwargs,match", [
    ({"days_per_week": 0}, "days_per_week=0.*1..7"),
    ({"days_per_week": 8}, "days_per_week=8"),
    ({"weeks": 13}, "weeks=13.*1..12"),
    ({"progression": "reckless"}, "progression='reckless'"),
])
def test_weekly_plan_rejects_out_of_range_settings(kwargs, match):
    with pytest.raises(ValueError, match=match):
        weekly_plan(["glute_bridge"], **kwargs)


def test_plan_markdown_is_a_table_with_a_header_per_drill():
    text = plan_markdown(["walking_spiderman", "glute_bridge"], 3, 2, "steady")
    assert "| Week | Walking Spiderman | Glute bridge | Minutes per week (approx.) |" in text
    # 3 days x (2 x 5 x 2 sides x 6 s + 2 x 10 x 4 s) = 600 s = 10 min
    assert "| 1 | 2 x 5 steps per side | 2 x 10 reps | 10 |" in text


def test_the_plan_says_when_to_do_each_drill_and_how_to_progress_strength_work():
    from widgets.model.drills import STRENGTH_PROGRESSION, get_drill

    text = plan_markdown(["kneeling_hip_flexor_stretch", "glute_bridge"])
    assert f"- {get_drill('kneeling_hip_flexor_stretch').name}: {get_drill('kneeling_hip_flexor_stretch').when}" in text
    assert STRENGTH_PROGRESSION in text
