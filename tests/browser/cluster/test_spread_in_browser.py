"""Twelve participants on three app processes behind nginx, one PostgreSQL: a facilitator's live view on a
fourth session sees all twelve within one refresh, and a consensus recorded through one process shows on
another process's dashboard at its next rerun (the stamp-keyed caches of each process stay right).

Each participant answers the first page of the questionnaire as test_workshop_journey's people do (its
person modulo five), and the database holds exactly those answers, once each."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect

from assessment.framework import load_framework
from assessment.storage import Store
from assessment.workshop import questionnaire_steps
from tests.browser.cluster.people import AREA, PIN, TIMEOUT, Session, chosen, open_round, saved_answers
from tests.browser.pages import open_page, settle, sign_in
from tests.browser.test_workshop_journey import PARTNERS, answer_step, choose_partner, join

pytestmark = [pytest.mark.browser, pytest.mark.postgres]

PEOPLE = 12
LIVE_REFRESH_SECONDS = 5  # app_pages/workshop_facilitator.py's (a page script: importing it runs it)


def metric(page, label: str):  # noqa: ANN001, ANN201
    return page.get_by_test_id("stMetric").filter(has_text=label)


def test_twelve_participants_on_three_processes_one_live_view_and_shared_consensus(browser, cluster):
    framework = load_framework()
    store = Store(cluster.database_url)
    round_row = open_round(store, framework)
    first = questionnaire_steps(framework, round_row)[0]
    ports = [port for port, _pid in cluster.processes]
    routes = cluster.route_cookies(per_process=PEOPLE // 3 + 1)

    people = []
    for person in range(PEOPLE):
        session = Session(browser, cluster.url, routes[ports[person % 3]][person // 3])
        join(session.page, cluster.url, round_row.join_code, by_link=person % 2 == 0)
        choose_partner(session.page, framework.partner_name(PARTNERS[person % 5]))
        if person < PEOPLE - 1:
            answer_step(session.page, first, person % 5, framework)
        people.append(session)
    # Every participant's WebSocket reached the process their cookie names, four on each process.
    assert [session.sockets[-1] for session in people] == [ports[p % 3] for p in range(PEOPLE)]
    assert all(set(session.sockets) == {ports[p % 3]} for p, session in enumerate(people))

    # The facilitator, on a fourth session (on the first process), sees eleven answering ...
    room = Session(browser, cluster.url, routes[ports[0]][PEOPLE // 3])
    open_page(room.page, cluster.url, "workshop_facilitator")
    sign_in(room.page, area=AREA, pin=PIN)
    expect(metric(room.page, "Joined")).to_contain_text(str(PEOPLE), timeout=TIMEOUT)
    expect(metric(room.page, "Answering")).to_contain_text(str(PEOPLE - 1), timeout=TIMEOUT)
    # ... and the twelfth, saved through the third process, within one refresh of the live view (no reload).
    answer_step(people[-1].page, first, (PEOPLE - 1) % 5, framework)
    expect(metric(room.page, "Answering")).to_contain_text(str(PEOPLE), timeout=(LIVE_REFRESH_SECONDS + 5) * 1000)
    saved = saved_answers(store, round_row.id)
    assert len(saved) == PEOPLE
    assert sorted(saved.values(), key=str) == sorted((chosen(first, p % 5, framework) for p in range(PEOPLE)), key=str)

    # The area's dashboard on the second process, drawn before the consensus: nothing agreed yet.
    board = Session(browser, cluster.url, routes[ports[1]][PEOPLE // 3])
    open_page(board.page, cluster.url, "area_dashboard")
    sign_in(board.page, area=AREA, pin=PIN)
    expect(metric(board.page, "Agreed scores")).to_contain_text("0 of 8", timeout=TIMEOUT)

    # Consensus recorded through the first process ...
    room.page.get_by_role("tab", name="Agree scores").click()
    agree = room.page.get_by_role("tabpanel", name="Agree scores")
    agree.get_by_role("radiogroup").locator("label").nth(2).click()
    agree.get_by_role("button", name="Record the agreed value").click()
    expect(agree.get_by_text(re.compile(r"^Recorded .+: 2 "))).to_be_visible(timeout=TIMEOUT)

    # ... shows on the second process's dashboard at its next rerun (a move to another page and back).
    sidebar = board.page.get_by_test_id("stSidebar")
    sidebar.get_by_role("link", name="About the assessment").click()
    expect(board.page.get_by_role("heading", name="About the assessment", level=1)).to_be_visible(timeout=TIMEOUT)
    settle(board.page)
    sidebar.get_by_role("link", name="Area dashboard").first.click()
    expect(metric(board.page, "Agreed scores")).to_contain_text("1 of 8", timeout=TIMEOUT)
    assert board.sockets and set(board.sockets) == {ports[1]}
    assert room.sockets and set(room.sockets) == {ports[0]}

    for session in [*people, room, board]:
        session.close()
    store.dispose()
