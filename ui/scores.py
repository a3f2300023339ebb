"""Scored rounds for the results pages: finalised rounds from one shared cache, the rest scored fresh.

A finalised round's answers cannot change (answers are saved only while a round is open), so its
scores are the same for every user until the round is re-opened, which changes its updated_at and
so the cache key. The cache holds scores of the whole programme, never anything about one user.
"""

from __future__ import annotations

import pandas as pd
import streamlit as st

from assessment.dashboard import combine_scores, finalised_key, unfinalised_ids
from assessment.framework import Framework
from assessment.results import programme_scores
from assessment.scoring import Scores
from assessment.store import Store
from ui import resources


@st.cache_resource(max_entries=4, show_spinner="Scoring the finalised rounds of every area...")
def _finalised(database_url: str, framework_version: str, key: tuple[tuple[int, str], ...]) -> Scores:
    """Scores of the finalised rounds named in key (read-only: callers must not change the tables)."""
    return programme_scores(resources.store(), resources.framework(), [round_id for round_id, _stamp in key])


def finalised_scores(store: Store, framework: Framework, rounds: pd.DataFrame) -> Scores:
    """Every finalised round of every area, scored at once and shared between sessions."""
    return _finalised(store.url, framework.version, finalised_key(rounds))


def area_scores(store: Store, framework: Framework, rounds: pd.DataFrame, area_id: int) -> Scores:
    """Every finalised round (for benchmarks) plus this area's rounds that are still open or closed."""
    fresh_ids = unfinalised_ids(rounds, area_id)
    cached = finalised_scores(store, framework, rounds)
    if not fresh_ids:
        return cached
    return combine_scores(cached, programme_scores(store, framework, fresh_ids))
