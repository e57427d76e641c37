"""How fast is analyse_video on the demo clip? Decoding and pose estimation per frame, against the clip's duration.

Run: ``.venv/bin/python benchmarks/video.py`` (needs the ``pose`` extra; fetches the demo clip once).
Goal: faster than real time on 2 cores. Prints, in one run: decoding alone and pose estimation
alone (ms per frame, wall and CPU), then the whole ``analyse_video`` as a learner runs it (decoding
in a background thread overlaps pose estimation) against the clip's own duration.
"""

import resource
import time

from widgets.video import clips, demo, pose
from widgets.video.analysis import POSE_WIDTH, analyse_video


def _cpu_s() -> float:
    usage = resource.getrusage(resource.RUSAGE_SELF)
    return usage.ru_utime + usage.ru_stime


def _timed(work):
    wall, cpu = time.perf_counter(), _cpu_s()
    result = work()
    return result, time.perf_counter() - wall, _cpu_s() - cpu


def main():
    path = demo.demo_clip_path()
    info = clips.clip_info(path)
    scale = min(1.0, POSE_WIDTH / info.width)
    frames, decode_s, decode_cpu = _timed(lambda: list(clips.iter_frames(path, max_width=POSE_WIDTH)))
    n = len(frames)
    print(f"demo clip: {info.frames} frames, {info.width}x{info.height}, {info.duration_s:.2f} s of video")
    print(f"decode alone: {1000 * decode_s / n:.1f} ms/frame wall, {1000 * decode_cpu / n:.1f} ms/frame CPU")
    if not pose.pose_available():
        print("pose extra not installed: pose estimation not measured")
        return
    _, pose_s, pose_cpu = _timed(lambda: pose.estimate_landmarks(frames, scale=scale))
    print(f"pose alone: {1000 * pose_s / n:.1f} ms/frame wall, {1000 * pose_cpu / n:.1f} ms/frame CPU")
    report, whole_s, whole_cpu = _timed(lambda: analyse_video(path, landmarks="pose"))
    print(f"analyse_video (decode overlapped with pose): {whole_s:.2f} s wall, {whole_cpu:.2f} s CPU, "
          f"{1000 * whole_s / n:.1f} ms/frame; {len(report.steps)} steps, {report.gait}")
    print(f"= {whole_s / info.duration_s:.2f} x the clip's duration "
          f"({'faster' if whole_s < info.duration_s else 'slower'} than real time)")


if __name__ == "__main__":
    main()
