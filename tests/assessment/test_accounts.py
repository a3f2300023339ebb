"""Roles in hosted mode: what an admin, a lead and a viewer may open and change; workshop mode unchanged."""

from __future__ import annotations

import pytest

from assessment.access import FACILITATOR_ACTOR, PROGRAMME_ACTOR, Access
from assessment.accounts import Account, Role, access_for, normalise_email, parse_role

LEAD = Account("lead@barnet.gov.uk", Role.LEAD, frozenset({1, 2}))
VIEWER = Account("board@barnet.gov.uk", Role.VIEWER, frozenset({1}))
ADMIN = Account("admin@programme.org", Role.ADMIN, frozenset())


def test_an_address_is_trimmed_and_casefolded():
    assert normalise_email("  Jo.Bloggs@Barnet.GOV.uk \n") == "jo.bloggs@barnet.gov.uk"


@pytest.mark.parametrize(
    ("text", "problem"),
    [
        ("", "empty"),
        ("   ", "empty"),
        ("jo.bloggs", "exactly one '@'"),
        ("jo@bloggs@barnet.gov.uk", "exactly one '@'"),
        ("jo bloggs@barnet.gov.uk", "not an e-mail address like"),
        ("@barnet.gov.uk", "not an e-mail address like"),
        ("jo@", "not an e-mail address like"),
        ("jo@barnet..gov.uk", "not an e-mail address like"),
        ("j" * 250 + "@x.org", "256 characters long"),
    ],
)
def test_a_text_that_is_not_an_address_is_refused_naming_the_problem(text, problem):
    with pytest.raises(ValueError, match=problem):
        normalise_email(text)


def test_a_role_is_named_in_any_case_and_an_unknown_one_lists_the_choices():
    assert parse_role(" Lead ") is Role.LEAD
    with pytest.raises(ValueError, match="'chair' is not a role; the roles are admin, lead, viewer"):
        parse_role("chair")


def test_an_admin_opens_and_changes_every_area_and_sees_every_name():
    access = access_for(ADMIN)
    assert access.programme and access.admin and not access.read_only
    assert access.may_open(99) and access.may_change(99) and access.sees_by_name(99)
    assert access.actor == "admin@programme.org"
    assert access.role is Role.ADMIN


def test_a_lead_opens_and_changes_their_areas_only():
    access = access_for(LEAD)
    assert not access.programme and not access.admin and not access.anonymous
    assert [access.may_change(area) for area in (1, 2, 3)] == [True, True, False]
    assert [access.may_open(area) for area in (1, 2, 3)] == [True, True, False]
    assert access.actor == "lead@barnet.gov.uk"


def test_a_viewer_reads_their_areas_and_changes_nothing():
    access = access_for(VIEWER)
    assert access.read_only
    assert access.may_open(1) and not access.may_open(2)
    assert not access.may_change(1) and not access.may_change(2)


def test_a_lead_or_viewer_sees_other_areas_by_name_only_when_named_comparison_is_agreed():
    anonymous = access_for(LEAD)
    assert anonymous.sees_by_name(1) and not anonymous.sees_by_name(3)
    named = access_for(LEAD, named_comparison=True)
    assert named.sees_by_name(3) and not named.may_open(3)
    assert not access_for(VIEWER).sees_by_name(2)


def test_a_signed_in_account_with_no_areas_is_not_anonymous():
    access = access_for(Account("new@barnet.gov.uk", Role.VIEWER, frozenset()))
    assert not access.anonymous
    assert not access.may_open(1)


def test_adding_an_area_keeps_the_account_and_role():
    access = access_for(LEAD).with_area(7)
    assert access.area_ids == {1, 2, 7}
    assert access.account == "lead@barnet.gov.uk" and access.role is Role.LEAD


def test_workshop_mode_access_is_unchanged():
    pin = Access(area_ids=frozenset({1}))
    assert pin.account is None and pin.role is None and pin.named_comparison
    assert pin.may_change(1) and not pin.may_change(2)
    assert pin.actor == FACILITATOR_ACTOR
    assert Access(programme=True).actor == PROGRAMME_ACTOR
    assert Access().anonymous
    assert pin.with_area(2) == Access(area_ids=frozenset({1, 2}))
