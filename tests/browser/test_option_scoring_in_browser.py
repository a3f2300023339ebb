"""A participant who has submitted scores the structural options in the grid, in the real browser: the
score typed into the grid is the one saved, with no second sign-in."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from assessment.framework import load_framework
from assessment.models import Answer
from assessment.storage import Store
from assessment.workshop import questionnaire_steps
from tests.browser.pages import axe_violations, open_page

pytestmark = pytest.mark.browser

TIMEOUT = 30_000


def test_a_participant_scores_an_option_after_submitting(sample_server, browser):
    framework = load_framework()
    store = Store(sample_server.database_url)
    open_round = next(r for r in store.rounds.list_rounds() if r.status.value == "open")
    context = browser.new_context(viewport={"width": 1366, "height": 900})
    page = context.new_page()
    try:
        open_page(page, sample_server.url, f"?join={open_round.join_code}")
        page.get_by_role("radiogroup").locator("label").first.click()
        page.get_by_role("button", name="Start").click()
        expect(page.get_by_text("Your resume code is")).to_be_visible(timeout=TIMEOUT)
        me = int(max(store.responses.participants_frame([open_round.id])["participant_id"]))
        # Every question answered already (this test is about the options), so the link opens at the end.
        steps = questionnaire_steps(framework, open_round)
        store.responses.save_answers(me, [Answer(kind=s.kind, item_id=i, value=2) for s in steps for i in s.items])
        page.goto(page.url)  # the resume code in the address brings the session back
        page.get_by_role("button", name="Submit my answers").click()
        expect(page.get_by_role("heading", name="Optional: score the structural options")).to_be_visible(
            timeout=TIMEOUT
        )
        expect(page.get_by_text("0 of 28 scores given so far.")).to_be_visible()  # 4 options x 7 criteria
        page.wait_for_timeout(1000)
        assert [v["id"] for v in axe_violations(page)] == []

        # The grid: options as rows, criteria as columns. Select the first option's first criterion by
        # keyboard from the first cell, type a score and save.
        grid = page.locator('[data-testid="stDataFrame"]').last
        grid.scroll_into_view_if_needed()
        box = grid.bounding_box()
        page.mouse.click(box["x"] + 40, box["y"] + 35 + 17)  # the first row's Option cell, under the header
        page.wait_for_timeout(300)
        page.keyboard.press("ArrowRight")
        page.wait_for_timeout(300)
        page.keyboard.press("Enter")  # open the cell's editor
        page.wait_for_timeout(500)
        page.keyboard.type("3")
        page.wait_for_timeout(300)
        page.keyboard.press("Enter")
        page.wait_for_timeout(300)
        page.get_by_role("button", name="Save my scores").click()
        expect(page.get_by_text("Your scores are saved.")).to_be_visible(timeout=TIMEOUT)
        expect(page.get_by_text("1 of 28 scores given so far.")).to_be_visible()

        scores = store.appraisal.scores_frame(open_round.id)
        mine = scores[scores["scorer"] == f"p{me}"]
        first_option, first_criterion = framework.options[0].id, framework.criteria[0].id
        assert mine[["option_id", "criterion_id", "value"]].values.tolist() == [[first_option, first_criterion, 3]]
    finally:
        context.close()
        store.dispose()
