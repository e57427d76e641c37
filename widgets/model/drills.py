"""The course's mobility and strength drills: one place for what each drill is and how to dose it.

Lesson 04 renders these as drill cards (``show_drill``) and the RoutineBuilder
(``widgets.routine``) builds weekly plans from the same records, so a cue or a dose
changes in one place only.

Where the evidence comes from (see the course's facts sheet and bibliography):
    No study of the Walking Spiderman itself was found: it is taught as a dynamic
    mobility drill and warm-up, not as proven to change running. In older adults a
    hip-flexor stretching programme gave a small gain in static hip extension, while the
    gain in walking hip extension was only a non-significant trend (Kerrigan et al. 2003;
    evidence: moderate); in a supervised trial walking hip extension and stride length
    rose only in those who were limited at the start (Watt et al. 2011; evidence:
    moderate). Six weeks of stretching raised passive hip range but not the range used in
    functional movements (Moreside & McGill 2013; evidence: moderate). Long static holds
    of 60 s or more per muscle just before fast or power work can briefly lower
    performance (Behm et al. 2016; evidence: moderate), so each card says when to do it.
    The doses below are the course's suggested starting points, not prescriptions tested
    in a study; the "who should ask first" lines are clinical convention (evidence: weak).

Each card carries ``who_should_ask_first`` (who should skip the drill or check with a
clinician first) and ``when`` (where in the week and the session it fits); both are shown
by ``drill_markdown`` and ``show_drill``.

Pure data and small functions; ``show_drill`` imports IPython only when called.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

from .validation import whole_number_in_range

#: Safety notes that apply to every drill (general guidance, not medical advice).
GENERAL_SAFETY: tuple[str, ...] = (
    "A mild, even stretch is fine; stop at once with sharp, pinching or shooting pain, "
    "numbness or tingling.",
    "If you are pregnant, injured, recovering from surgery or have a medical condition, "
    "ask a qualified health professional before you start.",
    "Pinching or aching deep in the groin or at the front of the hip is a stop sign, not "
    "a stretch: stop the drill and have the hip checked.",
    "After a hip replacement, follow your surgeon's or physiotherapist's movement "
    "precautions (after a posterior approach usually deep bending, crossing the leg and "
    "turning it in; after an anterior approach usually taking the leg far back and "
    "turning it out) and ask them before any drill here.",
    "Progress gradually: add a little each week, and go back a step if soreness lasts "
    "into the next day.",
    "Breathe normally. In a held stretch, never bounce at the end of the range; a swing "
    "drill is different: controlled swings that grow a little at a time are fine, but do "
    "not force or jerk the leg at the end of its swing.",
)

#: How strength work grows: by load and rest, not by ever more repetitions.
STRENGTH_PROGRESSION: str = (
    "Strength drills grow in small weekly steps up to the cap, then stop adding "
    "repetitions: the capped dose is a light endurance dose, not a strength dose. To keep "
    "getting stronger, make the drill harder instead (the single-leg version, a slower "
    "lowering, a weight held on the hips) and go back to the starting repetitions; leave at "
    "least a day between hard strength sessions for the same muscles."
)

#: How a plan's weekly growth is scaled: share of each drill's own weekly step.
PROGRESSIONS: dict[str, float] = {"hold": 0.0, "gentle": 0.5, "steady": 1.0}

#: Allowed plan lengths and training days (validated by ``dose_in_week`` and the plan).
MAX_WEEKS = 12
MAX_DAYS_PER_WEEK = 7


@dataclass(frozen=True)
class Dose:
    """How much of a drill to do per session, and how it grows.

    ``amount`` is reps (or steps) per set, or seconds of hold per set, per side when
    ``per_side``. It grows by ``weekly_step`` x the progression factor each week and
    never passes ``cap``. ``seconds_per_unit`` estimates session time (a rep of a slow
    drill takes a few seconds; a hold second is one second).
    """

    sets: int
    amount: int
    unit: str  # "reps", "steps" or "s hold"
    per_side: bool
    weekly_step: int
    cap: int
    seconds_per_unit: float


@dataclass(frozen=True)
class Evidence:
    """What is and is not known about a drill, with an evidence label and sources."""

    label: str  # strong | moderate | weak | disputed | unverified
    statement: str
    sources: tuple[str, ...]


@dataclass(frozen=True)
class Drill:
    """One drill: what it is for, how to do it, what goes wrong, how much, and the evidence."""

    id: str
    name: str
    kind: str  # "mobility" or "strength"
    purpose: str
    steps: tuple[str, ...]
    cues: tuple[str, ...]
    common_faults: tuple[str, ...]
    dose: Dose
    safety: tuple[str, ...]
    evidence: Evidence
    media_id: str | None = None
    #: Who should not do the drill, or should ask a clinician first (beyond GENERAL_SAFETY).
    who_should_ask_first: tuple[str, ...] = ()
    #: When in the week and the session the drill fits.
    when: str = ""


_NOT_TESTED_FOR_RUNNING = (
    "No study in the course's facts sheet tested this exercise for runners."
)

DRILLS: dict[str, Drill] = {
    d.id: d
    for d in (
        Drill(
            id="walking_spiderman",
            name="Walking Spiderman",
            kind="mobility",
            purpose=("A travelling lunge that takes the rear hip into extension while the "
                     "front hip flexes deeply: a dynamic mobility drill for the hip flexors "
                     "and a warm-up before running."),
            steps=(
                "Stand tall with clear floor ahead of you for about ten long paces.",
                "Take a big step forward with one leg and sink into a low lunge; the back "
                "leg stays long with its knee off the floor.",
                "Put the hand opposite the front leg on the floor for support, and lower "
                "the elbow of the front-leg side toward the inside of the front foot (aim "
                "for the heel), only as far as a long, flat back allows.",
                "Pause for one or two calm breaths, squeezing the buttock of the back leg; "
                "you should feel the front of the back hip open.",
                "Press through the whole front foot to stand up, and bring the back foot "
                "forward beside it.",
                "Lunge forward with the other leg and repeat, moving down the floor one "
                "side after the other.",
            ),
            cues=(
                "Breastbone forward and up, eyes a metre or two ahead.",
                "Long spine: the lower back neither rounds nor sags.",
                "Back leg straight and busy: squeeze that side's glute.",
                "Front knee points the same way as the front toes.",
            ),
            common_faults=(
                "Rounding the lower back to get the elbow lower: stop higher instead.",
                "Letting the pelvis tip forward and the lower back arch, which moves the "
                "stretch away from the hip flexors.",
                "A short step, so the back hip never reaches extension.",
                "Front knee caving inward or the front heel lifting.",
                "Rushing: bouncing through the bottom position.",
            ),
            dose=Dose(sets=2, amount=5, unit="steps", per_side=True, weekly_step=1,
                      cap=10, seconds_per_unit=6.0),
            safety=(
                "Keep the back knee off a hard floor; use a mat or shorten the step if "
                "the knee or groin complains.",
                "Go only as low as you can without a pinch at the front of the front hip; "
                "a hand on a low step or bench instead of the floor makes it easier.",
            ),
            evidence=Evidence(
                label="unverified",
                statement=("No study of the Walking Spiderman (or the similar \"world's "
                           "greatest stretch\") was found. Use it as a dynamic mobility drill "
                           "and warm-up; it has not been shown to improve running economy or "
                           "the hip extension you use while running."),
                sources=("Course facts sheet: no study found",
                         "Fitzgerald, \"3 Ways To Improve Your Running Technique\" "
                         "(where the drill is suggested, not evidence)"),
            ),
            media_id="walking_spiderman",
            who_should_ask_first=(
                "Hip impingement, a labral tear or groin pain: the front hip bends deeply, "
                "thigh toward the chest, the position most likely to pinch; ask a "
                "physiotherapist first and keep the lunge shallow.",
                "After a hip replacement: the deep bend of the front hip and the long reach "
                "back of the rear hip can break the usual precautions; ask your surgeon or "
                "physiotherapist before trying it.",
                "Later in pregnancy: balance and loose ligaments make deep lunges less "
                "steady; keep a hand on support or ask your midwife or doctor. With "
                "pelvic girdle (pubic or sacroiliac) pain, take short steps and skip "
                "the drill if it hurts.",
            ),
            when=("As part of a warm-up before a run, moving and breathing calmly, or on its "
                  "own on any day; the pauses are short, so it does not blunt speed work."),
        ),
        Drill(
            id="kneeling_hip_flexor_stretch",
            name="Kneeling hip-flexor stretch",
            kind="mobility",
            purpose=("A held stretch for the front of the hip (hip flexors) of the "
                     "kneeling leg, with the pelvis tucked so that the hip, not the lower "
                     "back, does the extending."),
            steps=(
                "Kneel on one knee on a cushion, the other foot flat in front, both knees "
                "bent to about a right angle.",
                "Tuck the pelvis under (a posterior tilt): bring the belt buckle up toward "
                "the ribs and squeeze the buttock of the kneeling leg.",
                "Keeping that tuck, shift the whole body a few centimetres forward until "
                "you feel a stretch at the front of the kneeling-side hip.",
                "Optionally reach the kneeling-side arm overhead to add a gentle stretch "
                "along the side.",
                "Hold, breathing slowly, then swap sides.",
            ),
            cues=(
                "Tuck first, then shift: the tuck alone often gives the stretch.",
                "Ribs stay down over the pelvis; the trunk stays upright.",
                "Glute of the kneeling leg stays squeezed the whole hold.",
            ),
            common_faults=(
                "Arching the lower back and letting the pelvis tip forward: the anterior "
                "tilt takes the stretch away from the hip flexors.",
                "Lunging far forward instead of tucking.",
                "Front knee drifting far past the toes or caving inward.",
            ),
            dose=Dose(sets=2, amount=30, unit="s hold", per_side=True, weekly_step=5,
                      cap=60, seconds_per_unit=1.0),
            safety=("Pad the kneeling knee; if kneeling hurts, do the stretch standing "
                    "in a split stance.",
                    "Build the hold up slowly and never force the stretch: a mild pull "
                    "at the front of the hip is the target.",),
            evidence=Evidence(
                label="weak",
                statement=("In older adults a stretching programme gave a small gain in "
                           "static hip extension, but the gain in walking hip extension was "
                           "only a trend (Kerrigan et al. 2003; evidence: moderate); in a "
                           "supervised trial, walking hip extension and stride length rose "
                           "only in those who were limited at the start (Watt et al. 2011; "
                           "evidence: moderate). Six weeks of stretching raised passive hip "
                           "range without changing the range used in functional movements "
                           "(Moreside & McGill 2013; evidence: moderate), and stretching "
                           "showed no clear short-term effect on running economy, with the "
                           "authors rating their certainty low (Warneke et al. 2025; "
                           "evidence: weak). None of these tested runners doing this "
                           "stretch, so for running the overall label is weak; the cues and "
                           "dose are the course's own."),
                sources=("Kerrigan et al. 2003 (Arch Phys Med Rehabil 84(1):1-6; evidence: moderate)",
                         "Watt et al. 2011 (PM&R 3(4):324-329; evidence: moderate)",
                         "Moreside & McGill 2013 (J Strength Cond Res 27(10):2635-2643; "
                         "evidence: moderate)",
                         "Warneke et al. 2025 (Sports Med Open 11:61, meta-analysis of "
                         "stretching and running economy; evidence: weak)"),
            ),
            media_id="kneeling_hip_flexor_stretch",
            who_should_ask_first=(
                "Hip impingement, a labral tear or pain at the front of the hip: end-range "
                "hip extension can provoke it; ask a physiotherapist first.",
                "After a hip replacement, especially by the anterior approach (taking the "
                "leg back and turning it out are the usual precautions): ask your surgeon "
                "or physiotherapist before trying it.",
                "Knee pain when kneeling: use the standing split-stance version.",
                "Pregnancy with pelvic girdle (pubic or sacroiliac) pain: keep the stance "
                "short and stop if it hurts; ask your midwife or physiotherapist.",
            ),
            when=("Long holds (toward 60 s) belong after a run or on an easy or rest day, "
                  "not just before intervals, races or sprints: 60 s or more per muscle "
                  "just before fast work can briefly lower performance (Behm et al. 2016; "
                  "evidence: moderate). Before an easy run a few short holds are fine."),
        ),
        Drill(
            id="glute_bridge",
            name="Glute bridge",
            kind="strength",
            purpose=("Low-load strength work for the hip extensors (glutes): practising "
                     "extending the hip with the muscles while the lower back stays quiet, "
                     "the active side that stretching alone does not train."),
            steps=(
                "Lie on your back, knees bent, feet flat and hip-width apart, heels about "
                "a hand's length from your buttocks.",
                "Tighten the stomach lightly, as if about to be nudged.",
                "Press through the heels and squeeze the glutes to lift the hips until "
                "shoulders, hips and knees form a straight line.",
                "Hold the top for two seconds.",
                "Lower slowly, one vertebra at a time, and repeat.",
            ),
            cues=(
                "Drive through the heels; toes could wiggle.",
                "Finish with the glutes, not by arching the back.",
                "Knees stay hip-width apart, pointing forward.",
            ),
            common_faults=(
                "Over-arching the lower back at the top (extending the spine instead of "
                "the hip).",
                "Hamstrings cramping: feet too far from the buttocks.",
                "Knees falling in or out.",
                "Dropping down fast instead of lowering under control.",
            ),
            dose=Dose(sets=2, amount=10, unit="reps", per_side=False, weekly_step=2,
                      cap=20, seconds_per_unit=4.0),
            safety=("Keep the neck relaxed on the floor; do not push up through the "
                    "head.",
                    STRENGTH_PROGRESSION,),
            evidence=Evidence(
                label="unverified",
                statement=(_NOT_TESTED_FOR_RUNNING + " It is included as a simple way to "
                           "use hip extension actively, because stretching alone did not "
                           "change the range used in functional movements (Moreside & "
                           "McGill 2013; evidence: moderate)."),
                sources=("Moreside & McGill 2013 (J Strength Cond Res 27(10):2635-2643; "
                         "evidence: moderate)",),
            ),
            media_id="glute_bridge",
            who_should_ask_first=(
                "Later in pregnancy (roughly from mid-pregnancy on): lying flat on the back "
                "for long can make some people dizzy; keep sets short, roll to the side if "
                "you feel faint or sick, or ask your midwife or doctor for an alternative.",
                "Low-back pain that the bridge brings on: stop and ask a physiotherapist.",
            ),
            when=("On two or three non-consecutive days a week, after a run or on an easy "
                  "day; a light set also works as part of a warm-up."),
        ),
        Drill(
            id="single_leg_glute_bridge",
            name="Single-leg glute bridge",
            kind="strength",
            purpose=("The next step after the two-leg bridge: one leg carries the load and "
                     "the pelvis must stay level, closer to the one-leg stance of running."),
            steps=(
                "Set up as for the glute bridge, then straighten one leg so both thighs "
                "stay level.",
                "Press through the heel of the bent leg and lift the hips until the body "
                "forms a straight line from shoulder to knee.",
                "Hold the top for two seconds with the pelvis level, like a tray you must "
                "not tip.",
                "Lower slowly; finish the set, then switch legs.",
            ),
            cues=(
                "Both hip bones at the same height all the way up and down.",
                "Push the floor away with the heel of the working leg.",
            ),
            common_faults=(
                "The pelvis dropping on the side of the raised leg.",
                "Arching the lower back to get higher.",
                "Starting before the two-leg bridge feels easy for the full dose.",
            ),
            dose=Dose(sets=2, amount=6, unit="reps", per_side=True, weekly_step=1,
                      cap=12, seconds_per_unit=4.0),
            safety=("Go back to the two-leg bridge if you cannot keep the pelvis level.",
                    STRENGTH_PROGRESSION,),
            evidence=Evidence(
                label="unverified",
                statement=(_NOT_TESTED_FOR_RUNNING + " The course uses it as the next step "
                           "after the glute bridge, with the same rationale."),
                sources=("Moreside & McGill 2013 (J Strength Cond Res 27(10):2635-2643; "
                         "evidence: moderate)",),
            ),
            media_id=None,
            who_should_ask_first=(
                "Later in pregnancy: the same note as the two-leg bridge (short sets, roll "
                "to the side if you feel faint, or ask your midwife or doctor).",
                "Low-back or hip pain that the drill brings on: stop and ask a "
                "physiotherapist.",
            ),
            when=("Once the two-leg bridge is easy for the full dose: on two or three "
                  "non-consecutive days a week, after a run or on an easy day."),
        ),
        Drill(
            id="leg_swings",
            name="Front-to-back leg swings",
            kind="mobility",
            purpose=("A relaxed dynamic warm-up that moves the hip actively from flexion "
                     "into extension, as running does, without holding an end position."),
            steps=(
                "Stand side-on to a wall, one hand on it, weight on the inside leg.",
                "Swing the outside leg forward and back like a pendulum, starting small.",
                "Let the swing grow over the first few reps, keeping it relaxed.",
                "Finish the set, turn round and swing the other leg.",
            ),
            cues=(
                "Tall trunk and level pelvis: the leg moves, the body stays quiet.",
                "Feel the back-swing at the front of the hip, not in the lower back.",
            ),
            common_faults=(
                "Arching the lower back on the back-swing to make it look bigger.",
                "Twisting the pelvis to follow the leg.",
                "Kicking hard instead of swinging.",
            ),
            dose=Dose(sets=1, amount=10, unit="reps", per_side=True, weekly_step=2,
                      cap=20, seconds_per_unit=1.5),
            safety=("Hold on to something steady and keep the swing smooth.",
                    "Let the swing grow a little at a time within a range you control; "
                    "never jerk the leg or force it at the end of the swing.",),
            evidence=Evidence(
                label="unverified",
                statement=(_NOT_TESTED_FOR_RUNNING + " Use it as a warm-up, not as a "
                           "proven way to change running."),
                sources=("Course facts sheet: no study found",),
            ),
            media_id=None,
            who_should_ask_first=(
                "Hip impingement, a labral tear or groin pain: keep the forward swing low "
                "and stop if the front of the hip pinches; ask a physiotherapist first.",
                "After a hip replacement: big swings take the hip toward both ends of its "
                "range; ask your surgeon or physiotherapist first.",
                "Poor balance (including later in pregnancy): hold on with both hands or "
                "skip the drill.",
            ),
            when=("Just before a run, as a warm-up; being dynamic and short it suits "
                  "speed-work days too."),
        ),
    )
}


def get_drill(drill_id: str) -> Drill:
    """The drill with this id, or a ValueError that lists the ids there are."""
    try:
        return DRILLS[drill_id]
    except (KeyError, TypeError):
        raise ValueError(f"drill_id={drill_id!r} is not a known drill; "
                         f"choose one of {sorted(DRILLS)}") from None


def progression_factor(progression: str) -> float:
    """The share of each drill's weekly step that a named progression adds per week."""
    try:
        return PROGRESSIONS[progression]
    except (KeyError, TypeError):
        raise ValueError(f"progression={progression!r} is not known; "
                         f"choose one of {sorted(PROGRESSIONS)}") from None


def dose_in_week(drill_id: str, week: int, progression: str = "steady") -> int:
    """Reps, steps or hold seconds per set in week ``week`` (1-based), capped.

    Grows by ``weekly_step`` x the progression factor per week, rounded down, so a
    "gentle" progression adds a step every other week; never above the drill's cap.
    """
    dose = get_drill(drill_id).dose
    week = whole_number_in_range("week", week, 1, MAX_WEEKS)
    grown = dose.amount + dose.weekly_step * progression_factor(progression) * (week - 1)
    return min(dose.cap, int(math.floor(grown + 1e-9)))


def session_seconds(drill_id: str, amount: int) -> float:
    """Estimated working time of one session of a drill at ``amount`` per set (no rests)."""
    dose = get_drill(drill_id).dose
    sides = 2 if dose.per_side else 1
    return dose.sets * amount * sides * dose.seconds_per_unit


def dose_text(drill_id: str, amount: int | None = None) -> str:
    """A dose as a learner writes it, e.g. ``2 x 5 steps per side``."""
    dose = get_drill(drill_id).dose
    amount = dose.amount if amount is None else amount
    side = " per side" if dose.per_side else ""
    return f"{dose.sets} x {amount} {dose.unit}{side}"


def drill_markdown(drill_id: str) -> str:
    """A drill card in Markdown: purpose, steps, cues, faults, dose, when, who should ask
    first, safety and evidence."""
    drill = get_drill(drill_id)
    dose = drill.dose
    lines = [f"### {drill.name}", "", f"*{drill.kind.capitalize()} drill.* {drill.purpose}", "",
             "**Steps**", ""]
    lines += [f"{i}. {step}" for i, step in enumerate(drill.steps, start=1)]
    lines += ["", "**Cues**", ""] + [f"- {cue}" for cue in drill.cues]
    lines += ["", "**Common faults**", ""] + [f"- {fault}" for fault in drill.common_faults]
    side = " per side" if dose.per_side else ""
    lines += ["", "**Dose (a suggested start, not a tested prescription)**", "",
              f"- Start: {dose_text(drill_id)}, 2-3 days a week (the course's suggestion).",
              f"- Progress: +{dose.weekly_step} per set each week, "
              f"up to {dose.cap} {dose.unit}{side}."]
    if drill.when:
        lines += ["", f"**When:** {drill.when}"]
    if drill.who_should_ask_first:
        lines += ["", "**Skip it or ask a clinician first if**", ""]
        lines += [f"- {note}" for note in drill.who_should_ask_first]
    lines += ["", "**Safety**", ""]
    lines += [f"- {note}" for note in drill.safety + GENERAL_SAFETY]
    lines += ["", f"**Evidence: {drill.evidence.label}.** {drill.evidence.statement}",
              "", "**Sources**", ""] + [f"- {source}" for source in drill.evidence.sources]
    return "\n".join(lines)


def show_drill(drill_id: str) -> None:
    """Display a drill card in a notebook (Markdown), e.g. ``show_drill("glute_bridge")``."""
    from IPython.display import Markdown, display

    display(Markdown(drill_markdown(drill_id)))
