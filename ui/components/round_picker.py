"""The area and round a results page shows: read from the page's address (?area=<name>&round=<number>),
chosen with two pickers at the top of the page, and written back into the address whenever they change,
so that a reload, a second tab or a link sent to a Board member opens the same area and round.

The address names the area, not its number: an area's name is what its people know, and a sign-in
screen can show it without telling an anonymous visitor anything the link did not already say."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

import streamlit as st

from assessment.access import Access
from assessment.dates import round_name
from assessment.results import Rounds
from assessment.storage import RoundRow, Store
from ui import cache, state
from ui.components import access_gate
from ui.text import plain

AREA = "area"
ROUND = "round"
MAX_AREA_NAME = 120  # as long as the sign-in's area box takes


@dataclass(frozen=True)
class Address:
    """What a page's address asks for: an area by name and a round by number (None: not asked), and
    what in it could not be read, in words."""

    area: str | None = None
    round_id: int | None = None
    problems: tuple[str, ...] = ()


def read_address(params: Mapping[str, str]) -> Address:
    """The area and round the query parameters ask for; a value that cannot be one is left out and named
    in problems, e.g. ?round=abc gives Address(round_id=None, problems=("... round 'abc' ...",))."""
    area, round_text, problems = params.get(AREA), params.get(ROUND), []
    if area is not None:
        area = " ".join(area.split())
        if not area or len(area) > MAX_AREA_NAME:
            problems.append(f"The address names the area '{_short(params[AREA])}', which cannot be an area's name.")
            area = None
    round_id = None
    if round_text is not None:
        if round_text.strip().isdigit() and len(round_text.strip()) <= 9:
            round_id = int(round_text)
        else:
            problems.append(f"The address asks for round '{_short(round_text)}', which is not a round number.")
    return Address(area, round_id, tuple(problems))


def round_line(round_row: RoundRow) -> str:
    """Which round a page shows, as the caption under its title: area · title and date · status."""
    return f"{plain(round_row.area_name)} · {plain(round_name(round_row))} · status: {round_row.status.value}"


def page(store: Store, title: str, *, flash: str | None = None, rounds: Rounds | None = None) -> RoundRow:
    """The top of a page about one round: the title, the pickers, the message a save left for the page
    `flash` (shown once), and the round's line; stops the page when there is no round to show."""
    round_row = show(store, rounds=rounds, title=title)
    if round_row is None:
        st.stop()
    message = state.pop_flash(flash) if flash else None
    if message:
        st.success(plain(message))
    st.caption(round_line(round_row))
    return round_row


def current(store: Store, rounds: Rounds | None = None) -> RoundRow | None:
    """The round the address names, or the one chosen on another page (or the default: the first area
    this session may open, its newest round), without drawing the pickers: presentation mode names no
    other area. Draws the sign-in and stops when the session may not open it; None when there is no round."""
    address, access, programme = _open(store, rounds)
    chosen = _resolve(address, access, programme)
    _remember(chosen, programme)
    return _round_of(chosen, programme)


def show(
    store: Store, key: str = "round_picker", rounds: Rounds | None = None, *, title: str | None = None
) -> RoundRow | None:
    """Draw the page's title and, under it, the area and round pickers, offering only the areas this
    session may open; returns the chosen round (None if the area has no rounds). The address is read
    first and kept up to date. An address naming an area the session has not opened draws the sign-in
    for that area and stops the page; so does an anonymous session. rounds: every area and round, when
    the page has read them already (cache.programme(store).rounds)."""
    address, access, programme = _open(store, rounds)
    if title:
        st.title(title)
    for problem in address.problems:
        st.warning(plain(problem))
    areas = access.readable(programme.areas)
    if not areas:
        st.info("No areas yet. Load the illustrative sample with `python -m assessment demo`.")
        return None
    chosen = _resolve(address, access, programme)
    _remember(chosen, programme)
    _draw(key, chosen, areas, programme)
    round_row = _round_of(chosen, programme)
    if round_row is None:
        st.info("This area has no rounds yet.")
    return round_row


@dataclass(frozen=True)
class _Chosen:
    area_id: int
    round_id: int | None


def _open(store: Store, rounds: Rounds | None) -> tuple[Address, Access, Rounds]:
    """The address, the session's access to what it names (or the sign-in, and the page stops) and the
    programme's rounds."""
    # A choice just made with the pickers is written into the address by this run, not by their callbacks:
    # an address changed in a callback can miss the browser when another run interrupts this one.
    address = Address() if state.take_picked_by_hand() else read_address(st.query_params)
    access = access_gate.require_area(store, address.area) if address.area else access_gate.require_any(store)
    return address, access, rounds if rounds is not None else cache.programme(store).rounds


def _resolve(address: Address, access: Access, programme: Rounds) -> _Chosen | None:
    """The area and round to show: the address's, else the ones chosen before in this session, else the
    first area the session holds and its newest round. Says what in the address was not found."""
    areas = access.readable(programme.areas)
    if not areas:
        return None
    held = {a.id for a in areas}
    area_id = next((a.id for a in areas if address.area and a.name.casefold() == address.area.casefold()), None)
    if address.area and area_id is None:
        st.warning(plain(f"There is no area called '{address.area}', so the first area is shown instead."))
    if area_id is None:
        remembered = state.selected_area_id()
        area_id = remembered if remembered in held else areas[0].id
    own = [r.id for r in reversed(programme.of_area(area_id))]
    if address.round_id is not None and address.round_id in own:
        return _Chosen(area_id, address.round_id)
    if address.round_id is not None:
        name = next(a.name for a in areas if a.id == area_id)
        st.warning(plain(f"{name} has no round {address.round_id}, so its newest round is shown instead."))
    remembered = state.selected_round_id()
    return _Chosen(area_id, remembered if remembered in own and address.round_id is None else next(iter(own), None))


def _remember(chosen: _Chosen | None, programme: Rounds) -> None:
    """Keep the choice for the other pages of this session, and in the address (changed only when it
    differs, so that a page drawn again adds nothing to the browser's history)."""
    if chosen is None:
        return
    state.select_round(chosen.area_id, chosen.round_id)
    wanted = {AREA: next(a.name for a in programme.areas if a.id == chosen.area_id)}
    if chosen.round_id is not None:
        wanted[ROUND] = str(chosen.round_id)
    elif ROUND in st.query_params:
        del st.query_params[ROUND]
    if any(st.query_params.get(name) != value for name, value in wanted.items()):
        st.query_params.update(wanted)


def _round_of(chosen: _Chosen | None, programme: Rounds) -> RoundRow | None:
    if chosen is None or chosen.round_id is None:
        return None
    return next(r for r in programme.of_area(chosen.area_id) if r.id == chosen.round_id)


def _draw(key: str, chosen: _Chosen, areas: list, programme: Rounds) -> None:
    """The two pickers side by side, showing the choice; a change goes into the address at once."""
    names = {a.id: a.name + (" (illustrative)" if a.illustrative else "") for a in areas}
    rounds = list(reversed(programme.of_area(chosen.area_id)))
    labels = {r.id: f"{round_name(r)}, {r.status.value}" for r in rounds}
    state.set_picked(f"{key}_area", chosen.area_id)
    state.set_picked(f"{key}_round", chosen.round_id)
    area_column, round_column = st.columns([2, 3])
    area_column.selectbox(
        "Area", list(names), format_func=names.get, key=f"{key}_area", on_change=_area_changed, args=(key,)
    )
    if rounds:
        round_column.selectbox(
            "Round", list(labels), format_func=labels.get, key=f"{key}_round", on_change=_round_changed, args=(key,)
        )


def _area_changed(key: str) -> None:
    state.select_round(state.picked(f"{key}_area"), None)
    state.mark_picked_by_hand()


def _round_changed(key: str) -> None:
    state.select_round(state.selected_area_id(), state.picked(f"{key}_round"))
    state.mark_picked_by_hand()


def _short(text: str) -> str:
    return text if len(text) <= 40 else text[:40] + "..."
