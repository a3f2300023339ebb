"""The Board paper as bytes: the Word file, and a PDF of it made by LibreOffice's Writer (a real
converter, so the PDF's text is selectable and matches the Word file)."""

from __future__ import annotations

import shutil
import subprocess
import tempfile
from pathlib import Path

from assessment.charts.png import png_images
from assessment.framework import Framework
from assessment.paper import document as doc
from assessment.paper.paper import Renderer, board_paper
from assessment.storage import Store

CONVERT_SECONDS = 180


class ConverterMissing(RuntimeError):
    """LibreOffice is not installed, or it could not convert the paper."""


def soffice_path() -> str:
    """LibreOffice's soffice; ConverterMissing when it is not installed."""
    found = shutil.which("soffice") or shutil.which("libreoffice")
    if found is None:
        raise ConverterMissing("LibreOffice is not installed (soffice not found): install libreoffice-writer-nogui")
    return found


def write_docx(
    store: Store,
    framework: Framework,
    round_id: int,
    status: str | None = None,
    *,
    renderer: Renderer | None = png_images,
) -> bytes:
    """The round's Board paper as .docx bytes (board_paper's arguments)."""
    return doc.save(board_paper(store, framework, round_id, status, renderer=renderer))


def write_pdf(
    store: Store,
    framework: Framework,
    round_id: int,
    status: str | None = None,
    *,
    renderer: Renderer | None = png_images,
) -> bytes:
    """The round's Board paper as PDF bytes, converted from the .docx by LibreOffice."""
    return docx_to_pdf(write_docx(store, framework, round_id, status, renderer=renderer))


def docx_to_pdf(docx: bytes) -> bytes:
    """A .docx converted to PDF by LibreOffice, headless, with a profile of its own for this run (so
    runs side by side never share one)."""
    soffice = soffice_path()
    with tempfile.TemporaryDirectory(prefix="board-paper-") as folder:
        work = Path(folder)
        source = work / "paper.docx"
        source.write_bytes(docx)
        command = [
            soffice,
            "--headless",
            f"-env:UserInstallation={(work / 'profile').as_uri()}",
            "--convert-to",
            "pdf",
            "--outdir",
            str(work),
            str(source),
        ]
        try:
            done = subprocess.run(command, capture_output=True, text=True, timeout=CONVERT_SECONDS)
        except subprocess.TimeoutExpired as exc:
            raise ConverterMissing(f"LibreOffice took over {CONVERT_SECONDS} seconds to convert the paper") from exc
        target = work / "paper.pdf"
        if not target.exists():
            problem = (done.stderr or done.stdout).strip().splitlines()
            raise ConverterMissing(
                "LibreOffice could not convert the paper to PDF" + (f": {problem[-1]}" if problem else "")
            )
        return target.read_bytes()
