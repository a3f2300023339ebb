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


def text_input(at: AppTest, label: str):  # noqa: ANN201
    """The one text input with this label."""
    matches = [t for t in at.text_input if t.label == label]
    assert len(matches) == 1, f"expected one text input {label!r}, found {[t.label for t in at.text_input]}"
    return matches[0]


def sign_in(at: AppTest, area: str, pin: str = PIN) -> AppTest:
    """Give an area and a PIN on the sign-in page, as a facilitator would."""
    text_input(at, "Area or partnership").input(area)
    text_input(at, "PIN").input(pin)
    return button(at, "Open the area").click().run()


def sign_in_with_passphrase(at: AppTest, passphrase: str) -> AppTest:
    """Give the programme passphrase on the sign-in page."""
    text_input(at, "Programme passphrase").input(passphrase)
    return button(at, "Open every area").click().run()
