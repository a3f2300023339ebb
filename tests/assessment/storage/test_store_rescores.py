"""Storage of re-scoring passes, on SQLite and PostgreSQL: opening and closing passes, answers in them
(first answers never change), keeping an answer, the round's stamp, backups and older databases."""

from __future__ import annotations

import datetime as dt
import gzip
import json

import pytest
from sqlalchemy import create_engine, inspect

from assessment.models import Answer, ItemKind, RoundInput, RoundStatus
from assessment.storage import NotFound, RescoreRefused, RoundClosed, Store, StoreError, metadata
from assessment.storage.backup import backup, restore


def open_round(store: Store, area: str = "Testshire") -> int:
    return store.rounds.open_round(RoundInput(pin="2468", area=area, held_on=dt.date(2026, 3, 1)), "2026.1").id


def statement(item_id: str, value: int | None) -> Answer:
    return Answer(kind=ItemKind.STATEMENT, item_id=item_id, value=value)


def governance(*values: int | None) -> list[Answer]:
    return [statement(f"governance_{i}", value) for i, value in enumerate(values, start=1)]


def values(answers: dict) -> dict[str, int | None]:
    return {item_id: answer.value for (_kind, item_id), answer in sorted(answers.items())}


def test_a_pass_opens_on_the_chosen_factors_with_their_statements(store, framework):
    round_id = open_round(store)
    opened = store.rescores.open(round_id, ["governance", "vision", "governance"], framework=framework)
    assert (opened.round_id, opened.number, opened.factor_ids) == (round_id, 2, ("governance", "vision"))
    assert opened.is_open and opened.closed_at is None
    assert opened.statement_ids == tuple(f"governance_{i}" for i in range(1, 5)) + tuple(
        f"vision_{i}" for i in range(1, 5)
    )
    assert store.rescores.current(round_id) == opened
    assert store.rescores.passes(round_id) == [opened]


def test_opening_a_pass_closes_the_open_one_and_a_round_has_at_most_three(store, framework):
    round_id = open_round(store)
    for number in (2, 3, 4):
        opened = store.rescores.open(round_id, ["governance"], framework=framework)
        assert opened.number == number
    passes = store.rescores.passes(round_id)
    assert [p.number for p in passes] == [2, 3, 4]
    assert [p.is_open for p in passes] == [False, False, True]
    with pytest.raises(RescoreRefused, match="re-scored 3 times, the most it can be"):
        store.rescores.open(round_id, ["vision"], framework=framework)
    assert store.rescores.current(round_id).number == 4


def test_a_pass_is_refused_without_factors_or_with_a_factor_the_framework_lacks(store, framework):
    round_id = open_round(store)
    with pytest.raises(RescoreRefused, match="Choose at least one success factor"):
        store.rescores.open(round_id, [], framework=framework)
    with pytest.raises(RescoreRefused, match="'budgets' is not a success factor"):
        store.rescores.open(round_id, ["governance", "budgets"], framework=framework)
    assert store.rescores.passes(round_id) == []


def test_a_closed_round_cannot_be_re_scored_and_closing_it_closes_the_open_pass(store, framework):
    round_id = open_round(store)
    store.rescores.open(round_id, ["governance"], framework=framework)
    store.rounds.set_status(round_id, RoundStatus.CLOSED)
    assert store.rescores.current(round_id) is None
    (closed,) = store.rescores.passes(round_id)
    assert not closed.is_open and closed.closed_at is not None
    with pytest.raises(RoundClosed, match="cannot be re-scored"):
        store.rescores.open(round_id, ["governance"], framework=framework)
    store.rounds.set_status(round_id, RoundStatus.OPEN)
    assert store.rescores.current(round_id) is None  # re-opening the round does not re-open the pass
    with pytest.raises(NotFound):
        store.rescores.open(999, ["governance"], framework=framework)


def test_closing_the_pass(store, framework):
    round_id = open_round(store)
    assert store.rescores.close(round_id) is None
    store.rescores.open(round_id, ["governance"], framework=framework)
    closed = store.rescores.close(round_id)
    assert closed.number == 2 and not closed.is_open
    assert store.rescores.current(round_id) is None


def test_answers_in_a_pass_leave_the_first_answers_as_they_were(store, framework):
    round_id = open_round(store)
    person, _code = store.responses.join(round_id, "council")
    store.responses.save_answers(person.id, governance(1, 1, 2, None))
    store.rescores.open(round_id, ["governance"], framework=framework)
    assert store.rescores.save_answers(person.id, 2, governance(2, 3)) == 2
    assert store.rescores.save_answers(person.id, 2, [statement("governance_2", 2)]) == 1  # changed again
    assert values(store.rescores.answers_of(person.id, 2)) == {"governance_1": 2, "governance_2": 2}
    assert values(store.responses.answers_of(person.id)) == {
        "governance_1": 1,
        "governance_2": 1,
        "governance_3": 2,
        "governance_4": None,
    }
    frame = store.rescores.answers_frame([round_id])
    assert frame[["participant_id", "number", "item_id", "value"]].values.tolist() == [
        [person.id, 2, "governance_1", 2.0],
        [person.id, 2, "governance_2", 2.0],
    ]
    assert frame["partner_type"].tolist() == ["council", "council"]


def test_a_pass_takes_only_the_statements_of_its_factors(store, framework):
    round_id = open_round(store)
    person, _code = store.responses.join(round_id, "council")
    store.rescores.open(round_id, ["governance"], framework=framework)
    with pytest.raises(RescoreRefused, match="'vision_1' is not a statement of the success factors being re-scored"):
        store.rescores.save_answers(person.id, 2, [*governance(3), statement("vision_1", 2)])
    assert store.rescores.answers_of(person.id, 2) == {}  # nothing of the refused batch was written
    with pytest.raises(NotFound, match="no re-score numbered 3"):
        store.rescores.save_answers(person.id, 3, governance(3))
    with pytest.raises(NotFound):
        store.rescores.save_answers(999, 2, governance(3))


def test_a_closed_pass_takes_no_more_answers(store, framework):
    round_id = open_round(store)
    person, _code = store.responses.join(round_id, "council")
    store.rescores.open(round_id, ["governance"], framework=framework)
    store.rescores.open(round_id, ["vision"], framework=framework)
    with pytest.raises(RoundClosed, match="re-score has closed"):
        store.rescores.save_answers(person.id, 2, governance(3))
    with pytest.raises(RoundClosed):
        store.rescores.keep(person.id, 2)
    store.rounds.set_status(round_id, RoundStatus.FINALISED)
    with pytest.raises(RoundClosed):
        store.rescores.save_answers(person.id, 3, [statement("vision_1", 3)])


def test_keeping_copies_the_latest_earlier_answers_into_the_pass(store, framework):
    round_id = open_round(store)
    person, _code = store.responses.join(round_id, "council")
    store.responses.save_answers(person.id, [*governance(1, 1, None), statement("vision_1", 4)])
    store.rescores.open(round_id, ["governance"], framework=framework)
    store.rescores.save_answers(person.id, 2, governance(3))  # governance_1: 1 then 3
    store.rescores.open(round_id, ["governance", "vision"], framework=framework)
    store.rescores.save_answers(person.id, 3, governance(0))  # changed, then kept after all
    assert store.rescores.keep(person.id, 3) == 4
    # governance_1 from pass 2, the others from the first answers (don't know kept as don't know);
    # governance_4 was never answered, so there is nothing to keep.
    assert values(store.rescores.answers_of(person.id, 3)) == {
        "governance_1": 3,
        "governance_2": 1,
        "governance_3": None,
        "vision_1": 4,
    }


def test_keeping_one_factor_leaves_the_others_re_scores_alone(store, framework):
    round_id = open_round(store)
    person, _code = store.responses.join(round_id, "council")
    store.responses.save_answers(person.id, [*governance(1), statement("vision_1", 4)])
    store.rescores.open(round_id, ["governance", "vision"], framework=framework)
    store.rescores.save_answers(person.id, 2, governance(3))
    assert store.rescores.keep(person.id, 2, ["vision"]) == 1
    assert values(store.rescores.answers_of(person.id, 2)) == {"governance_1": 3, "vision_1": 4}
    with pytest.raises(RescoreRefused, match="'roles' is not one of the success factors re-scored in pass 2"):
        store.rescores.keep(person.id, 2, ["roles"])


def test_opening_and_closing_go_to_the_audit_trail_by_role(store, framework):
    round_id = open_round(store)
    store.rescores.open(round_id, ["governance", "vision"], actor="facilitator", framework=framework)
    store.rescores.open(round_id, ["governance"], actor="programme", framework=framework)
    store.rescores.close(round_id, actor="facilitator")
    trail = store.audit.for_round(round_id)
    passes = trail[trail["event"].str.startswith("re-score")]  # newest first
    assert passes[["actor", "event", "detail"]].values.tolist() == [
        ["facilitator", "re-score closed", "pass 3"],
        ["programme", "re-score opened", "pass 3: governance"],
        ["programme", "re-score closed", "pass 2, when pass 3 opened"],
        ["facilitator", "re-score opened", "pass 2: governance, vision"],
    ]


def test_passes_and_their_answers_change_the_rounds_stamp(store, framework):
    round_id = open_round(store)
    person, _code = store.responses.join(round_id, "council")
    stamps = [store.stamps.round(round_id)]
    store.rescores.open(round_id, ["governance"], framework=framework)
    stamps.append(store.stamps.round(round_id))
    store.rescores.save_answers(person.id, 2, governance(3))
    stamps.append(store.stamps.round(round_id))
    store.rescores.close(round_id)
    stamps.append(store.stamps.round(round_id))
    assert len(set(stamps)) == 4


def test_the_passes_of_rounds_as_a_table(store, framework):
    first, second = open_round(store), open_round(store, "Elsewhere")
    store.rescores.open(first, ["governance"], framework=framework)
    store.rescores.open(first, ["vision", "roles"], framework=framework)
    frame = store.rescores.frame([first, second])
    assert frame.values.tolist() == [[first, 2, ("governance",), True], [first, 3, ("vision", "roles"), False]]
    assert store.rescores.frame([second]).empty


def test_a_backup_carries_the_passes_and_a_tampered_answer_is_refused_in_one_line(store, framework, tmp_path):
    round_id = open_round(store)
    person, _code = store.responses.join(round_id, "council")
    store.responses.save_answers(person.id, governance(1, 1))
    store.rescores.open(round_id, ["governance"], framework=framework)
    store.rescores.save_answers(person.id, 2, governance(3, None))
    path = tmp_path / "backup.json.gz"
    counts = backup(store, path)
    assert (counts["rescores"], counts["rescore_answers"]) == (1, 2)
    restored = restore(store, path, framework, replace=True)
    assert (restored.counts["rescores"], restored.counts["rescore_answers"]) == (1, 2)
    assert values(store.rescores.answers_of(person.id, 2)) == {"governance_1": 3, "governance_2": None}
    assert store.rescores.current(round_id).factor_ids == ("governance",)

    def tampered(table: str, column: str, value: object) -> object:
        with gzip.open(path, "rt", encoding="utf-8") as handle:
            document = json.load(handle)
        document["tables"][table][0][column] = value
        edited = tmp_path / f"{table}-{column}.json.gz"
        with gzip.open(edited, "wt", encoding="utf-8") as handle:
            json.dump(document, handle)
        return edited

    with pytest.raises(StoreError, match=r"table rescore_answers, row 1: item_id 'vision_1' is not a statement re-sc"):
        restore(store, tampered("rescore_answers", "item_id", "vision_1"), framework, replace=True)
    with pytest.raises(StoreError, match=r"table rescores, row 1: number 5 is not a re-scoring pass \(2, 3 or 4\)"):
        restore(store, tampered("rescores", "number", 5), framework, replace=True)
    with pytest.raises(StoreError, match=r"table rescore_answers, row 1: value 7"):
        restore(store, tampered("rescore_answers", "value", 7), framework, replace=True)
    assert store.rescores.answers_of(person.id, 2)  # a refused restore changes nothing


def test_opening_an_older_database_adds_the_rescore_tables(tmp_path):
    url = f"sqlite:///{tmp_path / 'old.db'}"
    engine = create_engine(url)
    metadata.create_all(engine, tables=[t for t in metadata.sorted_tables if not t.name.startswith("rescore")])
    assert "rescores" not in inspect(engine).get_table_names()
    engine.dispose()
    store = Store(url)
    assert {"rescores", "rescore_answers"} <= set(inspect(store.engine).get_table_names())
    round_id = open_round(store)
    assert store.rescores.passes(round_id) == []
    store.dispose()
