"""Showing user text: markdown is escaped, and links carry only the code they are given."""

from __future__ import annotations

import pytest
from streamlit.testing.v1 import AppTest

from assessment.settings import SettingError
from ui.text import app_link, is_local_link, plain


def test_markdown_in_an_area_name_is_shown_as_typed():
    assert plain("**Bold** [link](x) :material/home:") == r"\*\*Bold\*\* \[link\](x) \::small[]material/home\:"
    assert plain("Wirral 2026") == "Wirral 2026"


# An empty ':small[]' (written G below) splits the text where Streamlit's renderer would find a link,
# icon, emoji or arrow after undoing the backslash escapes; it draws nothing, so the text reads as typed.
G = ":small[]"


def test_a_www_address_is_split_between_www_and_the_dot():
    assert plain("www.example.com") == f"www{G}.example.com"
    assert plain("See WWW.Example.com.") == f"See WWW{G}.Example.com."


def test_a_web_address_is_split_after_the_colon_of_its_scheme():
    assert plain("http://evil.example/x") == rf"http\:{G}//evil.example/x"
    assert plain("https://x.org/a?b=1") == rf"https\:{G}//x.org/a?b=1"
    assert plain("ftp://files.example.com") == rf"ftp\:{G}//files.example.com"


def test_an_email_address_is_split_after_the_at_sign():
    assert plain("someone@example.org") == f"someone@{G}example.org"
    assert plain("mailto:a@b.org") == rf"mailto\:{G}a@{G}b.org"


def test_a_colon_or_at_sign_at_the_very_end_is_left_as_it_is():
    # Nothing can follow it, and a ':small[]' there could run into Markdown the page writes after the text.
    assert plain("Note:") == r"Note\:"
    assert plain("ask me @") == "ask me @"


def test_an_address_in_brackets_keeps_its_brackets_as_typed():
    assert plain("(see https://x.org/a)") == rf"(see https\:{G}//x.org/a)"
    assert plain("(www.x.org)") == f"(www{G}.x.org)"


def test_a_markdown_link_and_an_angle_bracket_link_are_escaped_and_split():
    assert plain("[click](http://b.org)") == rf"\[click\](http\:{G}//b.org)"
    assert plain("<https://a.org>") == rf"\<https\:{G}//a.org\>"


def test_html_tags_and_entities_are_escaped():
    assert plain("<a href='http://e.org'>x</a>") == rf"\<a href='http\:{G}//e.org'\>x\</a\>"
    assert plain("Q&A &copy;") == r"Q\&A \&copy;"


def test_icons_emoji_and_arrows_are_split_so_they_show_as_typed():
    assert plain(":smile: :material/home:") == rf"\:{G}smile\:{G} \:{G}material/home\:"
    assert plain("A -- B -> C <= D") == rf"A -{G}- B -{G}\> C \<{G}= D"
    assert plain("-> first") == rf"\-{G}\> first"


def test_ordinary_text_is_unchanged():
    assert plain("Stage 4 - targeted (2.0), 3 of 5 agreed") == "Stage 4 - targeted (2.0), 3 of 5 agreed"


def test_an_escaped_link_shows_as_typed_in_a_caption():
    def page() -> None:
        import streamlit as st

        from ui.text import plain

        st.caption(plain("[click](https://example.org) <b>x</b>"))

    at = AppTest.from_function(page).run()

    assert at.caption[0].value == r"\[click\](https\::small[]//example.org) \<b\>x\</b\>"


def test_a_join_link_without_a_known_address_is_just_the_query():
    assert app_link(join="ABC234") == "?join=ABC234"


def test_a_join_link_uses_the_public_address_when_one_is_set(monkeypatch):
    monkeypatch.setenv("ASSESSMENT_PUBLIC_URL", "https://workshop.example.org/")
    assert app_link(join="ABC234") == "https://workshop.example.org/?join=ABC234"
    monkeypatch.setenv("ASSESSMENT_PUBLIC_URL", "https://example.org/workshop")
    assert app_link(join="ABC234") == "https://example.org/workshop/?join=ABC234"


def test_a_public_address_that_is_not_a_web_address_is_named_in_the_error(monkeypatch):
    monkeypatch.setenv("ASSESSMENT_PUBLIC_URL", "workshop.example.org")
    with pytest.raises(SettingError, match="ASSESSMENT_PUBLIC_URL is 'workshop.example.org'"):
        app_link(join="ABC234")


def test_only_links_to_this_computer_are_local():
    assert is_local_link("http://localhost:8501/?join=ABC234")
    assert is_local_link("http://127.0.0.1:8501/?join=ABC234")
    assert not is_local_link("http://192.168.1.20:8501/?join=ABC234")
    assert not is_local_link("?join=ABC234")
