"""FootStrikeExplorer and its schematic force curves: impulse balance, shapes, in-place updates."""

import re

import numpy as np
import pytest

from widgets.explorers.foot_strike import FootStrikeExplorer
from widgets.model.ground_force import vertical_force_curve

SPEEDS = [2.2, 3.6, 5.0]
CADENCES = [140, 175, 210]


@pytest.fixture
def explorer():
    return FootStrikeExplorer(use_profile=False)


def numbers(text):
    return [float(x) for x in re.findall(r"\d+\.?\d*", text)]


@pytest.mark.parametrize("speed", SPEEDS)
@pytest.mark.parametrize("cadence", CADENCES)
def test_summary_reports_the_curves_drawn(explorer, speed, cadence):
    explorer.set(speed_m_s=speed, cadence_steps_min=cadence)
    rear = vertical_force_curve("rearfoot", speed, cadence)
    fore = vertical_force_curve("forefoot", speed, cadence)
    summary = explorer.summary()
    assert summary.startswith("Schematic curves, not measured data.")
    assert f"contact {rear.contact_time_s * 1000:.0f} ms" in summary
    assert f"impact transient {rear.impact_peak_bw:.1f} body weights" in summary
    assert f"active peak {fore.active_peak_bw:.1f} body weights" in summary
    assert f"{60 / cadence:.3f} body-weight seconds" in summary
    assert np.allclose(explorer.lines["rearfoot"].get_ydata(), rear.force_bw)


@pytest.mark.parametrize("shown,visible", [("both", {"rearfoot", "forefoot"}),
                                           ("rearfoot", {"rearfoot"}),
                                           ("forefoot", {"forefoot"})])
def test_strike_control_shows_only_the_chosen_curves(explorer, shown, visible):
    explorer.set(shown=shown)
    assert {p for p, line in explorer.lines.items() if line.get_visible()} == visible
    assert explorer.impact_marker.get_visible() == ("rearfoot" in visible)
    assert ("Rearfoot:" in explorer.summary()) == ("rearfoot" in visible)


@pytest.mark.parametrize("control,value", [("speed_m_s", 2.2), ("speed_m_s", 5.0),
                                           ("cadence_steps_min", 140),
                                           ("cadence_steps_min", 210)])
def test_moving_a_slider_changes_the_curve_in_place(explorer, control, value):
    figure, line = explorer.figure, explorer.lines["forefoot"]
    before = line.get_ydata().copy()
    explorer.controls[control].value = value
    assert explorer.figure is figure and explorer.lines["forefoot"] is line
    assert not np.array_equal(before, line.get_ydata())


def test_figure_is_labelled_schematic(explorer):
    texts = [t.get_text() for t in explorer.ax.texts]
    assert "SCHEMATIC: not measured data" in texts
    assert "schematic" in explorer.alt_text().lower()
