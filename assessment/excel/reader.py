"""Reading the cells of an untrusted workbook, after safety.py has passed it.

Values are read by python-calamine (or openpyxl, for comparison) as the cached values the file
holds: no formula is ever evaluated. Each sheet's XML is first walked with defusedxml to find the
real extent of its cells (the dimension a sheet claims is ignored) and which cells hold a formula,
so that a sheet reaching past its bounds (what the file claims to be allows, never more than the
hard row and column limits) is refused before a reader allocates it.
"""

from __future__ import annotations

import datetime as dt
import io
import posixpath
import zipfile
from dataclasses import dataclass, field, replace
from typing import Literal

import python_calamine
from defusedxml import DefusedXmlException
from openpyxl import load_workbook
from openpyxl.utils import column_index_from_string, get_column_letter

from assessment.excel.safety import UnsafeFile, safe_iterparse

MAX_ROWS = 200_000
MAX_COLUMNS = 40
Engine = Literal["calamine", "openpyxl"]

_MAIN = "{http://schemas.openxmlformats.org/spreadsheetml/2006/main}"
_REL = "{http://schemas.openxmlformats.org/officeDocument/2006/relationships}"
_PKG_REL = "{http://schemas.openxmlformats.org/package/2006/relationships}"


@dataclass
class Sheet:
    """A sheet's cells as rows of values (None for blank), and where formulas are (1-based row, column)."""

    name: str
    rows: list[list[object]]
    formulas: set[tuple[int, int]] = field(default_factory=set)

    def value(self, row: int, column: int) -> object:
        """The value at a 1-based row and column (None when outside the sheet or blank)."""
        if 1 <= row <= len(self.rows) and 1 <= column <= len(self.rows[row - 1]):
            return self.rows[row - 1][column - 1]
        return None


@dataclass(frozen=True)
class Bounds:
    """How far a sheet may reach, and why in words that end its refusal, e.g. rows_reason 'a
    questionnaire for this framework has 55'."""

    rows: int
    columns: int
    rows_reason: str
    columns_reason: str


LIMITS = Bounds(
    MAX_ROWS,
    MAX_COLUMNS,
    f"the most this import reads is {MAX_ROWS:,}",
    f"the most this import reads is column {get_column_letter(MAX_COLUMNS)}",
)


class SheetTooLarge(UnsafeFile):
    """A sheet reaches past its bounds; the message names the sheet and the limit."""


class UnreadableWorkbook(ValueError):
    """The workbook passed the safety checks but its contents cannot be read."""


class UntrustedWorkbook:
    """A checked .xlsx whose sheets are read on demand with hard limits."""

    def __init__(self, archive: zipfile.ZipFile, data: bytes, engine: Engine = "calamine") -> None:
        self.archive = archive
        self.data = data
        self.engine = engine
        self.sheet_paths = _sheet_paths(archive)
        self._values_book = None

    @property
    def sheet_names(self) -> list[str]:
        """The workbook's sheet names in order."""
        return list(self.sheet_paths)

    def sheet(self, name: str, bounds: Bounds = LIMITS) -> Sheet:
        """The named sheet's values and formula cells; SheetTooLarge when it reaches past the bounds
        (or past the hard limits, whichever is nearer)."""
        bounds = _nearer(bounds)
        rows, columns, formulas = _extent_and_formulas(self.archive, self.sheet_paths[name], name, bounds)
        if rows > bounds.rows:
            raise SheetTooLarge(f"sheet {name!r} has more than {bounds.rows:,} rows; {bounds.rows_reason}")
        if columns > bounds.columns:
            raise SheetTooLarge(
                f"sheet {name!r} has data in column {get_column_letter(columns)}; {bounds.columns_reason}: "
                "clear the cells beyond it"
            )
        values = self._calamine(name, rows) if self.engine == "calamine" else self._openpyxl(name, rows, columns)
        return Sheet(name, values, formulas)

    def _calamine(self, name: str, rows: int) -> list[list[object]]:
        try:
            if self._values_book is None:
                self._values_book = python_calamine.CalamineWorkbook.from_filelike(io.BytesIO(self.data))
            grid = self._values_book.get_sheet_by_name(name).to_python(skip_empty_area=False, nrows=rows)
        except Exception as exc:  # a third-party parser on a hostile file: any failure means "cannot read"
            raise UnreadableWorkbook(f"sheet {name!r} cannot be read ({exc})") from exc
        return [[_plain(v) for v in row[:MAX_COLUMNS]] for row in grid[:MAX_ROWS]]

    def _openpyxl(self, name: str, rows: int, columns: int) -> list[list[object]]:
        try:
            if self._values_book is None:
                self._values_book = load_workbook(io.BytesIO(self.data), read_only=True, data_only=True)
            ws = self._values_book[name]
            grid = ws.iter_rows(min_row=1, max_row=max(rows, 1), max_col=max(columns, 1), values_only=True)
            return [[_plain(v) for v in row] for row in grid]
        except Exception as exc:  # a third-party parser on a hostile file: any failure means "cannot read"
            raise UnreadableWorkbook(f"sheet {name!r} cannot be read ({exc})") from exc


def open_untrusted(archive: zipfile.ZipFile, data: bytes, engine: Engine = "calamine") -> UntrustedWorkbook:
    """Open a checked archive for reading; UnreadableWorkbook when its sheet list is broken."""
    return UntrustedWorkbook(archive, data, engine)


def _nearer(bounds: Bounds) -> Bounds:
    """The bounds, with either side that lies past the hard limits replaced by the limit."""
    if bounds.rows > MAX_ROWS:
        bounds = replace(bounds, rows=MAX_ROWS, rows_reason=LIMITS.rows_reason)
    if bounds.columns > MAX_COLUMNS:
        bounds = replace(bounds, columns=MAX_COLUMNS, columns_reason=LIMITS.columns_reason)
    return bounds


def _plain(value: object) -> object:
    """Blank cells as None; whole floats stay floats (the importer decides what is a whole number)."""
    if value == "" or value is None:
        return None
    if isinstance(value, dt.datetime) and value.time() == dt.time(0):
        return value.date()
    return value


def _sheet_paths(archive: zipfile.ZipFile) -> dict[str, str]:
    """Sheet name -> the archive path of its XML, from xl/workbook.xml and its relationships."""
    try:
        targets = {}
        with archive.open("xl/_rels/workbook.xml.rels") as stream:
            for _event, element in safe_iterparse(stream):
                if element.tag == f"{_PKG_REL}Relationship":
                    targets[element.get("Id")] = element.get("Target", "")
        paths = {}
        with archive.open("xl/workbook.xml") as stream:
            for _event, element in safe_iterparse(stream):
                if element.tag == f"{_MAIN}sheet":
                    target = targets.get(element.get(f"{_REL}id"), "")
                    path = target.lstrip("/") if target.startswith("/") else posixpath.normpath(f"xl/{target}")
                    paths[element.get("name", "")] = path
    except (KeyError, DefusedXmlException, SyntaxError, ValueError, TypeError, zipfile.BadZipFile) as exc:
        raise UnreadableWorkbook(f"its list of sheets cannot be read ({exc})") from exc
    return paths


def _extent_and_formulas(
    archive: zipfile.ZipFile, path: str, name: str, bounds: Bounds
) -> tuple[int, int, set[tuple[int, int]]]:
    """Walk a sheet's XML once: the last row and column that hold a cell, and the cells with a formula.

    Stops at the first cell past the bounds, so a sheet of a million rows costs no more than its bounds."""
    rows = columns = 0
    row = column = 0
    formulas: set[tuple[int, int]] = set()
    try:
        with archive.open(path) as stream:
            for event, element in safe_iterparse(stream, events=("start", "end")):
                tag = element.tag
                if event == "start" and tag == f"{_MAIN}row":
                    row = int(element.get("r") or row + 1)
                    column = 0
                elif event == "start" and tag == f"{_MAIN}c":
                    ref = element.get("r")
                    column = column_index_from_string(ref.rstrip("0123456789")) if ref else column + 1
                    rows, columns = max(rows, row), max(columns, column)
                    if rows > bounds.rows or columns > bounds.columns:
                        break
                elif event == "start" and tag == f"{_MAIN}f":
                    formulas.add((row, column))
                elif event == "end" and tag == f"{_MAIN}row":
                    element.clear()
    except KeyError as exc:
        raise UnreadableWorkbook(f"sheet {name!r} is missing from the file") from exc
    except (DefusedXmlException, SyntaxError, ValueError, TypeError) as exc:
        raise UnreadableWorkbook(f"sheet {name!r} cannot be read ({exc})") from exc
    return rows, columns, formulas
