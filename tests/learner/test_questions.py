"""The question banks: valid against the schema, consistent with each other and with the model."""

import copy
import json
import re

import jsonschema
import pytest

from support.paths import ROOT
from widgets.learner import questions as qb
from widgets.mechanics import push_off

BANK_FILES = sorted(qb.BANK_DIR.glob("lesson_*.json"))
LESSON_NUMBERS = sorted({p.name[:2] for p in (ROOT / "lessons").glob("[0-9][0-9]_*.ipynb")})


def raw(path):
    return json.loads(path.read_text(encoding="utf-8"))


def schema_errors(data):
    return [e.message for e in jsonschema.Draft202012Validator(qb.load_schema()).iter_errors(data)]


def test_the_schema_is_a_valid_draft_2020_12_schema():
    jsonschema.Draft202012Validator.check_schema(qb.load_schema())


@pytest.mark.parametrize("path", BANK_FILES, ids=lambda p: p.name)
def test_every_bank_validates_against_the_schema(path):
    assert schema_errors(raw(path)) == []


@pytest.mark.parametrize("path", BANK_FILES, ids=lambda p: p.name)
def test_every_bank_loads_with_its_cross_checks(path):
    bank = qb.load_bank(path.name[len("lesson_"):len("lesson_") + 2])
    assert bank.lesson == raw(path)["lesson"]
    assert len(bank.questions) == len(raw(path)["questions"])


def test_the_misconception_bank_validates_and_has_unique_ids():
    misconceptions = qb.load_misconceptions()
    assert len(misconceptions) == len(raw(qb.MISCONCEPTIONS_PATH)["misconceptions"])


#: The misconceptions the course's fact sheet lists (shared/domain/facts.md, kept outside the
#: repository), by number and a word each card's statement must contain.
FACT_SHEET_MISCONCEPTIONS = {1: "sitting", 2: "flexib", 3: "thomas", 4: "stretch", 5: "extension",
                             6: "rotation", 7: "180", 8: "barefoot", 9: "forefoot", 10: "contact"}


def test_the_misconception_bank_covers_the_ten_misconceptions_of_the_facts_sheet():
    cards = {int(card_id[1:3]): card_id for card_id in qb.load_misconceptions()}
    missing = {number: word for number, word in FACT_SHEET_MISCONCEPTIONS.items()
               if number not in cards or word not in cards[number].lower()}
    assert not missing, f"misconception cards missing or renumbered: {missing} (have {sorted(cards.values())})"


def test_question_ids_are_unique_across_all_banks():
    ids = [q["id"] for path in BANK_FILES for q in raw(path)["questions"]]
    duplicates = sorted({i for i in ids if ids.count(i) > 1})
    assert duplicates == []


def test_every_misconception_id_a_question_uses_exists():
    known = set(qb.load_misconceptions())
    used = {(path.name, m) for path in BANK_FILES for q in raw(path)["questions"]
            for m in q["misconceptions"] + [c["misconception"] for c in q.get("choices", []) if "misconception" in c]}
    assert sorted((name, m) for name, m in used if m not in known) == []


@pytest.mark.parametrize("lesson", LESSON_NUMBERS)
def test_every_lesson_has_a_bank_with_at_least_three_questions(lesson):
    assert len(qb.load_bank(lesson).questions) >= 3


def test_the_core_lesson_has_at_least_five_questions_and_a_numeric_one_from_the_model():
    questions = qb.load_bank("03").questions
    assert len(questions) >= 5
    assert any(q.type == "numeric" and q.computed_from for q in questions)


@pytest.mark.parametrize(
    "question", [q for n in qb.available_lessons() for q in qb.load_bank(n).questions if q.computed_from],
    ids=lambda q: q.id)
def test_a_numeric_answer_computed_from_the_model_matches_the_model(question):
    call = question.computed_from
    assert call["function"] == "push_off"
    value = getattr(push_off(**call["inputs"]), call["field"]) * call.get("factor", 1)
    assert abs(value - question.answer) <= question.tolerance / 2


def test_the_schema_rejects_a_single_choice_question_with_two_correct_choices():
    data = copy.deepcopy(raw(qb.BANK_DIR / "lesson_03.json"))
    single = next(q for q in data["questions"] if q["type"] == "single")
    for choice in single["choices"]:
        choice["correct"] = True
        choice.pop("misconception", None)
    assert schema_errors(data) != []


def test_the_schema_rejects_a_question_without_a_source():
    data = copy.deepcopy(raw(qb.BANK_DIR / "lesson_03.json"))
    del data["questions"][0]["source"]
    assert schema_errors(data) != []


def test_the_schema_rejects_an_evidence_label_outside_the_course_scale():
    data = copy.deepcopy(raw(qb.BANK_DIR / "lesson_03.json"))
    data["questions"][0]["evidence"] = "probably true"
    assert schema_errors(data) != []


def test_loading_reports_an_unknown_misconception_id():
    data = copy.deepcopy(raw(qb.BANK_DIR / "lesson_03.json"))
    data["questions"][0]["misconceptions"].append("M99-not-in-the-bank")
    problems = qb.validate_bank_data(data, "03")
    assert any("M99-not-in-the-bank" in p for p in problems)


def test_loading_reports_a_numeric_answer_outside_its_own_range():
    data = copy.deepcopy(raw(qb.BANK_DIR / "lesson_03.json"))
    numeric = next(q for q in data["questions"] if q["type"] == "numeric")
    numeric["range"] = {"min": numeric["answer"] + 1, "max": numeric["answer"] + 2}
    assert any("outside its range" in p for p in qb.validate_bank_data(data, "03"))


def test_loading_a_lesson_without_a_bank_names_the_banks_that_exist():
    with pytest.raises(FileNotFoundError, match="banks exist for"):
        qb.load_bank("99")


def test_a_lesson_number_that_is_not_two_digits_is_refused():
    with pytest.raises(ValueError, match="lesson='3a'"):
        qb.load_bank("3a")


def test_question_ids_carry_their_lesson_number():
    for path in BANK_FILES:
        data = raw(path)
        assert all(re.match(rf"^q{data['lesson']}_", q["id"]) for q in data["questions"]), path.name


def test_an_edited_bank_is_read_again_after_reload(tmp_path, monkeypatch):
    import json
    import shutil

    folder = tmp_path / "question_bank"
    shutil.copytree(qb.BANK_DIR, folder)
    monkeypatch.setattr(qb, "BANK_DIR", folder)
    qb.reload_banks()
    try:
        title = qb.load_bank("01").title
        data = json.loads((folder / "lesson_01.json").read_text(encoding="utf-8"))
        data["title"] = title + " (edited)"
        (folder / "lesson_01.json").write_text(json.dumps(data), encoding="utf-8")
        assert qb.load_bank("01").title == title
        qb.reload_banks()
        assert qb.load_bank("01").title == title + " (edited)"
    finally:
        monkeypatch.undo()
        qb.reload_banks()
