"""An area's dashboard: one round of one area beside the area's own past and the other areas.

The rounds it needs: the area's own (its finalised ones from the programme's shared scores, the others
scored now, since their answers or consensus may still change) and every other area's latest finalised
round. Sections that not every screen opens (benchmark, trend, partner types) are worked out the first
time they are asked for and kept with the dashboard.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import cached_property

import pandas as pd

from assessment.dashboard import answer_shares, partner_table, strengths_and_gaps_sentences
from assessment.framework import Framework
from assessment.models import RoundStatus
from assessment.results.decision import RoundDecision, round_decision
from assessment.results.programme import Programme
from assessment.results.rounds import ORDER
from assessment.results.scored import combine_scores, latest_answers, result_of, score_rounds
from assessment.scoring import RoundResult, Scores, benchmark_band, percentile_among_others
from assessment.storage import RoundRow, Store

OWN = "this round"


def benchmark(scores: Scores, programme: Programme, framework: Framework, round_row: RoundRow) -> pd.DataFrame:
    """THE benchmark of one round, per factor in the framework's order: name, short_name, score (agreed
    or median), the band of the other areas' latest finalised rounds (peer_q1, peer_median, peer_q3,
    n_areas: scoring.benchmark_band), its percentile among them (scoring.percentile_among_others), and
    the previous round's score and the change since."""
    factor_ids = [f.id for f in framework.factors]
    table = scores.factors["score"].unstack("factor_id").reindex(columns=factor_ids)
    own = table.reindex([round_row.id]).set_axis([OWN])
    peers = table.reindex(programme.rounds.peer_ids(round_row.area_id))
    result = benchmark_band(peers)
    result.insert(0, "score", own.loc[OWN])
    result["percentile"] = percentile_among_others(pd.concat([own, peers])).loc[OWN]
    previous_id = programme.rounds.previous(round_row.id)
    previous = table.reindex([previous_id.id if previous_id else -1]).iloc[0]
    result["previous"] = previous
    result["change"] = result["score"] - result["previous"]
    result.insert(0, "short_name", [f.short_name for f in framework.factors])
    result.insert(0, "name", [f.name for f in framework.factors])
    return result.rename_axis("factor_id")


def trend(scores: Scores, programme: Programme, framework: Framework, round_row: RoundRow) -> pd.DataFrame:
    """The area's rounds up to and including this one that have answers, in the order held: round_id,
    held_on, status, position and each factor's score (agreed or median)."""
    frame = programme.rounds.frame
    own = frame[frame["area_id"] == round_row.area_id].sort_values(ORDER)
    upto = (own["held_on"] < round_row.held_on) | (
        (own["held_on"] == round_row.held_on) & (own["round_id"] <= round_row.id)
    )
    own = own[upto & own["round_id"].isin(scores.respondents.index)]
    factor_ids = [f.id for f in framework.factors]
    factor_scores = scores.factors["score"].unstack("factor_id").reindex(index=own["round_id"], columns=factor_ids)
    table = own[["round_id", "held_on", "status"]].reset_index(drop=True)
    table["position"] = scores.positions["position"].reindex(own["round_id"]).to_numpy(dtype=float)
    table[factor_ids] = factor_scores.to_numpy(dtype=float)
    return table


@dataclass
class AreaDashboard:
    """One round's dashboard (shared between sessions: read-only once built)."""

    round: RoundRow
    result: RoundResult
    previous: RoundResult | None  # the area's round before this one, when it has answers
    previous_round: RoundRow | None  # the area's round before this one (rounds.previous_round_id's rule)
    scores: Scores = field(repr=False)  # this round, the one before it, every other area's latest finalised one
    programme: Programme = field(repr=False)
    framework: Framework = field(repr=False)
    store: Store = field(repr=False)

    @property
    def answered(self) -> bool:
        """True once someone has answered the round."""
        return self.result.respondents > 0

    @property
    def position_change(self) -> float | None:
        """The continuum position now less the previous round's (2 decimals); None when either is missing."""
        return None if self.result.change is None else self.result.change.amount

    @cached_property
    def decision(self) -> RoundDecision:
        """The Board's decision on the round's options (results.decision), read once per dashboard."""
        return round_decision(self.store, self.round)

    @cached_property
    def answer_shares(self) -> pd.Series:
        """Stage 1-6 -> share of all continuum answers at that stage (dashboard.answer_shares)."""
        return answer_shares(self.result.items)

    @cached_property
    def consensus_position(self) -> tuple[float | None, int]:
        """(mean of the agreed stages, how many continuum items have one); (None, 0) when none do."""
        agreed = self.result.items["consensus"].dropna() if "consensus" in self.result.items else pd.Series()
        return (round(float(agreed.astype(float).mean()), 2) if len(agreed) else None), len(agreed)

    @cached_property
    def strengths_and_gaps(self) -> tuple[str, str]:
        """Two sentences naming the strongest and weakest factors."""
        return strengths_and_gaps_sentences(self.result)

    @cached_property
    def benchmark(self) -> pd.DataFrame:
        """The round's benchmark (see benchmark)."""
        return benchmark(self.scores, self.programme, self.framework, self.round)

    @cached_property
    def trend(self) -> pd.DataFrame:
        """The area's trend up to this round (see trend)."""
        own = [r.id for r in self.programme.rounds.of_area(self.round.area_id)]
        scores = area_scores(self.store, self.framework, self.programme, own)
        return trend(scores, self.programme, self.framework, self.round)

    @cached_property
    def partners(self) -> pd.DataFrame:
        """Factor medians per partner type, as assessment.disclosure allows (dashboard.partner_table)."""
        return partner_table(latest_answers(self.store, self.round.id), self.framework)


def area_scores(
    store: Store, framework: Framework, programme: Programme, own_ids: list[int], peer_ids: list[int] = ()
) -> Scores:
    """The scores of some of an area's own rounds (its finalised ones from the programme's shared scores,
    the others scored now, since their answers or consensus may still change, each with its participants'
    own scores) and of its peers' rounds (from the programme's, without the participants')."""
    final = set(programme.rounds.finalised_ids())
    fresh = [r for r in own_ids if r not in final]
    scores = programme.finalised([*own_ids, *peer_ids], [r for r in own_ids if r in final])
    return combine_scores(scores, score_rounds(store, framework, fresh)) if fresh else scores


def area_dashboard(store: Store, framework: Framework, round_id: int, programme: Programme) -> AreaDashboard:
    """The dashboard of one round, with programme as read_programme gives it (shared, or read now). It
    scores the round, the area's round before it and the other areas' latest finalised rounds; the
    trend scores the area's earlier rounds when it is first asked for."""
    rounds = programme.rounds
    round_row = rounds.get(round_id)
    previous_row = rounds.previous(round_id)
    own = [round_id] if previous_row is None else [previous_row.id, round_id]
    scores = area_scores(store, framework, programme, own, rounds.peer_ids(round_row.area_id))
    previous = None
    if previous_row is not None and previous_row.id in scores.respondents.index:
        previous = result_of(scores, store, framework, previous_row)
    return AreaDashboard(
        round_row,
        result_of(scores, store, framework, round_row, previous_row),
        previous,
        previous_row,
        scores,
        programme,
        framework,
        store,
    )


def fresh_round_ids(programme: Programme, round_id: int) -> list[int]:
    """The rounds of the round's area that are not finalised: an area dashboard scores them afresh, so
    what it shows changes with them."""
    round_row = programme.rounds.get(round_id)
    return [r.id for r in programme.rounds.of_area(round_row.area_id) if r.status != RoundStatus.FINALISED]
