"""Showing user text safely inside st.markdown."""

from __future__ import annotations

import re

_SPECIAL = re.compile(r"([\\`*_\[\]<>#|~$:{}])")
_LINE_START = re.compile(r"^(\s*)([-+=>]|\d+[.)])", re.MULTILINE)


def escape(text: str) -> str:
    """The text with markdown and HTML characters backslash-escaped (and list or heading markers at the
    start of a line), so it shows exactly as typed."""
    escaped = _SPECIAL.sub(r"\\\1", str(text))
    return _LINE_START.sub(
        lambda m: m.group(1) + "".join("\\" + ch if not ch.isdigit() else ch for ch in m.group(2)), escaped
    )
