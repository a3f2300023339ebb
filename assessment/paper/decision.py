"""The Board paper's section on the Board's decision: what it chose and when, the resolution as
worded, conditions, who must ratify it and where they have got to, and the decisions it superseded.
The wording is results.decision's, as on the options page and the workbook's Decision sheet."""

from __future__ import annotations

from docx.document import Document

from assessment.decisions import STATUS_WORDS
from assessment.paper import document as doc
from assessment.paper.gather import PaperData


def write_decision(document: Document, data: PaperData) -> None:
    """The section, when the round has a decision; nothing otherwise."""
    view = data.board.decision
    current = view.current
    if current is None:
        return
    document.add_heading("The Board's decision", level=1)
    doc.paragraph(document, view.sentence)
    if current.meeting:
        doc.paragraph(document, current.meeting, label="Meeting")
    if current.resolution:
        doc.paragraph(document, current.resolution, label="Resolution")
    if current.conditions:
        doc.paragraph(document, current.conditions, label="Conditions")
    if current.ratifications:
        doc.table(
            document,
            ("Body that must ratify", "Status", "Date"),
            [
                [r.body, STATUS_WORDS.get(r.status, r.status), doc.british_date(r.on) or "-"]
                for r in current.ratifications
            ],
        )
        doc.caption(document, "The bodies that must ratify the decision, and where each has got to.")
    if view.earlier:
        doc.bullets(document, view.superseded_lines)


def decision_asks(data: PaperData) -> list[str] | None:
    """What the Board is asked about its recorded decision (None when none is recorded): to note it and
    its ratification, and to agree the implementation that follows."""
    view = data.board.decision
    current = view.current
    if current is None:
        return None
    sentence = view.sentence.rstrip(".")
    decided = sentence[0].lower() + sentence[1:]
    asks = [f"note that {decided}"]
    pending = [r.body for r in current.ratifications if r.status != "ratified"]
    if pending:
        asks.append(f"note that ratification by {' and '.join(pending)} is still to be completed")
    return asks
