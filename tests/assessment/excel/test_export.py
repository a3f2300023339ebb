"""The results workbook: sheets, numbers, formatting, charts and safe text."""

from __future__ import annotations

import datetime as dt
import io
import re
import zipfile

import pytest
from openpyxl import load_workbook
from python_calamine import CalamineWorkbook

from assessment.excel.export import programme_workbook, results_workbook
from assessment.models import Answer, ItemKind, RoundInput
from assessment.results import EmptyRound, score_round
from assessment.results.options import readiest_option
from assessment.storage import NotFound
from tests.assessment.excel.conftest import small_round
from tests.assessment.helpers import FELL_TO, falling_area

RESULT_SHEETS = [
    "About",
    "Summary",
    "Factor scores",
    "Continuum",
    "Options",
    "Option details",
    "Decision",
    "Development plan",
    "Responses",
]


def calamine_rows(data: bytes, sheet: str) -> list[list[object]]:
    """A sheet read by python-calamine, a reader independent of the openpyxl that wrote it."""
    return CalamineWorkbook.from_filelike(io.BytesIO(data)).get_sheet_by_name(sheet).to_python()


def table_rows(data: bytes, sheet: str, first_header: str) -> list[dict[str, object]]:
    """The rows of the table whose header row starts with first_header, as dicts."""
    rows = calamine_rows(data, sheet)
    start = next(i for i, row in enumerate(rows) if row and row[0] == first_header)
    header = rows[start]
    return [dict(zip(header, row, strict=True)) for row in rows[start + 1 :] if any(v != "" for v in row)]


def test_results_workbook_has_every_named_sheet_and_a_second_reader_opens_it(sqlite_store, framework):
    round_row = small_round(sqlite_store, framework)
    data = results_workbook(sqlite_store, framework, round_row.id)
    assert CalamineWorkbook.from_filelike(io.BytesIO(data)).sheet_names == RESULT_SHEETS


def test_factor_scores_sheet_shows_the_hand_worked_numbers(sqlite_store, framework):
    # Three people score every statement 2, 3 and 4: median 3, mean 3, Q1 2.5, Q3 3.5, IQR 1, n 3.
    round_row = small_round(sqlite_store, framework)
    rows = table_rows(results_workbook(sqlite_store, framework, round_row.id), "Factor scores", "Factor ID")
    assert [r["Factor ID"] for r in rows] == [f.id for f in framework.factors]
    for row in rows:
        assert (row["Median"], row["Mean"], row["Q1"], row["Q3"], row["IQR"], row["n"]) == (3, 3, 2.5, 3.5, 1, 3)
        assert row["Agreement"] == "agreement"


def test_factor_scores_match_the_engine_for_a_sample_round(sample_store, framework):
    round_row = sample_store.rounds.list_rounds()[0]
    engine = score_round(sample_store, framework, round_row.id).factors
    rows = table_rows(results_workbook(sample_store, framework, round_row.id), "Factor scores", "Factor ID")
    for row in rows:
        assert row["Median"] == pytest.approx(engine.loc[row["Factor ID"], "median"])
        assert row["Mean"] == pytest.approx(engine.loc[row["Factor ID"], "mean"])
        assert row["Consensus"] == pytest.approx(engine.loc[row["Factor ID"], "consensus"])


def test_summary_gives_the_continuum_sentence_position_and_recommended_option(sqlite_store, framework):
    round_row = small_round(sqlite_store, framework)
    rows = {r[0]: r[1] for r in calamine_rows(results_workbook(sqlite_store, framework, round_row.id), "Summary") if r}
    # Every component at stage 3 for the middle person: the room sits at 'virtual joint commissioning'.
    assert rows["Where the partnership sits"] == "The partnership sits at 'virtual joint commissioning'."
    assert rows["Continuum position (1 to 6)"] == 3
    # Nobody scored the options, so the readiness fallback speaks, labelled as such: medians of 3 meet
    # every prerequisite of Option 3 (the highest need is 3).
    assert rows["Recommended option"] == "None from an appraisal yet"
    assert rows["Readiness only (not an appraisal)"] == "Option 3: Joint commissioning for the whole system"


def test_summary_shows_a_fall_in_position_beside_the_continuum_sentence(sqlite_store, framework):
    _first, second = falling_area(sqlite_store, framework)  # 2.00 on 11 March 2025, then 1.79
    rows = {r[0]: r[1] for r in calamine_rows(results_workbook(sqlite_store, framework, second), "Summary") if r}
    assert rows["Where the partnership sits"] == FELL_TO


def test_readiness_fallback_is_the_status_quo_when_nothing_else_is_ready(sqlite_store, framework):
    round_row = small_round(sqlite_store, framework)
    result = score_round(sqlite_store, framework, round_row.id)
    result.options = [o for o in result.options if o.stage is None or o.readiness < 1.0]
    assert readiest_option(result, framework)[0] == "Status quo: keep current arrangements"


def test_sheets_are_formatted_with_tables_frozen_panes_formats_and_colour_scales(sqlite_store, framework):
    round_row = small_round(sqlite_store, framework)
    book = load_workbook(io.BytesIO(results_workbook(sqlite_store, framework, round_row.id)))
    scores = book["Factor scores"]
    assert "FactorScores" in scores.tables
    # Title, two notes (the score rule; other areas, the percentile and the previous round), a blank row,
    # then the header on row 6 and the first factor on row 7.
    assert scores.freeze_panes == "C7"
    assert scores["D7"].number_format == "0.00"
    assert scores["D6"].font.bold
    assert scores.column_dimensions["C"].width == 44
    rules = [rule.type for cf in scores.conditional_formatting for rule in cf.rules]
    assert rules.count("colorScale") == 4  # median, mean, agreed score and the score used
    continuum = book["Continuum"]
    assert "Continuum" in continuum.tables
    assert len([cf for cf in continuum.conditional_formatting]) == 7  # median stage plus six stage shares
    assert book["Responses"].freeze_panes == "A6"
    assert book["Summary"].page_setup.orientation == "landscape"


def test_factor_scores_carry_a_native_radar_chart_and_continuum_a_stacked_bar_chart(sqlite_store, framework):
    round_row = small_round(sqlite_store, framework)
    with zipfile.ZipFile(io.BytesIO(results_workbook(sqlite_store, framework, round_row.id))) as archive:
        charts = sorted(n for n in archive.namelist() if n.startswith("xl/charts/chart"))
        xml = [archive.read(n).decode() for n in charts]
    assert any("<c:radarChart>" in chart or "radarChart" in chart for chart in xml)
    assert any("barChart" in chart and 'val="percentStacked"' in chart for chart in xml)


def test_text_that_looks_like_a_formula_is_escaped_and_reads_back_unchanged(sqlite_store, framework):
    dangerous = ["=1+1", "+SUM(A1:A2)", "-2+3", "@cmd", "\tindented", "\rreturn", '=HYPERLINK("http://x")']
    round_row = small_round(sqlite_store, framework)
    person, _ = sqlite_store.responses.join(round_row.id, "voluntary")
    statements = [s.id for f in framework.factors for s in f.statements]
    sqlite_store.responses.save_answers(
        person.id,
        [
            Answer(kind=ItemKind.STATEMENT, item_id=i, value=1, comment=c)
            for i, c in zip(statements, dangerous, strict=False)
        ],
    )
    data = results_workbook(sqlite_store, framework, round_row.id)
    comments = {r["Comment"] for r in table_rows(data, "Responses", "Participant")}
    assert set(dangerous) <= comments
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        sheet = archive.read("xl/worksheets/sheet8.xml").decode()
    assert "<f>" not in sheet and "<f " not in sheet
    book = load_workbook(io.BytesIO(data))
    escaped = [c for row in book["Responses"].iter_rows() for c in row if c.value in dangerous]
    assert len(escaped) == len(dangerous)
    assert all(c.data_type == "s" and c.quotePrefix for c in escaped)


def test_numbers_stay_numbers(sqlite_store, framework):
    round_row = small_round(sqlite_store, framework)
    rows = table_rows(results_workbook(sqlite_store, framework, round_row.id), "Responses", "Participant")
    assert {type(r["Answer"]) for r in rows} <= {int, float}
    assert {type(r["Participant"]) for r in rows} <= {int, float}


def test_responses_hold_partner_types_but_no_names(sqlite_store, framework):
    round_row = small_round(sqlite_store, framework)
    rows = table_rows(results_workbook(sqlite_store, framework, round_row.id), "Responses", "Participant")
    assert len(rows) == 3 * (32 + 8)
    # One council person, one NHS commissioner and one school: 1 + 1 + 1 = 3 people, shown as Other partner.
    assert {r["Partner type"] for r in rows} == {"Other partner"}
    assert {r["Participant"] for r in rows} == {1, 2, 3}


def test_small_partner_groups_are_always_combined_and_no_partner_type_under_k_is_named(sqlite_store, framework):
    # Each partner type has one person, fewer than the framework's k of 3; together they make 3.
    round_row = small_round(sqlite_store, framework)
    data = results_workbook(sqlite_store, framework, round_row.id)
    partners = {r["Partner type"] for r in table_rows(data, "Responses", "Participant")}
    assert partners == {"Other partner"}


def test_a_round_nobody_answered_is_not_exported(sqlite_store, framework):
    small_round(sqlite_store, framework)
    empty = sqlite_store.rounds.open_round(
        RoundInput(pin="2468", area="Empty", held_on=dt.date(2026, 1, 1)), framework.version
    )
    with pytest.raises(EmptyRound, match="no answers yet"):
        results_workbook(sqlite_store, framework, empty.id)


def test_programme_workbook_compares_every_areas_latest_finalised_round(sample_store, framework):
    data = programme_workbook(sample_store, framework)
    assert CalamineWorkbook.from_filelike(io.BytesIO(data)).sheet_names == [
        "About",
        "Compare",
        "Factor scores",
        "Continuum",
        "Development plan",
        "Responses",
    ]
    compare = table_rows(data, "Compare", "Area")
    assert [r["Area"] for r in compare] == ["Ashvale", "Brookmere", "Calderwick", "Dunmoor", "Elmridge", "Fernhollow"]
    # Ashvale's 2026 round is still open, so its latest finalised round is the 2025 one.
    assert compare[0]["Round date"] in (dt.date(2025, 2, 4), dt.datetime(2025, 2, 4))
    areas = {r["Area"] for r in table_rows(data, "Responses", "Area")}
    assert len(areas) == 6


def test_programme_workbook_needs_a_finalised_round(sqlite_store, framework):
    small_round(sqlite_store, framework)
    with pytest.raises(NotFound, match="finalised"):
        programme_workbook(sqlite_store, framework)


def test_exported_sheet_xml_declares_no_doctype(sqlite_store, framework):
    round_row = small_round(sqlite_store, framework)
    with zipfile.ZipFile(io.BytesIO(results_workbook(sqlite_store, framework, round_row.id))) as archive:
        assert not any(re.search(rb"<!DOCTYPE", archive.read(n)) for n in archive.namelist())
