"""Turning an edited row of the action table into a validated action."""

import datetime as dt

import pandas as pd
import pytest
from pydantic import ValidationError

from ui.components.action_editor import NO_LINK, as_input, link_label, link_labels


def row(**values) -> pd.Series:
    base = {"title": "Map support staff", "linked": NO_LINK, "owner": "", "due_on": None, "status": "agreed"}
    return pd.Series(base | values)


def test_a_linked_factor_or_component_label_maps_back_to_its_id(framework):
    assert link_labels(framework)["Factor: Clear leadership"] == ("leadership", None)
    assert link_label(framework, None, "support") == "Component: Commissioning support"
    action = as_input(
        row(linked="Component: Commissioning support", due_on=pd.Timestamp("2026-09-01")), "rule", framework
    )
    assert (action.component_id, action.factor_id, action.due_on, action.rule_id) == (
        "support",
        None,
        dt.date(2026, 9, 1),
        "rule",
    )


def test_a_row_without_a_title_or_with_an_unknown_status_is_refused(framework):
    with pytest.raises(ValidationError):
        as_input(row(title="  "), None, framework)
    with pytest.raises(ValueError):
        as_input(row(status="finished"), None, framework)
