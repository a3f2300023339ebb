"""Tables the area dashboard draws, as pure functions of one round's scored result or answers (the read
side, assessment.results.area, gathers what they need)."""

from __future__ import annotations

import numpy as np
import pandas as pd

from assessment.disclosure import HIDDEN_LABEL, OTHER, decide, shown_factor_scores
from assessment.framework import Framework
from assessment.models import FIRST_PASS
from assessment.passes import pass_words, passes_side_by_side
from assessment.rounding import half_up, percent_text, score_text, stage_text
from assessment.scoring import (
    AGREED,
    SCORE_RULE,
    STAGE_COLUMNS,
    RoundResult,
    partner_breakdown,
    respondent_factor_scores,
    strengths_and_gaps,
)


def partner_table(answers: pd.DataFrame, framework: Framework) -> pd.DataFrame:
    """Factor medians per partner type for one round (answers: Store.answers_frame rows of the round), as
    disclosure.decide allows: a row per shown group in the framework's order (Other partner holding the
    merged small groups), withheld cells NaN, then, when anyone is hidden, a row HIDDEN_LABEL with how
    many people and no medians. Columns: partner_type (None on the hidden row), name, people, hidden and
    one column per factor id."""
    factor_ids = [f.id for f in framework.factors]
    columns = ["partner_type", "name", "people", "hidden", *factor_ids]
    if answers.empty:
        return pd.DataFrame(columns=columns)
    decision = decide(answers, framework)
    shown = shown_factor_scores(respondent_factor_scores(answers, framework), decision)
    medians = partner_breakdown(shown)["median"].unstack("factor_id").reindex(columns=factor_ids)
    order = {p.id: i for i, p in enumerate(framework.partner_types)}
    groups = sorted(decision.people, key=lambda g: (g == OTHER, order.get(g, len(order)), g))
    table = pd.DataFrame(
        {
            "partner_type": groups,
            "name": [framework.partner_name(g) for g in groups],
            "people": [decision.people[g] for g in groups],
            "hidden": False,
        }
    )
    table[factor_ids] = medians.reindex(groups).to_numpy(dtype=float)
    if decision.hidden_people:
        hidden = {"partner_type": None, "name": HIDDEN_LABEL, "people": decision.hidden_people, "hidden": True}
        table = pd.concat([table, pd.DataFrame([hidden | dict.fromkeys(factor_ids, np.nan)])], ignore_index=True)
    return table[columns].astype({"people": int, "hidden": bool})


def partner_breakdown_missing(partners: pd.DataFrame, framework: Framework) -> str | None:
    """Why partner_table has nothing to compare by partner type, in words for the dashboard; None when it
    has. Either every partner type has fewer than suppression_k people and together they are the whole
    room, combined into Other partner (disclosure.decide); or no median can be shown at all, every
    group being hidden or withheld so that no one's answers can be worked out."""
    factor_ids = [f.id for f in framework.factors]
    shown = partners[~partners["hidden"].astype(bool)]
    scored = shown[shown[factor_ids].notna().any(axis=1)]
    k = framework.suppression_k
    room = "The room's scores are on the Success factors tab."
    if (scored["partner_type"] != OTHER).any():
        return None
    if len(scored) and len(shown) == len(partners):
        people = int(scored["people"].sum())
        return (
            f"No partner type has {k} or more people in this round, so all {people} are combined into "
            f"{framework.partner_name(OTHER)}: that is the whole room, so there is nothing to compare by "
            f"partner type. {room}"
        )
    if len(scored):
        return None
    return (
        f"No scores can be shown by partner type in this round: every partner type has fewer than {k} people, "
        f"or showing one would let the answers of fewer than {k} people be worked out from the room's. {room}"
    )


def answer_shares(items: pd.DataFrame) -> pd.Series:
    """The share of all continuum answers (every component and priority area) at each stage 1-6."""
    if items.empty:
        return pd.Series(0.0, index=range(1, 7), name="share")
    counts = items[STAGE_COLUMNS].astype(float).fillna(0).mul(items["n"].astype(float), axis=0).sum()
    total = counts.sum()
    shares = counts / total if total else counts * 0
    return pd.Series(shares.to_numpy(), index=range(1, 7), name="share")


def strengths_and_gaps_sentences(result: RoundResult) -> tuple[str, str]:
    """Two plain sentences naming the top and bottom factors (scoring.strengths_and_gaps) with their
    scores, each saying whether it is the agreed score or the median."""
    strengths, gaps = strengths_and_gaps(result)
    rows = result.factors.set_index("name")

    def listing(names: list[str]) -> str:
        parts = [
            f"{name} ({_score_words(rows.loc[name])} {score_text(rows.loc[name, 'score'])} of 4)" for name in names
        ]
        return " and ".join(parts)

    if not strengths:
        return "No factor has a score yet, so there are no strengths to name.", ""
    strong = f"Strongest: {listing(strengths)}."
    weak = f"Weakest: {listing(gaps)}." if gaps else "Too few factors are scored to name the weakest."
    return strong, weak


def stage_shares(items: pd.DataFrame, kind: str) -> pd.DataFrame:
    """Components or priority areas (kind) x stages 1-6: the share of answers at each stage, with the
    item's name and n; items in the order they come."""
    if items.empty or kind not in items.index.get_level_values("kind"):
        return pd.DataFrame(columns=["name", "n", *range(1, 7)])
    rows = items.xs(kind, level="kind")
    table = rows[STAGE_COLUMNS].astype(float).fillna(0.0)
    table.columns = list(range(1, 7))
    table.insert(0, "n", rows["n"].astype(int))
    table.insert(0, "name", rows["name"])
    return table


def spread_table(result: RoundResult) -> pd.DataFrame:
    """Per factor, in framework order: name, median, q1, q3, iqr, outside_share, n and agreement."""
    columns = ["name", "median", "q1", "q3", "iqr", "outside_share", "n", "agreement"]
    return result.factors[columns].copy()


def split_factor_ids(result: RoundResult) -> list[str]:
    """The ids of the factors the room is split on, in framework order."""
    return result.factors.index[result.factors["agreement"] == "split"].tolist()


def split_factors(result: RoundResult) -> list[str]:
    """The names of the factors the room is split on."""
    return result.factors.loc[split_factor_ids(result), "name"].tolist()


def agreed_factors(result: RoundResult) -> tuple[int, int]:
    """(factors the room agreed a score for, factors in the framework)."""
    return int(result.factors["consensus"].notna().sum()), len(result.factors)


def agreed_sentence(result: RoundResult) -> str:
    """How many factor scores the room has agreed, in a sentence for a headline."""
    agreed, total = agreed_factors(result)
    if agreed == total:
        return f"The room agreed a score for all {total} factors."
    if agreed == 0:
        return f"The room has not agreed a score for any of the {total} factors yet."
    return f"The room has agreed {agreed} of the {total} factor scores so far."


def _score_words(row: pd.Series) -> str:
    """'agreed' or 'median': where a factor's score comes from."""
    return "agreed" if row["score_source"] == AGREED else "median"


# -- the tables under the dashboard's charts, with the headings people read -----------------------------

SCORE_CAPTION = SCORE_RULE + " The 'From' column says which."


def factor_table(result: RoundResult, bench: pd.DataFrame) -> pd.DataFrame:
    """The success factors as the dashboard lists them: the score used and where it comes from, the
    median and agreed score beside it, the spread, the previous round and the benchmark (bench:
    results.area.benchmark of the round)."""
    factors = result.factors
    # Which answers the scores use, only once the room has re-scored a factor after discussion.
    rescored = bool((factors["pass"] > FIRST_PASS).any())
    passes = {"Answers used": factors["pass"].map(pass_words)} if rescored else {}
    uncertain = {"Uncertain": factors["uncertain"].map({True: "Uncertain", False: ""})} if rescored else {}
    return pd.DataFrame(
        {
            "Factor": factors["name"],
            "Score": factors["score"],
            "From": factors["score_source"],
            **passes,
            **uncertain,
            "Median": factors["median"],
            "Agreed": factors["consensus"],
            "Spread of the middle half": factors["iqr"],
            "People scored": factors["n"],
            "Don't know": factors["dont_know"],
            "Previous round": bench["previous"],
            "Change": bench["change"],
            "Other areas: lower quartile": bench["peer_q1"],
            "Other areas: median": bench["peer_median"],
            "Other areas: upper quartile": bench["peer_q3"],
            "Percentile among other areas": bench["percentile"],
        }
    )


def strip_table(framework: Framework, shares: pd.Series, markers: list) -> pd.DataFrame:
    """The continuum strip's numbers: the share of answers at each stage, then each marker's stage
    (markers: charts.dashboard.strip_markers)."""
    return pd.DataFrame(
        {
            "Line": ["Share of answers"] * 6 + [m.row for m in markers],
            "Stage": [f"{s.number} {s.name}" for s in framework.stages] + [m.label for m in markers],
            "Value": [percent_text(v) for v in shares] + [stage_text(m.stage) for m in markers],
        }
    )


def partner_display(partners: pd.DataFrame, framework: Framework) -> pd.DataFrame:
    """partner_table with the headings people read."""
    names = {f.id: f.short_name for f in framework.factors}
    return partners.drop(columns=["partner_type", "hidden"]).rename(
        columns={"name": "Partner type", "people": "People"} | names
    )


def trend_display(trend: pd.DataFrame, framework: Framework) -> pd.DataFrame:
    """results.area.trend with the headings people read."""
    names = {f.id: f.short_name for f in framework.factors}
    return trend.drop(columns=["round_id"]).rename(
        columns={"held_on": "Round held on", "status": "Status", "position": "Continuum position"} | names
    )


def spread_display(spread: pd.DataFrame) -> pd.DataFrame:
    """spread_table with the headings people read."""
    return spread.rename(
        columns={
            "name": "Factor",
            "median": "Median",
            "q1": "Lower quartile",
            "q3": "Upper quartile",
            "iqr": "Spread (middle half)",
            "outside_share": "Share over a level away",
            "agreement": "Agreement",
        }
    )


def whole_percent(shares: pd.Series) -> pd.Series:
    """Shares 0-1 as whole-number percentages (60 for 0.6, halves up as rounding.half_up), missing kept
    missing."""
    return (shares.astype(float) * 100).map(lambda points: half_up(points, 0)).astype(float).astype("Int64")


def passes_display(result: RoundResult) -> pd.DataFrame:
    """Each re-scored factor's passes (passes.passes_side_by_side, as the workbook's Re-scoring sheet)
    as the dashboard lists them, one row per factor and pass, a factor's passes one under another:
    Factor, Pass ('first answers', 'second pass' ...), Median, People scored, At the median and Within
    one level (whole percentages) and Room ('Split' or ''). Empty when no factor was re-scored."""
    wide = passes_side_by_side(result.factors, result.passes)
    long = wide.stack("pass", future_stack=True).dropna(subset=["n"])
    factor_ids = long.index.get_level_values("factor_id")
    return pd.DataFrame(
        {
            "Factor": result.factors.loc[factor_ids, "name"].to_numpy(),
            "Pass": [pass_words(number) for number in long.index.get_level_values("pass")],
            "Median": long["median"].astype(float).round(1).to_numpy(),
            "People scored": long["n"].astype(int).to_numpy(),
            "At the median": whole_percent(long["at_median"]).to_numpy(),
            "Within one level": whole_percent(long["within_one"]).to_numpy(),
            "Room": long["split"].map({True: "Split", False: ""}).to_numpy(),
        }
    )
