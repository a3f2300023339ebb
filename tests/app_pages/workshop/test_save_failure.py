"""A save that fails (disk full, read-only database) on the participant page: a plain error, what the
participant chose and typed stays on screen, the step does not move on and nothing is half-saved."""

from __future__ import annotations

from assessment.models import ItemKind
from assessment.storage import DatabaseUnavailable, StoreError
from tests.app_pages.workshop.helpers import button, texts
from tests.app_pages.workshop.test_rescore import everything, participant_session
from tests.app_pages.workshop.test_workshop_participant import joined_session, participant_of, radio
from ui.components.participant_flow import NOT_SAVED_YET


def test_a_failed_save_says_so_plainly_and_keeps_what_was_typed(open_round, app_store, framework, monkeypatch):
    at = joined_session(open_round)
    person = participant_of(at)
    first = framework.factors[0].statements[0].id
    radio(at, person, ItemKind.STATEMENT, first).set_value(3)
    comment = at.text_area(key=f"question_{person}_statement_{first}_comment")
    comment.input("Our joint board meets monthly")

    def disk_full(*_args, **_kwargs):  # noqa: ANN002, ANN003, ANN202
        raise StoreError("the server's disk is full")

    monkeypatch.setattr(app_store.responses, "save_answers", disk_full)
    button(at, "Save and next").click().run()
    assert not at.exception
    errors = [e.value for e in at.error]
    assert errors == [
        "Your answers on this page were not saved: the server's disk is full. Please press the button again."
    ]
    assert "Traceback" not in " ".join(errors)
    assert radio(at, person, ItemKind.STATEMENT, first).value == 3
    assert at.text_area(key=f"question_{person}_statement_{first}_comment").value == "Our joint board meets monthly"
    assert at.progress[0].value is not None and "Page 1 of" in at.progress[0].proto.text
    monkeypatch.undo()
    assert app_store.responses.answers_of(person) == {}


def _database_away(monkeypatch, store) -> None:  # noqa: ANN001
    """Every read and write of the store fails as when PostgreSQL is stopped."""

    def away():  # noqa: ANN202
        raise DatabaseUnavailable("the database could not be read: the database server is not answering")

    monkeypatch.setattr(store.database, "read", away)
    monkeypatch.setattr(store.database, "write", away)


def test_a_save_while_the_database_is_away_keeps_the_answers_and_saves_them_once_it_is_back(
    open_round, app_store, framework, monkeypatch
):
    at = joined_session(open_round)
    person = participant_of(at)
    first = framework.factors[0].statements[0].id
    radio(at, person, ItemKind.STATEMENT, first).set_value(2)
    at.text_area(key=f"question_{person}_statement_{first}_comment").input("Aligned plans, not pooled money")

    _database_away(monkeypatch, app_store)
    button(at, "Save and next").click().run()

    assert not at.exception and not at.error
    assert [w.value for w in at.warning] == [NOT_SAVED_YET]
    assert radio(at, person, ItemKind.STATEMENT, first).value == 2  # still on screen, as chosen
    assert at.text_area(key=f"question_{person}_statement_{first}_comment").value == "Aligned plans, not pooled money"
    assert "Page 1 of" in at.progress[0].proto.text
    assert at.query_params["step"] == "1"

    monkeypatch.undo()  # the database is back; the page's retry runs with the next run of the page
    at.run()

    assert not at.exception and not at.warning
    assert at.query_params["step"] == "2"  # moved on, as "Save and next" asked
    assert "Page 2 of" in at.progress[0].proto.text
    saved = app_store.responses.answers_of(person)
    assert list(saved) == [(ItemKind.STATEMENT, first)]
    assert (saved[(ItemKind.STATEMENT, first)].value, saved[(ItemKind.STATEMENT, first)].comment) == (
        2,
        "Aligned plans, not pooled money",
    )


def test_a_re_score_given_while_the_database_is_away_is_saved_once_it_is_back(
    open_round, app_store, framework, monkeypatch
):
    participant, code = app_store.responses.join(open_round.id, "council")
    app_store.responses.save_answers(participant.id, everything(framework, open_round, 0))
    app_store.rescores.open(open_round.id, ["governance"], framework=framework)
    at = participant_session(open_round, code)
    assert at.header[0].value == "Effective governance"
    for choice in at.radio:
        choice.set_value(3)

    _database_away(monkeypatch, app_store)
    button(at, "Save and next").click().run()

    assert not at.exception and not at.error
    assert [w.value for w in at.warning] == [NOT_SAVED_YET]
    assert [choice.value for choice in at.radio] == [3, 3, 3, 3]  # still on screen, as chosen

    monkeypatch.undo()
    at.run()

    assert not at.exception and not at.warning
    given = app_store.rescores.answers_of(participant.id, 2)
    assert sorted(a.value for a in given.values()) == [3, 3, 3, 3]
    assert "**Effective governance**: re-scored" in texts(at)
