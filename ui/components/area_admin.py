"""Renaming, merging and removing areas: for sessions with the programme passphrase only."""

from __future__ import annotations

import streamlit as st
from pydantic import ValidationError

from assessment.storage import Store, StoreError
from ui import state
from ui.text import plain

RENAME, MERGE, REMOVE = "Rename it", "Merge it into another area", "Remove it"


def show(store: Store, key: str = "area_admin") -> None:
    """Draw the area administration (nothing for a session without the programme passphrase): pick an
    area, then rename it, merge it into another (its rounds move there), or remove it when it has no rounds."""
    access = state.access()
    if not access.programme:
        return
    message = state.pop_flash(key)
    if message:
        st.success(plain(message))
    areas = store.rounds.list_areas()
    if not areas:
        return
    counts = store.rounds.round_counts()
    names = {a.id: a.name for a in areas}

    def label(area_id: int) -> str:
        return f"{names[area_id]} ({_rounds(counts.get(area_id, 0))})"

    with st.expander("Rename, merge or remove an area"):
        st.caption("Only the programme passphrase can change areas. Every change goes into the audit trail.")
        area_id = st.selectbox("Area", list(names), format_func=label, key=f"{key}_area")
        action = st.radio("What to do with it", [RENAME, MERGE, REMOVE], horizontal=True, key=f"{key}_action")
        if action == RENAME:
            _rename(store, area_id, names[area_id], access.actor, key)
        elif action == MERGE:
            _merge(store, area_id, names, counts.get(area_id, 0), access.actor, key)
        else:
            _remove(store, area_id, names[area_id], counts.get(area_id, 0), access.actor, key)


def _rounds(count: int) -> str:
    return f"{count} round{'s' if count != 1 else ''}"


def _rename(store: Store, area_id: int, name: str, actor: str, key: str) -> None:
    new_name = st.text_input("New name", max_chars=120, key=f"{key}_new_name_{area_id}", placeholder=name)
    if st.button("Rename the area", key=f"{key}_rename"):
        try:
            store.rounds.rename_area(area_id, new_name, actor=actor)
        except ValidationError:
            st.error("Type the area's new name in 'New name'.")
            return
        except StoreError as problem:
            st.error(f"{plain(name)} could not be renamed: {plain(problem)}.")
            return
        _done(f"{name} is now called {new_name.strip()}.", key)


def _merge(store: Store, area_id: int, names: dict[int, str], count: int, actor: str, key: str) -> None:
    others = [other for other in names if other != area_id]
    if not others:
        st.info("There is no other area to merge it into.")
        return
    into = st.selectbox(
        "Merge it into",
        others,
        format_func=names.get,
        index=None,
        placeholder="Pick the area its rounds go to",
        key=f"{key}_into",
    )
    if into is None:
        return
    st.write(
        f"Its {_rounds(count)} will move to {plain(names[into])}, and {plain(names[area_id])} is then removed. "
        f"Anyone with the facilitator PIN of one of those rounds will be able to open every round of "
        f"{plain(names[into])}, and the other way round."
    )
    sure = st.checkbox(f"Merge {plain(names[area_id])} into {plain(names[into])}", key=f"{key}_sure_{area_id}_{into}")
    if st.button("Merge the areas", disabled=not sure, key=f"{key}_merge"):
        try:
            store.rounds.merge_area(area_id, into, actor=actor)
        except StoreError as problem:
            st.error(f"The areas were not merged: {plain(problem)}.")
            return
        _done(f"{names[area_id]} was merged into {names[into]} ({_rounds(count)} moved).", key)


def _remove(store: Store, area_id: int, name: str, count: int, actor: str, key: str) -> None:
    if count:
        st.info(
            f"{plain(name)} has {_rounds(count)}, so it cannot be removed: its results would go with it. "
            "Merge it into another area instead."
        )
        return
    if st.button(f"Remove {plain(name)}", key=f"{key}_remove"):
        try:
            store.rounds.remove_area(area_id, actor=actor)
        except StoreError as problem:
            st.error(f"{plain(name)} was not removed: {plain(problem)}.")
            return
        _done(f"{name} was removed.", key)


def _done(message: str, key: str) -> None:
    state.flash(key, message)
    st.rerun()
