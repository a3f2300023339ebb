"""Typed web and email addresses stay plain text in a real browser: an area name, a round title, a
participant's comment, a consensus rationale, an action title and a hybrid option's name holding
'www.example.com', 'http://evil.example/x' and 'someone@example.org' are shown exactly as typed on every
page where they appear, on a laptop and (for the participant's pages) on a phone, and no page has a link
to any of them. Streamlit's Markdown would otherwise make each a link (GitHub's autolinks), even with
its punctuation backslash-escaped; ui.text.plain prevents it."""

from __future__ import annotations

import datetime as dt
import re

import pytest
from playwright.sync_api import Page, expect

from assessment.framework import Framework, load_framework
from assessment.models import (
    ActionInput,
    Answer,
    AppraisalScore,
    ConsensusEntry,
    HybridInput,
    ItemKind,
    RoundInput,
    RoundStatus,
)
from assessment.signin import set_passphrase
from assessment.storage import Store
from tests.browser.pages import open_page, sign_in
from tests.browser.pages import settle as settle_after
from tests.browser.server import start_server

pytestmark = pytest.mark.browser

ADDRESSES = ("www.example.com", "http://evil.example/x", "someone@example.org")
TYPED = " ".join(ADDRESSES)
AREA = f"Linkton {TYPED}"
TITLE = f"Workshop {TYPED}"
COMMENT = f"Evidence at {TYPED}"
RATIONALE = f"Agreed after reading {TYPED}"
ACTION = f"Publish the plan at {TYPED}"
HYBRID = f"Mix {TYPED}"
PIN = "8642"
PASSPHRASE = "a passphrase for plain text"
TIMEOUT = 30_000
# What a link to a typed address would point at (a heading's own '#anchor' is made of words and hyphens).
LINKED = ("example.com", "evil.example", "example.org", "mailto:")


def answer_everything(store: Store, framework: Framework, round_id: int, levels=(1, 2, 3)) -> None:  # noqa: ANN001
    """Three participants answer every statement at one level each and put every component at stage 2."""
    for level in levels:
        participant, _code = store.responses.join(round_id, "council")
        batch = [
            Answer(kind=ItemKind.STATEMENT, item_id=s.id, value=level) for f in framework.factors for s in f.statements
        ]
        batch += [Answer(kind=ItemKind.COMPONENT, item_id=c.id, value=2) for c in framework.components]
        store.responses.save_answers(participant.id, batch)


def finalise(store: Store, round_id: int) -> None:
    store.rounds.set_status(round_id, RoundStatus.CLOSED)
    store.rounds.set_status(round_id, RoundStatus.FINALISED)


def seed(store: Store, framework: Framework) -> int:
    """The area's finalised earlier round (with a rationale and an action), another area to compare it
    with, and the area's open round with an action and an unscored hybrid; returns the open round's id."""
    factor = framework.factors[0].id
    earlier = store.rounds.open_round(
        RoundInput(area=AREA, held_on=dt.date(2025, 3, 10), title=TITLE, pin=PIN), framework.version
    )
    answer_everything(store, framework, earlier.id)
    store.consensus.record(
        earlier.id,
        ConsensusEntry(kind=ItemKind.FACTOR, item_id=factor, value=2, rationale=RATIONALE),
        expected_revision=None,
    )
    store.plan.add(earlier.id, ActionInput(title=ACTION, owner="Board", factor_id=factor))
    finalise(store, earlier.id)
    other = store.rounds.open_round(
        RoundInput(area="Plainfield", held_on=dt.date(2025, 6, 1), pin=PIN), framework.version
    )
    answer_everything(store, framework, other.id, levels=(2, 2, 3))
    finalise(store, other.id)

    current = store.rounds.open_round(
        RoundInput(area=AREA, held_on=dt.date(2026, 3, 10), title=TITLE, pin=PIN), framework.version
    )
    answer_everything(store, framework, current.id)
    store.plan.add(current.id, ActionInput(title=ACTION, owner="Board", factor_id=factor))
    store.appraisal.add_hybrid(
        current.id, HybridInput(name=HYBRID, choices={d.id: "targeted" for d in framework.dimensions})
    )
    store.appraisal.save_scores(  # the framework's options scored, the hybrid not: it is named as not ranked
        current.id,
        [
            AppraisalScore(option_id=o.id, criterion_id=c.id, value=2)
            for o in framework.options
            for c in framework.criteria
        ],
    )
    return current.id


@pytest.fixture(scope="module")
def linked_server(tmp_path_factory):
    """The app on its own database, seeded with the typed addresses; yields (server, store, open round id)."""
    url = f"sqlite:///{tmp_path_factory.mktemp('plain_text') / 'plain.db'}"
    store = Store(url)
    round_id = seed(store, load_framework())
    set_passphrase(store, PASSPHRASE, actor="test")  # Compare areas opens only with it
    server = start_server(url)
    yield server, store, round_id
    server.stop()
    store.dispose()


def open_as_facilitator(page: Page, base_url: str, path: str, shows: str) -> None:
    """Open one of the app's pages and wait until it shows `shows`, entering the round's PIN first if the
    page asks for it. The one place that knows how a page is opened, so that it is easy to change when
    pages ask for more."""
    open_page(page, base_url, path)
    content = page.get_by_text(shows).first
    pin, passphrase = (
        page.get_by_role("button", name="Open the area"),
        page.get_by_role("button", name="Open every area"),
    )
    expect(pin.or_(passphrase).or_(content).first).to_be_visible(timeout=TIMEOUT)
    if pin.count():
        sign_in(page, area=AREA, pin=PIN)
    elif passphrase.count():  # a page only the passphrase opens asks for it alone
        sign_in(page, passphrase=PASSPHRASE)
    expect(content).to_be_visible(timeout=TIMEOUT)
    settle(page)


def settle(page: Page) -> None:
    """pages.settle, with a longer pause for this page's slower runs."""
    settle_after(page, pause_ms=300)


def links_to_typed_addresses(page: Page) -> list[str]:
    """The target of every link on the page (HTML or SVG, such as a chart's) that points at a typed address."""
    targets = page.eval_on_selector_all(
        "a", "links => links.map(a => a.getAttribute('href') || a.getAttribute('xlink:href') || '')"
    )
    return [t for t in targets if any(address in t for address in LINKED)]


def shown_as_typed(page: Page, *texts: str) -> None:
    """Each text is on the page exactly as typed, and nothing on the page links to a typed address."""
    shown = page.get_by_test_id("stApp").inner_text()
    for text in texts:
        assert text in shown, text
    assert links_to_typed_addresses(page) == []


CELLS = "[data-testid=stDataFrame] [role=gridcell], [data-testid=stDataFrame] td"
HEADERS = "[data-testid=stDataFrame] [role=columnheader], [data-testid=stDataFrame] th"


def table_cells(page: Page, text: str, at_least: int = 1, selector: str = CELLS) -> int:
    """How many cells of the page's tables hold exactly this text, once at_least of them show it (tables
    are drawn on a canvas, one after another; their cells are kept as text for screen readers)."""
    script = (
        "([selector, text, least]) => "
        "[...document.querySelectorAll(selector)].filter(c => c.textContent === text).length >= least"
    )
    page.wait_for_function(script, arg=[selector, text, at_least], timeout=TIMEOUT)
    return page.eval_on_selector_all(
        selector, "(cells, text) => cells.filter(c => c.textContent === text).length", text
    )


ROUND = f"{AREA} · {TITLE} (10 March 2026)"
# Each facilitator or results page, and the typed text it shows outside its tables and charts.
PAGES = {
    "": f"{ROUND} · status: open",  # the area dashboard
    "workshop_facilitator": f"{ROUND} · status: open · join code",  # past the PIN
    "workshop_presentation": f"Slide 1 of 7 · {ROUND}",
    "development_plan": f"{ROUND} · status: open",  # and the previous round's title in a heading
    "options": f"{ROUND} · status: open",
    "excel": f"{ROUND} · status: open",
    "compare_areas": AREA,  # in the list of areas chosen
}


@pytest.mark.parametrize("path", list(PAGES))
def test_a_results_or_facilitator_page_shows_typed_addresses_as_text(linked_server, laptop, path):
    server, _store, _round_id = linked_server
    open_as_facilitator(laptop, server.url, path, PAGES[path])
    laptop.wait_for_timeout(1000)  # charts and tables finish drawing
    shown_as_typed(laptop, PAGES[path])
    if path == "compare_areas":
        assert table_cells(laptop, AREA, at_least=2) == 2  # the side-by-side tables (round, factor scores)
    if path == "development_plan":
        assert laptop.get_by_role("heading", name=f"{TITLE} (10 March 2025)").count() == 1
        assert table_cells(laptop, ACTION, at_least=2) == 2  # the previous round's plan and this round's


def test_a_hybrid_option_not_yet_scored_is_named_as_typed(linked_server, laptop):
    server, _store, _round_id = linked_server
    open_as_facilitator(laptop, server.url, "options", PAGES["options"])
    laptop.get_by_role("tab", name="Weighted appraisal").click()
    expect(laptop.get_by_text("Not ranked until scored")).to_be_visible(timeout=TIMEOUT)
    settle(laptop)
    shown_as_typed(laptop, f"Not ranked until scored on every criterion with a weight: {HYBRID}")
    # The Board's scores grid: a row per criterion and a column per option, headed by its name.
    assert table_cells(laptop, HYBRID, selector=HEADERS) >= 1


def test_a_rationale_recorded_meanwhile_is_quoted_as_typed(linked_server, laptop):
    """Someone else records the item while the facilitator has it open: the refusal quotes their rationale."""
    from assessment.results import score_round
    from assessment.workshop import consensus_items

    server, store, round_id = linked_server
    framework = load_framework()
    first = consensus_items(score_round(store, framework, round_id), framework, store.rounds.get_round(round_id))[0]
    open_as_facilitator(laptop, server.url, "workshop_facilitator", PAGES["workshop_facilitator"])
    laptop.get_by_role("tab", name="Agree scores").click()
    agree = laptop.get_by_role("tabpanel", name="Agree scores")
    expect(agree.get_by_role("button", name="Record the agreed value")).to_be_visible(timeout=TIMEOUT)
    entry = ConsensusEntry(kind=first.kind, item_id=first.item_id, value=3, rationale=RATIONALE)
    store.consensus.record(round_id, entry, expected_revision=None)
    agree.get_by_role("button", name="Record the agreed value").click()
    expect(agree.get_by_text("your value was NOT saved")).to_be_visible(timeout=TIMEOUT)
    settle(laptop)
    shown_as_typed(laptop, f"because: {RATIONALE}.")


@pytest.mark.parametrize("size", ["phone", "laptop"])
def test_a_participant_sees_the_area_and_their_own_comment_as_typed(linked_server, request, size):
    server, store, round_id = linked_server
    page: Page = request.getfixturevalue(size)
    open_page(page, server.url, f"?join={store.rounds.get_round(round_id).join_code}")
    expect(page.get_by_role("heading", name="About you")).to_be_visible(timeout=TIMEOUT)
    # The page has drawn below its heading.
    expect(page.get_by_text("Partner type", exact=True)).to_be_visible(timeout=TIMEOUT)
    shown_as_typed(page, ROUND)
    page.get_by_role("radiogroup").get_by_text(load_framework().partner_name("council"), exact=True).click()
    page.get_by_role("button", name="Start").click()
    expect(page.get_by_text("Your resume code is")).to_be_visible(timeout=TIMEOUT)
    settle(page)
    shown_as_typed(page, ROUND)

    # The participant types a comment with the addresses on the first question and saves it; the page
    # opened again (its address holds the resume code and the page) and Back read it from the database.
    page.get_by_role("radiogroup").first.locator("label").first.click()
    page.get_by_label("Comment (optional)").first.fill(COMMENT)
    page.get_by_role("button", name="Save and next").click()
    expect(page.get_by_text(re.compile(r"^Page 2 of"))).to_be_visible(timeout=TIMEOUT)
    page.reload()
    expect(page.get_by_text(re.compile(r"^Page 2 of"))).to_be_visible(timeout=TIMEOUT)
    page.go_back()
    expect(page.get_by_text(re.compile(r"^Page 1 of"))).to_be_visible(timeout=TIMEOUT)
    settle(page)
    expect(page.get_by_label("Comment (optional)").first).to_have_value(COMMENT, timeout=TIMEOUT)
    shown_as_typed(page, ROUND)
