"""The programme admin's page of people and roles: list, add, change, remove, and named comparison, each
change audited with the admin's account; nobody else sees the page or its controls."""

from __future__ import annotations

import pytest

from assessment.access import Access
from assessment.accounts import Account, Role, access_for, named_comparison_agreed
from tests.app_pages.apptest import app
from tests.app_pages.workshop.helpers import button, page, text_input, texts
from ui import state

PAGE = "app_pages/people.py"
ADMIN = "admin@programme.org"


@pytest.fixture
def people(app_store):  # noqa: ANN001, ANN201
    app_store.rounds.ensure_area("Barnet")
    app_store.rounds.ensure_area("Wirral")
    app_store.accounts.add(ADMIN, Role.ADMIN, actor="command line")
    return app_store


def _as(access):  # noqa: ANN001, ANN201
    at = page(PAGE)
    at.session_state[state.ACCESS] = access
    at.run()
    assert not at.exception, [e.value for e in at.exception]
    return at


def _read(text: str) -> str:
    """Markdown as a person reads it (ui.text.plain escapes what Markdown would otherwise interpret)."""
    return text.replace(":small[]", "").replace("\\", "")


def _admin():  # noqa: ANN202
    return access_for(Account(ADMIN, Role.ADMIN, frozenset()))


def _save(at, email: str, role: Role, areas: list[int]):  # noqa: ANN001, ANN201
    text_input(at, "E-mail address (as they sign in)").input(email)
    at.radio(key="people_role").set_value(role)
    at.multiselect(key="people_areas").set_value(areas)
    return button(at, "Save").click().run()


def test_an_admin_adds_changes_and_removes_a_person_each_change_audited(people):
    barnet, wirral = people.rounds.find_area("Barnet").id, people.rounds.find_area("Wirral").id
    at = _save(_as(_admin()), " Jo@Barnet.gov.uk", Role.VIEWER, [barnet])
    assert _read(at.success[0].value) == "Saved: jo@barnet.gov.uk is now a viewer."
    assert people.accounts.get("jo@barnet.gov.uk") == Account("jo@barnet.gov.uk", Role.VIEWER, frozenset({barnet}))
    table = at.dataframe[0].value
    assert table.to_dict("records") == [
        {"Account": ADMIN, "Role": "programme admin", "Areas": "Every area"},
        {"Account": "jo@barnet.gov.uk", "Role": "viewer", "Areas": "Barnet"},
    ]
    at = _save(at, "jo@barnet.gov.uk", Role.LEAD, [barnet, wirral])
    assert people.accounts.get("jo@barnet.gov.uk").role is Role.LEAD
    at.selectbox(key="people_remove_email").set_value("jo@barnet.gov.uk")
    at = button(at.run(), "Remove").click().run()
    assert people.accounts.get("jo@barnet.gov.uk") is None
    trail = people.audit.programme_events()
    assert list(zip(trail["actor"], trail["event"], strict=True))[:3] == [
        (ADMIN, "account removed"),
        (ADMIN, "role changed"),
        (ADMIN, "account added"),
    ]


@pytest.mark.parametrize(
    ("email", "role", "problem"),
    [
        ("jo", Role.LEAD, "Nothing was saved: 'jo' is not an e-mail address: it needs exactly one '@'."),
        ("jo@barnet.gov.uk", Role.LEAD, "Nothing was saved: An area lead needs at least one area."),
        (ADMIN, Role.VIEWER, "Nothing was saved: admin@programme.org is the programme's only admin"),
    ],
)
def test_bad_input_is_refused_plainly_and_nothing_is_saved(people, email, role, problem):
    areas = [people.rounds.find_area("Barnet").id] if email == ADMIN else []
    at = _save(_as(_admin()), email, role, areas)
    assert any(_read(e.value).startswith(problem) for e in at.error), [e.value for e in at.error]
    assert [a.email for a in people.accounts.list()] == [ADMIN]


def test_an_admin_sets_named_comparison_audited(people):
    at = _as(_admin())
    at.toggle(key="people_named").set_value(True)
    at.run()
    assert named_comparison_agreed(people)
    assert people.audit.programme_events().iloc[0][["actor", "event", "detail"]].tolist() == [
        ADMIN,
        "named comparison set",
        "named",
    ]


@pytest.mark.parametrize(
    "access",
    [
        Access(programme=True),  # workshop mode's passphrase: no accounts to manage
        access_for(Account("lead@x.org", Role.LEAD, frozenset({1}))),
        access_for(Account("board@x.org", Role.VIEWER, frozenset({1}))),
    ],
)
def test_nobody_but_an_admin_gets_the_page(people, access):
    at = _as(access)
    assert "Only a programme admin manages people and roles." in texts(at)
    assert not at.button and not at.text_input and not at.dataframe


def test_the_menu_offers_the_page_to_an_admin_only_and_no_workshop_to_a_viewer(people):
    def links(access):  # noqa: ANN001, ANN202
        at = app()
        at.session_state[state.ACCESS] = access
        at.run()
        return {link.label for link in at.sidebar.get("page_link")}

    assert "People and roles" in links(_admin())
    lead = links(access_for(Account("lead@x.org", Role.LEAD, frozenset({1}))))
    assert "People and roles" not in lead and "Run the workshop" in lead
    viewer = links(access_for(Account("board@x.org", Role.VIEWER, frozenset({1}))))
    assert "Run the workshop" not in viewer and "Set up a workshop" not in viewer and "Area dashboard" in viewer
    assert "People and roles" not in links(Access(programme=True))


def test_a_viewer_opening_a_workshop_page_by_its_address_is_refused_not_lost(people):
    at = app()
    at.session_state[state.ACCESS] = access_for(Account("board@x.org", Role.VIEWER, frozenset({1})))
    at.run()
    at.switch_page("app_pages/workshop_facilitator.py").run()
    assert not at.exception
    assert at.title[0].value == "You can read, not change"
