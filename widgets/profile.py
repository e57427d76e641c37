"""Kept import path (``widgets.profile``) for notebooks already in learners' hands.

The code lives in :mod:`widgets.learner.profile` (the dataclass and the file store,
no display libraries) and :mod:`widgets.learner.profile_editor` (the ipywidgets form).
``from widgets.profile import load_profile`` stays light; ``ProfileEditor`` loads the
form module on first use.
"""

from importlib import import_module

from .learner.profile import (ENV_VAR, FORMAT_VERSION, MAX_FILE_BYTES, ProfileLoad, ProfileStorageError,
                              RunnerProfile, load_profile, pace_to_speed_m_s, profile_path, reset_profile,
                              save_profile, speed_to_pace)

_EDITOR_NAMES = ("ProfileEditor",)

__all__ = ["ENV_VAR", "FORMAT_VERSION", "MAX_FILE_BYTES", "ProfileEditor", "ProfileLoad", "ProfileStorageError",
           "RunnerProfile", "load_profile", "pace_to_speed_m_s", "profile_path", "reset_profile", "save_profile",
           "speed_to_pace"]


def __getattr__(name: str):
    if name in _EDITOR_NAMES:
        value = getattr(import_module(".learner.profile_editor", __package__), name)
        globals()[name] = value
        return value
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


def __dir__():
    return sorted(set(globals()) | set(__all__))
