"""The Explorer base: profile start values, one redraw per change, a static fallback."""

import json

import ipywidgets as W
import pytest

from widgets.explorer import Explorer, parameter_slider


class CountingExplorer(Explorer):
    """The smallest real explorer: one slider, one line, and a count of redraws."""

    def _build_controls(self):
        return {"speed_m_s": parameter_slider("speed_m_s", self.start_value("speed_m_s")),
                "height_m": parameter_slider("height_m", self.start_value("height_m"))}

    def _build_artists(self, figure):
        self.axes = figure.add_subplot()
        self.axes.set_xlabel("speed (m/s)")
        (self.line,) = self.axes.plot([0, 0], [0, 1])
        self.updates = 0

    def _update_artists(self, values):
        self.updates += 1
        self.line.set_xdata([values["speed_m_s"]] * 2)

    def summary(self):
        return f"Speed {self.controls['speed_m_s'].value:.1f} m/s, height {self.controls['height_m'].value:.2f} m."

    def figure_description(self):
        return "A vertical line at the chosen speed."


def test_controls_start_at_the_model_defaults_without_a_profile():
    app = CountingExplorer()
    assert app.values() == {"speed_m_s": 3.3, "height_m": 1.75}


def test_controls_start_from_the_saved_runner_profile(empty_runner_profile):
    empty_runner_profile.write_text(json.dumps({"height_m": 1.62, "mass_kg": 55, "speed_m_s": 2.8}))
    app = CountingExplorer()
    assert app.values() == {"speed_m_s": 2.8, "height_m": 1.62}


def test_an_argument_beats_the_profile(empty_runner_profile):
    empty_runner_profile.write_text(json.dumps({"height_m": 1.62, "mass_kg": 55, "speed_m_s": 2.8}))
    assert CountingExplorer(speed_m_s=4.0).values()["speed_m_s"] == 4.0


def test_a_corrupted_profile_gives_defaults_and_a_visible_warning(empty_runner_profile):
    empty_runner_profile.write_text("{not json")
    app = CountingExplorer()
    assert app.values()["height_m"] == 1.75
    assert any("Profile" in getattr(w, "value", "") for w in app.widget.children)


def test_use_profile_false_ignores_the_profile(empty_runner_profile):
    empty_runner_profile.write_text(json.dumps({"height_m": 1.62, "mass_kg": 55, "speed_m_s": 2.8}))
    assert CountingExplorer(use_profile=False).values()["height_m"] == 1.75


def test_an_unknown_parameter_is_refused_by_name():
    with pytest.raises(TypeError, match="hip_flexibility"):
        CountingExplorer(hip_flexibility=3)


def test_a_control_change_updates_artists_and_text_twin_in_place():
    app = CountingExplorer()
    figure, line = app.figure, app.line
    app.controls["speed_m_s"].value = 4.5
    assert app.figure is figure and app.line is line
    assert list(line.get_xdata()) == [4.5, 4.5]
    assert "4.5 m/s" in app._summary.value


def test_set_changes_several_controls_with_one_update():
    app = CountingExplorer()
    before = app.updates
    app.set(speed_m_s=4.0, height_m=1.9)
    assert app.updates == before + 1
    assert app.summary() == "Speed 4.0 m/s, height 1.90 m."


def test_the_figure_is_on_the_ipympl_widget_canvas():
    app = CountingExplorer()
    assert isinstance(app.figure.canvas, W.DOMWidget)
    assert app.figure.canvas in app.widget.children


def test_the_display_bundle_carries_widget_static_image_with_alt_text_and_text_twin():
    app = CountingExplorer()
    bundle = app._repr_mimebundle_()
    assert "application/vnd.jupyter.widget-view+json" in bundle
    assert bundle["text/plain"] == app.summary()
    html = bundle["text/html"]
    assert "<img" in html and 'src="data:image/png;base64,' in html
    assert 'alt="A vertical line at the chosen speed. Speed 3.3 m/s' in html


def test_the_text_twin_is_announced_politely_to_screen_readers():
    app = CountingExplorer()
    assert 'aria-live="polite"' in app._summary.value
    assert "explorer-summary" in app._summary._dom_classes


def test_sliders_carry_a_label_with_the_unit_and_the_model_range():
    slider = parameter_slider("hip_extension_deg")
    assert slider.description == "Hip extension available (deg)"
    assert (slider.min, slider.max, slider.value) == (-5.0, 25.0, 10.0)
