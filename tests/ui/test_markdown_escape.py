"""User text shown through st.markdown is escaped so that it shows as typed."""

from ui.text import plain as escape


def test_markdown_and_html_characters_are_escaped():
    assert escape("<b>bold</b> *x* _y_ [link](http://a) #1 :smile:") == (
        r"\<b\>bold\</b\> \*x\* \_y\_ \[link\](http\::small[]//a) \#1 \::small[]smile\:"
    )


def test_list_markers_at_the_start_of_a_line_are_escaped_but_ordinary_punctuation_is_not():
    assert escape("- item") == r"\- item"
    assert escape("1. first") == r"1\. first"
    assert escape("Stage 4 - targeted (2.0).") == "Stage 4 - targeted (2.0)."
