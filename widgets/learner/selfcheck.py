"""Self-check questions for the lessons: instant feedback that names the misconception.

A lesson shows its self-checks with one line::

    from widgets.selfcheck import self_check
    self_check("03")                            # every question of lesson 03, with a score line
    self_check("03", "q03_tilt_vs_rotation")    # one question (several ids may follow)

The questions live in ``widgets/question_bank/lesson_NN.json`` (see
``widgets.questions``). Three kinds: single choice, multiple choice (tick every
correct one) and numeric (a number in a stated unit, accepted within an absolute
tolerance). Each wrong choice has its own feedback naming the misconception behind it;
a Hint button, a Try again button, and after an answer the explanation with its source
and evidence label.

Two layers:

* ``check_answer(question, answer) -> Feedback``: pure, no widgets; used by the widget,
  tests and anyone grading answers in a script.
* ``SelfCheck`` (one question) and ``Quiz`` (several): ipywidgets controls that work by
  keyboard (radio buttons, check boxes, a number box and buttons, each with a
  description). ``self_check`` returns a ``Quiz``. All self-checks of a lesson report
  to one ``LessonScore`` (``lesson_score("03")``) whose score line updates in every
  place it is shown. Naming: ``.lesson_score`` (on a ``SelfCheck`` or a ``Quiz``) is
  that shared ``LessonScore``; ``.score()`` (on either) returns the numbers, a ``Score``.
  Showing a question again (re-running its cell) starts it afresh: its earlier result
  leaves the lesson's tally. ``reset_scores()`` forgets every lesson's tally.

Where widgets cannot render (a notebook exported to HTML, or viewed on a website), the
display bundle also carries a static HTML/Markdown version: the question, its choices,
and in a collapsed ``<details>`` block the answer, why each choice is right or wrong, the
explanation and its source. Self-check scores are for the learner only; nothing here
grades (graded work lives in the nbgrader course).
"""

from __future__ import annotations

import html
import math
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any, Optional, Union

import ipywidgets as W
import mistune

from ..bundle import widget_bundle
from .questions import Question, find_question, load_bank, load_misconceptions

__all__ = [
    "Feedback", "check_answer", "format_answer", "render_markdown",
    "SelfCheck", "Quiz", "LessonScore", "Score", "lesson_score", "reset_scores", "self_check",
]

Answer = Union[str, Iterable[str], float, int]


# --------------------------------------------------------------------------- checking


@dataclass(frozen=True)
class Feedback:
    """The verdict on one answer.

    ``kind`` says which feedback was given: "correct", "wrong_choice", "incomplete"
    (multiple choice: right so far, some correct choices not ticked), "too_high",
    "too_low" or "out_of_range" (numeric). ``misconception`` is the id of the
    misconception the answer reveals, if any (see ``misconceptions.json``).
    """

    correct: bool
    message: str
    misconception: Optional[str] = None
    kind: str = "correct"


def _question(question: Union[Question, str]) -> Question:
    return find_question(question) if isinstance(question, str) else question


def check_answer(question: Union[Question, str], answer: Answer) -> Feedback:
    """Check an answer against a bank question (a ``Question`` or its id).

    The answer is a choice id for single choice, an iterable of choice ids for
    multiple choice, a number (in the question's unit) for numeric questions.
    Raises ValueError for an answer that is not an answer at all (no choice, an
    unknown choice id, not a finite number), naming what was given.
    """
    q = _question(question)
    if q.type == "single":
        return _check_single(q, answer)
    if q.type == "multiple":
        return _check_multiple(q, answer)
    return _check_numeric(q, answer)


def _check_single(q: Question, answer: Answer) -> Feedback:
    if not isinstance(answer, str):
        raise ValueError(f"answer={answer!r} is not a choice id; pick one of {', '.join(c.id for c in q.choices)}")
    choice = q.choice(answer)
    kind = "correct" if choice.correct else "wrong_choice"
    return Feedback(choice.correct, choice.feedback, choice.misconception, kind)


def _check_multiple(q: Question, answer: Answer) -> Feedback:
    chosen_ids = [answer] if isinstance(answer, str) else list(answer)
    if not chosen_ids:
        raise ValueError(f"answer=[] ticks nothing; tick one or more of {', '.join(c.id for c in q.choices)}")
    chosen = [q.choice(i) for i in dict.fromkeys(chosen_ids)]   # validates ids, keeps order
    wrong = [c for c in chosen if not c.correct]
    missed = len(q.correct_choice_ids - {c.id for c in chosen})
    missed_text = (f"{missed} correct answer{'s' if missed > 1 else ''} not ticked yet." if missed else "")
    if wrong:
        message = " ".join([c.feedback for c in wrong] + ([missed_text] if missed_text else []))
        first_misconception = next((c.misconception for c in wrong if c.misconception), None)
        return Feedback(False, message, first_misconception, "wrong_choice")
    if missed:
        return Feedback(False, f"Everything you ticked is right, but {missed_text}", None, "incomplete")
    return Feedback(True, " ".join(c.feedback for c in chosen), None, "correct")


def _check_numeric(q: Question, answer: Answer) -> Feedback:
    if isinstance(answer, bool) or not isinstance(answer, (int, float)):
        try:
            answer = float(str(answer).replace(",", ".").strip())
        except ValueError:
            raise ValueError(f"answer={answer!r} is not a number; give a number in {q.unit or 'plain units'}") from None
    value = float(answer)
    if not math.isfinite(value):
        raise ValueError(f"answer={value!r} is not a finite number; give a number in {q.unit or 'plain units'}")
    feedback = q.numeric_feedback
    # A hair of slack so that an answer typed exactly at the tolerance edge is accepted
    # despite binary rounding (2.37 + 0.15 is not exactly 2.52 in floating point).
    if abs(value - q.answer) <= q.tolerance * (1 + 1e-9) + 1e-12:
        return Feedback(True, feedback["correct"], None, "correct")
    if not q.range_min <= value <= q.range_max:
        return Feedback(False, feedback["out_of_range"], None, "out_of_range")
    if value > q.answer:
        return Feedback(False, feedback["too_high"], None, "too_high")
    return Feedback(False, feedback["too_low"], None, "too_low")


def format_answer(question: Union[Question, str]) -> str:
    """The correct answer as a reader would say it."""
    q = _question(question)
    if q.type == "numeric":
        unit = f" {q.unit}" if q.unit else ""
        return f"{q.answer:g}{unit} (accepted within ±{q.tolerance:g}{unit})"
    return "; ".join(c.text for c in q.choices if c.correct)


# --------------------------------------------------------------------------- static rendering


def _source_line(q: Question) -> str:
    return f"*Source:* {q.source}. *Evidence:* {q.evidence}."


def render_markdown(question: Union[Question, str], heading: str = "Self-check") -> str:
    """A static version of a question for places without widgets (HTML export, a website).

    The prompt and its choices are visible; the answer, why each choice is right or
    wrong, the explanation and its source sit in a collapsed ``<details>`` block.
    """
    q = _question(question)
    lines = [f"**{heading}** ({q.id})", "", q.prompt, ""]
    if q.type == "single":
        lines += [f"- ( ) {c.text}" for c in q.choices]
    elif q.type == "multiple":
        lines += ["*Tick every correct answer.*", ""] + [f"- [ ] {c.text}" for c in q.choices]
    else:
        lines.append(f"*Answer with a number{' in ' + q.unit if q.unit else ''}.*")
    lines += ["", "<details>", "<summary>Show the answer</summary>", "",
              f"**Answer:** {format_answer(q)}", ""]
    if q.choices:
        misconceptions = load_misconceptions()
        for c in q.choices:
            mark = "correct" if c.correct else "wrong"
            named = (f" *(Misconception: {misconceptions[c.misconception].statement})*"
                     if c.misconception else "")
            lines.append(f"- *{c.text}* ({mark}): {c.feedback}{named}")
        lines.append("")
    lines += [q.explanation, "", _source_line(q), "", "</details>", ""]
    return "\n".join(lines)


def _markdown_to_html(text: str) -> str:
    return mistune.html(text)


# --------------------------------------------------------------------------- scoring


@dataclass(frozen=True)
class Score:
    """A lesson's self-check tally: how many answered, right at the first try, right now."""

    lesson: str
    total: int
    answered: int
    first_try_correct: int
    correct: int

    def __str__(self) -> str:
        return (f"Lesson {self.lesson} self-checks: {self.answered} of {self.total} answered, "
                f"{self.first_try_correct} right at the first try, {self.correct} right now.")


class LessonScore:
    """Collects the results of every self-check of one lesson and keeps a score line.

    One per lesson (``lesson_score``), so questions spread over many cells add up; the
    score line is one widget, and every view of it updates together.
    """

    def __init__(self, lesson: str):
        self.lesson = load_bank(lesson).lesson
        self.total = len(load_bank(lesson).questions)
        self._results: dict[str, tuple[bool, bool]] = {}
        self.line = W.HTML(value=f"<strong>{html.escape(str(self.score()))}</strong>",
                           layout=W.Layout(margin="0.5em 0 0 0"))

    def record(self, question_id: str, first_try_correct: bool, correct_now: bool) -> None:
        self._results[question_id] = (first_try_correct, correct_now)
        self._update_line()

    def forget(self, question_id: str) -> None:
        """Drop a question's result (it is shown afresh, so its old answer no longer counts)."""
        if self._results.pop(question_id, None) is not None:
            self._update_line()

    def _update_line(self) -> None:
        self.line.value = f"<strong>{html.escape(str(self.score()))}</strong>"

    def score(self) -> Score:
        results = self._results.values()
        return Score(self.lesson, self.total, len(self._results),
                     sum(first for first, _ in results), sum(now for _, now in results))


# One tally per lesson for the kernel's lifetime, so self-checks in different cells add up.
# A re-run cell does not inherit its old answers: a SelfCheck drops its question's earlier
# result when it is built (LessonScore.forget). reset_scores() empties the registry.
_LESSON_SCORES: dict[str, LessonScore] = {}


def lesson_score(lesson: Union[str, int]) -> LessonScore:
    """The shared score of a lesson's self-checks (created on first use)."""
    number = load_bank(lesson).lesson
    if number not in _LESSON_SCORES:
        _LESSON_SCORES[number] = LessonScore(number)
    return _LESSON_SCORES[number]


_shared_score = lesson_score   # for constructors whose ``lesson_score`` argument hides the function


def reset_scores(lesson: Union[str, int, None] = None) -> None:
    """Forget the self-check tally of one lesson, or of every lesson (a fresh start, and tests)."""
    if lesson is None:
        _LESSON_SCORES.clear()
    else:
        _LESSON_SCORES.pop(load_bank(lesson).lesson, None)


# --------------------------------------------------------------------------- widgets


def _hidden(widget: W.Widget) -> W.Widget:
    widget.layout.display = "none"
    return widget


def _shown(widget: W.Widget, visible: bool) -> None:
    widget.layout.display = None if visible else "none"


class SelfCheck:
    """One question as keyboard-operable widgets: answer controls, Check, Hint, Try again.

    ``answer_control`` is a RadioButtons (single), a VBox of Checkboxes (multiple) or a
    Text box that starts empty (numeric; a decimal comma is fine). ``check()`` is what the
    Check button does; it returns the ``Feedback`` (or None when there is no answer to
    check yet). ``lesson_score`` is the shared ``LessonScore``; ``score()`` its numbers.
    """

    def __init__(self, question: Union[Question, str], lesson_score: Optional[LessonScore] = None,
                 heading: str = "Self-check"):
        self.question = _question(question)
        self.lesson_score = (lesson_score if lesson_score is not None
                             else _shared_score(self.question.lesson))
        self.lesson_score.forget(self.question.id)   # shown afresh: an earlier answer no longer counts
        self.heading = heading
        self.attempts = 0
        self.first_try_correct: Optional[bool] = None
        self.last_feedback: Optional[Feedback] = None
        q = self.question

        self.answer_control = self._build_answer_control()
        self.check_button = W.Button(description="Check", tooltip="Check your answer",
                                     icon="check", layout=W.Layout(width="auto"))
        self.hint_button = W.Button(description="Show hint", tooltip="Show or hide a hint",
                                    icon="lightbulb-o", layout=W.Layout(width="auto"))
        self.retry_button = W.Button(description="Try again", tooltip="Clear your answer and try again",
                                     icon="refresh", disabled=True, layout=W.Layout(width="auto"))
        self.hint = _hidden(W.HTML(value=_markdown_to_html(f"*Hint:* {q.hint}")))
        self.feedback = W.HTML(value="")
        self.explanation = _hidden(W.HTML(value=_markdown_to_html(f"{q.explanation}\n\n{_source_line(q)}")))

        self.check_button.on_click(lambda _: self.check())
        self.hint_button.on_click(lambda _: self.toggle_hint())
        self.retry_button.on_click(lambda _: self.retry())

        prompt = W.HTMLMath(value=_markdown_to_html(f"**{heading}.** {q.prompt}"))
        buttons = W.HBox([self.check_button, self.hint_button, self.retry_button])
        self.widget = W.VBox([prompt, self.answer_control, buttons, self.hint, self.feedback, self.explanation],
                             layout=W.Layout(border="1px solid #999999", padding="0.5em", margin="0.5em 0"))

    # -- controls
    def _build_answer_control(self) -> W.Widget:
        q = self.question
        wide = W.Layout(width="auto")
        if q.type == "single":
            return W.RadioButtons(options=[(c.text, c.id) for c in q.choices], value=None,
                                  description="Your answer:", style={"description_width": "initial"},
                                  layout=wide)
        if q.type == "multiple":
            self.checkboxes = {c.id: W.Checkbox(value=False, description=c.text, indent=False, layout=wide)
                               for c in q.choices}
            return W.VBox([W.Label("Tick every correct answer:"), *self.checkboxes.values()])
        unit = f" ({q.unit})" if q.unit else ""
        # A Text box, not FloatText: FloatText cannot be empty and would start at 0.0, so
        # Check without typing would record a wrong first try.
        return W.Text(value="", placeholder="a number", description=f"Your answer{unit}:",
                      style={"description_width": "initial"}, layout=W.Layout(width="20em"))

    def current_answer(self) -> Answer:
        """What the controls hold now, in the form ``check_answer`` takes."""
        if self.question.type == "single":
            return self.answer_control.value
        if self.question.type == "multiple":
            return [choice_id for choice_id, box in self.checkboxes.items() if box.value]
        return self.answer_control.value.strip()

    def set_answer(self, answer: Answer) -> None:
        """Put an answer into the controls, as a learner would by clicking or typing."""
        if self.question.type == "single":
            self.answer_control.value = answer
        elif self.question.type == "multiple":
            chosen = {answer} if isinstance(answer, str) else set(answer)
            for choice_id, box in self.checkboxes.items():
                box.value = choice_id in chosen
        else:
            self.answer_control.value = str(answer)

    # -- actions
    def check(self) -> Optional[Feedback]:
        """Check the current answer, show feedback and explanation, report to the lesson score."""
        answer = self.current_answer()
        if answer is None or answer == "" or answer == []:
            what = "Type a number" if self.question.type == "numeric" else "Choose an answer"
            self.feedback.value = f"<em>{what} first, then press Check.</em>"
            return None
        if self.question.type == "numeric":
            # Only the learner's typing is caught here (text that is no number); any other
            # ValueError is a fault in the course and propagates.
            try:
                if not math.isfinite(float(answer.replace(",", "."))):
                    raise ValueError(answer)
            except ValueError:
                self.feedback.value = (f"<em>“{html.escape(answer)}” is not a number: type a number"
                                       f"{' in ' + html.escape(self.question.unit) if self.question.unit else ''}"
                                       ", then press Check.</em>")
                return None
        result = check_answer(self.question, answer)
        self.attempts += 1
        if self.first_try_correct is None:
            self.first_try_correct = result.correct
        self.last_feedback = result
        self.feedback.value = self._feedback_html(result)
        _shown(self.explanation, True)
        self.retry_button.disabled = False
        self.lesson_score.record(self.question.id, self.first_try_correct, result.correct)
        return result

    def score(self) -> Score:
        """The tally of this question's lesson (all its self-checks, wherever they are shown)."""
        return self.lesson_score.score()

    def _feedback_html(self, result: Feedback) -> str:
        verdict = "✔ Correct." if result.correct else "✘ Not quite."
        parts = [f"<strong>{verdict}</strong> {html.escape(result.message)}"]
        if result.misconception:
            statement = load_misconceptions()[result.misconception].statement
            parts.append(f"<br><em>Common misconception:</em> “{html.escape(statement)}”")
        return "".join(parts)

    def toggle_hint(self) -> None:
        visible = self.hint.layout.display == "none"
        _shown(self.hint, visible)
        self.hint_button.description = "Hide hint" if visible else "Show hint"

    def retry(self) -> None:
        """Clear the answer, feedback and explanation; the first-try result stays in the score."""
        if self.question.type == "single":
            self.answer_control.value = None
        elif self.question.type == "multiple":
            for box in self.checkboxes.values():
                box.value = False
        else:
            self.answer_control.value = ""
        self.feedback.value = ""
        _shown(self.explanation, False)
        self.retry_button.disabled = True

    # -- text twin and display
    def summary(self) -> str:
        """A plain sentence saying where this question stands (for screen readers and tests)."""
        q = self.question
        if self.last_feedback is None:
            return f"{q.id}: not answered yet."
        verdict = "correct" if self.last_feedback.correct else "not correct yet"
        return f"{q.id}: answered {self.attempts} time{'s' if self.attempts > 1 else ''}, last answer {verdict}."

    def static_markdown(self) -> str:
        return render_markdown(self.question, self.heading)

    def _repr_mimebundle_(self, **kwargs: Any) -> dict:
        return _bundle(self.widget, self.static_markdown(), self.summary(), **kwargs)


def _bundle(widget: W.Widget, markdown: str, plain: str, **kwargs: Any) -> dict:
    """The widget view plus static HTML and Markdown for front-ends that cannot run widgets."""
    return widget_bundle(widget, plain=plain, html_text=_markdown_to_html(markdown), markdown=markdown, **kwargs)


class Quiz:
    """Several self-checks of one lesson with the lesson's score line underneath."""

    def __init__(self, lesson: Union[str, int], question_ids: Iterable[str] = (),
                 lesson_score: Optional[LessonScore] = None):
        bank = load_bank(lesson)
        ids = list(question_ids)
        self.lesson = bank.lesson
        order = {q.id: i for i, q in enumerate(bank.questions)}
        questions = [bank.question(i) for i in ids] if ids else list(bank.questions)
        self.lesson_score = (lesson_score if lesson_score is not None
                             else _shared_score(bank.lesson))
        total = len(bank.questions)
        self.checks = [SelfCheck(q, self.lesson_score, heading=f"Self-check {order[q.id] + 1} of {total}")
                       for q in questions]
        self.widget = W.VBox([c.widget for c in self.checks] + [self.lesson_score.line])

    def __getitem__(self, question_id: str) -> SelfCheck:
        for c in self.checks:
            if c.question.id == question_id:
                return c
        raise KeyError(f"{question_id!r} is not in this quiz; it has {', '.join(c.question.id for c in self.checks)}")

    def __len__(self) -> int:
        return len(self.checks)

    def score(self) -> Score:
        """The lesson's tally (all its self-checks, wherever they are shown)."""
        return self.lesson_score.score()

    def summary(self) -> str:
        return " ".join([c.summary() for c in self.checks] + [str(self.score())])

    def static_markdown(self) -> str:
        return "\n".join(c.static_markdown() for c in self.checks)

    def show(self) -> None:
        from IPython.display import display
        display(self)

    def _repr_mimebundle_(self, **kwargs: Any) -> dict:
        return _bundle(self.widget, self.static_markdown(), self.summary(), **kwargs)


def self_check(lesson: Union[str, int], *question_ids: str) -> Quiz:
    """Self-checks of a lesson, ready to display: all of them, or the ones named.

    ``self_check("03")`` or ``self_check("03", "q03_tilt_vs_rotation")`` as the last line
    of a cell.
    """
    return Quiz(lesson, question_ids)
