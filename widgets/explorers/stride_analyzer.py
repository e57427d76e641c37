"""StrideAnalyzer: mark a clip's joints and events by hand, and measure the stride from them.

Controls: a frame slider (frames decoded once into a :class:`~widgets.video.clips.FrameCache`,
so a move only looks up a JPEG), the joint to mark, arrow buttons that move the chosen
joint's mark (the keyboard path: Tab to a button, Enter or Space), buttons that tag the
frame as a foot's initial contact or toe-off, and a scale from two points a known distance
apart. A click on the picture marks the chosen joint at that point (:meth:`mark_at`). The
picture is an image with alt text; the text twin (a live region) says the frame, the marks
and, once enough is marked, the measures with their smallest detectable differences.

Without a clip (the demo clip not fetched, offline), it shows the demo walker's landmark
table shipped with the package, drawn as a stick figure, so every lesson cell still runs.
Nothing leaves the learner's machine.
"""

from __future__ import annotations

import html
import io
import math

import ipywidgets as W
import numpy as np
from PIL import Image, ImageDraw

from ..model.stride import LANDMARK_NAMES, SIDES, SMALLEST_DETECTABLE, analyse_landmarks
from ..model.validation import number_in_range
from ..video import marks as marks_io
from .controls import Choice, FigureImage, IntegerSlider

#: Okabe-Ito colours: near (left) leg, far (right) leg, trunk.
COLOURS = {"left": (0, 114, 178), "right": (213, 94, 0), "trunk": (0, 0, 0)}
ARROW_STEP_PX = 2.0


class StrideAnalyzer:
    """Scrub a clip, mark joints (click or keyboard), tag events, calibrate a scale, measure."""

    title = "Stride analyser"

    def __init__(self, path=None, *, landmarks=None, fps: float | None = None, max_width: int = 640):
        self.message = ""
        self.cache = None
        self.path = None
        if path is not None:
            from ..video.clips import FrameCache

            self.cache = FrameCache(path, max_width=max_width)
            self.path = self.cache.info.path
            self.fps = self.cache.info.fps
            self.frames = len(self.cache)
            self.size = (self.cache.info.width, self.cache.info.height)
            self.table = {n: np.full((self.frames, 2), np.nan) for n in LANDMARK_NAMES}
            saved = marks_io.marks_path(self.path)
            if saved.is_file():
                self.table = marks_io.table_from_marks(marks_io.load_marks(saved), self.frames)
        else:
            from ..video import demo_landmarks as shipped

            self.table = {k: np.array(v, dtype=float) for k, v in
                          (landmarks if landmarks is not None else shipped.demo_landmarks()).items()}
            self.fps = float(fps or shipped.FPS)
            self.frames = next(iter(self.table.values())).shape[0]
            self.size = shipped.SIZE
            if landmarks is None:
                self.message = ("No clip loaded: showing the demo walker's landmarks shipped with the "
                                "course (" + shipped.SOURCE + ").")
        self.events: dict[tuple[str, str], list[int]] = {(s, e): [] for s in SIDES for e in ("contact", "toe_off")}
        self.scale_points: list[tuple[float, float]] = []
        self.metres_per_px = math.nan
        self.controls = {
            "frame": IntegerSlider(value=0, min=0, max=self.frames - 1, step=1, description="Frame",
                                   playable=True, play_label="Play frames"),
            "joint": Choice([(n.replace("_", " "), n) for n in LANDMARK_NAMES], "left_hip",
                            description="Joint to mark"),
        }
        self._image = FigureImage()
        self._summary = W.HTML()
        self._buttons = []
        for label, dx, dy in (("Mark left", -1, 0), ("Mark right", 1, 0), ("Mark up", 0, -1), ("Mark down", 0, 1)):
            b = W.Button(description=label, tooltip=f"move the chosen joint's mark {ARROW_STEP_PX:g} px")
            b.on_click(lambda _b, dx=dx, dy=dy: self.nudge(dx * ARROW_STEP_PX, dy * ARROW_STEP_PX))
            self._buttons.append(b)
        for side in SIDES:
            for event, text in (("contact", "initial contact"), ("toe_off", "toe-off")):
                b = W.Button(description=f"{side} {text} here")
                b.on_click(lambda _b, side=side, event=event: self.tag(side, event))
                self._buttons.append(b)
        for c in self.controls.values():
            c.observe(lambda _change: self.refresh(), names="value")
        self.refresh()

    # -- marking -----------------------------------------------------------------------
    @property
    def frame(self) -> int:
        return int(self.controls["frame"].value)

    def mark_at(self, x: float, y: float, joint: str | None = None) -> None:
        """Mark ``joint`` (default: the chosen one) at clip pixel (x, y) in the current frame (a click)."""
        name = joint or self.controls["joint"].value
        if name not in self.table:
            raise ValueError(f"joint={name!r} is not one of {', '.join(LANDMARK_NAMES)}")
        x = number_in_range("x", x, 0, self.size[0], "px")
        y = number_in_range("y", y, 0, self.size[1], "px")
        self.table[name][self.frame] = (x, y)
        self.refresh()

    def nudge(self, dx: float, dy: float) -> None:
        """Move the chosen joint's mark (the keyboard path); an unmarked joint starts at the picture's centre."""
        name = self.controls["joint"].value
        point = self.table[name][self.frame]
        if not np.isfinite(point).all():
            point = np.array(self.size, dtype=float) / 2
        x = min(max(point[0] + dx, 0.0), self.size[0])
        y = min(max(point[1] + dy, 0.0), self.size[1])
        self.mark_at(x, y, name)

    def tag(self, side: str, event: str) -> None:
        """Tag the current frame as ``side``'s ``"contact"`` (initial contact) or ``"toe_off"``."""
        if (side, event) not in self.events:
            raise ValueError(f"side={side!r}, event={event!r}: allowed sides {SIDES}, events contact, toe_off")
        frames = self.events[(side, event)]
        if self.frame not in frames:
            frames.append(self.frame)
            frames.sort()
        self.refresh()

    def calibrate(self, first, second, metres: float) -> float:
        """Metres per pixel from two clip points a known distance apart (e.g. a 1 m stick on the ground)."""
        metres = number_in_range("metres", metres, 0.05, 50.0, "m")
        distance = math.hypot(second[0] - first[0], second[1] - first[1])
        if distance <= 0:
            raise ValueError("the two calibration points are the same point; mark both ends of the known length")
        self.scale_points = [tuple(first), tuple(second)]
        self.metres_per_px = metres / distance
        self.refresh()
        return self.metres_per_px

    def save(self):
        """Save the marks beside the clip (CSV); returns the file's path."""
        if self.path is None:
            raise ValueError("no clip loaded: marks are saved beside a clip")
        path = marks_io.marks_path(self.path)
        points = {(k, n): tuple(xy[k]) for n, xy in self.table.items()
                  for k in range(self.frames) if np.isfinite(xy[k]).all()}
        marks_io.save_marks(path, points)
        return path

    # -- measuring ---------------------------------------------------------------------
    def tagged_times(self) -> dict:
        """Hand-tagged contact times per side: (initial contact s, toe-off s, contact time s)."""
        out = {}
        for side in SIDES:
            pairs = []
            for ic in self.events[(side, "contact")]:
                later = [t for t in self.events[(side, "toe_off")] if t > ic]
                if later:
                    pairs.append((ic / self.fps, later[0] / self.fps, (later[0] - ic) / self.fps))
            out[side] = pairs
        return out

    def report(self):
        """The stride measured from the current landmark table (ValueError while too little is marked)."""
        return analyse_landmarks(self.table, self.fps, source=self.path or "landmarks")

    # -- view ----------------------------------------------------------------------------
    def _picture(self) -> Image.Image:
        if self.cache is not None:
            image = Image.open(io.BytesIO(self.cache[self.frame])).convert("RGB")
            scale = image.size[0] / self.size[0]
        else:
            width = 640
            scale = width / self.size[0]
            image = Image.new("RGB", (width, int(round(self.size[1] * scale))), (245, 245, 245))
        draw = ImageDraw.Draw(image)
        k = self.frame
        for side in SIDES:
            chain = [self.table[f"{side}_{j}"][k] * scale for j in ("shoulder", "hip", "knee", "ankle", "heel", "toe")]
            for a, b in zip(chain, chain[1:]):
                if np.isfinite(a).all() and np.isfinite(b).all():
                    draw.line([tuple(a), tuple(b)], fill=COLOURS[side], width=3)
            for p in chain:
                if np.isfinite(p).all():
                    draw.ellipse([p[0] - 4, p[1] - 4, p[0] + 4, p[1] + 4], outline=COLOURS[side], width=2)
        chosen = self.table[self.controls["joint"].value][k] * scale
        if np.isfinite(chosen).all():
            draw.rectangle([chosen[0] - 7, chosen[1] - 7, chosen[0] + 7, chosen[1] + 7], outline=(0, 0, 0), width=2)
        return image

    def marked_count(self) -> int:
        return int(sum(np.isfinite(self.table[n][self.frame]).all() for n in LANDMARK_NAMES))

    def alt_text(self) -> str:
        joint = self.controls["joint"].value.replace("_", " ")
        where = self.table[self.controls["joint"].value][self.frame]
        at = (f"at x {where[0]:.0f}, y {where[1]:.0f} px" if np.isfinite(where).all() else "not marked")
        source = "the clip" if self.cache is not None else "the demo walker's landmarks drawn as a stick figure"
        return (f"Frame {self.frame + 1} of {self.frames} of {source}: {self.marked_count()} of 12 joints marked "
                f"(near leg blue, far leg orange); the chosen joint, {joint}, is {at}.")

    def summary(self) -> str:
        """The text twin: the frame and its marks, tagged events, the scale, and the measures with their error."""
        lines = [self.alt_text()]
        if self.message:
            lines.insert(0, self.message)
        tagged = self.tagged_times()
        for side in SIDES:
            if tagged[side]:
                times = ", ".join(f"{1000 * c:.0f} ms" for *_, c in tagged[side])
                lines.append(f"{side.capitalize()} contacts tagged by hand: {times} (+/- {1000 / self.fps:.0f} ms, one frame).")
        if math.isfinite(self.metres_per_px):
            lines.append(f"Scale: {1000 * self.metres_per_px:.2f} mm per pixel.")
        try:
            lines.append(self.report().summary())
        except ValueError as error:
            lines.append(f"Not enough marked to measure yet ({error}).")
        smallest = "; ".join(f"{k.replace('_deg', '').replace('_', ' ')} {v[0]:g} deg"
                             for k, v in SMALLEST_DETECTABLE.items())
        lines.append(f"Smallest detectable differences: {smallest}.")
        return "\n".join(lines)

    def refresh(self) -> None:
        buffer = io.BytesIO()
        picture = self._picture()
        picture.save(buffer, format="PNG")
        self._image.png = buffer.getvalue()
        self._image.alt = self.alt_text()
        self._image.width_px, self._image.height_px = picture.size
        self._image.frame += 1
        self._summary.value = ('<div role="status" aria-live="polite">'
                               + "<br>".join(html.escape(s) for s in self.summary().split("\n")) + "</div>")

    def widget(self) -> W.Widget:
        return W.VBox([W.HTML(f'<h3 class="explorer-title">{self.title}</h3>'), self.controls["frame"],
                       self.controls["joint"], W.HBox(self._buttons[:4]), W.HBox(self._buttons[4:]),
                       self._image, self._summary])

    def show(self) -> None:
        from IPython.display import display

        display(self.widget())

    def _repr_mimebundle_(self, include=None, exclude=None):
        return self.widget()._repr_mimebundle_(include=include, exclude=exclude)
