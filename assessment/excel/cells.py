"""Writing sheets as a person would lay them out: titles, styled headers, Excel tables, widths, frozen
panes, number formats and colour scales; and every text cell written safely.

Workbooks are written in openpyxl's write-only (streaming) mode, so a sheet is written top to bottom:
widths and frozen panes first, then rows, then tables, colour scales and charts.

Formula injection: text that starts with = + - @ tab or carriage return could be taken for a formula
by a spreadsheet. Such text is stored as a text cell with Excel's own "quote prefix" escape (the
apostrophe a person would type), so it is shown, never calculated, and reads back unchanged.
"""

from __future__ import annotations

import datetime as dt
import math
import re
import warnings
from collections.abc import Iterable, Sequence
from copy import copy
from dataclasses import dataclass, field

import pandas as pd
from openpyxl.cell import WriteOnlyCell
from openpyxl.formatting.rule import ColorScaleRule
from openpyxl.styles import Alignment, Border, Font, PatternFill, Side
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.properties import PageSetupProperties
from openpyxl.worksheet.table import Table, TableColumn, TableStyleInfo

from assessment.charts.palette import STAGE_SCALE

FORMULA_TRIGGERS = ("=", "+", "-", "@", "\t", "\r")
# XML 1.0 cannot hold these control characters; tab, line feed and carriage return are kept.
_ILLEGAL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f]")

HEADER_FILL = PatternFill("solid", fgColor=STAGE_SCALE[-1].lstrip("#"))
HEADER_FONT = Font(bold=True, color="FFFFFF")
TITLE_FONT = Font(bold=True, size=16, color=STAGE_SCALE[-1].lstrip("#"))
SUBTITLE_FONT = Font(bold=True, size=12)
NOTE_FONT = Font(italic=True, color="595959")
THIN = Side(style="thin", color="BFBFBF")
HEADER_BORDER = Border(bottom=THIN, top=THIN, left=THIN, right=THIN)
WRAP = Alignment(wrap_text=True, vertical="top")
TOP = Alignment(vertical="top")
LEFT = Alignment(wrap_text=True, vertical="top", horizontal="left")

SCORE_FORMAT = "0.00"
STAGE_FORMAT = "0.0"
PERCENT_FORMAT = "0%"
DATE_FORMAT = "yyyy-mm-dd"
# Light to mid blue from the app's stage scale (assessment/charts/palette.py): dark enough to tell
# apart, light enough that black numbers stay readable on the darkest cell.
SCALE_LOW, SCALE_MID, SCALE_HIGH = (STAGE_SCALE[i].lstrip("#") for i in (0, 2, 4))
YES, NO = "Yes", "No"  # how every sheet writes a yes-or-no cell, and how the importer reads it


@dataclass(frozen=True)
class Column:
    """One column of a table: its header, width in characters, number format and wrapping."""

    header: str
    width: float = 14
    number_format: str | None = None
    wrap: bool = False


@dataclass
class TableBlock:
    """A titled Excel table: columns, rows and which columns get a colour scale (low, high)."""

    name: str
    columns: Sequence[Column]
    rows: Iterable[Sequence[object]]
    title: str = ""
    note: str = ""
    colour_scales: dict[str, tuple[float, float]] = field(default_factory=dict)


def clean_text(value: str) -> str:
    """The text with characters removed that no spreadsheet file can hold."""
    return _ILLEGAL.sub("", value)


def needs_escape(value: str) -> bool:
    """True when a spreadsheet could take this text for a formula."""
    return value.startswith(FORMULA_TRIGGERS)


def cell_value(value: object) -> object:
    """A value ready for a cell: NaN and None become blank, numpy numbers plain numbers."""
    if value is None or value is pd.NA:
        return None
    if isinstance(value, str):
        return clean_text(value)
    if isinstance(value, bool | dt.date | dt.datetime):
        return value
    if hasattr(value, "item"):  # numpy scalars
        value = value.item()
    if isinstance(value, float) and math.isnan(value):
        return None
    return value


def safe_cell(ws, value: object, proto: WriteOnlyCell | None = None) -> object:  # noqa: ANN001
    """A value or a styled cell for a write-only sheet; text that looks like a formula becomes an
    escaped text cell. proto is the column's styled cell (number format, alignment): it is filled with
    the value and reused row after row, since a write-only sheet writes each row as it is appended."""
    kind = type(value)
    if proto is None and (kind is int or (kind is float and value == value)):
        return value  # the bulk of a large sheet: plain numbers need no checks
    value = cell_value(value)
    escape = isinstance(value, str) and needs_escape(value)
    if not escape:
        if proto is None:
            return value
        proto.value = value
        return proto
    cell = WriteOnlyCell(ws, value=value)
    if proto is not None:
        cell._style = copy(proto._style)
    if escape:
        cell.data_type = "s"
        cell.quotePrefix = True
    return cell


def styled(ws, value: object = None, **style: object) -> WriteOnlyCell:  # noqa: ANN001
    """A write-only cell with the given style attributes (font, fill, alignment, number_format ...)."""
    value = cell_value(value)
    cell = WriteOnlyCell(ws, value=value)
    if isinstance(value, str) and needs_escape(value):
        cell.data_type = "s"
        cell.quotePrefix = True
    for name, setting in style.items():
        setattr(cell, name, setting)
    return cell


def set_widths(ws, columns: Sequence[Column], first: int = 1) -> None:  # noqa: ANN001
    """Set column widths (must happen before the first row of a write-only sheet)."""
    for offset, column in enumerate(columns):
        ws.column_dimensions[get_column_letter(first + offset)].width = column.width


def print_setup(ws, landscape: bool = True) -> None:  # noqa: ANN001
    """Print as a Board pack would: A4, fitted to one page wide, landscape for wide tables."""
    ws.page_setup.orientation = "landscape" if landscape else "portrait"
    ws.page_setup.paperSize = "9"  # A4
    ws.page_setup.fitToWidth = 1
    ws.page_setup.fitToHeight = 0
    ws.sheet_properties.pageSetUpPr = PageSetupProperties(fitToPage=True)
    ws.print_options.gridLines = False


class SheetWriter:
    """Appends titles, notes and tables to a write-only sheet and remembers the row it is on."""

    def __init__(self, ws) -> None:  # noqa: ANN001
        print_setup(ws)
        self.ws = ws
        self.row = 0
        self.tables: list[tuple[str, int, int, int]] = []  # name, header row, last row, columns

    def append(self, values: Sequence[object]) -> int:
        """Append one row; returns its row number."""
        self.ws.append(list(values))
        self.row += 1
        return self.row

    def blank(self) -> None:
        """Append an empty row."""
        self.append([])

    def title(self, text: str) -> None:
        """A large heading row."""
        self.append([styled(self.ws, text, font=TITLE_FONT)])

    def subtitle(self, text: str) -> None:
        """A section heading row."""
        self.append([styled(self.ws, text, font=SUBTITLE_FONT)])

    def note(self, text: str) -> None:
        """A grey explanatory line."""
        self.append([styled(self.ws, text, font=NOTE_FONT)])

    def pairs(
        self,
        rows: Iterable[tuple[str, object]],
        number_formats: dict[str, str] | None = None,
        value_width: float | None = None,
    ) -> None:
        """Label / value rows, the label in bold; values wrap within value_width characters when given,
        otherwise they run on into the empty cells to their right."""
        number_formats = number_formats or {}
        for label, value in rows:
            fmt = number_formats.get(label)
            extra = {"number_format": fmt} if fmt else {}
            if value_width:
                self.fit_height([(value, value_width)])
            alignment = LEFT if value_width else Alignment(vertical="top", horizontal="left")
            self.append(
                [
                    styled(self.ws, label, font=Font(bold=True), alignment=TOP),
                    styled(self.ws, value, alignment=alignment, **extra),
                ]
            )

    def fit_height(self, texts: Iterable[tuple[object, float]]) -> None:
        """Give the next row the height its wrapped texts need: spreadsheets do not grow rows by themselves
        when they open a file. texts are (value, column width in characters)."""
        lines = max((_lines(value, width) for value, width in texts), default=1)
        if lines > 1:
            self.ws.row_dimensions[self.row + 1].height = min(409, 15 * lines + 2)

    def table(self, block: TableBlock) -> tuple[int, int]:
        """Write a table with a styled header, register it as an Excel table with colour scales;
        returns the first and last data row."""
        if block.title:
            self.subtitle(block.title)
        if block.note:
            self.note(block.note)
        header = [
            styled(self.ws, c.header, font=HEADER_FONT, fill=HEADER_FILL, alignment=WRAP, border=HEADER_BORDER)
            for c in block.columns
        ]
        self.fit_height((c.header, c.width) for c in block.columns)
        header_row = self.append(header)
        wrapped = [(i, c.width) for i, c in enumerate(block.columns) if c.wrap]
        protos = [_proto(self.ws, c, top=bool(wrapped)) for c in block.columns]
        ws = self.ws
        for values in block.rows:
            if wrapped:
                self.fit_height((values[i], width) for i, width in wrapped)
            ws.append([safe_cell(ws, v, p) for v, p in zip(values, protos, strict=True)])
            self.row += 1
        last = max(self.row, header_row + 1)
        if self.row == header_row:  # an Excel table needs at least one data row
            self.append([None] * len(block.columns))
        self._register(block, header_row, last)
        return header_row + 1, last

    def _register(self, block: TableBlock, header_row: int, last: int) -> None:
        width = len(block.columns)
        ref = f"A{header_row}:{get_column_letter(width)}{last}"
        table = Table(displayName=block.name, ref=ref)
        table.tableColumns = [TableColumn(id=i + 1, name=c.header) for i, c in enumerate(block.columns)]
        table.tableStyleInfo = TableStyleInfo(name="TableStyleLight9", showRowStripes=True)
        with warnings.catch_warnings():
            # openpyxl warns that write-only tables need their columns named by hand: done just above.
            warnings.filterwarnings("ignore", message="In write-only mode")
            self.ws.add_table(table)
        for header, (low, high) in block.colour_scales.items():
            index = next(i for i, c in enumerate(block.columns) if c.header == header) + 1
            letter = get_column_letter(index)
            add_colour_scale(self.ws, f"{letter}{header_row + 1}:{letter}{last}", low, high)
        self.tables.append((block.name, header_row, last, width))


def _lines(value: object, width: float) -> int:
    """About how many lines a value needs when wrapped in a column this many characters wide."""
    if not isinstance(value, str) or not value:
        return 1
    per_line = max(1.0, width * 1.1 - 1)
    return sum(max(1, math.ceil(len(part) / per_line)) for part in value.split("\n"))


def add_colour_scale(ws, cells: str, low: float, high: float) -> None:  # noqa: ANN001
    """A three-colour scale, light for low and dark blue for high, fixed to the scale's ends so that
    the same score has the same colour on every sheet."""
    rule = ColorScaleRule(
        start_type="num",
        start_value=low,
        start_color=SCALE_LOW,
        mid_type="num",
        mid_value=(low + high) / 2,
        mid_color=SCALE_MID,
        end_type="num",
        end_value=high,
        end_color=SCALE_HIGH,
    )
    ws.conditional_formatting.add(cells, rule)


def _proto(ws, column: Column, top: bool) -> WriteOnlyCell | None:  # noqa: ANN001
    """A cell carrying the column's style, or None when plain cells will do. top aligns every cell of a
    table to the top, so that rows made tall by wrapped text still read across."""
    if not column.number_format and not column.wrap and not top:
        return None
    cell = WriteOnlyCell(ws)
    if column.number_format:
        cell.number_format = column.number_format
    cell.alignment = WRAP if column.wrap else TOP
    return cell
