"""The paper as a PDF (LibreOffice's Writer, read back with poppler's pdftotext) and the report command."""

from __future__ import annotations

import datetime as dt
import subprocess

import pytest
from docx import Document

from assessment.__main__ import main
from assessment.models import RoundInput
from assessment.paper import write_pdf
from assessment.results import resolve_round, summary
from tests.assessment.paper.conftest import needs, texts
from tests.assessment.paper.test_paper import small_groups_round


def _words(text: str) -> str:
    return " ".join(text.split())


@needs("soffice", "pdftotext")
def test_the_pdf_holds_the_continuum_sentence_as_selectable_text(sample_store, framework, tmp_path):
    row = resolve_round(sample_store, "Dunmoor")
    pdf = tmp_path / "paper.pdf"
    pdf.write_bytes(write_pdf(sample_store, framework, row.id, renderer=None))
    text = subprocess.run(["pdftotext", str(pdf), "-"], capture_output=True, text=True, check=True, timeout=60).stdout
    sentence = summary(sample_store, framework, "Dunmoor", row.id)["continuum"]["sentence"]
    assert _words(sentence) in _words(text)
    assert "The Board is asked to:" in text


def _report(capsys, url: str, *args: str) -> tuple[int, str]:  # noqa: ANN001
    status = main(["--database", url, "report", *args])
    return status, capsys.readouterr().err.strip()


def test_report_refuses_an_unknown_area_or_round_in_one_line(capsys, sample_url, tmp_path):
    out = str(tmp_path / "paper.docx")
    assert _report(capsys, sample_url, "Nowhere", "-o", out) == (1, "error: no area called 'Nowhere'")
    status, error = _report(capsys, sample_url, "Dunmoor", "--round", "999", "-o", out)
    assert status == 1 and error.startswith("error: area 'Dunmoor' has no round '999'") and "\n" not in error
    assert not (tmp_path / "paper.docx").exists()


def test_report_refuses_another_extension(capsys, sample_url, tmp_path):
    status, error = _report(capsys, sample_url, "Dunmoor", "-o", str(tmp_path / "paper.txt"))
    assert status == 1 and error.endswith("the Board paper is written as .docx or .pdf, not .txt")


def test_report_refuses_a_round_nobody_answered(capsys, sqlite_store, framework, tmp_path):
    sqlite_store.rounds.open_round(
        RoundInput(pin="2468", area="Testford", held_on=dt.date(2026, 2, 3)), framework.version
    )
    url = f"sqlite:///{tmp_path / 'assessment.db'}"  # the sqlite_store fixture's file
    status, error = _report(capsys, url, "Testford", "-o", str(tmp_path / "paper.docx"))
    assert status == 1 and "has no answers yet" in error and "\n" not in error


@needs("chromium")
def test_report_writes_the_word_file_and_says_where_an_unwritable_path_fails(capsys, sqlite_store, framework, tmp_path):
    small_groups_round(sqlite_store, framework)
    url = f"sqlite:///{tmp_path / 'assessment.db'}"
    target = tmp_path / "paper.docx"
    assert main(["--database", url, "report", "Testford", "-o", str(target), "--status", "final"]) == 0
    assert "Status: Final" in texts(Document(str(target)))
    capsys.readouterr()
    missing = str(tmp_path / "no such folder" / "paper.docx")
    assert _report(capsys, url, "Testford", "-o", missing) == (
        1,
        f"error: cannot write {missing}: No such file or directory",
    )


def test_report_status_is_draft_or_final(sample_url, tmp_path):
    with pytest.raises(SystemExit) as exit_:
        main(["--database", sample_url, "report", "Dunmoor", "-o", str(tmp_path / "p.docx"), "--status", "x"])
    assert exit_.value.code == 2
