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


IMPORT_GENERATION = "excel_import_generation"
IMPORT_REPORT = "excel_import_report"


def import_generation() -> int:
    """A counter in the Excel upload's widget key: raising it empties the uploader after an import."""
    return st.session_state.get(IMPORT_GENERATION, 0)


def clear_upload() -> None:
    """Empty the Excel uploader, so that a saved batch cannot be imported twice by a second click."""
    st.session_state[IMPORT_GENERATION] = import_generation() + 1


def import_report() -> list[str] | None:
    """The lines describing the last successful import, shown once after the page reruns."""
    return st.session_state.get(IMPORT_REPORT)


def set_import_report(lines: list[str] | None) -> None:
    """Remember (or forget) what the last import saved."""
    st.session_state[IMPORT_REPORT] = lines
