"""Storage on SQLite and PostgreSQL: rounds, answers as upserts, consensus, PINs, actions."""

import datetime as dt
import threading

import pytest
from pydantic import ValidationError

from assessment.models import ActionInput, Answer, ConsensusEntry, ItemKind, RoundInput, RoundStatus
from assessment.storage import (
    CODE_ALPHABET,
    ConsensusConflict,
    NotFound,
    RoundClosed,
    Store,
    StoreError,
)


def _round(store: Store, area: str = "Testshire", pin: str | None = "1357", priorities=("send", "camhs")):
    spec = RoundInput(area=area, held_on=dt.date(2026, 3, 1), title="Workshop", pin=pin, priority_areas=priorities)
    return store.rounds.open_round(spec, "2026.1")


def test_opening_a_round_creates_the_area_and_an_unambiguous_join_code(store):
    row = _round(store)
    assert row.area_name == "Testshire"
    assert row.status == RoundStatus.OPEN
    assert row.framework_version == "2026.1"
    assert row.priority_areas == ("send", "camhs")
    assert len(row.join_code) == 6 and set(row.join_code) <= set(CODE_ALPHABET)
    assert not set(row.join_code) & set("0O1IL")
    assert store.rounds.find_round_by_code(row.join_code.lower()).id == row.id
    assert store.rounds.find_round_by_code("ZZZZZZ") is None
    assert [a.name for a in store.rounds.list_areas()] == ["Testshire"]


def test_saving_the_same_answer_twice_keeps_one_row_with_the_later_value(store):
    row = _round(store)
    participant, _code = store.responses.join(row.id, "council")
    store.responses.save_answers(participant.id, [Answer(kind=ItemKind.STATEMENT, item_id="leadership_1", value=1)])
    store.responses.save_answers(
        participant.id, [Answer(kind=ItemKind.STATEMENT, item_id="leadership_1", value=3, comment="changed")]
    )
    frame = store.responses.answers_frame([row.id])
    assert len(frame) == 1
    assert frame.iloc[0]["value"] == 3 and frame.iloc[0]["comment"] == "changed"


def test_dont_know_is_stored_as_no_value(store):
    row = _round(store)
    participant, _code = store.responses.join(row.id, "school")
    store.responses.save_answers(
        participant.id,
        [
            Answer(kind=ItemKind.STATEMENT, item_id="vision_1", value=None),
            Answer(kind=ItemKind.COMPONENT, item_id="budgets", value=4),
        ],
    )
    mine = store.responses.answers_of(participant.id)
    assert mine[(ItemKind.STATEMENT, "vision_1")].value is None
    assert mine[(ItemKind.COMPONENT, "budgets")].value == 4


def test_resume_code_brings_back_the_participant_only_in_their_own_round(store):
    first = _round(store)
    second = _round(store, area="Otherton")
    participant, code = store.responses.join(first.id, "voluntary", "Chief officer")
    assert store.responses.resume(code).id == participant.id
    assert store.responses.resume(code.lower()).id == participant.id
    assert store.responses.resume(code, round_id=first.id).id == participant.id
    assert store.responses.resume(code, round_id=second.id) is None
    assert store.responses.resume("AAAAAAAAAA") is None


def test_a_response_is_returned_as_it_is_stored(store):
    round_row = _round(store)
    typed = "  Head of " + "x" * 200 + "  "
    answer = Answer(kind=ItemKind.STATEMENT, item_id="leadership_1", value=2)
    added = store.responses.add_response(round_row.id, "council", [answer], role_title=typed)
    joined, _code = store.responses.join(round_row.id, "school", typed)
    # Trimmed and cut to 120 characters ("Head of " and 112 x's), the same on the row returned and the row stored.
    assert added.role_title == "Head of " + "x" * 112
    assert store.responses.get_participant(added.id) == added
    assert store.responses.get_participant(joined.id) == joined


def test_a_closed_round_refuses_answers_and_new_participants(store):
    row = _round(store)
    participant, _code = store.responses.join(row.id, "council")
    store.rounds.set_status(row.id, RoundStatus.CLOSED)
    with pytest.raises(RoundClosed):
        store.responses.save_answers(participant.id, [Answer(kind=ItemKind.COMPONENT, item_id="data", value=2)])
    with pytest.raises(RoundClosed):
        store.responses.join(row.id, "council")
    assert store.responses.answers_frame([row.id]).empty


def test_reopening_a_finalised_round_is_recorded(store):
    row = _round(store)
    store.rounds.set_status(row.id, RoundStatus.CLOSED)
    store.rounds.set_status(row.id, RoundStatus.FINALISED)
    store.rounds.set_status(row.id, RoundStatus.OPEN, actor="facilitator")
    events = store.audit.for_round(row.id)["event"].tolist()
    assert events[0] == "round re-opened"
    assert "round finalised" in events


def test_second_facilitator_is_told_the_consensus_changed(store):
    row = _round(store)
    entry = ConsensusEntry(kind=ItemKind.FACTOR, item_id="governance", value=2, rationale="Agreed after discussion")
    first = store.consensus.record(row.id, entry, expected_revision=None)
    assert first.revision == 1
    # A second facilitator loaded the page before the first saved (no record then):
    with pytest.raises(ConsensusConflict):
        store.consensus.record(row.id, entry.model_copy(update={"value": 3}), expected_revision=None)
    assert store.consensus.for_round(row.id)[(ItemKind.FACTOR, "governance")].value == 2
    second = store.consensus.record(row.id, entry.model_copy(update={"value": 3}), expected_revision=1)
    assert second.revision == 2
    assert store.consensus.for_round(row.id)[(ItemKind.FACTOR, "governance")].value == 3


def test_a_finalised_rounds_consensus_cannot_change_until_it_is_reopened(store):
    row = _round(store)
    entry = ConsensusEntry(kind=ItemKind.FACTOR, item_id="governance", value=2, rationale="Agreed")
    store.consensus.record(row.id, entry, expected_revision=None)
    store.rounds.set_status(row.id, RoundStatus.CLOSED)
    store.rounds.set_status(row.id, RoundStatus.FINALISED)
    with pytest.raises(RoundClosed, match="finalised"):
        store.consensus.record(row.id, entry.model_copy(update={"value": 3}), expected_revision=1)
    assert store.consensus.for_round(row.id)[(ItemKind.FACTOR, "governance")].value == 2
    store.rounds.set_status(row.id, RoundStatus.OPEN)
    assert store.consensus.record(row.id, entry.model_copy(update={"value": 3}), expected_revision=1).value == 3


def test_the_pin_is_stored_hashed(store):
    row = _round(store, pin="secret-pin")
    from sqlalchemy import select

    from assessment.storage.schema import rounds

    with store.engine.connect() as conn:
        stored = conn.execute(select(rounds.c.pin_hash).where(rounds.c.id == row.id)).scalar()
    assert "secret-pin" not in stored and stored.startswith("$argon2")


def test_actions_are_kept_with_the_round(store):
    row = _round(store)
    action_id = store.plan.add(row.id, ActionInput(title="Pilot pooled budgets", owner="DCS", factor_id="governance"))
    store.plan.update(action_id, ActionInput(title="Pilot pooled budgets", owner="DCS", status="done"))
    (action,) = store.plan.for_round(row.id)
    assert action.status == "done" and action.owner == "DCS"


@pytest.mark.parametrize("bad", [7, -1, 2.5, "abc", True])
def test_tampered_scores_are_refused_before_storage(bad):
    with pytest.raises(ValidationError):
        Answer(kind=ItemKind.STATEMENT, item_id="leadership_1", value=bad)


def test_stage_answers_must_be_one_to_six():
    with pytest.raises(ValidationError):
        Answer(kind=ItemKind.COMPONENT, item_id="budgets", value=0)
    assert Answer(kind=ItemKind.COMPONENT, item_id="budgets", value=6).value == 6


def test_text_with_nul_is_refused_and_odd_text_is_stored_exactly(store):
    with pytest.raises(ValidationError):
        Answer(kind=ItemKind.STATEMENT, item_id="leadership_1", value=1, comment="a\x00b")
    row = _round(store)
    participant, _code = store.responses.join(row.id, "council")
    odd = "\u202eright-to-left 🙂 <script>alert(1)</script> " + "x" * 1900
    store.responses.save_answers(
        participant.id, [Answer(kind=ItemKind.STATEMENT, item_id="leadership_1", value=1, comment=odd)]
    )
    assert store.responses.answers_of(participant.id)[(ItemKind.STATEMENT, "leadership_1")].comment == odd


def test_unknown_round_or_participant_is_not_found(store):
    with pytest.raises(NotFound):
        store.rounds.get_round(999)
    with pytest.raises(NotFound):
        store.responses.save_answers(999, [])
    with pytest.raises(NotFound):
        store.rounds.find_area("Nowhere")


def test_concurrent_saves_from_many_participants_all_land(store):
    row = _round(store)
    people = [store.responses.join(row.id, "council")[0] for _ in range(20)]
    errors = []

    def save(participant_id: int) -> None:
        try:
            for step in range(1, 5):
                store.responses.save_answers(
                    participant_id, [Answer(kind=ItemKind.STATEMENT, item_id=f"leadership_{step}", value=step % 5)]
                )
        except Exception as exc:  # collected and asserted below
            errors.append(exc)

    threads = [threading.Thread(target=save, args=(p.id,)) for p in people]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert errors == []
    frame = store.responses.answers_frame([row.id])
    assert len(frame) == 20 * 4
    assert frame.groupby("participant_id").size().eq(4).all()


def test_a_bad_database_url_is_a_plain_error():
    with pytest.raises(StoreError, match="cannot use the database URL"):
        Store("nosuchdb://x")


def test_a_read_only_database_gives_a_plain_error_and_keeps_what_was_saved(tmp_path):
    path = tmp_path / "ro.db"
    store = Store(f"sqlite:///{path}")
    row = _round(store)
    participant, _code = store.responses.join(row.id, "council")
    store.responses.save_answers(participant.id, [Answer(kind=ItemKind.COMPONENT, item_id="data", value=2)])
    store.dispose()
    read_only = Store(f"sqlite:///file:{path}?mode=ro&uri=true")
    with pytest.raises(StoreError, match="could not save"):
        read_only.responses.save_answers(participant.id, [Answer(kind=ItemKind.COMPONENT, item_id="data", value=5)])
    assert read_only.responses.answers_frame([row.id]).iloc[0]["value"] == 2
    read_only.dispose()


def test_a_full_disk_gives_a_plain_error_and_writes_nothing(tmp_path):
    from sqlalchemy import event

    store = Store(f"sqlite:///{tmp_path / 'full.db'}")
    row = _round(store)
    participant, _code = store.responses.join(row.id, "council")
    store.responses.save_answers(participant.id, [Answer(kind=ItemKind.COMPONENT, item_id="data", value=2)])
    store.dispose()

    @event.listens_for(store.engine, "connect")
    def _no_room_to_grow(dbapi_connection, _record):  # SQLite's own way of saying "disk full"
        pages = dbapi_connection.execute("PRAGMA page_count").fetchone()[0]
        dbapi_connection.execute(f"PRAGMA max_page_count = {pages}")

    big = [Answer(kind=ItemKind.STATEMENT, item_id=f"vision_{n}", value=1, comment="x" * 2000) for n in range(1, 5)]
    big += [Answer(kind=ItemKind.STATEMENT, item_id=f"capacity_{n}", value=1, comment="y" * 2000) for n in range(1, 5)]
    with pytest.raises(StoreError, match="the disk is full"):
        store.responses.save_answers(participant.id, big)
    frame = store.responses.answers_frame([row.id])
    assert frame["item_id"].tolist() == ["data"]
    store.dispose()


def test_the_programme_stamp_changes_when_an_area_or_round_is_added_or_a_status_changes(store):
    empty = store.stamps.programme()

    store.rounds.ensure_area("Northshire")
    with_area = store.stamps.programme()
    row = _round(store)
    with_round = store.stamps.programme()
    store.rounds.set_status(row.id, RoundStatus.CLOSED)
    closed = store.stamps.programme()

    assert len({empty, with_area, with_round, closed}) == 4
    assert store.stamps.programme() == closed  # reading changes nothing


def test_the_round_stamp_changes_with_everything_stored_about_the_round(store):
    from assessment.models import AppraisalScore, CriterionWeight, HybridInput

    dimensions = ["lead_commissioner", "governance", "commissioner_provider", "commissioning_officers"]
    DIMENSIONS = [*dimensions, "commissioning_support"]  # noqa: N806 - the framework's five dimensions

    row = _round(store)
    other = _round(store, area="Otherton")
    seen = [store.stamps.round(row.id)]

    def changed(what: str) -> None:
        stamp = store.stamps.round(row.id)
        assert stamp != seen[-1], f"the stamp did not change when {what}"
        seen.append(stamp)

    participant, _code = store.responses.join(row.id, "council")
    changed("someone joined")
    store.responses.save_answers(participant.id, [Answer(kind=ItemKind.COMPONENT, item_id="budgets", value=2)])
    changed("an answer was saved")
    store.responses.save_answers(participant.id, [Answer(kind=ItemKind.COMPONENT, item_id="budgets", value=3)])
    changed("an answer was changed")
    store.appraisal.save_weights(row.id, [CriterionWeight(criterion_id="outcomes", weight=50)])
    changed("a weight was saved")
    store.appraisal.save_scores(row.id, [AppraisalScore(option_id="targeted", criterion_id="outcomes", value=3)])
    changed("a Board score was saved")
    hybrid = store.appraisal.add_hybrid(row.id, HybridInput(name="Mix", choices=dict.fromkeys(DIMENSIONS, "targeted")))
    changed("a hybrid was added")
    store.appraisal.delete_hybrid(hybrid.id)
    changed("a hybrid was deleted")
    assert seen[-1] == seen[-3]  # the same data as before the hybrid was added: the same appraisal
    entry = ConsensusEntry(kind=ItemKind.FACTOR, item_id="governance", value=2)
    store.consensus.record(row.id, entry, expected_revision=None)
    changed("a consensus was recorded")
    store.rounds.set_status(row.id, RoundStatus.CLOSED)
    changed("the round was closed")

    before = store.stamps.round(row.id)
    store.responses.join(other.id, "school")
    store.appraisal.save_weights(other.id, [CriterionWeight(criterion_id="outcomes", weight=10)])
    assert store.stamps.round(row.id) == before  # another round's changes leave it alone


def test_an_uncertain_factors_reason_is_kept_and_an_older_database_gains_its_column(store, framework, tmp_path):
    from sqlalchemy import text

    from assessment.storage.backup import backup, restore

    spec = RoundInput(pin="2468", area="Testford", held_on=dt.date(2026, 2, 3), title="Workshop")
    round_id = store.rounds.open_round(spec, framework.version).id
    entry = ConsensusEntry(kind=ItemKind.FACTOR, item_id="vision", value=2, uncertain_reason="Schools absent")
    store.consensus.record(round_id, entry, expected_revision=None)
    assert store.consensus.for_round(round_id)[(ItemKind.FACTOR, "vision")].uncertain_reason == "Schools absent"
    backup(store, tmp_path / "backup.json.gz")
    copy = Store(f"sqlite:///{tmp_path / 'restored.db'}")
    try:
        restore(copy, tmp_path / "backup.json.gz", framework)
        assert copy.consensus.for_round(round_id)[(ItemKind.FACTOR, "vision")].uncertain_reason == "Schools absent"
    finally:
        copy.dispose()
    if store.url.startswith("sqlite"):
        with store.engine.begin() as conn:
            conn.execute(text("ALTER TABLE consensus DROP COLUMN uncertain_reason"))
        store.dispose()
        upgraded = Store(store.url)
        try:
            assert upgraded.consensus.for_round(round_id)[(ItemKind.FACTOR, "vision")].uncertain_reason == ""
        finally:
            upgraded.dispose()
