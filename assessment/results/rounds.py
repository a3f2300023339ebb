"""The programme's areas and rounds, and the rules about which round is which.

Rules:

* Rounds are in the order they were held: by date, and two rounds of one area on the same day by the
  order they were opened (their id), so the one opened later counts as the later round.
* The previous round of a round is the same area's round just before it in that order, whatever its
  status.
* An area's latest finalised round is its last finalised round in that order; it is the round other
  areas are compared with, and the one the comparison of areas shows (within a period, when one is
  chosen: held from its first to its last day).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass, field

import pandas as pd

from assessment.models import RoundStatus
from assessment.storage import AreaRow, NotFound, RoundRow, Store

COLUMNS = ["round_id", "area_id", "area", "held_on", "status", "title", "framework_version", "updated_at"]
ORDER = ["held_on", "round_id"]  # the order rounds were held in (see the rules above)


def rounds_table(rows: Sequence[RoundRow]) -> pd.DataFrame:
    """Rounds as a table: round_id, area_id, area, held_on, status (its value), title, framework_version
    and updated_at, in the order given."""
    return pd.DataFrame(
        {
            "round_id": [r.id for r in rows],
            "area_id": [r.area_id for r in rows],
            "area": [r.area_name for r in rows],
            "held_on": [r.held_on for r in rows],
            "status": [r.status.value for r in rows],
            "title": [r.title for r in rows],
            "framework_version": [r.framework_version for r in rows],
            "updated_at": [r.updated_at for r in rows],
        },
        columns=COLUMNS,
    )


def previous_round_id(rounds: pd.DataFrame, round_id: int) -> int | None:
    """THE RULE for the previous round (see the top of this module): the same area's round just before
    this one by date, then by id; None when it is the area's first."""
    this = rounds.loc[rounds["round_id"] == round_id].iloc[0]
    same_area = rounds[rounds["area_id"] == this["area_id"]]
    earlier = same_area[
        (same_area["held_on"] < this["held_on"])
        | ((same_area["held_on"] == this["held_on"]) & (same_area["round_id"] < round_id))
    ]
    if earlier.empty:
        return None
    return int(earlier.sort_values(ORDER)["round_id"].iloc[-1])


def previous_round(store: Store, round_row: RoundRow) -> RoundRow | None:
    """The area's round before this one (previous_round_id's rule), read now; None for its first."""
    rows = store.rounds.list_rounds(round_row.area_id)
    previous = previous_round_id(rounds_table(rows), round_row.id)
    return next((r for r in rows if r.id == previous), None)


def latest_finalised(rounds: pd.DataFrame, start: dt.date | None = None, end: dt.date | None = None) -> pd.DataFrame:
    """THE RULE for an area's latest finalised round (see the top of this module): one row of rounds per
    area that has one, held from start to end when they are given."""
    window = rounds[rounds["status"] == RoundStatus.FINALISED.value]
    if start is not None:
        window = window[window["held_on"] >= start]
    if end is not None:
        window = window[window["held_on"] <= end]
    return window.sort_values(["area_id", *ORDER]).groupby("area_id").tail(1)


@dataclass(frozen=True)
class Rounds:
    """Every area and round of the programme as read at one moment (read-only)."""

    areas: tuple[AreaRow, ...]  # in name order
    rows: tuple[RoundRow, ...]  # by area name, then in the order held
    frame: pd.DataFrame = field(compare=False)  # rounds_table of rows

    def of_area(self, area_id: int) -> list[RoundRow]:
        """The area's rounds in the order they were held."""
        return [r for r in self.rows if r.area_id == area_id]

    def get(self, round_id: int) -> RoundRow:
        """The round with this id; NotFound otherwise."""
        for row in self.rows:
            if row.id == round_id:
                return row
        raise NotFound(f"no round with id {round_id}")

    def previous(self, round_id: int) -> RoundRow | None:
        """The round before this one (previous_round_id)."""
        previous = previous_round_id(self.frame, round_id)
        return None if previous is None else self.get(previous)

    def finalised_ids(self) -> list[int]:
        """Every finalised round's id."""
        return [r.id for r in self.rows if r.status == RoundStatus.FINALISED]

    def finalised_areas(self) -> dict[int, str]:
        """Area id -> name of every area with a finalised round, in name order."""
        final = {r.area_id for r in self.rows if r.status == RoundStatus.FINALISED}
        return {a.id: a.name for a in self.areas if a.id in final}

    def held_between(self) -> tuple[dt.date, dt.date] | None:
        """The first and last date a finalised round was held; None when no round is finalised."""
        dates = [r.held_on for r in self.rows if r.status == RoundStatus.FINALISED]
        return (min(dates), max(dates)) if dates else None

    def peer_ids(self, area_id: int) -> list[int]:
        """The latest finalised round of every other area: what an area is compared with."""
        latest = latest_finalised(self.frame)
        return [int(r) for r in latest.loc[latest["area_id"] != area_id, "round_id"]]


def read_rounds(store: Store) -> Rounds:
    """Every area and round, read now."""
    rows = tuple(store.rounds.list_rounds())
    return Rounds(tuple(store.rounds.list_areas()), rows, rounds_table(rows))


def resolve_round(store: Store, area_name: str, round_ref: str | int | None = None) -> RoundRow:
    """The round of an area named by id or date (YYYY-MM-DD; the later round of that day if two share
    it); its latest round when round_ref is None. NotFound names the area's rounds."""
    area = store.rounds.find_area(area_name)
    rounds = store.rounds.list_rounds(area.id)
    if not rounds:
        raise NotFound(f"area {area.name!r} has no rounds yet")
    if round_ref is None:
        return rounds[-1]
    ref = str(round_ref).strip()
    for row in reversed(rounds):
        if ref == str(row.id) or ref == row.held_on.isoformat():
            return row
    raise NotFound(
        f"area {area.name!r} has no round {ref!r}; its rounds are "
        + ", ".join(f"{r.id} ({r.held_on.isoformat()})" for r in rounds)
    )


def rounds_frame(store: Store) -> pd.DataFrame:
    """Every round as a table (rounds_table), read now."""
    return read_rounds(store).frame
