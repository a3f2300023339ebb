"""The Options sheet of the results workbook. Every number comes from assessment.results.options (the
round's RoundOptions, as on the Options page) and the recommendation from its one rule; nothing is
recomputed here."""

from __future__ import annotations

import pandas as pd

from assessment.appraisal import RoundAppraisal, ScoreSource, ranked
from assessment.excel.cells import PERCENT_FORMAT, SCORE_FORMAT, STAGE_FORMAT, Column, SheetWriter, TableBlock
from assessment.framework import Framework
from assessment.options_tables import COST_COLUMNS, costs_table, readiness_table, score_basis, sensitivity_table
from assessment.results.options import RoundOptions, weights_source

WHOLE_FORMAT = "0"
POUNDS_FORMAT = '"£"#,##0'
# One set of column widths serves every table of the sheet (a sheet has one width per column): names in
# A, the criteria of the score grids in B to H, weighted score, rank and tie in I to K, notes in L; the
# cost estimates' figures in B to G and their note in H.
SHEET_WIDTHS = (36, 20, 14, 14, 24, 14, 14, 24, 13, 11, 11, 44)


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
    _costs(sheet, options)
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


def _readiness_columns(stage_heading: str) -> list[Column]:
    """The columns of an option's stage, step change and readiness (options_tables.readiness_table)."""
    return [
        Column(stage_heading, wrap=True),
        Column("Step change (stages)", number_format=STAGE_FORMAT),
        Column("Prerequisites met", number_format=PERCENT_FORMAT),
        Column("Factors below what it needs", wrap=True),
    ]


READINESS_CELLS = ["Stage", "Step change (stages)", "Prerequisites met", "Below what it needs"]


def _readiness(sheet: SheetWriter, framework: Framework, appraisal: RoundAppraisal) -> None:
    table = readiness_table(framework, appraisal)
    columns = [
        Column("Option", wrap=True),
        *_readiness_columns("Stage"),
        Column("Kind", wrap=True),
        Column("Option ID"),
    ]
    sheet.table(
        TableBlock(
            name="OptionReadiness",
            title="Readiness and step change",
            note="Step change: how many continuum stages the option lies beyond today's position. Prerequisites "
            "met: the share of the success-factor levels the option needs that the factors' scores reach (the "
            "agreed score where the room recorded one, otherwise the median).",
            columns=_fit(columns),
            rows=table[["Option", *READINESS_CELLS, "Kind", "Option ID"]].itertuples(index=False, name=None),
            colour_scales={"Prerequisites met": (0, 1)},
        )
    )


def _hybrids(sheet: SheetWriter, framework: Framework, appraisal: RoundAppraisal) -> None:
    columns = [
        Column("Hybrid option", wrap=True),
        *_readiness_columns("Implied stage"),
        *[Column(d.name, wrap=True) for d in framework.dimensions],
    ]
    readiness = readiness_table(framework, appraisal).set_index("Option ID")
    rows = [
        [
            hybrid.name,
            *readiness.loc[hybrid.option_id, READINESS_CELLS].tolist(),
            *[framework.option_label(hybrid.choices[d.id]) for d in framework.dimensions],
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


def _costs(sheet: SheetWriter, options: RoundOptions) -> None:
    """The partnership's cost estimates as figures (options_tables.costs_table), one row per option."""
    table = costs_table(options.board, options.estimates)
    figures = list(COST_COLUMNS.values())
    columns = [
        Column("Option", wrap=True),
        *[Column(name, number_format=POUNDS_FORMAT if "£" in name else STAGE_FORMAT, wrap=True) for name in figures],
        Column("Note", wrap=True),
    ]
    sheet.table(
        TableBlock(
            name="CostEstimates",
            title="Costs and resources: the partnership's estimates",
            note="The partnership's own estimates for this round, each a range from low to high: the one-off cost "
            "and the cost a year in pounds, and the posts in full-time equivalents. Blank: not estimated. What "
            "each option needs in posts, legal work and support is on the Option details sheet.",
            columns=_fit(columns),
            rows=table[["Option", *figures, "Note"]].itertuples(index=False, name=None),
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
    score = "median" if appraisal.source == ScoreSource.ROOM else "score"
    if missing and appraisal.matrix.loc[option_id].isna().all():
        notes.append(f"Not ranked: no {score} yet")
    elif missing:
        notes.append(f"Not ranked: no {score} on " + ", ".join(criterion_names[c] for c in missing))
    if appraisal.source == ScoreSource.ROOM and not appraisal.room_detail.empty:
        detail = appraisal.room_detail.reset_index()
        split = set(detail[(detail["option_id"] == option_id) & (detail["agreement"] == "split")]["criterion_id"])
        if split:
            notes.append("Room split on " + ", ".join(n for c, n in criterion_names.items() if c in split))
    return "; ".join(notes)


def _sensitivity(sheet: SheetWriter, framework: Framework, appraisal: RoundAppraisal) -> None:
    table = sensitivity_table(framework, appraisal)
    formats = {
        "Ranking changes if lowered to": STAGE_FORMAT,
        "Ranking changes if raised to": STAGE_FORMAT,
        "Smallest move that changes the ranking": STAGE_FORMAT,
    }
    columns = [Column(name, number_format=formats.get(name), wrap=name != "Weight now") for name in table.columns]
    sheet.table(
        TableBlock(
            name="Sensitivity",
            title="How firm is the ranking?",
            note=f"On {score_basis(appraisal)}: for each criterion, with the other weights held where they are, the "
            "range of weights over which the ranking stays exactly as it is. At either end two options tie; beyond "
            "it they swap.",
            columns=_fit(columns),
            rows=table.itertuples(index=False, name=None),
        )
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
