"""PostgreSQL stopped and started again under a running store (a private server: tests/pg_private.py).

A save while the server is down fails with DatabaseUnavailable, worded plainly; once it is back the
same save succeeds, the pool's stale connections replaced as they are checked out, and an answer saved again is still
one row. A join retried with the same resume code registers one participant."""

import datetime as dt

import pytest
from sqlalchemy import create_engine, func, select

from assessment.models import Answer, ItemKind, RoundInput
from assessment.storage import DatabaseUnavailable, Store, StoreError
from assessment.storage.codes import RESUME_CODE_LENGTH, new_code
from assessment.storage.schema import answers, participants

pytestmark = pytest.mark.postgres


@pytest.fixture
def private_store(private_postgres):
    store = Store(private_postgres.url)
    yield store
    store.dispose()


def _round_id(store: Store) -> int:
    spec = RoundInput(area="Testshire", held_on=dt.date(2026, 3, 1), title="Workshop", pin="1357")
    return store.rounds.open_round(spec, "2026.1").id


def _count(url: str, table) -> int:  # noqa: ANN001
    engine = create_engine(url)
    with engine.connect() as conn:
        counted = conn.execute(select(func.count()).select_from(table)).scalar_one()
    engine.dispose()
    return counted


LEADERSHIP_1 = Answer(kind=ItemKind.STATEMENT, item_id="leadership_1", value=3, comment="a joint board since May")


def test_a_save_while_the_database_is_down_says_so_and_the_same_save_works_once_it_is_back(
    private_postgres, private_store
):
    round_id = _round_id(private_store)
    participant, _code = private_store.responses.join(round_id, "council")
    private_store.responses.save_answers(participant.id, [LEADERSHIP_1])  # the pool now holds a connection

    private_postgres.stop()
    with pytest.raises(DatabaseUnavailable) as refused:
        private_store.responses.save_answers(participant.id, [LEADERSHIP_1])
    assert str(refused.value) == "the database could not save this change: the database server is not answering"
    private_postgres.start()

    assert private_store.responses.save_answers(participant.id, [LEADERSHIP_1]) == 1
    assert _count(private_postgres.url, answers) == 1
    assert private_store.responses.answers_of(participant.id)[(ItemKind.STATEMENT, "leadership_1")] == LEADERSHIP_1


def test_the_first_save_after_a_restart_uses_no_dead_pooled_connection(private_postgres, private_store):
    round_id = _round_id(private_store)
    participant, _code = private_store.responses.join(round_id, "school")
    private_store.responses.save_answers(participant.id, [LEADERSHIP_1])

    private_postgres.restart()  # every connection in the pool is now cut

    private_store.responses.save_answers(participant.id, [LEADERSHIP_1])  # no error: pre-ping replaced it
    assert _count(private_postgres.url, answers) == 1


def test_a_store_opened_while_the_database_is_down_names_it_without_the_password(private_postgres):
    private_postgres.stop()
    url = private_postgres.url.replace("postgres@", "postgres:secret@")
    with pytest.raises(DatabaseUnavailable) as refused:
        Store(url)
    assert str(refused.value) == (
        f'cannot open the PostgreSQL database "postgres" on 127.0.0.1:{private_postgres.port}: '
        "the database server is not answering"
    )
    assert "secret" not in str(refused.value)


def test_a_join_retried_with_its_resume_code_registers_one_participant(private_postgres, private_store):
    round_id = _round_id(private_store)
    code = new_code(RESUME_CODE_LENGTH)
    first, first_code = private_store.responses.join(round_id, "nhs", "Head of commissioning", resume_code=code)
    again, again_code = private_store.responses.join(round_id, "nhs", "Head of commissioning", resume_code=code)
    assert (again.id, again_code) == (first.id, first_code) == (first.id, code)
    assert _count(private_postgres.url, participants) == 1
    with pytest.raises(StoreError, match="already someone else's"):
        private_store.responses.join(round_id, "school", resume_code=code)
