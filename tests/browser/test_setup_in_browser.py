"""Setting up a round in a real browser, on the sample: a new name close to an existing area asks "Did you
mean ...?", and the join card shows a QR code of the join link beside the code, with a warning when the
link is to this computer only (this server answers on 127.0.0.1, as a laptop's own browser would)."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect

from assessment.storage import Store
from tests.browser.pages import open_signed_in
from tests.browser.server import serve_sample

pytestmark = pytest.mark.browser

TIMEOUT = 30_000


@pytest.fixture(scope="module")
def setup_server(tmp_path_factory):
    """The app with the sample in a database of its own (this test adds a round to Brookmere)."""
    with serve_sample(tmp_path_factory.mktemp("setup")) as server:
        yield server


def test_brook_is_offered_as_brookmere_and_the_join_card_has_a_qr_code(laptop, setup_server):
    open_signed_in(laptop, setup_server.url, "workshop_setup")
    area = laptop.get_by_role("combobox", name=re.compile("Area or partnership"))
    area.click()
    area.fill("Brook")
    area.press("Enter")
    laptop.get_by_label("Title (optional)").fill("Summer check-in")
    laptop.get_by_label("PIN", exact=True).fill("2580")
    laptop.get_by_label("PIN again").fill("2580")
    laptop.get_by_role("button", name="Open the round").click()
    expect(laptop.get_by_role("heading", name="Did you mean Brookmere?")).to_be_visible(timeout=TIMEOUT)
    expect(laptop.get_by_role("button", name="Create the new area Brook")).to_be_visible()
    laptop.get_by_role("button", name="Use Brookmere").click()
    expect(laptop.get_by_text("The round is open.")).to_be_visible(timeout=TIMEOUT)

    store = Store(setup_server.database_url)
    try:
        (row,) = [r for r in store.rounds.list_rounds() if r.title == "Summer check-in"]
        assert row.area_name == "Brookmere"
        assert "Brook" not in [a.name for a in store.rounds.list_areas()]
    finally:
        store.dispose()
    link = f"{setup_server.url}/?join={row.join_code}"
    expect(laptop.get_by_text(link)).to_be_visible()
    qr = laptop.get_by_role("img", name=f"QR code of the join link {link}")
    expect(qr).to_be_visible()
    assert qr.bounding_box()["width"] >= 250  # scannable off a projector
    expect(laptop.get_by_text("phones cannot use it")).to_be_visible()
