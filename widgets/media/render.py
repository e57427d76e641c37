"""Draw each course medium into a file: the drawing helpers and one function per medium.

Every ``render_<id>(path)`` takes its key poses from :mod:`widgets.media.poses`, draws
them with :class:`widgets.drawing.StickFigureArtist` (plus the pelvis as a short
segment, so tilt shows) on matplotlib figures without pyplot (so no backend is
involved), with colours from :mod:`widgets.drawing.palette`, and saves:

- still images as PNG with fixed metadata (no software tag, no timestamp);
- animations frame by frame, each frame mapped onto one fixed palette (no dithering),
  as looping GIFs written with Pillow.

What each medium is called, its alt text and which lessons show it are in
:mod:`widgets.media.build`, which also runs these.
"""

from __future__ import annotations

from pathlib import Path

import numpy as np
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.figure import Figure
from matplotlib.patches import Circle, FancyArrowPatch, Rectangle
from PIL import Image

from ..drawing import StickFigureArtist
from ..drawing.palette import OKABE_ITO, PALETTE
from ..model.mechanics import PARAMETERS
from ..model.body import Keyframe, ease_in_out, interpolate_keyframes, joint_positions, pelvis_xy
from . import poses

H = poses.FIGURE_HEIGHT_M
PNG_DPI = 100
GIF_DPI = 80
GIF_FRAME_MS = 90
FONT_SIZE = 9
_PNG_METADATA = {"Software": None}


# ---------------------------------------------------------------------------
# Drawing helpers

def _figure(width_in: float, height_in: float, dpi: int) -> Figure:
    figure = Figure(figsize=(width_in, height_in), dpi=dpi, facecolor="white")
    FigureCanvasAgg(figure)
    return figure


def _panel(ax, title: str, xlim, ylim) -> None:
    ax.set_xlim(*xlim)
    ax.set_ylim(*ylim)
    ax.set_aspect("equal")
    ax.set_axis_off()
    if title:
        ax.set_title(title, fontsize=FONT_SIZE, color=PALETTE["body"])


def _ground(ax, x0: float, x1: float, y: float = 0.0) -> None:
    ax.plot([x0, x1], [y, y], color=PALETTE["ground"], lw=1.2, zorder=1)


class _Figure:
    """A stick figure plus its pelvis segment; moved together by ``update``."""

    def __init__(self, ax, linewidth: float = 3.0, pelvis_colour: str = PALETTE["body"]):
        self.stick = StickFigureArtist(ax, height_m=H, linewidth=linewidth)
        (self.pelvis,) = ax.plot([], [], color=pelvis_colour, lw=linewidth + 2.5,
                                 solid_capstyle="butt", zorder=5)

    def update(self, pose, hip_xy) -> dict[str, np.ndarray]:
        points = self.stick.update(pose, hip_xy)
        bar = pelvis_xy(pose, H, hip_xy)
        self.pelvis.set_data(bar[:, 0], bar[:, 1])
        return points


def _centre_x(keyframe: Keyframe) -> float:
    """Middle of the figure's horizontal extent, to centre a panel on it."""
    xs = [p[0] for k, p in joint_positions(keyframe.pose, H, keyframe.hip_xy).items() if k != "head_radius"]
    return 0.5 * (min(xs) + max(xs))


def _draw(ax, keyframe: Keyframe, **kwargs) -> dict[str, np.ndarray]:
    return _Figure(ax, **kwargs).update(keyframe.pose, keyframe.hip_xy)


def _save_png(figure: Figure, path: Path) -> None:
    figure.savefig(path, dpi=figure.dpi, metadata=_PNG_METADATA, facecolor="white")


def _gif_palette() -> Image.Image:
    """One fixed palette: white, the Okabe-Ito colours and their blends toward white."""
    colours = [(255, 255, 255)]
    for hex_colour in OKABE_ITO.values():
        rgb = np.array([int(hex_colour[i:i + 2], 16) for i in (1, 3, 5)], dtype=float)
        for share in (1.0, 0.8, 0.6, 0.4, 0.2):
            colours.append(tuple(int(round(c)) for c in rgb * share + 255 * (1 - share)))
    flat = [v for c in colours for v in c]
    flat += flat[:3] * (256 - len(colours))
    palette = Image.new("P", (1, 1))
    palette.putpalette(flat)
    return palette


def _frame_image(figure: Figure, palette: Image.Image) -> Image.Image:
    figure.canvas.draw()
    rgb = Image.fromarray(np.asarray(figure.canvas.buffer_rgba())[:, :, :3].copy())
    return rgb.quantize(palette=palette, dither=Image.Dither.NONE)


def _save_gif(frames: list[Image.Image], path: Path, frame_ms: int = GIF_FRAME_MS) -> None:
    frames[0].save(path, save_all=True, append_images=frames[1:], duration=frame_ms, loop=0,
                   optimize=False, disposal=1)


# ---------------------------------------------------------------------------
# One function per medium: draws it into ``path``.

def render_walking_spiderman(path: Path) -> None:
    keys = poses.walking_spiderman()
    frames = interpolate_keyframes(keys, frames_per_transition=5, easing=ease_in_out,
                                   hold_frames=1, height_m=H)
    figure = _figure(6.4, 3.0, GIF_DPI)
    ax = figure.add_axes((0, 0, 1, 0.9))
    x0, x1 = keys[0].hip_xy[0] - 0.55, keys[-1].hip_xy[0] + 0.75
    _panel(ax, "", (x0, x1), (-0.06, 1.95))
    _ground(ax, x0, x1)
    person = _Figure(ax, linewidth=2.5)
    title = figure.text(0.5, 0.95, "", ha="center", va="center", fontsize=11, color=PALETTE["body"])
    palette = _gif_palette()
    images = []
    label = keys[0].label
    for frame in frames:
        if frame.key is not None:
            label = keys[frame.key].label
        title.set_text(f"Walking Spiderman: {label}")
        person.update(frame.pose, frame.hip_xy)
        images.append(_frame_image(figure, palette))
    _save_gif(images, path)


def render_walking_spiderman_steps(path: Path) -> None:
    steps = poses.walking_spiderman_steps()
    figure = _figure(2.3 * len(steps), 2.4, PNG_DPI)
    for i, key in enumerate(steps):
        ax = figure.add_axes((i / len(steps), 0.0, 1 / len(steps), 0.9))
        cx = _centre_x(key)
        _panel(ax, key.label, (cx - 0.9, cx + 0.9), (-0.05, 1.95))
        _ground(ax, cx - 0.9, cx + 0.9)
        points = _draw(ax, key, linewidth=2.5)
        if i == 1:  # the elbow on the front leg's side, and where it is heading
            elbow = points["near_elbow"]
            ax.add_patch(Circle(tuple(elbow), 0.045, facecolor="none", edgecolor=PALETTE["rotation"], lw=1.5,
                                zorder=7))
            label_xy = (elbow[0] - 0.45, elbow[1] + 0.75)
            ax.text(*label_xy, "elbow toward\nfront heel", fontsize=7.5, ha="center", va="bottom",
                    color=PALETTE["body"])
            ax.add_patch(FancyArrowPatch(label_xy, (elbow[0] - 0.03, elbow[1] + 0.04), connectionstyle="arc3,rad=0.3",
                                         arrowstyle="-|>", mutation_scale=8, color=PALETTE["rotation"], lw=1.2))
    _save_png(figure, path)


def _tilt_arrow(ax, centre, posterior: bool) -> None:
    """A curved arrow at the pelvis: the way it tips (posterior = tuck)."""
    top, bottom = centre + np.array([-0.13, 0.10]), centre + np.array([-0.13, -0.10])
    start, end = (top, bottom) if posterior else (bottom, top)
    ax.add_patch(FancyArrowPatch(tuple(start), tuple(end), connectionstyle="arc3,rad=0.6",
                                 arrowstyle="-|>", mutation_scale=12, color=PALETTE["tilt"], lw=2))


def render_kneeling_hip_flexor_stretch(path: Path) -> None:
    keys = poses.kneeling_hip_flexor_stretch()
    figure = _figure(7.2, 3.0, PNG_DPI)
    for i, key in enumerate(keys):
        ax = figure.add_axes((i / 3, 0.0, 1 / 3, 0.9))
        cx = _centre_x(key)
        _panel(ax, key.label, (cx - 0.72, cx + 0.72), (-0.12, 1.45))
        _ground(ax, cx - 0.72, cx + 0.72)
        _draw(ax, key, linewidth=2.5, pelvis_colour=PALETTE["tilt"])
        extension = round(-key.pose.near_leg.hip_flexion_deg) + 0
        tilt = key.pose.pelvic_tilt_deg
        tilt_word = ("neutral" if abs(tilt) < 1 else
                     f"{abs(tilt):.0f}\N{DEGREE SIGN} {'anterior' if tilt > 0 else 'posterior'}")
        ax.text(cx, -0.09, f"pelvis {tilt_word}; back hip {extension:.0f}\N{DEGREE SIGN} extended",
                ha="center", va="center", fontsize=7.5, color=PALETTE["body"])
        if abs(tilt) >= 1:
            centre = pelvis_xy(key.pose, H, key.hip_xy).mean(axis=0)
            _tilt_arrow(ax, centre, posterior=tilt < 0)
    _save_png(figure, path)


def render_glute_bridge(path: Path) -> None:
    keys = poses.glute_bridge()
    figure = _figure(7.0, 2.2, PNG_DPI)
    for i, key in enumerate(keys):
        ax = figure.add_axes((i / 2, 0.0, 1 / 2, 0.88))
        _panel(ax, key.label, (-1.0, 0.65), (-0.05, 0.72))
        _ground(ax, -1.0, 0.65)
        points = _draw(ax, key, linewidth=2.5)
        if i == 1:
            shoulder, knee = points["shoulder"], points["near_knee"]
            line = np.array([shoulder - 0.15 * (knee - shoulder), knee + 0.15 * (knee - shoulder)])
            ax.plot(line[:, 0], line[:, 1] + 0.05, color=PALETTE["reference"], lw=1.5, ls="--", zorder=8)
    _save_png(figure, path)


def render_modified_thomas_test(path: Path) -> None:
    results = poses.modified_thomas_test()
    figure = _figure(7.0, 3.0, PNG_DPI)
    for i, (result, key) in enumerate(results.items()):
        ax = figure.add_axes((i / 2, 0.0, 1 / 2, 0.9))
        _panel(ax, key.label, (-1.05, 1.1), (-0.02, 1.4))
        ax.add_patch(Rectangle((-1.05, poses.TABLE_TOP_M - 0.06), 1.05, 0.06, facecolor=PALETTE["reference"],
                               edgecolor="none", alpha=0.6, zorder=1))
        for leg_x in (-0.95, -0.08):
            ax.plot([leg_x, leg_x], [0, poses.TABLE_TOP_M - 0.06], color=PALETTE["reference"], lw=2, zorder=1)
        _ground(ax, -1.05, 1.1)
        points = _draw(ax, key, linewidth=2.5)
        hip = points["hip"]
        ax.plot([hip[0], hip[0] + 0.62], [hip[1], hip[1]], color=PALETTE["required"], lw=1, ls=":", zorder=6)
        colour = PALETTE["distal"] if result == "negative" else PALETTE["shortfall"]
        knee = points["near_knee"]
        ax.plot([hip[0], knee[0]], [hip[1], knee[1]], color=colour, lw=4, zorder=6, solid_capstyle="round")
        ax.text(hip[0] + 0.64, hip[1], "horizontal", fontsize=7, ha="left", va="center",
                color=PALETTE["body"])
    _save_png(figure, path)


def render_toe_off_compensation(path: Path) -> None:
    scenes = poses.toe_off_scenes()
    figure = _figure(8.4, 5.4, PNG_DPI)
    full_points = joint_positions(scenes[0].keyframe.pose, H, scenes[0].keyframe.hip_xy)
    for i, scene in enumerate(scenes):
        ax = figure.add_axes((i / 3, 0.36, 1 / 3, 0.56))
        key = scene.keyframe
        cx = key.hip_xy[0] - 0.05
        _panel(ax, f"{scene.title}\nhip extension {scene.hip_extension_deg:.0f}\N{DEGREE SIGN}, "
                   f"tilt {scene.pelvic_tilt_deg:.1f}\N{DEGREE SIGN}", (cx - 0.75, cx + 0.75), (-0.05, 1.95))
        _ground(ax, cx - 0.75, cx + 0.75)
        person = _Figure(ax, linewidth=2.5, pelvis_colour=PALETTE["tilt"] if i == 1 else PALETTE["body"])
        points = person.update(key.pose, key.hip_xy)
        if scene.push_off_hip_back_m:
            # Rotation moves the push-off hip joint back: the near leg hangs from there.
            line = person.stick.lines["near_leg"]
            xs, ys = line.get_data()
            line.set_data(np.asarray(xs) - scene.push_off_hip_back_m, ys)
            hip = points["hip"]
            ax.plot([hip[0], hip[0] - scene.push_off_hip_back_m], [hip[1], hip[1]], color=PALETTE["rotation"],
                    lw=5, solid_capstyle="butt", zorder=6)
        if i > 0:  # the full-extension leg, toes on the same spot, for comparison
            ghost = np.array([full_points["hip"], full_points["near_knee"], full_points["near_ankle"],
                              full_points["near_toe"]])
            ax.plot(ghost[:, 0], ghost[:, 1], color=PALETTE["reference"], lw=1.5, ls="--", zorder=1)
        # Top view: pelvis from above as a bar between the hip joints, forward = right.
        top = figure.add_axes((i / 3 + 0.03, 0.01, 1 / 3 - 0.06, 0.30))
        _panel(top, "seen from above" if i != 1 else "seen from above: tilt does not show",
               (-0.16, 0.16), (-0.14, 0.14))
        half = float(PARAMETERS["hip_half_width_m"].default)  # the scenes are computed with it
        top.plot([0, 0], [-half, half], color=PALETTE["reference"], lw=2, ls="--", zorder=1)
        phi = np.radians(scene.pelvic_rotation_deg)
        push_off_hip = np.array([-half * np.sin(phi), -half * np.cos(phi)])
        other_hip = -push_off_hip
        colour = PALETTE["rotation"] if phi else PALETTE["body"]
        top.plot([push_off_hip[0], other_hip[0]], [push_off_hip[1], other_hip[1]], color=colour, lw=5,
                 solid_capstyle="butt", zorder=3)
        top.add_patch(Circle(tuple(push_off_hip), 0.012, color=PALETTE["body"], zorder=4))
        top.add_patch(FancyArrowPatch((0.06, 0.11), (0.14, 0.11), arrowstyle="-|>", mutation_scale=9,
                                      color=PALETTE["body"], lw=1))
        top.text(0.05, 0.11, "running", fontsize=6.5, ha="right", va="center")
        text = "push-off hip" if not phi else (f"push-off hip {100 * scene.push_off_hip_back_m:.1f} cm back\n"
                                                f"(rotation {scene.pelvic_rotation_deg:.0f}\N{DEGREE SIGN})")
        top.text(push_off_hip[0] + 0.02, push_off_hip[1] - 0.012, text, fontsize=6.5, va="top", ha="left")
    _save_png(figure, path)


def render_running_stride(path: Path) -> None:
    frame_count = 50
    percents = [100.0 * k / frame_count for k in range(frame_count)]
    figure = _figure(4.4, 3.3, GIF_DPI)
    ax = figure.add_axes((0, 0.14, 1, 0.78))
    _panel(ax, "", (-1.0, 1.0), (-0.08, 1.95))
    _ground(ax, -1.0, 1.0)
    # Ground marks move back as fast as the stance foot does (metres per percent of the cycle).
    stance_speed = _stance_travel_m() / poses.TOE_OFF_PERCENT
    (ticks,) = ax.plot([], [], color=PALETTE["ground"], lw=0, marker="|", markersize=6, zorder=1)
    person = _Figure(ax, linewidth=2.5)
    marker = ax.add_patch(Circle((0, 0), 0.06, facecolor=PALETTE["highlight"], edgecolor=PALETTE["body"],
                                 lw=1, zorder=1, visible=False))
    title = figure.text(0.5, 0.96, "", ha="center", va="center", fontsize=10)
    bar = figure.add_axes((0.1, 0.03, 0.8, 0.07))
    bar.set_xlim(0, 100)
    bar.set_ylim(0, 1)
    bar.set_axis_off()
    bar.add_patch(Rectangle((0, 0.2), poses.TOE_OFF_PERCENT, 0.6, color=PALETTE["near_side"], alpha=0.8))
    bar.add_patch(Rectangle((50, 0.2), poses.TOE_OFF_PERCENT, 0.6, color=PALETTE["far_side"], alpha=0.8))
    bar.plot([0, 100], [0.5, 0.5], color=PALETTE["body"], lw=0.8)
    bar.plot([poses.TOE_OFF_PERCENT] * 2, [0, 1], color=PALETTE["rotation"], lw=2)
    (cursor,) = bar.plot([], [], color=PALETTE["rotation"], marker="v", markersize=7, lw=0)
    palette = _gif_palette()
    images = []
    for percent in percents:
        pose = poses.running_pose(percent)
        hip = (0.0, poses.running_hip_height_m(percent))
        points = person.update(pose, hip)
        offset = -(stance_speed * percent) % 0.25
        xs = np.arange(-1.0 + offset, 1.0, 0.25)
        ticks.set_data(xs, np.zeros_like(xs))
        at_toe_off = abs(percent - poses.TOE_OFF_PERCENT) < 1e-9
        marker.set_visible(at_toe_off)
        marker.set_center(tuple(points["near_toe"]))
        if at_toe_off:
            title.set_text(f"TOE-OFF: right foot leaves the ground ({poses.TOE_OFF_PERCENT:.0f} %)")
        elif poses.near_foot_in_stance(percent) or poses.far_foot_in_stance(percent):
            side = "right" if poses.near_foot_in_stance(percent) else "left"
            title.set_text(f"Stance on the {side} foot ({percent:.0f} % of the stride)")
        else:
            title.set_text(f"Flight: both feet off the ground ({percent:.0f} %)")
        cursor.set_data([percent], [0.9])
        frame = _frame_image(figure, palette)
        images.extend([frame] * (4 if at_toe_off else 1))
    _save_gif(images, path, frame_ms=70)


def _stance_travel_m() -> float:
    """How far back the near foot moves, relative to the hip, from contact to toe-off."""
    def toe_x(percent: float) -> float:
        return joint_positions(poses.running_pose(percent), H, (0.0, poses.running_hip_height_m(percent)))[
            "near_heel"][0]
    return toe_x(0.0) - toe_x(poses.TOE_OFF_PERCENT)


def render_foot_strike(path: Path) -> None:
    scenes = poses.foot_strike()
    figure = _figure(7.0, 3.4, PNG_DPI)
    for i, (kind, key) in enumerate(scenes.items()):
        ax = figure.add_axes((i / 2, 0.0, 1 / 2, 0.9))
        cx = key.hip_xy[0]
        _panel(ax, key.label, (cx - 0.75, cx + 0.75), (-0.24, 1.95))
        _ground(ax, cx - 0.75, cx + 0.75)
        points = _draw(ax, key, linewidth=2.5)
        contact = points[key.anchor]
        ax.add_patch(Circle(tuple(contact), 0.035, color=PALETTE[kind], zorder=6))
        hip = points["hip"]
        ax.plot([hip[0], hip[0]], [hip[1], 0.0], color=PALETTE["reference"], lw=1.2, ls="--", zorder=1)
        ax.text(cx, -0.13, f"lands {100 * (contact[0] - hip[0]):.0f} cm ahead of the hip\n"
                "(illustrative: the same in both panels)", ha="center", va="center", fontsize=7.5)
    _save_png(figure, path)
