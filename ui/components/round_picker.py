"""Sidebar picker for the area and round a results page shows."""

from __future__ import annotations

import streamlit as st

from assessment.dates import round_name
from assessment.results import Rounds
from assessment.storage import RoundRow, Store
from ui import cache, state
from ui.components import access_gate
from ui.text import plain


def round_line(round_row: RoundRow) -> str:
    """Which round a page shows, as the caption under its title: area · title and date · status."""
    return f"{plain(round_row.area_name)} · {plain(round_name(round_row))} · status: {round_row.status.value}"


def page(store: Store, title: str, *, flash: str | None = None, rounds: Rounds | None = None) -> RoundRow:
    """The top of a page about one round: the sidebar picker, the title, the message a save left for the
    page `flash` (shown once), and the round's line; stops the page when there is no round to show."""
    round_row = show(store, rounds=rounds)
    st.title(title)
    if round_row is None:
        st.stop()
    message = state.pop_flash(flash) if flash else None
    if message:
        st.success(plain(message))
    st.caption(round_line(round_row))
    return round_row


def show(store: Store, key: str = "round_picker", rounds: Rounds | None = None) -> RoundRow | None:
    """Draw the area and round selectors in the sidebar, offering only the areas this session may open
    (an anonymous session gets the sign-in instead, and the page stops); returns the chosen round (None
    if the area has no rounds). rounds: every area and round, when the page has read them already
    (cache.programme(store).rounds)."""
    access = access_gate.require_any(store)
    programme = rounds if rounds is not None else cache.programme(store).rounds
    areas = access.readable(programme.areas)
    if not areas:
        st.sidebar.info("No areas yet. Load the illustrative sample with `python -m assessment demo`.")
        return None
    area_ids = [a.id for a in areas]
    names = {a.id: a.name + (" (illustrative)" if a.illustrative else "") for a in areas}
    current_area = state.selected_area_id()
    area_id = st.sidebar.selectbox(
        "Area",
        area_ids,
        index=area_ids.index(current_area) if current_area in area_ids else 0,
        format_func=names.get,
        key=f"{key}_area",
    )
    rounds = list(reversed(programme.of_area(area_id)))
    if not rounds:
        st.sidebar.info("This area has no rounds yet.")
        state.select_round(area_id, None)
        return None
    round_ids = [r.id for r in rounds]
    labels = {r.id: f"{r.label} ({r.status.value})" for r in rounds}
    current_round = state.selected_round_id()
    round_id = st.sidebar.selectbox(
        "Round",
        round_ids,
        index=round_ids.index(current_round) if current_round in round_ids else 0,
        format_func=labels.get,
        key=f"{key}_round",
    )
    state.select_round(area_id, round_id)
    return next(r for r in rounds if r.id == round_id)
