"""User text shown inside Markdown keeps its characters and gains no formatting."""

from __future__ import annotations

from streamlit.testing.v1 import AppTest

from ui.text import plain


def test_markdown_characters_are_escaped():
    assert plain("[x](y) *bold*") == r"\[x\]\(y\) \*bold\*"
    assert plain("Wirral") == "Wirral"


def test_an_escaped_link_shows_as_typed_in_a_caption():
    def page() -> None:
        import streamlit as st

        from ui.text import plain

        st.caption(plain("[click](https://example.org) <b>x</b>"))

    at = AppTest.from_function(page).run()

    assert at.caption[0].value == r"\[click\]\(https\://example\.org\) \<b\>x\</b\>"
