"""Showing user text: markdown is escaped, and links carry only the code they are given."""

from __future__ import annotations

from streamlit.testing.v1 import AppTest

from ui.text import app_link, plain


def test_markdown_in_an_area_name_is_shown_as_typed():
    assert plain("**Bold** [link](x) :material/home:") == "\\*\\*Bold\\*\\* \\[link\\](x) \\:material/home\\:"
    assert plain("Wirral 2026") == "Wirral 2026"


def test_an_escaped_link_shows_as_typed_in_a_caption():
    def page() -> None:
        import streamlit as st

        from ui.text import plain

        st.caption(plain("[click](https://example.org) <b>x</b>"))

    at = AppTest.from_function(page).run()

    assert at.caption[0].value == r"\[click\](https\://example.org) \<b\>x\</b\>"


def test_a_join_link_without_a_known_address_is_just_the_query():
    assert app_link(join="ABC234") == "?join=ABC234"
