"""A whole workshop in a real browser, on a fresh database: the facilitator opens a round with a PIN, five
participants join (by link and by typed code), answer (one reloads half way, one comes back with the
resume code), and submit; the live view shows five responses and exactly the factors the answers split;
consensus is recorded; an offline questionnaire is imported; the round is closed and finalised; the
dashboard, compare and options pages show it; the results workbook downloads and opens.

The answers are chosen so the split flags can be worked out by hand (band 1 level, split when more than
a quarter of the scores lie outside it; each participant gives one level to every statement of a
factor, so their factor score is that level):

- Effective governance: 0, 0, 2, 4, 4 -> median 2; four of five outside 1..3 -> split.
- Capacity for change: 0, 1, 3, 4, 4 -> median 3; two of five (0 and 1) outside 2..4 -> split.
- An agreed vision: 0, 2, 2, 2, 2 -> median 2; one of five outside -> 20%, not over 25% -> agreement.
- Clear leadership: 1, 2, 2, 3, 3 -> median 2; none outside -> agreement. Every other factor: all 2.
"""

from __future__ import annotations

import io
import re
from pathlib import Path

import pytest
from openpyxl import load_workbook
from playwright.sync_api import Browser, Page, expect

from assessment.excel import questionnaire
from assessment.framework import load_framework
from assessment.models import ItemKind
from assessment.results import score_round
from assessment.signin import set_passphrase
from assessment.storage import Store
from tests.browser.conftest import LAPTOP, PHONE
from tests.browser.pages import open_page, open_signed_in, settle, sign_in
from tests.browser.server import start_server

pytestmark = pytest.mark.browser

AREA = "Eastfield Partnership"
PIN = "2468"
PASSPHRASE = "our regional programme"
LEVELS = {
    "governance": [0, 0, 2, 4, 4],
    "capacity": [0, 1, 3, 4, 4],
    "vision": [0, 2, 2, 2, 2],
    "leadership": [1, 2, 2, 3, 3],
}
PARTNERS = ["council", "nhs_commissioner", "public_health", "school", "council"]
TIMEOUT = 30_000


@pytest.fixture(scope="module")
def fresh_server(tmp_path_factory):
    """The app on a free port with an empty database of its own."""
    url = f"sqlite:///{tmp_path_factory.mktemp('journey') / 'journey.db'}"
    store = Store(url)
    set_passphrase(store, PASSPHRASE, actor="test")  # as `python -m assessment passphrase` does
    store.dispose()
    server = start_server(url)
    yield server
    server.stop()


def go(page: Page, label: str, title: str) -> None:
    """Follow a link of the app's menu (keeping the browser session, and so the PIN) to a page."""
    page.get_by_test_id("stSidebar").get_by_role("link", name=label).click()
    expect(page.get_by_role("heading", name=title, level=1)).to_be_visible(timeout=TIMEOUT)
    settle(page)


def level_of(factor_id: str, person: int) -> int:
    """The level participant `person` (0-4) gives every statement of a factor."""
    return LEVELS.get(factor_id, [2] * 5)[person]


def open_round(page: Page, base_url: str) -> None:
    """Fill in the set-up form: a new area (which needs the programme passphrase), no priority areas,
    and a PIN typed twice."""
    open_signed_in(page, base_url, "workshop_setup", passphrase=PASSPHRASE)
    area = page.get_by_role("combobox", name=re.compile("Area or partnership"))
    area.click()
    area.fill(AREA)
    area.press("Enter")
    page.get_by_label("PIN", exact=True).fill(PIN)
    page.get_by_label("PIN again").fill(PIN)
    page.get_by_role("button", name="Open the round").click()
    expect(page.get_by_text("The round is open.")).to_be_visible(timeout=TIMEOUT)


def join(page: Page, base_url: str, code: str, by_link: bool) -> None:
    """Join by the ?join= link or by typing the code into the join form."""
    if by_link:
        open_page(page, base_url, f"?join={code}")
    else:
        open_page(page, base_url, "join")
        page.get_by_label("Join code").fill(code)
        page.get_by_role("button", name="Join", exact=True).click()
    expect(page.get_by_role("heading", name="About you")).to_be_visible(timeout=TIMEOUT)


def choose_partner(page: Page, partner_name: str) -> str:
    """Say which partner the participant comes from, start, and return the resume code shown."""
    page.get_by_role("radiogroup").get_by_text(partner_name, exact=True).click()
    page.get_by_role("button", name="Start").click()
    notice = page.get_by_text("Your resume code is")
    expect(notice).to_be_visible(timeout=TIMEOUT)
    return re.search(r"resume code is ([A-Z0-9]+)", notice.inner_text()).group(1)


def step_heading(step) -> str:  # noqa: ANN001
    """The heading a questionnaire step shows."""
    return step.title if step.kind == ItemKind.STATEMENT else f"Continuum: {step.title}"


def answer_step(page: Page, step, person: int, framework) -> None:  # noqa: ANN001
    """Choose this participant's answer for every item of the step, then Save and next."""
    expect(page.get_by_role("heading", name=step_heading(step))).to_be_visible(timeout=TIMEOUT)
    settle(page)  # the old step's widgets stay on screen until the run ends
    groups = page.get_by_role("radiogroup")
    expect(groups).to_have_count(len(step.items), timeout=TIMEOUT)
    for index in range(len(step.items)):
        choice = level_of(step.key, person) if step.kind == ItemKind.STATEMENT else 1  # stage 2 = second choice
        label, radio = (
            groups.nth(index).locator("label").nth(choice),
            groups.nth(index).get_by_role("radio").nth(choice),
        )
        for _attempt in range(3):  # a click while the page is still settling can be lost: choose again
            label.click()
            try:
                expect(radio).to_be_checked(timeout=3_000)
                break
            except AssertionError:
                settle(page)
        expect(radio).to_be_checked()
    heading = page.get_by_role("heading", name=step_heading(step))
    page.get_by_role("button", name="Save and next").click()
    expect(heading).to_have_count(0, timeout=TIMEOUT)


def participant(browser: Browser, base_url: str, code: str, person: int, framework, steps) -> None:  # noqa: ANN001
    """One participant's whole journey in a browser context of their own."""
    by_link = person % 2 == 0
    context = browser.new_context(viewport=PHONE if person % 2 else LAPTOP)
    page = context.new_page()
    join(page, base_url, code, by_link)
    resume = choose_partner(page, framework.partner_name(PARTNERS[person]))
    for number, step in enumerate(steps):
        if number == len(steps) // 2 and person == 2:
            page.reload()  # the address holds the resume code: the questionnaire comes back where it was
        if number == len(steps) // 2 and person == 3:
            context.close()  # a new device: type the resume code
            context = browser.new_context(viewport=LAPTOP)
            page = context.new_page()
            open_page(page, base_url, "join")
            page.get_by_text("Coming back? Use your resume code").click()
            page.get_by_label("Resume code").fill(resume)
            page.get_by_role("button", name="Bring back my answers").click()
        answer_step(page, step, person, framework)
    expect(page.get_by_role("heading", name="Check and submit")).to_be_visible(timeout=TIMEOUT)
    expect(page.get_by_text("You have answered every question.")).to_be_visible()
    page.get_by_role("button", name="Submit my answers").click()
    expect(page.get_by_text("Thank you: your answers are submitted.")).to_be_visible(timeout=TIMEOUT)
    context.close()


def offline_questionnaire(template: bytes, framework) -> bytes:  # noqa: ANN001
    """The downloaded questionnaire filled in by a sixth person: 2 everywhere, stage 2 everywhere."""
    book = load_workbook(io.BytesIO(template))
    ws = book[questionnaire.SHEET]
    ws[questionnaire.PARTNER_CELL] = framework.partner_name("school")
    statement = dict((v, label) for label, v in questionnaire.answer_choices(framework, ItemKind.STATEMENT))[2]
    stage = dict((v, label) for label, v in questionnaire.answer_choices(framework, ItemKind.COMPONENT))[2]
    statements = {s.id for f in framework.factors for s in f.statements}
    for row in range(questionnaire.HEADER_ROW + 1, ws.max_row + 1):
        item_id = ws.cell(row=row, column=1).value
        if item_id:
            ws[f"{questionnaire.ANSWER_COLUMN}{row}"] = statement if item_id in statements else stage
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def test_a_whole_workshop_from_opening_the_round_to_the_board_workbook(browser, fresh_server, tmp_path):
    framework = load_framework()
    base = fresh_server.url
    setup_context = browser.new_context(viewport=LAPTOP)
    setup = setup_context.new_page()
    open_round(setup, base)
    store = Store(fresh_server.database_url)
    round_row = store.rounds.list_rounds(store.rounds.list_areas()[0].id)[-1]
    expect(setup.get_by_role("heading", name=round_row.join_code)).to_be_visible()
    setup_context.close()

    from assessment.workshop import questionnaire_steps

    steps = questionnaire_steps(framework, round_row)
    for person in range(5):
        participant(browser, base, round_row.join_code, person, framework, steps)

    # The facilitator's screen on another laptop: the sign-in first (the area and its PIN), then the live view.
    context = browser.new_context(viewport=LAPTOP, accept_downloads=True)
    room = context.new_page()
    open_page(room, base, "workshop_facilitator")
    expect(room.get_by_role("heading", name="Sign in", level=1)).to_be_visible(timeout=TIMEOUT)
    expect(room.get_by_text(round_row.join_code)).to_have_count(0)
    sign_in(room, area=AREA, pin=PIN)
    expect(room.get_by_role("tab", name="Live results")).to_be_visible(timeout=TIMEOUT)
    submitted = room.get_by_test_id("stMetric").filter(has_text="Submitted")
    expect(submitted).to_contain_text("5", timeout=TIMEOUT)
    split = ", ".join(framework.factor(f).name for f in ("governance", "capacity"))
    expect(room.get_by_text(f"The room is split on 2 of 8 factors: {split}.")).to_be_visible(timeout=TIMEOUT)
    result = score_round(store, framework, round_row.id)
    assert result.respondents == 5
    assert sorted(result.factors.index[result.factors["agreement"] == "split"]) == ["capacity", "governance"]

    # Consensus on the first factor offered (a split one comes first).
    room.get_by_role("tab", name="Agree scores").click()
    agree = room.get_by_role("tabpanel", name="Agree scores")
    agree.get_by_role("radiogroup").locator("label").nth(2).click()
    agree.get_by_label("Why: the reason or evidence (optional)").fill("The Board sits but does not decide.")
    agree.get_by_role("button", name="Record the agreed value").click()
    expect(agree.get_by_text("Recorded Effective governance: 2 Developing. Next:")).to_be_visible(timeout=TIMEOUT)
    agreed = store.consensus.for_round(round_row.id)
    assert [(kind, row.value) for (kind, _item), row in agreed.items()] == [(ItemKind.FACTOR, 2.0)]

    # An offline questionnaire: download it, fill it in, upload it.
    go(room, "Excel import and export", "Excel import and export")
    with room.expect_download() as blank:
        room.get_by_role("button", name=re.compile("questionnaire", re.I)).first.click()
    filled = tmp_path / "filled.xlsx"
    filled.write_bytes(offline_questionnaire(Path(blank.value.path()).read_bytes(), framework))
    room.get_by_test_id("stFileUploaderDropzoneInput").set_input_files(str(filled))
    room.get_by_role("button", name="Check and import").click()
    expect(room.get_by_text("Imported:")).to_be_visible(timeout=TIMEOUT)
    assert score_round(store, framework, round_row.id).respondents == 6

    # Close and finalise.
    go(room, "Run the workshop", "Run the workshop")
    room.get_by_role("tab", name="Close and finalise").click()
    room.get_by_role("button", name="Close the round").click()
    room.get_by_role("button", name="Yes, close the round").click()
    expect(room.get_by_text("status: closed")).to_be_visible(timeout=TIMEOUT)
    settle(room)
    finalise_tab = room.get_by_role("tab", name="Close and finalise")
    expect(finalise_tab).to_have_count(1, timeout=TIMEOUT)  # the old tabs go once the rerun has drawn
    finalise_tab.click()
    expect(room.get_by_role("button", name="Finalise the round")).to_be_visible(timeout=TIMEOUT)
    room.get_by_role("button", name="Finalise the round").click()
    room.get_by_role("button", name="Yes, finalise the round").click()
    expect(room.get_by_text("status: finalised")).to_be_visible(timeout=TIMEOUT)

    # The results pages show the round.
    sentence = score_round(store, framework, round_row.id).sentence
    go(room, "Area dashboard", "Area dashboard")
    expect(room.get_by_role("heading", name=sentence)).to_be_visible(timeout=TIMEOUT)
    # Comparing areas needs the programme passphrase: the area's PIN opens only its own area.
    go(room, "Compare areas", "Programme passphrase needed")
    room.get_by_role("textbox", name="Programme passphrase").fill(PASSPHRASE)
    room.get_by_role("button", name="Open every area").click()
    for label in ("Compare areas", "Structural options"):
        if label != "Compare areas":
            go(room, label, label)
        expect(room.get_by_role("heading", name=label, level=1)).to_be_visible(timeout=TIMEOUT)
        expect(room.get_by_test_id("stMain").get_by_text(AREA).first).to_be_visible(timeout=TIMEOUT)

    # The Board's workbook downloads and opens.
    go(room, "Excel import and export", "Excel import and export")
    with room.expect_download() as download:
        room.get_by_role("button", name="Download the results workbook (.xlsx)").click()
    book = load_workbook(io.BytesIO(Path(download.value.path()).read_bytes()))
    assert len(book.sheetnames) >= 2
    context.close()
    store.dispose()
