"""Validated values that cross into storage: answers, consensus records and actions.

Every write to the database goes through one of these models, so that a tampered value (a score
of 7, 2.5 or "abc") is refused before it reaches a table.
"""

from __future__ import annotations

import datetime as dt
from enum import StrEnum
from typing import Annotated, Literal

from pydantic import BaseModel, ConfigDict, Field, StrictInt, StringConstraints, field_validator, model_validator

MAX_COMMENT = 2000
MAX_NAME = 120
MAX_TITLE = 200

Comment = Annotated[str, StringConstraints(max_length=MAX_COMMENT)]


class ItemKind(StrEnum):
    """What an answer is about: a factor statement, a continuum component or a priority area."""

    STATEMENT = "statement"
    FACTOR = "factor"  # consensus only: the room's agreed score for a whole success factor
    COMPONENT = "component"
    PRIORITY = "priority"


class RoundStatus(StrEnum):
    OPEN = "open"
    CLOSED = "closed"
    FINALISED = "finalised"


FIRST_PASS = 1  # the first answers; a round's re-scoring passes are numbered 2, 3 and 4
MAX_RESCORES = 3  # re-scoring passes a round may have (the published Delphi method re-scores up to three times)


class ActionStatus(StrEnum):
    PROPOSED = "proposed"
    AGREED = "agreed"
    IN_PROGRESS = "in progress"
    DONE = "done"
    DROPPED = "dropped"


def _no_nul(value: str) -> str:
    if "\x00" in value:
        raise ValueError("text may not contain NUL characters")
    return value


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class Answer(_Strict):
    """One participant's answer to one item; value None means "don't know"."""

    kind: ItemKind
    item_id: Annotated[str, StringConstraints(min_length=1, max_length=80)]
    value: StrictInt | None = None
    comment: Comment = ""

    _check_comment = field_validator("comment")(_no_nul)

    @field_validator("kind")
    @classmethod
    def _answerable(cls, kind: ItemKind) -> ItemKind:
        if kind == ItemKind.FACTOR:
            raise ValueError("participants answer statements, components and priority areas, not whole factors")
        return kind

    @field_validator("value")
    @classmethod
    def _value_in_range(cls, value: int | None, info) -> int | None:  # noqa: ANN001
        if value is None:
            return value
        kind = info.data.get("kind")
        low, high = (0, 4) if kind == ItemKind.STATEMENT else (1, 6)
        if not low <= value <= high:
            raise ValueError(f"must be a whole number from {low} to {high} (or don't know), not {value}")
        return value


class ConsensusEntry(_Strict):
    """The room's agreed score for a factor (0-4) or stage for a component or priority area (1-6)."""

    kind: ItemKind
    item_id: Annotated[str, StringConstraints(min_length=1, max_length=80)]
    value: Annotated[float, Field(ge=0, le=6)] | None
    rationale: Comment = ""
    uncertain_reason: Comment = ""  # why the room is still uncertain: for a factor still split after re-scoring

    _check_rationale = field_validator("rationale", "uncertain_reason")(_no_nul)

    @field_validator("value")
    @classmethod
    def _value_in_range(cls, value: float | None, info) -> float | None:  # noqa: ANN001
        if value is None:
            return value
        kind = info.data.get("kind")
        low, high = (0, 4) if kind in (ItemKind.STATEMENT, ItemKind.FACTOR) else (1, 6)
        if not low <= value <= high:
            raise ValueError(f"must be from {low} to {high}, not {value}")
        return value


class ActionInput(_Strict):
    """A development-plan action as the facilitator enters it."""

    title: Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=MAX_COMMENT)]
    owner: Annotated[str, StringConstraints(max_length=MAX_NAME)] = ""
    due_on: dt.date | None = None
    status: ActionStatus = ActionStatus.PROPOSED
    factor_id: Annotated[str, StringConstraints(max_length=40)] | None = None
    component_id: Annotated[str, StringConstraints(max_length=40)] | None = None
    rule_id: Annotated[str, StringConstraints(max_length=40)] | None = None
    step_id: Annotated[str, StringConstraints(max_length=40)] | None = None  # an implementation step's id
    depends_on: tuple[Annotated[str, StringConstraints(min_length=1, max_length=40)], ...] = ()  # rule or step ids
    priority: Annotated[int, Field(ge=1, le=999)] | None = None  # its place in the proposed list

    _check_title = field_validator("title", "owner")(_no_nul)


class RatificationStatus(StrEnum):
    """Where a body that must ratify a Board's decision has got to."""

    PENDING = "pending"
    RATIFIED = "ratified"
    DEFERRED = "deferred"
    REFUSED = "refused"


# The bodies that usually ratify a partnership Board's decision: the papers' council cabinet and NHS board.
DEFAULT_RATIFIERS = ("Council cabinet", "NHS board (ICB)")
MAX_RATIFIERS = 12


class Ratification(_Strict):
    """A body that must ratify the decision (a council cabinet, an NHS board), with its status and date."""

    body: Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=MAX_NAME)]
    status: RatificationStatus = RatificationStatus.PENDING
    on: dt.date | None = None  # when the body ratified, deferred or refused it

    _check_body = field_validator("body")(_no_nul)


class DecisionInput(_Strict):
    """What the Board decided about a round's structural options, as it is recorded."""

    option_id: Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=40)]
    decided_on: dt.date
    meeting: Annotated[str, StringConstraints(strip_whitespace=True, max_length=MAX_TITLE)] = ""
    resolution: Annotated[str, StringConstraints(strip_whitespace=True, max_length=MAX_COMMENT)] = ""
    conditions: Annotated[str, StringConstraints(strip_whitespace=True, max_length=MAX_COMMENT)] = ""
    ratifications: Annotated[tuple[Ratification, ...], Field(max_length=MAX_RATIFIERS)] = ()

    _check_text = field_validator("meeting", "resolution", "conditions")(_no_nul)

    @field_validator("ratifications")
    @classmethod
    def _bodies_once(cls, ratifications: tuple[Ratification, ...]) -> tuple[Ratification, ...]:
        seen: set[str] = set()
        for r in ratifications:
            if r.body.casefold() in seen:
                raise ValueError(f"{r.body!r} is listed twice among the bodies that must ratify")
            seen.add(r.body.casefold())
        return ratifications


class AreaName(_Strict):
    name: Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=MAX_NAME)]

    _check_name = field_validator("name")(_no_nul)


DEFAULT_BOARD = "the partnership board"  # whom a Board paper goes to when its round names no Board


class RoundInput(_Strict):
    """What a facilitator gives to open a round."""

    area: Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=MAX_NAME)]
    held_on: dt.date
    title: Annotated[str, StringConstraints(strip_whitespace=True, max_length=MAX_TITLE)] = ""
    priority_areas: tuple[Annotated[str, StringConstraints(min_length=1, max_length=80)], ...] = ()
    pin: Annotated[str, StringConstraints(min_length=4, max_length=64)] | None = None
    # The Board the round's paper goes to, such as "Health and Wellbeing Board"; "" for the paper's default.
    board: Annotated[str, StringConstraints(strip_whitespace=True, max_length=MAX_TITLE)] = ""
    # Whether the partnership has an executive group doing the Board's executive work; None: not asked.
    has_executive: bool | None = None

    _check_text = field_validator("area", "title", "board")(_no_nul)


# -- options appraisal -------------------------------------------------------------------------------

APPRAISAL_MIN = 0
APPRAISAL_MAX = 4
MAX_WEIGHT = 100.0

OptionKey = Annotated[str, StringConstraints(pattern=r"^[a-z0-9][a-z0-9_]*$", max_length=40)]
DimensionId = Literal[
    "governance",
    "commissioner_provider",
    "lead_commissioner",
    "commissioning_officers",
    "commissioning_support",
]


class CriterionWeight(_Strict):
    """How much one appraisal criterion counts: 0 (ignored) to 100 points."""

    criterion_id: OptionKey
    weight: Annotated[float, Field(ge=0, le=MAX_WEIGHT, allow_inf_nan=False)]


class AppraisalScore(_Strict):
    """One score of one option (or hybrid) against one criterion: 0 (very poor) to 4 (very good);
    None clears a score."""

    option_id: OptionKey
    criterion_id: OptionKey
    value: Annotated[StrictInt, Field(ge=APPRAISAL_MIN, le=APPRAISAL_MAX)] | None


class HybridInput(_Strict):
    """A 'mix and match' option: for each of the five dimensions, which option's arrangement to adopt."""

    name: Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=80)]
    choices: dict[DimensionId, OptionKey]

    _check_name = field_validator("name")(_no_nul)

    @field_validator("choices")
    @classmethod
    def _every_dimension_chosen(cls, choices: dict[str, str]) -> dict[str, str]:
        missing = [d for d in DimensionId.__args__ if d not in choices]
        if missing:
            raise ValueError(f"choose an option for every dimension; missing {missing}")
        return choices


# -- costs and resources -----------------------------------------------------------------------------

# Upper bounds that catch a slipped digit: far above what changing a partnership's commissioning
# costs, and small enough that no sum of them overflows a column or a spreadsheet cell.
MAX_POUNDS = 50_000_000
MAX_POSTS = 500.0

Pounds = Annotated[int, Field(ge=0, le=MAX_POUNDS)]
Posts = Annotated[float, Field(ge=0, le=MAX_POSTS, allow_inf_nan=False)]
COST_RANGES = ("one_off", "recurring", "posts")  # each a low and a high field: <name>_low, <name>_high
COST_FIGURES = tuple(f"{name}_{end}" for name in COST_RANGES for end in ("low", "high"))


class CostEstimate(_Strict):
    """A partnership's own estimate of what one option (or hybrid) would cost: a one-off cost and a cost a
    year in whole pounds and the posts it needs (full-time equivalents), each a range from low to high,
    and a note. A range given by one figure is that figure at both ends; a range not given is None."""

    option_id: OptionKey
    one_off_low: Pounds | None = None
    one_off_high: Pounds | None = None
    recurring_low: Pounds | None = None
    recurring_high: Pounds | None = None
    posts_low: Posts | None = None
    posts_high: Posts | None = None
    note: Comment = ""

    _check_note = field_validator("note")(_no_nul)

    @model_validator(mode="before")
    @classmethod
    def _one_figure_is_both_ends(cls, values: object) -> object:
        if not isinstance(values, dict):
            return values
        values = dict(values)
        for name in COST_RANGES:
            low, high = values.get(f"{name}_low"), values.get(f"{name}_high")
            if (low is None) != (high is None):
                values[f"{name}_low"] = values[f"{name}_high"] = high if low is None else low
        return values

    @field_validator("one_off_high", "recurring_high", "posts_high")
    @classmethod
    def _high_not_below_low(cls, high: float | None, info) -> float | None:  # noqa: ANN001
        low = info.data.get(info.field_name.replace("_high", "_low"))
        if high is not None and low is not None and high < low:
            raise ValueError("the low figure is above the high figure")
        return high

    @property
    def empty(self) -> bool:
        """True when the estimate gives no figure and no note (saving it removes the estimate)."""
        return all(getattr(self, name) is None for name in COST_FIGURES) and not self.note.strip()
