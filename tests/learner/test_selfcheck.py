"""Self-checks: every answer gets its own feedback, and the widgets show it by keyboard and click."""

import json
import math

import pytest

from widgets.learner import questions as qb
from widgets import selfcheck
from widgets.selfcheck import LessonScore, Quiz, SelfCheck, check_answer, render_markdown, self_check


def _bank_questions():
    """(question id, raw question) from every bank file; a bank that does not parse fails collection."""
    found = []
    for path in sorted(qb.BANK_DIR.glob("lesson_*.json")):
        found += [(q["id"], q) for q in json.loads(path.read_text(encoding="utf-8"))["questions"]]
    return found


QUESTIONS = _bank_questions()
CHOICE_QUESTIONS = [(qid, q) for qid, q in QUESTIONS if q["type"] in ("single", "multiple")]
NUMERIC_QUESTIONS = [qid for qid, q in QUESTIONS if q["type"] == "numeric"]
DISTRACTORS = [(qid, c["id"]) for qid, q in CHOICE_QUESTIONS for c in q["choices"] if not c["correct"]]


def right_answer(question):
    if question.type == "single":
        return next(iter(question.correct_choice_ids))
    if question.type == "multiple":
        return sorted(question.correct_choice_ids)
    return question.answer


# --------------------------------------------------------------------------- checking layer


@pytest.mark.parametrize("question_id", [qid for qid, _ in QUESTIONS])
def test_the_right_answer_is_accepted(question_id):
    feedback = check_answer(question_id, right_answer(qb.find_question(question_id)))
    assert feedback.correct and feedback.kind == "correct" and feedback.misconception is None


@pytest.mark.parametrize("question_id, choice_id", DISTRACTORS)
def test_every_distractor_returns_its_own_feedback_and_misconception(question_id, choice_id):
    question = qb.find_question(question_id)
    choice = question.choice(choice_id)
    answer = choice_id if question.type == "single" else sorted(question.correct_choice_ids) + [choice_id]
    feedback = check_answer(question, answer)
    assert not feedback.correct
    assert feedback.message.startswith(choice.feedback)
    assert feedback.misconception == choice.misconception


@pytest.mark.parametrize("question_id", [qid for qid, q in CHOICE_QUESTIONS if q["type"] == "multiple"])
def test_a_multiple_choice_answer_missing_a_correct_choice_is_incomplete(question_id):
    question = qb.find_question(question_id)
    if len(question.correct_choice_ids) < 2:
        pytest.skip("only one correct choice: nothing can be left out while ticking a right one")
    partial = sorted(question.correct_choice_ids)[1:]
    feedback = check_answer(question, partial)
    assert (feedback.correct, feedback.kind) == (False, "incomplete")
    assert "1 correct answer not ticked" in feedback.message


@pytest.mark.parametrize("question_id", NUMERIC_QUESTIONS)
def test_a_numeric_answer_exactly_at_either_tolerance_edge_is_accepted(question_id):
    q = qb.find_question(question_id)
    assert check_answer(q, q.answer + q.tolerance).correct
    assert check_answer(q, q.answer - q.tolerance).correct


@pytest.mark.parametrize("question_id", NUMERIC_QUESTIONS)
def test_a_numeric_answer_just_above_the_tolerance_is_too_high(question_id):
    q = qb.find_question(question_id)
    feedback = check_answer(q, q.answer + q.tolerance * 1.01)
    assert (feedback.correct, feedback.kind, feedback.message) == (False, "too_high", q.numeric_feedback["too_high"])


@pytest.mark.parametrize("question_id", NUMERIC_QUESTIONS)
def test_a_numeric_answer_just_below_the_tolerance_is_too_low(question_id):
    q = qb.find_question(question_id)
    value = max(q.answer - q.tolerance * 1.01, q.range_min)
    if value >= q.answer - q.tolerance:
        pytest.skip("the range ends inside the tolerance: no plausible answer is too low")
    feedback = check_answer(q, value)
    assert (feedback.correct, feedback.kind, feedback.message) == (False, "too_low", q.numeric_feedback["too_low"])


@pytest.mark.parametrize("question_id", NUMERIC_QUESTIONS)
def test_a_numeric_answer_outside_the_plausible_range_gets_the_out_of_range_feedback(question_id):
    q = qb.find_question(question_id)
    outside = q.range_max + abs(q.range_max) + 1
    feedback = check_answer(q, outside)
    assert (feedback.correct, feedback.kind, feedback.message) == (False, "out_of_range", q.numeric_feedback["out_of_range"])


def test_a_shortfall_given_in_metres_instead_of_centimetres_is_flagged_as_out_of_range():
    assert check_answer("q03_shortfall_cm", 0.024).kind == "out_of_range"


def test_a_numeric_answer_may_be_typed_as_text_with_a_decimal_comma():
    assert check_answer("q03_shortfall_cm", "2,4").correct


@pytest.mark.parametrize("bad", [float("nan"), math.inf, "about two"])
def test_a_numeric_answer_that_is_not_a_finite_number_is_refused(bad):
    with pytest.raises(ValueError, match="answer="):
        check_answer("q03_shortfall_cm", bad)


def test_an_unknown_choice_id_is_refused_naming_the_choices():
    with pytest.raises(ValueError, match="tilt_9x"):
        check_answer("q03_tilt_vs_rotation", "no_such_choice")


def test_a_multiple_choice_answer_that_ticks_nothing_is_refused():
    with pytest.raises(ValueError, match="ticks nothing"):
        check_answer("q03_model_leaves_out", [])


# --------------------------------------------------------------------------- static rendering


@pytest.mark.parametrize("question_id", [qid for qid, _ in QUESTIONS])
def test_the_static_rendering_shows_the_prompt_and_hides_the_answer_in_details(question_id):
    q = qb.find_question(question_id)
    text = render_markdown(q)
    assert q.prompt in text
    visible, hidden = text.split("<details>")
    assert selfcheck.format_answer(q) in hidden and q.explanation in hidden and q.source.author in hidden
    assert all(c.text in visible for c in q.choices)


def test_the_display_bundle_carries_the_widget_and_a_static_html_twin():
    bundle = self_check("03", "q03_tilt_vs_rotation")._repr_mimebundle_()
    assert "application/vnd.jupyter.widget-view+json" in bundle
    assert "<details>" in bundle["text/html"] and "Tilt gives about 9 times" in bundle["text/html"]
    assert "<summary>Show the answer</summary>" in bundle["text/html"]
    assert "Degree for degree" in bundle["text/markdown"]


# --------------------------------------------------------------------------- widgets


@pytest.fixture
def score():
    return LessonScore("03")


def test_choosing_the_right_radio_button_and_clicking_check_shows_correct_feedback(score):
    check = SelfCheck("q03_tilt_vs_rotation", score)
    check.answer_control.value = "tilt_9x"
    check.check_button.click()
    assert "Correct" in check.feedback.value
    assert check.explanation.layout.display != "none"
    assert "Franz et al." in check.explanation.value


def test_a_wrong_radio_choice_shows_its_feedback_and_names_the_misconception(score):
    check = SelfCheck("q03_tilt_vs_rotation", score)
    check.answer_control.value = "rotation_more"
    check.check_button.click()
    statement = qb.load_misconceptions()["M11-rotation-compensation-is-measured"].statement
    assert "Not quite" in check.feedback.value and "hypothesis" in check.feedback.value
    assert statement.split()[0] in check.feedback.value


def test_the_score_line_counts_the_first_try_and_the_answer_now(score):
    check = SelfCheck("q03_tilt_vs_rotation", score)
    check.set_answer("equal")
    check.check_button.click()
    check.retry_button.click()
    check.set_answer("tilt_9x")
    check.check_button.click()
    assert (score.score().answered, score.score().first_try_correct, score.score().correct) == (1, 0, 1)
    assert "1 of 9 answered" in score.line.value


def test_checking_without_an_answer_asks_for_one_and_records_nothing(score):
    check = SelfCheck("q03_tilt_vs_rotation", score)
    check.check_button.click()
    assert "Choose an answer" in check.feedback.value
    assert score.score().answered == 0


def test_try_again_clears_the_choice_feedback_and_explanation(score):
    check = SelfCheck("q03_tilt_vs_rotation", score)
    check.set_answer("equal")
    check.check()
    check.retry_button.click()
    assert check.answer_control.value is None and check.feedback.value == ""
    assert check.explanation.layout.display == "none" and check.retry_button.disabled


def test_the_hint_button_shows_and_hides_the_hint(score):
    check = SelfCheck("q03_tilt_vs_rotation", score)
    assert check.hint.layout.display == "none"
    check.hint_button.click()
    assert check.hint.layout.display != "none" and check.hint_button.description == "Hide hint"
    check.hint_button.click()
    assert check.hint.layout.display == "none"


def test_ticking_check_boxes_answers_a_multiple_choice_question(score):
    check = SelfCheck("q03_model_leaves_out", score)
    for choice_id in check.question.correct_choice_ids:
        check.checkboxes[choice_id].value = True
    check.check_button.click()
    assert check.last_feedback.correct and "Correct" in check.feedback.value


def test_typing_a_number_answers_a_numeric_question(score):
    check = SelfCheck("q03_rotation_needed_deg", score)
    check.answer_control.value = "25"
    check.check_button.click()
    assert check.last_feedback.kind == "too_high"
    assert check.question.numeric_feedback["too_high"].split()[0] in check.feedback.value


def test_every_control_has_a_description_for_keyboard_and_screen_reader_users(score):
    quiz = Quiz("03", lesson_score=score)
    for check in quiz.checks:
        controls = [check.check_button, check.hint_button, check.retry_button]
        controls += list(check.checkboxes.values()) if check.question.type == "multiple" else [check.answer_control]
        assert all(control.description for control in controls), check.question.id


def test_self_check_for_a_lesson_shows_every_question_of_its_bank():
    assert len(self_check("03")) == len(qb.load_bank("03").questions)


def test_self_check_with_ids_shows_only_those_questions_in_bank_order_numbering():
    quiz = self_check("03", "q03_tilt_vs_rotation")
    assert [c.question.id for c in quiz.checks] == ["q03_tilt_vs_rotation"]
    assert "Self-check 4 of 9" in quiz.static_markdown()


def test_self_check_with_an_unknown_id_names_the_known_ones():
    with pytest.raises(KeyError, match="q03_tilt_vs_rotation"):
        self_check("03", "q03_no_such_question")


@pytest.fixture
def fresh_scores():
    selfcheck.reset_scores()
    yield
    selfcheck.reset_scores()


def test_questions_of_one_lesson_shown_in_different_cells_share_one_score(fresh_scores):
    first, second = self_check("03", "q03_tilt_vs_rotation"), self_check("03", "q03_shortfall_cm")
    first.checks[0].set_answer("tilt_9x")
    first.checks[0].check()
    second.checks[0].set_answer(2.4)
    second.checks[0].check()
    assert second.score().correct == 2 and first.lesson_score.line is second.lesson_score.line


def test_the_text_twin_says_whether_a_question_was_answered(score):
    check = SelfCheck("q03_shortfall_cm", score)
    assert check.summary() == "q03_shortfall_cm: not answered yet."
    check.set_answer(2.4)
    check.check()
    assert check.summary() == "q03_shortfall_cm: answered 1 time, last answer correct."


# --------------------------------------------------------------------------- audit fixes (L1, I4, M2, N10)


def test_a_static_page_shows_question_and_options_with_answer_and_explanation_in_details():
    q = qb.find_question("q03_tilt_vs_rotation")
    page = self_check("03", q.id)._repr_mimebundle_()["text/html"]
    visible, hidden = page.split("<details>")
    assert all(html_escape(c.text) in visible for c in q.choices)
    assert hidden.lstrip().startswith("<summary>Show the answer</summary>")
    assert "Franz et al." in hidden and "</details>" in hidden


def html_escape(text):
    import html
    return html.escape(text, quote=False)


def test_showing_a_question_again_starts_it_afresh_in_the_lesson_tally(fresh_scores):
    first = self_check("03", "q03_tilt_vs_rotation")
    first.checks[0].set_answer("equal")
    first.checks[0].check()
    assert first.score().answered == 1
    rerun = self_check("03", "q03_tilt_vs_rotation")     # the learner re-runs the cell
    assert rerun.score().answered == 0 and rerun.lesson_score is first.lesson_score


def test_reset_scores_forgets_one_lesson_or_all(fresh_scores):
    three, four = selfcheck.lesson_score("03"), selfcheck.lesson_score("04")
    selfcheck.reset_scores("03")
    assert selfcheck.lesson_score("03") is not three and selfcheck.lesson_score("04") is four
    selfcheck.reset_scores()
    assert selfcheck.lesson_score("04") is not four


def test_score_means_the_numbers_and_lesson_score_the_shared_tally_on_both_classes(score):
    check = SelfCheck("q03_tilt_vs_rotation", score)
    quiz = Quiz("03", lesson_score=score)
    assert check.lesson_score is score and quiz.lesson_score is score
    assert check.score() == quiz.score() == score.score()


def test_the_numeric_answer_box_starts_empty_and_check_without_typing_records_nothing(score):
    check = SelfCheck("q03_rotation_needed_deg", score)
    assert check.answer_control.value == ""
    assert check.check() is None
    assert "Type a number" in check.feedback.value
    assert score.score().answered == 0 and check.first_try_correct is None


@pytest.mark.parametrize("typed", ["about two", "nan"])
def test_typing_something_that_is_no_number_says_so_and_records_nothing(score, typed):
    check = SelfCheck("q03_rotation_needed_deg", score)
    check.answer_control.value = typed
    assert check.check() is None
    assert "is not a number" in check.feedback.value and typed in check.feedback.value
    assert score.score().answered == 0


def test_a_numeric_answer_with_a_decimal_comma_is_checked(score):
    check = SelfCheck("q03_shortfall_cm", score)
    check.answer_control.value = "2,4"
    assert check.check().correct


def test_an_error_that_is_not_the_learners_is_not_shown_as_choose_an_answer(score, monkeypatch):
    check = SelfCheck("q03_tilt_vs_rotation", score)
    check.set_answer("tilt_9x")

    def broken(question, answer):
        raise ValueError("a fault in the bank")

    monkeypatch.setattr(selfcheck, "check_answer", broken)
    with pytest.raises(ValueError, match="fault in the bank"):
        check.check()
    assert "Choose an answer" not in check.feedback.value


def test_try_again_empties_the_numeric_box(score):
    check = SelfCheck("q03_shortfall_cm", score)
    check.set_answer(9)
    check.check()
    check.retry()
    assert check.answer_control.value == ""
