"""The runner profile: enter your height, mass and usual pace once; every explorer starts there.

Optionally it also keeps the result of a modified Thomas test (thigh angle to the
horizontal, knee flexion of the hanging leg, whether the pelvis moved), which the
Thomas test explorer starts from. The test says little about the hip extension a
stride uses (Schache, Blanch & Murphy 2000, Br J Sports Med 34:279; moderate), so
the profile stores it for the learner's own reference and never feeds it to the model.

It may also keep a stride measured on video in lesson 07 (``stride_*`` fields, see
``STRIDE_FIELDS``): thigh extension at toe-off, contact time and steps per side, cadence,
the smallest detectable difference of each, the gait and the frame rate. They are
written by :func:`widgets.explorers.from_stride.save_stride_to_profile`, shown by
``stride_summary()`` and the form, and never fed to the model either: only
``explore_my_stride`` starts an explorer from a measurement, saying so. All are optional
(None), so files written before they existed load unchanged and the format version stays 1
(an older copy of the course reading a newer file ignores them with a warning).

This module is the pure part: the dataclass, pace parsing and the file store. It
imports only the standard library, ``jupyter_core`` (for the config folder) and the
model layer, so ``load_profile`` never pulls in ipywidgets or matplotlib. The form is
:class:`widgets.learner.profile_editor.ProfileEditor`.

Where it is stored: ``<jupyter config dir>/running-technique/profile.json``
(``jupyter_core.paths.jupyter_config_dir()``, usually ``~/.jupyter``); the environment
variable ``RUNNING_COURSE_PROFILE`` names another file (tests use it).

The contract with the explorers (``widgets.explorers.base`` calls ``load_profile`` in
every constructor):

- ``load_profile`` never raises. A missing file gives the defaults silently. Any other
  file it cannot fully use (unreadable, not UTF-8, not JSON, nested too deeply, too
  large, a newer format version, unknown keys, wrong types, out-of-range values) gives
  the defaults, or the fields that are valid, plus a warning naming the file and the
  problem, which the explorer shows.
- ``save_profile`` writes a unique temporary file in the same folder, flushes it to
  disk and renames it over the old file, so the old file is either kept whole or
  replaced whole. On any ``OSError`` (read-only or missing folder, the path is a
  folder, its parent is a file, a full disk) it removes the temporary file, keeps the
  old file and raises :class:`ProfileStorageError` with a plain reason.
- ``reset_profile`` deletes the file; a failure raises :class:`ProfileStorageError`.

API::

    loaded = load_profile()          # ProfileLoad(profile=RunnerProfile(...), warning=None)
    loaded.profile.model_inputs()    # {"height_m": 1.75, "mass_kg": 70.0, "speed_m_s": 3.3}
    save_profile(RunnerProfile.from_pace(1.68, 58, "5:30"))
    reset_profile()
"""

from __future__ import annotations

import difflib
import errno
import json
import math
import os
import re
import reprlib
import tempfile
from dataclasses import asdict, dataclass, fields
from pathlib import Path
from typing import Any, Optional

from ..model.mechanics import PARAMETERS
from ..model.thomas import (
    KNEE_FLEXION_LIMITS_DEG,
    PELVIS_ANSWERS,
    THIGH_ANGLE_LIMITS_DEG,
)
from ..model.validation import number_in_range, one_of, whole_number_in_range

__all__ = [
    "ENV_VAR", "FORMAT_VERSION", "MAX_FILE_BYTES", "ProfileLoad", "ProfileStorageError", "RunnerProfile",
    "load_profile", "pace_to_speed_m_s", "profile_path", "reset_profile", "save_profile", "speed_to_pace",
]

ENV_VAR = "RUNNING_COURSE_PROFILE"
#: The file format this code writes and the newest it reads.
FORMAT_VERSION = 1
#: A profile is a few hundred bytes; anything far larger is not one of ours.
MAX_FILE_BYTES = 64 * 1024

_PACE = re.compile(r"^\s*(\d{1,2})\s*:\s*([0-5]\d)\s*$")
_NUMBER_FIELDS = ("height_m", "mass_kg", "speed_m_s")
_THOMAS_ANGLE_FIELDS = ("thomas_thigh_angle_deg", "thomas_knee_flexion_deg")
#: The measured stride's fields: name -> (low, high, unit). Ranges are what a clip can
#: plausibly give (a hand-edited file outside them is refused field by field), not norms.
STRIDE_FIELDS: dict[str, tuple[float, float, str]] = {
    "stride_thigh_extension_left_deg": (-90.0, 90.0, "deg"),
    "stride_thigh_extension_right_deg": (-90.0, 90.0, "deg"),
    "stride_thigh_extension_left_sd_deg": (0.0, 90.0, "deg"),
    "stride_thigh_extension_right_sd_deg": (0.0, 90.0, "deg"),
    "stride_thigh_extension_sdd_deg": (0.0, 90.0, "deg"),
    "stride_contact_time_left_s": (0.0, 5.0, "s"),
    "stride_contact_time_right_s": (0.0, 5.0, "s"),
    "stride_contact_time_sdd_s": (0.0, 1.0, "s"),
    "stride_steps_left": (0, 100_000, "steps"),
    "stride_steps_right": (0, 100_000, "steps"),
    "stride_cadence_steps_min": (20.0, 400.0, "steps/min"),
    "stride_cadence_sdd_steps_min": (0.0, 400.0, "steps/min"),
    "stride_fps": (5.0, 1000.0, "frames/s"),
}
#: Whole-number stride fields (counts).
_STRIDE_COUNTS = ("stride_steps_left", "stride_steps_right")
#: What the stride_gait field may say (the analysis's two answers).
STRIDE_GAITS = ("walking", "running")


def _limits(name: str) -> tuple[float, float, str]:
    spec = PARAMETERS[name]
    return spec.low, spec.high, spec.unit


def pace_to_speed_m_s(pace_min_per_km: str) -> float:
    """Speed in m/s from a pace written as ``"m:ss"`` per kilometre (``"5:00"`` -> 3.33)."""
    match = _PACE.match(pace_min_per_km) if isinstance(pace_min_per_km, str) else None
    if match is None:
        raise ValueError(f"pace={pace_min_per_km!r} is not a pace like '5:30' (minutes:seconds per km)")
    seconds = int(match.group(1)) * 60 + int(match.group(2))
    if seconds == 0:
        raise ValueError(f"pace={pace_min_per_km!r} is zero; {_pace_range_text()}")
    return 1000.0 / seconds


def speed_to_pace(speed_m_s: float) -> str:
    """Pace per kilometre as ``"m:ss"`` (3.33 m/s -> ``"5:00"``)."""
    seconds = round(1000.0 / speed_m_s)
    return f"{seconds // 60}:{seconds % 60:02d}"


def _pace_range_text() -> str:
    low, high, _ = _limits("speed_m_s")
    # The fastest pace belongs to the highest speed; round inward so both ends are valid.
    fastest = math.ceil(1000.0 / high)
    slowest = math.floor(1000.0 / low)
    return (f"allowed paces are {fastest // 60}:{fastest % 60:02d}..{slowest // 60}:{slowest % 60:02d} "
            f"per km (speed {low:g}..{high:g} m/s, the range of the model's contact-time data)")


@dataclass(frozen=True)
class RunnerProfile:
    """The learner's numbers. Validated on creation: a bad value raises ValueError.

    ``thomas_thigh_angle_deg``: the hanging thigh's angle to horizontal in a modified
    Thomas test, positive above horizontal (the test reads positive), -30..45 deg.
    ``thomas_knee_flexion_deg``: knee flexion of the hanging leg, 0..140 deg.
    ``thomas_pelvis_moved``: "yes", "no" or "not sure". All three are optional (None).
    The Thomas limits and answers are those of :mod:`widgets.model.thomas`.
    """

    height_m: float = PARAMETERS["height_m"].default
    mass_kg: float = PARAMETERS["mass_kg"].default
    speed_m_s: float = PARAMETERS["speed_m_s"].default
    thomas_thigh_angle_deg: Optional[float] = None
    thomas_knee_flexion_deg: Optional[float] = None
    thomas_pelvis_moved: Optional[str] = None
    stride_thigh_extension_left_deg: Optional[float] = None
    stride_thigh_extension_right_deg: Optional[float] = None
    stride_thigh_extension_left_sd_deg: Optional[float] = None
    stride_thigh_extension_right_sd_deg: Optional[float] = None
    stride_thigh_extension_sdd_deg: Optional[float] = None
    stride_contact_time_left_s: Optional[float] = None
    stride_contact_time_right_s: Optional[float] = None
    stride_contact_time_sdd_s: Optional[float] = None
    stride_steps_left: Optional[int] = None
    stride_steps_right: Optional[int] = None
    stride_cadence_steps_min: Optional[float] = None
    stride_cadence_sdd_steps_min: Optional[float] = None
    stride_fps: Optional[float] = None
    stride_gait: Optional[str] = None

    def __post_init__(self) -> None:
        for name in _NUMBER_FIELDS:
            object.__setattr__(self, name, number_in_range(name, getattr(self, name), *_limits(name)))
        for name, (low, high) in zip(_THOMAS_ANGLE_FIELDS, (THIGH_ANGLE_LIMITS_DEG, KNEE_FLEXION_LIMITS_DEG)):
            value = getattr(self, name)
            if value is not None:
                object.__setattr__(self, name, number_in_range(name, value, low, high, "deg"))
        answer = self.thomas_pelvis_moved
        if answer is not None and not (isinstance(answer, str) and answer in PELVIS_ANSWERS):
            raise ValueError(f"thomas_pelvis_moved={answer!r} is not one of "
                             f"{', '.join(map(repr, PELVIS_ANSWERS))} (or None)")
        for name, (low, high, unit) in STRIDE_FIELDS.items():
            value = getattr(self, name)
            if value is None:
                continue
            if name in _STRIDE_COUNTS:
                object.__setattr__(self, name, whole_number_in_range(name, value, int(low), int(high), unit))
            else:
                object.__setattr__(self, name, number_in_range(name, value, low, high, unit))
        if self.stride_gait is not None:
            one_of("stride_gait", self.stride_gait, STRIDE_GAITS)

    @classmethod
    def from_pace(cls, height_m: float, mass_kg: float, pace_min_per_km: str, **thomas: Any) -> "RunnerProfile":
        """A profile from a pace such as ``"5:30"`` per km; an out-of-range pace names the allowed paces."""
        speed = pace_to_speed_m_s(pace_min_per_km)
        low, high, _ = _limits("speed_m_s")
        if not low <= speed <= high:
            raise ValueError(f"pace={pace_min_per_km!r} per km is speed_m_s={speed:.2f}, outside the "
                             f"allowed range; {_pace_range_text()}")
        return cls(height_m=height_m, mass_kg=mass_kg, speed_m_s=speed, **thomas)

    @property
    def pace_min_per_km(self) -> str:
        return speed_to_pace(self.speed_m_s)

    @property
    def has_thomas_test(self) -> bool:
        return self.thomas_thigh_angle_deg is not None

    @property
    def has_stride(self) -> bool:
        """Whether a stride measured on video is stored (lesson 07)."""
        return any(getattr(self, name) is not None for name in (*STRIDE_FIELDS, "stride_gait"))

    def stride_fields(self) -> dict[str, Any]:
        """The ``stride_*`` fields and their values (None where not measured), to carry over on a save."""
        return {name: getattr(self, name) for name in (*STRIDE_FIELDS, "stride_gait")}

    def stride_summary(self) -> str:
        """The measured stride in one or two sentences, each number with its smallest detectable difference."""
        if not self.has_stride:
            return "No measured stride saved yet (lesson 07 saves one from a video)."
        parts = []
        how = [text for text in (self.stride_gait, None if self.stride_fps is None else f"{self.stride_fps:g} fps")
               if text]
        gait = f" ({', '.join(how)})" if how else ""
        sdd = self.stride_thigh_extension_sdd_deg
        sdd_text = f" (smallest real change {sdd:g} deg)" if sdd is not None else ""
        sides = []
        for side in ("left", "right"):
            mean = getattr(self, f"stride_thigh_extension_{side}_deg")
            if mean is None:
                continue
            spread = getattr(self, f"stride_thigh_extension_{side}_sd_deg")
            steps = getattr(self, f"stride_steps_{side}")
            extra = ", ".join(x for x in (f"spread {spread:.1f}" if spread is not None else "",
                                          f"{steps} steps" if steps is not None else "") if x)
            sides.append(f"{side} {mean:.0f} deg" + (f" ({extra})" if extra else ""))
        if sides:
            parts.append(f"thigh extension at toe-off {', '.join(sides)}{sdd_text}")
        if self.stride_cadence_steps_min is not None:
            c_sdd = self.stride_cadence_sdd_steps_min
            parts.append(f"cadence {self.stride_cadence_steps_min:.0f} steps/min"
                         + (f" (+/- {c_sdd:.1f})" if c_sdd is not None else ""))
        contacts = [f"{side} {1000 * getattr(self, f'stride_contact_time_{side}_s'):.0f} ms"
                    for side in ("left", "right") if getattr(self, f"stride_contact_time_{side}_s") is not None]
        if contacts:
            t_sdd = self.stride_contact_time_sdd_s
            parts.append(f"contact time {', '.join(contacts)}"
                         + (f" (+/- {1000 * t_sdd:.0f} ms)" if t_sdd is not None else ""))
        return (f"Measured stride{gait}: {'; '.join(parts)}. Thigh extension is hip extension plus "
                f"pelvic tilt; the video cannot split them.")

    def model_inputs(self) -> dict[str, float]:
        """The inputs of ``widgets.mechanics.push_off`` this profile sets."""
        return {"height_m": self.height_m, "mass_kg": self.mass_kg, "speed_m_s": self.speed_m_s}

    def summary(self) -> str:
        text = (f"Runner profile: {self.height_m:.2f} m, {self.mass_kg:.0f} kg, usual pace "
                f"{self.pace_min_per_km} per km ({self.speed_m_s:.2f} m/s).")
        if self.has_thomas_test:
            knee = (f", knee bent {self.thomas_knee_flexion_deg:.0f} deg"
                    if self.thomas_knee_flexion_deg is not None else "")
            text += (f" Modified Thomas test: thigh {self.thomas_thigh_angle_deg:+.0f} deg to horizontal"
                     f"{knee} (kept for your reference; it says little about the hip extension your stride uses).")
        return text


@dataclass(frozen=True)
class ProfileLoad:
    """What ``load_profile`` found: the profile to use and, if the file was not fully usable, why."""

    profile: RunnerProfile
    warning: Optional[str] = None


class ProfileStorageError(OSError):
    """The profile file could not be written or deleted; ``reason`` says why in plain words.

    An ``OSError``, so code that caught the old ``PermissionError`` still catches it.
    The previous file, if any, is untouched.
    """

    def __init__(self, path: Path, reason: str, errno_: Optional[int] = None):
        super().__init__(reason)
        self.path = path
        self.reason = reason
        self.errno = errno_

    def __str__(self) -> str:
        return self.reason


def profile_path() -> Path:
    """Where the profile lives: ``$RUNNING_COURSE_PROFILE`` or the Jupyter config folder."""
    override = os.environ.get(ENV_VAR)
    if override:
        return Path(override).expanduser()
    from jupyter_core.paths import jupyter_config_dir

    return Path(jupyter_config_dir()) / "running-technique" / "profile.json"


# --- loading -------------------------------------------------------------------------

class _Unusable(Exception):
    """The file as a whole cannot be used; the message says why."""


def _read_text(path: Path) -> str:
    with open(path, "rb") as handle:
        data = handle.read(MAX_FILE_BYTES + 1)
    if len(data) > MAX_FILE_BYTES:
        raise _Unusable(f"it is larger than {MAX_FILE_BYTES // 1024} KiB, far too large for a runner profile")
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise _Unusable(f"it is not UTF-8 text ({exc.reason} at byte {exc.start})") from None


def _parse_json(text: str) -> dict:
    try:
        data = json.loads(text)
    except json.JSONDecodeError as exc:
        raise _Unusable(f"it is not valid JSON ({exc.msg}, line {exc.lineno})") from None
    except RecursionError:
        raise _Unusable("it is not a runner profile (its JSON is nested too deeply to read)") from None
    except ValueError as exc:  # e.g. an integer with too many digits
        raise _Unusable(f"it is not valid JSON ({exc})") from None
    if not isinstance(data, dict):
        raise _Unusable(f"expected a JSON object, found {type(data).__name__}")
    return data


def _check_version(data: dict) -> None:
    if "version" not in data:
        return  # written by hand: read it as the current format
    version = data["version"]
    if not isinstance(version, int) or isinstance(version, bool) or version < 1:
        raise _Unusable(f"version={_SHORT.repr(version)} is not a format version this course knows "
                        f"(it reads whole numbers up to {FORMAT_VERSION})")
    if version > FORMAT_VERSION:
        raise _Unusable(f"it was written in format version {version} by a newer copy of the course; this "
                        f"copy reads format version {FORMAT_VERSION} or older (update the course to use it)")


_SHORT = reprlib.Repr()
_SHORT.maxstring, _SHORT.maxother, _SHORT.maxlong, _SHORT.maxlevel = 40, 40, 20, 2
#: Whole numbers this large are no one's height, mass or pace (and would overflow a float).
_HUGE = 10**15


def _is_json_number(value: Any) -> bool:
    return isinstance(value, (int, float)) and not isinstance(value, bool)


def _field_problem(name: str, value: Any) -> Optional[str]:
    """Why ``value`` cannot be the field ``name``, or None if it can (types are checked strictly)."""
    optional = name.startswith(("thomas_", "stride_"))
    if value is None and optional:
        return None
    if name == "thomas_pelvis_moved":
        if isinstance(value, str) and value in PELVIS_ANSWERS:
            return None
        return f"thomas_pelvis_moved={_SHORT.repr(value)} is not one of {', '.join(map(repr, PELVIS_ANSWERS))}"
    if name == "stride_gait":
        if isinstance(value, str) and value in STRIDE_GAITS:
            return None
        return f"stride_gait={_SHORT.repr(value)} is not one of {', '.join(map(repr, STRIDE_GAITS))}"
    if not _is_json_number(value):
        return f"{name}={_SHORT.repr(value)} is not a number"
    if isinstance(value, int) and not -_HUGE < value < _HUGE:  # float() would overflow
        return f"{name}={_SHORT.repr(value)} is not a plausible number"
    try:
        RunnerProfile(**{name: value})
    except (ValueError, OverflowError) as exc:
        return str(exc)
    return None


def _profile_from_json(data: dict) -> tuple[RunnerProfile, list[str]]:
    """The profile from a parsed file, keeping every valid field, and the problems found."""
    known = [f.name for f in fields(RunnerProfile)]
    problems: list[str] = []
    values: dict[str, Any] = {}
    for key, value in data.items():
        if key == "version":
            continue
        if key not in known:
            close = difflib.get_close_matches(key[:40], known, n=1)
            hint = f" (did you mean {close[0]!r}?)" if close else ""
            problems.append(f"the unknown field {_SHORT.repr(key)} was ignored{hint}")
            continue
        problem = _field_problem(key, value)
        if problem is None:
            values[key] = value
        else:
            problems.append(f"{problem}, so the default is used")
    return RunnerProfile(**values), problems


def load_profile() -> ProfileLoad:
    """The saved profile, or the defaults (or the valid fields) with a warning. Never raises."""
    try:
        path = profile_path()
    except (OSError, RuntimeError, ValueError) as exc:  # e.g. "~nobody-here/profile.json"
        return ProfileLoad(RunnerProfile(), f"The runner profile file could not be located ({exc}). "
                                            f"The explorers use the default runner instead.")
    try:
        data = _parse_json(_read_text(path))
        _check_version(data)
        profile, problems = _profile_from_json(data)
    except FileNotFoundError:
        return ProfileLoad(RunnerProfile())
    except OSError as exc:
        return ProfileLoad(RunnerProfile(), _unusable(path, f"it could not be read ({_os_reason(exc)})"))
    except _Unusable as exc:
        return ProfileLoad(RunnerProfile(), _unusable(path, str(exc)))
    if not problems:
        return ProfileLoad(profile)
    return ProfileLoad(profile, (f"Your saved runner profile ({path}) was only partly used: "
                                 f"{'; '.join(problems)}. Save your numbers again to fix the file, "
                                 f"or press Reset."))


def _unusable(path: Path, reason: str) -> str:
    return (f"Your saved runner profile ({path}) could not be used: {reason}. "
            f"The explorers use the default runner instead; save your numbers again or press Reset.")


# --- saving and deleting -------------------------------------------------------------

_HINTS = {
    errno.EACCES: "you may not write to that folder",
    errno.EPERM: "you may not write to that folder",
    errno.EROFS: "the folder is on a read-only file system",
    errno.ENOSPC: "the disk is full",
    getattr(errno, "EDQUOT", errno.ENOSPC): "your disk quota is used up",
    errno.EISDIR: "that path is a folder, not a file",
    errno.ENOTDIR: "a part of that path is a file, not a folder",
    errno.EEXIST: "a part of that path is a file, not a folder",
    errno.ENOENT: "the folder does not exist and could not be created",
}
#: Errors another location would avoid: the message suggests the environment variable.
_ELSEWHERE = {errno.EACCES, errno.EPERM, errno.EROFS, errno.ENOSPC, getattr(errno, "EDQUOT", errno.ENOSPC)}


def _os_reason(exc: OSError) -> str:
    """An OSError in plain words, without the name of a temporary file."""
    return exc.strerror or str(exc) or type(exc).__name__


def _storage_error(path: Path, doing: str, exc: OSError) -> ProfileStorageError:
    reason = f"could not {doing} {path}: {_os_reason(exc)}"
    hint = _HINTS.get(exc.errno)
    if hint:
        reason += f" ({hint})"
    if exc.errno in _ELSEWHERE:
        reason += f"; to keep it elsewhere, set the environment variable {ENV_VAR} to a file you can write"
    return ProfileStorageError(path, reason, exc.errno)


def save_profile(profile: RunnerProfile) -> Path:
    """Write the profile as JSON, all or nothing, and return the path.

    A unique temporary file in the same folder is written, flushed to disk and renamed
    over the old file. On failure the temporary file is removed, the old file is kept and
    :class:`ProfileStorageError` (an ``OSError``) says why.
    """
    if not isinstance(profile, RunnerProfile):
        raise TypeError(f"profile={profile!r} is not a RunnerProfile")
    path = profile_path()
    # A stride not measured is left out, so a file without one reads the same in older copies.
    data = {name: value for name, value in asdict(profile).items()
            if value is not None or not name.startswith("stride_")}
    text = json.dumps({"version": FORMAT_VERSION, **data}, indent=2) + "\n"
    temporary: Optional[str] = None
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        descriptor, temporary = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
        with os.fdopen(descriptor, "w", encoding="utf-8") as handle:
            handle.write(text)
            handle.flush()
            os.fsync(handle.fileno())
        os.replace(temporary, path)
        temporary = None
    except OSError as exc:
        raise _storage_error(path, "save", exc) from exc
    finally:
        if temporary is not None:  # failed (or interrupted) before the rename
            try:
                os.unlink(temporary)
            except OSError:
                pass
    _sync_folder(path.parent)
    return path


def _sync_folder(folder: Path) -> None:
    """Make the rename itself durable where the platform allows (best effort: the file is saved)."""
    try:
        descriptor = os.open(folder, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(descriptor)
    except OSError:
        pass
    finally:
        os.close(descriptor)


def reset_profile() -> RunnerProfile:
    """Forget the saved profile; the explorers go back to the default runner.

    Raises :class:`ProfileStorageError` if the file exists and cannot be deleted.
    """
    path = profile_path()
    try:
        path.unlink(missing_ok=True)
    except OSError as exc:
        raise _storage_error(path, "delete", exc) from exc
    return RunnerProfile()
