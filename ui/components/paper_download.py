"""The Board paper of a round as downloads: an editable Word document and a PDF of the same content.

Writing it draws the charts and converts the document, a few seconds, so it is written when asked for
and kept for this session until anything stored about the round changes. A server that cannot draw the
charts or convert to PDF still gives what it can, and says what is missing.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass

import streamlit as st

from assessment.accounts import AuditEvent
from assessment.framework import Framework
from assessment.storage import RoundRow, Store
from ui import state
from ui.components.download_audit import audited
from ui.components.results_download import file_name
from ui.text import plain

LOG = logging.getLogger(__name__)
DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
PDF = "application/pdf"
NO_CHARTS = "The charts could not be drawn on this server, so the paper gives their figures as tables only."
NO_PDF = "There is no PDF: this server cannot convert the paper ({reason}). Open the Word file and save it as PDF."


@dataclass(frozen=True)
class PaperFiles:
    """One written paper: the round and its version stamp when written, the files and what is missing."""

    round_id: int
    stamp: tuple
    docx: bytes
    pdf: bytes | None
    notes: tuple[str, ...] = ()


def write(store: Store, framework: Framework, round_id: int) -> PaperFiles:
    """The paper as Word and PDF; without charts or without the PDF when the server cannot make them."""
    # Imported here: the Word and chart libraries load only when someone writes a paper.
    from assessment.charts.png import ChartRenderError
    from assessment.paper import ConverterMissing, docx_to_pdf, write_docx

    stamp = store.stamps.round(round_id)
    notes = []
    try:
        docx = write_docx(store, framework, round_id)
    except ChartRenderError:
        docx = write_docx(store, framework, round_id, renderer=None)
        notes.append(NO_CHARTS)
    try:
        pdf = docx_to_pdf(docx)
    except ConverterMissing as error:
        pdf = None
        notes.append(NO_PDF.format(reason=str(error).rstrip(".")))
    return PaperFiles(round_id, stamp, docx, pdf, tuple(notes))


def show(store: Store, framework: Framework, round_row: RoundRow, respondents: int, key: str = "paper") -> None:
    """The Board paper's heading, what it holds, and the button that writes it, then its downloads."""
    st.markdown("**The Board paper**")
    if respondents == 0:
        st.info("Nobody has answered this round yet, so there is no Board paper to write.")
        return
    st.caption(
        "The round's findings, options, recommendation and development plan as a paper for the Board: Word to "
        "edit into your own template, PDF to circulate. It is marked draft until the round is finalised."
    )
    paper = state.board_paper(round_row.id, store.stamps.round(round_row.id))
    if paper is None:
        slot = st.empty()  # the button goes once the paper is written
        if not slot.button("Write the Board paper", icon=":material/description:", key=f"{key}_write"):
            return
        slot.empty()
        with st.spinner("Writing the paper and drawing its charts..."):
            try:
                paper = write(store, framework, round_row.id)
            except Exception as error:  # noqa: BLE001 - said in one line, with the details in the log
                LOG.exception("writing the Board paper of round %s failed", round_row.id)
                st.error(f"The paper could not be written ({type(error).__name__}). Nothing stored has changed.")
                return
        state.keep_board_paper(paper)
    for note in paper.notes:
        st.warning(plain(note))
    name = (round_row.area_name, round_row.held_on.isoformat(), "Board-paper")
    files = [("Word", "docx", DOCX, paper.docx), ("PDF", "pdf", PDF, paper.pdf)]
    for column, (kind, extension, mime, data) in zip(st.columns(2), files, strict=True):
        if data is not None:
            column.download_button(
                f"Download the paper ({kind})",
                data=audited(
                    data,
                    store,
                    actor=state.access().actor,
                    event=AuditEvent.PAPER_DOWNLOADED,
                    detail=f"Board paper ({kind})",
                    round_id=round_row.id,
                ),
                file_name=file_name(*name, extension=extension),
                mime=mime,
                icon=":material/download:",
                on_click="ignore",
                key=f"{key}_{extension}",
            )
