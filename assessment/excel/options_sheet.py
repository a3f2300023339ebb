"""The Options sheet of the results workbook, and the recommendation its Summary and Compare sheets give.

Every appraisal number comes from assessment.appraisal.appraise_round, as on the Options page: the weights
(the round's saved weights, else the framework's), the Board's scores and the room's medians, weighted
scores, ranks, the sensitivity of the ranking to each weight, the hybrid options and the plain-words
recommendation. Nothing is recomputed here.

Which scores the recommendation rests on: the Board's when the Board has scored any option, otherwise the
room's medians when participants scored. With no appraisal scores at all (or none that can rank an option)
the workbook says so plainly and falls back to readiness: the option furthest along the continuum whose
success-factor prerequisites are all met, labelled "readiness only".
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass

import pandas as pd

from assessment.appraisal import RoundAppraisal, WeightSensitivity, appraise_round, ranked
from assessment.excel.cells import PERCENT_FORMAT, SCORE_FORMAT, STAGE_FORMAT, Column, SheetWriter, TableBlock
from assessment.framework import Framework
from assessment.scoring import OptionAssessment, RoundResult
from assessment.storage import Store

BOARD, ROOM = "board", "room"
READINESS_ONLY = "Readiness only (not an appraisal)"
WHOLE_FORMAT = "0"
# One set of column widths serves every table of the sheet (a sheet has one width per column): names in
# A, the criteria of the score grids in B to G, weighted score, rank and tie in H to J, notes in K.
SHEET_WIDTHS = (36, 20, 14, 14, 24, 14, 14, 13, 11, 11, 44)


@dataclass
class RoundOptions:
    """One round's appraisal as the workbook shows it: ranked on the Board's scores, and on the room's
    medians when participants scored; saved holds the weights saved for the round (empty: defaults)."""

    board: RoundAppraisal
    room: RoundAppraisal | None
    saved: dict[str, float]

    @property
    def ranking(self) -> RoundAppraisal | None:
        """The appraisal the recommendation rests on (see the module's docstring); None when nobody
        has scored the options."""
        if self.board.board.notna().any().any():
            return self.board
        return self.room


def round_options(store: Store, framework: Framework, round_id: int) -> RoundOptions:
    """The round's appraisal on the Board's scores and, when participants scored, on the room's."""
    board = appraise_round(store, framework, round_id, BOARD)
    room = appraise_round(store, framework, round_id, ROOM) if board.participants_scoring else None
    return RoundOptions(board, room, store.appraisal.weights(round_id))


def has_appraisal_scores(store: Store, round_id: int) -> bool:
    """True when anyone (the Board or a participant) has scored the round's options."""
    return not store.appraisal.scores_frame(round_id).empty


# -- the recommendation ----------------------------------------------------------------------------


@dataclass(frozen=True)
class Verdict:
    """What the workbook recommends for a round: the option (or the tie), what it rests on, and the
    Summary's label / value rows that explain it."""

    option: str
    basis: str
    rows: list[tuple[str, object]]


def readiest_option(result: RoundResult, framework: Framework) -> tuple[str, str]:
    """The readiness fallback: the option furthest along the continuum whose success-factor
    prerequisites are all met, and why (the status quo when no other option is ready)."""
    ready = [o for o in result.options if o.readiness >= 1.0]
    best = max(ready, key=lambda o: o.stage or 0)
    if best.stage is None:
        return best.name, "No other option has all the success-factor scores it needs yet."
    step = "" if best.gap is None else f" It is a step change of {best.gap:.1f} stages from today's position."
    return best.name, f"It is the furthest option whose success-factor prerequisites are all met.{step}"


def verdict(options: RoundOptions | None, result: RoundResult, framework: Framework) -> Verdict:
    """The recommendation from the round's appraisal, or the labelled readiness fallback when there is
    no appraisal that ranks an option."""
    appraisal = options.ranking if options else None
    if appraisal is None:
        return _fallback(
            "Nobody has scored the options against the appraisal criteria for this round.", result, framework
        )
    if appraisal.error:
        return _fallback(f"The weighted appraisal cannot rank the options: {appraisal.error}", result, framework)
    advice = appraisal.advice
    order = ranked(appraisal.table)
    if not order:
        return _fallback(f"{advice.headline} {' '.join(advice.caveats)}", result, framework)
    names = appraisal.names
    leaders = [names[o] for o in order if appraisal.table.loc[o, "rank"] == 1]
    basis = _basis(appraisal)
    rows: list[tuple[str, object]] = [
        ("Recommended option", " and ".join(leaders) if len(leaders) == 1 else "A tie: " + " and ".join(leaders)),
        ("Recommendation", advice.headline),
        ("Based on", f"{basis}, weighted as below."),
    ]
    rows += _listed("Why", advice.reasons)
    rows += _listed("What to weigh before deciding", advice.caveats)
    rows += [
        ("Weights it rests on", advice.weights.removeprefix("Weights: ")),
        ("Weights from", weights_source(options.saved, framework)),
    ]
    return Verdict(rows[0][1], basis, rows)


def _basis(appraisal: RoundAppraisal) -> str:
    if appraisal.source == ROOM:
        return f"The room's median scores ({appraisal.participants_scoring} participants scored; the Board has not)"
    return "The Board's scores"


def _fallback(reason: str, result: RoundResult, framework: Framework) -> Verdict:
    name, why = readiest_option(result, framework)
    rows = [
        ("Recommended option", "None from an appraisal yet"),
        ("Appraisal", reason),
        (READINESS_ONLY, name),
        ("Why (readiness only)", why),
    ]
    return Verdict(f"{name} (readiness only)", "Readiness only: no appraisal ranks the options", rows)


def _listed(label: str, lines: Iterable[str]) -> list[tuple[str, object]]:
    """Label on the first line only, one line per item."""
    return [(label if i == 0 else "", line) for i, line in enumerate(lines)]


def weights_source(saved: Mapping[str, float], framework: Framework) -> str:
    """Where the weights come from, in words."""
    ids = {c.id for c in framework.criteria}
    if not ids & saved.keys():
        return "The framework's suggested weights (none are saved for this round)."
    if ids <= saved.keys():
        return "The weights saved for this round."
    return "The weights saved for this round, and the framework's suggested weight where none is saved."


# -- the Options sheet -----------------------------------------------------------------------------


def write_options(sheet: SheetWriter, framework: Framework, options: RoundOptions) -> None:
    """Readiness and step change, hybrids, weights, the score grids with weighted scores and ranks, and
    the sensitivity of the ranking, one table after another."""
    board = options.board
    if board.unusable:
        sheet.note(
            "Hybrids left out because they choose an option this framework version no longer has: "
            + ", ".join(board.unusable)
        )
    sheet.blank()
    _readiness(sheet, framework, board)
    if board.hybrids:
        sheet.blank()
        _hybrids(sheet, framework, board)
    sheet.blank()
    _weights(sheet, framework, options)
    if board.error:
        sheet.note(board.error)
    sheet.blank()
    if options.ranking is None:
        sheet.subtitle("The weighted appraisal")
        sheet.note(
            "Nobody has scored the options against these criteria for this round, so there is no ranking yet. "
            "The Summary sheet falls back to readiness alone, and says so."
        )
        return
    if board.board.notna().any().any():
        _grid(sheet, framework, board, "BoardScores", "The Board's scores (0 very poor to 4 very good)", WHOLE_FORMAT)
    else:
        sheet.subtitle("The Board's scores")
        sheet.note("The Board has not scored the options for this round; the ranking below uses the room's scores.")
    if options.room is not None:
        sheet.blank()
        _grid(
            sheet,
            framework,
            options.room,
            "RoomScores",
            f"The room's scores: median of the {options.room.participants_scoring} participants who scored",
            STAGE_FORMAT,
        )
    ranking = options.ranking
    if ranking is not None and ranking.sensitivities and len(ranked(ranking.table)) >= 2:
        sheet.blank()
        _sensitivity(sheet, framework, ranking)


def _short(appraisal: RoundAppraisal, framework: Framework, option_id: str) -> str:
    """'Option 2' for a framework option; a hybrid's own name (as on the Options page)."""
    name = appraisal.names[option_id]
    return name.split(":")[0] if option_id in {o.id for o in framework.options} else name


def _stage_text(framework: Framework, stage: int | None) -> str:
    return "Where the partnership is now" if stage is None else f"{stage} {framework.stage(stage).name}"


def _shortfalls(framework: Framework, assessment: OptionAssessment) -> str:
    return (
        "; ".join(
            f"{framework.factor(f).short_name} (needs {need:g}, has {'-' if have is None else f'{have:.1f}'})"
            for f, need, have in assessment.shortfalls
        )
        or "None"
    )


def _readiness_columns(stage_heading: str) -> list[Column]:
    """The columns of an option's stage, step change and readiness (see _readiness_cells)."""
    return [
        Column(stage_heading, wrap=True),
        Column("Step change (stages)", number_format=STAGE_FORMAT),
        Column("Prerequisites met", number_format=PERCENT_FORMAT),
        Column("Factors below what it needs", wrap=True),
    ]


def _readiness_cells(framework: Framework, assessment: OptionAssessment) -> list:
    """An option's stage, step change, share of prerequisites met and the factors below what it needs."""
    return [
        _stage_text(framework, assessment.stage),
        assessment.gap,
        assessment.readiness,
        _shortfalls(framework, assessment),
    ]


def _readiness(sheet: SheetWriter, framework: Framework, appraisal: RoundAppraisal) -> None:
    hybrid_ids = {h.option_id for h in appraisal.hybrids}
    columns = [
        Column("Option", wrap=True),
        *_readiness_columns("Stage name"),
        Column("Kind", wrap=True),
        Column("Option ID"),
    ]
    rows = [
        [
            option.name,
            *_readiness_cells(framework, appraisal.assessments[option.id]),
            "Hybrid (mix and match)" if option.id in hybrid_ids else "Framework option",
            option.id,
        ]
        for option in appraisal.options
    ]
    sheet.table(
        TableBlock(
            name="OptionReadiness",
            title="Readiness and step change",
            note="Step change: how many continuum stages the option lies beyond today's position. Prerequisites "
            "met: the share of the success-factor levels the option needs that the room's medians reach.",
            columns=_fit(columns),
            rows=rows,
            colour_scales={"Prerequisites met": (0, 1)},
        )
    )


def _hybrids(sheet: SheetWriter, framework: Framework, appraisal: RoundAppraisal) -> None:
    columns = [
        Column("Hybrid option", wrap=True),
        *_readiness_columns("Implied stage"),
        *[Column(d.name, wrap=True) for d in framework.dimensions],
    ]
    rows = [
        [
            hybrid.name,
            *_readiness_cells(framework, appraisal.assessments[hybrid.option_id]),
            *[framework.option(hybrid.choices[d.id]).name.split(":")[0] for d in framework.dimensions],
        ]
        for hybrid in appraisal.hybrids
    ]
    sheet.table(
        TableBlock(
            name="HybridOptions",
            title="Mix and match: the hybrid options saved with this round",
            note="Each dimension names the option whose arrangement the hybrid adopts. Its stage is the median of "
            "the chosen arrangements' stages; it needs every chosen option's success factors.",
            columns=_fit(columns),
            rows=rows,
            colour_scales={"Prerequisites met": (0, 1)},
        )
    )


def _weights(sheet: SheetWriter, framework: Framework, options: RoundOptions) -> None:
    weights = options.board.weights
    total = sum(weights.values())
    columns = [
        Column("Criterion", wrap=True),
        Column("Weight (0 to 100)"),
        Column("Share of the total", number_format=PERCENT_FORMAT),
        Column("Weight from", wrap=True),
        Column("What a high score means", wrap=True),
    ]
    rows = [
        [
            c.name,
            weights[c.id],
            weights[c.id] / total if total else None,
            "Saved for this round" if c.id in options.saved else "Framework's suggestion",
            c.description,
        ]
        for c in framework.criteria
    ]
    sheet.table(
        TableBlock(
            name="AppraisalWeights",
            title="Appraisal criteria and their weights",
            note=weights_source(options.saved, framework) + " Only the proportions matter: a criterion's share "
            "is its weight divided by the total.",
            columns=_fit(columns),
            rows=rows,
        )
    )


def _grid(
    sheet: SheetWriter, framework: Framework, appraisal: RoundAppraisal, name: str, title: str, score_format: str
) -> None:
    """Options by criteria with the weighted score (0-4), rank and tie, from the appraisal's own table."""
    criteria = [Column(c.name, number_format=score_format, wrap=True) for c in framework.criteria]
    columns = [
        Column("Option", wrap=True),
        *criteria,
        Column("Weighted score (0-4)", number_format=SCORE_FORMAT),
        Column("Rank"),
        Column("Tied"),
        Column("Notes", wrap=True),
    ]
    table = appraisal.table
    rows = []
    for option_id in appraisal.matrix.index:
        scores = [appraisal.matrix.loc[option_id, c.id] for c in framework.criteria]
        if table is None:
            rows.append([appraisal.names[option_id], *scores, None, None, "", ""])
            continue
        rank = table.loc[option_id, "rank"]
        rows.append(
            [
                appraisal.names[option_id],
                *scores,
                table.loc[option_id, "score"],
                None if pd.isna(rank) else int(rank),
                "Yes" if table.loc[option_id, "tied"] else "",
                _notes(framework, appraisal, option_id),
            ]
        )
    note = (
        "Each option's weighted score is the weighted average of its scores, so it also runs from 0 to 4. "
        "Rank 1 is the best; options with equal scores share a rank. Darker blue means a higher score."
    )
    sheet.table(
        TableBlock(
            name=name,
            title=title,
            note=note,
            columns=_fit(columns),
            rows=rows,
            colour_scales={c.header: (0, 4) for c in criteria} | {"Weighted score (0-4)": (0, 4)},
        )
    )


def _notes(framework: Framework, appraisal: RoundAppraisal, option_id: str) -> str:
    """Why an option is not ranked, and where the room is split on it."""
    criterion_names = {c.id: c.name for c in framework.criteria}
    notes = []
    missing = appraisal.table.loc[option_id, "missing"]
    score = "median" if appraisal.source == ROOM else "score"
    if missing and appraisal.matrix.loc[option_id].isna().all():
        notes.append(f"Not ranked: no {score} yet")
    elif missing:
        notes.append(f"Not ranked: no {score} on " + ", ".join(criterion_names[c] for c in missing))
    if appraisal.source == ROOM and not appraisal.room_detail.empty:
        detail = appraisal.room_detail.reset_index()
        split = set(detail[(detail["option_id"] == option_id) & (detail["agreement"] == "split")]["criterion_id"])
        if split:
            notes.append("Room split on " + ", ".join(n for c, n in criterion_names.items() if c in split))
    return "; ".join(notes)


def _sensitivity(sheet: SheetWriter, framework: Framework, appraisal: RoundAppraisal) -> None:
    criterion_names = {c.id: c.name for c in framework.criteria}
    columns = [
        Column("Criterion", wrap=True),
        Column("Weight now"),
        Column("Ranking changes if lowered to", number_format=STAGE_FORMAT, wrap=True),
        Column("Ranking changes if raised to", number_format=STAGE_FORMAT, wrap=True),
        Column("First to tie", wrap=True),
        Column("Smallest move that changes the ranking", number_format=STAGE_FORMAT, wrap=True),
        Column("First place changes at", wrap=True),
    ]
    rows = [
        [
            criterion_names[item.criterion_id],
            item.weight,
            "never (holds to 0)" if item.lowest is None else item.lowest,
            "never (holds to 100)" if item.highest is None else item.highest,
            _first_to_tie(framework, appraisal, item),
            item.margin,
            ", ".join(f"{w:.1f}" for w in (item.leader_lowest, item.leader_highest) if w is not None) or "never",
        ]
        for item in appraisal.sensitivities
    ]
    source = "the Board's scores" if appraisal.source == BOARD else "the room's median scores"
    sheet.table(
        TableBlock(
            name="Sensitivity",
            title="How firm is the ranking?",
            note=f"On {source}: for each criterion, with the other weights held where they are, the range of "
            "weights over which the ranking stays exactly as it is. At either end two options tie; beyond it they swap.",
            columns=_fit(columns),
            rows=rows,
        )
    )


def _first_to_tie(framework: Framework, appraisal: RoundAppraisal, item: WeightSensitivity) -> str:
    """The two options that tie first as the weight moves the shorter way (as on the Options page)."""
    lower_first = item.lowest is not None and item.weight - item.lowest == item.margin
    pair = item.lowest_swap if lower_first else item.highest_swap
    return (
        "" if pair is None else f"{_short(appraisal, framework, pair[0])} and {_short(appraisal, framework, pair[1])}"
    )


def _fit(columns: list[Column]) -> list[Column]:
    """The columns with the sheet's widths (set once for the whole sheet)."""
    return [
        Column(c.header, SHEET_WIDTHS[min(i, len(SHEET_WIDTHS) - 1)], c.number_format, c.wrap)
        for i, c in enumerate(columns)
    ]


def sheet_columns() -> list[Column]:
    """The sheet's column widths, to set before its first row."""
    return [Column(str(i), width) for i, width in enumerate(SHEET_WIDTHS)]
