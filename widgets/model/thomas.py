"""Reading your own modified Thomas test, with what the test can and cannot tell you.

The modified Thomas test: lie on your back at the end of a bench, hug one knee to the
chest and let the other leg hang. It counts as *positive* when the hanging thigh
cannot reach horizontal (stays above it). Its limits are part of any honest reading:

- Without control of pelvic tilt it picked out hip-extension deficits poorly:
  sensitivity about 32 %, specificity about 57 % (Vigotsky et al. 2016, "The
  modified Thomas test is not a valid measure of hip extension unless pelvic tilt
  is controlled", PeerJ 4:e2325; moderate).
- Its pass/fail reliability is poor: for the knee (rectus femoris) criterion kappa
  about 0.40 within and 0.33 between testers (Peeler & Anderson 2008, J Athl Train
  43:470; moderate); for the hip (iliopsoas) criterion about 0.47 and 0.39 (Peeler &
  Anderson 2007, Phys Ther Sport 8:14; moderate).
- In 14 elite athletes it correlated with neither running pelvic tilt nor running hip
  extension (Schache, Blanch & Murphy 2000, Br J Sports Med 34:279; moderate).
- With pelvic tilt controlled, its authors judged it a valid measure of peak hip
  extension (Vigotsky et al. 2016; moderate).

Reading the hanging knee to tell an iliopsoas pattern (the muscle does not cross the
knee) from a rectus femoris pattern (it does) is a clinical convention. The knee cut-off
used here (``KNEE_FLEXION_CUTOFF_DEG``, about 80 deg) is the classical clinical norm, not
a threshold measured in athletes: elite athletes averaged about 53 deg (Harvey 1998;
unverified), so many healthy athletes would read as a rectus femoris pattern at it.

:func:`interpret_thomas_test` turns numbers into words and :func:`thomas_test_pose`
into a posture; both are pure. The explorer is :mod:`widgets.explorers.thomas`.
"""

from __future__ import annotations

from dataclasses import dataclass, replace

import numpy as np

from .body import Pose, arm_reaching, joint_positions, leg_pointing
from .validation import number_in_range

#: Thigh angle to horizontal the explorer accepts (deg; + above, - below).
THIGH_ANGLE_LIMITS_DEG = (-30.0, 45.0)
#: Knee flexion of the hanging leg the explorer accepts (deg; 0 = straight).
KNEE_FLEXION_LIMITS_DEG = (0.0, 140.0)
#: A hanging knee bent less than this is commonly read as a rectus femoris pattern: the
#: classical clinical norm, not measured in athletes (Harvey 1998: about 53 deg in elite
#: athletes); evidence: unverified.
KNEE_FLEXION_CUTOFF_DEG = 80.0
#: Answers to "did your lower back arch or your pelvis tilt during the test?"
PELVIS_ANSWERS = ("not sure", "no", "yes")

LIMITS_TEXT = (
    "Limits: this is a passive test lying down, not a measure of how your stride uses "
    "hip extension. Without pelvic control it found hip-extension deficits poorly "
    "(sensitivity about 32 %, specificity about 57 %; Vigotsky et al. 2016, evidence: "
    "moderate); its pass/fail result is poorly repeatable, between and within testers "
    "(kappa 0.33-0.47 for the knee and hip criteria; Peeler & Anderson 2008; Peeler & "
    "Anderson 2007; evidence: moderate); and in elite athletes the test correlated with neither "
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
        with the knee bent past the cut-off suggests an iliopsoas pattern;
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
    positive, pattern = classify_thomas_test(thigh, knee)
    return ThomasReading(thigh, knee, pelvis_moved, positive, pattern, _finding_text(thigh),
                         _pattern_text(pattern, knee), _PELVIS_TEXT[pelvis_moved])


def classify_thomas_test(thigh_angle_deg: float, knee_flexion_deg: float) -> tuple[bool, str]:
    """(positive, knee pattern) for checked angles: the rule alone, apart from its wording.

    Positive when the thigh stays above horizontal; the pattern is ``"iliopsoas"`` (positive,
    knee bent past the cut-off), ``"mixed"`` (positive, knee straighter), ``"rectus_femoris"``
    (negative, knee straighter) or ``"none"``.
    """
    positive = thigh_angle_deg > 0.0
    knee_straight = knee_flexion_deg < KNEE_FLEXION_CUTOFF_DEG
    if positive:
        return True, "mixed" if knee_straight else "iliopsoas"
    return False, "rectus_femoris" if knee_straight else "none"


def _finding_text(thigh: float) -> str:
    where = (f"{thigh:.0f} deg above horizontal" if thigh > 0 else
             "level with horizontal" if thigh == 0 else f"{-thigh:.0f} deg below horizontal")
    if thigh > 0:
        return (f"Your thigh rested {where}, so by the usual rule (the thigh cannot reach "
                f"horizontal) the test reads positive: the hip flexors' passive length may "
                f"limit hip extension when you lie like this.")
    return f"Your thigh rested {where}, so by the usual rule the test reads negative: the thigh reached horizontal."


def _pattern_text(pattern: str, knee: float) -> str:
    cutoff = f"{KNEE_FLEXION_CUTOFF_DEG:.0f} deg"
    text = {
        "iliopsoas": (f"Your knee bent {knee:.0f} deg (at least about {cutoff}), so the limit is not at the "
                      f"knee: this is the pattern usually linked with iliopsoas, the hip flexor that does not "
                      f"cross the knee."),
        "mixed": (f"Your knee bent only {knee:.0f} deg (under about {cutoff}) as well: rectus femoris, which "
                  f"crosses both hip and knee, may contribute, with or without iliopsoas."),
        "rectus_femoris": (f"Your knee bent only {knee:.0f} deg (under about {cutoff}): this is the pattern "
                           f"usually linked with rectus femoris, the hip flexor that also crosses the knee."),
        "none": f"Your knee bent {knee:.0f} deg, so no knee pattern either.",
    }[pattern]
    return text + (f" (The knee cut-off of about {cutoff} is the classical clinical norm, not a threshold "
                   f"measured in athletes: elite athletes averaged about 53 deg (Harvey 1998; evidence: "
                   f"unverified), so many healthy athletes would read as a rectus femoris pattern at it.)")


_PELVIS_TEXT = {
    "yes": ("Your lower back arched or your pelvis tilted: that lets the thigh drop "
            "further than the hip alone allows, so the reading is less trustworthy "
            "and a negative result may hide a limit. Repeat with the hugged knee "
            "held firmly to keep the lower back flat."),
    "no": ("You kept the lower back flat, which is how the test should be done; "
           "its limits below still apply."),
    "not sure": ("If your lower back arched or your pelvis tilted, the thigh could drop "
                 "further than the hip alone allows; the test is much less accurate "
                 "without pelvic control."),
}


#: Height of the bench top (m) and of the hip joint above it, lying on the back (schematic).
BENCH_TOP_M = 0.75
HIP_ABOVE_BENCH_M = 0.09
#: Lying supine is a pelvis turned 90 deg back; hugging one knee flattens the low back a
#: little more (posterior tilt), as the test asks.
LYING_PELVIC_TILT_DEG = -98.0


def thomas_test_pose(thigh_angle_deg: float, knee_flexion_deg: float, height_m: float = 1.75) -> Pose:
    """The modified Thomas test posture, lying on the back with the head toward -x.

    The far leg is hugged to the chest with both hands round the knee; the near leg hangs
    over the bench end with its thigh ``thigh_angle_deg`` above horizontal (negative:
    below) and its knee bent ``knee_flexion_deg``; the foot hangs relaxed. Directions
    follow :func:`widgets.model.body.leg_pointing` (from straight down, forward positive),
    so a thigh ``a`` deg above horizontal points ``90 + a`` deg. Place the hip at
    ``(0, BENCH_TOP_M + HIP_ABOVE_BENCH_M)`` to lie on the bench.
    """
    thigh = number_in_range("thigh_angle_deg", thigh_angle_deg, *THIGH_ANGLE_LIMITS_DEG, "deg")
    knee = number_in_range("knee_flexion_deg", knee_flexion_deg, *KNEE_FLEXION_LIMITS_DEG, "deg")
    thigh_direction = 90.0 + thigh
    hanging = leg_pointing(thigh_direction, thigh_direction - knee, thigh_direction - knee + 80.0,
                           LYING_PELVIC_TILT_DEG)
    hugged = leg_pointing(200.0, 95.0, 185.0, LYING_PELVIC_TILT_DEG)
    pose = Pose(trunk_lean_deg=-90.0, pelvic_tilt_deg=LYING_PELVIC_TILT_DEG, neck_flexion_deg=8.0,
                near_leg=hanging, far_leg=hugged)
    points = joint_positions(pose, height_m)
    hands = arm_reaching(points["shoulder"], points["far_knee"] + np.array([0.02, -0.05]), height_m,
                         trunk_lean_deg=-90.0, elbow_out_forward=True)
    return replace(pose, near_arm=hands, far_arm=hands)
