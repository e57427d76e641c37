"""The base every explorer stands on: named controls, one figure, a text twin.

Why a base class: all explorers must behave alike for learners and tests. Each one
- owns ``controls`` (ipywidgets by parameter name) and one matplotlib ``figure``;
- changes its artists in place on every control change and asks for one redraw
  (never rebuilds the figure);
- says in words what the figure shows (``summary()``, the text twin for screen
  readers and tests), shown in an ``explorer-summary`` element that updates live;
- draws on ipympl's interactive canvas whatever backend the notebook chose, and,
  where no browser is attached (nbclient, nbgrader, an HTML export), still leaves a
  static image with alt text and the summary as its caption;
- starts from the learner's runner profile when there is one.

Subclasses implement ``_build_controls``, ``_build_artists``, ``_update_artists``,
``summary`` and ``figure_description``.
"""

from __future__ import annotations

import base64
import html
import io
from contextlib import contextmanager
from typing import Any

import ipywidgets as W
from matplotlib.figure import Figure

from .mechanics import PARAMETERS


def new_figure(figsize: tuple[float, float]) -> Figure:
    """A figure on ipympl's widget canvas when ipympl is importable, else on Agg.

    The explorer owns its canvas, so ``%matplotlib inline`` in a notebook does not turn
    it into a static image, and pyplot never shows it a second time.
    """
    figure = Figure(figsize=figsize, layout="constrained")
    try:
        from ipympl.backend_nbagg import Canvas, FigureManager
    except ImportError:  # pragma: no cover - ipympl is a dependency
        from matplotlib.backends.backend_agg import FigureCanvasAgg

        FigureCanvasAgg(figure)
        return figure
    canvas = Canvas(figure)
    canvas.header_visible = False
    canvas.footer_visible = False
    canvas.toolbar_visible = False
    canvas.resizable = False
    canvas.capture_scroll = False
    FigureManager(canvas, 0)
    return figure


def parameter_slider(name: str, value: float | None = None, step: float | None = None,
                     low: float | None = None, high: float | None = None) -> W.FloatSlider:
    """A keyboard-operable slider for a model parameter, labelled with its unit."""
    spec = PARAMETERS[name]
    low = spec.low if low is None else low
    high = spec.high if high is None else high
    step = step if step is not None else (0.5 if high - low > 5 else 0.01)
    unit = f" ({spec.unit})" if spec.unit else ""
    return W.FloatSlider(
        value=spec.default if value is None else value,
        min=low, max=high, step=step,
        description=f"{spec.label}{unit}",
        continuous_update=True,
        readout_format=".2f" if step < 0.1 else ".1f",
        style={"description_width": "initial"},
        layout=W.Layout(width="95%"),
    )


def _profile_start() -> tuple[dict[str, float], str | None]:
    """The learner's saved height, mass and speed, and a warning if the file was bad."""
    try:
        from .profile import load_profile
    except ImportError:  # pragma: no cover - until the profile module exists
        return {}, None
    loaded = load_profile()
    return dict(loaded.profile.model_inputs()), loaded.warning


class Explorer:
    """Controls, one figure and a text twin that always agree (see module docstring)."""

    figsize: tuple[float, float] = (9.0, 4.0)
    title: str = ""

    def __init__(self, *, use_profile: bool = True, **start_values: Any):
        profile_values, warning = _profile_start() if use_profile else ({}, None)
        self._start = {**profile_values, **start_values}
        self._profile_warning = warning
        self.controls: dict[str, W.ValueWidget] = self._build_controls()
        unknown = set(start_values) - set(self.controls) - set(PARAMETERS)
        if unknown:
            raise TypeError(f"{type(self).__name__} has no parameter {sorted(unknown)}; "
                            f"it has {sorted(self.controls)}")
        self.figure = new_figure(self.figsize)
        self._build_artists(self.figure)
        self._summary = W.HTML(layout=W.Layout(width="95%")).add_class("explorer-summary")
        self._widget: W.Widget | None = None
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

    # -- shared behaviour ----------------------------------------------------------
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
        self._summary.value = (f'<div role="status" aria-live="polite">'
                               f'{html.escape(self.summary())}</div>')
        self.figure.canvas.draw_idle()

    def alt_text(self) -> str:
        return f"{self.figure_description()} {self.summary()}"

    @property
    def widget(self) -> W.Widget:
        """The whole explorer as one ipywidgets box (built once)."""
        if self._widget is None:
            parts: list[W.Widget] = []
            if self.title:
                parts.append(W.HTML(f"<h4>{html.escape(self.title)}</h4>"))
            parts.append(W.VBox(list(self.controls.values())))
            parts.append(self.figure.canvas if isinstance(self.figure.canvas, W.Widget)
                         else W.HTML(self._static_html()))
            parts.extend(self._extra_widgets())
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
        buffer = io.BytesIO()
        self.figure.savefig(buffer, format="png", dpi=80)
        return base64.b64encode(buffer.getvalue()).decode("ascii")

    def _static_html(self) -> str:
        return (f'<figure><img src="data:image/png;base64,{self.png_base64()}" '
                f'alt="{html.escape(self.alt_text(), quote=True)}"/>'
                f"<figcaption>{html.escape(self.summary())}</figcaption></figure>")

    def _repr_mimebundle_(self, include=None, exclude=None):
        """The live widget, plus a static image and the text twin where widgets can't render."""
        bundle = dict(self.widget._repr_mimebundle_(include=include, exclude=exclude) or {})
        bundle["text/html"] = self._static_html()
        bundle["text/plain"] = self.summary()
        return bundle

    # -- internals -----------------------------------------------------------------
    def _on_control_change(self, _change) -> None:
        if not getattr(self, "_holding", False):
            self.refresh()

    @contextmanager
    def _hold(self):
        """Silence per-control refreshes while several controls change."""
        self._holding = True
        try:
            yield
        finally:
            self._holding = False
