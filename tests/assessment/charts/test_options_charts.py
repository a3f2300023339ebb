"""The option figures: what they draw, in which order, and that user text is escaped."""

from __future__ import annotations

import pandas as pd

from assessment.appraisal import WeightSensitivity, assess_all, contributions, rank_options
from assessment.charts.options import appraisal_figure, readiness_figure, sensitivity_figure, step_change_figure
from assessment.storage import HybridRow


def test_step_change_figure_labels_each_option_with_its_gap(framework):
    medians = {f.id: 2.0 for f in framework.factors}
    assessed = assess_all(framework, [], medians, 1.8)
    figure = step_change_figure(assessed, 1.8, framework)
    options = next(t for t in figure.data if t.name == "Where the option puts it")
    assert list(options.x) == [3, 4, 5]
    assert [t.strip() for t in options.text] == ["+1.2 stages", "+2.2 stages", "+3.2 stages"]


def test_a_hybrid_name_is_escaped_in_every_chart(framework):
    choices = dict.fromkeys([d.id for d in framework.dimensions], "targeted")
    hybrid = HybridRow(1, 1, "<b>Our</b> mix", choices)
    assessed = assess_all(framework, [hybrid], {}, 2.0)
    figure = step_change_figure(assessed, 2.0, framework)
    assert "&lt;b&gt;Our&lt;/b&gt;" in " ".join(str(y) for y in figure.data[0].y)
    scores = pd.DataFrame({"outcomes": [3.0]}, index=["hybrid_1"])
    table = rank_options(scores, {"outcomes": 1})
    bars = appraisal_figure(
        contributions(scores, {"outcomes": 1}), table, {"hybrid_1": "<b>Our</b> mix"}, {"outcomes": "Outcomes"}
    )
    assert "<b>" not in str(bars.data[0].y[0])


def test_readiness_figure_marks_met_and_short_prerequisites(framework):
    medians = {f.id: 2.0 for f in framework.factors}
    figure = readiness_figure(framework, medians, [framework.option("targeted"), framework.option("whole_system")])
    met, short = figure.data
    # option 2 needs five factors at 2 (all met at 2.0); option 3 needs six at 3 (short) and two at 2 (met)
    assert len(met.x) == 5 + 2 and len(short.x) == 6
    assert "3 / 2.0" in short.text


def test_appraisal_figure_puts_the_best_option_on_top_with_its_score():
    scores = pd.DataFrame({"outcomes": [1.0, 4.0], "feasibility": [3.0, 2.0]}, index=["a", "b"])
    weights = {"outcomes": 50, "feasibility": 50}
    figure = appraisal_figure(
        contributions(scores, weights),
        rank_options(scores, weights),
        {"a": "A", "b": "B"},
        {"outcomes": "Outcomes", "feasibility": "Feasibility"},
    )
    # A = (1 + 3)/2 = 2.0, B = (4 + 2)/2 = 3.0, so B first
    assert list(figure.data[0].y) == ["B", "A"]
    assert [t.strip() for t in figure.data[-1].text] == ["3.00  (rank 1)", "2.00  (rank 2)"]


def test_sensitivity_figure_spans_the_weights_that_keep_the_ranking():
    items = [
        WeightSensitivity("outcomes", 60, 40, None, ("a", "b"), None, 40, None),
        WeightSensitivity("feasibility", 40, None, 60, None, ("a", "b"), None, 60),
        WeightSensitivity("fragmentation", 0, None, None, None, None, None, None),
    ]
    figure = sensitivity_figure(
        items, {"outcomes": "Outcomes", "feasibility": "Feasibility", "fragmentation": "Fragmentation"}
    )
    bars = figure.data[0]
    assert list(bars.base) == [40, 0, 0] and list(bars.x) == [60, 60, 100]
    assert list(bars.text) == ["changes at 40", "changes at 60", "never changes"]
