"""Fixtures for the Board paper: the illustrative sample (built once), and reading a paper back."""

from __future__ import annotations

import io
import os
import shutil

import pytest
from docx import Document
from docx.document import Document as DocumentType
from docx.table import Table

from assessment.paper import document as doc
from assessment.sample import load_sample
from assessment.storage import Store

IN_CI = os.environ.get("CI") == "true"


def needs(*programs: str) -> pytest.MarkDecorator:
    """Skip when a program is missing, but only outside CI: CI installs them (.ci/run), so there a
    missing one is a failure."""
    missing = [p for p in programs if shutil.which(p) is None]
    return pytest.mark.skipif(
        bool(missing) and not IN_CI, reason=f"{', '.join(missing)} not installed here; .ci/run installs them"
    )


@pytest.fixture(scope="session")
def sample_url(tmp_path_factory, framework) -> str:
    """A SQLite file holding the illustrative sample, built once per test run."""
    url = f"sqlite:///{tmp_path_factory.mktemp('paper') / 'sample.db'}"
    store = Store(url)
    load_sample(store, framework)
    store.dispose()
    return url


@pytest.fixture
def sample_store(sample_url) -> Store:
    """The sample, to read (tests that change data make their own rounds)."""
    store = Store(sample_url)
    yield store
    store.dispose()


def reopen(paper: DocumentType) -> DocumentType:
    """The paper saved and opened again, as a reader's Word would open it."""
    return Document(io.BytesIO(doc.save(paper)))


def table_with(paper: DocumentType, first_heading: str) -> Table:
    """The first table whose header row starts with first_heading."""
    for grid in paper.tables:
        if grid.rows[0].cells[0].text == first_heading:
            return grid
    raise AssertionError(f"no table headed {first_heading!r}")


def rows_of(grid: Table) -> list[list[str]]:
    """The table's body as text, header left out."""
    return [[cell.text for cell in row.cells] for row in grid.rows[1:]]


def texts(paper: DocumentType) -> list[str]:
    """Every paragraph's text outside tables."""
    return [p.text for p in paper.paragraphs]
