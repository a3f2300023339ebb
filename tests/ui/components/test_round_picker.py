"""The area and round a results page shows, read from and written into its address (?area=&round=): a
reload or a link returns to them, a value that cannot be used is named and the picker's choice shown
instead, and an area the session has not opened asks for that area's PIN, never another's."""

from __future__ import annotations

import datetime as dt

import pytest
from streamlit.testing.v1 import AppTest

from assessment.access import Access
from assessment.models import RoundInput
from assessment.storage import Store
from tests.app_pages.workshop.helpers import PIN, button, sign_in, text_input, texts
from ui import resources, state
from ui.components.round_picker import Address, read_address


def picker_screen() -> None:
    """A results page cut down to the pickers and the round they choose."""
    import streamlit as st

    from ui import resources
    from ui.components import round_picker

    row = round_picker.show(resources.store(), title="Results")
    st.markdown(f"Showing round {row.id if row else None}")


@pytest.fixture
def app_store(tmp_path, monkeypatch) -> Store:
    monkeypatch.setenv("ASSESSMENT_DATABASE_URL", f"sqlite:///{tmp_path / 'picker.db'}")
    resources.store.clear()
    store = resources.store()
    yield store
    store.dispose()
    resources.store.clear()


@pytest.fixture
def rounds(app_store, framework) -> dict[str, int]:
    """Testshire's spring and autumn rounds and Otherby's one round, by name: their ids."""
    made = {}
    for name, area, held_on in (
        ("spring", "Testshire", dt.date(2026, 3, 10)),
        ("autumn", "Testshire", dt.date(2026, 10, 6)),
        ("otherby", "Otherby", dt.date(2026, 4, 1)),
    ):
        spec = RoundInput(area=area, held_on=held_on, title=f"{name.title()} workshop", pin=PIN)
        made[name] = app_store.rounds.open_round(spec, framework.version).id
    return made


def screen(access: Access | None = None, **query: str) -> AppTest:
    at = AppTest.from_function(picker_screen, default_timeout=30)
    if access is not None:
        at.session_state[state.ACCESS] = access
    for name, value in query.items():
        at.query_params[name] = value
    return at.run()


def address(at: AppTest) -> dict[str, str]:
    """The page's address after the run (AppTest keeps a value the script wrote as a list)."""
    return {name: value[-1] if isinstance(value, list) else value for name, value in at.query_params.items()}


def shown(at: AppTest) -> str:
    return next(m.value for m in at.markdown if m.value.startswith("Showing round"))


EVERY_AREA = Access(programme=True)


def test_the_address_is_read_as_an_area_name_and_a_round_number():
    assert read_address({"area": "Brookmere", "round": "4"}) == Address("Brookmere", 4)
    assert read_address({"area": "  North   Yorkshire "}) == Address("North Yorkshire", None)
    assert read_address({}) == Address()


@pytest.mark.parametrize("value", ["abc", "-3", "4.0", "1234567890", ""])
def test_a_round_that_is_not_a_round_number_is_named_and_left_out(value):
    address = read_address({"round": value})
    assert address.round_id is None
    assert address.problems == (f"The address asks for round '{value}', which is not a round number.",)


def test_an_area_name_longer_than_the_sign_in_takes_is_named_and_left_out():
    address = read_address({"area": "x" * 121})
    assert address.area is None
    assert address.problems == ("The address names the area '" + "x" * 40 + "...', which cannot be an area's name.",)


def test_the_address_chooses_the_area_and_round(rounds):
    at = screen(EVERY_AREA, area="Testshire", round=str(rounds["spring"]))
    assert not at.exception
    assert shown(at) == f"Showing round {rounds['spring']}"
    assert address(at)["area"] == "Testshire" and address(at)["round"] == str(rounds["spring"])


def test_without_an_address_the_first_area_and_its_newest_round_are_shown_and_written_into_it(rounds):
    at = screen(EVERY_AREA)
    assert shown(at) == f"Showing round {rounds['otherby']}"  # Otherby comes before Testshire
    assert address(at)["area"] == "Otherby" and address(at)["round"] == str(rounds["otherby"])


def test_changing_the_round_puts_it_into_the_address(rounds):
    at = screen(EVERY_AREA, area="Testshire")
    assert shown(at) == f"Showing round {rounds['autumn']}"  # the newest of Testshire's two
    at.selectbox(key="round_picker_round").select(rounds["spring"]).run()
    assert shown(at) == f"Showing round {rounds['spring']}"
    assert address(at)["round"] == str(rounds["spring"])


def test_a_round_number_that_is_not_a_number_is_named_and_the_newest_round_shown(rounds):
    at = screen(EVERY_AREA, area="Testshire", round="abc")
    assert not at.exception
    assert "The address asks for round 'abc', which is not a round number." in [w.value for w in at.warning]
    assert shown(at) == f"Showing round {rounds['autumn']}"
    assert address(at)["round"] == str(rounds["autumn"])


def test_a_round_of_another_area_is_not_shown_under_this_one(rounds):
    at = screen(EVERY_AREA, area="Testshire", round=str(rounds["otherby"]))
    assert f"Testshire has no round {rounds['otherby']}, so its newest round is shown instead." in [
        w.value for w in at.warning
    ]
    assert shown(at) == f"Showing round {rounds['autumn']}"


def test_an_area_that_does_not_exist_is_named_to_a_programme_session(rounds):
    at = screen(EVERY_AREA, area="Nowhere")
    assert "There is no area called 'Nowhere', so the first area is shown instead." in [w.value for w in at.warning]
    assert shown(at) == f"Showing round {rounds['otherby']}"


def test_a_link_to_an_area_asks_an_anonymous_visitor_for_that_areas_pin_then_shows_the_round(rounds):
    at = screen(area="Otherby", round=str(rounds["otherby"]))
    assert at.title[0].value == "Sign in to Otherby"
    assert text_input(at, "Area or partnership").value == "Otherby"
    text_input(at, "PIN").input(PIN)
    button(at, "Open the area").click().run()
    assert at.title[0].value == "Results"
    assert shown(at) == f"Showing round {rounds['otherby']}"


def test_a_session_signed_in_to_one_area_is_asked_for_the_other_areas_pin_only_by_a_link_to_it(rounds, app_store):
    testshire = app_store.rounds.find_area("Testshire").id
    at = screen(Access(area_ids=frozenset({testshire})))  # no address: an area it holds, not the first
    assert shown(at) == f"Showing round {rounds['autumn']}"
    assert at.selectbox(key="round_picker_area").options == ["Testshire"]

    linked = screen(Access(area_ids=frozenset({testshire})), area="Otherby")
    assert linked.title[0].value == "Sign in to Otherby"
    assert "You are signed in to Testshire." in texts(linked) + " ".join(t.value for t in linked.text)
    button(linked, "Go back to Testshire").click().run()
    assert shown(linked) == f"Showing round {rounds['autumn']}"
    assert address(linked)["area"] == "Testshire"


def test_a_pin_given_on_another_areas_sign_in_opens_that_area_as_well(rounds, app_store):
    testshire = app_store.rounds.find_area("Testshire").id
    at = screen(Access(area_ids=frozenset({testshire})), area="Otherby")
    sign_in(at, "Otherby")
    assert shown(at) == f"Showing round {rounds['otherby']}"
    assert at.selectbox(key="round_picker_area").options == ["Otherby", "Testshire"]
