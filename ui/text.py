"""User-typed text made safe to put inside Markdown (st.caption, st.warning and the like)."""

from __future__ import annotations

import re

_MARKDOWN = re.compile(r"([\\`*_{}\[\]()#+\-.!|<>~$:])")


def plain(text: object) -> str:
    """The text with every Markdown character escaped, so an area called '[x](y)' shows as typed."""
    return _MARKDOWN.sub(r"\\\1", str(text))
