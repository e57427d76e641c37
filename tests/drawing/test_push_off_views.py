"""Matplotlib views: updated in place, palette colours, labelled axes with units."""

import re

import numpy as np
import pytest
from matplotlib.figure import Figure
from matplotlib.backends.backend_agg import FigureCanvasAgg

from support.drawing import PALETTE_HEX, colours_of, new_axes, snapshot
from widgets.drawing.push_off_views import PelvisTopView, PushOffViews, ReachBudgetView, ToeOffSideView
from widgets.mechanics import push_off

NO_SHORTFALL = push_off()
BY_ROTATION = push_off(hip_extension_deg=8, rotation_share=1.0)
MIXED = push_off(hip_extension_deg=6, rotation_share=0.2, speed_m_s=4.0, height_m=1.9)
OUT_OF_REACH = push_off(hip_extension_deg=4, rotation_share=1.0)


def view_factories():
    return {
        "side view": lambda ax: ToeOffSideView(ax),
        "top view": lambda ax: PelvisTopView(ax),
        "reach budget": lambda ax: ReachBudgetView(ax),
    }


@pytest.fixture(params=list(view_factories()))
def view(request):
    _, ax = new_axes()
    return view_factories()[request.param](ax)


def test_update_changes_artist_data_in_place(view):
    view.update(NO_SHORTFALL)
    artists_before = view.artists()
    before = snapshot(artists_before)
    view.update(MIXED)
    assert snapshot(view.artists()) != before
    assert all(a is b for a, b in zip(view.artists(), artists_before))


def test_update_adds_no_artists_to_the_axes(view):
    view.update(NO_SHORTFALL)
    count = len(view.ax.get_children())
    for result in (BY_ROTATION, MIXED, OUT_OF_REACH):
        view.update(result)
    assert len(view.ax.get_children()) == count


def test_views_use_only_palette_colours(view):
    view.update(OUT_OF_REACH)
    assert colours_of(view.artists()) <= PALETTE_HEX


def test_charts_label_their_axes_with_units_and_schematics_have_no_axes(view):
    if isinstance(view, ReachBudgetView):
        assert re.search(r"\((m|cm|deg|%)\)", view.ax.get_xlabel())
    else:
        assert not view.ax.axison, "a schematic view draws no axes box or metre ticks"


def test_side_view_puts_the_toe_on_the_ground_at_the_achieved_reach():
    _, ax = new_axes()
    side = ToeOffSideView(ax)
    side.update(BY_ROTATION)
    toe_x, toe_y = side.figure.chain("near", "leg")[4]
    assert toe_y == pytest.approx(0.0, abs=1e-6)
    assert -toe_x == pytest.approx(BY_ROTATION.reach_achieved_m, abs=2e-3)


def test_side_view_marks_the_required_reach_and_shows_a_shortfall_only_when_one_remains():
    _, ax = new_axes()
    side = ToeOffSideView(ax)
    side.update(OUT_OF_REACH)
    start, end = side.dimension._posA_posB
    assert start[0] - end[0] == pytest.approx(OUT_OF_REACH.reach_required_m)
    assert side.required_label.get_text() == f"reach needed {100 * OUT_OF_REACH.reach_required_m:.1f} cm"
    missing = OUT_OF_REACH.reach_required_m - OUT_OF_REACH.reach_achieved_m
    assert side.shortfall.get_visible() and side.shortfall.get_width() == pytest.approx(missing)
    assert side.shortfall_label.get_text() == f"short {100 * missing:.1f} cm"
    side.update(BY_ROTATION)
    assert not side.shortfall.get_visible()


def test_side_view_tilts_the_pelvis_by_tilt_plus_extra_tilt():
    _, ax = new_axes()
    side = ToeOffSideView(ax)
    result = push_off(hip_extension_deg=6, rotation_share=0.0)
    side.update(result)
    (x0, y0), (x1, y1) = side.pelvis_ends
    assert np.degrees(np.arctan2(y0 - y1, x1 - x0)) == pytest.approx(8.0 + result.extra_tilt_deg)
    assert side.tilt_label.get_text() == f"pelvic tilt {8.0 + result.extra_tilt_deg:.1f}\N{DEGREE SIGN}"


def test_side_view_colours_the_hip_extension_between_the_pelvis_line_and_the_thigh():
    _, ax = new_axes()
    side = ToeOffSideView(ax)
    side.update(BY_ROTATION)
    hip, knee = side.figure.chain("near", "leg")[:2]
    thigh_deg = np.degrees(np.arctan2(*(knee - hip)[::-1]))
    band = side.extension_wedge.get_xy()
    edge_deg = [np.degrees(np.arctan2(*(point - hip)[::-1])) for point in (band[0], band[15])]
    tilt = 8.0 + BY_ROTATION.extra_tilt_deg
    assert sorted(edge_deg) == pytest.approx(sorted([-90.0 - tilt, thigh_deg]))
    assert side.extension_label.get_text() == f"hip extension\n{8.0:.1f}\N{DEGREE SIGN}"


def test_top_view_rotates_the_push_off_hip_back_and_turns_the_push():
    _, ax = new_axes()
    top = PelvisTopView(ax)
    top.update(BY_ROTATION)
    hip_x, hip_y = top.push_off_hip.get_xydata()[0]
    phi = np.radians(BY_ROTATION.pelvic_rotation_deg)
    assert hip_y == pytest.approx(-0.09 * np.sin(phi))
    assert hip_x == pytest.approx(0.09 * np.cos(phi))
    start, end = top.push._posA_posB
    assert np.degrees(np.arctan2(end[0] - start[0], end[1] - start[1])) == pytest.approx(BY_ROTATION.pelvic_rotation_deg)


def test_top_view_says_when_the_rotation_needed_is_beyond_the_limit():
    _, ax = new_axes()
    top = PelvisTopView(ax)
    top.update(OUT_OF_REACH)
    assert f"needs {OUT_OF_REACH.pelvic_rotation_deg:.1f}" in top.label.get_text()
    assert top.rotation_label.get_text() == f"{OUT_OF_REACH.pelvic_rotation_deg:.1f}\N{DEGREE SIGN}"
    assert "30\N{DEGREE SIGN} limit" in top.label.get_text()
    assert top.limit.get_visible()


def test_reach_budget_stacks_the_model_s_parts_in_centimetres():
    _, ax = new_axes()
    budget = ReachBudgetView(ax)
    budget.update(MIXED)
    widths = {field: rect.get_width() for field, rect in budget.parts.items()}
    for field, width in widths.items():
        assert width == pytest.approx(100 * getattr(MIXED, field))
    assert budget.required_bar.get_width() == pytest.approx(100 * MIXED.reach_required_m)


def test_reach_budget_shows_what_is_still_missing_when_rotation_cannot_close_the_gap():
    _, ax = new_axes()
    budget = ReachBudgetView(ax)
    budget.update(OUT_OF_REACH)
    expected = 100 * (OUT_OF_REACH.reach_required_m - OUT_OF_REACH.reach_achieved_m)
    assert expected > 1 and budget.missing.get_width() == pytest.approx(expected)
    budget.update(NO_SHORTFALL)
    assert budget.missing.get_width() == 0


def test_push_off_views_update_all_three_panels():
    figure = Figure()
    FigureCanvasAgg(figure)
    views = PushOffViews(figure)
    assert len(figure.axes) == 3
    views.update(NO_SHORTFALL)
    before = snapshot(views.artists())
    views.update(OUT_OF_REACH)
    assert snapshot(views.artists()) != before
    figure.canvas.draw()


