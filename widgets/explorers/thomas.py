"""Reading your own modified Thomas test, with what the test can and cannot tell you.

The modified Thomas test: lie on your back at the end of a bench, hug one knee to the
chest and let the other leg hang. It counts as *positive* when the hanging thigh
cannot reach horizontal (stays above it). Its limits are part of any honest reading:

- Without control of pelvic tilt it picked out hip-extension deficits poorly:
  sensitivity about 32 %, specificity about 57 % (Vigotsky et al. 2016, "The
  modified Thomas test is not a valid measure of hip extension unless pelvic tilt
  is controlled", PeerJ 4:e2325; moderate).
- Its pass/fail reliability between testers is poor, kappa 0.33-0.40 (Peeler &
  Anderson 2008, J Athl Train 43:470; moderate).
- In elite runners it correlated with neither running pelvic tilt nor running hip
  extension (Schache, Blanch & Murphy 2000, Br J Sports Med 34:279; moderate).

Reading the hanging knee to tell a one-joint (iliopsoas) pattern from a two-joint
(rectus femoris) pattern is a clinical convention; the knee cut-off used here
(``KNEE_FLEXION_CUTOFF_DEG``) is approximate and unverified.

:func:`interpret_thomas_test` is pure (numbers in, words out);
:class:`ThomasTestExplorer` lets a learner enter their angles and draws the posture.
"""

from __future__ import annotations

from dataclasses import dataclass

import ipywidgets as W
import numpy as np
from matplotlib.figure import Figure
from matplotlib.patches import Rectangle

from ..drawing import StickFigureArtist
from .base import Explorer
from ..drawing.palette import PALETTE
from ..model.body import ArmAngles, LegAngles, Pose
from ..model.validation import number_in_range

#: Thigh angle to horizontal the explorer accepts (deg; + above, - below).
THIGH_ANGLE_LIMITS_DEG = (-30.0, 45.0)
#: Knee flexion of the hanging leg the explorer accepts (deg; 0 = straight).
KNEE_FLEXION_LIMITS_DEG = (0.0, 140.0)
#: A hanging knee bent less than this is commonly read as a rectus femoris pattern.
#: Clinical convention, approximate; evidence: unverified.
KNEE_FLEXION_CUTOFF_DEG = 80.0
#: Answers to "did your lower back arch or your pelvis tilt during the test?"
PELVIS_ANSWERS = ("not sure", "no", "yes")

LIMITS_TEXT = (
    "Limits: this is a passive test lying down, not a measure of how your stride uses "
    "hip extension. Without pelvic control it found hip-extension deficits poorly "
    "(sensitivity about 32 %, specificity about 57 %; Vigotsky et al. 2016, evidence: "
    "moderate); its pass/fail result is poorly repeatable, between and within testers "
    "(kappa 0.33-0.40; Peeler & Anderson 2008, moderate); and in elite runners the test correlated with neither "
    "running pelvic tilt nor running hip extension (Schache et al. 2000, moderate). "
    "It is not a diagnosis: see a physiotherapist for pain or a persistent problem."
)


@dataclass(frozen=True)
class ThomasReading:
    """What a modified Thomas test result may suggest, in words."""

    thigh_angle_deg: float
    knee_flexion_deg: float
    pelvis_moved: str
    positive: bool
    pattern: str  # "none", "iliopsoas", "rectus_femoris" or "mixed"
    finding: str
    pattern_note: str
    pelvis_note: str

    def text(self) -> str:
        parts = [self.finding, self.pattern_note, self.pelvis_note, LIMITS_TEXT]
        return " ".join(p for p in parts if p)


def interpret_thomas_test(thigh_angle_deg: float, knee_flexion_deg: float,
                          pelvis_moved: str = "not sure") -> ThomasReading:
    """Interpret a modified Thomas test: finding, knee pattern, pelvic caveat.

    Parameters
    ----------
    thigh_angle_deg : angle of the hanging thigh to horizontal, -30..45 deg; positive
        above horizontal (thigh could not drop), negative below.
    knee_flexion_deg : knee flexion of the hanging leg, 0..140 deg (0 = straight).
    pelvis_moved : "yes", "no" or "not sure": did the lower back arch or the pelvis tilt?

    Returns
    -------
    ThomasReading
        Positive when the thigh stays above horizontal (Vigotsky et al. 2016). The knee
        pattern uses ``KNEE_FLEXION_CUTOFF_DEG`` (a convention, unverified): thigh up
        with the knee bent past the cut-off suggests a one-joint (iliopsoas) pattern;
        the knee staying straighter than the cut-off suggests rectus femoris (it
        crosses hip and knee); both together are mixed.

    Raises
    ------
    ValueError
        For an angle outside its range or an unknown ``pelvis_moved`` answer.
    """
    thigh = number_in_range("thigh_angle_deg", thigh_angle_deg, *THIGH_ANGLE_LIMITS_DEG, "deg")
    knee = number_in_range("knee_flexion_deg", knee_flexion_deg, *KNEE_FLEXION_LIMITS_DEG, "deg")
    if pelvis_moved not in PELVIS_ANSWERS:
        raise ValueError(f"pelvis_moved={pelvis_moved!r} is not one of {PELVIS_ANSWERS}")
    positive = thigh > 0.0
    knee_straight = knee < KNEE_FLEXION_CUTOFF_DEG

    where = (f"{thigh:.0f} deg above horizontal" if thigh > 0 else
             "level with horizontal" if thigh == 0 else f"{-thigh:.0f} deg below horizontal")
    if positive:
        finding = (f"Your thigh rested {where}, so by the usual rule (the thigh cannot reach "
                   f"horizontal) the test reads positive: the hip flexors' passive length may "
                   f"limit hip extension when you lie like this.")
    else:
        finding = (f"Your thigh rested {where}, so by the usual rule the test reads negative: "
                   f"the thigh reached horizontal.")

    if positive and not knee_straight:
        pattern = "iliopsoas"
        pattern_note = (f"Your knee bent {knee:.0f} deg (at least about "
                        f"{KNEE_FLEXION_CUTOFF_DEG:.0f} deg), so the limit is not at the knee: "
                        f"this is the pattern usually linked with the one-joint hip flexor, "
                        f"iliopsoas.")
    elif positive:
        pattern = "mixed"
        pattern_note = (f"Your knee bent only {knee:.0f} deg (under about "
                        f"{KNEE_FLEXION_CUTOFF_DEG:.0f} deg) as well: rectus femoris, which "
                        f"crosses both hip and knee, may contribute, with or without iliopsoas.")
    elif knee_straight:
        pattern = "rectus_femoris"
        pattern_note = (f"Your knee bent only {knee:.0f} deg (under about "
                        f"{KNEE_FLEXION_CUTOFF_DEG:.0f} deg): this is the pattern usually "
                        f"linked with rectus femoris, the hip flexor that also crosses the knee.")
    else:
        pattern = "none"
        pattern_note = (f"Your knee bent {knee:.0f} deg, so no knee pattern either.")
    pattern_note += (f" (The knee cut-off of about {KNEE_FLEXION_CUTOFF_DEG:.0f} deg is a "
                     f"clinical convention; evidence: unverified.)")

    if pelvis_moved == "yes":
        pelvis_note = ("Your lower back arched or your pelvis tilted: that lets the thigh drop "
                       "further than the hip alone allows, so the reading is less trustworthy "
                       "and a negative result may hide a limit. Repeat with the hugged knee "
                       "held firmly to keep the lower back flat.")
    elif pelvis_moved == "no":
        pelvis_note = ("You kept the lower back flat, which is how the test should be done; "
                       "its limits below still apply.")
    else:
        pelvis_note = ("If your lower back arched or your pelvis tilted, the thigh could drop "
                       "further than the hip alone allows; the test is much less accurate "
                       "without pelvic control.")
    return ThomasReading(thigh, knee, pelvis_moved, positive, pattern, finding,
                         pattern_note, pelvis_note)


#: Bench top height in the drawing (m) and how far the hip joint sits above it.
_BENCH_TOP_M = 0.70
_HIP_ABOVE_BENCH_M = 0.10


def thomas_test_pose(thigh_angle_deg: float, knee_flexion_deg: float) -> Pose:
    """The modified Thomas test posture, lying supine with the head toward -x.

    Angles in :mod:`widgets.stick_figure` are from straight down, forward (+x)
    positive, so a thigh at ``a`` deg above horizontal points ``90 + a`` deg. The
    far leg is hugged to the chest, both hands round the shin; the near leg hangs
    over the bench end.
    """
    return Pose(
        trunk_lean_deg=-90.0,
        neck_flexion_deg=15.0,
        near_leg=LegAngles(hip_flexion_deg=90.0 + thigh_angle_deg,
                           knee_flexion_deg=knee_flexion_deg, ankle_plantarflexion_deg=20.0),
        far_leg=LegAngles(hip_flexion_deg=235.0, knee_flexion_deg=135.0,
                          ankle_plantarflexion_deg=100.0),
        near_arm=ArmAngles(shoulder_flexion_deg=63.0, elbow_flexion_deg=-63.0),
        far_arm=ArmAngles(shoulder_flexion_deg=60.0, elbow_flexion_deg=-60.0),
    )


def _profile_thomas_start() -> dict[str, object]:
    """The Thomas test result saved in the learner's runner profile, if there is one."""
    from ..learner.profile import load_profile

    profile = load_profile().profile
    saved = {"thigh_angle_deg": profile.thomas_thigh_angle_deg,
             "knee_flexion_deg": profile.thomas_knee_flexion_deg,
             "pelvis_moved": profile.thomas_pelvis_moved}
    return {name: value for name, value in saved.items() if value is not None}


class ThomasTestExplorer(Explorer):
    """Enter the angles of your own modified Thomas test; read what they may suggest."""

    figsize = (8.0, 4.0)
    title = "Your modified Thomas test"

    def __init__(self, *, use_profile: bool = True, **start_values):
        self._thomas_profile = _profile_thomas_start() if use_profile else {}
        super().__init__(use_profile=use_profile, **start_values)

    def _initial(self, name: str, default):
        return self.start_value(name, self._thomas_profile.get(name, default))

    def _build_controls(self) -> dict[str, W.ValueWidget]:
        style = {"description_width": "initial"}
        layout = W.Layout(width="95%")
        low, high = THIGH_ANGLE_LIMITS_DEG
        thigh = W.FloatSlider(
            value=self._initial("thigh_angle_deg", 0.0), min=low, max=high, step=1.0,
            description="Thigh angle to horizontal (deg; + above, - below)",
            readout_format=".0f", style=style, layout=layout)
        low, high = KNEE_FLEXION_LIMITS_DEG
        knee = W.FloatSlider(
            value=self._initial("knee_flexion_deg", 80.0), min=low, max=high, step=1.0,
            description="Knee flexion of the hanging leg (deg)",
            readout_format=".0f", style=style, layout=layout)
        pelvis = W.ToggleButtons(
            options=list(PELVIS_ANSWERS), value=self._initial("pelvis_moved", "not sure"),
            description="Did your lower back arch or pelvis tilt?", style=style)
        return {"thigh_angle_deg": thigh, "knee_flexion_deg": knee, "pelvis_moved": pelvis}

    def reading(self) -> ThomasReading:
        values = self.values()
        return interpret_thomas_test(values["thigh_angle_deg"], values["knee_flexion_deg"],
                                     values["pelvis_moved"])

    def _build_artists(self, figure: Figure) -> None:
        ax = self.ax = figure.add_subplot()
        ax.set_aspect("equal")
        ax.set_axis_off()
        ax.set_xlim(-1.25, 1.0)
        ax.set_ylim(0.0, 1.55)
        ax.add_patch(Rectangle((-1.15, _BENCH_TOP_M - 0.06), 1.15, 0.06,
                               facecolor=PALETTE["reference"], edgecolor=PALETTE["body"]))
        ax.plot([-1.1, -1.1], [0.0, _BENCH_TOP_M - 0.06], [-0.05, -0.05],
                [0.0, _BENCH_TOP_M - 0.06], color=PALETTE["body"], lw=2)
        hip_y = _BENCH_TOP_M + _HIP_ABOVE_BENCH_M
        ax.plot([0.0, 0.8], [hip_y, hip_y], color=PALETTE["body"], lw=1, ls="--")
        ax.text(0.8, hip_y - 0.02, "horizontal", ha="right", va="top", fontsize=8)
        self.person = StickFigureArtist(ax, height_m=float(self.start_value("height_m", 1.75)))
        (self.angle_arc,) = ax.plot([], [], color=PALETTE["shortfall"], lw=2)
        self.angle_label = ax.text(0, 0, "", color=PALETTE["shortfall"], fontsize=10)
        self.verdict = ax.text(0.0, 1.0, "", transform=ax.transAxes, va="top", fontsize=10,
                               fontweight="bold")

    def _update_artists(self, values) -> None:
        thigh = values["thigh_angle_deg"]
        hip = (0.0, _BENCH_TOP_M + _HIP_ABOVE_BENCH_M)
        self.person.update(thomas_test_pose(thigh, values["knee_flexion_deg"]), hip_xy=hip)
        radius = 0.22
        angles = np.radians(np.linspace(0.0, thigh, 20))
        self.angle_arc.set_data(hip[0] + radius * np.cos(angles), hip[1] + radius * np.sin(angles))
        self.angle_label.set_position((hip[0] + radius + 0.03, hip[1] + (0.03 if thigh >= 0 else -0.08)))
        self.angle_label.set_text(f"{thigh:+.0f} deg")
        reading = self.reading()
        self.verdict.set_text(f"Test reads {'positive' if reading.positive else 'negative'}; "
                              f"knee {values['knee_flexion_deg']:.0f} deg")

    def figure_description(self) -> str:
        return ("A stick figure lies on its back at the end of a bench, hugging one knee to the "
                "chest; the other thigh hangs over the bench end at the entered angle to a dashed "
                "horizontal line, with the knee bent at the entered angle.")

    def summary(self) -> str:
        return self.reading().text()
