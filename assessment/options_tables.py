"""The options appraisal as tables people read: one builder per table, used by the Structural options
page, the results workbook and the Board paper alike. Pure: every number comes from
a RoundAppraisal (assessment.results.options); nothing is worked out again here."""

from __future__ import annotations

from collections.abc import Mapping

import pandas as pd

from assessment.appraisal import RoundAppraisal, ScoreSource, WeightSensitivity, contributions, ranked, shortfall_words
from assessment.costs import estimate_words
from assessment.framework import Framework
from assessment.models import CostEstimate
from assessment.rounding import score_text

NONE_BELOW = "None"
# The estimate's figures as the costs table heads them.
COST_COLUMNS = {
    "one_off_low": "One-off cost from (£)",
    "one_off_high": "One-off cost to (£)",
    "recurring_low": "Cost a year from (£)",
    "recurring_high": "Cost a year to (£)",
    "posts_low": "Posts from (FTE)",
    "posts_high": "Posts to (FTE)",
}
NEVER_DOWN, NEVER_UP = "never (holds to 0)", "never (holds to 100)"


def short_name(appraisal: RoundAppraisal, framework: Framework, option_id: str) -> str:
    """A framework option's label (Framework.option_label: 'Option 2: Targeted', 'Status quo'); a
    hybrid's own name."""
    return option_labels(appraisal, framework)[option_id]


def option_labels(appraisal: RoundAppraisal, framework: Framework) -> dict[str, str]:
    """Option id -> the name tables and charts list it by: the framework's options by
    Framework.option_label, the round's hybrids by their own names."""
    framework_ids = {o.id for o in framework.options}
    return {o.id: framework.option_label(o.id) if o.id in framework_ids else o.name for o in appraisal.options}


def stage_words(framework: Framework, stage: int | None) -> str:
    """'Stage 3: Virtual joint commissioning', or 'Where the partnership is now' for the status quo."""
    return "Where the partnership is now" if stage is None else f"Stage {stage}: {framework.stage(stage).name}"


def score_basis(appraisal: RoundAppraisal) -> str:
    """Whose scores the ranking uses, in words."""
    return "the Board's scores" if appraisal.source == ScoreSource.BOARD else "the room's median scores"


def readiness_table(framework: Framework, appraisal: RoundAppraisal) -> pd.DataFrame:
    """Per option (the framework's and the hybrids): its stage, the step change from today's position,
    the share of its success-factor prerequisites met, the factors below what it needs, and its kind."""
    factor_names = {f.id: f.short_name for f in framework.factors}
    hybrid_ids = {h.option_id for h in appraisal.hybrids}
    rows = []
    for option in appraisal.options:
        assessment = appraisal.assessments[option.id]
        rows.append(
            {
                "Option": short_name(appraisal, framework, option.id),
                "Stage": stage_words(framework, assessment.stage),
                "Step change (stages)": assessment.gap,
                "Prerequisites met": assessment.readiness,
                "Below what it needs": "; ".join(shortfall_words(assessment.shortfalls, factor_names)) or NONE_BELOW,
                "Kind": "Hybrid (mix and match)" if option.id in hybrid_ids else "Framework option",
                "Option ID": option.id,
            }
        )
    return pd.DataFrame(rows)


def prerequisite_table(framework: Framework, appraisal: RoundAppraisal) -> pd.DataFrame:
    """The readiness chart as a table: one row per option and success factor it relies on, with the level
    it needs, the factor's score now (agreed or median) and whether that meets it (from the option's
    assessed shortfalls, the one readiness rule)."""
    scores = appraisal.result.factors["score"]
    rows = []
    for option in appraisal.options:
        below = {f for f, _needed, _have in appraisal.assessments[option.id].shortfalls}
        for factor in framework.factors:
            if factor.id in option.prerequisites:
                have = scores.get(factor.id)
                rows.append(
                    {
                        "Option": short_name(appraisal, framework, option.id),
                        "Success factor": factor.short_name,
                        "Level needed": option.prerequisites[factor.id],
                        "Score now": "not scored" if have is None or pd.isna(have) else score_text(have),
                        "Met": "no, below" if factor.id in below else "yes",
                    }
                )
    return pd.DataFrame(rows, columns=["Option", "Success factor", "Level needed", "Score now", "Met"])


def weights_table(framework: Framework, appraisal: RoundAppraisal) -> pd.DataFrame:
    """Each criterion's weight (points) and share of the total."""
    weights = appraisal.weights
    total = sum(weights.values()) or 1.0
    return pd.DataFrame(
        {
            "Criterion": [c.name for c in framework.criteria],
            "Weight": [weights[c.id] for c in framework.criteria],
            "Share": [weights[c.id] / total for c in framework.criteria],
        }
    )


def ranking_table(framework: Framework, appraisal: RoundAppraisal) -> pd.DataFrame:
    """The fully scored options, best first: rank, label, weighted score (0-4) and whether it is tied."""
    table, order = appraisal.table, ranked(appraisal.table)
    labels = option_labels(appraisal, framework)
    return pd.DataFrame(
        {
            "Rank": [int(table.loc[o, "rank"]) for o in order],
            "Option": [labels[o] for o in order],
            "Weighted score (0-4)": [table.loc[o, "score"] for o in order],
            "Tied": ["yes" if table.loc[o, "tied"] else "" for o in order],
        }
    )


def contributions_table(framework: Framework, appraisal: RoundAppraisal) -> pd.DataFrame:
    """What each criterion contributes to each ranked option's weighted score (rows add up to it)."""
    order = ranked(appraisal.table)
    parts = contributions(appraisal.matrix.loc[order], appraisal.weights)
    shown = parts.rename(
        index=option_labels(appraisal, framework), columns={c.id: c.name for c in framework.criteria}
    ).round(2)
    shown.index.name = "Option"
    return shown.reset_index()


def first_to_tie(framework: Framework, appraisal: RoundAppraisal, item: WeightSensitivity) -> str:
    """The two options that tie first as the weight moves the shorter way."""
    lower_first = item.lowest is not None and item.weight - item.lowest == item.margin
    pair = item.lowest_swap if lower_first else item.highest_swap
    if pair is None:
        return ""
    return f"{short_name(appraisal, framework, pair[0])} and {short_name(appraisal, framework, pair[1])}"


def sensitivity_table(framework: Framework, appraisal: RoundAppraisal) -> pd.DataFrame:
    """Per criterion: the weight now, the weights at which the ranking changes (lowered or raised), the
    two options that tie first, the smallest move that changes the ranking and where first place changes."""
    names = {c.id: c.name for c in framework.criteria}
    return pd.DataFrame(
        [
            {
                "Criterion": names[item.criterion_id],
                "Weight now": item.weight,
                "Ranking changes if lowered to": NEVER_DOWN if item.lowest is None else round(item.lowest, 1),
                "Ranking changes if raised to": NEVER_UP if item.highest is None else round(item.highest, 1),
                "First to tie": first_to_tie(framework, appraisal, item),
                "Smallest move that changes the ranking": None if item.margin is None else round(item.margin, 1),
                "First place changes at": ", ".join(
                    f"{w:.1f}" for w in (item.leader_lowest, item.leader_highest) if w is not None
                )
                or "never",
            }
            for item in appraisal.sensitivities or []
        ]
    )


def costs_table(appraisal: RoundAppraisal, estimates: Mapping[str, CostEstimate]) -> pd.DataFrame:
    """Per option (the framework's and the hybrids): its resource implications in the framework's words,
    the partnership's estimate in words and as figures (each range low and high; None where not given),
    and the estimate's note."""
    rows = []
    for option in appraisal.options:
        estimate = estimates.get(option.id)
        rows.append(
            {
                "Option": option.name,
                "Resource implications": option.resources,
                "The partnership's estimate": estimate_words(estimate),
                **{label: getattr(estimate, name, None) for name, label in COST_COLUMNS.items()},
                "Note": estimate.note if estimate else "",
                "Option ID": option.id,
            }
        )
    return pd.DataFrame(rows)


def room_scores_table(framework: Framework, appraisal: RoundAppraisal) -> pd.DataFrame:
    """The room's scores per option and criterion: median, people scoring, quartiles and agreement."""
    detail = appraisal.room_detail.reset_index()
    detail["Option"] = detail["option_id"].map(option_labels(appraisal, framework))
    detail["Criterion"] = detail["criterion_id"].map({c.id: c.name for c in framework.criteria})
    return detail[["Option", "Criterion", "median", "n", "q1", "q3", "agreement"]].rename(
        columns={
            "median": "Median",
            "n": "People scored",
            "q1": "Lower quartile",
            "q3": "Upper quartile",
            "agreement": "Agreement",
        }
    )
