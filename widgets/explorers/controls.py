"""Accessible controls and figure surface for the explorers (small anywidgets).

Why not ipywidgets' own sliders and ipympl's canvas: measured in Chromium, ipywidgets'
slider handles have no accessible name (axe-core ``aria-input-field-name``), the Play
widget's buttons have none either (``button-name``), and ipympl's canvas keeps every key,
Tab included, so keyboard focus that reaches a figure never leaves it (WCAG 2.1.2).
These widgets are built on the browser's own elements instead:

- :class:`Slider`: ``<input type="range">`` inside its ``<label>``, so its name is the
  label (with the unit), and ``aria-valuetext`` says the value with its unit
  ("8.0 deg"); arrow keys, Page Up/Down, Home and End work as in any range input. An
  optional Play button steps through the range (the gait cycle).
- :class:`Choice`: a ``<fieldset>`` of radio buttons with a ``<legend>``; arrow keys
  move between options.
- :class:`FigureImage`: the explorer's figure as an ``<img>`` with alt text. An image
  takes no keyboard focus, so Tab moves on past it.

Each has a ``value`` trait like an ipywidgets control, so ``observe`` and ``.value``
work the same. Focus is shown with a visible outline; every colour is from the palette.
"""

from __future__ import annotations

from typing import Any

import anywidget
import traitlets

_CSS = """
.rtc-control { display: flex; flex-direction: column; gap: 2px; margin: 4px 0 8px 0;
  font-size: 14px; color: #000; max-width: 100%; }
.rtc-control label, .rtc-control legend { font-weight: 600; line-height: 1.3; }
.rtc-slider-row { display: flex; align-items: center; gap: 8px; }
.rtc-slider-row input[type=range] { flex: 1 1 auto; min-width: 8em; accent-color: #0072B2; }
.rtc-slider-row output { min-width: 5.5em; text-align: right; font-variant-numeric: tabular-nums; }
.rtc-control button { font-size: 14px; padding: 2px 10px; border: 1px solid #000;
  border-radius: 4px; background: #fff; color: #000; cursor: pointer; }
.rtc-control fieldset { border: none; margin: 0; padding: 0; }
.rtc-control fieldset label { display: flex; align-items: center; gap: 6px; font-weight: 400;
  margin: 2px 0; }
.rtc-control input:focus-visible, .rtc-control button:focus-visible {
  outline: 3px solid #0072B2; outline-offset: 2px; }
.rtc-figure img { display: block; max-width: 100%; height: auto; }
"""

_SLIDER_ESM = """
const NAVIGATION_KEYS = new Set(["ArrowLeft", "ArrowRight", "ArrowUp", "ArrowDown", "PageUp", "PageDown",
                                 "Home", "End", " "]);
// The arrow keys belong to the focused control, not to the notebook around it (JupyterLab would
// otherwise move between cells); Tab is left alone, so focus always moves on.
function keepNavigationKeys(el) {
  el.setAttribute("data-lm-suppress-shortcuts", "true");
  el.addEventListener("keydown", (event) => {
    if (NAVIGATION_KEYS.has(event.key)) { event.stopPropagation(); }
  });
}
function format(model) {
  const value = model.get("value");
  return value.toFixed(model.get("decimals")) + (model.get("unit") ? " " + model.get("unit") : "");
}
function render({ model, el }) {
  el.classList.add("rtc-control");
  keepNavigationKeys(el);
  const label = document.createElement("label");
  const text = document.createElement("span");
  const row = document.createElement("span");
  row.className = "rtc-slider-row";
  const input = document.createElement("input");
  input.type = "range";
  const output = document.createElement("output");
  output.setAttribute("aria-hidden", "true");
  row.append(input, output);
  label.append(text, row);
  let button = null, timer = null;
  if (model.get("playable")) {
    button = document.createElement("button");
    button.type = "button";
    el.append(button);
  }
  el.prepend(label);
  function stop() { if (timer) { clearInterval(timer); timer = null; } }
  function sync() {
    text.textContent = model.get("description");
    input.min = model.get("min"); input.max = model.get("max"); input.step = model.get("step");
    input.value = model.get("value");
    input.setAttribute("aria-valuetext", format(model));
    output.textContent = format(model);
    if (button) {
      button.textContent = timer ? "Pause" : "Play";
      button.setAttribute("aria-label", (timer ? "Pause: " : "Play: ") + model.get("play_label"));
    }
  }
  input.addEventListener("input", () => {
    model.set("value", Number(input.value));
    model.save_changes();
  });
  if (button) {
    button.addEventListener("click", () => {
      if (timer) { stop(); } else {
        timer = setInterval(() => {
          const step = model.get("play_step"), low = model.get("min"), high = model.get("max");
          let next = model.get("value") + step;
          if (next > high) { next = low; }
          model.set("value", next);
          model.save_changes();
        }, model.get("interval_ms"));
      }
      sync();
    });
  }
  model.on("change", sync);
  sync();
  return () => stop();
}
export default { render };
"""

_CHOICE_ESM = """
let counter = 0;
const NAVIGATION_KEYS = new Set(["ArrowLeft", "ArrowRight", "ArrowUp", "ArrowDown", " "]);
function render({ model, el }) {
  el.classList.add("rtc-control");
  el.setAttribute("data-lm-suppress-shortcuts", "true");
  el.addEventListener("keydown", (event) => {
    if (NAVIGATION_KEYS.has(event.key)) { event.stopPropagation(); }
  });
  const fieldset = document.createElement("fieldset");
  const legend = document.createElement("legend");
  fieldset.append(legend);
  const name = "rtc-choice-" + (++counter) + "-" + Math.random().toString(36).slice(2);
  const inputs = [];
  model.get("options").forEach(([text, value], index) => {
    const label = document.createElement("label");
    const input = document.createElement("input");
    input.type = "radio";
    input.name = name;
    input.addEventListener("change", () => {
      if (input.checked) { model.set("value", value); model.save_changes(); }
    });
    const span = document.createElement("span");
    span.textContent = text;
    label.append(input, span);
    fieldset.append(label);
    inputs.push([input, value]);
  });
  el.append(fieldset);
  function sync() {
    legend.textContent = model.get("description");
    for (const [input, value] of inputs) { input.checked = value === model.get("value"); }
  }
  model.on("change", sync);
  sync();
}
export default { render };
"""

_FIGURE_ESM = """
function render({ model, el }) {
  el.classList.add("rtc-figure");
  const img = document.createElement("img");
  let url = null;
  function sync() {
    const png = model.get("png");
    if (png && png.byteLength) {
      const next = URL.createObjectURL(new Blob([png], { type: "image/png" }));
      img.onload = () => { if (url && url !== next) { URL.revokeObjectURL(url); } url = next; };
      img.src = next;
    }
    img.alt = model.get("alt");
    img.width = model.get("width_px");
    img.height = model.get("height_px");
    img.dataset.frame = String(model.get("frame"));
  }
  model.on("change", sync);
  sync();
  el.append(img);
  return () => { if (url) { URL.revokeObjectURL(url); } };
}
export default { render };
"""


class Slider(anywidget.AnyWidget):
    """A labelled range input; ``description`` is its accessible name, ``unit`` is spoken with its value."""

    _esm = _SLIDER_ESM
    _css = _CSS
    value = traitlets.Float(0.0).tag(sync=True)
    min = traitlets.Float(0.0).tag(sync=True)
    max = traitlets.Float(1.0).tag(sync=True)
    step = traitlets.Float(0.1).tag(sync=True)
    decimals = traitlets.Int(1).tag(sync=True)
    description = traitlets.Unicode("").tag(sync=True)
    unit = traitlets.Unicode("").tag(sync=True)
    playable = traitlets.Bool(False).tag(sync=True)
    play_label = traitlets.Unicode("").tag(sync=True)
    play_step = traitlets.Float(1.0).tag(sync=True)
    interval_ms = traitlets.Int(150).tag(sync=True)

    @traitlets.validate("value")
    def _within_range(self, proposal):
        """Keep the value inside ``min..max``, as ipywidgets' sliders do."""
        return min(max(proposal["value"], self.min), self.max)

    def readout(self) -> str:
        """What the slider shows and announces: the value with its unit, e.g. ``8.0 deg``."""
        return f"{self.value:.{self.decimals}f}" + (f" {self.unit}" if self.unit else "")


class IntegerSlider(Slider):
    """A :class:`Slider` whose value is a whole number."""

    value = traitlets.Int(0).tag(sync=True)
    min = traitlets.Int(0).tag(sync=True)
    max = traitlets.Int(100).tag(sync=True)
    step = traitlets.Int(1).tag(sync=True)
    decimals = traitlets.Int(0).tag(sync=True)
    play_step = traitlets.Int(1).tag(sync=True)


class Choice(anywidget.AnyWidget):
    """One of several options as radio buttons in a fieldset; ``options`` are ``(label, value)`` pairs."""

    _esm = _CHOICE_ESM
    _css = _CSS
    value = traitlets.Any().tag(sync=True)
    options = traitlets.List().tag(sync=True)
    description = traitlets.Unicode("").tag(sync=True)

    def __init__(self, options: list[tuple[str, Any]], value: Any, description: str, **kwargs):
        super().__init__(options=[list(pair) for pair in options], value=value,
                         description=description, **kwargs)

    @traitlets.validate("value")
    def _one_of_the_options(self, proposal):
        values = [pair[1] for pair in self.options]
        if self.options and proposal["value"] not in values:
            raise traitlets.TraitError(f"{self.description}: {proposal['value']!r} is not one of {values}")
        return proposal["value"]

    @property
    def _options_values(self) -> tuple:
        """The values to choose from (the name ipywidgets' selection widgets use)."""
        return tuple(pair[1] for pair in self.options)

    def label(self) -> str:
        """The visible label of the chosen option."""
        return next(text for text, value in self.options if value == self.value)


class FigureImage(anywidget.AnyWidget):
    """The explorer's figure as an image with alt text: no keyboard focus, so no keyboard trap."""

    _esm = _FIGURE_ESM
    _css = _CSS
    png = traitlets.Bytes(b"").tag(sync=True)
    alt = traitlets.Unicode("").tag(sync=True)
    width_px = traitlets.Int(0).tag(sync=True)
    height_px = traitlets.Int(0).tag(sync=True)
    #: Counts the frames sent, so a test (or a browser) can wait for a new one.
    frame = traitlets.Int(0).tag(sync=True)
