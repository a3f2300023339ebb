"""Anonymous comparison: a lead or viewer sees their own areas by name and the others as Area A, B ...,
the same labels on every page and workbook, in label order, with nothing that names the others."""

from __future__ import annotations

import datetime as dt
import io
from dataclasses import replace

import pandas as pd
import pytest
from openpyxl import load_workbook

from assessment.access import Access
from assessment.accounts import Account, Role, access_for, set_named_comparison
from assessment.anonymity import ANONYMOUS_KEY_SETTING, anonymous_labels, area_naming, letters, naming_for
from assessment.excel.export import programme_workbook
from assessment.models import Answer, ItemKind, RoundInput, RoundStatus
from tests.assessment.excel.test_options_sheet import table

# Four partnerships, each finalised with three council participants answering every statement at one
# level, so that every factor's median is that level: Barnet 3, Wirral 1, Croydon 2, Dorset 4.
LEVELS = {"Barnet": 3, "Wirral": 1, "Croydon": 2, "Dorset": 4}


def _programme(store, framework) -> dict[str, int]:  # noqa: ANN001
    """The four areas' finalised rounds, each titled and addressed with its area's name; area name -> id."""
    ids = {}
    for area, level in LEVELS.items():
        spec = RoundInput(
            area=area,
            held_on=dt.date(2026, 3, 10),
            title=f"{area} spring workshop",
            board=f"{area} Health and Wellbeing Board",
            pin="2468",
        )
        row = store.rounds.open_round(spec, framework.version)
        for _ in range(3):
            person, _code = store.responses.join(row.id, "council")
            batch = [
                Answer(kind=ItemKind.STATEMENT, item_id=s.id, value=level, comment=f"As seen in {area}")
                for f in framework.factors
                for s in f.statements
            ]
            batch += [Answer(kind=ItemKind.COMPONENT, item_id=c.id, value=level) for c in framework.components]
            store.responses.save_answers(person.id, batch)
            store.responses.set_complete(person.id)
        store.rounds.set_status(row.id, RoundStatus.CLOSED)
        store.rounds.set_status(row.id, RoundStatus.FINALISED)
        ids[area] = row.area_id
    return ids


def test_labels_run_a_to_z_then_aa():
    assert [letters(i) for i in (0, 1, 25, 26, 27, 51, 52)] == ["A", "B", "Z", "AA", "AB", "AZ", "BA"]


def test_labels_follow_the_key_not_the_ids_or_names():
    labels = anonymous_labels(range(1, 31), "one key")
    assert sorted(labels.values(), key=lambda t: (len(t), t)) == [f"Area {letters(i)}" for i in range(30)]
    assert anonymous_labels(range(1, 31), "one key") == labels  # the same key, the same labels
    assert anonymous_labels(range(1, 31), "another key") != labels
    assert [labels[i] for i in range(1, 31)] != [f"Area {letters(i)}" for i in range(30)]  # not in id order


def test_a_lead_sees_their_area_by_name_first_and_the_others_by_label_in_label_order():
    areas = {1: "Barnet", 2: "Wirral", 3: "Croydon", 4: "Dorset"}
    lead = access_for(Account("lead@wirral.gov.uk", Role.LEAD, frozenset({2})))
    naming = area_naming(areas, lead, "key")
    assert naming.anonymised and naming.named == {2}
    assert naming.name(2) == "Wirral"
    # The labels are dealt over every area of the programme, Wirral's too, so that everyone in it reads
    # the same label for the same area: the others have three of Area A to D, listed in label order.
    others = sorted(naming.name(i) for i in (1, 3, 4))
    assert len(set(others)) == 3 and set(others) < {"Area A", "Area B", "Area C", "Area D"}
    assert list(naming.areas(areas).values()) == ["Wirral", *others]
    rows = pd.DataFrame({"area_id": [1, 2, 3, 4], "area": list(areas.values()), "score": [3, 1, 2, 4]})
    shown = naming.table(rows)
    assert shown["area"].tolist() == ["Wirral", *others]
    assert dict(zip(shown["area"], shown["score"], strict=True))["Wirral"] == 1


@pytest.mark.parametrize(
    "access",
    [
        Access(programme=True),
        Access(area_ids=frozenset({2})),  # workshop mode: comparing needs the passphrase anyway
        access_for(Account("admin@x.org", Role.ADMIN, frozenset())),
        access_for(Account("lead@x.org", Role.LEAD, frozenset({2})), named_comparison=True),
    ],
)
def test_every_area_is_named_to_the_programme_and_under_named_comparison(access):
    areas = {1: "Barnet", 2: "Wirral"}
    naming = area_naming(areas, access, "key")
    assert not naming.anonymised
    assert naming.areas(areas) == areas


def test_the_labels_are_the_same_for_every_session_and_kept_by_the_server(store):
    for name in LEVELS:
        store.rounds.ensure_area(name)
    lead = access_for(Account("lead@x.org", Role.LEAD, frozenset({store.rounds.find_area("Barnet").id})))
    first = naming_for(store, lead)
    key = store.access.setting(ANONYMOUS_KEY_SETTING)
    assert key is not None and len(key) == 64
    viewer = access_for(Account("board@x.org", Role.VIEWER, frozenset({store.rounds.find_area("Dorset").id})))
    second = naming_for(store, viewer)
    assert store.access.setting(ANONYMOUS_KEY_SETTING) == key
    croydon = store.rounds.find_area("Croydon").id
    assert first.name(croydon) == second.name(croydon) and first.name(croydon).startswith("Area ")


def test_a_session_follows_the_named_comparison_setting_as_it_is_now(store):
    barnet, wirral = store.rounds.ensure_area("Barnet").id, store.rounds.ensure_area("Wirral").id
    signed_in_before = access_for(Account("lead@x.org", Role.LEAD, frozenset({barnet})), named_comparison=False)
    set_named_comparison(store, True, actor="admin@x.org")
    assert naming_for(store, signed_in_before).name(wirral) == "Wirral"
    set_named_comparison(store, False, actor="admin@x.org")
    assert naming_for(store, replace(signed_in_before, named_comparison=True)).name(wirral).startswith("Area ")


def test_the_programme_workbook_names_only_the_leads_areas(sqlite_store, framework):
    ids = _programme(sqlite_store, framework)
    lead = access_for(Account("lead@barnet.gov.uk", Role.LEAD, frozenset({ids["Barnet"]})))
    naming = naming_for(sqlite_store, lead)
    data = programme_workbook(sqlite_store, framework, naming)

    text = " ".join(
        str(value)
        for sheet in load_workbook(io.BytesIO(data), read_only=True).worksheets
        for row in sheet.iter_rows(values_only=True)
        for value in row
        if value is not None
    )
    for other in ("Wirral", "Croydon", "Dorset"):
        assert other not in text
    assert "Barnet spring workshop" in text and "As seen in Barnet" in text

    factor = framework.factors[0].short_name
    compare = table(data, "Compare", "Area")
    others = sorted((naming.name(ids[area]) for area in ("Wirral", "Croydon", "Dorset")), key=lambda t: (len(t), t))
    assert [row["Area"] for row in compare] == ["Barnet", *others]
    by_label = {naming.name(ids[area]): float(level) for area, level in LEVELS.items()}
    assert {row["Area"]: row[factor] for row in compare} == by_label
    assert by_label["Barnet"] == 3.0
    assert {row["Area"] for row in table(data, "About", "Area")} == {"Barnet"}
    assert {row["Area"] for row in table(data, "Responses", "Area")} == {"Barnet"}


def test_the_programme_workbook_is_unchanged_for_the_programme(sqlite_store, framework):
    _programme(sqlite_store, framework)
    naming = naming_for(sqlite_store, Access(programme=True))
    compare = table(programme_workbook(sqlite_store, framework, naming), "Compare", "Area")
    assert [row["Area"] for row in compare] == ["Barnet", "Croydon", "Dorset", "Wirral"]
    assert sqlite_store.access.setting(ANONYMOUS_KEY_SETTING) is None  # no key made when none is needed
