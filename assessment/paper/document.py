"""Writing a Word document with python-docx in Word's own styles (Title, Heading 1-3, Caption, List
Number, one table style), so that a council officer can paste it into the council's template.

Text that people typed goes in as plain runs only: never a field, a hyperlink or formatting."""

from __future__ import annotations

import io
import re
from collections.abc import Iterable, Sequence

from docx import Document
from docx.enum.section import WD_ORIENT
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Inches, Pt
from docx.table import Table
from docx.text.paragraph import Paragraph

from assessment.dates import british_date  # noqa: F401 (the paper's modules import it from here)

TABLE_STYLE = "Table Grid"
IMAGE_WIDTH = Inches(6.3)
PAGE_WIDTH, PAGE_HEIGHT, MARGIN = 8.27, 11.69, 1.0  # inches: A4 with one-inch margins
TEXT_WIDTH = PAGE_WIDTH - 2 * MARGIN
TABLE_POINTS = 9
# A table's column widths are planned in ems of its 9-point text, a character's width guessed from its
# shape: generous for Calibri, and close for the DejaVu fonts LibreOffice falls back to without it.
# Bold (the header) is 10% wider. A cell's left and right margins (0.08 inch each) come on top.
NARROW, WIDE = frozenset("fijlrtI.,;:'()[]!| -"), frozenset("mwMW%@")
BOLD = 1.1
SLACK = 0.5  # ems a column keeps beyond its longest word
CELL_MARGINS = 0.16
# A column wider than this many ems would take the room of the others: its text wraps instead.
LONGEST_LINE = 25
# Characters XML 1.0 cannot hold: a typed control character would otherwise make the file unwritable.
_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")


def plain(text: object) -> str:
    """Text as it can go into the document: characters XML cannot hold removed, nothing else changed."""
    return _NOT_XML.sub("", "" if text is None else str(text))


def new_document(title: str) -> Document:
    """An A4 portrait document with the title in its properties and a page number in every footer."""
    document = Document()
    section = document.sections[0]
    section.orientation = WD_ORIENT.PORTRAIT
    section.page_width, section.page_height = Inches(PAGE_WIDTH), Inches(PAGE_HEIGHT)
    section.left_margin = section.right_margin = Inches(MARGIN)
    document.core_properties.title = plain(title)
    footer = section.footer.paragraphs[0]
    footer.add_run("Page ")
    add_field(footer, "PAGE", "1")
    _update_fields_on_open(document)
    return document


def add_field(paragraph: Paragraph, instruction: str, shown: str) -> None:
    """A Word field (such as PAGE or TOC) with the text shown until the field is updated."""
    run = paragraph.add_run()
    begin = OxmlElement("w:fldChar")
    begin.set(qn("w:fldCharType"), "begin")
    code = OxmlElement("w:instrText")
    code.set(qn("xml:space"), "preserve")
    code.text = f" {instruction} "
    separate = OxmlElement("w:fldChar")
    separate.set(qn("w:fldCharType"), "separate")
    run._r.extend([begin, code, separate])
    paragraph.add_run(shown)
    end = OxmlElement("w:fldChar")
    end.set(qn("w:fldCharType"), "end")
    paragraph.add_run()._r.append(end)


def _update_fields_on_open(document: Document) -> None:
    """Ask Word to update the fields (the table of contents) when the file is opened."""
    update = OxmlElement("w:updateFields")
    update.set(qn("w:val"), "true")
    document.settings.element.append(update)


def add_contents(document: Document) -> None:
    """A table of contents field over Heading 1 to 3."""
    document.add_heading("Contents", level=1)
    add_field(
        document.add_paragraph(),
        'TOC \\o "1-3" \\h \\z \\u',
        "The table of contents appears when the fields are updated (in Word: select it and press F9).",
    )


def paragraph(document: Document, text: str, style: str | None = None, label: str | None = None) -> Paragraph:
    """A paragraph of plain text, after a bold label of our own when one is given."""
    para = document.add_paragraph(style=style)
    if label:
        para.add_run(f"{label}: ").bold = True
    para.add_run(plain(text))
    return para


def numbered(document: Document, lines: Iterable[str]) -> None:
    """Numbered paragraphs (List Number), one per line."""
    for line in lines:
        document.add_paragraph(plain(line), style="List Number")


def bullets(document: Document, lines: Iterable[str]) -> None:
    """Bulleted paragraphs (List Bullet), one per line."""
    for line in lines:
        document.add_paragraph(plain(line), style="List Bullet")


def caption(document: Document, text: str) -> None:
    """A caption (Word's Caption style) under a table or figure."""
    document.add_paragraph(plain(text), style="Caption")


def table(document: Document, header: Sequence[str], rows: Iterable[Sequence[object]]) -> Table:
    """A table in the paper's one table style, as wide as the text: a bold header row that repeats on
    each page, then the rows as plain text (None shows as '-'), in columns sized by column_widths."""
    body = [["-" if value is None else plain(value) for value in values] for values in rows]
    heads = [plain(heading) for heading in header]
    grid = document.add_table(rows=1, cols=len(heads), style=TABLE_STYLE)
    for cell, heading in zip(grid.rows[0].cells, heads, strict=True):
        cell.paragraphs[0].add_run(heading).bold = True
    _repeat_header(grid)
    for values in body:
        for cell, value in zip(grid.add_row().cells, values, strict=True):
            cell.paragraphs[0].add_run(value)
    widths = [Inches(w) for w in column_widths([heads, *body])]
    grid.autofit = False
    for column, width in zip(grid.columns, widths, strict=True):
        column.width = width
    for row in grid.rows:
        for cell, width in zip(row.cells, widths, strict=True):
            cell.width = width
            for para in cell.paragraphs:
                for run in para.runs:
                    run.font.size = Pt(TABLE_POINTS)
    return grid


def column_widths(lines: Sequence[Sequence[str]], total: float = TEXT_WIDTH) -> list[float]:
    """Widths in inches adding up to total for a table's lines (header first): every column first gets
    room for its longest word, so no word breaks; the rest goes to the columns whose text is longer
    than that, in proportion to how much longer (up to LONGEST_LINE ems). Numbers stay narrow, text
    takes the width. When the longest words alone do not fit, the columns share in proportion."""
    heads, *body = lines
    columns = list(zip([(h, BOLD) for h in heads], *[[(text, 1.0) for text in row] for row in body], strict=True))
    shortest = [max(ems(word) * bold for text, bold in column for word in text.split() or [""]) for column in columns]
    longest = [max(min(ems(text) * bold, LONGEST_LINE) for text, bold in column) for column in columns]
    room = (total - len(columns) * CELL_MARGINS) * 72 / TABLE_POINTS - len(columns) * SLACK  # ems for text
    spare = room - sum(shortest)
    if spare <= 0:
        share = [least * room / sum(shortest) for least in shortest]
    else:
        wanted = [max(most - least, 0) for most, least in zip(longest, shortest, strict=True)]
        wanted = wanted if sum(wanted) else [1.0] * len(columns)
        share = [least + spare * want / sum(wanted) for least, want in zip(shortest, wanted, strict=True)]
    return [CELL_MARGINS + (em + SLACK) * TABLE_POINTS / 72 for em in share]


def ems(text: str) -> float:
    """The width of text in ems, guessed from its characters' shapes."""
    return sum(0.35 if c in NARROW else 0.95 if c in WIDE else 0.75 if c.isupper() else 0.64 for c in text)


def _repeat_header(grid: Table) -> None:
    properties = grid.rows[0]._tr.get_or_add_trPr()
    header = OxmlElement("w:tblHeader")
    header.set(qn("w:val"), "true")
    properties.append(header)


def picture(document: Document, png: bytes, alt_text: str, name: str) -> None:
    """A chart image the width of the text, with alternative text for screen readers."""
    para = document.add_paragraph()
    shape = para.add_run().add_picture(io.BytesIO(png), width=IMAGE_WIDTH)
    properties = shape._inline.docPr
    properties.set("descr", plain(alt_text))
    properties.set("title", plain(name))


def save(document: Document) -> bytes:
    """The document as .docx bytes."""
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()
