"""What a Board paper reads, gathered from the results service as the screens and the workbook read it:
nothing here works a number out."""

from __future__ import annotations

from dataclasses import dataclass

from assessment.framework import Framework
from assessment.models import DEFAULT_BOARD, ItemKind, RoundStatus
from assessment.results import AreaDashboard, RoundOptions, RoundPlan, area_dashboard, read_programme
from assessment.results.options import Recommended, recommendation, round_options
from assessment.results.plan import round_plan
from assessment.results.scored import EmptyRound
from assessment.storage import Store

DRAFT, FINAL = "draft", "final"
STATUSES = (DRAFT, FINAL)


@dataclass(frozen=True)
class PaperData:
    """One round's results as the paper shows them."""

    board: AreaDashboard  # the round's dashboard: result, previous round, benchmark, partner types
    options: RoundOptions
    verdict: Recommended  # THE recommendation (results.options.recommendation)
    plan: RoundPlan
    rationales: dict[tuple[str, str], str]  # (kind, item id) -> the room's reason for its agreed score
    uncertain_reasons: dict[str, str]  # factor id -> why the room is still uncertain (a factor split after re-scoring)
    status: str  # draft or final
    to: str  # the Board the paper goes to: the round's, or DEFAULT_BOARD when it names none


def gather(store: Store, framework: Framework, round_id: int, status: str | None = None) -> PaperData:
    """The round's paper data; EmptyRound when nobody has answered. status: draft or final (default:
    final once the round is finalised, otherwise draft)."""
    if status is not None and status not in STATUSES:
        raise ValueError(f"the status of a paper is draft or final, not {status!r}")
    programme = read_programme(store, framework)
    board = area_dashboard(store, framework, round_id, programme)
    if not board.answered:
        raise EmptyRound(f"round {round_id} of {board.round.area_name!r} has no answers yet, so there is no paper")
    result = board.result
    options = round_options(store, framework, round_id, result)
    consensus = store.consensus.for_round(round_id)
    return PaperData(
        board=board,
        options=options,
        verdict=recommendation(options, result, framework),
        plan=round_plan(store, framework, board.round, programme.rounds, result),
        rationales={(kind.value, item_id): row.rationale for (kind, item_id), row in consensus.items()},
        uncertain_reasons={
            item_id: row.uncertain_reason
            for (kind, item_id), row in consensus.items()
            if kind == ItemKind.FACTOR and row.uncertain_reason
        },
        status=status or (FINAL if board.round.status == RoundStatus.FINALISED else DRAFT),
        to=board.round.board or DEFAULT_BOARD,
    )
