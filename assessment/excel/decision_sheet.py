"""The Board's decision in the workbooks: the results workbook's Decision sheet and Summary line, and the
decision and date the programme workbook's Compare sheet gives per area (all read from results.decision)."""

from __future__ import annotations

import datetime as dt

from openpyxl import Workbook

from assessment.decisions import STATUS_WORDS
from assessment.excel.cells import DATE_FORMAT, Column, SheetWriter, TableBlock
from assessment.results.decision import RoundDecision
from assessment.storage import RoundRow

NONE_YET = "None recorded yet (record it on the Structural options page, The Board's decision)"


def decision_words(view: RoundDecision | None) -> str:
    """The decision's sentence, or that none is recorded yet."""
    return NONE_YET if view is None or view.current is None else view.sentence


def decided(view: RoundDecision | None) -> tuple[str, dt.date | None]:
    """The option the Board chose for the round and when; 'None recorded' before it has decided."""
    current = view.current if view else None
    return ("None recorded", None) if current is None else (current.option_name, current.decided_on)


def decision_sheet(book: Workbook, round_row: RoundRow, view: RoundDecision | None) -> None:
    """The Board's decision: what it chose and when, the resolution, who must ratify it, and the
    decisions it superseded."""
    ws = book.create_sheet("Decision")
    ws.column_dimensions["A"].width = 34
    ws.column_dimensions["B"].width = 90
    sheet = SheetWriter(ws)
    sheet.title(f"{round_row.area_name}: the Board's decision")
    current = view.current if view else None
    if current is None:
        sheet.note(decision_words(view) + ".")
        return
    sheet.pairs(
        [
            ("Decision", view.sentence),
            ("Option chosen", current.option_name),
            ("Option id", current.option_id),
            ("Decided on", current.decided_on),
            ("Meeting", current.meeting or "Not given"),
            ("Resolution as worded", current.resolution or "Not given"),
            ("Conditions", current.conditions or "None"),
            ("Recorded", f"{current.recorded_at:%Y-%m-%d %H:%M} UTC by the {current.recorded_by}"),
        ],
        number_formats={"Decided on": DATE_FORMAT},
        value_width=90,
    )
    sheet.blank()
    sheet.table(
        TableBlock(
            name="Ratification",
            columns=[
                Column("Body that must ratify", 34, wrap=True),
                Column("Status", 18),
                Column("On", 14, DATE_FORMAT),
            ],
            rows=[[r.body, STATUS_WORDS.get(r.status, r.status), r.on] for r in current.ratifications]
            or [["None listed", "", None]],
        )
    )
    if view.earlier:
        sheet.blank()
        sheet.table(
            TableBlock(
                name="EarlierDecisions",
                columns=[Column("Superseded decision", 90, wrap=True), Column("Decided on", 14, DATE_FORMAT)],
                rows=[[line, d.decided_on] for line, d in zip(view.superseded_lines, view.earlier, strict=True)],
            )
        )
