"""HipExtensionExplorer: every control swept; text twin, readouts and figure agree with the model."""

import re

import nbformat
import numpy as np
import pytest
from matplotlib.lines import Line2D
from matplotlib.text import Text

from widgets import HipExtensionExplorer
from widgets.explorers.controls import Choice, Slider
from widgets.explorers.hip_extension import rotating_inertia_kg_m2
from widgets.mechanics import PELVIS_INERTIA_KG_M2, TRUNK_INERTIA_KG_M2, push_off

#: A start with a shortfall shared by tilt and rotation, so every control shows.
SHARED_SHORTFALL = dict(hip_extension_deg=6.0, rotation_share=0.5)

NUMBER = r"(-?\d+(?:\.\d+)?)"


def explorer(**values):
    return HipExtensionExplorer(use_profile=False, **values)


def expected_result(app):
    v = app.values()
    inertia = rotating_inertia_kg_m2(v["rotating_segment"], 70.0, v["height_m"])
    return push_off(hip_extension_deg=v["hip_extension_deg"], rotation_share=v["rotation_share"],
                    speed_m_s=v["speed_m_s"], height_m=v["height_m"], pelvic_tilt_deg=v["pelvic_tilt_deg"],
                    inertia_kg_m2=inertia)


def numbers_in(summary):
    """The quantities the text twin states, parsed back out of it."""
    found = {}
    patterns = {
        ("hip_extension_deg", "pelvic_tilt_deg", "speed_m_s", "height_m"):
            rf"With {NUMBER} deg of hip extension and {NUMBER} deg of anterior pelvic tilt at {NUMBER} m/s \(height {NUMBER} m\)",
        ("required_cm", "spare_cm"): rf"covers the {NUMBER} cm of reach needed .* with {NUMBER} cm to spare",
        ("shortfall_cm", "required_cm"): rf"falls {NUMBER} cm short of the {NUMBER} cm needed",
        ("rotation_deg", "extra_tilt_deg", "alignment", "cost_pct", "added_cost_pct"):
            rf"takes {NUMBER} deg of pelvic rotation and {NUMBER} deg of extra tilt, leaves {NUMBER} of the push "
            rf"pointing forward, and the .*rotation costs {NUMBER} % of the running energy \({NUMBER} % on top "
            rf"of the normal rotation\)",
        ("rotation_deg", "max_rotation_deg", "extra_tilt_deg", "alignment", "cost_pct", "added_cost_pct"):
            rf"would need {NUMBER} deg of rotation, more than the model's assumed limit of {NUMBER} deg, and "
            rf"{NUMBER} deg of extra tilt; that much rotation would leave {NUMBER} of the push pointing "
            rf"forward and the .*rotation would cost {NUMBER} % of the running energy \({NUMBER} % on top",
    }
    for names, pattern in patterns.items():
        match = re.search(pattern, summary)
        if match:
            found.update(zip(names, map(float, match.groups())))
    return found


def assert_summary_matches_model(app):
    r = expected_result(app)
    said = numbers_in(app.summary())
    v = app.values()
    assert said["hip_extension_deg"] == round(v["hip_extension_deg"], 1)
    assert said["speed_m_s"] == round(v["speed_m_s"], 1)
    assert said["height_m"] == round(v["height_m"], 2)
    assert said["required_cm"] == round(100 * r.reach_required_m, 1)
    if r.shortfall_m <= 0:
        assert said["spare_cm"] == round(100 * (r.reach_available_m - r.reach_required_m), 1)
        assert "rotation_deg" not in said
        return
    assert said["shortfall_cm"] == round(100 * r.shortfall_m, 1)
    assert said["rotation_deg"] == round(r.pelvic_rotation_deg, 1)
    assert said["extra_tilt_deg"] == round(r.extra_tilt_deg, 1)
    assert said["alignment"] == round(r.thrust_alignment, 2)
    assert said["cost_pct"] == round(100 * r.cost_fraction, 2)
    assert said["added_cost_pct"] == round(100 * r.added_cost_fraction, 2)
    if not r.feasible:
        assert said["max_rotation_deg"] == r.max_rotation_deg


def artist_state(app):
    state = []
    for artist in app.views.artists():
        if isinstance(artist, Line2D):
            state.append(np.asarray(artist.get_xydata(), dtype=float).round(9).tolist())
        elif isinstance(artist, Text):
            state.append(artist.get_text())
        else:
            state.append(artist.get_patch_transform().transform(artist.get_path().vertices).round(9).tolist())
        state.append(artist.get_visible())
    return state


def sweep_values(control):
    """Min, middle and max of a slider; for a toggle, each other choice and back."""
    if isinstance(control, Choice):
        others = [value for _, value in control.options if value != control.value]
        return [*others, control.value, *others]
    return [control.min, (control.min + control.max) / 2, control.max]


@pytest.mark.parametrize("name", ["hip_extension_deg", "rotation_share", "speed_m_s", "height_m",
                                  "pelvic_tilt_deg", "rotating_segment"])
def test_sweeping_a_control_keeps_figure_text_and_model_in_step(name):
    app = explorer(**SHARED_SHORTFALL)
    figure, axes, artists = app.figure, list(app.figure.axes), app.views.artists()
    for value in sweep_values(app.controls[name]):
        before = artist_state(app)
        app.controls[name].value = value
        assert artist_state(app) != before, f"{name}={value} left the figure unchanged"
        assert_summary_matches_model(app)
        assert app.figure is figure and app.figure.axes == axes
        assert all(a is b for a, b in zip(app.views.artists(), artists))


def test_default_state_has_no_shortfall_and_says_so():
    app = explorer()
    assert app.summary().startswith("With 10.0 deg of hip extension and 8.0 deg of anterior pelvic tilt at 3.3 m/s")
    assert "no rotation (0.0 deg) and no extra tilt (0.0 deg)" in app.summary()
    assert_summary_matches_model(app)


def test_eight_degrees_made_up_by_rotation_reads_like_the_design_reference():
    app = explorer(hip_extension_deg=8.0, rotation_share=1.0)
    said = numbers_in(app.summary())
    assert said["shortfall_cm"] == pytest.approx(2.4, abs=0.1)
    assert said["rotation_deg"] == pytest.approx(15, abs=1)
    assert_summary_matches_model(app)


def test_rotation_alone_out_of_reach_is_said_plainly_with_numbers():
    app = explorer(hip_extension_deg=4.0, rotation_share=1.0)
    summary = app.summary()
    assert "rotation alone cannot close the gap" in summary
    assert re.search(r"would need 66\.\d deg of rotation, more than the model's assumed limit of 30 deg", summary)
    assert app.readouts()["Pelvic rotation"].endswith("(out of reach)")
    assert_summary_matches_model(app)


def test_partial_rotation_share_out_of_reach_names_its_share():
    app = explorer(hip_extension_deg=-5.0, rotation_share=0.6)
    assert "rotation cannot make up its 60 % of the gap" in app.summary()
    assert_summary_matches_model(app)


def test_whole_trunk_costs_more_energy_than_the_pelvis_alone():
    pelvis = explorer(hip_extension_deg=8.0, rotation_share=1.0)
    trunk = explorer(hip_extension_deg=8.0, rotation_share=1.0, rotating_segment="trunk")
    ratio = trunk.result.rotation_energy_j / pelvis.result.rotation_energy_j
    assert ratio == pytest.approx(TRUNK_INERTIA_KG_M2 / PELVIS_INERTIA_KG_M2)
    assert "whole trunk's rotation" in trunk.summary()


def test_readouts_show_the_model_numbers_with_units():
    app = explorer(**SHARED_SHORTFALL)
    r = expected_result(app)
    readouts = app.readouts()
    assert readouts["Shortfall"] == f"{100 * r.shortfall_m:.1f} cm"
    assert readouts["Pelvic rotation"] == f"{r.pelvic_rotation_deg:.1f} deg"
    assert readouts["Extra tilt"] == f"{r.extra_tilt_deg:.1f} deg"
    assert readouts["Thrust alignment"] == f"{r.thrust_alignment:.2f}"
    assert readouts["Share of running cost"] == f"{100 * r.cost_fraction:.2f} %"
    assert all(text in app._readouts.value for text in readouts.values())


def test_fixed_inputs_by_keyword_reach_the_model():
    app = explorer(mass_kg=50.0, cadence_steps_min=190.0, hip_extension_deg=8.0)
    inertia = rotating_inertia_kg_m2("pelvis", 50.0, 1.75)
    assert app.result == push_off(mass_kg=50.0, cadence_steps_min=190.0, hip_extension_deg=8.0,
                                  inertia_kg_m2=inertia)


def test_unknown_start_value_is_refused():
    with pytest.raises(ValueError, match="does not use hip_flexor_tightness"):
        explorer(hip_flexor_tightness=3)


def test_the_inertia_follows_the_rotating_segment_and_cannot_be_passed_silently():
    with pytest.raises(ValueError, match="does not use inertia_kg_m2"):
        explorer(inertia_kg_m2=0.3)


@pytest.mark.parametrize("half_width_m", [0.07, 0.11])
def test_the_top_view_draws_the_hip_back_by_exactly_the_models_figure(half_width_m):
    app = explorer(hip_extension_deg=8, hip_half_width_m=half_width_m)
    hip_x, hip_y = (float(v[0]) for v in app.views.top.push_off_hip.get_data())
    back_m = -hip_y
    assert back_m == pytest.approx(float(app.result.reach_from_rotation_m), abs=1e-9)
    assert hip_x ** 2 + hip_y ** 2 == pytest.approx(half_width_m ** 2)


def test_unknown_rotating_segment_raises():
    with pytest.raises(ValueError, match="segment='legs'"):
        rotating_inertia_kg_m2("legs", 70.0, 1.75)


def test_every_control_is_a_keyboard_operable_widget_with_a_description():
    app = explorer()
    for name, control in app.controls.items():
        assert isinstance(control, (Slider, Choice)), name
        assert control.description, name


def test_sliders_announce_their_value_with_its_unit():
    app = explorer(hip_extension_deg=8.0, speed_m_s=4.2)
    assert app.controls["hip_extension_deg"].readout() == "8.0 deg"
    assert app.controls["speed_m_s"].readout() == "4.2 m/s"


def test_slider_descriptions_carry_units():
    app = explorer()
    assert "(deg)" in app.controls["hip_extension_deg"].description
    assert "(m/s)" in app.controls["speed_m_s"].description
    assert "(m)" in app.controls["height_m"].description


def test_mimebundle_has_the_widget_a_static_image_with_alt_text_and_the_text_twin():
    app = explorer(hip_extension_deg=8.0)
    bundle = app._repr_mimebundle_()
    assert "application/vnd.jupyter.widget-view+json" in bundle
    assert re.search(r'<img src="data:image/png;base64,[^"]+" width="\d+" height="\d+" alt="Three panels: [^"]*15\.2 deg',
                     bundle["text/html"])
    assert bundle["text/plain"] == app.summary()


def test_the_figure_fits_one_laptop_screen_beside_its_controls():
    app = explorer()
    assert app.surface.height_px <= 560 and app.surface.width_px <= 700


def test_a_headless_kernel_runs_it_without_hanging_and_keeps_a_static_image():
    from nbclient import NotebookClient

    notebook = nbformat.v4.new_notebook(cells=[nbformat.v4.new_code_cell(
        "from widgets import HipExtensionExplorer\n"
        "app = HipExtensionExplorer(use_profile=False, hip_extension_deg=4.0)\n"
        "app.controls['rotation_share'].value = 0.8\n"
        "app")])
    NotebookClient(notebook, timeout=120, kernel_name="python3").execute()
    (output,) = notebook.cells[0].outputs
    assert output["output_type"] == "execute_result"
    assert "application/vnd.jupyter.widget-view+json" in output["data"]
    assert "<img src=\"data:image/png;base64," in output["data"]["text/html"]
    assert "rotation cannot make up its 80 % of the gap" in output["data"]["text/plain"]


def test_a_slider_move_in_a_shown_explorer_is_blitted_and_matches_a_full_draw(monkeypatch):
    app = explorer()
    canvas = app.figure.canvas
    full_draw_requests = []
    draw = canvas.draw
    monkeypatch.setattr(canvas, "draw", lambda: (full_draw_requests.append(1), draw()))
    before = np.asarray(canvas.get_renderer().buffer_rgba()).copy()
    app.set(**SHARED_SHORTFALL)
    blitted = np.asarray(canvas.get_renderer().buffer_rgba()).copy()
    assert not full_draw_requests
    assert (blitted != before).any()
    canvas.draw()
    assert (np.asarray(canvas.get_renderer().buffer_rgba()) == blitted).all()


def test_the_static_image_after_moves_equals_a_fresh_explorer_in_the_same_state():
    app = explorer()
    app.set(**SHARED_SHORTFALL)
    assert app.png_base64() == explorer(**SHARED_SHORTFALL).png_base64()


def test_an_unknown_rotating_segment_for_the_explorer_raises_naming_the_choices():
    with pytest.raises(ValueError, match="rotating_segment='legs' is not one of 'pelvis', 'trunk'"):
        explorer(rotating_segment="legs")


def test_a_hip_extension_outside_the_slider_raises_instead_of_clamping():
    with pytest.raises(ValueError, match="hip_extension_deg=40 is outside the allowed range -5..25 deg"):
        explorer(hip_extension_deg=40)
