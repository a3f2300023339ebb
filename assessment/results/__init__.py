"""THE read side: the only code that turns stored rows into what people read.

    rounds.py     the programme's areas and rounds; which round is previous, latest finalised
    scored.py     stored answers and agreed scores scored (score_rounds, round_result_now), on each
                  participant's latest answers after any re-scoring passes (latest_answers)
    rescoring.py  what a participant's re-score pages show: their earlier answers, the room's spread;
                  and the open pass's progress, factor by factor, for the facilitator
    programme.py  the programme (read_programme), its finalised rounds scored as they are asked for,
                  and the comparison of areas
    area.py       one round's area dashboard: benchmark, trend, partner types
    options.py    the options appraisal and THE recommendation
    decision.py   the Board's decision on a round's options, and the decisions it superseded
    plan.py       a round's development plan and progress on the previous one
    summary.py    all of it as plain data for the command line

Pages (through ui.cache), the command line, the workbooks and the Board paper read these; none
recomputes. The rules themselves are pure functions in scoring, appraisal, plan and disclosure.
"""

from assessment.results.area import AreaDashboard, area_dashboard
from assessment.results.decision import RoundDecision, round_decision
from assessment.results.options import RoundOptions, recommendation, round_appraisal, round_options
from assessment.results.plan import RoundPlan, round_plan
from assessment.results.programme import Programme, comparison, comparison_percentiles, read_programme
from assessment.results.rescoring import PassProgress, RescoreView, rescore_progress, rescore_view, room_spread
from assessment.results.rounds import (
    Rounds,
    latest_finalised,
    previous_round_id,
    read_rounds,
    resolve_round,
    rounds_frame,
    rounds_table,
)
from assessment.results.scored import EmptyRound, latest_answers, score_round, score_rounds
from assessment.results.summary import summary

__all__ = [
    "AreaDashboard",
    "EmptyRound",
    "Programme",
    "RoundDecision",
    "RoundOptions",
    "PassProgress",
    "RescoreView",
    "RoundPlan",
    "Rounds",
    "area_dashboard",
    "comparison",
    "comparison_percentiles",
    "latest_answers",
    "latest_finalised",
    "previous_round_id",
    "read_programme",
    "read_rounds",
    "recommendation",
    "rescore_progress",
    "rescore_view",
    "resolve_round",
    "round_appraisal",
    "round_decision",
    "round_options",
    "room_spread",
    "round_plan",
    "rounds_frame",
    "rounds_table",
    "score_round",
    "score_rounds",
    "summary",
]
