"""The Explorer base: profile start values, one redraw per change, a static fallback."""

import json

import pytest

from widgets.explorers.base import Explorer, parameter_slider
from widgets.explorers.controls import FigureImage


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
    with pytest.raises(ValueError, match="CountingExplorer does not use hip_flexibility; it takes"):
        CountingExplorer(hip_flexibility=3)


def test_a_model_parameter_the_explorer_does_not_use_is_refused_not_ignored():
    with pytest.raises(ValueError, match="does not use mass_kg"):
        CountingExplorer(mass_kg=60)


@pytest.mark.parametrize("value, message", [
    (9.0, r"speed_m_s=9.0 is outside the allowed range 2.2..5 m/s"),
    (float("nan"), r"speed_m_s=nan is outside the allowed range"),
    (True, r"speed_m_s=True is not a number"),
    ("3.3", r"speed_m_s='3.3' is not a number"),
    (None, r"speed_m_s=None is not a number"),
    ([3.3], r"speed_m_s=\[3.3\] is not a single number"),
])
def test_a_start_value_the_slider_cannot_show_raises_instead_of_clamping(value, message):
    with pytest.raises(ValueError, match=message):
        CountingExplorer(speed_m_s=value)


def test_use_profile_must_be_a_boolean():
    with pytest.raises(ValueError, match="use_profile='no' is not one of True, False"):
        CountingExplorer(use_profile="no")


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


def test_the_figure_is_an_image_beside_the_controls_not_a_focusable_canvas():
    app = CountingExplorer()
    assert isinstance(app.surface, FigureImage)
    row = next(child for child in app.widget.children if app.surface in getattr(child, "children", ()))
    column, surface = row.children
    assert surface is app.surface
    assert list(app.controls.values()) == list(column.children[:len(app.controls)])
    assert row.layout.flex_flow == "row wrap"


def test_the_shown_frame_is_the_figure_as_drawn_with_alt_text():
    import io

    import numpy as np
    from PIL import Image

    app = CountingExplorer()
    app.controls["speed_m_s"].value = 4.0
    shown = np.asarray(Image.open(io.BytesIO(app.surface.png)).convert("RGB"))
    drawn = np.asarray(app.figure.canvas.buffer_rgba())[..., :3]
    assert (shown == drawn).all()
    assert (app.surface.width_px, app.surface.height_px) == (shown.shape[1], shown.shape[0])
    assert app.surface.alt == app.alt_text()


def test_every_change_sends_one_new_frame():
    app = CountingExplorer()
    before = app.surface.frame
    app.controls["speed_m_s"].value = 4.0
    app.set(speed_m_s=4.5, height_m=1.8)
    assert app.surface.frame == before + 2


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
    assert slider.readout() == "10.0 deg"


class BlittingExplorer(CountingExplorer):
    """CountingExplorer with its line and a readout text declared animated."""

    def _build_artists(self, figure):
        super()._build_artists(figure)
        self.axes.set_xlim(0, 8)
        self.readout = self.axes.text(0.5, 0.5, "")

    def _update_artists(self, values):
        super()._update_artists(values)
        self.readout.set_text(f"{values['speed_m_s']:.1f} m/s")

    def _animated_artists(self):
        return [self.line, self.readout]


def pixels(app):
    import numpy as np

    return np.asarray(app.figure.canvas.buffer_rgba()).copy()


def drawn_explorer(cls=BlittingExplorer):
    """An explorer as a learner first sees it: built, and drawn once in full."""
    return cls()


def watch_frames(app, monkeypatch):
    """Record full draws and blitted frames (background restored, animated artists drawn)."""
    frames = []
    canvas = app.figure.canvas
    draw = canvas.draw
    monkeypatch.setattr(canvas, "draw", lambda: (frames.append("full"), draw()))
    restore = canvas.restore_region
    monkeypatch.setattr(canvas, "restore_region", lambda region: (frames.append("blit"), restore(region)))
    return frames


def test_a_move_that_changes_only_animated_artists_is_blitted_without_a_full_draw(monkeypatch):
    app = drawn_explorer()
    frames = watch_frames(app, monkeypatch)
    app.controls["speed_m_s"].value = 4.5
    assert frames == ["blit"]


def test_a_blitted_frame_is_pixel_identical_to_a_full_draw_of_the_same_state():
    app = drawn_explorer()
    app.controls["speed_m_s"].value = 4.5
    blitted = pixels(app)
    app.figure.canvas.draw()
    assert (blitted == pixels(app)).all()
    app.controls["speed_m_s"].value = 2.0
    assert (pixels(app) != blitted).any()


def test_an_explorer_without_animated_artists_always_asks_for_a_full_draw(monkeypatch):
    app = drawn_explorer(CountingExplorer)
    frames = watch_frames(app, monkeypatch)
    app.controls["speed_m_s"].value = 4.5
    assert frames == ["full"]


def test_a_limits_change_on_a_move_forces_a_full_draw(monkeypatch):
    app = drawn_explorer()
    frames = watch_frames(app, monkeypatch)
    app.axes.set_xlim(0, 10)
    app.controls["speed_m_s"].value = 4.5
    assert frames == ["full"]


def test_the_static_image_shows_the_current_state_of_animated_artists():
    import base64
    import io

    import numpy as np
    from PIL import Image

    def static_image(app):
        return np.asarray(Image.open(io.BytesIO(base64.b64decode(app.png_base64()))))

    app = drawn_explorer()
    app.controls["speed_m_s"].value = 4.5  # blitted
    shown = static_image(app)
    reference = BlittingExplorer(speed_m_s=4.5)
    assert (shown == static_image(reference)).all()
    assert (shown != static_image(BlittingExplorer(speed_m_s=2.2))).any()


def test_animated_artists_are_drawn_in_a_full_draw():
    app = drawn_explorer()
    with_line = pixels(app)
    app.line.set_visible(False)
    app.figure.canvas.draw()
    assert (pixels(app) != with_line).any()


class LegendBlittingExplorer(BlittingExplorer):
    """An animated legend: drawing it moves its boxes, which marks the axes stale."""

    def _build_artists(self, figure):
        super()._build_artists(figure)
        self.line.set_label("speed")
        self.axes.legend()

    def _animated_artists(self):
        return [*super()._animated_artists(), self.axes.get_legend()]


def test_drawing_an_animated_legend_does_not_force_full_draws_on_later_moves(monkeypatch):
    app = drawn_explorer(LegendBlittingExplorer)
    frames = watch_frames(app, monkeypatch)
    for speed in (4.0, 4.5, 5.0):
        app.controls["speed_m_s"].value = speed
    assert frames == ["blit", "blit", "blit"]


class TranslucentBlittingExplorer(BlittingExplorer):
    """A half-transparent animated line: drawn twice, it would come out darker."""

    def _build_artists(self, figure):
        super()._build_artists(figure)
        self.line.set(alpha=0.4, linewidth=12)


class TranslucentFullDrawExplorer(TranslucentBlittingExplorer):
    """The same figure and layout, without blitting."""

    def _build_artists(self, figure):
        from widgets.drawing import freeze_layout

        super()._build_artists(figure)
        freeze_layout(figure)

    def _animated_artists(self):
        return []


def test_building_an_explorer_shows_one_full_frame_and_keeps_its_background():
    app = BlittingExplorer()
    assert app.surface.frame == 1
    assert app._background is not None


def test_the_static_image_equals_a_plain_full_draw_without_blitting():
    app = drawn_explorer(TranslucentBlittingExplorer)
    app.controls["speed_m_s"].value = 4.5
    assert app.png_base64() == TranslucentFullDrawExplorer(speed_m_s=4.5).png_base64()
