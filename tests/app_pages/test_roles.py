"""Roles on the pages (hosted mode): a viewer reads their areas and changes nothing, whichever page they
open and however (the menu or the address); a lead changes their own areas; an admin everything. The
session's Access is built with access_for and put in the session as the sign-in does (ui.state.grant)."""

from __future__ import annotations

import datetime as dt

import pytest

from assessment.accounts import Account, Role, access_for
from assessment.models import RoundInput
from tests.app_pages.workshop.helpers import page, texts
from ui import state

VIEWER_WORDS = "You can read this partnership's results; changing them needs an area lead or programme admin"
WORKSHOP_PAGES = [
    "app_pages/workshop_setup.py",
    "app_pages/workshop_facilitator.py",
    "app_pages/workshop_presentation.py",
]
CHANGE_BUTTONS = {
    "Save the Board's scores",
    "Save the weights",
    "Add the action",
    "Save this hybrid",
    "Check and import",
}


def _session(path: str, access, area_id: int | None = None):  # noqa: ANN001, ANN201
    at = page(path)
    at.session_state[state.ACCESS] = access
    if area_id is not None:
        at.session_state[state.AREA_ID] = area_id
    at.run()
    assert not at.exception, [e.value for e in at.exception]
    return at


def _area_id(store, name: str) -> int:  # noqa: ANN001
    return store.rounds.find_area(name).id


def _viewer(store, name: str = "Brookmere"):  # noqa: ANN001, ANN201
    return access_for(Account("board@brookmere.gov.uk", Role.VIEWER, frozenset({_area_id(store, name)})))


@pytest.mark.parametrize("path", WORKSHOP_PAGES)
def test_a_viewer_opening_a_facilitator_page_by_its_address_is_refused_plainly(sample_app_env, sample_store, path):
    at = _session(path, _viewer(sample_store))
    assert at.title[0].value == "You can read, not change"
    assert VIEWER_WORDS in texts(at)
    assert not at.tabs and not at.button and not at.text_input
    assert not at.error  # a refusal, not an error


@pytest.mark.parametrize("path", WORKSHOP_PAGES)
def test_a_lead_opens_the_facilitator_pages_of_their_area(sample_app_env, sample_store, path):
    lead = access_for(Account("lead@x.org", Role.LEAD, frozenset({_area_id(sample_store, "Ashvale")})))
    at = _session(path, lead, _area_id(sample_store, "Ashvale"))
    assert VIEWER_WORDS not in texts(at)
    assert at.title[0].value != "You can read, not change"


@pytest.mark.parametrize(
    "path",
    ["app_pages/options.py", "app_pages/development_plan.py", "app_pages/excel.py", "app_pages/area_dashboard.py"],
)
def test_a_viewer_reads_the_results_pages_with_no_control_that_changes_anything(sample_app_env, sample_store, path):
    brookmere = _area_id(sample_store, "Brookmere")
    at = _session(path, _viewer(sample_store), brookmere)
    shown = texts(at)
    assert "Brookmere" in shown
    assert not CHANGE_BUTTONS & {b.label for b in at.button}
    assert not at.get("file_uploader")
    if path != "app_pages/area_dashboard.py":
        assert VIEWER_WORDS in shown


def test_a_viewer_does_not_reach_an_area_not_theirs_by_its_address(sample_app_env, sample_store):
    at = page("app_pages/options.py")
    at.session_state[state.ACCESS] = _viewer(sample_store)
    at.query_params["area"] = "Calderwick"
    at.run()
    assert not at.exception
    assert "Calderwick" not in " ".join(str(e.value) for e in at.caption)
    assert not CHANGE_BUTTONS & {b.label for b in at.button}


def test_a_lead_has_the_controls_of_their_area(sample_app_env, sample_store):
    brookmere = _area_id(sample_store, "Brookmere")
    lead = access_for(Account("lead@x.org", Role.LEAD, frozenset({brookmere})))
    at = _session("app_pages/options.py", lead, brookmere)
    assert "Save the estimate" in {b.label for b in at.button}
    assert VIEWER_WORDS not in texts(at)


def test_the_refusal_names_the_area_leads_then_the_admins_to_ask(app_store, framework):
    row = app_store.rounds.open_round(
        RoundInput(area="Testshire", pin="2468", held_on=dt.date(2026, 3, 10)), framework.version
    )
    other = app_store.rounds.ensure_area("Otherby")
    app_store.accounts.add("admin@programme.org", Role.ADMIN, actor="t")
    app_store.accounts.add("lead@testshire.gov.uk", Role.LEAD, [row.area_id], actor="t")
    app_store.accounts.add("lead@otherby.gov.uk", Role.LEAD, [other.id], actor="t")
    viewer = app_store.accounts.add("board@testshire.gov.uk", Role.VIEWER, [row.area_id], actor="t")
    at = _session("app_pages/workshop_facilitator.py", access_for(viewer), row.area_id)
    assert f"{VIEWER_WORDS}: ask lead@testshire.gov.uk, admin@programme.org." in texts(at)
    refused = app_store.audit.programme_events().iloc[0]
    assert refused[["actor", "event", "detail"]].tolist() == [
        "board@testshire.gov.uk",
        "access refused",
        "Run the workshop (read only)",
    ]
