"""Scored rounds for the results pages, shared between sessions and keyed by what they depend on.

A finalised round's answers cannot change (answers are saved only while a round is open), so its
scores stay right until the round is re-opened, which changes its updated_at and so the cache key.
A round still open is keyed by the count and time of its latest answer, so a new answer rescores it
at once. The caches hold scores of the programme, never anything about one user or session.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import TypeVar

import pandas as pd
import plotly.graph_objects as go
import pyarrow as pa
import streamlit as st

from assessment.appraisal import RoundAppraisal, appraise_round
from assessment.compare import chosen_rounds, comparison_table, percentiles
from assessment.dashboard import (
    AreaDashboard,
    area_dashboard,
    combine_scores,
    dashboard_round_ids,
    factor_benchmark,
    finalised_key,
    subset_scores,
    unfinalised_ids,
)
from assessment.framework import Framework
from assessment.models import RoundStatus
from assessment.results import programme_scores, rounds_table, score_round
from assessment.scoring import RoundResult, Scores
from assessment.storage import AreaRow, RoundRow, Store
from ui import resources

T = TypeVar("T")


def _digest(*parts: object) -> str:
    """A short name for a long cache key: Streamlit would otherwise hash the whole key on every rerun."""
    return hashlib.blake2b(repr(parts).encode(), digest_size=16).hexdigest()


@dataclass(frozen=True)
class ProgrammeRounds:
    """Every area and round of the programme with the tables built from them (shared, read-only)."""

    areas: tuple[AreaRow, ...]  # as Store.list_areas returns them, in name order
    rows: tuple[RoundRow, ...]  # as Store.list_rounds returns them, oldest first within each area
    frame: pd.DataFrame  # results.rounds_table of the rows
    finalised: tuple[tuple[int, str], ...]  # dashboard.finalised_key: what finalised scores depend on
    digest: str  # stands for every area and round: changes when any is added or changed
    unfinalised: dict[int, tuple[int, ...]]  # per area, dashboard.unfinalised_ids (read-only)
    by_area: dict[int, tuple[RoundRow, ...]]  # per area, its rows (read-only)
    # Tables built only from these rounds (see of_rounds), kept with them and so shared and dropped with them.
    built: dict[str, object] = field(default_factory=dict, compare=False, repr=False)

    def of_area(self, area_id: int) -> list[RoundRow]:
        """The area's rounds, oldest first."""
        return list(self.by_area.get(area_id, ()))


@dataclass(frozen=True)
class AreaView:
    """What an area dashboard shows of one round: its scores, headline and benchmark (shared, read-only)."""

    digest: str  # stands for everything the view depends on
    programme: Scores  # the area's rounds and every other area's latest finalised round
    board: AreaDashboard | None  # None when nobody has answered the round yet
    benchmark: pd.DataFrame | None  # dashboard.factor_benchmark of the round
    # Tables and figures built from the view (see of_view), kept with it and so shared and dropped with it.
    built: dict[str, object] = field(default_factory=dict, compare=False, repr=False)


@st.cache_resource(max_entries=4, show_spinner=False)
def _rounds(*, database_url: str, stamp: tuple, _store: Store) -> ProgrammeRounds:
    """Every area and round as they were when the store's rounds_stamp was `stamp`."""
    areas, rows = tuple(_store.rounds.list_areas()), tuple(_store.rounds.list_rounds())
    frame = rounds_table(rows)
    unfinalised = {area.id: tuple(unfinalised_ids(frame, area.id)) for area in areas}
    by_area = {area.id: tuple(r for r in rows if r.area_id == area.id) for area in areas}
    return ProgrammeRounds(areas, rows, frame, finalised_key(frame), _digest(database_url, stamp), unfinalised, by_area)


def programme_rounds(store: Store) -> ProgrammeRounds:
    """Every area and round, shared between sessions and read again only when one is added or a round
    changes: a rerun costs one small query (Store.rounds_stamp)."""
    return _rounds(database_url=store.url, stamp=store.stamps.programme(), _store=store)


# Arguments whose names start with "_" are left out of Streamlit's hashing; the digest before them
# stands for them.
@st.cache_resource(max_entries=4, show_spinner="Scoring the finalised rounds of every area...")
def _finalised(*, database_url: str, framework_version: str, digest: str, _key: tuple) -> Scores:
    """Scores of the finalised rounds named in _key (read-only: callers must not change the tables)."""
    return programme_scores(resources.store(), resources.framework(), [round_id for round_id, _stamp in _key])


@st.cache_resource(max_entries=64, show_spinner=False)
def _area_part(
    *, database_url: str, framework_version: str, rounds_digest: str, area_id: int, _rounds: ProgrammeRounds
) -> Scores:
    """The finalised scores one area's dashboard needs, cut out of the programme's once per area."""
    wanted, own = dashboard_round_ids(_rounds.frame, area_id)
    final = {round_id for round_id, _stamp in _rounds.finalised}
    programme = _finalised(
        database_url=database_url,
        framework_version=framework_version,
        digest=_digest(_rounds.finalised),
        _key=_rounds.finalised,
    )
    return subset_scores(programme, [r for r in wanted if r in final], own)


@st.cache_resource(max_entries=16, show_spinner=False)
def _comparison(
    *, database_url: str, framework_version: str, digest: str, _rounds: ProgrammeRounds, start, end
) -> pd.DataFrame:  # noqa: ANN001
    """The comparison table of every area for a period (read-only)."""
    programme = _finalised(
        database_url=database_url,
        framework_version=framework_version,
        digest=_digest(_rounds.finalised),
        _key=_rounds.finalised,
    )
    return comparison_table(programme, chosen_rounds(_rounds.frame, start, end), resources.framework())


@st.cache_resource(max_entries=32, show_spinner=False)
def _unfinalised(*, database_url: str, framework_version: str, round_ids: tuple, stamp: tuple[int, str]) -> Scores:
    """Scores of rounds still open or closed, kept until one of their answers changes (the stamp)."""
    return programme_scores(resources.store(), resources.framework(), list(round_ids))


@st.cache_resource(max_entries=64, show_spinner=False)
def _area_view(
    *,
    database_url: str,
    framework_version: str,
    digest: str,
    _rounds: ProgrammeRounds,
    _round: RoundRow,
    _consensus: dict | None,
    _fresh: tuple,
) -> AreaView:
    """The view of one round, built once per change to the rounds, the area's answers or the consensus
    (_consensus None: read it now)."""
    framework = resources.framework()
    if _consensus is None:
        _consensus = resources.store().consensus.for_round(_round.id)
    programme = _area_part(
        database_url=database_url,
        framework_version=framework_version,
        rounds_digest=_rounds.digest,
        area_id=_round.area_id,
        _rounds=_rounds,
    )
    fresh_ids, stamp = _fresh
    if fresh_ids:
        programme = combine_scores(
            programme,
            _unfinalised(
                database_url=database_url, framework_version=framework_version, round_ids=fresh_ids, stamp=stamp
            ),
        )
    if _round.id not in programme.respondents.index:
        return AreaView(digest, programme, None, None)
    priority_names = {area: framework.priority_name(area) for area in _round.priority_areas}
    board = area_dashboard(programme, _rounds.frame, framework, _round.id, _consensus, priority_names=priority_names)
    return AreaView(digest, programme, board, factor_benchmark(programme, _rounds.frame, framework, _round.id))


def finalised_scores(store: Store, framework: Framework, rounds: ProgrammeRounds) -> Scores:
    """Every finalised round of every area, scored at once and shared between sessions."""
    return _finalised(
        database_url=store.url,
        framework_version=framework.version,
        digest=_digest(rounds.finalised),
        _key=rounds.finalised,
    )


def comparison(store: Store, framework: Framework, rounds: ProgrammeRounds, start=None, end=None) -> pd.DataFrame:  # noqa: ANN001
    """One row per area: its latest finalised round (held from start to end, when given), shared."""
    return _comparison(
        database_url=store.url,
        framework_version=framework.version,
        digest=_digest(rounds.finalised),
        _rounds=rounds,
        start=start,
        end=end,
    )


def area_view(store: Store, framework: Framework, rounds: ProgrammeRounds, round_row: RoundRow) -> AreaView:
    """The round's scores (finalised rounds from the shared cache, the area's others scored when one of
    their answers changes), its headline with the consensus recorded, and its benchmark."""
    fresh_ids = rounds.unfinalised.get(round_row.area_id, ())
    fresh = (fresh_ids, tuple(store.stamps.round(r) for r in fresh_ids))
    if round_row.status == RoundStatus.FINALISED:
        # A finalised round's consensus cannot change (Store.record_consensus), and re-opening the round
        # changes round_row: it is read only when the view is built.
        digest = _digest(store.url, rounds.digest, round_row, fresh)
        consensus = None
    else:
        consensus = store.consensus.for_round(round_row.id)
        agreed = sorted((kind.value, item, row.revision, row.value) for (kind, item), row in consensus.items())
        digest = _digest(store.url, rounds.digest, round_row, agreed, fresh)
    # Keyword arguments: Streamlit looks up the name of each positional one on every call.
    return _area_view(
        database_url=store.url,
        framework_version=framework.version,
        digest=digest,
        _rounds=rounds,
        _round=round_row,
        _consensus=consensus,
        _fresh=fresh,
    )


@st.cache_resource(max_entries=32, show_spinner=False)
def _round_result(*, database_url: str, framework_version: str, round_id: int, stamp: tuple) -> RoundResult:
    """score_round as it was when the round's round_content_stamp was `stamp` (read-only)."""
    return score_round(resources.store(), resources.framework(), round_id)


def round_result(store: Store, framework: Framework, round_id: int) -> RoundResult:
    """The round's scored result, shared between sessions (the facilitator's live view, presentation
    mode and the plan read the same one) and scored again only when one of its answers, its consensus or
    the round changes (Store.round_content_stamp). Callers must not change it."""
    return _round_result(
        database_url=store.url,
        framework_version=framework.version,
        round_id=round_id,
        stamp=store.stamps.round(round_id),
    )


@st.cache_resource(max_entries=32, show_spinner=False)
def _appraisal(
    *, database_url: str, framework_version: str, round_id: int, source: str, stamp: tuple
) -> RoundAppraisal:
    """appraise_round as it was when the round's round_content_stamp was `stamp` (read-only)."""
    return appraise_round(resources.store(), resources.framework(), round_id, source)


def round_appraisal(store: Store, framework: Framework, round_id: int, source: str) -> RoundAppraisal:
    """The round's options appraisal ranked on the Board's or the room's scores, shared between sessions
    and worked out again only when something it reads changes (Store.round_content_stamp). Callers must not
    change it."""
    return _appraisal(
        database_url=store.url,
        framework_version=framework.version,
        round_id=round_id,
        source=source,
        stamp=store.stamps.round(round_id),
    )


def of_appraisal(appraisal: RoundAppraisal, name: str, build: Callable[[], T]) -> T:
    """A figure or table built only from the appraisal (and the framework), kept with it; as of_view."""
    return _kept(appraisal.built, name, build)


class FrozenFigure(go.Figure):
    """A figure kept read-only in a shared cache: it turns itself into plain data once, where plotly
    would deep-copy the whole figure on every rerun when Streamlit asks for that data."""

    def __init__(self, figure: go.Figure | dict) -> None:
        plain = figure.to_dict() if isinstance(figure, go.Figure) else figure  # a dict when unpickled
        # The figure was checked when it was built: checking the copy again costs a quarter second.
        super().__init__(plain, _validate=False)
        self._plain = plain

    def to_dict(self) -> dict:
        """The figure as plain data (shared: callers must not change it; Streamlit only reads it)."""
        return self._plain


@st.cache_resource(max_entries=256, show_spinner=False)
def _built(*, digest: str, name: str, _build: Callable[[], object]) -> object:
    """What _build returns, kept per digest and name (read-only; figures frozen)."""
    built = _build()
    return FrozenFigure(built) if isinstance(built, go.Figure) else built


def _kept(built: dict[str, object], name: str, build: Callable[[], T]) -> T:
    """What build returns, kept in built under name (figures frozen, see FrozenFigure)."""
    try:
        return built[name]
    except KeyError:
        made = build()
        # Two sessions may build the same thing at once: both get the one kept first.
        return built.setdefault(name, FrozenFigure(made) if isinstance(made, go.Figure) else made)


def of_view(view: AreaView, name: str, build: Callable[[], T]) -> T:
    """A table or figure built only from the view (and the framework), built once per view and name
    and kept with the view, so reopening a section or another user's rerun does not build it again.
    build must depend on nothing else, and callers must not change what it returns."""
    return _kept(view.built, name, build)


def of_rounds(rounds: ProgrammeRounds, name: str, build: Callable[[], T]) -> T:
    """A table built only from every area's rounds, built once per change to them; as of_view."""
    return _kept(rounds.built, name, build)


def arrow(frame: pd.DataFrame) -> pa.Table:
    """The frame as an Arrow table, which st.dataframe sends as it is (a pandas frame it converts again
    on every rerun): for tables kept by of_view, of_rounds or of_areas."""
    return pa.Table.from_pandas(frame, preserve_index=False)


def table_of_view(view: AreaView, name: str, build: Callable[[], pd.DataFrame]) -> pa.Table:
    """A table for st.dataframe built only from the view, as of_view, kept in Arrow's form (see arrow)."""
    return of_view(view, f"arrow {name}", lambda: arrow(build()))


def of_areas(rounds: ProgrammeRounds, start, end, area_ids: Sequence[int], name: str, build: Callable[[], T]) -> T:  # noqa: ANN001
    """A table or figure built only from the comparison of these areas, in this order, for the period
    start to end (see comparison), built once and shared; the same rules as of_view."""
    return _built(digest=_digest(rounds.finalised, start, end, tuple(area_ids)), name=name, _build=build)


@st.cache_resource(max_entries=16, show_spinner=False)
def _percentiles(
    *, database_url: str, framework_version: str, digest: str, _rounds: ProgrammeRounds, start, end
) -> pd.DataFrame:  # noqa: ANN001
    """compare.percentiles of every area for a period, indexed by area id (read-only)."""
    everyone = comparison(resources.store(), resources.framework(), _rounds, start, end)
    factor_ids = [f.id for f in resources.framework().factors]
    return percentiles(everyone, factor_ids).set_index(everyone["area_id"])


def comparison_percentiles(
    store: Store, framework: Framework, rounds: ProgrammeRounds, start=None, end=None
) -> pd.DataFrame:  # noqa: ANN001
    """Each area's percentile per factor among every area of the comparison for the period, by area id."""
    return _percentiles(
        database_url=store.url,
        framework_version=framework.version,
        digest=_digest(rounds.finalised),
        _rounds=rounds,
        start=start,
        end=end,
    )
