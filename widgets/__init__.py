"""The interactive running-technique course: teaching model, explorers and self-checks.

``import widgets`` stays light: the explorers (which pull in ipywidgets and
matplotlib) load on first use through module ``__getattr__``.
"""

from importlib import import_module

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
}

__all__ = sorted(_LAZY)


def __getattr__(name: str):
    if name in _LAZY:
        value = getattr(import_module(f".{_LAZY[name]}", __name__), name)
        globals()[name] = value
        return value
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


def __dir__():
    return sorted(set(globals()) | set(_LAZY))
