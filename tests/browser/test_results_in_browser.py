"""The results and about pages in a real browser: they render the engine's sentence and pass axe."""

import pytest
from playwright.sync_api import expect

from assessment.framework import load_framework
from assessment.results import score_round
from assessment.storage import Store
from tests.browser.pages import axe_violations, open_page, open_signed_in

pytestmark = pytest.mark.browser


def test_results_page_shows_the_continuum_sentence_of_the_newest_round(sample_server, laptop):
    store = Store(sample_server.database_url)
    area = store.rounds.list_areas()[0]
    newest = store.rounds.list_rounds(area.id)[-1]
    sentence = score_round(store, load_framework(), newest.id).sentence
    open_signed_in(laptop, sample_server.url)
    expect(laptop.get_by_text(sentence)).to_be_visible(timeout=30_000)


@pytest.mark.parametrize("path", ["", "about"])
def test_pages_have_no_wcag_violations(sample_server, laptop, path):
    (open_page if path == "about" else open_signed_in)(laptop, sample_server.url, path)
    laptop.wait_for_timeout(1500)  # let charts and tables finish drawing
    violations = axe_violations(laptop)
    assert [(v["id"], v["help"], len(v["nodes"])) for v in violations] == []
