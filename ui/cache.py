"""Thin Streamlit caches around the read side (assessment.results), keyed by the storage's version stamps:
what a results page reads is worked out once per change, and shared between sessions.

Each cache holds results of the programme, never anything about one user or session. Every function
here reads its stamps (one or two small queries) and returns what assessment.results returned for them;
callers must not change what they get. What each cache buys is said beside it.
"""

from __future__ import annotations

import datetime as dt

import pandas as pd
import streamlit as st

from assessment import results
from assessment.appraisal import RoundAppraisal, ScoreSource
from assessment.results.area import fresh_round_ids
from assessment.results.rescoring import RoomSpread
from assessment.scoring import RoundResult
from assessment.storage import Store
from ui import resources


# Every area and round, and the finalised rounds scored so far (each the first time a page needs it):
# shared, so that a finalised round is scored once per change of the programme, not on every rerun.
@st.cache_resource(max_entries=2, show_spinner="Reading the programme's areas and rounds...")
def _programme(*, stamp: tuple, framework_version: str) -> results.Programme:
    return results.read_programme(resources.store(), resources.framework())


def programme(store: Store) -> results.Programme:
    """results.read_programme, read again only when an area or round is added or a round changes status."""
    return _stamped_programme(store)[0]


def _stamped_programme(store: Store) -> tuple[results.Programme, tuple]:
    stamp = store.stamps.programme()
    return _programme(stamp=stamp, framework_version=resources.framework().version), stamp


# One round's dashboard: picking its peers out of the programme, and its benchmark, trend and partner
# table once built, would otherwise be redone on every rerun of the dashboard.
@st.cache_resource(max_entries=64, show_spinner=False)
def _area(
    *, programme_stamp: tuple, fresh: tuple, round_id: int, _programme: results.Programme
) -> results.AreaDashboard:
    return results.area_dashboard(resources.store(), resources.framework(), round_id, _programme)


def area_dashboard(store: Store, round_id: int) -> results.AreaDashboard:
    """results.area_dashboard, worked out again only when the programme or one of the area's rounds that
    is not finalised changes (their stamps)."""
    shared, stamp = _stamped_programme(store)
    fresh = tuple(store.stamps.round(r) for r in fresh_round_ids(shared, round_id))
    return _area(programme_stamp=stamp, fresh=fresh, round_id=round_id, _programme=shared)


# One round's result, read by the live view every few seconds while 40 people answer, by presentation
# mode, the consensus form, the options page and the plan: scoring it once per change serves them all.
# Its sentence ends with the change since the area's previous round, so the programme's stamp (a round
# added, or one finalised or re-opened) is part of its key too.
@st.cache_resource(max_entries=64, show_spinner=False)
def _round(*, stamp: tuple, programme_stamp: tuple, round_id: int) -> RoundResult:
    return results.score_round(resources.store(), resources.framework(), round_id)


def _round_stamps(store: Store, round_id: int) -> dict[str, tuple]:
    return {"stamp": store.stamps.round(round_id), "programme_stamp": store.stamps.programme()}


def round_result(store: Store, round_id: int) -> RoundResult:
    """results.score_round, worked out again only when something stored about the round changes, or the
    programme's rounds do."""
    return _round(**_round_stamps(store, round_id), round_id=round_id)


# The room's spread before a re-score: the same for every participant of the pass and read by each of
# their re-score pages, where scoring the whole round for it would cost every click about 0.1 s per run.
# The answers given before the pass change during it only when someone's first answers come in late, so
# it is worked out again after ROOM_SPREAD_SECONDS at most rather than keyed by the round's stamp (which
# every re-score answer changes).
ROOM_SPREAD_SECONDS = 30


@st.cache_resource(max_entries=16, ttl=ROOM_SPREAD_SECONDS, show_spinner=False)
def _room_spread(*, round_id: int, number: int) -> dict[str, RoomSpread]:
    return results.room_spread(resources.store(), resources.framework(), round_id, number)


def room_spread(round_id: int, number: int) -> dict[str, RoomSpread]:
    """results.room_spread of the round's pass `number`, worked out at most every ROOM_SPREAD_SECONDS."""
    return _room_spread(round_id=round_id, number=number)


# The options appraisal: ranking, sensitivity and the recommendation for both sources.
@st.cache_resource(max_entries=32, show_spinner=False)
def _options(*, stamp: tuple, programme_stamp: tuple, round_id: int) -> results.RoundOptions:
    store = resources.store()
    return results.round_options(store, resources.framework(), round_id, round_result(store, round_id))


def round_options(store: Store, round_id: int) -> results.RoundOptions:
    """results.round_options, worked out again only when something stored about the round changes, or the
    programme's rounds do."""
    return _options(**_round_stamps(store, round_id), round_id=round_id)


def round_appraisal(store: Store, round_id: int, source: ScoreSource) -> RoundAppraisal:
    """The round's appraisal ranked on the Board's or the room's scores (from round_options)."""
    return round_options(store, round_id).on(source)


# The comparison of every area for a period: one row per area, with percentiles.
@st.cache_resource(max_entries=16, show_spinner=False)
def _comparison(
    *, programme_stamp: tuple, start: dt.date | None, end: dt.date | None, _programme: results.Programme
) -> tuple[pd.DataFrame, pd.DataFrame]:
    framework = resources.framework()
    table = results.comparison(_programme, framework, start, end)
    return table, results.comparison_percentiles(table, framework)


def comparison(
    store: Store, start: dt.date | None = None, end: dt.date | None = None
) -> tuple[pd.DataFrame, pd.DataFrame]:
    """(results.comparison, results.comparison_percentiles) of every area for the period, worked out again
    only when the programme changes."""
    shared, stamp = _stamped_programme(store)
    return _comparison(programme_stamp=stamp, start=start, end=end, _programme=shared)
