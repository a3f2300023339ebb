"""What this browser remembers of the workshops it joined: a cookie per round, named by the round's join
code, holding the participant's resume code. A reload or a second tab opened on the join link alone
(?join=, no resume code) then offers to continue with those answers instead of registering someone new.

The resume code is already in the page's address and the browser's history, so the cookie tells this
device nothing it did not know. Streamlit reads cookies (st.context.cookies) but cannot write them, so a
few lines of JavaScript in a component write and delete the cookie; nothing is drawn."""

from __future__ import annotations

import re

import streamlit as st

COOKIE_PREFIX = "workshop_"
KEEP_DAYS = 30  # a round is rarely open longer than a month
CODE = re.compile(r"[A-Z0-9]{4,20}")

_WRITE_COOKIE = """
export default function ({ data }) {
  if (!data || !data.name) return;
  const secure = window.location.protocol === "https:" ? "; Secure" : "";
  const value = data.value ? encodeURIComponent(data.value) : "";
  const age = data.value ? data.max_age : 0;
  document.cookie = `${data.name}=${value}; Max-Age=${age}; Path=/; SameSite=Strict${secure}`;
}
"""

_cookie_writer = st.components.v2.component("workshop_device_memory", js=_WRITE_COOKIE)


def _name(join_code: str) -> str | None:
    return f"{COOKIE_PREFIX}{join_code}" if CODE.fullmatch(join_code) else None


def remembered(join_code: str) -> str | None:
    """The resume code this browser keeps for the round with this join code, if it keeps a well-formed one."""
    name = _name(join_code)
    code = st.context.cookies.get(name) if name else None
    return code if isinstance(code, str) and CODE.fullmatch(code) else None


def remember(join_code: str, resume_code: str) -> None:
    """Keep the participant's resume code on this browser for the round (nothing is drawn)."""
    name = _name(join_code)
    if name and CODE.fullmatch(resume_code):
        _write(name, resume_code)


def forget(join_code: str) -> None:
    """Forget, on this browser, the participant of the round with this join code."""
    name = _name(join_code)
    if name:
        _write(name, None)


def _write(name: str, value: str | None) -> None:
    write_cookie(name, value, KEEP_DAYS * 24 * 3600, key="workshop_device_memory")


def write_cookie(name: str, value: str | None, max_age_seconds: int, *, key: str) -> None:
    """Have this browser keep a cookie for max_age_seconds (None or "": delete it); nothing is drawn."""
    _cookie_writer(key=key, data={"name": name, "value": value, "max_age": max_age_seconds})
