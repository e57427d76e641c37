"""``python -m widgets.video analyse CLIP [--csv OUT.csv] [--landmarks auto|manual|pose]``: print the summary."""

from __future__ import annotations

import argparse
import sys


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(prog="python -m widgets.video",
                                     description="Measure a stride from a side-view video clip.")
    commands = parser.add_subparsers(dest="command", required=True)
    analyse = commands.add_parser("analyse", help="analyse a clip and print what was found")
    analyse.add_argument("clip", help="the video file (.mp4, .mov, ...)")
    analyse.add_argument("--csv", help="write one row per step to this CSV file")
    analyse.add_argument("--landmarks", default="auto", choices=("auto", "manual", "pose"),
                         help="where the joints come from (default: pose estimation if installed, "
                              "else marks saved by the StrideAnalyzer)")
    analyse.add_argument("--mirror", action="store_true", help="analyse the clip flipped left-right")
    args = parser.parse_args(argv)
    from .analysis import analyse_video

    try:
        report = analyse_video(args.clip, landmarks=args.landmarks, mirror=args.mirror)
    except (FileNotFoundError, ValueError) as error:
        print(f"error: {error}", file=sys.stderr)
        return 2
    print(report.summary())
    if args.csv:
        report.to_csv(args.csv)
        print(f"{len(report.steps)} steps written to {args.csv}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
