"""Fixtures of the video tests: the demo clip and the pose extra, both required in CI.

The demo clip (a person walking past a side-view camera; Sports2D, BSD-3-Clause) is fetched
from its PyPI wheel once, checked by hash and cached (widgets.video.demo). The README's test
command installs the ``pose`` extra. Where the clip cannot be fetched or the extra is missing,
the tests that need them skip on a laptop and fail under CI (support.capability).
"""

import pytest

from support.capability import unavailable
from widgets.video import demo, pose


@pytest.fixture(scope="session")
def demo_clip():
    try:
        return demo.demo_clip_path()
    except RuntimeError as error:
        unavailable(str(error))


@pytest.fixture(scope="session")
def pose_extra():
    if not pose.pose_available():
        unavailable("the pose extra is not installed (pip install -e '.[test]' installs it on Python 3.10-3.12)")
