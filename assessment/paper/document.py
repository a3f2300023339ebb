"""Writing a Word document with python-docx in Word's own styles (Title, Heading 1-3, Caption, List
Number, one table style), so that a council officer can paste it into the council's template.

Text that people typed goes in as plain runs only: never a field, a hyperlink or formatting."""

from __future__ import annotations

import datetime as dt
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

TABLE_STYLE = "Table Grid"
IMAGE_WIDTH = Inches(6.3)
# Characters XML 1.0 cannot hold: a typed control character would otherwise make the file unwritable.
_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")


def plain(text: object) -> str:
    """Text as it can go into the document: characters XML cannot hold removed, nothing else changed."""
    return _NOT_XML.sub("", "" if text is None else str(text))


def british_date(day: dt.date | None) -> str:
    """'3 February 2026'; '' for no date."""
    return "" if day is None else f"{day.day} {day:%B %Y}"


def new_document(title: str) -> Document:
    """An A4 portrait document with the title in its properties and a page number in every footer."""
    document = Document()
    section = document.sections[0]
    section.orientation = WD_ORIENT.PORTRAIT
    section.page_width, section.page_height = Inches(8.27), Inches(11.69)
    section.left_margin = section.right_margin = Inches(1)
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


def table(
    document: Document, header: Sequence[str], rows: Iterable[Sequence[object]], widths: Sequence[float] | None = None
) -> Table:
    """A table in the paper's one table style: a bold header row that repeats on each page, then the
    rows as plain text (None shows as '-'); widths in inches when given."""
    grid = document.add_table(rows=1, cols=len(header), style=TABLE_STYLE)
    for cell, heading in zip(grid.rows[0].cells, header, strict=True):
        cell.paragraphs[0].add_run(plain(heading)).bold = True
    _repeat_header(grid)
    for values in rows:
        cells = grid.add_row().cells
        for cell, value in zip(cells, values, strict=True):
            cell.paragraphs[0].add_run("-" if value is None else plain(value))
    if widths:
        grid.autofit = False
        for column, width in zip(grid.columns, widths, strict=True):
            column.width = Inches(width)
        for row in grid.rows:
            for cell, width in zip(row.cells, widths, strict=True):
                cell.width = Inches(width)
    for row in grid.rows:
        for cell in row.cells:
            for para in cell.paragraphs:
                for run in para.runs:
                    run.font.size = Pt(9)
    return grid


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
