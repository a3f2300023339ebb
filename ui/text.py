"""Showing user text safely: markdown escaping, and the workshop's links."""

from __future__ import annotations

import re
from urllib.parse import urlencode, urlsplit, urlunsplit

import streamlit as st

_SPECIAL = re.compile(r"([\\`*_\[\]<>#|~$:{}])")
_LINE_START = re.compile(r"^(\s*)([-+=>]|\d+[.)])", re.MULTILINE)


def plain(text: object) -> str:
    """The text with Markdown and HTML characters backslash-escaped (and list or heading markers at
    the start of a line), so an area called '[x](y)' or '<b>x</b>' shows exactly as typed."""
    escaped = _SPECIAL.sub(r"\\\1", str(text))
    return _LINE_START.sub(
        lambda m: m.group(1) + "".join("\\" + ch if not ch.isdigit() else ch for ch in m.group(2)), escaped
    )


def app_link(**params: str) -> str:
    """A link to the app's home address with these query parameters, e.g. app_link(join='ABC234');
    just the '?join=...' part when the browser's address is unknown (as in tests)."""
    query = urlencode(params)
    url = st.context.url
    if not url:
        return f"?{query}"
    parts = urlsplit(url)
    path = parts.path.rstrip("/")
    base = path.rsplit("/", 1)[0] if path.count("/") >= 1 and path else ""
    return urlunsplit((parts.scheme, parts.netloc, base + "/", query, ""))
