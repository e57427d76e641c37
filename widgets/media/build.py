"""Build the course's drill media (the repository's ``exercises_media/``) from the model.

Run from anywhere::

    python -m widgets.media.build [OUTPUT_DIR]   # default: exercises_media/ of the checkout you run from

Steps, in order:
1. For each entry of :data:`CATALOGUE`, draw the medium into ``OUTPUT_DIR`` with its
   ``render_*`` function (:mod:`widgets.media.render`, key poses from
   :mod:`widgets.media.poses`, the same body model the explorers draw).
2. Write ``manifest.json``: one entry per id with file, title, alt text, the lessons
   that show it and its kind, in a fixed order.
3. Read the manifest back with :func:`widgets.media.show.load_manifest`, which checks
   every entry, and print each file's size.

From an installed (not editable) package there is no source folder, so an
``OUTPUT_DIR`` is required: the media of an installation are never rebuilt in place.

The output is deterministic: two builds give byte-identical files with the same
matplotlib, Pillow and numpy versions.
"""

from __future__ import annotations

import json
import sys
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from . import poses, render
from .show import MANIFEST_NAME, load_manifest, source_media_dir


def _toe_off_alt() -> str:
    """Alt text of the toe-off figure, with the model's numbers so the two never disagree."""
    full, tilt, rotation = poses.toe_off_scenes()
    extra_tilt = tilt.pelvic_tilt_deg - full.pelvic_tilt_deg
    return (f"Side views of a runner at toe-off with, below each, the pelvis seen from above as a bar between the "
            f"hip joints. Left: full hip extension of {full.hip_extension_deg:.0f} degrees, pelvis square. Middle: "
            f"{tilt.hip_extension_deg:.0f} degrees of extension made up by about {extra_tilt:.1f} degrees of extra "
            f"anterior pelvic tilt, invisible from above. Right: the same shortfall made up by rotating the pelvis "
            f"about {rotation.pelvic_rotation_deg:.0f} degrees, moving the push-off hip about "
            f"{100 * rotation.push_off_hip_back_m:.1f} cm back.")


@dataclass(frozen=True)
class MediaSpec:
    id: str
    suffix: str
    title: str
    alt: str
    lessons: tuple[str, ...]
    kind: str
    render: Callable[[Path], None]

    @property
    def file(self) -> str:
        return f"{self.id}{self.suffix}"

    def manifest_entry(self) -> dict:
        return {"id": self.id, "file": self.file, "title": self.title, "alt": self.alt,
                "lessons": list(self.lessons), "kind": self.kind}


CATALOGUE: tuple[MediaSpec, ...] = (
    MediaSpec(
        "walking_spiderman", ".gif", "The Walking Spiderman, one step on each side",
        "Animated stick figure seen from the side doing the Walking Spiderman: from standing it steps into "
        "a long lunge, lowers the elbow on the front leg's side toward the front heel with the other hand on "
        "the floor, drives up off the front foot, brings the trailing leg through and repeats on the other side.",
        ("04",), "animation", render.render_walking_spiderman),
    MediaSpec(
        "walking_spiderman_steps", ".png", "Walking Spiderman: the five steps",
        "Five side-view stick-figure panels in order: 1 a long lunge with the right leg forward; 2 the right "
        "elbow lowered toward the right heel, left hand on the floor; 3 standing up on the front foot; "
        "4 the left knee brought forward through; 5 the same on the other side, left leg forward and left "
        "elbow down.",
        ("04",), "keyframe_strip", render.render_walking_spiderman_steps),
    MediaSpec(
        "kneeling_hip_flexor_stretch", ".png", "Kneeling hip-flexor stretch: set-up, fault and cue",
        "Three side-view panels of a half-kneeling stick figure with the right knee on the floor and the left "
        "foot flat in front. The pelvis is drawn as an orange bar: level in the set-up, tipped forward with the "
        "low back arched in the fault (little hip extension), and tucked under in the cue, which puts the back "
        "hip into extension.",
        ("02", "04"), "comparison", render.render_kneeling_hip_flexor_stretch),
    MediaSpec(
        "glute_bridge", ".png", "Glute bridge: start and top",
        "Two side-view panels of a stick figure lying on its back: at the start the knees are bent with feet "
        "flat and hips on the floor; at the top the hips are lifted until shoulders, hips and knees form one "
        "straight line, marked by a dashed line.",
        ("04",), "comparison", render.render_glute_bridge),
    MediaSpec(
        "modified_thomas_test", ".png", "Modified Thomas test: negative against positive",
        "Two side-view panels of a person lying on their back at the end of a table, hugging the left knee to "
        "the chest while the right leg hangs off the edge. Negative: the right thigh (green) drops below the "
        "dotted horizontal line. Positive: the right thigh (purple) stays above horizontal.",
        ("02",), "comparison", render.render_modified_thomas_test),
    MediaSpec(
        "toe_off_compensation", ".png", "Toe-off: full hip extension, extra tilt, or rotation",
        _toe_off_alt(), ("03",), "comparison", render.render_toe_off_compensation),
    MediaSpec(
        "running_stride", ".gif", "One running stride with toe-off marked",
        "Animated side-view stick figure running in place over a moving ground line through one full stride. "
        "A bar below tracks the gait cycle with each foot's stance shaded; the animation pauses at toe-off, at "
        f"{poses.TOE_OFF_PERCENT:.0f} percent of the cycle, where the right toes are circled as they leave the "
        "ground.",
        ("01",), "animation", render.render_running_stride),
    MediaSpec(
        "foot_strike", ".png", "Foot strike at landing: rearfoot against forefoot",
        "Two side-view panels of a runner at the instant of landing, the foot touching down the same "
        f"distance ahead of the hip in both ({100 * poses.FOOT_STRIKE_LANDING_AHEAD_M:.0f} cm, an illustrative "
        "figure): the panels compare how the foot meets the ground, not where. Left: rearfoot strike, the heel "
        "touches down first with the toes raised, marked by an orange-red dot. Right: forefoot strike, the ball "
        "of the foot touches down first with the toes pointed down and the knee a little more bent, marked by a "
        "blue dot.",
        ("05",), "comparison", render.render_foot_strike),
)


def build(output_dir: Path | str) -> list[dict]:
    """Build every medium into ``output_dir`` and write the manifest; return its checked entries."""
    output = Path(output_dir)
    output.mkdir(parents=True, exist_ok=True)
    for spec in CATALOGUE:
        spec.render(output / spec.file)
    entries = [spec.manifest_entry() for spec in CATALOGUE]
    (output / MANIFEST_NAME).write_text(json.dumps(entries, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
    return load_manifest(str(output))


def main(argv: list[str] | None = None) -> int:
    args = sys.argv[1:] if argv is None else argv
    if len(args) > 1 or (args and args[0] in ("-h", "--help")):
        print(__doc__)
        return 0 if args and args[0] in ("-h", "--help") else 2
    output = Path(args[0]) if args else source_media_dir()
    if output is None:
        print("This is an installed copy of the course, not a source checkout: give the folder to build into, "
              "for example: python -m widgets.media.build ./exercises_media", file=sys.stderr)
        return 2
    import matplotlib

    # The renderers draw on Agg canvases without pyplot; this only keeps a stray pyplot call from opening a window.
    matplotlib.use("Agg")
    for entry in build(output):
        size_kb = (output / entry["file"]).stat().st_size / 1024
        print(f"{entry['file']:32s} {size_kb:7.1f} KB  lessons {','.join(entry['lessons'])}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
