"""Showing user text safely inside st.markdown."""

from __future__ import annotations

import re

_SPECIAL = re.compile(r"([\\`*_{}\[\]()#+\-.!|<>~$:])")


def escape(text: str) -> str:
    """The text with every markdown and HTML character backslash-escaped, so it shows as typed."""
    return _SPECIAL.sub(r"\\\1", str(text))
