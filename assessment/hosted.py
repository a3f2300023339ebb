"""Hosted mode's settings: which mode the server runs in, the [auth] section checked, and the signed-in
identity's lifetime.

The server is in hosted mode when secrets.toml has an [auth] section: everyone but participants, and
readers of the About page and the accessibility statement, signs in through the organisation's OpenID
Connect provider (Streamlit's st.login). Without it the server is in workshop mode (round PINs and the
programme passphrase). Streamlit reads the same section; it is checked here first, so that a mistake
stops the app at start with one line naming the setting instead of failing at someone's sign-in.

Plain Python: the UI hands in what st.secrets holds and st.user's claims.
"""

from __future__ import annotations

import datetime as dt
import tomllib
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from assessment.settings import SettingError

AUTH_SECTION = "auth"
HOSTED_SECTION = "hosted"  # the app's own settings for hosted mode: contact, sign_in_hours
CALLBACK_PATH = "/oauth2callback"
COOKIE_SECRET_MIN_LENGTH = 32
PROVIDER_SETTINGS = ("client_id", "client_secret", "server_metadata_url")
DEFAULT_SIGN_IN_HOURS = 12
MAX_SIGN_IN_HOURS = 24 * 30  # Streamlit's own identity cookie lasts 30 days
_LOCAL_HOSTS = {"localhost", "127.0.0.1", "::1"}


@dataclass(frozen=True)
class HostedSettings:
    """Hosted mode's settings, checked: the provider to sign in with (None: the [auth] section itself),
    whom a person with no role should ask (None: the programme admins), and how long a sign-in lasts."""

    provider: str | None
    contact: str | None
    sign_in_lifetime: dt.timedelta


def unreadable_secrets(paths: Iterable[str | Path]) -> SettingError | None:
    """The first secrets file among paths that exists but is not TOML, as one line naming it and where it
    breaks (None when every file that exists reads). Streamlit skips such a file silently, which would
    start a server meant to be hosted in workshop mode."""
    for path in paths:
        file = Path(path).expanduser()
        if not file.is_file():
            continue
        try:
            tomllib.loads(file.read_text(encoding="utf-8"))
        except (tomllib.TOMLDecodeError, UnicodeDecodeError) as error:
            return SettingError(f"{file} is not valid TOML: {error}.")
        except OSError as error:
            return SettingError(f"{file} cannot be read: {error.strerror}.")
    return None


def hosted_settings(secrets: Mapping[str, Any]) -> HostedSettings | None:
    """The hosted mode settings in secrets (what secrets.toml holds), or None when there is no [auth]
    section (workshop mode). SettingError, one line naming the setting, when a setting cannot work."""
    auth = secrets.get(AUTH_SECTION)
    if auth is None:
        return None
    if not isinstance(auth, Mapping):
        raise SettingError("[auth] in secrets.toml must be a section ([auth] on a line of its own), not a value.")
    _check_redirect_uri(auth.get("redirect_uri"))
    _check_cookie_secret(auth.get("cookie_secret"))
    provider = _check_provider(auth)
    hosted = secrets.get(HOSTED_SECTION) or {}
    if not isinstance(hosted, Mapping):
        raise SettingError("[hosted] in secrets.toml must be a section ([hosted] on a line of its own), not a value.")
    return HostedSettings(
        provider=provider, contact=_check_contact(hosted.get("contact")), sign_in_lifetime=_check_hours(hosted)
    )


def signed_in_email(claims: Mapping[str, Any]) -> str | None:
    """The e-mail address the provider vouches for: the `email` claim, or Entra ID's
    `preferred_username` when it is an address (Entra gives no `email` to accounts without a mailbox)."""
    for claim in ("email", "preferred_username"):
        value = claims.get(claim)
        if isinstance(value, str) and "@" in value:
            return value.strip()
    return None


def identity_expired(claims: Mapping[str, Any], lifetime: dt.timedelta, now: dt.datetime) -> bool:
    """True when the identity was issued (its `iat` claim) longer ago than the lifetime, or in the future,
    or says nothing of when it was issued: that person must sign in again."""
    issued = claims.get("iat")
    if isinstance(issued, bool) or not isinstance(issued, int | float):
        return True
    issued_at = dt.datetime.fromtimestamp(issued, dt.UTC)
    return not (now - lifetime <= issued_at <= now + dt.timedelta(minutes=5))


def _check_redirect_uri(value: Any) -> None:
    if not _filled(value):
        raise SettingError(
            "[auth] redirect_uri is missing: set it to the app's address followed by /oauth2callback, "
            "like https://assessment.example.org/oauth2callback."
        )
    parts = urlsplit(str(value).strip())
    if parts.scheme not in ("http", "https") or not parts.hostname:
        raise SettingError(f"[auth] redirect_uri is {value!r}, which is not a web address (https://...).")
    if not parts.path.endswith(CALLBACK_PATH) or parts.query or parts.fragment:
        raise SettingError(f"[auth] redirect_uri is {value!r}: it must end with {CALLBACK_PATH}.")


def _check_cookie_secret(value: Any) -> None:
    if not _filled(value):
        raise SettingError(
            "[auth] cookie_secret is missing: set it to a long random string, e.g. the output of "
            "`python -c 'import secrets; print(secrets.token_hex(32))'`."
        )
    if len(str(value)) < COOKIE_SECRET_MIN_LENGTH:
        raise SettingError(
            f"[auth] cookie_secret is too short ({len(str(value))} characters): it signs everyone's sign-in, "
            f"so it needs at least {COOKIE_SECRET_MIN_LENGTH} random characters."
        )


def _check_provider(auth: Mapping[str, Any]) -> str | None:
    """The provider's settings: in [auth] itself (returns None) or in one [auth.NAME] section (its NAME)."""
    named = [name for name, value in auth.items() if isinstance(value, Mapping) and name != "client_kwargs"]
    if any(setting in auth for setting in PROVIDER_SETTINGS) or not named:
        _check_provider_settings(auth, "[auth]")
        return None
    if len(named) > 1:
        raise SettingError(
            f"[auth] names {len(named)} providers ({', '.join(sorted(named))}); this app signs in through one: "
            "keep the organisation's provider only."
        )
    _check_provider_settings(auth[named[0]], f"[auth.{named[0]}]")
    return named[0]


def _check_provider_settings(section: Mapping[str, Any], where: str) -> None:
    for setting in PROVIDER_SETTINGS:
        if not _filled(section.get(setting)):
            raise SettingError(f"{where} {setting} is missing: copy it from the app's registration at the provider.")
    url = str(section["server_metadata_url"]).strip()
    parts = urlsplit(url)
    secure = parts.scheme == "https" or (parts.scheme == "http" and parts.hostname in _LOCAL_HOSTS)
    if not secure or not parts.hostname:
        raise SettingError(
            f"{where} server_metadata_url is {url!r}, which is not an https:// address; it is the provider's "
            "/.well-known/openid-configuration."
        )


def _check_contact(value: Any) -> str | None:
    if value is None:
        return None
    if not _filled(value):
        raise SettingError("[hosted] contact is empty: name whom people without a role should ask, or leave it out.")
    return str(value).strip()


def _check_hours(hosted: Mapping[str, Any]) -> dt.timedelta:
    hours = hosted.get("sign_in_hours", DEFAULT_SIGN_IN_HOURS)
    if isinstance(hours, bool) or not isinstance(hours, int | float) or not 0 < hours <= MAX_SIGN_IN_HOURS:
        raise SettingError(
            f"[hosted] sign_in_hours is {hours!r}: it must be a number of hours above 0 and at most {MAX_SIGN_IN_HOURS}."
        )
    return dt.timedelta(hours=hours)


def _filled(value: Any) -> bool:
    return isinstance(value, str) and bool(value.strip())
