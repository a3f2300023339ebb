"""Who may open what: a participant's session never reaches a facilitator page, tampered links get the
one generic message, and every page but the join page and the help pages asks for a PIN of the area
or the programme passphrase first."""

from __future__ import annotations

import datetime as dt

import pytest

from assessment.access import Access
from assessment.models import Answer, ItemKind, RoundInput
from assessment.signin import set_passphrase
from tests.app_pages.workshop.helpers import page, sign_in, sign_in_with_passphrase, texts
from ui import state
from ui.components.access_gate import PARTICIPANT_REFUSED

APP = "app.py"
FACILITATOR_PAGES = ["app_pages/workshop_facilitator.py", "app_pages/workshop_presentation.py"]
GENERIC = "That code did not open a workshop that is taking answers"


def participant_session(path: str, round_row, *, also_admitted: bool = False):  # noqa: ANN001, ANN201
    """A session that joined the round as a participant, opening another page (optionally one that had
    also been given the PIN earlier, which must not help)."""
    at = page(path)
    at.session_state[state.PARTICIPANT_ROUND] = round_row.id
    at.session_state[state.PARTICIPANT_ID] = None
    at.session_state[state.AREA_ID] = round_row.area_id
    at.session_state[state.ROUND_ID] = round_row.id
    if also_admitted:
        at.session_state[state.ACCESS] = Access(area_ids=frozenset({round_row.area_id}))
    at.run()
    assert not at.exception, [e.value for e in at.exception]
    return at


@pytest.mark.parametrize("path", FACILITATOR_PAGES)
@pytest.mark.parametrize("also_admitted", [False, True])
def test_a_participant_session_opening_a_facilitator_page_is_refused(open_round, path, also_admitted):
    at = participant_session(path, open_round, also_admitted=also_admitted)
    assert PARTICIPANT_REFUSED in [e.value for e in at.error]
    assert not [t for t in at.text_input if t.label == "PIN"]
    assert open_round.join_code not in texts(at)
    assert not at.tabs


@pytest.mark.parametrize("path", ["app_pages/options.py", "app_pages/development_plan.py"])
def test_a_participant_session_cannot_unlock_editing_options_or_the_plan(open_round, path):
    at = participant_session(path, open_round, also_admitted=True)
    assert PARTICIPANT_REFUSED in [e.value for e in at.error]
    assert not [b for b in at.button if b.label in {"Save the Board's scores", "Add the action", "Save this hybrid"}]


def test_the_app_shows_a_participant_only_the_questionnaire_whatever_page_they_ask_for(open_round):
    at = page(APP)
    at.query_params["join"] = open_round.join_code
    at.run()
    assert not at.exception
    assert at.title[0].value == "About you"
    # The facilitator's pages are not even registered for this session, so they cannot be navigated to.
    with pytest.raises(ValueError, match=r"Known pages: \[[^,]*workshop_participant\.py'\]"):
        at.switch_page("app_pages/workshop_facilitator.py")


@pytest.mark.parametrize(
    "params",
    [
        {"join": "<script>alert(1)</script>"},
        {"join": "A" * 5000},
        {"join": "[x](javascript:alert(1))"},
        {"resume": "garbage"},
        {"resume": "<img src=x onerror=alert(1)>"},
        {"join": "ABC234", "resume": "'; DROP TABLE participants; --"},
    ],
)
def test_a_tampered_link_gets_the_generic_message_and_reveals_nothing(open_round, app_store, params):
    at = page(APP)
    for name, value in params.items():
        at.query_params[name] = value
    at.run()
    assert not at.exception
    errors = [e.value for e in at.error]
    assert len(errors) == 1 and GENERIC in errors[0]
    shown = texts(at)
    for value in params.values():
        assert value not in shown
    assert not at.query_params.get("join") and not at.query_params.get("resume")
    assert state.PARTICIPANT_ID not in at.session_state or at.session_state[state.PARTICIPANT_ID] is None
    assert app_store.responses.participants_frame([open_round.id]).empty


def test_a_resume_code_from_another_round_does_not_open_this_round(open_round, app_store, framework):
    other = app_store.rounds.open_round(
        RoundInput(area="Otherby", held_on=dt.date(2026, 4, 1), pin="1111"), framework.version
    )
    participant, code = app_store.responses.join(other.id, "council")
    app_store.responses.save_answers(
        participant.id, [Answer(kind=ItemKind.COMPONENT, item_id=framework.components[0].id, value=3)]
    )
    at = page(APP)
    at.query_params["join"] = open_round.join_code
    at.query_params["resume"] = code
    at.run()
    assert GENERIC in at.error[0].value
    assert state.PARTICIPANT_ID not in at.session_state or at.session_state[state.PARTICIPANT_ID] is None


# -- every results page asks first --------------------------------------------------------------------


RESULTS_PAGES = [
    "app_pages/area_dashboard.py",
    "app_pages/options.py",
    "app_pages/development_plan.py",
    "app_pages/excel.py",
    "app_pages/workshop_facilitator.py",
    "app_pages/workshop_presentation.py",
    "app_pages/workshop_setup.py",
    "app_pages/compare_areas.py",
]


def visitor(path: str, round_row, tab: str | None = None):  # noqa: ANN001, ANN201
    """A session that has given no PIN, on a page with the round picked (and, for the options page,
    this tab open)."""
    at = page(path)
    at.session_state[state.AREA_ID] = round_row.area_id
    at.session_state[state.ROUND_ID] = round_row.id
    if tab is not None:
        at.session_state[state.OPTIONS_SECTION] = tab
    at.run()
    assert not at.exception, [e.value for e in at.exception]
    return at


@pytest.mark.parametrize("path", RESULTS_PAGES)
def test_an_anonymous_visitor_gets_the_sign_in_and_nothing_of_the_round(open_round, app_store, framework, path):
    """Finding 1: without any PIN a visitor read every area's results, the join code and the workbooks."""
    participant, _ = app_store.responses.join(open_round.id, "council")
    app_store.responses.save_answers(
        participant.id,
        [Answer(kind=ItemKind.STATEMENT, item_id=s.id, value=1) for f in framework.factors for s in f.statements],
    )
    at = visitor(path, open_round)
    assert at.title[0].value in {"Sign in", "Programme passphrase needed"}
    shown = texts(at)
    assert open_round.join_code not in shown and "Testshire" not in shown
    assert not at.get("plotly_chart") and not at.dataframe and not at.metric
    assert not at.get("download_button") and not at.get("file_uploader")
    assert not [s for s in at.selectbox if s.label in {"Area", "Round"}]


def test_the_options_page_opens_and_can_be_changed_with_a_pin_of_the_area(open_round):
    at = visitor("app_pages/options.py", open_round, tab="Weighted appraisal")
    assert "Save the Board's scores" not in {b.label for b in at.button}
    sign_in(at, "Testshire")
    assert "Save the Board's scores" in {b.label for b in at.button}
    assert [n for n in at.number_input if n.key and n.key.startswith("options_weights")]
    at.session_state[state.OPTIONS_SECTION] = "Mix and match"
    at.run()
    assert "Save this hybrid" in {b.label for b in at.button}


def test_a_wrong_pin_does_not_open_the_options_page(open_round):
    at = visitor("app_pages/options.py", open_round)
    sign_in(at, "Testshire", "0000")
    assert "That area and PIN do not match." in [e.value for e in at.error]
    assert "Save the Board's scores" not in {b.label for b in at.button}
    assert at.title[0].value == "Sign in"


def test_the_development_plan_opens_with_a_pin_of_the_area(open_round, app_store, framework):
    participant, _ = app_store.responses.join(open_round.id, "council")
    app_store.responses.save_answers(
        participant.id,
        [Answer(kind=ItemKind.STATEMENT, item_id=s.id, value=1) for f in framework.factors for s in f.statements],
    )
    at = visitor("app_pages/development_plan.py", open_round)
    assert "Proposed for this round" not in texts(at)
    sign_in(at, "Testshire")
    labels = {b.label for b in at.button}
    assert "Add the action" in labels and "Accept" in labels
    assert "Proposed for this round" in texts(at)


def test_a_pin_shows_only_its_own_area_in_the_picker(open_round, app_store, framework):
    other = app_store.rounds.open_round(
        RoundInput(area="Otherby", held_on=dt.date(2026, 4, 1), pin="1111"), framework.version
    )
    at = visitor("app_pages/area_dashboard.py", open_round)
    sign_in(at, "Testshire")
    assert at.selectbox(key="round_picker_area").options == ["Testshire"]
    # A session pointed at another area's round (a stale or forged choice) still sees only its own.
    at.session_state[state.AREA_ID] = other.area_id
    at.session_state[state.ROUND_ID] = other.id
    at.run()
    assert "Otherby" not in texts(at)
    assert at.selectbox(key="round_picker_area").value == open_round.area_id


def test_the_programme_passphrase_opens_every_area_and_compare_areas(open_round, app_store, framework):
    app_store.rounds.open_round(RoundInput(area="Otherby", held_on=dt.date(2026, 4, 1), pin="1111"), framework.version)
    set_passphrase(app_store, "a long programme passphrase", actor="test")
    at = page(APP).run()  # the default page, the area dashboard
    assert at.title[0].value == "Sign in"
    sign_in(at, "Testshire")
    assert at.selectbox(key="round_picker_area").options == ["Testshire"]
    at.switch_page("app_pages/compare_areas.py").run()
    assert at.title[0].value == "Programme passphrase needed"  # a PIN opens its own area, not the others
    sign_in_with_passphrase(at, "a long programme passphrase")
    assert at.title[0].value == "Compare areas"
    at.switch_page("app_pages/area_dashboard.py").run()
    assert at.selectbox(key="round_picker_area").options == ["Otherby", "Testshire"]
