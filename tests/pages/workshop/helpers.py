"""Helpers that drive AppTest sessions the way a facilitator or a participant would."""

from __future__ import annotations

from pathlib import Path

from streamlit.testing.v1 import AppTest

ROOT = Path(__file__).resolve().parents[3]

PIN = "8642"


def page(path: str) -> AppTest:
    """A new browser session on one page."""
    return AppTest.from_file(str(ROOT / path), default_timeout=60)


def button(at: AppTest, label: str):  # noqa: ANN201
    """The one button (or form submit button) with this label."""
    matches = [b for b in at.button if b.label == label]
    assert len(matches) == 1, f"expected one button {label!r}, found {[b.label for b in at.button]}"
    return matches[0]


def texts(at: AppTest) -> str:
    """Everything written on the page as one string, for 'the page says ...' checks."""
    parts = []
    for kind in ("title", "header", "subheader", "markdown", "caption", "info", "warning", "error", "success"):
        parts += [str(element.value) for element in getattr(at, kind)]
    return "\n".join(parts)
