"""The base every explorer stands on: named controls, one figure, a text twin.

Why a base class: all explorers must behave alike for learners and tests. Each one
- owns ``controls`` (accessible controls by parameter name, :mod:`.controls`) and one
  matplotlib ``figure``;
- changes its artists in place on every control change and redraws once (never
  rebuilds the figure);
- says in words what the figure shows (``summary()``, the text twin for screen
  readers and tests), shown in a live region that updates with it;
- shows the figure as an image with alt text (:class:`.controls.FigureImage`): an image
  takes no keyboard focus, so Tab walks through the controls and on past the figure,
  in JupyterLab and in Voila alike;
- lays the controls beside the figure so both fit one laptop screen, and lets them
  wrap under each other when the window is narrow or zoomed;
- where no browser is attached (nbclient, nbgrader, an HTML export, the course's
  website), still leaves the same image with alt text and the summary as its caption;
- starts from the learner's runner profile when there is one.

Subclasses implement ``_build_controls``, ``_build_artists``, ``_update_artists``,
``summary`` and ``figure_description``.

Blitting. Re-rendering every tick label, axis label and legend on each slider move
costs most of a redraw. A subclass whose moves change only some artists (data lines,
patches, texts inside the axes) lists them in ``_animated_artists()``; the base then
marks them animated, freezes the layout (:func:`widgets.drawing.freeze_layout`), keeps a
copy of the figure's pixels without them after every full draw (``draw_event``) and, on
a control change, pastes that copy back, draws only those artists on it and sends the
frame as a PNG. A full draw happens instead whenever the copy may be out of date:
before the first draw, after a static image was saved, or when anything not animated
changed (limits, ticks: matplotlib marks the figure stale; animated artists never do).
Every full draw draws the animated artists on top, in zorder, so a blitted frame and a
full frame of the same state are the same pixels. The default is no animated artists:
one full draw per change.
"""

from __future__ import annotations

import base64
import html
import io
from contextlib import contextmanager
from typing import Any

import ipywidgets as W
import numpy as np
from matplotlib.artist import Artist
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.figure import Figure
from PIL import Image

from ..bundle import img_html, widget_bundle
from ..learner.profile import load_profile
from ..model.mechanics import PARAMETERS, checked_parameter
from ..model.validation import number_in_range, one_of, whole_number_in_range
from .controls import FigureImage, Slider

#: Pixels per inch of every explorer figure: 100 % browser zoom shows it pixel for pixel,
#: and the smallest text (8 pt) is 11 px tall.
FIGURE_DPI = 100
#: Width of the controls column beside the figure (px).
CONTROLS_WIDTH_PX = 230


def new_figure(figsize: tuple[float, float]) -> Figure:
    """A figure drawn by Agg alone, whatever backend the notebook chose.

    The explorer owns its canvas, so ``%matplotlib inline`` in a notebook does not turn
    it into a second static image, and pyplot never shows it.
    """
    figure = Figure(figsize=figsize, dpi=FIGURE_DPI, layout="constrained")
    FigureCanvasAgg(figure)
    return figure


def png_bytes(pixels: np.ndarray) -> bytes:
    """RGBA pixels as a small PNG (fast zlib level: about 8 ms for a 680 x 520 figure)."""
    buffer = io.BytesIO()
    Image.fromarray(np.asarray(pixels)[..., :3]).save(buffer, format="png", compress_level=1)
    return buffer.getvalue()


def parameter_slider(name: str, value: float | None = None, step: float | None = None,
                     low: float | None = None, high: float | None = None) -> Slider:
    """A keyboard-operable slider for a model parameter, named with its unit."""
    spec = PARAMETERS[name]
    low = spec.low if low is None else low
    high = spec.high if high is None else high
    step = step if step is not None else (0.5 if high - low > 5 else 0.01)
    unit = f" ({spec.unit})" if spec.unit else ""
    return Slider(value=spec.default if value is None else value, min=low, max=high, step=step,
                  decimals=2 if step < 0.1 else 1, description=f"{spec.label}{unit}", unit=spec.unit)


def _checked_control_value(name: str, control: W.ValueWidget, value: Any) -> Any:
    """``value`` if ``control`` can show it exactly, else ValueError naming the allowed values.

    ipywidgets would clamp a slider's value or raise its own TraitError; an explorer
    asked to start somewhere it cannot show must say so instead.
    """
    options = getattr(control, "_options_values", None)
    if options is not None:
        return one_of(name, value, tuple(options))
    if isinstance(control.value, bool):
        return one_of(name, value, (True, False))
    if hasattr(control, "min") and hasattr(control, "max"):
        unit = PARAMETERS[name].unit if name in PARAMETERS else ""
        if isinstance(control.value, int):
            return whole_number_in_range(name, value, control.min, control.max, unit)
        return number_in_range(name, value, control.min, control.max, unit)
    return value


class RefreshHold:
    """A nestable hold on refreshing while several things change; the caller refreshes once after."""

    _holds = 0

    @contextmanager
    def _hold(self):
        self._holds += 1
        try:
            yield
        finally:
            self._holds -= 1


class Explorer(RefreshHold):
    """Controls, one figure and a text twin that always agree (see module docstring)."""

    figsize: tuple[float, float] = (9.0, 4.0)
    title: str = ""
    #: Model inputs (names in ``PARAMETERS``) this explorer uses without a control: they
    #: may be fixed by keyword (``HipExtensionExplorer(mass_kg=60)``) or come from the profile.
    fixed_parameters: tuple[str, ...] = ()

    def __init__(self, *, use_profile: bool = True, **start_values: Any):
        one_of("use_profile", use_profile, (True, False))
        loaded = load_profile() if use_profile else None
        self.profile = None if loaded is None else loaded.profile
        self._profile_warning = None if loaded is None else loaded.warning
        self._start: dict[str, Any] = {} if loaded is None else dict(loaded.profile.model_inputs())
        self.controls: dict[str, W.ValueWidget] = self._build_controls()
        self._start.update(self._checked_start_values(start_values))
        for name, value in start_values.items():
            if name in self.controls:
                self.controls[name].value = self._start[name]
        self.figure = new_figure(self.figsize)
        self._build_artists(self.figure)
        self._background = None  # (renderer, pixels) of the last full draw, animated artists left out
        self._animated = self._prepare_blitting()
        width, height = (int(round(v)) for v in self.figure.bbox.size)
        self.surface = FigureImage(width_px=width, height_px=height)
        self._summary = W.HTML(layout=W.Layout(width="auto")).add_class("explorer-summary")
        self._widget: W.Widget | None = None
        self._holds = 0
        for control in self.controls.values():
            control.observe(self._on_control_change, names="value")
        self.refresh()

    # -- what subclasses provide -------------------------------------------------
    def _build_controls(self) -> dict[str, W.ValueWidget]:
        raise NotImplementedError

    def _build_artists(self, figure: Figure) -> None:
        raise NotImplementedError

    def _update_artists(self, values: dict[str, Any]) -> None:
        raise NotImplementedError

    def summary(self) -> str:
        """The text twin: a plain sentence with the numbers the figure shows now."""
        raise NotImplementedError

    def figure_description(self) -> str:
        """What the figure's panels are, for alt text (the summary adds the numbers)."""
        raise NotImplementedError

    def _extra_widgets(self) -> list[W.Widget]:
        """Widgets shown under the figure (readouts, notes); none by default."""
        return []

    def _animated_artists(self) -> list[Artist]:
        """The artists a control change may alter, redrawn alone by blitting.

        Declare them only if nothing else changes on a move (no limits, ticks,
        legend texts, figure texts); anything else still changing is caught (the
        figure goes stale) and costs a full draw. Default: none, no blitting.
        """
        return []

    # -- shared behaviour ----------------------------------------------------------
    def _checked_start_values(self, start_values: dict[str, Any]) -> dict[str, Any]:
        """The keyword start values, each checked against its control or the model's range.

        Raises ValueError for a name the explorer does not use, or a value its control
        cannot show (out of range, not one of the choices, not a number).
        """
        usable = set(self.controls) | set(self.fixed_parameters)
        unknown = sorted(set(start_values) - usable)
        if unknown:
            raise ValueError(f"{type(self).__name__} does not use {', '.join(unknown)}; "
                             f"it takes {', '.join(sorted(usable))}")
        checked = {}
        for name, value in start_values.items():
            if name in self.controls:
                checked[name] = _checked_control_value(name, self.controls[name], value)
            else:
                checked[name] = float(checked_parameter(name, value))
        return checked

    def start_value(self, name: str, default: Any = None) -> Any:
        """The value a control starts at: argument, else profile, else model default."""
        if name in self._start:
            return self._start[name]
        if default is None and name in PARAMETERS:
            return PARAMETERS[name].default
        return default

    def values(self) -> dict[str, Any]:
        return {name: control.value for name, control in self.controls.items()}

    def set(self, **values: Any) -> None:
        """Set several controls, then redraw once (a shortcut for lessons and tests)."""
        with self._hold():
            for name, value in values.items():
                self.controls[name].value = value
        self.refresh()

    def refresh(self) -> None:
        """Bring artists and text twin up to date with the controls; one redraw."""
        self._update_artists(self.values())
        summary = self.summary()  # once per change: the live region and the image's alt text share it
        self._summary.value = f'<div role="status" aria-live="polite">{html.escape(summary)}</div>'
        self._redraw(alt=self.alt_text(summary))

    def alt_text(self, summary: str | None = None) -> str:
        """What the figure shows, then its numbers (the text twin)."""
        return f"{self.figure_description()} {self.summary() if summary is None else summary}"

    @property
    def widget(self) -> W.Widget:
        """The whole explorer as one box: title, controls beside the figure, text twin.

        The controls column and the figure sit side by side and wrap under each other
        when the page is narrow (a small window, 200 % zoom), so nothing scrolls sideways.
        """
        if self._widget is None:
            parts: list[W.Widget] = []
            if self.title:
                parts.append(W.HTML(f'<h3 class="explorer-title">{html.escape(self.title)}</h3>'))
            column = W.VBox([*self.controls.values(), *self._extra_widgets()],
                            layout=W.Layout(flex=f"0 1 {CONTROLS_WIDTH_PX}px", min_width="220px",
                                            max_width="100%", overflow="visible"))
            row = W.Box([column, self.surface],
                        layout=W.Layout(display="flex", flex_flow="row wrap", align_items="flex-start",
                                        grid_gap="8px 8px", width="auto"))
            parts.append(row)
            parts.append(self._summary)
            if self._profile_warning:
                parts.append(W.HTML(f'<p role="alert"><b>Profile:</b> '
                                    f"{html.escape(self._profile_warning)}</p>"))
            self._widget = W.VBox(parts).add_class("course-explorer")
        return self._widget

    def show(self) -> None:
        from IPython.display import display

        display(self)

    def png_base64(self) -> str:
        """The figure as it is now, PNG in base64 (the same frame the live view shows)."""
        return base64.b64encode(self.surface.png).decode("ascii")

    def _static_html(self) -> str:
        return img_html(self.surface.png, self.alt_text(), caption=self.summary(),
                        width_px=self.surface.width_px, height_px=self.surface.height_px)

    def _repr_mimebundle_(self, include=None, exclude=None):
        """The live widget, plus the same image and the text twin where widgets can't render."""
        return widget_bundle(self.widget, plain=self.summary(), html_text=self._static_html(),
                             png=self.surface.png, include=include, exclude=exclude)

    # -- internals -----------------------------------------------------------------
    def _prepare_blitting(self) -> list[Artist]:
        """Mark the declared artists animated, freeze the layout, watch full draws."""
        animated = sorted(self._animated_artists(), key=lambda artist: artist.get_zorder())
        if not animated:
            return []
        from ..drawing import freeze_layout

        freeze_layout(self.figure)
        for artist in animated:
            artist.set_animated(True)
        self.figure.canvas.mpl_connect("draw_event", self._on_full_draw)
        return animated

    def _on_full_draw(self, event) -> None:
        """After a full draw: keep the background, then add the animated artists.

        A saved image (``savefig``: the static fallback, a download) is different:
        matplotlib's axes draw their animated artists themselves when saving, in
        their own zorder, so only figure-level ones are left to add, and the saved
        image's renderer is not the canvas's, so no background is kept.
        """
        canvas = self.figure.canvas
        renderer = event.renderer
        if canvas.is_saving():
            self._draw_animated(renderer, [a for a in self._animated if a.axes is None])
            return
        if renderer is getattr(canvas, "renderer", None) and hasattr(renderer, "copy_from_bbox"):
            self._background = (renderer, canvas.copy_from_bbox(self.figure.bbox))
        self._draw_animated(renderer)

    def _draw_animated(self, renderer, artists: list[Artist] | None = None) -> None:
        """Draw the animated artists, in zorder, leaving the figure's staleness as it was.

        Drawing some artists (a legend places its boxes) marks their axes and so the
        figure stale; that is a side effect of drawing, not a change to show.
        """
        parents = [self.figure, *self.figure.axes]
        fresh = [parent for parent in parents if not parent.stale]
        for artist in self._animated if artists is None else artists:
            artist.draw(renderer)
        for parent in fresh:
            parent.stale = False

    def _can_blit(self) -> bool:
        """Whether the kept background still shows the figure as it is, minus the animated artists."""
        if not self._animated or self._background is None or self.figure.stale:
            return False
        renderer, _ = self._background
        return self.figure.canvas.get_renderer() is renderer

    def _redraw(self, alt: str) -> None:
        """Blit the animated artists onto the kept background, or draw in full; then show the frame."""
        canvas = self.figure.canvas
        if self._can_blit():
            canvas.restore_region(self._background[1])
            self._draw_animated(self._background[0])
        else:
            self._background = None
            canvas.draw()
        self.surface.png = png_bytes(canvas.buffer_rgba())
        self.surface.alt = alt
        self.surface.frame += 1

    def _on_control_change(self, _change) -> None:
        if not self._holds:
            self.refresh()

