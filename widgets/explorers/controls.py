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
  takes no keyboard focus, so Tab moves on past it. With ``clickable`` set, a click on it
  reports the point in the image's own pixels (``click``), whatever CSS scaling or
  browser zoom shows it at; the explorer offers a keyboard path to the same thing.
- :class:`ClipUpload`: a labelled ``<input type="file">`` that sends the chosen file to the
  kernel in slices of 4 MB (an ipywidgets ``FileUpload`` sends it in one message, and a
  message over 10 MB closes the connection of a Jupyter server), written straight to a
  file the explorer chooses.

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
.rtc-control fieldset.rtc-columns-2 { display: grid; grid-template-columns: repeat(2, minmax(0, 1fr));
  column-gap: 8px; }
.rtc-control fieldset.rtc-columns-2 legend { grid-column: 1 / -1; }
.rtc-control fieldset label { display: flex; align-items: center; gap: 6px; font-weight: 400;
  margin: 2px 0; }
.rtc-control input:focus-visible, .rtc-control button:focus-visible {
  outline: 3px solid #0072B2; outline-offset: 2px; }
.rtc-figure img { display: block; max-width: 100%; height: auto; }
.rtc-figure img.rtc-clickable { cursor: crosshair; }
.rtc-upload input[type=file] { max-width: 100%; font-size: 14px; }
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
  if (model.get("columns") === 2) { fieldset.classList.add("rtc-columns-2"); }
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
      const next = URL.createObjectURL(new Blob([png], { type: model.get("mime") }));
      img.onload = () => { if (url && url !== next) { URL.revokeObjectURL(url); } url = next; };
      img.src = next;
    }
    img.alt = model.get("alt");
    img.width = model.get("width_px");
    img.height = model.get("height_px");
    img.dataset.frame = String(model.get("frame"));
    img.classList.toggle("rtc-clickable", model.get("clickable"));
  }
  // A click, in the image's own (natural) pixels: the box on screen may be scaled by CSS
  // (max-width) or by the browser's zoom, and getBoundingClientRect measures that box.
  img.addEventListener("click", (event) => {
    if (!model.get("clickable")) { return; }
    const box = img.getBoundingClientRect();
    if (!box.width || !box.height || !img.naturalWidth) { return; }
    const x = (event.clientX - box.left) * img.naturalWidth / box.width;
    const y = (event.clientY - box.top) * img.naturalHeight / box.height;
    const count = (model.get("click").count || 0) + 1;
    model.set("click", { x, y, count });
    model.save_changes();
  });
  model.on("change", sync);
  sync();
  el.append(img);
  return () => { if (url) { URL.revokeObjectURL(url); } };
}
export default { render };
"""

_UPLOAD_ESM = """
const SLICE_BYTES = 4 * 1024 * 1024;
function render({ model, el }) {
  el.classList.add("rtc-control", "rtc-upload");
  const label = document.createElement("label");
  const text = document.createElement("span");
  const input = document.createElement("input");
  input.type = "file";
  label.append(text, input);
  el.append(label);
  function sync() {
    text.textContent = model.get("description");
    input.accept = model.get("accept");
  }
  input.addEventListener("change", async () => {
    const file = input.files && input.files[0];
    if (!file) { return; }
    model.send({ event: "start", name: file.name, size: file.size });
    for (let offset = 0; offset < file.size; offset += SLICE_BYTES) {
      const buffer = await file.slice(offset, offset + SLICE_BYTES).arrayBuffer();
      model.send({ event: "slice", offset }, undefined, [buffer]);
    }
    model.send({ event: "end", name: file.name, size: file.size });
    input.value = "";  // the same file may be chosen again
  });
  model.on("change", sync);
  sync();
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
    #: 1 or 2: the options in one column, or in two (a long list that must stay short on screen).
    columns = traitlets.Int(1).tag(sync=True)

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
    #: The image's type: PNG for drawn figures, JPEG for video frames (smaller, faster to encode).
    mime = traitlets.Unicode("image/png").tag(sync=True)
    #: Whether a click on the image is reported in ``click``.
    clickable = traitlets.Bool(False).tag(sync=True)
    #: The last click: ``{"x", "y"}`` in the image's own pixels, ``"count"`` clicks so far.
    click = traitlets.Dict({}).tag(sync=True)


class ClipUpload(anywidget.AnyWidget):
    """A labelled file input whose file goes, in slices, to a file chosen by ``destination``.

    ``destination(name)`` returns the path to write the file called ``name`` to (the
    explorer decides where and with which permissions); ``on_done(path)`` is called
    with that path when the whole file has arrived; ``on_error(message)`` when the
    transfer failed. Nothing else keeps the file's bytes.
    """

    _esm = _UPLOAD_ESM
    _css = _CSS
    description = traitlets.Unicode("").tag(sync=True)
    accept = traitlets.Unicode("").tag(sync=True)

    def __init__(self, destination, on_done, on_error, **kwargs):
        super().__init__(**kwargs)
        self._destination, self._on_done, self._on_error = destination, on_done, on_error
        self._handle = None
        self._path = None
        self._received = 0
        self.on_msg(self._on_message)

    def _on_message(self, _widget, content, buffers) -> None:
        event = content.get("event") if isinstance(content, dict) else None
        try:
            if event == "start":
                self._close()
                self._path = self._destination(str(content.get("name") or "clip"))
                self._handle = self._path.open("wb")
                self._received = 0
            elif event == "slice" and self._handle is not None:
                if int(content.get("offset", -1)) != self._received:
                    raise OSError(f"a slice of the file arrived out of order (at byte {content.get('offset')})")
                for buffer in buffers or []:
                    self._handle.write(buffer)
                    self._received += len(buffer)
            elif event == "end" and self._handle is not None:
                self._close()
                if self._received != int(content.get("size", -1)):
                    raise OSError(f"{self._received} of {content.get('size')} bytes arrived")
                self._on_done(self._path)
        except OSError as error:
            self._close()
            if self._path is not None:  # no half file left behind
                self._path.unlink(missing_ok=True)
            self._on_error(f"The file could not be stored ({error}).")

    def _close(self) -> None:
        if self._handle is not None:
            self._handle.close()
            self._handle = None
