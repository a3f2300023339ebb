"""A participant who has submitted scores the structural options one at a time, in the real browser, on a
laptop and on a phone: the score chosen is the one saved, with no second sign-in, and on a phone every
criterion's name and choice fits the screen with nothing drawn over the heading."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from assessment.framework import load_framework
from assessment.models import Answer
from assessment.storage import Store
from assessment.workshop import questionnaire_steps
from tests.browser.conftest import PHONE
from tests.browser.pages import axe_violations, open_page, open_select

pytestmark = pytest.mark.browser

TIMEOUT = 30_000


@pytest.mark.parametrize("viewport", [{"width": 1366, "height": 900}, PHONE], ids=["laptop", "phone"])
def test_a_participant_scores_an_option_after_submitting(sample_server, browser, viewport, tmp_path):
    framework = load_framework()
    store = Store(sample_server.database_url)
    open_round = next(r for r in store.rounds.list_rounds() if r.status.value == "open")
    context = browser.new_context(viewport=viewport)
    page = context.new_page()
    try:
        open_page(page, sample_server.url, f"?join={open_round.join_code}")
        page.get_by_role("radiogroup").locator("label").first.click()
        page.get_by_role("button", name="Start").click()
        expect(page.get_by_text("Your resume code is")).to_be_visible(timeout=TIMEOUT)
        me = int(max(store.responses.participants_frame([open_round.id])["participant_id"]))
        # Every question answered already (this test is about the options), so the review page is the one to show.
        steps = questionnaire_steps(framework, open_round)
        store.responses.save_answers(me, [Answer(kind=s.kind, item_id=i, value=2) for s in steps for i in s.items])
        page.goto(page.url.replace("step=1", "step=18"))  # the address says the participant and the page
        page.get_by_role("button", name="Submit my answers").click()
        heading = page.get_by_role("heading", name="Optional: score the structural options")
        expect(heading).to_be_visible(timeout=TIMEOUT)
        expect(page.get_by_text("0 of 28 scores given so far.")).to_be_visible()  # 4 options x 7 criteria
        page.wait_for_timeout(1000)
        assert [v["id"] for v in axe_violations(page)] == []

        # The second option, its first criterion scored 3 (Good).
        second, first_criterion = framework.options[1], framework.criteria[0]
        open_select(page, page.get_by_role("combobox", name="Option to score"))
        page.get_by_role("option", name=f"{second.name} (0 of 7 scored)").click()
        expect(page.get_by_text(second.name, exact=True)).to_be_visible(timeout=TIMEOUT)
        criterion = page.get_by_role("combobox", name=first_criterion.name)
        criterion.scroll_into_view_if_needed()
        page.screenshot(path=str(tmp_path / "options.png"), full_page=True)
        box = criterion.bounding_box()
        assert box["x"] >= 0 and box["x"] + box["width"] <= viewport["width"]  # fits the screen's width
        top = heading.bounding_box()
        assert top["x"] + top["width"] <= viewport["width"]
        open_select(page, criterion)
        page.get_by_role("option", name="3 good").click()
        page.get_by_role("button", name="Save my scores").click()
        expect(page.get_by_text(f"Your scores for {second.name} are saved.")).to_be_visible(timeout=TIMEOUT)
        expect(page.get_by_text("1 of 28 scores given so far.")).to_be_visible()

        scores = store.appraisal.scores_frame(open_round.id)
        mine = scores[scores["scorer"] == f"p{me}"]
        assert mine[["option_id", "criterion_id", "value"]].values.tolist() == [[second.id, first_criterion.id, 3]]
    finally:
        context.close()
        store.dispose()
