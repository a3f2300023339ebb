"""Showing user text safely: markdown escaping and the workshop's links."""

from __future__ import annotations

from urllib.parse import urlencode, urlsplit, urlunsplit

import streamlit as st

MARKDOWN_SPECIALS = set("\\`*_{}[]()#+-.!|<>~$:")


def plain(text: str) -> str:
    """The text with every markdown character escaped, so it shows exactly as typed."""
    return "".join("\\" + ch if ch in MARKDOWN_SPECIALS else ch for ch in str(text))


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
