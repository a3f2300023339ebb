"""Data for the options and plan page tests: a round three participants have answered, and Board scores."""

from __future__ import annotations

import datetime as dt

from assessment.models import Answer, AppraisalScore, ItemKind, RoundInput
from assessment.store import Store

# The Board's scores per option in the framework's criteria order (outcomes, boundaries, transparency,
# resources, feasibility, fragmentation); with the framework's weights 25/20/15/15/15/10 they give
# targeted (75+60+45+60+45+30)/100 = 3.15, whole system (100+80+60+45+0+20)/100 = 3.05,
# virtual (25+20+15+15+60+10)/100 = 1.45 and the status quo (0+0+15+15+60+10)/100 = 1.00.
BOARD = {
    "status_quo": (0, 0, 1, 1, 4, 1),
    "virtual": (1, 1, 1, 1, 4, 1),
    "targeted": (3, 3, 3, 4, 3, 3),
    "whole_system": (4, 4, 4, 3, 0, 2),
}


def answered_round(store: Store, framework, *, area: str = "Testshire", held_on=dt.date(2026, 3, 10)) -> int:
    """A round where three participants answer every statement 1, 2 and 2 (every factor median 2.0) and
    put every component at stage 2 (position 2.0)."""
    round_id = store.open_round(RoundInput(area=area, held_on=held_on), framework.version).id
    for level in (1, 2, 2):
        participant, _code = store.join(round_id, "council")
        batch = [
            Answer(kind=ItemKind.STATEMENT, item_id=s.id, value=level) for f in framework.factors for s in f.statements
        ]
        batch += [Answer(kind=ItemKind.COMPONENT, item_id=c.id, value=2) for c in framework.components]
        store.save_answers(participant.id, batch)
    return round_id


def board_scores(store: Store, framework, round_id: int) -> None:
    """Save the BOARD scores for the round."""
    criteria = [c.id for c in framework.criteria]
    store.save_appraisal_scores(
        round_id,
        [
            AppraisalScore(option_id=option_id, criterion_id=criterion_id, value=value)
            for option_id, values in BOARD.items()
            for criterion_id, value in zip(criteria, values, strict=True)
        ],
    )
