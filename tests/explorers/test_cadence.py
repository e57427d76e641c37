"""CadenceExplorer and its step-timing model: numbers, words and artists agree."""

import numpy as np
import pytest

from widgets.explorers.cadence import CadenceExplorer
from widgets.mechanics import PARAMETERS
from widgets.model.timing import raised_cadence_steps_min, step_timing

SPEEDS = [PARAMETERS["speed_m_s"].low, 3.6, PARAMETERS["speed_m_s"].high]
CADENCES = [PARAMETERS["cadence_steps_min"].low, 175.0, PARAMETERS["cadence_steps_min"].high]
INCREASES = [0, 5, 10]


@pytest.fixture(scope="module")
def explorer():
    return CadenceExplorer(use_profile=False)


@pytest.mark.parametrize("speed", SPEEDS)
@pytest.mark.parametrize("cadence", CADENCES)
@pytest.mark.parametrize("increase", INCREASES)
def test_summary_states_the_models_numbers_across_the_controls(explorer, speed, cadence, increase):
    explorer.set(speed_m_s=speed, cadence_steps_min=cadence, step_rate_increase_pct=increase)
    now = step_timing(speed, cadence)
    text = explorer.summary()
    assert f"{now.step_time_s:.3f} s" in text
    assert f"{now.contact_time_s:.3f} s of contact" in text
    assert f"Stride length is {now.stride_length_m:.2f} m" in text
    if now.has_flight:
        assert f"{now.flight_time_s:.3f} s of flight" in text
    if increase:
        raised = step_timing(speed, raised_cadence_steps_min(cadence, increase))
        assert f"+{increase} % step rate ({raised.cadence_steps_min:.0f} steps/min)" in text
        assert f"falls to {raised.stride_length_m:.2f} m" in text
        assert "Heiderscheit et al. 2011" in text and "injuries were not measured" in text
        if raised.has_flight:
            assert f"flight shrinks to {raised.flight_time_s:.3f} s" in text
        else:
            assert "flight vanishes" in text


def test_summary_says_each_step_has_one_contact_and_one_flight(explorer):
    explorer.set(speed_m_s=3.3, cadence_steps_min=170, step_rate_increase_pct=0)
    assert "one ground contact, then one flight" in explorer.summary()


def test_summary_says_plainly_when_flight_vanishes(explorer):
    explorer.set(speed_m_s=2.2, cadence_steps_min=210, step_rate_increase_pct=10)
    assert "flight vanishes (contact fills the whole step: no flight phase" in explorer.summary()
    assert "'grounded running' exists" in explorer.summary()


@pytest.mark.parametrize("control, low, high", [
    ("speed_m_s", SPEEDS[0], SPEEDS[-1]),
    ("cadence_steps_min", CADENCES[0], CADENCES[-1]),
    ("step_rate_increase_pct", 0, 10),
])
def test_artists_change_in_place_when_a_control_moves(control, low, high):
    explorer = CadenceExplorer(use_profile=False)
    figure, bar = explorer.figure, explorer.bars["raised"][0]
    explorer.set(**{control: low})
    before = (bar.get_width(), explorer.raised_step_line.get_ydata()[0],
              tuple(explorer.speed_marker.get_xdata()), explorer.stride_text.get_text())
    explorer.set(**{control: high})
    after = (bar.get_width(), explorer.raised_step_line.get_ydata()[0],
             tuple(explorer.speed_marker.get_xdata()), explorer.stride_text.get_text())
    assert before != after
    assert explorer.figure is figure and explorer.bars["raised"][0] is bar


def test_timeline_bars_show_contact_then_flight_for_each_step(explorer):
    explorer.set(speed_m_s=3.3, cadence_steps_min=170, step_rate_increase_pct=0)
    now = step_timing(3.3, 170)
    widths = [bar.get_width() for bar in explorer.bars["now"]]
    assert widths == pytest.approx([now.contact_time_s, now.flight_time_s] * 2)
    assert explorer.bars["now"][-1].get_x() + widths[-1] == pytest.approx(2 * now.step_time_s)


def test_step_time_line_sits_at_the_step_time(explorer):
    explorer.set(speed_m_s=4.0, cadence_steps_min=190, step_rate_increase_pct=5)
    assert explorer.step_line.get_ydata()[0] == pytest.approx(60 / 190)
    assert explorer.raised_step_line.get_ydata()[0] == pytest.approx(60 / (190 * 1.05))


def test_controls_are_labelled_for_keyboard_and_screen_reader_users(explorer):
    assert all(control.description for control in explorer.controls.values())


def test_alt_text_describes_the_figure_and_its_numbers(explorer):
    explorer.set(speed_m_s=3.3, cadence_steps_min=170, step_rate_increase_pct=0)
    assert "contact time against speed" in explorer.alt_text()
    assert explorer.summary() in explorer.alt_text()


def test_explorer_starts_from_the_profile_speed(empty_runner_profile):
    from widgets.profile import RunnerProfile, save_profile

    save_profile(RunnerProfile(speed_m_s=4.0))
    assert CadenceExplorer().controls["speed_m_s"].value == pytest.approx(4.0)
    assert np.isclose(CadenceExplorer(use_profile=False).controls["speed_m_s"].value,
                      PARAMETERS["speed_m_s"].default)
