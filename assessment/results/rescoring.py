"""What a participant's re-score pages read: for the round's open pass, each factor being re-scored with
its statements, the participant's own earlier answers, the room's spread before this pass and whether
they have re-scored or kept it. The spread is counts of people per level and the median: never anyone
else's individual answer. And what the facilitator's control reads: how many people have re-scored,
kept or still have to do each factor of the open pass.

Who is asked: a participant is asked to re-score a factor when they answered at least one of its
statements before the pass; someone who joined but never answered is not asked."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

from assessment.framework import Framework, Statement
from assessment.models import ItemKind
from assessment.passes import effective_answers
from assessment.scoring import score_answers
from assessment.storage import Store

LEVELS = range(5)  # the 0-4 scale of the success factors' statements
TO_DO, RESCORED, KEPT = "to do", "re-scored", "kept"


@dataclass(frozen=True)
class RoomSpread:
    """How the room scored a factor before a pass: how many people's factor scores are at each level 0-4
    (each score rounded to the nearest level, a half up) and the median of the scores (None: no scores)."""

    counts: tuple[int, int, int, int, int]
    median: float | None

    @property
    def people(self) -> int:
        """How many people have a score for the factor."""
        return sum(self.counts)


@dataclass(frozen=True)
class FactorToRescore:
    """One factor of the open pass, as one participant sees it."""

    factor_id: str
    name: str
    statements: tuple[Statement, ...]
    earlier: dict[str, int | None]  # statement id -> their answer before this pass (None: don't know)
    answers: dict[str, int | None]  # statement id -> their answer in this pass so far
    room: RoomSpread
    status: str  # TO_DO, RESCORED (an answer differs from before) or KEPT

    @property
    def done(self) -> bool:
        """True once they have re-scored the factor or kept their answer."""
        return self.status != TO_DO

    @property
    def asked(self) -> bool:
        """True when they are asked to re-score the factor (see the top of this module)."""
        return bool(self.earlier)


@dataclass(frozen=True)
class RescoreView:
    """A participant's open pass: its number (2, 3 or 4) and its factors in the order chosen."""

    round_id: int
    number: int
    factors: tuple[FactorToRescore, ...]

    @property
    def done(self) -> int:
        """How many of the pass's factors they have re-scored or kept."""
        return sum(factor.done for factor in self.factors)

    @property
    def asked(self) -> tuple[FactorToRescore, ...]:
        """The pass's factors they are asked to re-score, in the order chosen (empty: none)."""
        return tuple(factor for factor in self.factors if factor.asked)

    @property
    def first_to_do(self) -> int:
        """Where someone coming back to the pass starts: the index in `asked` of the first factor they
        have neither re-scored nor kept, or len(asked) (the page saying it is saved) when all are done."""
        return next((i for i, factor in enumerate(self.asked) if not factor.done), len(self.asked))


@dataclass(frozen=True)
class FactorProgress:
    """How far the room has got with one factor of the open pass: how many people are asked to re-score
    it, and how many of them have re-scored it or kept their answer."""

    factor_id: str
    name: str
    asked: int
    rescored: int
    kept: int

    @property
    def to_do(self) -> int:
        """How many of the people asked have neither re-scored the factor nor kept their answer yet."""
        return self.asked - self.rescored - self.kept


@dataclass(frozen=True)
class PassProgress:
    """The round's open pass (2, 3 or 4) and each of its factors' progress, in the order chosen."""

    number: int
    factors: tuple[FactorProgress, ...]


def room_spread(
    store: Store, framework: Framework, round_id: int, number: int, answers: pd.DataFrame | None = None
) -> dict[str, RoomSpread]:
    """Per factor of the framework, the room's spread as the answers stood before pass `number` (the
    answers the room discussed): the same for every participant, so a page may keep it for the pass.
    answers: the round's answers before the pass (_answers_before), when already read."""
    answers = _answers_before(store, round_id, number) if answers is None else answers
    scores = score_answers(answers, framework)
    people = scores.respondent_scores.dropna(subset=["score"])
    levels = np.floor(people["score"].to_numpy(dtype=float) + 0.5).astype(int)
    counts = pd.crosstab(people["factor_id"].astype(str).to_numpy(), levels).reindex(columns=LEVELS, fill_value=0)
    medians = scores.factors["median"].droplevel("round_id") if len(scores.factors) else pd.Series(dtype=float)
    spread = {}
    for factor in framework.factors:
        row = counts.loc[factor.id] if factor.id in counts.index else [0] * len(LEVELS)
        median = medians.get(factor.id)
        spread[factor.id] = RoomSpread(
            tuple(int(count) for count in row), None if median is None or pd.isna(median) else float(median)
        )
    return spread


def rescore_view(
    store: Store, framework: Framework, participant_id: int, room: dict[str, RoomSpread] | None = None
) -> RescoreView | None:
    """The participant's view of their round's open pass, or None when no pass is open. room: room_spread
    of the pass, when the caller keeps it."""
    participant = store.responses.get_participant(participant_id)
    current = store.rescores.current(participant.round_id)
    if current is None:
        return None
    # Given the room's spread, only the participant's own answers are needed: read just those.
    mine_only = None if room is None else [participant_id]
    answers = _answers_before(store, participant.round_id, current.number, mine_only)
    room = room or room_spread(store, framework, participant.round_id, current.number, answers)
    own = answers[(answers["participant_id"] == participant_id) & (answers["kind"] == ItemKind.STATEMENT.value)]
    earlier = {
        item_id: None if pd.isna(value) else int(value)
        for item_id, value in zip(own["item_id"], own["value"], strict=True)
    }
    given = {
        item_id: a.value for (_kind, item_id), a in store.rescores.answers_of(participant_id, current.number).items()
    }
    known = {factor.id: factor for factor in framework.factors}
    factors = []
    for factor_id in current.factor_ids:
        ids = current.statements.get(factor_id, ())
        factor = known.get(factor_id)
        mine = {item_id: given[item_id] for item_id in ids if item_id in given}
        before = {item_id: earlier[item_id] for item_id in ids if item_id in earlier}
        factors.append(
            FactorToRescore(
                factor_id=factor_id,
                name=factor.name if factor else factor_id,
                statements=tuple(s for s in factor.statements if s.id in ids) if factor else (),
                earlier=before,
                answers=mine,
                room=room.get(factor_id, RoomSpread((0,) * len(LEVELS), None)),
                status=_status(before, mine),
            )
        )
    return RescoreView(participant.round_id, current.number, tuple(factors))


def rescore_progress(store: Store, framework: Framework, round_id: int) -> PassProgress | None:
    """The progress of the round's open pass, factor by factor, or None when no pass is open. A person's
    factor counts as re-scored or kept as in their RescoreView (FactorToRescore.status)."""
    current = store.rescores.current(round_id)
    if current is None:
        return None
    rescored = store.rescores.answers_frame([round_id])
    before = effective_answers(store.responses.answers_frame([round_id]), rescored, upto=current.number - 1)
    factor_of = {item_id: factor_id for factor_id, ids in current.statements.items() for item_id in ids}
    statement = ItemKind.STATEMENT.value
    before = before[(before["kind"] == statement) & before["item_id"].isin(factor_of)]
    before = before.assign(factor_id=before["item_id"].map(factor_of))
    given = rescored[(rescored["number"] == current.number) & (rescored["kind"] == statement)]
    given = given[["participant_id", "item_id", "value"]].merge(
        before[["participant_id", "item_id", "value"]],
        on=["participant_id", "item_id"],
        how="left",
        suffixes=("", "_before"),
        indicator=True,
    )
    same = (given["_merge"] == "both") & (
        (given["value"] == given["value_before"]) | (given["value"].isna() & given["value_before"].isna())
    )
    given = given.assign(factor_id=given["item_id"].map(factor_of), same=same)
    kept = given.groupby(["participant_id", "factor_id"])["same"].all().rename("kept").reset_index()
    asked = before[["participant_id", "factor_id"]].drop_duplicates().merge(kept, how="left")
    names = {factor.id: factor.name for factor in framework.factors}
    factors = []
    for factor_id in current.factor_ids:
        mine = asked[asked["factor_id"] == factor_id]["kept"]
        factors.append(
            FactorProgress(
                factor_id=factor_id,
                name=names.get(factor_id, factor_id),
                asked=len(mine),
                rescored=int((mine == False).sum()),  # noqa: E712 - NaN (to do) is neither
                kept=int((mine == True).sum()),  # noqa: E712
            )
        )
    return PassProgress(current.number, tuple(factors))


def _status(before: dict[str, int | None], mine: dict[str, int | None]) -> str:
    """TO_DO with no answer in the pass yet, KEPT when every answer in it is the one given before."""
    if not mine:
        return TO_DO
    missing = object()
    return KEPT if all(before.get(item_id, missing) == value for item_id, value in mine.items()) else RESCORED


def _answers_before(store: Store, round_id: int, number: int, participant_ids: list[int] | None = None) -> pd.DataFrame:
    """The round's answers (only these participants' when given) as they stood before pass `number`
    (passes.effective_answers)."""
    rescored = store.rescores.answers_frame([round_id], participant_ids)
    return effective_answers(store.responses.answers_frame([round_id], participant_ids), rescored, upto=number - 1)
