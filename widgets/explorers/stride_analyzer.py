"""StrideAnalyzer: load a clip, mark its joints and events, and measure the stride from them.

Loading: :meth:`~StrideAnalyzer.load` (a path), the upload control (the learner's own clip)
or the "Use the demo clip" button (:func:`widgets.video.demo.demo_clip_path`; offline, a
plain message and the analyser stays usable). An uploaded clip is written to
:func:`clips_dir`, a folder only the learner's account may read (mode 0700, the file 0600)
inside the course's cache folder (:func:`widgets.video.demo.cache_dir`, so
``RUNNING_COURSE_CACHE`` moves it); nothing is sent anywhere else. On Binder that folder
is on the temporary server, deleted with the session. The marks made by hand are saved
beside the clip, in the same folder.

Marking: a frame slider (frames decoded once into a :class:`~widgets.video.clips.FrameCache`
of JPEGs, so a move costs a look-up, the overlay and one JPEG encoding), the joint to mark,
a click on the picture (the image reports the click in its own pixels, which are turned
into clip pixels: :meth:`~StrideAnalyzer.mark_at`), and buttons that move the chosen
joint's mark (the keyboard path: Tab to a button, Enter or Space). "Find the joints
automatically" fills every mark by pose estimation where the ``pose`` extra is installed,
and says plainly that hand marking works where it is not. Buttons tag the frame as a
foot's initial contact or toe-off; :meth:`~StrideAnalyzer.calibrate` sets a scale.

Measuring: :meth:`~StrideAnalyzer.report` (the model's
:func:`~widgets.model.stride.analyse_landmarks`); two buttons hand it to
:mod:`widgets.explorers.from_stride` (the Hip Extension Explorer started from the
measurement, shown below; the runner profile). :meth:`~StrideAnalyzer.thigh_angle_picture`
draws a step's thigh angle at toe-off with alt text saying it is hip extension plus
pelvic tilt.

The picture is an image with alt text; the text twin (a live region) says the frame, the
marks and, once enough is marked, the measures with their smallest detectable differences.
Without a clip it shows the demo walker's landmark table shipped with the package, drawn as
a stick figure, so every lesson cell runs offline.
"""

from __future__ import annotations

import html
import io
import math
import os
import re
from pathlib import Path

import ipywidgets as W
import numpy as np
from PIL import Image, ImageDraw

from ..bundle import img_html, widget_bundle
from ..model.stride import (
    LANDMARK_NAMES,
    SIDES,
    SMALLEST_DETECTABLE,
    TOE_OFF_WINDOW_S,
    analyse_landmarks,
)
from ..model.validation import number_in_range, one_of, whole_number_in_range
from ..video import marks as marks_io
from .base import RefreshHold
from .controls import Choice, ClipUpload, FigureImage, IntegerSlider

#: Okabe-Ito colours: near (left) leg blue, far (right) leg vermillion, trunk black; the
#: thigh angle's arc bluish green.
COLOURS = {"left": (0, 114, 178), "right": (213, 94, 0), "trunk": (0, 0, 0), "angle": (0, 158, 115)}
ARROW_STEP_PX = 2.0
PICTURE_WIDTH_PX = 640
THIGH_PICTURE_HEIGHT_PX = 400
PRIVACY_NOTE = ("Your clip stays on this computer: an uploaded clip is saved only in a private folder of "
                "your account (on Binder, the temporary server, deleted when the session ends), and "
                "nothing is sent anywhere else.")
UPLOAD_ACCEPT = "video/*,.mp4,.mov,.m4v,.avi,.mkv,.webm"


def clips_dir() -> Path:
    """The private folder for uploaded clips and their marks (created with mode 0700)."""
    from ..video.demo import cache_dir

    folder = cache_dir() / "my-clips"
    folder.mkdir(parents=True, exist_ok=True, mode=0o700)
    os.chmod(folder, 0o700)  # mkdir's mode is reduced by the umask; an existing folder keeps its own
    return folder


def private_clip_path(name: str) -> Path:
    """Where an uploaded clip called ``name`` is stored: :func:`clips_dir`, a safe file name,
    an empty file readable and writable only by its owner (0600)."""
    stem = re.sub(r"[^A-Za-z0-9._-]+", "_", Path(str(name)).name).strip("._") or "clip"
    path = clips_dir() / stem
    descriptor = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    os.close(descriptor)
    os.chmod(path, 0o600)
    return path


class StrideAnalyzer(RefreshHold):
    """Load a clip, mark joints (click, keyboard or pose estimation), tag events, measure."""

    title = "Stride analyser"

    def __init__(self, path=None, *, landmarks=None, fps: float | None = None, max_width: int = PICTURE_WIDTH_PX,
                 use_profile: bool = True):
        """``path``: a clip to load; ``landmarks`` and ``fps``: a landmark table to show instead
        (default: the demo walker's, shipped); ``use_profile``: start the Hip Extension Explorer
        from the saved runner profile's height, mass and speed (else the default runner's)."""
        self.use_profile = one_of("use_profile", use_profile, (True, False))
        self.max_width = int(max_width)
        self.message = ""
        self.explorer = None
        self._holds = 0
        self._report = None  # (table version, report or error), see report()
        self._version = 0
        self._scale = 1.0
        self.controls = {
            "frame": IntegerSlider(value=0, min=0, max=1, step=1, description="Frame",
                                   playable=True, play_label="Play frames"),
            "joint": Choice([(n.replace("_", " "), n) for n in LANDMARK_NAMES], "left_hip",
                            description="Joint to mark", columns=2),
        }
        self._image = FigureImage(clickable=True)
        self._image.observe(self._on_click, names="click")
        self._summary = W.HTML(layout=W.Layout(width="auto")).add_class("explorer-summary")
        self._below = W.VBox()  # the Hip Extension Explorer, once started
        self._mark_buttons = []
        for label, dx, dy in (("Mark left", -1, 0), ("Mark right", 1, 0), ("Mark up", 0, -1), ("Mark down", 0, 1)):
            b = self._button(label, lambda dx=dx, dy=dy: self.nudge(dx * ARROW_STEP_PX, dy * ARROW_STEP_PX),
                             f"{label}: move the chosen joint's mark {ARROW_STEP_PX:g} px "
                             f"{label.split()[-1]}")
            self._mark_buttons.append(b)
        self._tag_buttons = []
        for side in SIDES:
            for event, text, short in (("contact", "initial contact", "contact"), ("toe_off", "toe-off", "toe-off")):
                self._tag_buttons.append(self._button(f"{side.capitalize()} {short} here",
                                                      lambda side=side, event=event: self.tag(side, event),
                                                      f"tag this frame as the {side} foot's {text}"))
        self._upload = ClipUpload(private_clip_path, self._load_upload, self._say,
                                  description="Upload my clip (stays on this computer)", accept=UPLOAD_ACCEPT,
                                  layout=W.Layout(width="auto"))
        self._load_buttons = [self._button("Use the demo clip", self.load_demo),
                              self._button("Find the joints automatically", self.find_joints)]
        self._result_buttons = [
            self._button("Explore my numbers in the Hip Extension Explorer", self.explore_my_numbers),
            self._button("Save my numbers to my runner profile", self.save_to_profile),
        ]
        self._buttons = self._mark_buttons + self._tag_buttons  # kept: the marking buttons in order
        for c in self.controls.values():
            c.observe(lambda _change: self.refresh(), names="value")
        self._widget = None
        with self._hold():
            if path is not None:
                self.load(path, max_width=max_width)
            else:
                self._show_landmarks(landmarks, fps)
        self.refresh()

    def _button(self, label: str, action, tooltip: str = "") -> W.Button:
        button = W.Button(description=label, tooltip=tooltip or label, layout=W.Layout(width="auto"))
        button.on_click(lambda _b: action())
        return button

    # -- loading --------------------------------------------------------------------------
    def _show_landmarks(self, landmarks, fps) -> None:
        from ..video import demo_landmarks as shipped

        self.cache = None
        self.path = None
        self.table = {k: np.array(v, dtype=float) for k, v in
                      (landmarks if landmarks is not None else shipped.demo_landmarks()).items()}
        self.fps = float(fps or shipped.FPS)
        self.size = shipped.SIZE
        self._reset(next(iter(self.table.values())).shape[0])
        if landmarks is None:
            self.message = ("No clip loaded: showing the demo walker's landmarks shipped with the "
                            "course (" + shipped.SOURCE + ").")

    def _reset(self, frames: int) -> None:
        """A new clip or table: events, scale and the frame slider start again."""
        self.frames = int(frames)
        self.events: dict[tuple[str, str], list[int]] = {(s, e): [] for s in SIDES for e in ("contact", "toe_off")}
        self.scale_points: list[tuple[float, float]] = []
        self.metres_per_px = math.nan
        self.explorer = None
        self._below.children = ()
        self._changed()
        slider = self.controls["frame"]
        slider.value = 0
        slider.max = max(1, self.frames - 1)

    def load(self, path, *, max_width: int | None = None) -> None:
        """Load a clip: decode its frames into the cache and restore the marks saved beside it.

        Raises FileNotFoundError naming a missing file and ValueError naming a file that is
        not a readable video (the buttons and the upload turn both into a message).
        """
        from ..video.clips import FrameCache

        cache = FrameCache(path, max_width=max_width or self.max_width)
        with self._hold():
            self.cache = cache
            self.path = cache.info.path
            self.fps = cache.info.fps
            self.size = (cache.info.width, cache.info.height)
            self.table = {n: np.full((len(cache), 2), np.nan) for n in LANDMARK_NAMES}
            saved = marks_io.marks_path(self.path)
            restored = ""
            if saved.is_file():
                self.table = marks_io.table_from_marks(marks_io.load_marks(saved), len(cache))
                restored = f" Marks saved earlier were restored from {saved.name}."
            self._reset(len(cache))
            self.message = (f"Loaded {Path(self.path).name}: {len(cache)} frames at {self.fps:g} fps, "
                            f"{self.size[0]}x{self.size[1]} px.{restored}")
        self.refresh()

    def load_demo(self) -> bool:
        """Load the demo clip (fetched once); offline, a message says so and nothing else changes."""
        from ..video import demo

        self._say("Fetching the demo clip (once; about 3 MB from PyPI)...")
        try:
            path = demo.demo_clip_path()
            self.load(path)
        except (RuntimeError, OSError, ValueError) as error:
            self._say(f"The demo clip is not available: {error} The analyser still works: upload a clip "
                      "of your own, or keep marking the demo walker shown.")
            return False
        self._say(self.message + " " + demo.ATTRIBUTION)
        return True

    def _load_upload(self, path: Path) -> None:
        """The upload arrived in the private folder: load it, or say why not and delete it."""
        try:
            self.load(path)
        except (ValueError, OSError) as error:
            path.unlink(missing_ok=True)
            self._say(f"{path.name} could not be opened as a video ({error}); it was deleted. Try a "
                      ".mp4 or .mov clip straight from your phone.")
            return
        self._say(self.message + f" It is stored only in {clips_dir()}.")

    def find_joints(self, *, region=None, frames=None) -> bool:
        """Fill the marks by pose estimation (the ``pose`` extra); False with a message otherwise.

        ``region`` (left, top, right, bottom shares of the picture) and ``frames`` (start, stop)
        limit the search, as for :func:`widgets.video.analysis.analyse_video`; on the demo clip
        they default to where its walker is (someone else stands on the box).
        """
        from ..video import demo, pose

        if not pose.pose_available():
            self._say("Pose estimation is not installed here, so the joints cannot be found automatically. "
                      "Marking by hand works: choose a joint, then click it on the picture (or move its "
                      "mark with the Mark buttons).")
            return False
        if self.cache is None:
            self._say("Load a clip first (the demo clip or your own): the demo walker shown has its joints already.")
            return False
        from ..video.analysis import MIN_PERSON_SHARE, pose_landmarks

        self._say(f"Finding the joints in {self.frames} frames (this takes a while: the kernel is busy)...")
        if region is None and frames is None and demo.is_demo_clip(self.path):
            region, frames = demo.WALKER_REGION, demo.WALKER_FRAMES
        try:
            found, _info, with_person = pose_landmarks(self.path, region=region, frames=frames)
        except (ValueError, OSError) as error:
            self._say(f"Pose estimation failed ({error}); mark the joints by hand.")
            return False
        searched = len(next(iter(found.values())))
        if with_person < max(2, MIN_PERSON_SHARE * searched):
            self._say(f"A person was found in only {with_person} of {searched} frames: film the whole body "
                      "side-on, or mark the joints by hand.")
            return False
        first = int(frames[0]) if frames is not None else 0
        table = {n: np.full((self.frames, 2), np.nan) for n in LANDMARK_NAMES}
        for n in LANDMARK_NAMES:
            table[n][first:first + searched] = np.asarray(found[n], dtype=float)
        self.table = table
        self._changed()
        self._say(f"Joints found by pose estimation in {with_person} of {searched} frames; check them "
                  "frame by frame and correct any by hand.")
        return True

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
        self._changed()
        self.refresh()

    def _on_click(self, change) -> None:
        """A click on the picture (its own pixels) marks the chosen joint there (clip pixels)."""
        click = change["new"] or {}
        if "x" not in click or "y" not in click:
            return
        x = min(max(float(click["x"]) / self._scale, 0.0), float(self.size[0]))
        y = min(max(float(click["y"]) / self._scale, 0.0), float(self.size[1]))
        self.mark_at(x, y)

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
        """The stride measured from the current landmark table (ValueError while too little is marked).

        Measured once per change of the marks, so a frame move does not measure again.
        """
        if self._report is None or self._report[0] != self._version:
            source = Path(self.path).name if self.path else "landmarks"
            try:
                result = analyse_landmarks(self.table, self.fps, source=source)
            except ValueError as error:
                result = error
            self._report = (self._version, result)
        result = self._report[1]
        if isinstance(result, ValueError):
            raise ValueError(*result.args)
        return result

    def explore_my_numbers(self):
        """Start the Hip Extension Explorer from the measurement and show it below; None with a message
        while too little is measured."""
        from .from_stride import explore_my_stride

        try:
            report = self.report()
            profile = None
            if not self.use_profile:
                from ..learner.profile import RunnerProfile

                profile = RunnerProfile()
            explorer = explore_my_stride(report, profile=profile)
        except ValueError as error:
            self._say(f"Not enough is measured to start the Hip Extension Explorer yet ({error}).")
            return None
        self.explorer = explorer
        self._below.children = (explorer.widget,)
        self._say("The Hip Extension Explorer below starts from your numbers; its text says where each "
                  "start value comes from.")
        return explorer

    def save_to_profile(self) -> str:
        """Store the measurement in the runner profile; the message (never raises for storage)."""
        from .from_stride import save_stride_to_profile

        try:
            message = save_stride_to_profile(self.report())
        except ValueError as error:
            message = f"Not saved: not enough is measured yet ({error})."
        self._say(message)
        return message

    # -- the thigh angle at toe-off ------------------------------------------------------
    def _side_step(self, side: str, step: int):
        side = one_of("side", side, SIDES)
        steps = [s for s in self.report().steps if s.side == side]
        if not steps:
            raise ValueError(f"side={side!r}: no complete {side} step was found; mark or find more frames")
        index = whole_number_in_range("step", step, 0, len(steps) - 1)
        return steps[index], index

    def _thigh_frame(self, found) -> int:
        """The frame near toe-off where the thigh is furthest behind vertical (as the model reads it)."""
        direction = 1.0 if self.report().direction == "right" else -1.0
        window = max(1, int(round(TOE_OFF_WINDOW_S * self.fps)))
        best, best_angle = found.toe_off_frame, -math.inf
        for k in range(max(0, found.toe_off_frame - window), min(self.frames, found.toe_off_frame + window + 1)):
            angle = self._thigh_angle_deg(found.side, k, direction)
            if math.isfinite(angle) and angle > best_angle:
                best, best_angle = k, angle
        return best

    def _thigh_angle_deg(self, side: str, k: int, direction: float) -> float:
        hip, knee = self.table[f"{side}_hip"][k], self.table[f"{side}_knee"][k]
        if not (np.isfinite(hip).all() and np.isfinite(knee).all()):
            return math.nan
        vx, vy = knee - hip  # image pixels, y down
        return -math.degrees(math.atan2(direction * vx, vy))

    def thigh_angle_alt(self, side: str = "left", step: int = 0) -> str:
        """The alt text of :meth:`thigh_angle_picture`: the angle, and what it does and does not show."""
        found, index = self._side_step(side, step)
        frame = self._thigh_frame(found)
        angle = found.thigh_extension_at_toe_off_deg
        where = "behind" if angle >= 0 else "in front of"
        return (f"Frame {frame + 1} of {self.frames}, the {found.side} foot's toe-off in {found.side} step "
                f"{index + 1}: the {found.side} thigh (hip to knee, a thick line) is {abs(angle):.0f} deg {where} "
                f"the vertical through the hip (dashed), the angle marked by an arc. That angle is hip "
                f"extension plus anterior pelvic tilt: this side view cannot tell how much is which "
                f"(measurement error about {SMALLEST_DETECTABLE['thigh_extension_at_toe_off_deg'][0]:g} deg).")

    def thigh_angle_picture(self, side: str = "left", step: int = 0) -> Image.Image:
        """The frame (or the stick figure without a clip) at a step's toe-off, with the thigh line,
        the vertical and the angle drawn; its alt text is in ``picture.info["alt"]``.

        ``side``: "left" or "right"; ``step``: 0 for that side's first complete step. Raises
        ValueError while too little is marked, or for a side or step that was not found.
        """
        found, _index = self._side_step(side, step)
        frame = self._thigh_frame(found)
        image, scale = self._picture(frame, chosen=False)
        # Cropped to the person and enlarged, so the angle is easy to see.
        points = np.array([self.table[n][frame] for n in LANDMARK_NAMES]) * scale
        points = points[np.isfinite(points).all(axis=1)]
        low, high = points.min(axis=0), points.max(axis=0)
        margin = 0.25 * max(high[1] - low[1], 1.0)
        left, top = max(0.0, low[0] - margin), max(0.0, low[1] - margin)
        right, bottom = min(image.width, high[0] + margin), min(image.height, high[1] + margin)
        image = image.crop((int(left), int(top), int(math.ceil(right)), int(math.ceil(bottom))))
        zoom = THIGH_PICTURE_HEIGHT_PX / image.height
        image = image.resize((max(1, round(image.width * zoom)), THIGH_PICTURE_HEIGHT_PX),
                             Image.Resampling.LANCZOS)
        origin = np.array([int(left), int(top)], dtype=float)
        draw = ImageDraw.Draw(image)
        hip = (self.table[f"{found.side}_hip"][frame] * scale - origin) * zoom
        knee = (self.table[f"{found.side}_knee"][frame] * scale - origin) * zoom
        length = float(np.hypot(*(knee - hip)))
        for t in np.arange(0.0, 1.0, 0.1):  # the vertical, dashed
            draw.line([(hip[0], hip[1] + t * length), (hip[0], hip[1] + (t + 0.05) * length)],
                      fill=COLOURS["trunk"], width=2)
        draw.line([tuple(hip), tuple(knee)], fill=COLOURS[found.side], width=6)
        down = 90.0  # PIL angles: degrees clockwise from +x, y down
        thigh = math.degrees(math.atan2(knee[1] - hip[1], knee[0] - hip[0]))
        start, end = sorted((down, thigh))
        radius = 0.6 * length
        draw.arc([hip[0] - radius, hip[1] - radius, hip[0] + radius, hip[1] + radius], start, end,
                 fill=COLOURS["angle"], width=4)
        label = f"{found.thigh_extension_at_toe_off_deg:.0f} deg"
        width = draw.textlength(label, font_size=16)
        away = -1.0 if knee[0] >= hip[0] else 1.0  # the label on the other side of the vertical
        at = (hip[0] + (8 if away > 0 else -8 - width), hip[1] + 0.5 * radius)
        box = draw.textbbox(at, label, font_size=16)
        draw.rectangle([box[0] - 3, box[1] - 2, box[2] + 3, box[3] + 2], fill=(255, 255, 255))
        draw.text(at, label, fill=(0, 0, 0), font_size=16)
        image.info["alt"] = self.thigh_angle_alt(side, step)
        return image

    def show_thigh_angle(self, side: str = "left", step: int = 0) -> None:
        """Display :meth:`thigh_angle_picture` with its alt text and a caption (works without a browser)."""
        from IPython.display import display

        picture = self.thigh_angle_picture(side, step)
        display(ThighAnglePicture(picture))

    # -- view ----------------------------------------------------------------------------
    def _picture(self, k: int | None = None, *, chosen: bool = True) -> tuple[Image.Image, float]:
        """Frame ``k`` (default: the current one) with the marks drawn (and a square round the
        ``chosen`` joint's), and its pixels per clip pixel."""
        k = self.frame if k is None else k
        if self.cache is not None:
            image = Image.open(io.BytesIO(self.cache[k])).convert("RGB")
            scale = image.size[0] / self.size[0]
        else:
            scale = PICTURE_WIDTH_PX / self.size[0]
            image = Image.new("RGB", (PICTURE_WIDTH_PX, int(round(self.size[1] * scale))), (245, 245, 245))
        draw = ImageDraw.Draw(image)
        for side in SIDES:
            chain = [self.table[f"{side}_{j}"][k] * scale for j in ("shoulder", "hip", "knee", "ankle", "heel", "toe")]
            for a, b in zip(chain, chain[1:]):
                if np.isfinite(a).all() and np.isfinite(b).all():
                    draw.line([tuple(a), tuple(b)], fill=COLOURS[side], width=3)
            for p in chain:
                if np.isfinite(p).all():
                    draw.ellipse([p[0] - 4, p[1] - 4, p[0] + 4, p[1] + 4], outline=COLOURS[side], width=2)
        point = self.table[self.controls["joint"].value][k] * scale
        if chosen and np.isfinite(point).all():
            draw.rectangle([point[0] - 7, point[1] - 7, point[0] + 7, point[1] + 7], outline=(0, 0, 0), width=2)
        return image, scale

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

    def _say(self, message: str) -> None:
        self.message = message
        self.refresh()

    def _changed(self) -> None:
        """The marks changed: the next report() measures again."""
        self._version += 1

    def refresh(self) -> None:
        if self._holds:
            return
        picture, self._scale = self._picture()
        buffer = io.BytesIO()
        if self.cache is not None:  # a video frame: JPEG, as cached (a PNG of a photo is slow and large)
            picture.save(buffer, format="JPEG", quality=85)
            self._image.mime = "image/jpeg"
        else:
            picture.save(buffer, format="PNG", compress_level=1)
            self._image.mime = "image/png"
        self._image.png = buffer.getvalue()
        self._image.alt = self.alt_text()
        self._image.width_px, self._image.height_px = picture.size
        self._image.frame += 1
        self._summary.value = ('<div role="status" aria-live="polite">'
                               + "<br>".join(html.escape(s) for s in self.summary().split("\n")) + "</div>")

    def _extra_widgets(self) -> list[W.Widget]:
        """The focusable widgets after the controls, in the order Tab reaches them."""
        return [*self._mark_buttons, *self._tag_buttons, self._upload, *self._load_buttons, *self._result_buttons]

    @property
    def widget(self) -> W.Widget:
        """Title; the controls and marking buttons beside the picture; loading; results; text twin; explorer."""
        if self._widget is None:
            wrap = dict(display="flex", flex_flow="row wrap", grid_gap="4px 4px", width="auto")
            column = W.VBox([*self.controls.values(),
                             W.Box(self._mark_buttons, layout=W.Layout(**wrap)),
                             W.Box(self._tag_buttons, layout=W.Layout(**wrap))],
                            layout=W.Layout(flex="0 1 270px", min_width="220px", max_width="100%"))
            row = W.Box([column, self._image], layout=W.Layout(display="flex", flex_flow="row wrap",
                                                                align_items="flex-start", grid_gap="8px 8px",
                                                                width="auto"))
            loading = W.Box([self._upload, *self._load_buttons],
                            layout=W.Layout(**wrap, align_items="flex-end"))
            self._widget = W.VBox([
                W.HTML(f'<h3 class="explorer-title">{html.escape(self.title)}</h3>'
                       f"<p>{html.escape(PRIVACY_NOTE)}</p>"),
                row, loading, W.Box(self._result_buttons, layout=W.Layout(**wrap)),
                self._summary, self._below]).add_class("course-explorer")
        return self._widget

    def show(self) -> None:
        from IPython.display import display

        display(self)

    def _repr_mimebundle_(self, include=None, exclude=None):
        """The live widget, plus the picture with alt text and the text twin where widgets can't render."""
        static = img_html(self._image.png, self.alt_text(), mime=self._image.mime, caption=self.summary())
        return widget_bundle(self.widget, plain=self.summary(), html_text=static, include=include, exclude=exclude)


class ThighAnglePicture:
    """A thigh-angle picture for display: the image with its alt text, the alt text as caption."""

    def __init__(self, picture: Image.Image):
        self.picture = picture
        self.alt = picture.info.get("alt", "")

    def _repr_mimebundle_(self, include=None, exclude=None):
        buffer = io.BytesIO()
        self.picture.save(buffer, format="PNG")
        static = img_html(buffer.getvalue(), self.alt, caption=self.alt,
                          width_px=self.picture.width, height_px=self.picture.height)
        return widget_bundle(None, plain=self.alt, html_text=static, png=buffer.getvalue())
