"""Hosted mode under AppTest: the [auth] section chooses it, a misconfigured one stops every page with one
line, and the signed-in account (st.user) decides what a session opens; two signed-in sessions at once
keep to themselves. The sign-in through a real provider is tested in tests/browser/test_hosted_in_browser.py."""

from __future__ import annotations

import logging
import time

import pytest
from streamlit.testing.v1 import AppTest

from assessment.accounts import AuditEvent, Role
from tests.app_pages.apptest import ROOT, app
from tests.app_pages.conftest import answered_round
from tests.app_pages.workshop.helpers import button, texts
from ui import auth as ui_auth
from ui import state

SECRET = "an-app-test-cookie-secret-of-40-characters"
AUTH = {
    "redirect_uri": "http://localhost:8501/oauth2callback",
    "cookie_secret": SECRET,
    "client_id": "assessment",
    "client_secret": "a client secret",
    "server_metadata_url": "https://login.microsoftonline.com/TENANT/v2.0/.well-known/openid-configuration",
}
LEAD = "lead@testshire.gov.uk"
VIEWER = "viewer@otherton.gov.uk"
ADMIN = "admin@programme.org"


@pytest.fixture
def two_areas(app_store, framework):
    """Testshire and Otherton, each with an answered round; an admin, Testshire's lead, Otherton's viewer."""
    testshire = answered_round(app_store, framework, area="Testshire")
    otherton = answered_round(app_store, framework, area="Otherton")
    ids = {r.area_name: r.area_id for r in app_store.rounds.list_rounds() if r.id in (testshire, otherton)}
    app_store.accounts.add(ADMIN, Role.ADMIN, actor="test")
    app_store.accounts.add(LEAD, Role.LEAD, [ids["Testshire"]], actor="test")
    app_store.accounts.add(VIEWER, Role.VIEWER, [ids["Otherton"]], actor="test")
    return ids


def hosted_app(email: str | None = None, *, issued: float | None = None, secrets: dict | None = None):
    at = app()
    at.secrets = secrets if secrets is not None else {"auth": dict(AUTH)}
    if email is None:
        at.user = {"is_logged_in": False}
    else:
        at.user = {"is_logged_in": True, "email": email, "sub": email, "iat": int(issued or time.time())}
    return at


def test_a_missing_client_id_stops_the_app_with_one_line_naming_it(app_store, caplog, monkeypatch):
    monkeypatch.setattr(ui_auth, "LOGGED_PROBLEMS", set())
    auth = {key: value for key, value in AUTH.items() if key != "client_id"}
    with caplog.at_level(logging.ERROR, logger="ui.auth"):
        at = hosted_app(secrets={"auth": auth}).run()
        at.run()  # logged once, not on every run
    assert [e.value for e in at.error] == [
        "The app cannot start: [auth] client_id is missing: copy it from the app's registration at the provider."
    ]
    assert not at.title and not at.sidebar.get("page_link")
    logged = [r.getMessage() for r in caplog.records if r.name == "ui.auth"]
    assert logged == [f"Hosted mode is misconfigured: {at.error[0].value.removeprefix('The app cannot start: ')}"]


def test_a_short_cookie_secret_stops_even_the_about_page(app_store):
    at = hosted_app(secrets={"auth": AUTH | {"cookie_secret": "short"}}).run()
    assert "[auth] cookie_secret is too short (5 characters)" in at.error[0].value
    at.switch_page("app_pages/about.py").run()
    assert "[auth] cookie_secret is too short" in at.error[0].value
    assert not at.title


def test_without_auth_the_app_is_in_workshop_mode_and_asks_for_a_pin(two_areas):
    at = app().run()
    assert at.title[0].value == "Sign in"
    assert "PIN" in [t.label for t in at.text_input]


def test_signed_out_in_hosted_mode_the_dashboard_offers_the_organisations_sign_in_and_no_pin(two_areas):
    at = hosted_app().run()
    assert at.title[0].value == "Sign in"
    assert [b.label for b in at.button] == ["Sign in with your organisation's account"]
    assert not at.text_input
    assert "Testshire" not in texts(at) and "Otherton" not in texts(at)


def test_an_area_lead_opens_their_area_and_the_sign_in_is_audited_once(two_areas, app_store):
    at = hosted_app(LEAD).run()
    assert not at.exception
    access = at.session_state[state.ACCESS]
    assert (access.account, access.role, access.area_ids) == (LEAD, Role.LEAD, {two_areas["Testshire"]})
    at.run()
    events = app_store.audit.programme_events()
    signed_in = events[events["event"] == AuditEvent.SIGNED_IN]
    assert list(zip(signed_in["actor"], signed_in["detail"], strict=True)) == [(LEAD, "area lead")]
    # plain() breaks the address's autolink with an empty :small[] that the browser shows as nothing
    shown = [c.value.replace(":small[]", "") for c in at.sidebar.caption]
    assert "Signed in as lead@testshire.gov.uk, an area lead of Testshire." in shown


def test_an_address_differing_only_in_case_finds_its_account(two_areas):
    at = hosted_app(" Lead@Testshire.GOV.uk ").run()
    assert at.session_state[state.ACCESS].account == LEAD


def test_an_identity_issued_13_hours_ago_must_sign_in_again(two_areas, app_store):
    at = hosted_app(LEAD, issued=time.time() - 13 * 3600).run()
    assert at.title[0].value == "Sign in again"
    assert "Testshire" not in texts(at)
    events = app_store.audit.programme_events()
    assert (LEAD, AuditEvent.ACCESS_REFUSED, "sign-in expired") in list(
        zip(events["actor"], events["event"], events["detail"], strict=True)
    )


def test_an_account_with_no_role_is_told_to_ask_the_configured_contact(two_areas):
    secrets = {"auth": dict(AUTH), "hosted": {"contact": "the CYP programme office, cyp@programme.org"}}
    at = hosted_app("stranger@council.gov.uk", secrets=secrets).run()
    assert at.title[0].value == "Your account has no role yet"
    assert "To be given one, ask the CYP programme office, cyp@programme.org." in [t.value for t in at.text]
    assert not at.exception


def test_an_account_with_no_role_and_no_contact_is_told_the_admins(two_areas):
    at = hosted_app("stranger@council.gov.uk").run()
    assert f"To be given one, ask a programme admin: {ADMIN}." in [t.value for t in at.text]


def test_a_removed_account_loses_its_access_on_its_next_run(two_areas, app_store):
    at = hosted_app(LEAD).run()
    assert at.session_state[state.ACCESS].area_ids == {two_areas["Testshire"]}
    app_store.accounts.remove(LEAD, actor=ADMIN)
    at.run()
    assert at.title[0].value == "Your account has no role yet"
    assert at.session_state[state.ACCESS] == state.ANONYMOUS


def test_two_signed_in_sessions_at_once_keep_to_themselves(two_areas):
    lead, viewer = hosted_app(LEAD).run(), hosted_app(VIEWER).run()
    stranger = hosted_app().run()
    lead.run()
    assert lead.session_state[state.ACCESS].area_ids == {two_areas["Testshire"]}
    assert viewer.session_state[state.ACCESS].area_ids == {two_areas["Otherton"]}
    assert viewer.session_state[state.ACCESS].read_only and not lead.session_state[state.ACCESS].read_only
    assert state.ACCESS not in stranger.session_state or stranger.session_state[state.ACCESS] == state.ANONYMOUS
    assert "Otherton" not in texts(lead) and "Testshire" not in texts(viewer)
    assert stranger.title[0].value == "Sign in"


def test_an_area_lead_opens_a_round_of_their_area_without_a_pin(two_areas, app_store):
    at = AppTest.from_file(str(ROOT / "app_pages" / "workshop_setup.py"), default_timeout=60)
    at.secrets, at.user = {"auth": dict(AUTH)}, {"is_logged_in": True, "email": LEAD, "iat": int(time.time())}
    at.run()
    assert "Facilitator PIN (optional)" in [s.value for s in at.subheader]
    at.selectbox[0].set_value("Testshire")
    button(at, "Open the round").click().run()
    assert not at.error, [e.value for e in at.error]
    rounds = [r for r in app_store.rounds.list_rounds() if r.area_name == "Testshire"]
    assert len(rounds) == 2  # the answered round and the one just opened
    assert f"# {rounds[-1].join_code}" in texts(at)
