"""The set-up page's area administration: with the programme passphrase an area can be renamed, merged
into another, or removed when it has no rounds; a facilitator PIN does not show it."""

from __future__ import annotations

import datetime as dt

from assessment.models import RoundInput
from tests.app_pages.apptest import signed_in
from tests.app_pages.workshop.helpers import button, page, text_input, texts

SETUP = "app_pages/workshop_setup.py"


def _round(app_store, framework, area: str, day: int, title: str = "Workshop"):  # noqa: ANN001, ANN202
    spec = RoundInput(area=area, held_on=dt.date(2026, 3, day), title=title, pin="2580")
    return app_store.rounds.open_round(spec, framework.version)


def test_an_area_is_renamed_and_a_name_another_area_has_is_refused(app_store, framework):
    brook = _round(app_store, framework, "Brook", 1)
    app_store.rounds.ensure_area("Brookmere")
    at = signed_in(page(SETUP)).run()
    assert at.selectbox(key="area_admin_area").options == ["Brook (1 round)", "Brookmere (0 rounds)"]
    at.selectbox(key="area_admin_area").set_value(brook.area_id).run()
    text_input(at, "New name").input("brookmere")
    button(at, "Rename the area").click().run()
    assert "Brook could not be renamed: there is already an area called 'Brookmere'." in [e.value for e in at.error]
    text_input(at, "New name").input("Brook Vale ")
    button(at, "Rename the area").click().run()
    assert "Brook is now called Brook Vale." in [s.value for s in at.success]
    assert app_store.rounds.get_round(brook.id).area_name == "Brook Vale"


def test_an_area_with_rounds_is_merged_not_removed(app_store, framework):
    kept = _round(app_store, framework, "Brookmere", 1)
    moved = _round(app_store, framework, "Brook", 2)
    at = signed_in(page(SETUP)).run()
    at.selectbox(key="area_admin_area").set_value(moved.area_id).run()
    at.radio(key="area_admin_action").set_value("Remove it").run()
    assert "Brook has 1 round, so it cannot be removed" in texts(at)
    assert not [b for b in at.button if b.label.startswith("Remove")]
    at.radio(key="area_admin_action").set_value("Merge it into another area").run()
    at.selectbox(key="area_admin_into").set_value(kept.area_id).run()
    assert "Its 1 round will move to Brookmere" in texts(at)
    assert button(at, "Merge the areas").disabled
    at.checkbox(key=f"area_admin_sure_{moved.area_id}_{kept.area_id}").check().run()
    button(at, "Merge the areas").click().run()
    assert "Brook was merged into Brookmere (1 round moved)." in [s.value for s in at.success]
    assert [r.id for r in app_store.rounds.list_rounds(kept.area_id)] == [kept.id, moved.id]
    assert [a.name for a in app_store.rounds.list_areas()] == ["Brookmere"]


def test_an_area_without_rounds_is_removed(app_store):
    brook = app_store.rounds.ensure_area("Brook")
    app_store.rounds.ensure_area("Brookmere")
    at = signed_in(page(SETUP)).run()
    at.selectbox(key="area_admin_area").set_value(brook.id).run()
    at.radio(key="area_admin_action").set_value("Remove it").run()
    button(at, "Remove Brook").click().run()
    assert "Brook was removed." in [s.value for s in at.success]
    assert [a.name for a in app_store.rounds.list_areas()] == ["Brookmere"]


def test_a_facilitator_pin_does_not_show_the_area_administration(app_store, framework):
    row = _round(app_store, framework, "Brook", 1)
    at = signed_in(page(SETUP), row.area_id).run()
    assert not [e for e in at.expander if e.label == "Rename, merge or remove an area"]
