"""Scored rounds for the results pages, shared between sessions and keyed by what they depend on.

A finalised round's answers cannot change (answers are saved only while a round is open), so its
scores stay right until the round is re-opened, which changes its updated_at and so the cache key.
A round still open is keyed by the count and time of its latest answer, so a new answer rescores it
at once. The caches hold scores of the programme, never anything about one user or session.
"""

from __future__ import annotations

import hashlib

import pandas as pd
import streamlit as st

from assessment.compare import chosen_rounds, comparison_table
from assessment.dashboard import combine_scores, dashboard_round_ids, finalised_key, subset_scores, unfinalised_ids
from assessment.framework import Framework
from assessment.results import programme_scores, rounds_frame
from assessment.scoring import Scores
from assessment.store import Store
from ui import resources


def _digest(*parts: object) -> str:
    """A short name for a long cache key: Streamlit would otherwise hash the whole key on every rerun."""
    return hashlib.blake2b(repr(parts).encode(), digest_size=16).hexdigest()


# Arguments whose names start with "_" are left out of Streamlit's hashing; the digest before them
# stands for them.
@st.cache_resource(max_entries=4, show_spinner="Scoring the finalised rounds of every area...")
def _finalised(database_url: str, framework_version: str, digest: str, _key: tuple) -> Scores:
    """Scores of the finalised rounds named in _key (read-only: callers must not change the tables)."""
    return programme_scores(resources.store(), resources.framework(), [round_id for round_id, _stamp in _key])


@st.cache_resource(max_entries=64, show_spinner=False)
def _area_part(
    database_url: str, framework_version: str, digest: str, _key: tuple, _wanted: tuple, _own: tuple
) -> Scores:
    """The finalised scores one area's dashboard needs, cut out of the programme's once per area."""
    programme = _finalised(database_url, framework_version, _digest(_key), _key)
    return subset_scores(programme, list(_wanted), list(_own))


@st.cache_resource(max_entries=16, show_spinner=False)
def _comparison(database_url: str, framework_version: str, digest: str, _key: tuple, start, end) -> pd.DataFrame:  # noqa: ANN001
    """The comparison table of every area for a period (read-only)."""
    framework = resources.framework()
    rounds = rounds_frame(resources.store())
    programme = _finalised(database_url, framework_version, _digest(_key), _key)
    return comparison_table(programme, chosen_rounds(rounds, start, end), framework)


@st.cache_resource(max_entries=32, show_spinner=False)
def _unfinalised(database_url: str, framework_version: str, round_ids: tuple, stamp: tuple[int, str]) -> Scores:
    """Scores of rounds still open or closed, kept until one of their answers changes (the stamp)."""
    return programme_scores(resources.store(), resources.framework(), list(round_ids))


def finalised_scores(store: Store, framework: Framework, rounds: pd.DataFrame) -> Scores:
    """Every finalised round of every area, scored at once and shared between sessions."""
    key = finalised_key(rounds)
    return _finalised(store.url, framework.version, _digest(key), key)


def comparison(store: Store, framework: Framework, rounds: pd.DataFrame, start=None, end=None) -> pd.DataFrame:  # noqa: ANN001
    """One row per area: its latest finalised round (held from start to end, when given), shared."""
    key = finalised_key(rounds)
    return _comparison(store.url, framework.version, _digest(key), key, start, end)


def area_scores(store: Store, framework: Framework, rounds: pd.DataFrame, area_id: int) -> Scores:
    """This area's rounds (finalised ones from the shared cache, the others scored now) and every other
    area's latest finalised round, for the benchmark band."""
    wanted, own = dashboard_round_ids(rounds, area_id)
    key = finalised_key(rounds)
    final = {round_id for round_id, _stamp in key}
    wanted = tuple(r for r in wanted if r in final)
    cached = _area_part(store.url, framework.version, _digest(key, wanted, own), key, wanted, tuple(own))
    fresh_ids = tuple(unfinalised_ids(rounds, area_id))
    if not fresh_ids:
        return cached
    fresh = _unfinalised(store.url, framework.version, fresh_ids, store.answers_stamp(fresh_ids))
    return combine_scores(cached, fresh)
