"""Load and validate the self-check question banks.

Each lesson has one JSON file, ``widgets/question_bank/lesson_NN.json``, validated
against ``question_bank.schema.json`` (JSON Schema Draft 2020-12) with ``jsonschema``.
Wrong choices point at entries of the misconception bank
(``widgets/question_bank/misconceptions.json``), the course's list of common beliefs
about running with their corrections and sources (from the course facts sheet).

Loading checks more than the schema can: the file's lesson number matches its
name, and every misconception id a question uses exists in the misconception bank.
A broken bank raises ``QuestionBankError`` naming the file and each problem, so a
lesson author sees every mistake at once.

Only the standard library and ``jsonschema``: no widgets here, so tests, scripts and
the widget layer (``widgets.selfcheck``) share one reading of the banks.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any, Optional

import jsonschema

BANK_DIR = Path(__file__).resolve().parent / "question_bank"
SCHEMA_PATH = BANK_DIR / "question_bank.schema.json"
MISCONCEPTIONS_PATH = BANK_DIR / "misconceptions.json"
_BANK_NAME = re.compile(r"^lesson_(\d{2})\.json$")


class QuestionBankError(ValueError):
    """A question bank (or the misconception bank) is malformed or inconsistent."""


@dataclass(frozen=True)
class Source:
    """Where a claim comes from: author(s), year and title (or journal) as text."""

    author: str
    year: Any
    title: str
    detail: str = ""

    def __str__(self) -> str:
        text = f"{self.author} ({self.year}), {self.title}"
        return f"{text}; {self.detail}" if self.detail else text


@dataclass(frozen=True)
class Choice:
    """One option of a single- or multiple-choice question, with its own feedback."""

    id: str
    text: str
    correct: bool
    feedback: str
    misconception: Optional[str] = None


@dataclass(frozen=True)
class Misconception:
    """A common belief, what the evidence says instead, and how strong that evidence is."""

    id: str
    statement: str
    correction: str
    source: Source
    evidence: str


@dataclass(frozen=True)
class Question:
    """One self-check question as stored in a bank.

    Choice questions fill ``choices``; numeric questions fill ``answer``,
    ``tolerance`` (absolute, in ``unit``), ``range_min``/``range_max`` (plausible
    answers) and ``numeric_feedback`` (keys correct, too_high, too_low, out_of_range).
    """

    id: str
    lesson: str
    type: str
    prompt: str
    hint: str
    explanation: str
    source: Source
    evidence: str
    objectives: tuple[str, ...]
    misconceptions: tuple[str, ...]
    choices: tuple[Choice, ...] = ()
    answer: Optional[float] = None
    tolerance: Optional[float] = None
    unit: str = ""
    range_min: Optional[float] = None
    range_max: Optional[float] = None
    numeric_feedback: Optional[dict] = None
    computed_from: Optional[dict] = None

    @property
    def correct_choice_ids(self) -> frozenset[str]:
        return frozenset(c.id for c in self.choices if c.correct)

    def choice(self, choice_id: str) -> Choice:
        for c in self.choices:
            if c.id == choice_id:
                return c
        known = ", ".join(c.id for c in self.choices)
        raise ValueError(f"answer={choice_id!r} is not a choice of {self.id}; choices are {known}")


@dataclass(frozen=True)
class Bank:
    """The questions of one lesson, in the order the lesson shows them."""

    lesson: str
    title: str
    questions: tuple[Question, ...]

    def question(self, question_id: str) -> Question:
        for q in self.questions:
            if q.id == question_id:
                return q
        known = ", ".join(q.id for q in self.questions)
        raise KeyError(f"no question {question_id!r} in lesson {self.lesson}; known: {known}")


@lru_cache(maxsize=1)
def load_schema() -> dict:
    return json.loads(SCHEMA_PATH.read_text(encoding="utf-8"))


def _validator(definition: Optional[str] = None) -> jsonschema.Draft202012Validator:
    """A validator for the whole schema, or for one of its ``$defs`` (the misconception bank)."""
    schema = load_schema()
    if definition is not None:
        schema = {"$schema": schema["$schema"], "$defs": schema["$defs"], "$ref": f"#/$defs/{definition}"}
    return jsonschema.Draft202012Validator(schema)


def _schema_errors(data: Any, validator: jsonschema.Draft202012Validator) -> list[str]:
    errors = sorted(validator.iter_errors(data), key=lambda e: list(e.absolute_path))
    messages = []
    for error in errors:
        where = "/".join(str(p) for p in error.absolute_path) or "(top level)"
        # oneOf failures hide the useful message in their context; show the best match.
        best = jsonschema.exceptions.best_match([error])
        messages.append(f"{where}: {best.message}")
    return messages


def _read_json(path: Path) -> Any:
    try:
        return json.loads(path.read_text(encoding="utf-8"))
    except json.JSONDecodeError as exc:
        raise QuestionBankError(f"{path.name}: not valid JSON ({exc})") from None


def _source(data: dict) -> Source:
    return Source(data["author"], data["year"], data["title"], data.get("detail", ""))


@lru_cache(maxsize=1)
def load_misconceptions() -> dict[str, Misconception]:
    """The misconception bank by id, validated against the schema."""
    data = _read_json(MISCONCEPTIONS_PATH)
    problems = _schema_errors(data, _validator("misconception_bank"))
    ids = [m.get("id") for m in data.get("misconceptions", []) if isinstance(m, dict)]
    problems += [f"duplicate misconception id {i!r}" for i in sorted({i for i in ids if ids.count(i) > 1})]
    if problems:
        raise QuestionBankError(f"{MISCONCEPTIONS_PATH.name}: " + "; ".join(problems))
    return {
        m["id"]: Misconception(m["id"], m["statement"], m["correction"], _source(m["source"]), m["evidence"])
        for m in data["misconceptions"]
    }


def bank_path(lesson: str | int) -> Path:
    return BANK_DIR / f"lesson_{_lesson_number(lesson)}.json"


def available_lessons() -> list[str]:
    """Two-digit numbers of the lessons that have a bank, sorted."""
    return sorted(m.group(1) for p in BANK_DIR.glob("lesson_*.json") if (m := _BANK_NAME.match(p.name)))


def _lesson_number(lesson: str | int) -> str:
    text = f"{lesson:02d}" if isinstance(lesson, int) else str(lesson).strip()
    if not re.fullmatch(r"\d{2}", text):
        raise ValueError(f"lesson={lesson!r} is not a two-digit lesson number; allowed range is 00..99")
    return text


def validate_bank_data(data: Any, lesson: str) -> list[str]:
    """Every problem with one lesson's bank: schema errors, lesson mismatch, unknown misconceptions."""
    problems = _schema_errors(data, _validator())
    if problems:
        return problems
    if data["lesson"] != lesson:
        problems.append(f"lesson is {data['lesson']!r} but the file is for lesson {lesson}")
    known = load_misconceptions()
    ids = [q["id"] for q in data["questions"]]
    problems += [f"question id {i!r} appears twice" for i in sorted({i for i in ids if ids.count(i) > 1})]
    for q in data["questions"]:
        if not q["id"].startswith(f"q{lesson}_"):
            problems.append(f"{q['id']}: question ids in lesson {lesson} start with 'q{lesson}_'")
        used = set(q["misconceptions"]) | {c["misconception"] for c in q.get("choices", []) if "misconception" in c}
        problems += [f"{q['id']}: unknown misconception id {m!r}" for m in sorted(used - known.keys())]
        listed = set(q["misconceptions"])
        problems += [f"{q['id']}: choice misconception {m!r} missing from the question's misconceptions"
                     for m in sorted(used - listed)]
        if q["type"] == "numeric":
            low, high = q["range"]["min"], q["range"]["max"]
            if not low <= q["answer"] <= high:
                problems.append(f"{q['id']}: answer {q['answer']} lies outside its range {low}..{high}")
    return problems


def _question(data: dict, lesson: str) -> Question:
    common = dict(
        id=data["id"], lesson=lesson, type=data["type"], prompt=data["prompt"], hint=data["hint"],
        explanation=data["explanation"], source=_source(data["source"]), evidence=data["evidence"],
        objectives=tuple(data["objectives"]), misconceptions=tuple(data["misconceptions"]),
    )
    if data["type"] == "numeric":
        return Question(
            **common, answer=float(data["answer"]), tolerance=float(data["tolerance"]), unit=data["unit"],
            range_min=float(data["range"]["min"]), range_max=float(data["range"]["max"]),
            numeric_feedback=dict(data["feedback"]), computed_from=data.get("computed_from"),
        )
    choices = tuple(Choice(c["id"], c["text"], c["correct"], c["feedback"], c.get("misconception"))
                    for c in data["choices"])
    return Question(**common, choices=choices)


@lru_cache(maxsize=None)
def load_bank(lesson: str | int) -> Bank:
    """The validated question bank of one lesson, e.g. ``load_bank("03")``."""
    number = _lesson_number(lesson)
    path = bank_path(number)
    if not path.exists():
        have = ", ".join(available_lessons()) or "none"
        raise FileNotFoundError(f"no question bank for lesson {number} ({path.name}); banks exist for: {have}")
    data = _read_json(path)
    problems = validate_bank_data(data, number)
    if problems:
        raise QuestionBankError(f"{path.name}: " + "; ".join(problems))
    return Bank(number, data["title"], tuple(_question(q, number) for q in data["questions"]))


def reload_banks() -> None:
    """Forget the banks read so far, so an author editing a bank in a running kernel sees the edit."""
    for cached in (load_schema, load_misconceptions, load_bank):
        cached.cache_clear()


def find_question(question_id: str) -> Question:
    """A question by id from any bank (ids are unique across banks: ``q03_...`` lives in lesson 03)."""
    match = re.match(r"^q(\d{2})_", question_id)
    if match is None:
        raise KeyError(f"question id {question_id!r} does not start with q + a two-digit lesson number")
    return load_bank(match.group(1)).question(question_id)
