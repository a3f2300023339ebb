"""Turning an edited row of the action table into a validated action."""

import datetime as dt

import pandas as pd
import pytest
from pydantic import ValidationError

from assessment.storage import ActionRow
from ui.components.action_editor import NO_LINK, as_input, link_label, link_labels, short, waits_for

RULE = ActionRow(1, 1, "Map support staff", "", None, "agreed", None, "support", "rule")
STEP = ActionRow(
    2, 1, "Recruit", "", None, "agreed", None, None, None, "joint_posts", ("section_75_agreement", "rule"), 7
)


def row(**values) -> pd.Series:
    base = {"title": "Map support staff", "linked": NO_LINK, "owner": "", "due_on": None, "status": "agreed"}
    return pd.Series(base | values)


def test_a_linked_factor_or_component_label_maps_back_to_its_id(framework):
    assert link_labels(framework)["Factor: Clear leadership"] == ("leadership", None)
    assert link_label(framework, None, "support") == "Component: Commissioning support"
    action = as_input(
        row(linked="Component: Commissioning support", due_on=pd.Timestamp("2026-09-01")), RULE, framework
    )
    assert (action.component_id, action.factor_id, action.due_on, action.rule_id) == (
        "support",
        None,
        dt.date(2026, 9, 1),
        "rule",
    )


def test_a_row_without_a_title_or_with_an_unknown_status_is_refused(framework):
    with pytest.raises(ValidationError):
        as_input(row(title="  "), RULE, framework)
    with pytest.raises(ValueError):
        as_input(row(status="finished"), RULE, framework)


def test_an_edited_row_keeps_the_step_what_it_waits_for_and_its_priority(framework):
    action = as_input(row(title="Recruit to the joint posts"), STEP, framework)
    assert (action.step_id, action.depends_on, action.priority, action.rule_id) == (
        "joint_posts",
        ("section_75_agreement", "rule"),
        7,
        None,
    )


def test_what_an_action_waits_for_is_named_by_the_start_of_each_title():
    titles = {"section_75_agreement": "Draft the section 75 agreement and a memorandum of understanding"}
    # cut at the last word within 36 characters, then '…'; a key with no title shows as itself
    assert waits_for(STEP, titles) == "Draft the section 75 agreement and…; rule"
    assert short("Write job descriptions") == "Write job descriptions"
