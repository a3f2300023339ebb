"""The whole participant journey with the keyboard alone, in a real browser: open the join link, choose
a partner type, start, answer every step (arrow keys in each radio group, a comment typed in), submit;
the answers saved are the ones chosen, and the focused choice or button always shows a visible outline
or ring.

Only page.keyboard is used once the page is open: Tab, Shift+Tab, Space, Enter and the arrow keys, never
a click or a fill by locator.

The choices are worked out in advance: on step s, item j (both counted from 0) the participant presses
Space on the group's first choice and then ArrowDown (s + j) % 3 times, so the answer is the item's
choice number (s + j) % 3 in the order shown (statement levels 0, 1, 2; stages 1, 2, 3). The very last
item instead gets ArrowUp from the first choice, which wraps round to the last choice, "Don't know".
"""

from __future__ import annotations

from urllib.parse import parse_qs, urlparse

import pytest
from playwright.sync_api import Page, expect

from assessment.framework import Framework, load_framework
from assessment.models import ItemKind
from assessment.storage import Store
from assessment.workshop import Step, questionnaire_steps
from tests.browser.pages import open_page
from tests.browser.pages import settle as settle_after

pytestmark = pytest.mark.browser

TIMEOUT = 30_000
COMMENT = "Typed with the keyboard"
DONT_KNOW = None

# What has the focus now: enough to steer by, and whether a sighted keyboard user can see where it is.
# The focused element or one of its nearer ancestors (up to its label or button) must draw an outline or
# a ring; an element 1-2px across (a visually hidden native radio) does not count.
FOCUSED = """() => {
  const a = document.activeElement;
  if (!a || a === document.body) return {tag: 'BODY', type: '', group: '', checked: false, aria: '', text: '', visible: false};
  const label = a.closest('label');
  let visible = false;
  for (let e = a, i = 0; e && i < 6; e = e.parentElement, i++) {
    const box = e.getBoundingClientRect();
    const cs = getComputedStyle(e);
    const outline = cs.outlineStyle !== 'none' && parseFloat(cs.outlineWidth) > 0;
    const ring = cs.boxShadow !== 'none' && cs.boxShadow !== '';
    if (box.width > 4 && box.height > 4 && (outline || ring)) { visible = true; break; }
    if (e === label || e.tagName === 'BUTTON') break;
  }
  return {
    tag: a.tagName,
    type: a.type || '',
    group: a.type === 'radio' ? a.name : '',
    checked: !!a.checked,
    aria: a.getAttribute('aria-label') || '',
    text: ((label || a).innerText || '').trim(),
    visible,
  };
}"""


def focused(page: Page) -> dict:
    return page.evaluate(FOCUSED)


def tab_until(page: Page, wanted, what: str, *, key: str = "Tab", limit: int = 80) -> dict:  # noqa: ANN001
    """Press Tab (or another key) until the focused element is the one wanted; returns it."""
    for _ in range(limit):
        page.keyboard.press(key)
        now = focused(page)
        if wanted(now):
            return now
    raise AssertionError(f"{what} was not reached with {key} in {limit} presses; focus is on {focused(page)}")


def settle(page: Page) -> None:
    """pages.settle, with a longer pause for this page's slower runs."""
    settle_after(page, pause_ms=200)


def is_button(name: str):  # noqa: ANN201
    return lambda f: f["tag"] == "BUTTON" and f["text"] == name


def is_new_question(answered: list[str]):  # noqa: ANN201
    return lambda f: f["type"] == "radio" and f["group"] not in answered


def choices(step: Step, item: str, framework: Framework) -> list[int]:
    """The item's choices in the order the page shows them (as questionnaire_step does)."""
    if step.kind == ItemKind.STATEMENT:
        return list(next(s for s in framework.factor(step.key).statements if s.id == item).levels)
    if step.kind == ItemKind.COMPONENT:
        return list(framework.component(item).stages)
    return [s.number for s in framework.stages]


def test_a_participant_answers_and_submits_with_the_keyboard_alone(sample_server, laptop):
    framework = load_framework()
    store = Store(sample_server.database_url)
    open_round = next(
        r for a in store.rounds.list_areas() for r in store.rounds.list_rounds(a.id) if r.status.value == "open"
    )
    steps = questionnaire_steps(framework, open_round)
    page = laptop
    open_page(page, sample_server.url, f"?join={open_round.join_code}")
    expect(page.get_by_role("heading", name="About you", level=1)).to_be_visible(timeout=TIMEOUT)
    settle(page)

    # About you: the partner type group, then the second choice with the down arrow.
    partner = tab_until(page, lambda f: f["type"] == "radio", "the partner type group")
    assert partner["visible"], partner
    page.keyboard.press("Space")
    page.keyboard.press("ArrowDown")
    partner = focused(page)
    assert partner["checked"] and partner["visible"], partner
    assert partner["text"] == framework.partner_types[1].name
    assert tab_until(page, is_button("This is not my workshop"), "the leave button")["visible"]
    start = tab_until(page, is_button("Start"), "the Start button", key="Shift+Tab", limit=3)
    assert start["visible"], start
    page.keyboard.press("Enter")
    expect(page.get_by_text("Your resume code is")).to_be_visible(timeout=TIMEOUT)
    settle(page)

    expected: dict[tuple[ItemKind, str], tuple[int | None, str]] = {}
    for s, step in enumerate(steps):
        heading = page.get_by_role("heading", level=2).first
        expect(heading).to_contain_text(step.title if step.kind == ItemKind.STATEMENT else "Continuum")
        title = heading.inner_text()
        answered: list[str] = []
        while len(answered) < len(step.items):
            radio = tab_until(page, is_new_question(answered), "the next question")
            assert radio["visible"], radio
            answered.append(radio["group"])
            j = len(answered) - 1
            item = step.items[j]
            last = s == len(steps) - 1 and j == len(step.items) - 1
            page.keyboard.press("Space")
            if last:
                page.keyboard.press("ArrowUp")  # wraps round from the first choice to "Don't know"
                expected[(step.kind, item)] = (DONT_KNOW, "")
            else:
                for _ in range((s + j) % 3):
                    page.keyboard.press("ArrowDown")
                expected[(step.kind, item)] = (choices(step, item, framework)[(s + j) % 3], "")
            assert focused(page)["checked"], focused(page)
            if s == 0 and j == 0:
                comment = tab_until(page, lambda f: f["aria"] == "Comment (optional)", "the comment box", limit=1)
                assert comment["visible"], comment
                page.keyboard.type(COMMENT)
                expected[(step.kind, item)] = (expected[(step.kind, item)][0], COMMENT)
        save = tab_until(page, is_button("Save and next"), "Save and next")
        assert save["visible"], save
        page.keyboard.press("Enter")
        if s < len(steps) - 1:
            expect(page.get_by_role("heading", level=2).first).not_to_have_text(title, timeout=TIMEOUT)
        settle(page)

    expect(page.get_by_role("heading", name="Check and submit")).to_be_visible(timeout=TIMEOUT)
    expect(page.get_by_text("You have answered every question.")).to_be_visible()
    submit = tab_until(page, is_button("Submit my answers"), "Submit my answers")
    assert submit["visible"], submit
    page.keyboard.press("Space")
    expect(page.get_by_text("Thank you: your answers are submitted.")).to_be_visible(timeout=TIMEOUT)

    resume_code = parse_qs(urlparse(page.url).query)["resume"][0]
    participant = store.responses.resume(resume_code, open_round.id)
    saved = store.responses.answers_of(participant.id)
    store.dispose()
    assert participant.completed
    assert participant.partner_type == framework.partner_types[1].id
    assert {key: (a.value, a.comment) for key, a in saved.items()} == expected
    assert len(expected) == sum(len(step.items) for step in steps)
