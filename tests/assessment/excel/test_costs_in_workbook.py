"""The results workbook shows the partnership's cost estimates on the Options sheet, as figures, and each
option's resources on the Option details sheet; read back with openpyxl and python-calamine."""

from __future__ import annotations

import io

from openpyxl import load_workbook

from assessment.excel.export import results_workbook
from assessment.models import CostEstimate
from tests.assessment.excel.conftest import small_round
from tests.assessment.excel.test_options_sheet import table
from tests.assessment.helpers import targeted_estimate

FIGURES = (
    "One-off cost from (£)",
    "One-off cost to (£)",
    "Cost a year from (£)",
    "Cost a year to (£)",
    "Posts from (FTE)",
    "Posts to (FTE)",
)


def estimated(store, framework):  # noqa: ANN001, ANN201
    round_row = small_round(store, framework)
    store.costs.save(
        round_row.id,
        [
            targeted_estimate("Two joint posts."),
            CostEstimate(option_id="virtual", one_off_low=5_000),  # one figure: £5,000 at both ends
        ],
    )
    return results_workbook(store, framework, round_row.id)


def test_the_options_sheet_lists_every_options_estimate_as_figures(sqlite_store, framework):
    rows = {r["Option"]: r for r in table(estimated(sqlite_store, framework), "Options", "Option", *FIGURES)}
    assert list(rows) == [o.name for o in framework.options]
    targeted = rows["Option 2: Joint commissioning in targeted areas"]
    assert [targeted[f] for f in FIGURES] == [40_000, 60_000, 120_000, 150_000, 2, 3]
    assert targeted["Note"] == "Two joint posts."
    assert [rows["Option 1: Virtual joint commissioning"][f] for f in FIGURES] == [5_000, 5_000, "", "", "", ""]
    assert [rows["Status quo: keep current arrangements"][f] for f in FIGURES] == [""] * 6


def test_the_estimates_are_an_excel_table_with_money_in_pounds(sqlite_store, framework):
    ws = load_workbook(io.BytesIO(estimated(sqlite_store, framework)))["Options"]
    first, _last = ws.tables["CostEstimates"].ref.split(":")
    header = int(first[1:])
    targeted = header + 3  # status quo, Option 1, Option 2
    assert [ws.cell(header, column).value for column in (1, 2, 8)] == ["Option", "One-off cost from (£)", "Note"]
    assert ws.cell(targeted, 2).value == 40_000
    assert ws.cell(targeted, 2).number_format == '"£"#,##0'  # shown as £40,000
    assert ws.cell(targeted, 6).number_format == "0.0"  # posts: 2.0


def test_option_details_end_with_each_options_resources(sqlite_store, framework):
    details = table(estimated(sqlite_store, framework), "Option details", "Dimension", "Question")
    resources = details[-1]
    assert resources["Dimension"] == "Resources"
    for option in framework.options:
        assert resources[option.name] == option.resources
