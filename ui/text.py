"""Showing user text safely: plain text in Markdown, and the workshop's links."""

from __future__ import annotations

import re
from urllib.parse import urlencode, urlsplit, urlunsplit

import streamlit as st

from assessment.settings import public_url

_SPECIAL = re.compile(r"([\\`*_\[\]<>#|~$:{}&])")
_LINE_START = re.compile(r"^(\s*)([-+=>]|\d+[.)])", re.MULTILINE)
# Streamlit's renderer finds web and email addresses, icons and emoji (':smile:', ':material/home:') and
# arrows ('->', '--', '<=') in the text after it has undone the escapes, so a backslash cannot stop
# them. An empty ':small[]' (Streamlit's small-text directive around nothing) draws an empty <span>:
# placed after every ':' and '@', between 'www' and '.', and inside every arrow, it splits the text
# where those would be found, and the reader sees, and copies, the text exactly as typed.
_BREAK = re.compile(r"(?<=[:@])(?!\Z)|(?<=www)(?=\.)|(?<=[-<>~])(?=\\?[->=])", re.IGNORECASE)
_GAP = ":small[]"


def plain(text: object) -> str:
    """The text as Markdown that shows exactly as typed: Markdown and HTML characters backslash-escaped
    (and list or heading markers at the start of a line), and no web or email address, icon, emoji or
    arrow made of it, so an area called '[x](y)', '<b>x</b>' or 'www.x.org' shows as typed, not as a link."""
    escaped = _SPECIAL.sub(r"\\\1", str(text))
    escaped = _LINE_START.sub(
        lambda m: m.group(1) + "".join("\\" + ch if not ch.isdigit() else ch for ch in m.group(2)), escaped
    )
    return _BREAK.sub(_GAP, escaped)


LOCAL_HOSTS = ("localhost", "127.0.0.1", "::1", "0.0.0.0")


def app_link(**params: str) -> str:
    """A link to the app's home address with these query parameters, e.g. app_link(join='ABC234'): under
    the public address (ASSESSMENT_PUBLIC_URL) when it is set, otherwise under the address this browser
    used; just the '?join=...' part when neither is known (as in tests). SettingError for a public
    address that cannot be used."""
    query = urlencode(params)
    public = public_url()
    if public:
        return f"{public}/?{query}"
    url = st.context.url
    if not url:
        return f"?{query}"
    parts = urlsplit(url)
    path = parts.path.rstrip("/")
    base = path.rsplit("/", 1)[0] if path.count("/") >= 1 and path else ""
    return urlunsplit((parts.scheme, parts.netloc, base + "/", query, ""))


def is_local_link(link: str) -> bool:
    """True for a link to this computer only (localhost, 127.0.0.1), which no phone can open."""
    return urlsplit(link).hostname in LOCAL_HOSTS
