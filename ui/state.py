"""The one typed owner of st.session_state: every per-user value the app keeps lives behind these names.

Pages and components never write st.session_state["..."] directly; they call these functions, so a
key is spelled once and its type is known.
"""

from __future__ import annotations

import streamlit as st

AREA_ID = "selected_area_id"
ROUND_ID = "selected_round_id"


def selected_area_id() -> int | None:
    """The area chosen in the sidebar, if any."""
    return st.session_state.get(AREA_ID)


def selected_round_id() -> int | None:
    """The round chosen in the sidebar, if any."""
    return st.session_state.get(ROUND_ID)


def select_round(area_id: int | None, round_id: int | None) -> None:
    """Remember the chosen area and round for this browser session."""
    st.session_state[AREA_ID] = area_id
    st.session_state[ROUND_ID] = round_id


# -- options appraisal and development plan ------------------------------------------------------------

SCORE_SOURCE = "options_score_source"  # "board" or "room": whose scores the appraisal uses
SCORING_PARTICIPANT = "options_scoring_participant"  # (round id, participant id) of a participant scoring options
FLASH = "flash_messages"  # page name -> message to show once after a save and rerun

BOARD_SOURCE = "board"
ROOM_SOURCE = "room"


def score_source() -> str:
    """Whose appraisal scores to use: the Board's (default) or the room's median."""
    return st.session_state.get(SCORE_SOURCE, BOARD_SOURCE)


def scoring_participant(round_id: int) -> int | None:
    """The participant scoring the options in this round in this browser session, if they have signed in."""
    entry = st.session_state.get(SCORING_PARTICIPANT)
    return entry[1] if entry and entry[0] == round_id else None


def set_scoring_participant(round_id: int | None, participant_id: int | None) -> None:
    """Remember (or forget, with None) the participant scoring the options."""
    st.session_state[SCORING_PARTICIPANT] = None if participant_id is None else (round_id, participant_id)


def flash(page: str, message: str) -> None:
    """Keep a message to show on the page's next run (a save is followed by a rerun)."""
    st.session_state.setdefault(FLASH, {})[page] = message


def pop_flash(page: str) -> str | None:
    """The message kept for this page, removed so it shows once."""
    return st.session_state.get(FLASH, {}).pop(page, None)


def scoring_entry() -> tuple[int, int] | None:
    """(round id, participant id) of the participant signed in to score the options, if any."""
    return st.session_state.get(SCORING_PARTICIPANT)


# Keys of the results pages' widgets: the widgets own their values, so these need no getters.
DASHBOARD_SECTION = "dashboard_section"  # the open section (tab) of the area dashboard
COMPARE_SECTION = "compare_section"  # the open section (tab) of compare areas
COMPARE_AREAS = "compare_areas"  # the areas picked to compare (area ids)
COMPARE_ALL = "compare_all_areas"  # compare every area instead
COMPARE_PERIOD = "compare_period"  # latest finalised rounds, or a date range
COMPARE_DATES = "compare_dates"  # the date range
COMPARE_SORT = "compare_sort"  # the column to sort and filter by
COMPARE_RANGE = "compare_range"  # prefix of the filter sliders, one per column
COMPARE_RADAR = "compare_radar_areas"  # the (up to three) areas on the radar


def compare_range_key(metric: str) -> str:
    """The key of the compare page's filter slider for one metric (each metric keeps its own range)."""
    return f"{COMPARE_RANGE}_{metric}"
