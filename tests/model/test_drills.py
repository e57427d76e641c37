"""Drill records: complete cards, honest evidence labels, doses that grow and stop at the cap."""

import pytest

from widgets.drills import (DRILLS, GENERAL_SAFETY, PROGRESSIONS, dose_in_week, dose_text,
                            drill_markdown, get_drill, session_seconds)

EVIDENCE_LABELS = {"strong", "moderate", "weak", "disputed", "unverified"}


@pytest.mark.parametrize("drill_id", sorted(DRILLS))
def test_every_drill_has_steps_cues_faults_safety_and_a_labelled_source(drill_id):
    drill = DRILLS[drill_id]
    assert drill.id == drill_id
    assert len(drill.steps) >= 3 and drill.cues and drill.common_faults and drill.safety
    assert drill.evidence.label in EVIDENCE_LABELS
    assert drill.evidence.sources


def test_walking_spiderman_is_not_presented_as_proven():
    evidence = get_drill("walking_spiderman").evidence
    assert evidence.label == "unverified"
    assert "No study" in evidence.statement and "warm-up" in evidence.statement


def test_kneeling_stretch_cues_a_posterior_tilt():
    drill = get_drill("kneeling_hip_flexor_stretch")
    assert any("posterior tilt" in step for step in drill.steps)


def test_three_drills_link_to_media_that_exist():
    from widgets.media import load_manifest

    linked = {d.media_id for d in DRILLS.values() if d.media_id}
    assert linked == {"walking_spiderman", "kneeling_hip_flexor_stretch", "glute_bridge"}
    assert linked <= {entry["id"] for entry in load_manifest()}


@pytest.mark.parametrize("drill_id", sorted(DRILLS))
def test_drill_card_shows_every_part_and_the_general_safety_notes(drill_id):
    card = drill_markdown(drill_id)
    drill = DRILLS[drill_id]
    for part in (drill.name, "**Steps**", "**Cues**", "**Common faults**", "**Dose",
                 "**Safety**", f"**Evidence: {drill.evidence.label}.**", *drill.steps):
        assert part in card
    assert all(note in card for note in GENERAL_SAFETY)


def test_steady_progression_adds_the_weekly_step_each_week():
    dose = get_drill("glute_bridge").dose
    assert [dose_in_week("glute_bridge", w) for w in (1, 2, 3)] == [
        dose.amount, dose.amount + dose.weekly_step, dose.amount + 2 * dose.weekly_step]


def test_gentle_progression_adds_a_step_every_other_week():
    start = get_drill("walking_spiderman").dose.amount
    assert [dose_in_week("walking_spiderman", w, "gentle") for w in (1, 2, 3, 4, 5)] == [
        start, start, start + 1, start + 1, start + 2]


def test_hold_progression_keeps_the_starting_dose():
    start = get_drill("kneeling_hip_flexor_stretch").dose.amount
    assert dose_in_week("kneeling_hip_flexor_stretch", 12, "hold") == start


@pytest.mark.parametrize("drill_id", sorted(DRILLS))
def test_no_progression_ever_passes_the_cap(drill_id):
    cap = DRILLS[drill_id].dose.cap
    assert max(dose_in_week(drill_id, w, p) for w in range(1, 13) for p in PROGRESSIONS) == cap


def test_session_time_counts_both_sides_of_a_one_sided_drill():
    dose = get_drill("walking_spiderman").dose
    assert session_seconds("walking_spiderman", 5) == dose.sets * 5 * 2 * dose.seconds_per_unit


def test_dose_text_reads_sets_amount_unit_and_side():
    assert dose_text("walking_spiderman") == "2 x 5 steps per side"
    assert dose_text("glute_bridge", 14) == "2 x 14 reps"


def test_unknown_drill_is_a_value_error_listing_the_known_ones():
    with pytest.raises(ValueError, match="drill_id='burpees'.*walking_spiderman"):
        get_drill("burpees")


@pytest.mark.parametrize("week", [0, 13, 2.5, float("nan"), True])
def test_week_outside_one_to_twelve_is_a_value_error(week):
    with pytest.raises(ValueError, match="week=.*1..12"):
        dose_in_week("glute_bridge", week)


def test_unknown_progression_is_a_value_error():
    with pytest.raises(ValueError, match="progression='fast'"):
        dose_in_week("glute_bridge", 2, "fast")


@pytest.mark.parametrize("drill_id", sorted(DRILLS))
def test_every_card_says_when_and_who_should_ask_first_and_shows_both(drill_id):
    drill = DRILLS[drill_id]
    assert drill.when and drill.who_should_ask_first
    card = drill_markdown(drill_id)
    assert drill.when in card and "ask a clinician first" in card
    assert all(note in card for note in drill.who_should_ask_first)


@pytest.mark.parametrize("drill_id", ["walking_spiderman", "kneeling_hip_flexor_stretch",
                                      "leg_swings"])
def test_hip_end_range_drills_name_impingement_labrum_and_hip_replacement(drill_id):
    text = " ".join(DRILLS[drill_id].who_should_ask_first)
    assert "impingement" in text and "labral" in text and "hip replacement" in text


def test_hip_replacement_precautions_name_both_approaches():
    text = " ".join(GENERAL_SAFETY)
    assert "posterior approach" in text and "anterior approach" in text


def test_bridges_carry_a_pregnancy_note_and_progress_by_load_not_endless_reps():
    from widgets.model.drills import STRENGTH_PROGRESSION
    for drill_id in ("glute_bridge", "single_leg_glute_bridge"):
        drill = DRILLS[drill_id]
        assert any("pregnancy" in note for note in drill.who_should_ask_first)
        assert STRENGTH_PROGRESSION in drill.safety
    assert "a day between" in STRENGTH_PROGRESSION
    assert "harder" in STRENGTH_PROGRESSION and "not a strength dose" in STRENGTH_PROGRESSION


def test_long_static_holds_are_placed_away_from_speed_work():
    when = get_drill("kneeling_hip_flexor_stretch").when
    assert "after a run" in when and "Behm et al. 2016" in when


def test_never_bounce_does_not_contradict_the_leg_swings():
    bounce = [note for note in GENERAL_SAFETY if "bounce" in note]
    assert bounce and "swing" in bounce[0] and "controlled" in bounce[0]
    assert get_drill("leg_swings").kind == "mobility"


def test_kneeling_stretch_cites_watt_for_the_limited_at_baseline_finding():
    evidence = get_drill("kneeling_hip_flexor_stretch").evidence
    assert "Watt et al. 2011" in evidence.statement
    assert any(source.startswith("Watt et al. 2011") for source in evidence.sources)
    assert "evidence: weak" in evidence.statement  # Warneke 2025: authors rate certainty low
