"""Showing user text: markdown is escaped, and links carry only the code they are given."""

from __future__ import annotations

from ui.text import app_link, plain


def test_markdown_in_an_area_name_is_shown_as_typed():
    assert plain("**Bold** [link](x) :material/home:") == ("\\*\\*Bold\\*\\* \\[link\\]\\(x\\) \\:material/home\\:")
    assert plain("Wirral 2026") == "Wirral 2026"


def test_a_join_link_without_a_known_address_is_just_the_query():
    assert app_link(join="ABC234") == "?join=ABC234"
