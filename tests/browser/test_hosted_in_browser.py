"""Hosted mode in a real browser against a real OpenID Connect provider (tests/oidc: `oidc-provider` under
Node): each role signs in through the provider and sees exactly its pages and areas; a visitor who has
not signed in sees no results; sign-out ends the session; a tampered or expired identity is refused."""

from __future__ import annotations

import io
import json
import os
import time
from collections.abc import Iterator
from dataclasses import dataclass

import pytest
from openpyxl import load_workbook
from playwright.sync_api import Page, expect

from assessment.accounts import AuditEvent, Role
from assessment.framework import load_framework
from assessment.models import RoundStatus
from assessment.sample import load_sample
from assessment.storage import Store
from tests.browser.pages import open_page, open_select, wait_for_app, wait_for_skeletons
from tests.browser.server import Server, free_port, start_server
from tests.oidc.server import CLIENT_ID, CLIENT_SECRET, Provider, node_missing, oidc_provider

pytestmark = pytest.mark.browser

TIMEOUT = 30_000
COOKIE_SECRET = "hosted-mode-test-cookie-secret-0123456789abcdef"
ADMIN = "admin@programme.example.org"
LEAD = "lead@ashvale.example.org"  # area lead of Ashvale
VIEWER = "viewer@brookmere.example.org"  # viewer of Brookmere
NOBODY = "someone@council.example.org"  # signs in, but has no role
AREAS = ["Ashvale", "Brookmere", "Calderwick", "Dunmoor", "Elmridge", "Fernhollow"]
RESULTS_PAGES = ["", "area_dashboard", "compare_areas", "options", "development_plan", "excel"]
FACILITATOR_PAGES = ["workshop_setup", "workshop_facilitator", "workshop_presentation"]
AREA_PICKER = "Area"
FACILITATOR_MENU = ["Set up a workshop", "Run the workshop", "Presentation mode"]


@dataclass
class Hosted:
    server: Server
    provider: Provider

    @property
    def url(self) -> str:
        return self.server.url


def _secrets(app_port: int, provider: Provider) -> str:
    return f"""
[auth]
redirect_uri = "http://127.0.0.1:{app_port}/oauth2callback"
cookie_secret = "{COOKIE_SECRET}"
client_id = "{CLIENT_ID}"
client_secret = "{CLIENT_SECRET}"
server_metadata_url = "{provider.metadata_url}"
# The test provider offers no account picker: ask it for its login form every time.
client_kwargs = {{ prompt = "login" }}
"""


@pytest.fixture(scope="module")
def hosted(browser, tmp_path_factory) -> Iterator[Hosted]:
    """The app in hosted mode, signing in through the test provider, with the sample and four people."""
    reason = node_missing()
    if reason:
        if os.environ.get("CI") == "true":
            pytest.fail(reason)
        pytest.skip(reason)
    folder = tmp_path_factory.mktemp("hosted")
    url = f"sqlite:///{folder / 'sample.db'}"
    store = Store(url)
    load_sample(store, load_framework())
    ids = {area.name: area.id for area in store.rounds.list_areas()}
    store.accounts.add(ADMIN, Role.ADMIN, actor="test set-up")
    store.accounts.add(LEAD, Role.LEAD, [ids["Ashvale"]], actor="test set-up")
    store.accounts.add(VIEWER, Role.VIEWER, [ids["Brookmere"]], actor="test set-up")
    store.dispose()
    app_port = free_port()
    with oidc_provider(f"http://127.0.0.1:{app_port}/oauth2callback") as provider:
        secrets = folder / "secrets.toml"
        secrets.write_text(_secrets(app_port, provider), encoding="utf-8")
        server = start_server(url, port=app_port, secrets_file=secrets)
        try:
            yield Hosted(server, provider)
        finally:
            server.stop()


def sign_in_as(page: Page, hosted: Hosted, email: str, path: str = "") -> None:
    """Sign in through the provider's own login form as email, then open the page at path."""
    open_page(page, hosted.url, path)
    page.get_by_role("button", name="Sign in with your organisation's account").click()
    page.wait_for_url(f"{hosted.provider.issuer}/**", timeout=TIMEOUT)
    page.locator("input[name=login]").fill(email)
    page.locator("input[name=password]").fill("any password")
    page.locator("button[type=submit]").click()
    page.wait_for_url(f"{hosted.url}/**", timeout=TIMEOUT)
    wait_for_app(page)
    if path:
        open_page(page, hosted.url, path)


def heading(page: Page) -> str:
    return page.get_by_test_id("stMain").locator("h1").first.inner_text().strip()


def menu(page: Page) -> list[str]:
    """The menu's page names (each link's last line: the first is its icon's name)."""
    links = page.get_by_test_id("stSidebar").get_by_test_id("stPageLink")
    links.first.wait_for(timeout=TIMEOUT)
    wait_for_skeletons(page)
    links = links.all()
    return [link.inner_text().strip().splitlines()[-1] for link in links]


def areas_in(page: Page) -> list[str]:
    """The sample's area names anywhere in the page's source."""
    page.wait_for_timeout(500)  # let anything still arriving over the websocket land
    html = page.content()
    return [name for name in AREAS if name in html]


def audit_events(hosted: Hosted) -> list[tuple[str, str, str]]:
    store = Store(hosted.server.database_url)
    try:
        events = store.audit.programme_events()
        return list(zip(events["actor"], events["event"], events["detail"], strict=True))
    finally:
        store.dispose()


@pytest.mark.parametrize("path", RESULTS_PAGES + FACILITATOR_PAGES)
def test_a_visitor_who_has_not_signed_in_gets_the_sign_in_and_no_area(hosted, laptop, path):
    open_page(laptop, hosted.url, path)
    assert heading(laptop) == "Sign in"
    assert areas_in(laptop) == []
    store = Store(hosted.server.database_url)
    codes = [r.join_code for r in store.rounds.list_rounds()]
    store.dispose()
    assert [code for code in codes if code in laptop.content()] == []
    assert laptop.get_by_label("PIN", exact=True).count() == 0  # no PIN form in hosted mode
    assert menu(laptop) == ["Join a workshop", "About the assessment", "Accessibility statement"]


def test_a_redirect_uri_not_ending_in_oauth2callback_stops_the_app_with_one_line(browser, laptop, tmp_path):
    secrets = tmp_path / "secrets.toml"
    secrets.write_text(
        _secrets(8501, Provider("http://127.0.0.1:9")).replace("8501/oauth2callback", "8501/"), encoding="utf-8"
    )
    server = start_server(f"sqlite:///{tmp_path / 'empty.db'}", secrets_file=secrets)
    try:
        for path in ("", "about"):
            laptop.goto(f"{server.url}/{path}")
            alert = laptop.get_by_test_id("stAlertContentError")
            alert.wait_for(timeout=TIMEOUT)
            assert alert.inner_text().strip().splitlines()[-1] == (  # after the icon's name
                "The app cannot start: [auth] redirect_uri is 'http://127.0.0.1:8501/': it must end with /oauth2callback."
            )
            assert laptop.get_by_test_id("stMain").locator("h1").count() == 0
    finally:
        server.stop()


def test_a_secrets_file_that_is_not_toml_stops_the_app_rather_than_opening_workshop_mode(browser, laptop, tmp_path):
    secrets = tmp_path / "secrets.toml"
    secrets.write_text("[auth\n" + _secrets(8501, Provider("http://127.0.0.1:9")), encoding="utf-8")
    server = start_server(f"sqlite:///{tmp_path / 'empty.db'}", secrets_file=secrets)
    try:
        laptop.goto(f"{server.url}/area_dashboard")
        alert = laptop.get_by_test_id("stAlertContentError")
        alert.wait_for(timeout=TIMEOUT)
        assert (
            alert.inner_text()
            .strip()
            .splitlines()[-1]
            .startswith(f"The app cannot start: {secrets} is not valid TOML: ")
        )
        assert laptop.get_by_label("PIN", exact=True).count() == 0  # not workshop mode's sign-in
    finally:
        server.stop()


@pytest.mark.parametrize(
    ("path", "title"), [("about", "About the assessment"), ("accessibility", "Accessibility statement")]
)
def test_the_about_page_and_the_accessibility_statement_open_without_sign_in(hosted, laptop, path, title):
    open_page(laptop, hosted.url, path)
    assert heading(laptop) == title


def test_a_participant_joins_by_code_without_signing_in(hosted, phone):
    store = Store(hosted.server.database_url)
    code = next(r.join_code for r in store.rounds.list_rounds() if r.status == RoundStatus.OPEN)
    store.dispose()
    open_page(phone, hosted.url, f"join?join={code}")
    assert heading(phone) != "Sign in"
    assert "Sign in with your organisation's account" not in phone.content()


def test_the_admin_sees_every_page_and_every_area(hosted, laptop):
    sign_in_as(laptop, hosted, ADMIN, "area_dashboard")
    assert set(FACILITATOR_MENU) <= set(menu(laptop))
    assert "Compare areas" in menu(laptop)
    expect(laptop.get_by_test_id("stSidebar")).to_contain_text(
        f"Signed in as {ADMIN}, a programme admin of every area."
    )
    open_select(laptop, laptop.get_by_role("combobox", name=AREA_PICKER))
    options = [o.inner_text().strip().removesuffix(" (illustrative)") for o in laptop.get_by_role("option").all()]
    assert options == AREAS


def test_an_area_lead_sees_the_workshop_pages_and_only_their_area(hosted, laptop):
    sign_in_as(laptop, hosted, LEAD, "area_dashboard")
    assert set(FACILITATOR_MENU) <= set(menu(laptop))
    assert areas_in(laptop) == ["Ashvale"]
    open_page(laptop, hosted.url, "workshop_facilitator")
    assert heading(laptop) == "Run the workshop"
    assert areas_in(laptop) == ["Ashvale"]


def test_the_compare_page_shows_an_area_lead_the_other_areas_only_anonymously(hosted, laptop):
    sign_in_as(laptop, hosted, LEAD, "compare_areas")
    assert heading(laptop) == "Compare areas"
    main = laptop.get_by_test_id("stMain")
    expect(main).to_contain_text("Areas other than yours are shown anonymously")
    expect(main).to_contain_text("Area A")
    laptop.wait_for_timeout(1500)  # the charts and tables arrive after the heading
    assert set(areas_in(laptop)) <= {"Ashvale"}  # (tables draw on a canvas: the page source may hold no name)


def test_the_programme_workbook_shows_an_area_lead_the_other_areas_only_anonymously(hosted, browser):
    context = browser.new_context(viewport={"width": 1366, "height": 768}, accept_downloads=True)
    page = context.new_page()
    try:
        sign_in_as(page, hosted, LEAD, "excel")
        button = page.get_by_role("button", name="Download all areas side by side (.xlsx)")
        button.wait_for(timeout=TIMEOUT)
        with page.expect_download(timeout=120_000) as download:
            button.click()
        book = load_workbook(io.BytesIO(download.value.path().read_bytes()), read_only=True)
        cells = " ".join(
            str(value)
            for sheet in book.worksheets
            for row in sheet.iter_rows(values_only=True)
            for value in row
            if value
        )
        book.close()
    finally:
        context.close()
    assert "Ashvale" in cells and "Area A" in cells
    assert [name for name in AREAS if name in cells] == ["Ashvale"]  # no other area's name, on any sheet
    assert (LEAD, AuditEvent.WORKBOOK_DOWNLOADED.value) in {(actor, event) for actor, event, _ in audit_events(hosted)}


def test_only_the_admin_has_people_and_roles_in_the_menu(hosted, laptop, browser):
    sign_in_as(laptop, hosted, ADMIN, "area_dashboard")
    assert "People and roles" in menu(laptop)
    context = browser.new_context(viewport={"width": 1366, "height": 768})
    lead = context.new_page()
    sign_in_as(lead, hosted, LEAD, "area_dashboard")
    assert "People and roles" not in menu(lead)
    context.close()


def test_two_people_signed_in_at_once_each_see_only_their_own_area(hosted, laptop, browser):
    """Nothing of one signed-in session reaches another's page (no shared cache keyed without the account)."""
    sign_in_as(laptop, hosted, LEAD, "area_dashboard")
    context = browser.new_context(viewport={"width": 1366, "height": 768})
    other = context.new_page()
    sign_in_as(other, hosted, VIEWER, "area_dashboard")
    open_page(laptop, hosted.url, "area_dashboard")
    assert areas_in(laptop) == ["Ashvale"]
    assert areas_in(other) == ["Brookmere"]
    context.close()


def test_an_area_lead_opening_another_area_by_its_address_is_refused(hosted, laptop):
    sign_in_as(laptop, hosted, LEAD, "area_dashboard?area=Brookmere")
    assert heading(laptop) == "Not open to your account"
    expect(laptop.get_by_test_id("stMain")).to_contain_text(f"You are signed in as {LEAD}, an area lead.")


def test_a_viewer_sees_no_workshop_pages_and_only_their_area(hosted, laptop):
    sign_in_as(laptop, hosted, VIEWER, "area_dashboard")
    assert not set(FACILITATOR_MENU) & set(menu(laptop))
    assert areas_in(laptop) == ["Brookmere"]


@pytest.mark.parametrize("path", FACILITATOR_PAGES)
def test_a_viewer_opening_a_facilitator_page_by_its_address_gets_a_plain_refusal(hosted, laptop, path):
    sign_in_as(laptop, hosted, VIEWER, path)
    assert heading(laptop) == "You can read, not change"
    expect(laptop.get_by_test_id("stMain")).to_contain_text("changing them needs an area lead or programme admin")
    assert set(areas_in(laptop)) <= {"Brookmere"}  # the sidebar's "Signed in as ..., a viewer of Brookmere."
    main = laptop.get_by_test_id("stMain").inner_text()
    assert [name for name in AREAS if name in main] == []  # refused before the page draws its area


def test_an_account_with_no_role_is_told_whom_to_ask(hosted, laptop):
    sign_in_as(laptop, hosted, NOBODY, "area_dashboard")
    assert heading(laptop) == "Your account has no role yet"
    main = laptop.get_by_test_id("stMain")
    expect(main).to_contain_text(f"You are signed in as {NOBODY}")
    expect(main).to_contain_text(f"ask a programme admin: {ADMIN}")
    assert areas_in(laptop) == []
    assert (NOBODY, AuditEvent.ACCESS_REFUSED, "no role") in audit_events(hosted)


def test_a_sign_in_is_audited_with_the_account(hosted, laptop):
    sign_in_as(laptop, hosted, LEAD, "area_dashboard")
    assert (LEAD, AuditEvent.SIGNED_IN, "area lead") in audit_events(hosted)


def test_sign_out_ends_the_session(hosted, laptop):
    sign_in_as(laptop, hosted, LEAD, "area_dashboard")
    laptop.get_by_test_id("stSidebar").get_by_role("button", name="Sign out").click()
    laptop.wait_for_url(f"{hosted.provider.issuer}/**", timeout=TIMEOUT)  # the provider's own sign-out
    laptop.get_by_role("button", name="Yes, sign me out").click()
    laptop.wait_for_url(f"{hosted.url}/**", timeout=TIMEOUT)
    assert not [c for c in laptop.context.cookies() if c["name"].startswith("_streamlit_user")]
    open_page(laptop, hosted.url, "area_dashboard")
    assert heading(laptop) == "Sign in"
    assert areas_in(laptop) == []


def test_a_tampered_identity_cookie_is_refused(hosted, laptop):
    sign_in_as(laptop, hosted, VIEWER, "area_dashboard")
    identity = next(c for c in laptop.context.cookies() if c["name"] == "_streamlit_user")
    value = identity["value"]
    middle = len(value) // 2
    tampered = value[:middle] + ("A" if value[middle] != "A" else "B") + value[middle + 1 :]
    laptop.context.add_cookies([{"name": "_streamlit_user", "value": tampered, "url": hosted.url}])
    open_page(laptop, hosted.url, "area_dashboard")
    assert heading(laptop) == "Sign in"
    assert areas_in(laptop) == []


def test_an_admin_identity_forged_with_another_secret_is_refused(hosted, laptop):
    now = int(time.time())
    _plant_identity(laptop, hosted, ADMIN, issued_at=now, signed_at=now, secret="a-guessed-secret-" * 3)
    open_page(laptop, hosted.url, "area_dashboard")
    assert heading(laptop) == "Sign in"
    assert areas_in(laptop) == []


def test_an_identity_older_than_the_sign_in_lifetime_must_sign_in_again(hosted, laptop):
    thirteen_hours_ago = int(time.time()) - 13 * 3600
    _plant_identity(laptop, hosted, VIEWER, issued_at=thirteen_hours_ago, signed_at=thirteen_hours_ago)
    open_page(laptop, hosted.url, "area_dashboard")
    assert heading(laptop) == "Sign in again"
    expect(laptop.get_by_test_id("stMain")).to_contain_text("a sign-in lasts 12 hours")
    assert areas_in(laptop) == []


def test_an_identity_cookie_signed_32_days_ago_is_refused_by_streamlit(hosted, laptop):
    now = int(time.time())
    _plant_identity(laptop, hosted, VIEWER, issued_at=now, signed_at=now - 32 * 86400)
    open_page(laptop, hosted.url, "area_dashboard")
    assert heading(laptop) == "Sign in"
    assert areas_in(laptop) == []


def test_a_fresh_identity_signed_with_the_servers_secret_is_accepted(hosted, laptop):
    """The control for the two tests above: the same planted cookie, current, opens the viewer's area."""
    now = int(time.time())
    _plant_identity(laptop, hosted, VIEWER, issued_at=now, signed_at=now)
    open_page(laptop, hosted.url, "area_dashboard")
    assert areas_in(laptop) == ["Brookmere"]


def _plant_identity(
    page: Page, hosted: Hosted, email: str, *, issued_at: int, signed_at: int, secret: str = COOKIE_SECRET
) -> None:
    """Give the browser an identity cookie as Streamlit writes it (signed with the server's cookie secret
    by itsdangerous, the time of signing inside), with the given iat claim and time of signing."""
    from itsdangerous import TimestampSigner, URLSafeTimedSerializer

    class SignedThen(TimestampSigner):
        def get_timestamp(self) -> int:
            return signed_at

    claims = {
        "iss": hosted.provider.issuer,
        "sub": email,
        "email": email,
        "iat": issued_at,
        "exp": issued_at + 3600,
        "origin": hosted.url,
        "is_logged_in": True,
        "provider": "default",
    }
    serializer = URLSafeTimedSerializer(secret, salt="_streamlit_user", signer=SignedThen)
    value = serializer.dumps(json.dumps(claims))
    page.context.add_cookies([{"name": "_streamlit_user", "value": value, "url": hosted.url}])
