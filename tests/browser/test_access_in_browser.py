"""Workshop mode's boundary in a real browser (finding 1 of the trust issue): an anonymous visitor
reaches only the join page, the About page and the accessibility statement; a facilitator PIN opens its
own area and nothing else; a forged results workbook cannot be imported without the programme passphrase."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from playwright.sync_api import expect

from assessment.excel.export import results_workbook
from assessment.framework import load_framework
from assessment.models import Answer, ItemKind, RoundInput, RoundStatus
from assessment.results import score_round
from assessment.sample import SAMPLE_PIN
from assessment.storage import Store
from tests.browser.pages import open_page, open_select, sign_in

pytestmark = pytest.mark.browser

TIMEOUT = 30_000
ASKING_PAGES = [
    "",
    "area_dashboard",
    "compare_areas",
    "options",
    "development_plan",
    "excel",
    "workshop_setup",
    "workshop_facilitator",
    "workshop_presentation",
]


def sample_secrets(database_url: str) -> tuple[list[str], list[str], list[str]]:
    """Every sample area's name, every round's join code, and every round's continuum sentence."""
    store = Store(database_url)
    framework = load_framework()
    try:
        rounds = store.rounds.list_rounds()
        names = [a.name for a in store.rounds.list_areas()]
        sentences = [score_round(store, framework, r.id).sentence for r in rounds[-3:]]
        return names, [r.join_code for r in rounds], sentences
    finally:
        store.dispose()


@pytest.mark.parametrize("path", ASKING_PAGES)
def test_an_anonymous_visitor_gets_a_sign_in_and_no_results(sample_server, laptop, path):
    open_page(laptop, sample_server.url, path)
    heading = laptop.get_by_test_id("stMain").locator("h1").first.inner_text().strip()
    assert heading in {"Sign in", "Programme passphrase needed"}
    laptop.wait_for_timeout(500)
    names, codes, sentences = sample_secrets(sample_server.database_url)
    html = laptop.content()
    assert [n for n in names if n in html] == []
    assert [c for c in codes if c in html] == []
    assert [s for s in sentences if s in html] == []
    assert laptop.get_by_test_id("stDownloadButton").count() == 0
    assert laptop.get_by_test_id("stFileUploader").count() == 0
    assert laptop.get_by_test_id("stPlotlyChart").count() == 0


@pytest.mark.parametrize(("path", "heading"), [("join", "Join a workshop"), ("about", None), ("accessibility", None)])
def test_the_join_about_and_accessibility_pages_open_without_signing_in(sample_server, laptop, path, heading):
    open_page(laptop, sample_server.url, path)
    shown = laptop.get_by_test_id("stMain").locator("h1").first.inner_text().strip()
    assert shown not in {"Sign in", "Programme passphrase needed"}
    if heading:
        assert shown == heading


def test_a_facilitator_pin_opens_its_own_area_and_nothing_else(sample_server, laptop):
    open_page(laptop, sample_server.url, "")
    sign_in(laptop, area="Brookmere", pin=SAMPLE_PIN)
    area_picker = laptop.get_by_test_id("stMain").get_by_role("combobox", name="Area")
    expect(area_picker).to_have_value("Brookmere (illustrative)", timeout=TIMEOUT)
    open_select(laptop, area_picker)
    options = laptop.get_by_role("option")
    assert [o.strip() for o in options.all_inner_texts()] == ["Brookmere (illustrative)"]
    laptop.keyboard.press("Escape")
    laptop.get_by_test_id("stSidebar").get_by_role("link", name="Compare areas").click()
    expect(laptop.get_by_role("heading", name="Programme passphrase needed", level=1)).to_be_visible(timeout=TIMEOUT)


def forged_workbook(tmp_path: Path) -> bytes:
    """A results workbook made elsewhere that adds a finalised round to Calderwick with every answer 4."""
    framework = load_framework()
    store = Store(f"sqlite:///{tmp_path / 'forger.db'}")
    row = store.rounds.open_round(
        RoundInput(area="Calderwick", held_on=dt.date(2030, 1, 1), title="Forged", pin="forger"), framework.version
    )
    for _ in range(3):
        participant, _code = store.responses.join(row.id, "council")
        store.responses.save_answers(
            participant.id,
            [Answer(kind=ItemKind.STATEMENT, item_id=s.id, value=4) for f in framework.factors for s in f.statements],
        )
    store.rounds.set_status(row.id, RoundStatus.CLOSED)
    store.rounds.set_status(row.id, RoundStatus.FINALISED)
    data = results_workbook(store, framework, row.id)
    store.dispose()
    return data


def test_a_facilitator_pin_cannot_import_a_forged_results_workbook(sample_server, laptop, tmp_path):
    forged = tmp_path / "forged.xlsx"
    forged.write_bytes(forged_workbook(tmp_path))
    store = Store(sample_server.database_url)
    before = [(r.id, r.area_name, r.held_on) for r in store.rounds.list_rounds()]
    open_page(laptop, sample_server.url, "excel")
    sign_in(laptop, area="Ashvale", pin=SAMPLE_PIN)
    laptop.get_by_test_id("stFileUploaderDropzoneInput").set_input_files(str(forged))
    laptop.get_by_role("button", name="Check and import").click()
    expect(laptop.get_by_text("Nothing was imported")).to_be_visible(timeout=TIMEOUT)
    expect(laptop.get_by_text("needs the programme passphrase").first).to_be_visible()
    assert [(r.id, r.area_name, r.held_on) for r in store.rounds.list_rounds()] == before
    store.dispose()
