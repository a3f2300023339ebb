"""The results workbook a facilitator sends to the Board: one round, or every area's latest finalised
round side by side (the programme workbook).

Sheets: About, Summary, Factor scores (with a radar chart), Re-scoring (rescoring_sheet.py; only when the room re-scored a
factor after discussion), Continuum (with a stacked bar chart),
Options (readiness and the weighted appraisal, see options_sheet.py), Option details, Development plan
(with progress on the previous round's plan) and Responses; the programme workbook has About, Compare,
Factor scores, Continuum, Development plan and Responses, each row naming its area and round date. The
About sheet lists the rounds the workbook holds, so that importing it rebuilds them (see importer.py).
"""

from __future__ import annotations

import datetime as dt
import io
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field, replace

import pandas as pd
from openpyxl import Workbook
from openpyxl.chart import BarChart, RadarChart, Reference
from openpyxl.chart.series import SeriesLabel

from assessment.agreement import rule_sentence
from assessment.anonymity import ANONYMOUS_NOTE, AreaNaming
from assessment.charts.palette import CONSENSUS as CONSENSUS_COLOUR
from assessment.charts.palette import MEDIAN, NEUTRAL, STAGE_SCALE
from assessment.dates import british_date, round_name
from assessment.disclosure import WITHHELD_MEANING, Disclosure, decide, shown_answers, small_groups_sentence
from assessment.excel.cells import (
    DATE_FORMAT,
    NO,
    PERCENT_FORMAT,
    SCORE_FORMAT,
    STAGE_FORMAT,
    YES,
    Column,
    SheetWriter,
    TableBlock,
    set_widths,
)
from assessment.excel.decision_sheet import decided, decision_sheet, decision_words
from assessment.excel.options_sheet import sheet_columns as options_sheet_columns
from assessment.excel.options_sheet import write_options
from assessment.excel.rescoring_sheet import rescored, rescoring_pairs, write_rescoring
from assessment.framework import Framework
from assessment.models import ItemKind
from assessment.passes import (
    UNCERTAIN_MEANING,
    pass_words,
)
from assessment.plan import OPEN_STATUSES, linked_to, progress
from assessment.results.area import area_dashboard
from assessment.results.decision import RoundDecision
from assessment.results.options import RoundOptions, has_appraisal_scores, recommendation, round_options
from assessment.results.plan import round_plan
from assessment.results.programme import read_programme
from assessment.results.rounds import latest_finalised, read_rounds
from assessment.results.scored import EmptyRound, latest_answers
from assessment.scoring import PERCENTILE_RULE, SCORE_RULE, RoundResult, strengths_and_gaps
from assessment.storage import ActionRow, NotFound, RoundRow, Store

WORKBOOK_TITLE = "Joint commissioning self-assessment: results"
ROUNDS_TABLE_TITLE = "Rounds in this workbook"
ROUND_COLUMNS = (
    Column("Area", 24),
    Column("Round date", 12, DATE_FORMAT),
    Column("Title", 30),
    Column("Board", 28),
    Column("Executive group", 11),
    Column("Status", 11),
    Column("Framework version", 12),
    Column("Priority area IDs", 34, wrap=True),
    Column("Participants", 12),
    Column("Illustrative", 11),
)
KIND_LABELS = {ItemKind.COMPONENT.value: "Component", ItemKind.PRIORITY.value: "Priority area"}
STATEMENT_LABEL = "Statement"
DONT_KNOW_MEANING = "Don't know"
# Columns of the Rounds table a workbook made before they were added lacks: its import reads them as empty.
OPTIONAL_ROUND_HEADERS = ("Board", "Executive group")
REBUILT_NOTE = (
    "Importing this workbook rebuilds its rounds from the Responses sheet, so a round rebuilt from it holds "
    "only the people and answers that sheet shows, not those withheld to protect small groups."
)


@dataclass
class RoundData:
    """Everything one round contributes to a workbook."""

    round: RoundRow
    result: RoundResult
    answers: pd.DataFrame  # results.latest_answers of this round: each person's latest answers
    rationales: dict[tuple[str, str], str]  # (kind, item id) -> consensus rationale
    actions: list[ActionRow]
    illustrative: bool = False
    benchmark: pd.DataFrame | None = None
    options: RoundOptions | None = None  # the options appraisal; None when not gathered (see _round_data)
    previous: RoundRow | None = None  # the same area's round before this one
    previous_actions: list[ActionRow] = field(default_factory=list)
    disclosure: Disclosure | None = None  # who the Responses sheet may show (disclosure.decide of answers)
    decision: RoundDecision | None = None  # the Board's decision on the round's options (results.decision)
    uncertain_reasons: dict[tuple[str, str], str] = field(default_factory=dict)  # why the room is still uncertain


# -- public entry points ---------------------------------------------------------------------------


def results_workbook(store: Store, framework: Framework, round_id: int) -> bytes:
    """The results workbook of one round as .xlsx bytes; EmptyRound when nobody has answered it. Its
    Responses sheet lists only what disclosure.decide shows: small groups are always protected."""
    data = _round_data(store, framework, [round_id], with_benchmark=True)[0]
    if data.result.respondents == 0:
        raise EmptyRound(
            f"round {round_id} of {data.round.area_name!r} has no answers yet, so there is nothing to export"
        )
    book = Workbook(write_only=True)
    _about(book, framework, [data], programme=False)
    _summary(book, framework, data)
    _factor_scores(book, framework, [data], programme=False)
    if rescored(data.result):
        write_rescoring(book, framework, data.result)
    _continuum(book, framework, [data], programme=False)
    _options(book, framework, data)
    decision_sheet(book, data.round, data.decision)
    _development_plan(book, framework, [data], programme=False)
    _responses(book, framework, [data], programme=False)
    return _save(book)


def programme_workbook(store: Store, framework: Framework, naming: AreaNaming | None = None) -> bytes:
    """Every area's latest finalised round side by side, as .xlsx bytes; NotFound when no round is
    finalised yet. naming (anonymity.naming_for): how the reader may see each area; None, every area by
    name. An area shown anonymously is in Compare, Factor scores and Continuum under its label, without
    its round's title, Board, rationales, options or decision, and not in About's rounds, Development
    plan or Responses (their text may name it)."""
    latest = latest_finalised(read_rounds(store).frame).sort_values("area")
    if latest.empty:
        raise NotFound("no round has been finalised yet, so there is nothing to compare")
    data = _round_data(store, framework, [int(r) for r in latest["round_id"]], with_benchmark=False)
    named = data
    if naming is not None and naming.anonymised:
        data = sorted((_as_shown(d, naming) for d in data), key=lambda d: naming.order[d.round.area_id])
        named = [d for d in data if d.round.area_id in naming.named]
    book = Workbook(write_only=True)
    _about(book, framework, named, programme=True, anonymous=len(data) - len(named))
    _compare(book, framework, data)
    _factor_scores(book, framework, data, programme=True)
    _continuum(book, framework, data, programme=True)
    _development_plan(book, framework, named, programme=True)
    _responses(book, framework, named, programme=True)
    return _save(book)


def _as_shown(data: RoundData, naming: AreaNaming) -> RoundData:
    """The round as a reader who may not name its area sees it: under its label, with nothing written
    about it in words (any of which may name it)."""
    if data.round.area_id in naming.named:
        return data
    row = replace(data.round, area_name=naming.name(data.round.area_id), title="", board="", join_code="")
    return replace(
        data,
        round=row,
        rationales={},
        actions=[],
        options=None,
        previous=None,
        previous_actions=[],
        decision=None,
        uncertain_reasons={},
    )


# -- gathering -------------------------------------------------------------------------------------


def _round_data(
    store: Store, framework: Framework, round_ids: Sequence[int], *, with_benchmark: bool
) -> list[RoundData]:
    """The rounds' data, read from the results service as the screens read it. The one-round workbook
    (with_benchmark) always carries the options appraisal; the programme workbook reads it only for rounds
    someone has scored options in, since its Compare sheet needs no more and appraising 150 unscored
    rounds would double the export's time."""
    programme = read_programme(store, framework)
    illustrative = {area.id: area.illustrative for area in programme.rounds.areas}
    gathered = []
    for round_id in round_ids:
        board = area_dashboard(store, framework, round_id, programme)
        row, result = board.round, board.result
        consensus = store.consensus.for_round(round_id)
        appraised = with_benchmark or has_appraisal_scores(store, round_id)
        plan = round_plan(store, framework, row, programme.rounds, result)
        answers = latest_answers(store, round_id)
        gathered.append(
            RoundData(
                round=row,
                result=result,
                answers=answers,
                rationales={(k.value, i): c.rationale for (k, i), c in consensus.items()},
                uncertain_reasons={(k.value, i): c.uncertain_reason for (k, i), c in consensus.items()},
                actions=plan.actions,
                illustrative=illustrative.get(row.area_id, False),
                benchmark=board.benchmark if with_benchmark else None,
                options=round_options(store, framework, round_id, result) if appraised else None,
                previous=plan.previous,
                previous_actions=plan.previous_actions,
                disclosure=decide(answers, framework),
                decision=board.decision,
            )
        )
    return gathered


def _save(book: Workbook) -> bytes:
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def _key_columns(programme: bool) -> list[Column]:
    return [Column("Area", 22), Column("Round date", 12, DATE_FORMAT)] if programme else []


def _key(data: RoundData, programme: bool) -> list[object]:
    return [data.round.area_name, data.round.held_on] if programme else []


# -- About -----------------------------------------------------------------------------------------


def _about(
    book: Workbook, framework: Framework, rounds: list[RoundData], *, programme: bool, anonymous: int = 0
) -> None:
    ws = book.create_sheet("About")
    set_widths(ws, ROUND_COLUMNS)
    sheet = SheetWriter(ws)
    sheet.title(WORKBOOK_TITLE)
    what = (
        "Every area's latest finalised round, side by side."
        if programme
        else f"{rounds[0].round.area_name}: {round_name(rounds[0].round)}."
    )
    sheet.pairs(
        [
            ("What", what),
            ("Exported", dt.datetime.now(dt.UTC).strftime("%Y-%m-%d %H:%M UTC")),
            ("Framework", f"{framework.title}, version {framework.version}"),
        ]
    )
    if any(r.illustrative for r in rounds):
        sheet.note("Areas marked illustrative are invented examples; their scores are made up.")
    if anonymous:
        sheet.note(
            f"{ANONYMOUS_NOTE} They ({anonymous}) are in Compare, Factor scores and Continuum only, and not in "
            "the rounds below: importing this workbook brings back only your areas' rounds."
        )
    sheet.blank()
    sheet.subtitle("How to read this workbook")
    for line in _reading_guide(framework, programme):
        sheet.append([line])
    sheet.blank()
    sheet.table(
        TableBlock(
            name="Rounds",
            title=ROUNDS_TABLE_TITLE,
            columns=ROUND_COLUMNS,
            rows=[
                [
                    r.round.area_name,
                    r.round.held_on,
                    r.round.title,
                    r.round.board,
                    {True: YES, False: NO}.get(r.round.has_executive, ""),
                    r.round.status.value,
                    r.round.framework_version,
                    ", ".join(r.round.priority_areas),
                    r.result.respondents,
                    YES if r.illustrative else NO,
                ]
                for r in rounds
            ],
        )
    )


def _reading_guide(framework: Framework, programme: bool) -> list[str]:
    levels = ", ".join(f"{level.value} {level.label}" for level in framework.scale.levels)
    stages = ", ".join(f"{stage.number} {stage.short_name}" for stage in framework.stages)
    guide = [
        f"Success factors are scored 0 to 4: {levels}. '{framework.scale.dont_know}' counts as no score.",
        "A participant's factor score is the mean of their answers to its statements; the room's result "
        "is the median (the middle participant), with the mean, quartiles (Q1, Q3) and their gap (IQR).",
        f"'Split': {rule_sentence(framework.agreement)} Discuss these first.",
        f"The continuum runs from stage 1 to 6: {stages}.",
        "Consensus is the score the room agreed after discussion, with the reason it gave.",
    ]
    if programme:
        guide.append("Compare puts the areas side by side; the other sheets list every area's rows.")
    else:
        guide.append(
            "Summary gives the headline and the recommended option with its reasons; Options shows how ready "
            "the partnership is for each option, the weighted appraisal that ranks them and how firm the ranking "
            "is; Development plan lists the actions and progress on the previous round's plan; Responses lists "
            "the answers by partner type, without names."
        )
    guide += [
        f"Responses: {small_groups_sentence(framework)} Where even that would let the answers of fewer than "
        f"{framework.suppression_k} people be worked out from the room's totals, more answers are left blank "
        f"('{WITHHELD_MEANING}').",
        REBUILT_NOTE,
    ]
    return guide


# -- Summary ---------------------------------------------------------------------------------------


def _summary(book: Workbook, framework: Framework, data: RoundData) -> None:
    ws = book.create_sheet("Summary")
    ws.column_dimensions["A"].width = 34
    ws.column_dimensions["B"].width = 90
    sheet = SheetWriter(ws)
    result = data.result
    sheet.title(f"{data.round.area_name}: summary")
    strengths, gaps = strengths_and_gaps(result)
    split = result.factors[result.factors["agreement"] == "split"]["name"].tolist()
    sheet.pairs(
        [
            ("Round", data.round.label),
            ("Status", data.round.status.value),
            ("Participants", result.respondents),
            ("Previous round", data.previous.label if data.previous else "None: this is the area's first round"),
            ("Where the partnership sits", result.sentence),
            ("Continuum position (1 to 6)", result.position),
            ("Strengths", "; ".join(strengths) or "Not enough answers yet"),
            ("Gaps", "; ".join(gaps) or "Not enough answers yet"),
            ("Factors where the room is split", "; ".join(split) or "None"),
            *rescoring_pairs(result),
            *recommendation(data.options, result, framework).rows,
            ("The Board's decision", decision_words(data.decision)),
        ],
        number_formats={"Continuum position (1 to 6)": STAGE_FORMAT},
        value_width=90,
    )


# -- Factor scores ---------------------------------------------------------------------------------


def _factor_columns(programme: bool) -> list[Column]:
    columns = [
        *_key_columns(programme),
        Column("Factor ID", 15),
        Column("Factor", 20),
        Column("Factor name", 44, wrap=True),
        Column("Median", 9, SCORE_FORMAT),
        Column("Mean", 9, SCORE_FORMAT),
        Column("Q1", 8, SCORE_FORMAT),
        Column("Q3", 8, SCORE_FORMAT),
        Column("IQR", 8, SCORE_FORMAT),
        Column("n", 6),
        Column("Don't know", 10, PERCENT_FORMAT),
        Column("Agreement", 11),
        Column("Consensus", 11, SCORE_FORMAT),
        Column("Consensus rationale", 40, wrap=True),
        Column("Score", 9, SCORE_FORMAT),
        Column("Score from", 10),
        Column("Answers used", 13),
        Column("Uncertain", 10),
        Column("Why still uncertain", 40, wrap=True),
    ]
    if not programme:
        columns += [
            Column("Percentile among other areas", 12),
            Column("Other areas Q1", 11, SCORE_FORMAT),
            Column("Other areas median", 11, SCORE_FORMAT),
            Column("Other areas Q3", 11, SCORE_FORMAT),
            Column("Areas compared", 10),
            Column("Previous round", 10, SCORE_FORMAT),
            Column("Change", 9, SCORE_FORMAT),
        ]
    return columns


def _factor_rows(framework: Framework, data: RoundData, programme: bool) -> Iterable[list[object]]:
    for factor in framework.factors:
        row = data.result.factors.loc[factor.id]
        values = [
            *_key(data, programme),
            factor.id,
            factor.short_name,
            factor.name,
            row["median"],
            row["mean"],
            row["q1"],
            row["q3"],
            row["iqr"],
            int(row["n"]),
            row["dont_know"],
            row["agreement"],
            row["consensus"],
            data.rationales.get((ItemKind.FACTOR.value, factor.id), ""),
            row["score"],
            row["score_source"],
            pass_words(row["pass"]),
            YES if row["uncertain"] else NO,
            data.uncertain_reasons.get((ItemKind.FACTOR.value, factor.id), ""),
        ]
        if not programme:
            peer = data.benchmark.loc[factor.id]
            values += [
                peer["percentile"],
                peer["peer_q1"],
                peer["peer_median"],
                peer["peer_q3"],
                int(peer["n_areas"]),
                peer["previous"],
                peer["change"],
            ]
        yield values


def _factor_scores(book: Workbook, framework: Framework, rounds: list[RoundData], *, programme: bool) -> None:
    ws = book.create_sheet("Factor scores")
    columns = _factor_columns(programme)
    set_widths(ws, columns)
    notes = [
        "Scores run from 0 (not in place) to 4 (embedded). Darker blue means a higher score.",
        SCORE_RULE + " 'Score from' says which.",
    ]
    if any(rescored(data.result) for data in rounds):
        notes.append(
            "Answers used: the first answers, or the re-scoring pass after discussion the factor's scores "
            "come from (see Re-scoring). " + UNCERTAIN_MEANING
        )
    if not programme:
        previous = rounds[0].previous
        notes.append(
            "Other areas: the latest finalised round of every other area. "
            + PERCENTILE_RULE
            + " Previous round: "
            + (round_name(previous) if previous else "none, this is the area's first round")
            + "."
        )
    # A write-only sheet freezes its panes before any row: below the title, notes, a blank row and the
    # header, beside the factor's names.
    ws.freeze_panes = f"{'D' if programme else 'C'}{len(notes) + 4}"
    sheet = SheetWriter(ws)
    sheet.title("Critical success factors")
    for note in notes:
        sheet.note(note)
    sheet.blank()
    first, last = sheet.table(
        TableBlock(
            name="FactorScores",
            columns=columns,
            rows=(row for data in rounds for row in _factor_rows(framework, data, programme)),
            colour_scales={"Median": (0, 4), "Mean": (0, 4), "Consensus": (0, 4), "Score": (0, 4)},
        )
    )
    if not programme:
        _radar(ws, columns, first, last)


def _radar(ws, columns: list[Column], first: int, last: int) -> None:  # noqa: ANN001
    """A native radar chart of the factor medians, with consensus and other areas' median."""
    index = {c.header: i + 1 for i, c in enumerate(columns)}
    chart = RadarChart(radarStyle="marker")
    chart.title = "Success factor medians (0 to 4)"
    chart.style = 2
    chart.height, chart.width = 13, 22
    for header, colour in (("Median", MEDIAN), ("Consensus", CONSENSUS_COLOUR), ("Other areas median", NEUTRAL)):
        values = Reference(ws, min_col=index[header], min_row=first - 1, max_row=last)
        chart.add_data(values, titles_from_data=True)
        series = chart.series[-1]
        series.graphicalProperties.line.solidFill = colour.lstrip("#")
        series.graphicalProperties.line.width = 22000
        series.marker.symbol = {"Median": "circle", "Consensus": "diamond"}.get(header, "triangle")
        series.marker.graphicalProperties.solidFill = colour.lstrip("#")
    chart.set_categories(Reference(ws, min_col=index["Factor"], min_row=first, max_row=last))
    chart.y_axis.scaling.min = 0
    chart.y_axis.scaling.max = 4
    chart.y_axis.majorUnit = 1
    chart.y_axis.number_format = "0"
    chart.y_axis.delete = False
    chart.x_axis.delete = False
    ws.add_chart(chart, f"C{last + 3}")


# -- Continuum -------------------------------------------------------------------------------------


def _continuum_columns(framework: Framework, programme: bool) -> list[Column]:
    return [
        *_key_columns(programme),
        Column("Kind", 13),
        Column("Item ID", 18),
        Column("Item", 34, wrap=True),
        Column("Median stage", 9, STAGE_FORMAT),
        Column("Stage", 7),
        Column("Stage name", 36, wrap=True),
        Column("n", 6),
        Column("Don't know", 10, PERCENT_FORMAT),
        *[Column(f"Stage {s.number}: {s.short_name}", 11, PERCENT_FORMAT) for s in framework.stages],
        Column("Consensus", 11, STAGE_FORMAT),
        Column("Consensus rationale", 40, wrap=True),
    ]


def _continuum_rows(framework: Framework, data: RoundData, programme: bool) -> Iterable[list[object]]:
    for (kind, item_id), row in data.result.items.iterrows():
        stage = None if pd.isna(row["stage"]) else int(row["stage"])
        yield [
            *_key(data, programme),
            KIND_LABELS.get(kind, kind),
            item_id,
            row["name"],
            row["median"],
            stage,
            framework.stage(stage).name if stage else "",
            int(row["n"]),
            row["dont_know"],
            *[row[f"stage_{n}"] for n in range(1, 7)],
            row["consensus"],
            data.rationales.get((kind, item_id), ""),
        ]


def _continuum(book: Workbook, framework: Framework, rounds: list[RoundData], *, programme: bool) -> None:
    ws = book.create_sheet("Continuum")
    columns = _continuum_columns(framework, programme)
    set_widths(ws, columns)
    ws.freeze_panes = "F5" if programme else "D5"
    sheet = SheetWriter(ws)
    sheet.title("The joint commissioning continuum")
    sheet.note("Each stage column shows the share of the room that placed the item at that stage.")
    if programme:
        sheet.blank()
    else:
        sheet.note(rounds[0].result.sentence)
    share_headers = [c.header for c in columns if c.header.startswith("Stage ") and ":" in c.header]
    first, last = sheet.table(
        TableBlock(
            name="Continuum",
            columns=columns,
            rows=(row for data in rounds for row in _continuum_rows(framework, data, programme)),
            colour_scales={"Median stage": (1, 6)} | {h: (0, 1) for h in share_headers},
        )
    )
    if not programme and last >= first:
        _stage_chart(ws, columns, first, last, share_headers)


def _stage_chart(ws, columns: list[Column], first: int, last: int, share_headers: list[str]) -> None:  # noqa: ANN001
    """A native 100% stacked bar chart: for each component and priority area, the share of the room
    at each stage, light (silo) to dark (one organisation)."""
    index = {c.header: i + 1 for i, c in enumerate(columns)}
    chart = BarChart()
    chart.type = "bar"
    chart.grouping = "percentStacked"
    chart.overlap = 100
    chart.title = "Where the room placed each item on the continuum"
    chart.height = max(8, 1.0 * (last - first + 1) + 4)
    chart.width = 24
    chart.gapWidth = 40
    for stage_index, header in enumerate(share_headers):
        chart.add_data(Reference(ws, min_col=index[header], min_row=first - 1, max_row=last), titles_from_data=True)
        series = chart.series[-1]
        series.graphicalProperties.solidFill = STAGE_SCALE[stage_index].lstrip("#")
        series.graphicalProperties.line.solidFill = "595959"  # outlines keep the palest stages visible
    chart.set_categories(Reference(ws, min_col=index["Item"], min_row=first, max_row=last))
    chart.x_axis.scaling.orientation = "maxMin"  # first item at the top, as in the table
    chart.y_axis.number_format = "0%"
    chart.y_axis.delete = False
    chart.x_axis.delete = False
    chart.legend.position = "b"
    ws.add_chart(chart, f"C{last + 3}")


# -- Options ---------------------------------------------------------------------------------------


def _options(book: Workbook, framework: Framework, data: RoundData) -> None:
    ws = book.create_sheet("Options")
    set_widths(ws, options_sheet_columns())
    ws.freeze_panes = "B1"  # option and criterion names stay in view; the sheet holds several tables
    sheet = SheetWriter(ws)
    sheet.title("Structural options: readiness, appraisal and recommendation")
    sheet.note(
        "The same numbers as the app's Options page. The recommendation in words is on the Summary sheet; "
        "how each option would work is on the Option details sheet."
    )
    write_options(sheet, framework, data.options)
    _option_details(book, framework)


RESOURCES, RESOURCES_QUESTION = "Resources", "What would it need in posts, legal work and commissioning support?"


def _option_details(book: Workbook, framework: Framework) -> None:
    """How each option would work on the five dimensions, and what it would need, options side by side."""
    ws = book.create_sheet("Option details")
    columns = [Column("Dimension", 24, wrap=True), Column("Question", 34, wrap=True)]
    columns += [Column(option.name, 44, wrap=True) for option in framework.options]
    set_widths(ws, columns)
    ws.freeze_panes = "C5"
    sheet = SheetWriter(ws)
    sheet.title("How each option would work")
    sheet.note(
        "The options side by side on the five dimensions the Board can mix and match, and the resources each needs."
    )
    sheet.blank()
    sheet.table(
        TableBlock(
            name="OptionDimensions",
            columns=columns,
            rows=[
                *(
                    [dimension.name, dimension.question, *[o.dimensions[dimension.id] for o in framework.options]]
                    for dimension in framework.dimensions
                ),
                [RESOURCES, RESOURCES_QUESTION, *[o.resources for o in framework.options]],
            ],
        )
    )


# -- Development plan ------------------------------------------------------------------------------


def _plan_columns(programme: bool) -> list[Column]:
    return [
        *_key_columns(programme),
        Column("Action", 60, wrap=True),
        Column("Owner", 30, wrap=True),
        Column("Due", 12, DATE_FORMAT),
        Column("Status", 12),
        Column("Linked to", 30, wrap=True),
        Column("Factor ID", 15),
        Column("Component ID", 18),
        Column("Framework rule", 22),
    ]


def _previous_columns(programme: bool) -> list[Column]:
    """The columns the previous round's plan has beyond the plan's own."""
    return [Column("Overdue", 10)] + ([Column("Previous round", 14, DATE_FORMAT)] if programme else [])


def _development_plan(book: Workbook, framework: Framework, rounds: list[RoundData], *, programme: bool) -> None:
    ws = book.create_sheet("Development plan")
    columns = _plan_columns(programme)
    set_widths(ws, [*columns, *_previous_columns(programme)])
    ws.freeze_panes = "A5"
    sheet = SheetWriter(ws)
    sheet.title("Development plan")
    sheet.note(
        "Actions agreed for the weakest success factors and continuum components, each with an owner and a date."
        + ("" if any(data.actions for data in rounds) else " No actions have been added to the plan yet.")
    )
    sheet.blank()
    sheet.table(
        TableBlock(
            name="DevelopmentPlan",
            columns=columns,
            rows=(_action_row(framework, action, _key(data, programme)) for data in rounds for action in data.actions),
        )
    )
    earlier = [data for data in rounds if data.previous is not None]
    if earlier:
        _previous_plans(sheet, framework, earlier, programme=programme)


def _action_row(framework: Framework, action: ActionRow, key: list[object]) -> list[object]:
    return [
        *key,
        action.title,
        action.owner,
        action.due_on,
        action.status,
        linked_to(action, framework),
        action.factor_id,
        action.component_id,
        action.rule_id,
    ]


def _previous_plans(sheet: SheetWriter, framework: Framework, rounds: list[RoundData], *, programme: bool) -> None:
    """Progress on the plan of each round's previous round, as the development plan page shows it: counts
    by status for a single round, and every earlier action with its status and whether it is overdue."""
    today = dt.date.today()
    sheet.blank()
    sheet.blank()
    if programme:
        sheet.subtitle("Progress on each area's plan from its previous round")
    else:
        previous = rounds[0].previous
        sheet.subtitle(f"Progress on the plan from the previous round, {round_name(previous)}")
        done = progress(rounds[0].previous_actions, today)
        share = "" if done.done_share is None else f" ({done.done_share:.0%} of those not dropped)"
        sheet.pairs(
            [
                ("Actions", done.total),
                ("Done", f"{done.by_status['done']}{share}"),
                ("In progress", done.by_status["in progress"]),
                ("Overdue", f"{done.overdue} (not done or dropped, and past the due date on {british_date(today)})"),
            ]
        )
    columns = [*_plan_columns(programme), *_previous_columns(programme)]
    open_statuses = {s.value for s in OPEN_STATUSES}
    rows = []
    for data in rounds:
        for action in data.previous_actions:
            overdue = action.status in open_statuses and action.due_on is not None and action.due_on < today
            row = [*_action_row(framework, action, _key(data, programme)), YES if overdue else NO]
            rows.append(row + ([data.previous.held_on] if programme else []))
    sheet.table(
        TableBlock(
            name="PreviousPlan",
            note="The status is as the facilitator last recorded it."
            + ("" if rows else " The previous round's plan had no actions."),
            columns=columns,
            rows=rows,
        )
    )


# -- Responses -------------------------------------------------------------------------------------


def response_columns(programme: bool) -> list[Column]:
    """The columns of the Responses sheet (used by the importer and the benchmark too)."""
    return [
        *_key_columns(programme),
        Column("Participant", 11),
        Column("Partner type", 30),
        Column("Submitted", 10),
        Column("Kind", 13),
        Column("Item ID", 18),
        Column("Item", 40),
        Column("Answer", 8),
        Column("Answer meaning", 22),
        Column("Comment", 50),
    ]


def response_frame(framework: Framework, data: RoundData, *, programme: bool) -> pd.DataFrame:
    """The Responses rows of one round as a frame, in the order of the sheet's columns: only the people
    data.disclosure shows, under their shown group, with withheld answers and their comments blank."""
    answers = shown_answers(data.answers, data.disclosure)
    answers = answers.sort_values(["participant_id", "kind", "item_id"], kind="stable")
    numbers = {pid: n for n, pid in enumerate(sorted(answers["participant_id"].unique()), start=1)}
    withheld = answers["withheld"].to_numpy(dtype=bool)
    labels = _item_names(framework, data)
    values = answers["value"].mask(withheld)
    frame = pd.DataFrame(
        {
            "Participant": answers["participant_id"].map(numbers),
            "Partner type": answers["group"].map(framework.partner_name),
            "Submitted": answers["complete"].map({True: YES, False: NO}),
            "Kind": answers["kind"].map(KIND_LABELS).fillna(STATEMENT_LABEL),
            "Item ID": answers["item_id"],
            "Item": answers["item_id"].map(labels).fillna(answers["item_id"]),
            "Answer": values.astype("Int64"),
            "Answer meaning": _meanings(framework, answers).mask(withheld, WITHHELD_MEANING),
            "Comment": answers["comment"].fillna("").mask(withheld, ""),
        }
    )
    if programme:
        frame.insert(0, "Round date", data.round.held_on)
        frame.insert(0, "Area", data.round.area_name)
    return frame


def withheld_sentence(framework: Framework, hidden_people: int, blank_answers: int) -> str:
    """What the Responses sheet says it leaves out, with the numbers."""
    return (
        f"{small_groups_sentence(framework)} Not listed here: the answers of {hidden_people} "
        f"{'person' if hidden_people == 1 else 'people'} in groups too small to show. Left blank: {blank_answers} "
        f"{'answer' if blank_answers == 1 else 'answers'} of people shown ('{WITHHELD_MEANING}'), so that the "
        f"answers of fewer than {framework.suppression_k} people cannot be worked out from the room's totals on "
        "the other sheets."
    )


def _item_names(framework: Framework, data: RoundData) -> dict[str, str]:
    statements = {s.id: s.text for f in framework.factors for s in f.statements}
    return statements | framework.item_names(data.round.priority_areas)


def _meanings(framework: Framework, answers: pd.DataFrame) -> pd.Series:
    levels = {float(level.value): level.label for level in framework.scale.levels}
    stages = {float(stage.number): stage.short_name for stage in framework.stages}
    is_statement = answers["kind"] == ItemKind.STATEMENT.value
    meaning = answers["value"].map(levels).where(is_statement, answers["value"].map(stages))
    return meaning.fillna(framework.scale.dont_know)


def _responses(book: Workbook, framework: Framework, rounds: list[RoundData], *, programme: bool) -> None:
    ws = book.create_sheet("Responses")
    columns = response_columns(programme)
    set_widths(ws, columns)
    any_rescored = any(rescored(data.result) for data in rounds)
    ws.freeze_panes = "A7" if any_rescored else "A6"  # below the title, notes, a blank row and the header
    frames = [response_frame(framework, data, programme=programme) for data in rounds]
    hidden_people = sum(data.disclosure.hidden_people for data in rounds)
    blank_answers = sum(int((frame["Answer meaning"] == WITHHELD_MEANING).sum()) for frame in frames)
    sheet = SheetWriter(ws)
    sheet.title("Answers by partner type")
    sheet.note("One row per participant and item. Participants are numbered within each round; no names are held.")
    sheet.note(withheld_sentence(framework, hidden_people, blank_answers))
    if any_rescored:
        sheet.note(
            "Each person's latest answers: where the room re-scored a factor after discussion, the answer "
            "from the latest pass in which they re-scored it (see Re-scoring)."
        )
    sheet.blank()
    sheet.table(
        TableBlock(
            name="Responses",
            columns=columns,
            rows=(row for frame in frames for row in frame.itertuples(index=False, name=None)),
        )
    )


# -- Compare ---------------------------------------------------------------------------------------


def _compare(book: Workbook, framework: Framework, rounds: list[RoundData]) -> None:
    ws = book.create_sheet("Compare")
    factor_headers = [f.short_name for f in framework.factors]
    columns = [
        Column("Area", 22),
        Column("Round date", 12, DATE_FORMAT),
        Column("Participants", 12),
        Column("Continuum position", 11, STAGE_FORMAT),
        Column("Where the partnership sits", 60, wrap=True),
        *[Column(h, 15, SCORE_FORMAT) for h in factor_headers],
        Column("Split factors", 9),
        Column("Recommended option", 34, wrap=True),
        Column("Recommendation based on", 26, wrap=True),
        Column("Board's decision", 34, wrap=True),
        Column("Decided on", 12, DATE_FORMAT),
    ]
    set_widths(ws, columns)
    ws.freeze_panes = "B5"
    sheet = SheetWriter(ws)
    sheet.title("Areas side by side")
    sheet.note(
        "Each area's latest finalised round. Factor columns are medians from 0 to 4; darker blue is higher. "
        "The recommended option comes from the round's weighted appraisal, or from readiness alone where "
        "nobody has scored the options (the next column says which); the last two say what the Board "
        "decided, once it has."
    )
    sheet.blank()
    first, last = sheet.table(
        TableBlock(
            name="Compare",
            columns=columns,
            rows=[
                [
                    data.round.area_name,
                    data.round.held_on,
                    data.result.respondents,
                    data.result.position,
                    data.result.sentence,
                    *[data.result.factors.loc[f.id, "median"] for f in framework.factors],
                    int((data.result.factors["agreement"] == "split").sum()),
                    *_recommended(framework, data),
                    *decided(data.decision),
                ]
                for data in rounds
            ],
            colour_scales={"Continuum position": (1, 6)} | {h: (0, 4) for h in factor_headers},
        )
    )
    if last - first < 40:
        _position_chart(ws, first, last)


def _recommended(framework: Framework, data: RoundData) -> tuple[str, str]:
    """The Summary sheet's recommended option for the round and what it rests on."""
    found = recommendation(data.options, data.result, framework)
    return found.option, found.basis


def _position_chart(ws, first: int, last: int) -> None:  # noqa: ANN001
    chart = BarChart()
    chart.type = "bar"
    chart.title = "Continuum position of each area (1 to 6)"
    chart.add_data(Reference(ws, min_col=4, min_row=first - 1, max_row=last), titles_from_data=True)
    chart.series[0].graphicalProperties.solidFill = MEDIAN.lstrip("#")
    chart.series[0].tx = SeriesLabel(v="Continuum position")
    chart.set_categories(Reference(ws, min_col=1, min_row=first, max_row=last))
    chart.x_axis.scaling.orientation = "maxMin"
    chart.y_axis.scaling.min = 1
    chart.y_axis.scaling.max = 6
    chart.y_axis.majorUnit = 1
    chart.y_axis.delete = False
    chart.x_axis.delete = False
    chart.legend = None
    chart.height = max(7, 0.6 * (last - first + 1) + 3)
    ws.add_chart(chart, f"E{last + 3}")
