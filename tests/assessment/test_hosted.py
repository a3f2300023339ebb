"""Hosted mode's settings: the mode chosen by the [auth] section, a misconfiguration named in one line,
and how long a signed-in identity lasts."""

import datetime as dt

import pytest

from assessment.hosted import hosted_settings, identity_expired, signed_in_email
from assessment.settings import SettingError

SECRET = "0123456789abcdef0123456789abcdef"  # 32 characters
ENTRA = {
    "redirect_uri": "https://assessment.example.org/oauth2callback",
    "cookie_secret": SECRET,
    "client_id": "6731de76-14a6-49ae-97bc-6eba6914391e",
    "client_secret": "a client secret",
    "server_metadata_url": "https://login.microsoftonline.com/TENANT/v2.0/.well-known/openid-configuration",
}
NOW = dt.datetime(2026, 12, 2, 9, 0, tzinfo=dt.UTC)


def _error(secrets: dict) -> str:
    with pytest.raises(SettingError) as raised:
        hosted_settings(secrets)
    message = str(raised.value)
    assert "\n" not in message
    return message


def test_no_auth_section_is_workshop_mode():
    assert hosted_settings({}) is None
    assert hosted_settings({"other": {"x": 1}}) is None


def test_entra_id_in_the_auth_section_is_hosted_mode_with_a_twelve_hour_sign_in():
    settings = hosted_settings({"auth": ENTRA})
    assert settings.provider is None
    assert settings.contact is None
    assert settings.sign_in_lifetime == dt.timedelta(hours=12)


def test_a_provider_in_its_own_section_is_signed_in_by_name():
    auth = {key: ENTRA[key] for key in ("redirect_uri", "cookie_secret")}
    provider = {key: ENTRA[key] for key in ("client_id", "client_secret", "server_metadata_url")}
    settings = hosted_settings({"auth": auth | {"microsoft": provider}})
    assert settings.provider == "microsoft"


def test_contact_and_sign_in_hours_come_from_the_hosted_section():
    settings = hosted_settings({"auth": ENTRA, "hosted": {"contact": "cyp.programme@example.org", "sign_in_hours": 8}})
    assert settings.contact == "cyp.programme@example.org"
    assert settings.sign_in_lifetime == dt.timedelta(hours=8)


@pytest.mark.parametrize("setting", ["client_id", "client_secret", "server_metadata_url"])
def test_a_missing_provider_setting_is_named(setting):
    auth = {key: value for key, value in ENTRA.items() if key != setting}
    assert _error({"auth": auth}).startswith(f"[auth] {setting} is missing")


def test_a_blank_client_id_counts_as_missing():
    assert _error({"auth": ENTRA | {"client_id": "  "}}).startswith("[auth] client_id is missing")


def test_a_missing_setting_of_a_named_provider_names_its_section():
    auth = {"redirect_uri": ENTRA["redirect_uri"], "cookie_secret": SECRET, "microsoft": {"client_id": "x"}}
    assert _error({"auth": auth}).startswith("[auth.microsoft] client_secret is missing")


def test_a_redirect_uri_not_ending_in_oauth2callback_is_named():
    message = _error({"auth": ENTRA | {"redirect_uri": "https://assessment.example.org/"}})
    assert message.startswith("[auth] redirect_uri is 'https://assessment.example.org/'")
    assert "must end with /oauth2callback" in message


def test_a_missing_redirect_uri_is_named():
    auth = {key: value for key, value in ENTRA.items() if key != "redirect_uri"}
    assert _error({"auth": auth}).startswith("[auth] redirect_uri is missing")


def test_a_redirect_uri_that_is_no_address_is_named():
    assert "not a web address" in _error({"auth": ENTRA | {"redirect_uri": "assessment/oauth2callback"}})


def test_a_cookie_secret_of_31_characters_is_too_short():
    message = _error({"auth": ENTRA | {"cookie_secret": SECRET[:31]}})
    assert message.startswith("[auth] cookie_secret is too short (31 characters)")
    assert hosted_settings({"auth": ENTRA | {"cookie_secret": SECRET}}) is not None


def test_a_missing_cookie_secret_is_named():
    auth = {key: value for key, value in ENTRA.items() if key != "cookie_secret"}
    assert _error({"auth": auth}).startswith("[auth] cookie_secret is missing")


@pytest.mark.parametrize(
    "url", ["login.microsoftonline.com/TENANT/v2.0", "http://login.example.org/.well-known/openid-configuration"]
)
def test_a_server_metadata_url_that_is_not_https_is_named(url):
    assert _error({"auth": ENTRA | {"server_metadata_url": url}}).startswith(f"[auth] server_metadata_url is {url!r}")


def test_a_provider_on_this_machine_may_answer_over_http():
    local = "http://127.0.0.1:4000/.well-known/openid-configuration"
    assert hosted_settings({"auth": ENTRA | {"server_metadata_url": local}}) is not None


def test_two_providers_are_refused():
    provider = {key: ENTRA[key] for key in ("client_id", "client_secret", "server_metadata_url")}
    auth = {"redirect_uri": ENTRA["redirect_uri"], "cookie_secret": SECRET, "a": provider, "b": provider}
    assert "names 2 providers (a, b)" in _error({"auth": auth})


def test_an_auth_value_instead_of_a_section_is_named():
    assert _error({"auth": "yes"}).startswith("[auth] in secrets.toml must be a section")


@pytest.mark.parametrize("hours", [0, -1, 721, "12", True])
def test_sign_in_hours_out_of_range_are_named(hours):
    assert _error({"auth": ENTRA, "hosted": {"sign_in_hours": hours}}).startswith("[hosted] sign_in_hours is")


def test_an_empty_contact_is_named():
    assert _error({"auth": ENTRA, "hosted": {"contact": " "}}).startswith("[hosted] contact is empty")


def test_the_email_claim_is_the_signed_in_address():
    assert signed_in_email({"email": "a.lead@wirral.gov.uk", "preferred_username": "x@y.org"}) == "a.lead@wirral.gov.uk"


def test_entra_preferred_username_stands_in_for_a_missing_email():
    assert signed_in_email({"preferred_username": "board.member@nhs.net"}) == "board.member@nhs.net"


def test_no_address_among_the_claims_is_none():
    assert signed_in_email({"sub": "123", "preferred_username": "not-an-address"}) is None


def test_an_identity_issued_11_hours_59_minutes_ago_is_current_and_12_hours_1_minute_ago_expired():
    twelve = dt.timedelta(hours=12)
    current = (NOW - dt.timedelta(hours=11, minutes=59)).timestamp()
    stale = (NOW - dt.timedelta(hours=12, minutes=1)).timestamp()
    assert not identity_expired({"iat": int(current)}, twelve, NOW)
    assert identity_expired({"iat": int(stale)}, twelve, NOW)


def test_an_identity_without_an_issue_time_or_issued_an_hour_ahead_is_expired():
    twelve = dt.timedelta(hours=12)
    assert identity_expired({}, twelve, NOW)
    assert identity_expired({"iat": "yesterday"}, twelve, NOW)
    assert identity_expired({"iat": int((NOW + dt.timedelta(hours=1)).timestamp())}, twelve, NOW)


def test_a_secrets_file_that_is_not_toml_is_named_with_where_it_breaks(tmp_path):
    from assessment.hosted import unreadable_secrets

    good, bad = tmp_path / "good.toml", tmp_path / "secrets.toml"
    good.write_text('[auth]\nclient_id = "x"\n', encoding="utf-8")
    bad.write_text('[auth\nclient_id = "x"\n', encoding="utf-8")
    assert unreadable_secrets([tmp_path / "missing.toml", good]) is None
    problem = unreadable_secrets([good, bad])
    assert str(problem).startswith(f"{bad} is not valid TOML: ")
    assert "(at line 1, column 6)" in str(problem)
