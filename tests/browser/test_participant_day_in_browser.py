"""The participant's day in a real browser, with the mistakes real people make: Back and reload, the
join link opened again in a second tab, three wrong join codes then the right one, a pasted comment
longer than the limit. Nobody is registered twice: the round's participants are counted in the database
after each."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import Page, expect

from assessment.models import ItemKind
from assessment.storage import Store
from tests.browser.conftest import LAPTOP, PHONE
from tests.browser.pages import open_page, settle

pytestmark = pytest.mark.browser

TIMEOUT = 30_000


@pytest.fixture
def open_round(sample_server):
    store = Store(sample_server.database_url)
    yield store, next(r for r in store.rounds.list_rounds() if r.status.value == "open")
    store.dispose()


def joined(store: Store, round_id: int) -> int:
    """How many participants the round has: the 'Joined' count of the live view."""
    return len(store.responses.participants_frame([round_id]))


def heading(page: Page, name: str):  # noqa: ANN201
    return page.get_by_role("heading", name=name, exact=True)


def start(page: Page, base_url: str, join_code: str) -> str:
    """Open the join link, say a partner type and start; the resume code shown."""
    open_page(page, base_url, f"?join={join_code}")
    expect(heading(page, "About you")).to_be_visible(timeout=TIMEOUT)
    page.get_by_role("radiogroup").locator("label").first.click()
    page.get_by_role("button", name="Start").click()
    notice = page.get_by_text("Your resume code is")
    expect(notice).to_be_visible(timeout=TIMEOUT)
    return re.search(r"resume code is ([A-Z0-9]+)", notice.inner_text()).group(1)


def save_and_next(page: Page, now: str, then: str) -> None:
    expect(heading(page, now)).to_be_visible(timeout=TIMEOUT)
    settle(page)
    page.get_by_role("button", name="Save and next").click()
    expect(heading(page, then)).to_be_visible(timeout=TIMEOUT)
    settle(page)


def test_back_goes_to_the_page_before_and_a_reload_after_it_keeps_the_participant(sample_server, browser, open_round):
    store, round_row = open_round
    before = joined(store, round_row.id)
    context = browser.new_context(viewport=PHONE)
    page = context.new_page()
    try:
        code = start(page, sample_server.url, round_row.join_code)
        save_and_next(page, "Clear leadership", "Effective governance")
        save_and_next(page, "Effective governance", "Understanding of commissioning")
        expect(page).to_have_url(re.compile(f"resume={code}.*step=3"))

        page.go_back()
        expect(heading(page, "Effective governance")).to_be_visible(timeout=TIMEOUT)
        expect(page).to_have_url(re.compile(f"resume={code}.*step=2"))
        page.reload()
        expect(heading(page, "Effective governance")).to_be_visible(timeout=TIMEOUT)

        page.go_back()
        page.go_back()  # back past the first page, to the join link the participant opened
        settle(page)
        expect(heading(page, "About you")).to_have_count(0)
        expect(page).to_have_url(re.compile(f"resume={code}"), timeout=TIMEOUT)  # the session wrote it back
        page.reload()
        settle(page)
        expect(heading(page, "About you")).to_have_count(0)
        expect(page.get_by_role("heading", level=2)).to_be_visible(timeout=TIMEOUT)  # a question page
        page.go_forward()
        settle(page)
        expect(heading(page, "About you")).to_have_count(0)
        assert joined(store, round_row.id) == before + 1
    finally:
        context.close()


def test_the_join_link_again_in_a_second_tab_offers_to_continue(sample_server, browser, open_round):
    store, round_row = open_round
    context = browser.new_context(viewport=LAPTOP)
    page = context.new_page()
    try:
        code = start(page, sample_server.url, round_row.join_code)
        save_and_next(page, "Clear leadership", "Effective governance")
        count = joined(store, round_row.id)

        second = context.new_page()  # the join link again (a QR code scanned twice, a bookmark)
        open_page(second, sample_server.url, f"?join={round_row.join_code}")
        expect(heading(second, "Welcome back")).to_be_visible(timeout=TIMEOUT)
        expect(heading(second, "About you")).to_have_count(0)
        second.get_by_role("button", name=f"Continue with your answers (resume code {code})").click()
        expect(second.get_by_role("heading", level=2)).to_be_visible(timeout=TIMEOUT)
        expect(second).to_have_url(re.compile(f"resume={code}"))
        assert joined(store, round_row.id) == count

        # Leaving on this device forgets it: the join link then asks who they are.
        second.close()
        page.goto(f"{sample_server.url}/?join={round_row.join_code}&resume={code}&step=18")
        leave = page.get_by_role("button", name="Leave this workshop on this device")
        expect(leave).to_be_visible(timeout=TIMEOUT)
        leave.click()
        expect(heading(page, "Join a workshop")).to_be_visible(timeout=TIMEOUT)
        page.wait_for_timeout(500)
        open_page(page, sample_server.url, f"?join={round_row.join_code}")
        expect(heading(page, "About you")).to_be_visible(timeout=TIMEOUT)
    finally:
        context.close()


def test_after_three_wrong_codes_the_right_code_typed_during_the_wait_joins_once_it_is_over(
    sample_server, browser, open_round
):
    _store, round_row = open_round
    context = browser.new_context(viewport=PHONE)
    page = context.new_page()
    try:
        open_page(page, sample_server.url, "join")
        box, join = page.get_by_label("Join code"), page.get_by_role("button", name="Join", exact=True)
        for _attempt in range(3):
            box.fill("ZZZZZZ")
            join.click()
            expect(page.get_by_text("did not open a workshop")).to_be_visible(timeout=TIMEOUT)
            settle(page)
        wait = page.get_by_text(re.compile(r"Please wait \d seconds"))
        expect(wait).to_be_visible(timeout=TIMEOUT)
        expect(join).to_be_disabled()
        box.fill(round_row.join_code)  # typed while the session waits
        expect(page.get_by_text(re.compile(r"Please wait [1-3] seconds"))).to_be_visible(timeout=TIMEOUT)  # counts
        expect(wait).to_have_count(0, timeout=10_000)  # ... and clears by itself
        expect(join).to_be_enabled(timeout=TIMEOUT)
        expect(box).to_have_value(round_row.join_code)
        join.click()
        expect(heading(page, "About you")).to_be_visible(timeout=TIMEOUT)
    finally:
        context.close()


def test_a_pasted_comment_over_the_limit_keeps_its_first_2000_characters(sample_server, browser, open_round):
    store, round_row = open_round
    context = browser.new_context(viewport=LAPTOP)
    page = context.new_page()
    try:
        start(page, sample_server.url, round_row.join_code)
        me = int(max(store.responses.participants_frame([round_row.id])["participant_id"]))
        settle(page)
        page.get_by_role("radiogroup").first.locator("label").nth(2).click()
        box = page.get_by_label("Comment (optional)").first
        pasted = "Evidence. " * 234 + "The end"  # 2,347 characters
        box.fill(pasted)  # as a paste: the whole text at once
        expect(box).to_have_value(pasted)
        page.get_by_role("button", name="Save and next").click()
        expect(page.get_by_text("kept the first 2,000 characters")).to_be_visible(timeout=TIMEOUT)
        expect(heading(page, "Clear leadership")).to_be_visible()
        expect(page.get_by_label("Comment (optional)").first).to_have_value(pasted[:2000], timeout=TIMEOUT)
        first = next(iter(store.responses.answers_of(me).values()))
        assert (first.kind, first.comment) == (ItemKind.STATEMENT, pasted[:2000])
    finally:
        context.close()
