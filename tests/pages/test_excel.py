"""The Excel import and export page, run as the app runs it."""

from __future__ import annotations

from pathlib import Path

import streamlit as st
from streamlit.testing.v1 import AppTest

from tests.assessment.excel.conftest import small_round

ROOT = Path(__file__).resolve().parents[2]


def test_excel_page_offers_both_downloads_and_the_upload_for_the_chosen_round(sqlite_store, framework, monkeypatch):
    round_row = small_round(sqlite_store, framework)
    monkeypatch.setenv("ASSESSMENT_DATABASE_URL", sqlite_store.url)
    st.cache_resource.clear()  # ui.resources caches the store: make it open this test's database
    app = AppTest.from_file(str(ROOT / "app_pages" / "excel.py"), default_timeout=60)
    app.run()
    assert not app.exception
    assert app.title[0].value == "Excel import and export"
    assert [s.value for s in app.subheader] == [
        "Results workbook for the Board",
        "All areas side by side",
        "Offline questionnaire",
        "Import",
    ]
    assert app.info[0].value == "No round has been finalised yet, so there is nothing to compare."
    labels = [b.proto.label for b in app.get("download_button")]
    assert labels == ["Download the results workbook (.xlsx)", "Download the offline questionnaire (.xlsx)"]
    assert app.caption[1].value.startswith("Partner types with fewer than 3 people are combined into Other partner")
    assert round_row.join_code in app.caption[2].value
