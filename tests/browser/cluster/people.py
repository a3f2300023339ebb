"""Browsers for the cluster tests: each in a context of its own, put on one app process by its route
cookie, recording which process each of its WebSocket connections reached (X-Upstream on the handshake,
read through Chrome's DevTools protocol: Playwright itself does not show a WebSocket's headers)."""

from __future__ import annotations

import datetime as dt

from playwright.sync_api import Browser, Page

from assessment.framework import Framework
from assessment.models import RoundInput
from assessment.signin import set_passphrase
from assessment.storage import RoundRow, Store
from tests.browser.cluster.harness import ROUTE_COOKIE
from tests.browser.conftest import LAPTOP

AREA = "Eastfield Partnership"
PIN = "2468"
PASSPHRASE = "our regional programme"
TIMEOUT = 60_000  # a page whose process was lost waits for Streamlit's reconnection


def open_round(store: Store, framework: Framework) -> RoundRow:
    """What the facilitator's set-up does: the programme passphrase, then an open round with a PIN."""
    set_passphrase(store, PASSPHRASE, actor="test")
    spec = RoundInput(area=AREA, held_on=dt.date(2026, 12, 2), pin=PIN)
    return store.rounds.open_round(spec, framework.version)


def saved_answers(store: Store, round_id: int) -> dict[int, dict[str, int | None]]:
    """Every stored answer of the round: {participant id: {item id: value}} (one row per item: the key)."""
    from sqlalchemy import select

    from assessment.storage.schema import answers, participants

    query = (
        select(answers.c.participant_id, answers.c.item_id, answers.c.value)
        .join(participants, participants.c.id == answers.c.participant_id)
        .where(participants.c.round_id == round_id)
    )
    saved: dict[int, dict[str, int | None]] = {}
    with store.engine.connect() as conn:
        for participant_id, item_id, value in conn.execute(query):
            saved.setdefault(participant_id, {})[item_id] = value
    return saved


def chosen(step, person: int, framework: Framework) -> dict[str, int | None]:  # noqa: ANN001
    """The value of every item of the step that test_workshop_journey's answer_step chooses for person
    (the label it clicks: the person's level of a statement, the second stage of anything else)."""
    from assessment.models import ItemKind
    from tests.browser.test_workshop_journey import level_of
    from ui.components.questionnaire_step import choices

    pick = level_of(step.key, person) if step.kind == ItemKind.STATEMENT else 1
    return {item: choices(step, item, n, framework)[1][pick] for n, item in enumerate(step.items, 1)}


class Session:
    """One person's browser, routed by nginx to the process its cookie hashes to."""

    def __init__(self, browser: Browser, base_url: str, cookie: str, *, accept_downloads: bool = False) -> None:
        self.context = browser.new_context(viewport=LAPTOP, accept_downloads=accept_downloads)
        self.context.add_cookies([{"name": ROUTE_COOKIE, "value": cookie, "url": base_url}])
        self.page: Page = self.context.new_page()
        self.sockets: list[int] = []  # the app port behind each WebSocket this page opened, in order
        cdp = self.context.new_cdp_session(self.page)
        cdp.on("Network.webSocketHandshakeResponseReceived", self._handshake)
        cdp.send("Network.enable")

    def _handshake(self, event: dict) -> None:
        headers = {k.lower(): v for k, v in event["response"]["headers"].items()}
        if "x-upstream" in headers:
            self.sockets.append(int(headers["x-upstream"].split(",")[-1].strip().rsplit(":", 1)[1]))

    def close(self) -> None:
        self.context.close()
