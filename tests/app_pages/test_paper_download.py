"""The Board paper's downloads on the area dashboard, the structural options page and the facilitator's
finalised round: written when asked for, as Word and PDF, and still given as Word when the server
cannot draw charts or convert to PDF."""

from __future__ import annotations

import io
import shutil
from pathlib import Path

import pytest
from docx import Document
from streamlit.testing.v1 import AppTest

import assessment.paper
from assessment.charts.png import ChartRenderError
from assessment.framework import load_framework
from assessment.models import RoundStatus
from assessment.paper import ConverterMissing
from assessment.results import score_round
from tests.app_pages.apptest import signed_in
from tests.app_pages.results_data import add_round, point_app_at
from ui import state
from ui.components import paper_download

PAGES = Path(__file__).resolve().parents[2] / "app_pages"
HAS_CONVERTER = shutil.which("soffice") is not None and shutil.which("chromium") is not None


def open_page(name: str, **session) -> AppTest:  # noqa: ANN003
    at = signed_in(AppTest.from_file(str(PAGES / f"{name}.py"), default_timeout=120))
    for key, value in session.items():
        at.session_state[key] = value
    at.run()
    assert not at.exception, [e.value for e in at.exception]
    return at


def download_labels(at: AppTest) -> list[str]:
    return [element.proto.label for element in at.get("download_button")]


@pytest.fixture
def finalised(store, framework, monkeypatch) -> int:
    round_id = add_round(store, framework, "Papershire", "2026-02-03", [("council", 2, 3)] * 3 + [("school", 3, 4)] * 3)
    point_app_at(store, monkeypatch)
    return round_id


@pytest.mark.skipif(not HAS_CONVERTER, reason="LibreOffice and Chromium draw and convert the paper")
def test_the_dashboard_writes_the_paper_as_word_and_pdf(store, finalised):
    at = open_page("area_dashboard")
    assert download_labels(at) == []  # nothing is written until asked for
    at.button(key="dashboard_paper_write").click().run()
    assert not at.exception, [e.value for e in at.exception]
    assert download_labels(at) == ["Download the paper (Word)", "Download the paper (PDF)"]
    paper = at.session_state[state.BOARD_PAPER]
    text = "\n".join(p.text for p in Document(io.BytesIO(paper.docx)).paragraphs)
    assert score_round(store, load_framework(), finalised).sentence in text
    assert paper.pdf.startswith(b"%PDF")


def test_without_charts_or_a_converter_the_word_paper_is_still_given_and_says_so(store, finalised, monkeypatch):
    real = assessment.paper.write_docx

    def no_chromium(store, framework, round_id, status=None, *, renderer=...):  # noqa: ANN001, ANN202
        if renderer is not None:
            raise ChartRenderError("Chromium is not installed")
        return real(store, framework, round_id, status, renderer=None)

    def no_soffice(docx: bytes) -> bytes:
        raise ConverterMissing("LibreOffice is not installed")

    monkeypatch.setattr(assessment.paper, "write_docx", no_chromium)
    monkeypatch.setattr(assessment.paper, "docx_to_pdf", no_soffice)
    at = open_page("options", **{state.OPTIONS_SECTION: "Recommendation"})
    at.button(key="options_paper_write").click().run()

    assert download_labels(at) == ["Download the paper (Word)"]
    warnings = [w.value for w in at.warning]
    assert any("figures as tables only" in w for w in warnings)
    assert any("There is no PDF" in w and "LibreOffice is not installed" in w for w in warnings)
    assert Document(io.BytesIO(at.session_state[state.BOARD_PAPER].docx)).paragraphs


def test_a_paper_written_before_a_change_to_the_round_is_written_again(store, finalised, monkeypatch):
    written = []

    def fake(store, framework, round_id):  # noqa: ANN001, ANN202
        written.append(round_id)
        return paper_download.PaperFiles(round_id, store.stamps.round(round_id), b"docx", b"%PDF")

    monkeypatch.setattr(paper_download, "write", fake)
    at = open_page("area_dashboard")
    at.button(key="dashboard_paper_write").click().run()
    assert len(download_labels(at)) == 2
    assert "dashboard_paper_write" not in [b.key for b in at.button]  # written: the button has gone
    at.run()
    assert len(download_labels(at)) == 2 and written == [finalised]  # kept while nothing changed
    store.rounds.set_status(finalised, RoundStatus.CLOSED)
    at.run()
    assert download_labels(at) == []  # the round changed: the old paper is not offered


def test_the_facilitator_is_offered_the_paper_once_the_round_is_finalised(store, finalised, framework):
    at = open_page("workshop_facilitator")
    assert at.button(key="paper_write")
    store.rounds.set_status(finalised, RoundStatus.CLOSED)
    at = open_page("workshop_facilitator")
    assert not [b for b in at.button if b.key == "paper_write"]


def test_a_round_nobody_answered_has_no_paper_to_write(store, framework, monkeypatch):
    add_round(store, framework, "Quietshire", "2026-02-03", [], status=RoundStatus.OPEN)
    point_app_at(store, monkeypatch)
    at = open_page("options", **{state.OPTIONS_SECTION: "Recommendation"})
    assert any("no Board paper to write" in i.value for i in at.info)
