"""The interactive running-technique course: teaching model, explorers and self-checks.

``import widgets`` stays light: the explorers (which pull in ipywidgets and
matplotlib) load on first use through module ``__getattr__``.
"""

from .lazy import lazy_attributes

__version__ = "0.2.0"

_LAZY = {
    "push_off": "model.mechanics",
    "HipExtensionExplorer": "explorers.hip_extension",
    "GaitCycleExplorer": "explorers.gait_cycle",
    "CadenceExplorer": "explorers.cadence",
    "ThomasTestExplorer": "explorers.thomas",
    "RoutineBuilder": "explorers.routine",
    "FootStrikeExplorer": "explorers.foot_strike",
    "self_check": "learner.selfcheck",
    "StrideAnalyzer": "explorers.stride_analyzer",
    "ProfileEditor": "learner.profile_editor",
    "analyse_video": "video.analysis",
    "analyse_landmarks": "model.stride",
    "explore_my_stride": "explorers.from_stride",
    "save_stride_to_profile": "explorers.from_stride",
}

__all__ = sorted(_LAZY)

__getattr__, __dir__ = lazy_attributes(__name__, _LAZY)
