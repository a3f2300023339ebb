"""The Board paper of one sample round (Ashvale's latest), timed against the same paper without charts.

1. bare: write_docx with renderer=None, the same sections and tables written by python-docx in the
   same run, without chart images (its figures' tables are still there).
2. charts: png_images of the paper's two figures, in one call (one Chromium, as the paper draws them).
3. paper: write_docx with the charts, end to end (reading the results, drawing, writing).

Target: paper <= 3 x bare + charts, printed as paper / (3 x bare + charts), target <= 1x. The three
are timed in turn, RUNS times over (so that a busy spell of the shared machine falls on all three),
and each time is the median of its runs; the absolute seconds are printed too, and the PDF conversion
(LibreOffice) is timed once for information.
"""

from __future__ import annotations

import statistics
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

from assessment.charts.png import ChartRenderError, png_images
from assessment.framework import load_framework
from assessment.paper import ConverterMissing, docx_to_pdf, write_docx
from assessment.paper.findings import charts
from assessment.paper.gather import gather
from assessment.sample import load_sample
from assessment.storage import Store

AREA = "Ashvale"
RUNS = 5
BARE_FACTOR = 3
TARGET = 1.0


def seconds(work: Callable[[], object]) -> float:
    """The wall time of one call of work."""
    start = time.perf_counter()
    work()
    return time.perf_counter() - start


def main() -> None:
    """Print the paper's time as a ratio to three bare documents plus the charts' rendering."""
    framework = load_framework()
    with tempfile.TemporaryDirectory() as folder:
        store = Store(f"sqlite:///{Path(folder) / 'sample.db'}")
        load_sample(store, framework)
        round_id = store.rounds.list_rounds(store.rounds.find_area(AREA).id)[-1].id
        figures = [chart.figure for chart in charts(framework, gather(store, framework, round_id))]
        try:
            png_images(figures)  # a first drawing warms the browser's files in the disk cache
        except ChartRenderError as exc:
            print(f"paper: skipped ({exc})")
            return
        runs = [
            (
                seconds(lambda: write_docx(store, framework, round_id, renderer=None)),
                seconds(lambda: png_images(figures)),
                seconds(lambda: write_docx(store, framework, round_id)),
            )
            for _ in range(RUNS)
        ]
        bare, drawing, paper = (statistics.median(times) for times in zip(*runs, strict=True))
        budget = BARE_FACTOR * bare + drawing
        print(
            f"paper of {AREA}'s latest round: whole paper {paper:.2f}s, bare document {bare:.2f}s, "
            f"{len(figures)} charts {drawing:.2f}s (budget {BARE_FACTOR} x bare + charts = {budget:.2f}s)"
        )
        print(f"paper_docx: ratio {paper / budget:.2f}x (target <= {TARGET:g}x)")
        try:
            docx = write_docx(store, framework, round_id)
            print(f"paper PDF conversion (LibreOffice, for information): {seconds(lambda: docx_to_pdf(docx)):.2f}s")
        except ConverterMissing as exc:
            print(f"paper PDF conversion: skipped ({exc})")
        store.dispose()


if __name__ == "__main__":
    main()
