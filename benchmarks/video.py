"""How fast is analyse_video on the demo clip? Decoding and pose estimation per frame, against the clip's duration.

Run: ``.venv/bin/python benchmarks/video.py`` (needs the ``pose`` extra; fetches the demo clip once).
Goal: faster than real time on 2 cores.
"""

import time

from widgets.model.stride import analyse_landmarks
from widgets.video import clips, demo, pose
from widgets.video.analysis import POSE_WIDTH


def main():
    path = demo.demo_clip_path()
    info = clips.clip_info(path)
    scale = min(1.0, POSE_WIDTH / info.width)
    start = time.perf_counter()
    frames = list(clips.iter_frames(path, max_width=POSE_WIDTH))
    decode_s = time.perf_counter() - start
    if not pose.pose_available():
        print(f"decode: {1000 * decode_s / len(frames):.1f} ms/frame; pose extra not installed")
        return
    start = time.perf_counter()
    table, total, with_person = pose.estimate_landmarks(frames, scale=scale)
    pose_s = time.perf_counter() - start
    start = time.perf_counter()
    analyse_landmarks(table, info.fps, frames_with_person=with_person)
    analysis_s = time.perf_counter() - start
    whole = decode_s + pose_s + analysis_s
    print(f"demo clip: {info.frames} frames, {info.width}x{info.height}, {info.duration_s:.2f} s of video")
    print(f"decode {1000 * decode_s / total:.1f} ms/frame, pose {1000 * pose_s / total:.1f} ms/frame, "
          f"analysis {1000 * analysis_s:.0f} ms in all")
    print(f"total {whole:.2f} s = {whole / info.duration_s:.2f} x the clip's duration "
          f"({'faster' if whole < info.duration_s else 'slower'} than real time)")


if __name__ == "__main__":
    main()
