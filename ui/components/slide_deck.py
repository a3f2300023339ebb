"""Presentation mode's frame: a screen-filling slide with no sidebar, and Previous and Next buttons that
the arrow keys and a clicker's Page Up and Page Down also press."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import streamlit as st

from ui import state

# Hides the sidebar and Streamlit's header, sets large type and lets the chart fill the screen's height.
STYLESHEET = Path(__file__).resolve().parents[1] / "presentation.css"


@dataclass(frozen=True)
class Slide:
    """One slide: its title (the page's heading) and what draws the rest of it."""

    title: str
    draw: Callable[[], None]


def show(slides: list[Slide], where: str) -> int:
    """Draw the frame (the stylesheet, and a bar with Previous, 'Slide 2 of 6 · <where>', Next and a way
    out) and return the index of the slide to draw. where: Markdown naming the round, user text made
    plain. The buttons take Left and Right; two more, never shown, take Page Up and Page Down (a button
    takes one key, and a presentation clicker sends those two)."""
    st.html(STYLESHEET)
    last = len(slides) - 1
    slide = min(state.presentation_slide(), last)
    bar = st.container(horizontal=True, vertical_alignment="center", gap="small")
    moved = bar.button(
        "Previous", icon=":material/arrow_back:", disabled=slide == 0, shortcut="Left", key="slide_previous"
    )
    bar.markdown(f"Slide {slide + 1} of {len(slides)} · {where}", width="stretch")
    forward = bar.button(
        "Next", icon=":material/arrow_forward:", disabled=slide == last, shortcut="Right", key="slide_next"
    )
    # A button, not a page link: a page link needs the app's menu, which a page tested on its own lacks.
    if bar.button("Leave presentation", icon=":material/close:", type="tertiary", key="slide_leave"):
        st.switch_page("app_pages/workshop_facilitator.py")
    keys = st.container(key="slide_keys")
    moved |= keys.button("Previous slide", disabled=slide == 0, shortcut="PageUp", key="slide_page_up")
    forward |= keys.button("Next slide", disabled=slide == last, shortcut="PageDown", key="slide_page_down")
    if moved or forward:
        state.set_presentation_slide(slide + (1 if forward else -1))
        st.rerun()
    return slide
