"""The server's settings, read from the environment in this one place."""

from __future__ import annotations

import os
from pathlib import Path
from urllib.parse import urlsplit

PROJECT_ROOT = Path(__file__).resolve().parents[1]
DEFAULT_SQLITE_PATH = PROJECT_ROOT / "var" / "assessment.db"


class SettingError(ValueError):
    """A setting whose value cannot be used, worded for whoever runs the server."""


def database_url() -> str:
    """The configured database: ASSESSMENT_DATABASE_URL, or the embedded SQLite file."""
    return os.environ.get("ASSESSMENT_DATABASE_URL") or f"sqlite:///{DEFAULT_SQLITE_PATH}"


DEFAULT_POOL_SIZE = 40


def database_pool_size() -> int:
    """How many connections each app process keeps open to PostgreSQL (ASSESSMENT_DATABASE_POOL_SIZE,
    default 40: as many as participants may save at the same moment). The server's max_connections must
    cover it for every app process. SettingError when it is not a whole number from 1 to 1000."""
    value = os.environ.get("ASSESSMENT_DATABASE_POOL_SIZE", "").strip()
    if not value:
        return DEFAULT_POOL_SIZE
    if not value.isdigit() or not 1 <= int(value) <= 1000:
        raise SettingError(
            f"The setting ASSESSMENT_DATABASE_POOL_SIZE is {value!r}; set it to a whole number of connections "
            "from 1 to 1000 (each app process keeps that many open to PostgreSQL)."
        )
    return int(value)


def public_url() -> str | None:
    """The address participants' phones open the app at (ASSESSMENT_PUBLIC_URL), without a trailing '/';
    None when it is not set. SettingError when it is not an http:// or https:// address with a host."""
    value = os.environ.get("ASSESSMENT_PUBLIC_URL", "").strip()
    if not value:
        return None
    parts = urlsplit(value)
    if parts.scheme not in ("http", "https") or not parts.hostname or parts.query or parts.fragment:
        raise SettingError(
            f"The setting ASSESSMENT_PUBLIC_URL is {value!r}, which is not a web address the app can be "
            "opened at. Set it to one like https://workshop.example.org (no '?' or '#' part)."
        )
    return value.rstrip("/")
