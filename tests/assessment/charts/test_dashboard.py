"""The dashboard's figures: fixed axes, labels besides colour, escaped names, and no crowded labels."""

from __future__ import annotations

import numpy as np
import pandas as pd

from assessment.charts import dashboard as charts


def test_radar_has_a_fixed_zero_to_four_axis_a_band_and_escaped_names(framework):
    series = [charts.RadarSeries("<b>Evil</b> area", [2.0] * 8), charts.RadarSeries("Previous", [1.0] * 8, 7, True)]

    fig = charts.factor_radar(framework, series, band=([1.0] * 8, [3.0] * 8))

    assert tuple(fig.layout.polar.radialaxis.range) == (0, 4)
    band, this, previous = fig.data
    assert band.fill == "toself"
    assert this.name == "&lt;b&gt;Evil&lt;/b&gt; area"
    assert this.marker.symbol != previous.marker.symbol and previous.line.dash == "dash"
    assert list(this.theta)[:8] == [charts.wrap(f.short_name, 10) for f in framework.factors]
    assert "Capacity<br>for change" in this.theta


def test_radar_without_other_areas_draws_no_band(framework):
    fig = charts.factor_radar(
        framework, [charts.RadarSeries("This round", [2.0] * 8)], band=([np.nan] * 8, [np.nan] * 8)
    )

    assert len(fig.data) == 1


def test_continuum_strip_writes_the_shares_and_labels_every_marker(framework):
    shares = pd.Series([0.0, 0.25, 0.75, 0.0, 0.004, 0.0], index=range(1, 7))
    markers = charts.strip_markers(framework, 2.4, 2, 3, None, 1.9)

    fig = charts.continuum_strip(framework, shares, markers)

    assert list(fig.data[0].text) == ["", "25%", "75%", "", "<1%", ""]
    labels = [t.text[0] for t in fig.data[1:] if t.mode == "markers+text"]
    assert labels == ["2.4", "1.9", "Option 1", "Option 2", "Option 3"]
    options = [t for t in fig.data[1:] if t.mode == "markers+text" and t.text[0].startswith("Option")]
    assert [t.textposition for t in options] == ["top center", "bottom center", "top center"]
    assert list(fig.layout.yaxis2.categoryarray) == ["Options", "Last round", "This round"]
    assert tuple(fig.layout.xaxis2.range) == (0.5, 6.5)


def test_strip_markers_put_each_option_at_its_stage(framework):
    markers = charts.strip_markers(framework, None, None, None, 3.5, None)

    assert [(m.row, m.stage) for m in markers] == [
        ("Agreed", 3.5),
        ("Options", 3),
        ("Options", 4),
        ("Options", 5),
    ]


def test_long_axis_labels_are_wrapped_onto_lines():
    assert charts.wrap("Commissioner/provider") == "Commissioner/<br>provider"
    assert charts.wrap("Capacity for change") == "Capacity for<br>change"
    assert charts.wrap("Silo") == "Silo"
    assert charts.wrap("<script>") == "&lt;script&gt;"


def test_partner_heatmap_names_hidden_groups_in_their_label_and_shows_no_numbers(framework):
    medians = np.array([[2.0] * 8, [np.nan] * 8])

    fig = charts.score_heatmap(framework, ["Council (5)", "Schools (1)"], medians, [None, "too few to show"])

    assert list(fig.data[0].text[0]) == ["2.0"] * 8
    assert list(fig.data[0].text[1]) == [""] * 8
    assert list(fig.data[0].y) == ["Council (5)", "Schools (1), too<br>few to show"]
    assert (fig.data[0].zmin, fig.data[0].zmax) == (0, 4)


def test_score_heatmap_leaves_factor_names_on_one_line_for_plotly_to_turn_on_a_phone(framework):
    fig = charts.score_heatmap(framework, ["Council (5)"], np.array([[2.0] * 8]))

    assert [x.strip("\u00a0") for x in fig.data[0].x] == [f.short_name for f in framework.factors]
    assert fig.layout.xaxis.tickangle is None  # plotly's automatic angle: level when the names fit
    assert fig.layout.xaxis.automargin


def test_long_row_names_are_wrapped_and_rows_made_tall_enough_for_them():
    rows, lines = charts.wrapped_rows(["Voluntary and community sector (4)", "Schools (1)"])

    assert rows == ["Voluntary and<br>community sector<br>(4)", "Schools (1)"]
    assert lines == 3


def test_stage_names_alternate_between_two_lines_so_neighbours_never_touch(framework):
    values, below = charts.stage_ticks(framework)
    _values, above = charts.stage_ticks(framework, top=True)

    assert values == [1, 2, 3, 4, 5, 6]
    assert below[0] == "1<br>Silo"  # odd stages: the name just under the number
    assert below[1].startswith("2<br> <br>")  # even stages: a line further down
    assert above[0] == "Silo<br>1"  # an axis above the plot: the number next to the axis
    assert above[5].endswith("<br> <br>6")


def test_share_heatmap_puts_each_share_in_its_cell(framework):
    shares = pd.DataFrame({"name": ["Budgets"], "n": [4], 1: [0.0], 2: [0.25], 3: [0.75], 4: [0.0], 5: [0.0], 6: [0.0]})

    fig = charts.share_heatmap(framework, shares)

    assert list(fig.data[0].text[0]) == ["", "25%", "75%", "", "", ""]
    assert list(fig.data[0].y) == ["Budgets (4 people)"]


def _spread_split_on_leadership(framework):
    # Leadership: 8 people, 4 of them over a level from the median: split under both rules (4 of 8 = 50% > 25%,
    # and 4 >= 4); the other factors agree.
    return pd.DataFrame(
        {
            "median": [2.0] * 8,
            "q1": [1.5] * 8,
            "q3": [2.5] * 8,
            "outside_share": [0.5] + [0.0] * 7,
            "n": [8] * 8,
            "agreement": ["split"] + ["agreement"] * 7,
        },
        index=[f.id for f in framework.factors],
    )


def test_agreement_chart_marks_split_factors_with_a_cross_and_the_word_split(framework):
    fig = charts.agreement_chart(framework, _spread_split_on_leadership(framework))

    split = next(t for t in fig.data if t.name and t.name.startswith("Split"))
    assert split.marker.symbol == "x"
    assert split.text[0] == "split: 50% scored over a level away"
    assert tuple(fig.layout.xaxis.range) == (0, 4)


def test_agreement_chart_under_the_count_rule_says_how_many_of_how_many(framework):
    counting = framework.model_copy(update={"agreement": framework.agreement.model_copy(update={"rule": "count"})})

    fig = charts.agreement_chart(counting, _spread_split_on_leadership(framework))

    split = next(t for t in fig.data if t.name and t.name.startswith("Split"))
    assert split.text[0] == "split: 4 of 8 scored over a level away"  # 50% of 8 people


def test_trend_chart_has_one_small_chart_per_factor_and_one_for_the_position(framework):
    trend = pd.DataFrame({"held_on": ["2025-01-01", "2026-01-01"], "position": [2.0, 2.5]})
    for factor in framework.factors:
        trend[factor.id] = [1.0, 2.0]

    fig = charts.trend_chart(framework, trend)

    assert len(fig.data) == 9
    assert tuple(fig.layout.yaxis9.range) == (0.5, 6.9)
    assert list(fig.data[8].text) == ["2.0", "2.5"]


def test_areas_strip_names_a_few_areas_and_shows_many_as_dots(framework):
    few = pd.DataFrame({"area": ["A", "B"], "position": [2.0, 3.0], "lower": [1, 2], "upper": [3, 4]})
    many = pd.DataFrame(
        {"area": [f"Area {i}" for i in range(40)], "position": np.linspace(1, 6, 40), "lower": 1, "upper": 6}
    )

    named = charts.areas_strip(framework, few)
    dots = charts.areas_strip(framework, many)

    assert list(named.data[-1].y) == ["A", "B"] and list(named.data[-1].text) == ["2.0", "3.0"]
    assert list(named.layout.yaxis.categoryarray) == ["B", "A"]  # the table's first area on top
    assert len(dots.data) == 1 and dots.data[0].mode == "markers"
