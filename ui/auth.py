"""Which mode the server runs in: workshop mode, or hosted mode when secrets.toml has an [auth] section
(the rules are assessment.hosted's; this module only reads st.secrets for it).

A misconfigured [auth] section stops every page with one line naming the setting, and the server's log
says the same once."""

from __future__ import annotations

import logging
from collections.abc import Mapping
from typing import Any

import streamlit as st

from assessment.hosted import HostedSettings, hosted_settings, unreadable_secrets
from assessment.settings import SettingError

LOG = logging.getLogger(__name__)
LOGGED_PROBLEMS: set[str] = set()  # problems this process has logged (server settings, no per-user data)


def settings() -> HostedSettings | None:
    """Hosted mode's settings, or None in workshop mode. SettingError when [auth] is misconfigured."""
    return hosted_settings(_secrets())


def is_hosted() -> bool:
    """True when the server signs people in through the organisation's provider (a misconfigured [auth]
    section counts as hosted: it never silently falls back to workshop mode)."""
    try:
        return settings() is not None
    except SettingError:
        return True


def stop_if_misconfigured() -> None:
    """On every page, before anything else: when [auth] cannot work, say which setting in one line and
    stop (nothing of the app is drawn)."""
    try:
        settings()
    except SettingError as problem:
        message = str(problem)
        if message not in LOGGED_PROBLEMS:
            LOGGED_PROBLEMS.add(message)
            LOG.error("Hosted mode is misconfigured: %s", message)
        st.error(f"The app cannot start: {message}", icon=":material/error:")
        st.stop()


def _secrets() -> Mapping[str, Any]:
    """What secrets.toml holds ({} when there is none)."""
    if st.secrets.load_if_toml_exists():
        return st.secrets.to_dict()
    # Streamlit treats a secrets file it cannot parse as no file: say so like any other setting.
    problem = unreadable_secrets(st.get_option("secrets.files"))
    if problem is not None:
        raise problem
    return {}
