"""Screenshots of the Board paper: its first page and the page of the success factors' findings.

Loads the illustrative sample into a fresh database, writes the PDF of Ashvale's latest round as
`python -m assessment report Ashvale -o paper.pdf` does, and draws two of its pages with poppler's
pdftoppm to docs/screenshots/paper-first-page.png and paper-findings.png (`make screenshots`).
"""

from __future__ import annotations

import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from assessment.framework import load_framework  # noqa: E402
from assessment.paper import write_pdf  # noqa: E402
from assessment.sample import load_sample  # noqa: E402
from assessment.storage import Store  # noqa: E402

AREA = "Ashvale"
FINDINGS_HEADING = "The eight success factors"  # the page that shows the factor table
DOTS_PER_INCH = 100
OUT = ROOT / "docs" / "screenshots"


def page_with(pdf: Path, text: str) -> int:
    """The number (from 1) of the first page of the PDF whose text holds text."""
    pages = subprocess.run(["pdftotext", "-layout", str(pdf), "-"], capture_output=True, text=True, check=True)
    for number, page in enumerate(pages.stdout.split("\f"), start=1):
        if text in page:
            return number
    raise LookupError(f"no page of {pdf} says {text!r}")


def draw_page(pdf: Path, number: int, target: Path) -> None:
    """One page of the PDF as a PNG at DOTS_PER_INCH."""
    stem = target.with_suffix("")
    command = ["pdftoppm", "-png", "-r", str(DOTS_PER_INCH), "-f", str(number), "-l", str(number), "-singlefile"]
    subprocess.run([*command, str(pdf), str(stem)], check=True)


def main() -> int:
    """Write the two screenshots; returns 0."""
    framework = load_framework()
    OUT.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory() as folder:
        store = Store(f"sqlite:///{Path(folder) / 'sample.db'}")
        load_sample(store, framework)
        round_id = store.rounds.list_rounds(store.rounds.find_area(AREA).id)[-1].id
        pdf = Path(folder) / "paper.pdf"
        pdf.write_bytes(write_pdf(store, framework, round_id))
        store.dispose()
        draw_page(pdf, 1, OUT / "paper-first-page.png")
        draw_page(pdf, page_with(pdf, FINDINGS_HEADING), OUT / "paper-findings.png")
    print(f"wrote {OUT / 'paper-first-page.png'} and {OUT / 'paper-findings.png'}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
