"""The Excel import and export page, run as the app runs it."""

from __future__ import annotations

from pathlib import Path

import streamlit as st
from streamlit.testing.v1 import AppTest

from tests.app_pages.apptest import signed_in
from tests.assessment.excel.conftest import small_round
from ui.components.results_download import XLSX

ROOT = Path(__file__).resolve().parents[2]


def test_excel_page_offers_both_downloads_and_the_upload_for_the_chosen_round(sqlite_store, framework, monkeypatch):
    round_row = small_round(sqlite_store, framework)
    monkeypatch.setenv("ASSESSMENT_DATABASE_URL", sqlite_store.url)
    st.cache_resource.clear()  # ui.resources caches the store: make it open this test's database
    app = signed_in(AppTest.from_file(str(ROOT / "app_pages" / "excel.py"), default_timeout=60))
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


def test_three_hundred_bad_cells_show_twenty_problems_and_a_count_of_the_rest(sqlite_store, framework, monkeypatch):
    from tests.assessment.excel.test_upload_bounds import badly_filled_copies

    round_row = small_round(sqlite_store, framework)
    monkeypatch.setenv("ASSESSMENT_DATABASE_URL", sqlite_store.url)
    st.cache_resource.clear()
    app = signed_in(AppTest.from_file(str(ROOT / "app_pages" / "excel.py"), default_timeout=60))
    app.run()
    files = [(name, data, XLSX) for name, data in badly_filled_copies(framework, round_row)]
    app.file_uploader[0].set_value(files).run()
    app.button(key="workbook_upload_go").click().run()
    assert not app.exception
    assert app.error[0].value == "Nothing was imported. Fix these problems and upload again:"
    [listing] = [m.value for m in app.markdown if "more problems" in m.value]
    bullets = [line for line in listing.splitlines() if line.startswith("- ")]
    # 4 files x 75 bad cells: the first 20 are rows 9 to 18 of the first file, answer then comment.
    assert len(bullets) == 20
    assert bullets[0].startswith(
        "- person-1.xlsx, sheet 'Questionnaire', row 9, Answer\\::small[] 'perhaps' is not one of"
    )
    assert bullets[-1].startswith("- person-1.xlsx, sheet 'Questionnaire', row 18, Comment\\::small[] holds a formula")
    assert listing.endswith("\n\n... and 280 more problems")
    assert len(sqlite_store.responses.participants_frame([round_row.id])) == 3
