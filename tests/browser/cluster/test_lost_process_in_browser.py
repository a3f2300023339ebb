"""One of three app processes is killed (SIGKILL) mid-workshop. Its participants' pages reconnect through
nginx to another process, come back with their resume code (it is in the page's address), and find every
page they saw saved still saved; the facilitator, whose session was on the same process, carries on.
Nothing confirmed is lost and nothing is saved twice. When the lost process is started again, the
sessions that moved stay on the process they moved to (a download of the facilitator's comes from it).

Six participants, two on each process, each answer the first two pages as test_workshop_journey's people
do (person modulo five) and stand on the third when the process goes; then everyone answers the third."""

from __future__ import annotations

import io
import re
from pathlib import Path

import pytest
from openpyxl import load_workbook
from playwright.sync_api import expect

from assessment.framework import load_framework
from assessment.models import ItemKind
from assessment.storage import Store
from assessment.workshop import questionnaire_steps
from tests.browser.cluster.people import AREA, PIN, TIMEOUT, Session, chosen, open_round, saved_answers
from tests.browser.pages import open_page, settle, sign_in
from tests.browser.test_workshop_journey import PARTNERS, answer_step, choose_partner, join, level_of, step_heading

pytestmark = [pytest.mark.browser, pytest.mark.postgres]

PEOPLE = 6
LOST = 0  # the process killed


def metric(page, label: str):  # noqa: ANN001, ANN201
    return page.get_by_test_id("stMetric").filter(has_text=label)


def reconnected(session: Session, lost_port: int) -> None:
    """Wait until the page has a WebSocket on a process other than the lost one, and has drawn."""
    session.page.wait_for_function("() => true")  # let CDP events in
    for _ in range(int(TIMEOUT / 500)):
        if session.sockets and session.sockets[-1] != lost_port:
            break
        session.page.wait_for_timeout(500)
    assert session.sockets[-1] != lost_port, f"the page did not reconnect: {session.sockets}"
    settle(session.page)


def expect_answered(session: Session, step, person: int) -> None:  # noqa: ANN001
    """The step is on screen with the person's choice checked for every item."""
    page = session.page
    expect(page.get_by_role("heading", name=step_heading(step))).to_be_visible(timeout=TIMEOUT)
    groups = page.get_by_role("radiogroup")
    expect(groups).to_have_count(len(step.items), timeout=TIMEOUT)
    pick = level_of(step.key, person) if step.kind == ItemKind.STATEMENT else 1
    for index in range(len(step.items)):
        expect(groups.nth(index).get_by_role("radio").nth(pick)).to_be_checked(timeout=TIMEOUT)


def test_a_killed_process_loses_nothing_confirmed(browser, cluster):
    framework = load_framework()
    store = Store(cluster.database_url)
    round_row = open_round(store, framework)
    steps = questionnaire_steps(framework, round_row)
    ports = [port for port, _pid in cluster.processes]
    routes = cluster.route_cookies(per_process=PEOPLE // 3 + 1)

    people = []
    for person in range(PEOPLE):
        session = Session(browser, cluster.url, routes[ports[person % 3]][person // 3])
        join(session.page, cluster.url, round_row.join_code, by_link=True)
        choose_partner(session.page, framework.partner_name(PARTNERS[person % 5]))
        for step in steps[:2]:
            answer_step(session.page, step, person % 5, framework)
        expect(session.page.get_by_role("heading", name=step_heading(steps[2]))).to_be_visible(timeout=TIMEOUT)
        people.append(session)
    room = Session(browser, cluster.url, routes[ports[LOST]][PEOPLE // 3], accept_downloads=True)
    open_page(room.page, cluster.url, "workshop_facilitator")
    sign_in(room.page, area=AREA, pin=PIN)
    expect(metric(room.page, "Answering")).to_contain_text(str(PEOPLE), timeout=TIMEOUT)
    before = saved_answers(store, round_row.id)

    cluster.kill(LOST)

    for person, session in enumerate(people):
        if person % 3 == LOST:
            reconnected(session, ports[LOST])
        # Where they stood, with their resume code; Back shows the page they saved, as they saved it.
        expect(session.page.get_by_role("heading", name=step_heading(steps[2]))).to_be_visible(timeout=TIMEOUT)
        settle(session.page)
        session.page.get_by_role("button", name="Back").click()
        expect_answered(session, steps[1], person % 5)
        session.page.get_by_role("button", name="Save and next").click()
    # The lost process comes back (as systemd's Restart=always does); the moved sessions stay where
    # they are: nginx now pins them to the process that answered their reconnection.
    cluster.restart(LOST)
    for person, session in enumerate(people):
        answer_step(session.page, steps[2], person % 5, framework)

    # The facilitator's page came back on another process, still signed in, and shows everyone.
    reconnected(room, ports[LOST])
    expect(room.page.get_by_role("heading", name="Sign in", level=1)).to_have_count(0)
    expect(metric(room.page, "Joined")).to_contain_text(str(PEOPLE), timeout=TIMEOUT)
    expect(metric(room.page, "Answering")).to_contain_text(str(PEOPLE), timeout=TIMEOUT)

    pinned = {c["name"]: c["value"] for c in room.context.cookies()}["assessment_server"]
    assert pinned == f"127.0.0.1:{room.sockets[-1]}" and room.sockets[-1] != ports[LOST]
    # A download belongs to the session's process: it comes from the process the session moved to.
    room.page.get_by_test_id("stSidebar").get_by_role("link", name="Excel import and export").click()
    expect(room.page.get_by_role("heading", name="Excel import and export", level=1)).to_be_visible(timeout=TIMEOUT)
    settle(room.page)
    with room.page.expect_download() as blank:
        room.page.get_by_role("button", name=re.compile("questionnaire", re.I)).first.click()
    assert load_workbook(io.BytesIO(Path(blank.value.path()).read_bytes())).sheetnames

    saved = saved_answers(store, round_row.id)
    assert set(saved) == set(before)  # the same six participants: nobody registered again
    expected = []
    for person in range(PEOPLE):
        items: dict = {}
        for step in steps[:3]:
            items |= chosen(step, person % 5, framework)
        expected.append(items)
    assert sorted(saved.values(), key=str) == sorted(expected, key=str)
    assert {port for session in people for port in session.sockets[-1:]} == set(ports) - {ports[LOST]}

    for session in [*people, room]:
        session.close()
    store.dispose()
