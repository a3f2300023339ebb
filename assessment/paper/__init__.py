"""The Board paper of a round: an editable Word document (python-docx) and a PDF of the same content
(LibreOffice). It reads the results service like the screens, the command line and the workbook.

    gather.py    what the paper reads, from assessment.results
    paper.py     the paper, section by section (findings.py and options.py hold the longer sections)
    document.py  Word styles, tables, fields, pictures with alternative text
    pdf.py       the .docx converted by LibreOffice
"""

from assessment.paper.gather import DEFAULT_BOARD, DRAFT, FINAL, STATUSES
from assessment.paper.paper import board_paper
from assessment.paper.pdf import ConverterMissing, docx_to_pdf, write_docx, write_pdf

__all__ = [
    "DEFAULT_BOARD",
    "DRAFT",
    "FINAL",
    "STATUSES",
    "ConverterMissing",
    "board_paper",
    "docx_to_pdf",
    "write_docx",
    "write_pdf",
]
